import Foundation
import XCTest
@testable import WenshuAnalysis
@testable import WenshuText

/// The thirteen reference structures on documents of their genres, and the choice of none for
/// texts of no genre (news, speeches, notices, how-to articles, lists of links).
final class GenreTests: XCTestCase {
    static let root = CheckTests.root
    static let fixtures = root.appendingPathComponent("Corpus/genres")
    static let wild = root.appendingPathComponent("../shared/wild-dev/pages").standardized
    static let completeness: Set<String> = ["missing-section", "empty-section", "section-order"]

    func analyzer(forcing name: String? = nil) throws -> Analyzer {
        let dictionaries = Dictionaries(root: Self.root.appendingPathComponent("dictionaries"))
        let forced = try name.map { n in
            try XCTUnwrap(StructureLibrary.load(directory: dictionaries.url("structures")).named(n), "no structure \(n)")
        }
        return try Analyzer(dictionaries: dictionaries, forcedStructure: forced)
    }

    /// Corpus/genres/NAME-k.txt: documents of genre NAME.
    func fixtures() throws -> [(genre: String, url: URL)] {
        try FileManager.default.contentsOfDirectory(at: Self.fixtures, includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "txt" }
            .sorted { $0.path < $1.path }
            .map { url in (String(url.deletingPathExtension().lastPathComponent.split(separator: "-").dropLast().joined(separator: "-")), url) }
    }

    func testEveryStructureHasThreeDocumentsOfItsGenreAndNoneIsFaultedFalsely() throws {
        let analyzer = try analyzer()
        let all = try fixtures()
        let names = Set(analyzer.structures.structures.map(\.name))
        XCTAssertEqual(names.count, 13, "\(names.sorted())")
        // 政府工作报告 is tested on the State Council's reports (testGovernmentReports…).
        for name in names.subtracting(["政府工作报告"]) {
            XCTAssertGreaterThanOrEqual(all.filter { $0.genre == name }.count, 3, "fixtures of \(name)")
        }
        for (genre, url) in all {
            let page = try analyzer.analyze(InputReader.read(url))
            XCTAssertEqual(page.documents.count, 1, url.lastPathComponent)
            guard let d = page.documents.first else { continue }
            XCTAssertEqual(d.structure?.name, genre, "\(url.lastPathComponent): chosen by \(String(describing: d.structureChoice))")
            XCTAssertTrue(d.sections.contains { $0.status == .present }, url.lastPathComponent)
            let false_ = d.findings.filter { Self.completeness.contains($0.kind) }.map { "\($0.line): \($0.message)" }
            XCTAssertEqual(false_, [], url.lastPathComponent)
        }
    }

    /// Removes what shows `section` — its heading's span, or, for a part known by its phrases,
    /// the paragraphs with one of them — until the checker finds it no more; returns the text left.
    func removing(_ section: String, from text: String, with analyzer: Analyzer, file: String) throws -> String {
        var text = text
        for _ in 0..<8 {
            let page = try analyzer.analyze(InputReader.read(text: text, file: file))
            guard let d = page.documents.first, let s = d.sections.first(where: { $0.name == section }),
                  s.status != .missing, s.status != .notChecked, let r = s.range else { return text }
            var cut: [TextRange] = [r]
            if s.evidence == .cue, let spec = analyzer.forcedStructure?.sections.first(where: { $0.name == section }) {
                let cues = spec.cues.compactMap { try? NSRegularExpression(pattern: $0) }
                cut = d.paragraphs.filter { p in
                    r.start <= p.range.start && p.range.end <= r.end
                        && cues.contains { $0.firstMatch(in: p.text, range: NSRange(location: 0, length: (p.text as NSString).length)) != nil }
                }.map(\.range)
            }
            var scalars = Array(text.unicodeScalars)
            for c in cut.reversed() {
                let o = page.text.originalRange(of: c)
                scalars.removeSubrange(o.start..<min(o.end, scalars.count))
            }
            text = String(String.UnicodeScalarView(scalars))
        }
        return text
    }

    func testAPlantedRemovalOfEachRequiredPartIsFound() throws {
        var sources: [(String, String, String)] = try fixtures().map { ($0.genre, try String(contentsOf: $0.url, encoding: .utf8), $0.url.lastPathComponent) }
        if FileManager.default.fileExists(atPath: CheckTests.govreports.path) {
            for year in [1959, 1988, 2005, 2025] {
                sources.append(("政府工作报告", try String(contentsOf: CheckTests.govreports.appendingPathComponent("\(year).txt"), encoding: .utf8), "\(year).txt"))
            }
        }
        var checked = Set<String>()
        var strict = 0, all = 0
        for (genre, text, file) in sources {
            let forced = try analyzer(forcing: genre)
            let structure = try XCTUnwrap(forced.forcedStructure)
            for section in structure.sections where section.required {
                let left = try removing(section.name, from: text, with: forced, file: file)
                let d = try XCTUnwrap(forced.analyze(InputReader.read(text: left, file: file)).documents.first)
                // Reported missing (an error) — or, when what showed the part also showed every
                // other one (工作要点's tasks are plain 推进/加强 paragraphs), the document is no
                // longer passed as having any part: never `present`.
                let missing = d.findings.contains { $0.kind == "missing-section" && $0.severity == .error && $0.message.contains(section.name) }
                let nothingLeft = d.sections.allSatisfy { $0.status == .notChecked }
                XCTAssertTrue(missing || nothingLeft, "\(file): \(section.name) removed, not reported: \(d.sections.map { "\($0.name) \($0.status)" })")
                if missing { strict += 1 }
                checked.insert("\(genre)/\(section.name)")
                all += 1
            }
        }
        XCTAssertGreaterThanOrEqual(checked.count, 30, "\(checked.sorted())")
        // Nearly every removal is reported as that part missing.
        XCTAssertGreaterThanOrEqual(Double(strict), 0.9 * Double(all), "\(strict) of \(all)")
        print("planted removals: \(strict) of \(all) reported missing, across \(checked.count) required parts")
    }

    func testGovernmentReportsOfEveryEraAreCheckedAsSuchOrLeftAlone() throws {
        guard FileManager.default.fileExists(atPath: CheckTests.govreports.path) else {
            throw XCTSkip("../shared/corpus/govreports not found; this test needs the State Council reports")
        }
        let analyzer = try analyzer()
        let years = try FileManager.default.contentsOfDirectory(atPath: CheckTests.govreports.path).filter { $0.hasSuffix(".txt") }.sorted()
        XCTAssertEqual(years.count, 52)
        var chosen = 0
        for file in years {
            let d = try XCTUnwrap(analyzer.analyze(InputReader.read(CheckTests.govreports.appendingPathComponent(file))).documents.first)
            // Never another genre's structure; when none, a reason.
            if let s = d.structure {
                XCTAssertEqual(s.name, "政府工作报告", file)
                chosen += 1
                XCTAssertEqual(d.findings.filter { Self.completeness.contains($0.kind) }.map(\.message), [], file)
            } else {
                XCTAssertTrue(d.findings.contains { $0.kind == "structure-not-checked" }, file)
            }
        }
        // Every report since 1992 says what it is in its opening or title; the older ones that
        // are plans (1955, 1956, 1958, 1980, 1982, 1986) or abstracts (1964) are left alone.
        XCTAssertGreaterThanOrEqual(chosen, 40)
    }

    func check(_ text: String, _ file: String = "t.txt") throws -> AnalyzedDocument {
        try XCTUnwrap(analyzer().analyze(InputReader.read(text: text, file: file)).documents.first)
    }

    func assertNoGenre(_ d: AnalyzedDocument, _ reason: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertNil(d.structure, file: file, line: line)
        XCTAssertTrue(d.sections.isEmpty, file: file, line: line)
        XCTAssertEqual(d.findings.filter { Self.completeness.contains($0.kind) }.count, 0, file: file, line: line)
        let why = d.findings.filter { $0.kind == "structure-not-checked" }
        XCTAssertEqual(why.count, 1, file: file, line: line)
        XCTAssertEqual(why.first?.severity, .info, file: file, line: line)
        XCTAssertTrue(why.first?.message.contains(reason) ?? false, "\(why.first?.message ?? "")", file: file, line: line)
    }

    func testTextsOfNoGenreGetNoStructureAndSayWhy() throws {
        // A news item about a summary meeting: its headline names 工作总结.
        assertNoGenre(try check("全区2023年度工作总结会议召开\n\n1月5日上午，全区2023年度工作总结会议在区行政中心召开。会议总结了一年来的工作，部署了2024年重点任务。区委书记出席会议并讲话。\n\n会议指出，过去一年全区上下取得了新的成绩，存在的问题也要正视。下一步要抓好项目建设。\n"), "news item")
        // A speech.
        assertNoGenre(try check("在全县安全生产工作会议上的讲话\n\n同志们：\n\n今天召开全县安全生产工作会议，主要任务是总结去年工作，安排部署今年任务。下面，我讲三点意见。\n\n一、认清形势，增强做好安全生产工作的责任感\n\n去年全县安全生产形势总体平稳，但还存在不少问题。\n"), "speech")
        // A notice.
        assertNoGenre(try check("关于报送2023年度工作总结的通知\n\n各乡镇、县直各单位：\n\n请于12月20日前将本单位2023年度工作总结和2024年工作计划报送县政府办公室，总结要突出重点、实事求是，存在问题要具体。\n\n联系人：张某，电话：1234567。\n"), "notice")
        // An article on how to write a summary.
        assertNoGenre(try check("工作总结怎么写\n\n工作总结是对一定时期的工作进行回顾、分析和评价的书面材料。一篇总结一般包括基本情况、主要成绩、存在问题和今后打算。\n\n写总结要实事求是，既讲成绩，也讲问题。\n"), "how to write")
        // A list of links.
        assertNoGenre(try check("工作总结范文精选\n\n2023年教育局工作总结\n\n2023年社区工作总结\n\n乡镇2023年工作总结\n\n医院2023年工作总结\n\n学校2023年工作总结\n"), "list of titles")
        // A page that only resembles a genre in its opening gets none either.
        assertNoGenre(try check("委员们认真准备提案，共提交提案639件，经审查立案588件。\n\n立案后的提案就进入了办理程序，将转交各承办部门办理。\n"), "none of its required parts")
    }

    func testWildPagesOfNoGenreAndCleanPages() throws {
        guard FileManager.default.fileExists(atPath: Self.wild.path) else {
            throw XCTSkip("../shared/wild-dev not found; this test needs the annotated real pages")
        }
        let analyzer = try analyzer()
        func documents(_ page: String) throws -> [AnalyzedDocument] {
            try analyzer.analyze(InputReader.read(Self.wild.appendingPathComponent("\(page).txt"))).documents
        }
        // Pages whose main text is of no genre: how-to articles (01, 68, 69, 72), a table of
        // contents (17), an article on 巡察 reports (51), news (54, 56, 57, 66, 73), a notice
        // printing a format (52), an emergency plan (62, 64), rules (63), a speech-report (65),
        // an abstract (74).
        for page in ["01", "17", "51", "52", "54", "56", "57", "62", "63", "64", "65", "66", "68", "69", "72", "73", "74"] {
            for d in try documents(page) {
                XCTAssertNil(d.structure, "\(page): \(d.title ?? "") as \(d.structure?.name ?? "")")
            }
        }
        // Clean pages: no completeness error or warning.
        for page in ["51", "56", "58", "59", "64"] {
            for d in try documents(page) {
                XCTAssertEqual(d.findings.filter { Self.completeness.contains($0.kind) }.map(\.message), [], page)
            }
        }
        // A 政府信息公开 report is checked as one, never as a 工作总结 (61 calls itself 工作总结报告).
        XCTAssertEqual(try documents("60").first?.structure?.name, "政府信息公开工作年度报告")
        XCTAssertEqual(try documents("61").first?.structure?.name, "政府信息公开工作年度报告")
        // A breadcrumb (首页 > 工作计划) is not a title; the document's own is (…工作总结).
        XCTAssertEqual(try documents("34").first?.structure?.name, "工作总结")
        // A long first paragraph is no title: 计划生育 in it makes no 工作计划 (59).
        XCTAssertNotEqual(try documents("59").first?.structure?.name, "工作计划")
    }

    func testAnOfficeAddsItsOwnStructureFile() throws {
        // A structure file in a folder of its own, loaded beside the bundled ones: chosen by title.
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("wenshu-genre-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let bundled = Self.root.appendingPathComponent("dictionaries/structures")
        for f in try FileManager.default.contentsOfDirectory(at: bundled, includingPropertiesForKeys: nil) {
            try FileManager.default.copyItem(at: f, to: dir.appendingPathComponent(f.lastPathComponent))
        }
        try """
        name: 应急预案
        kind: plan
        priority: 20
        source: written for this test
        match: ["应急预案"]
        sections:
          - name: 总则
            required: true
            headings: [总则]
            cues: ["编制目的"]
          - name: 应急响应
            required: true
            headings: [应急响应, 响应]
            cues: ["启动.{0,6}响应"]
        """.write(to: dir.appendingPathComponent("应急预案.yaml"), atomically: true, encoding: .utf8)
        let library = try StructureLibrary.load(directory: dir)
        XCTAssertEqual(library.structures.count, 14)
        XCTAssertEqual(library.named("应急预案")?.source, "written for this test")
        let d = try XCTUnwrap(Analyzer(structures: library).analyze(InputReader.read(
            text: "某乡防汛应急预案\n\n一、总则\n\n为做好全乡防汛突发事件防范与处置工作，保证防汛抢险、救灾工作高效有序进行，最大程度地减少人员伤亡和财产损失，保障人民群众生命财产安全，制定本预案。\n\n二、组织体系\n\n乡防汛指挥部负责全乡防汛工作，指挥部办公室设在乡应急办，负责日常工作。\n", file: "p.txt")).documents.first)
        XCTAssertEqual(d.structure?.name, "应急预案")
        XCTAssertEqual(d.sections.map(\.status), [.present, .missing])
    }
}
