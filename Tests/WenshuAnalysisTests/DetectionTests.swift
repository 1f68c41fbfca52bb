import Foundation
import XCTest
@testable import WenshuAnalysis
@testable import WenshuText

final class DetectionTests: XCTestCase {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let seed = root.appendingPathComponent("Corpus/seed/zhengxie-zongjie-5pian.txt")
    static let govreports = root.appendingPathComponent("../shared/corpus/govreports").standardized
    static let dictionaries = Dictionaries(root: root.appendingPathComponent("dictionaries"))

    func seedPage() throws -> PageAnalysis {
        try Analyzer(dictionaries: Self.dictionaries).analyze(InputReader.read(Self.seed))
    }

    /// `--lang zh`: the same findings at the same places, every message and every instruction
    /// in Chinese (a message left in English would show here), replacement text unchanged.
    func testChineseMessagesForEveryFindingOfTheSeed() throws {
        let source = try InputReader.read(Self.seed)
        let templates = [Self.seed.deletingLastPathComponent()]
        let en = try Analyzer(dictionaries: Self.dictionaries, templates: templates).analyze(source)
        var analyzer = try Analyzer(dictionaries: Self.dictionaries, templates: templates)
        analyzer.language = .zh
        let zh = try analyzer.analyze(source)
        XCTAssertEqual(zh.language, .zh)
        let a = en.pageFindings + en.documents.flatMap(\.findings)
        let b = zh.pageFindings + zh.documents.flatMap(\.findings)
        XCTAssertEqual(a.map(\.kind), b.map(\.kind))
        XCTAssertEqual(a.map(\.range), b.map(\.range))
        XCTAssertGreaterThanOrEqual(Set(b.map(\.kind)).count, 9, "\(Set(b.map(\.kind)).sorted())")
        let english = try NSRegularExpression(pattern: "\\b(the|a|an|is|was|of|in|it|with|no|not|from|after|before|missing)\\b")
        for (e, z) in zip(a, b) {
            XCTAssertNotEqual(e.message, z.message, "\(z.kind) not translated: \(z.message)")
            // File names and quoted text may hold Latin letters; English words may not.
            let stripped = z.message.replacingOccurrences(of: Self.seed.path, with: "")
            XCTAssertNil(english.firstMatch(in: stripped, range: NSRange(stripped.startIndex..., in: stripped)), "\(z.kind): \(z.message)")
            if let s = z.suggestion {
                XCTAssertNil(english.firstMatch(in: s, range: NSRange(s.startIndex..., in: s)), "\(z.kind): \(s)")
            }
        }
        // Junk findings name their pattern in Chinese (junk.txt's third field).
        XCTAssertTrue(zh.pageFindings.contains { $0.message.hasPrefix("范文网站的页面残留（复制提示）") }, "\(zh.pageFindings.map(\.message))")
        let text = TextReport.check(zh)
        XCTAssertTrue(text.contains("篇文书") && text.contains("各部分：") && text.contains("错误 [missing-section]"), text)
    }

    func testPlaceholdersWithTheirRoles() throws {
        let page = try seedPage()
        let placeholders = page.documents.map { $0.findings.filter { $0.kind == "placeholder" } }
        XCTAssertTrue(placeholders[0].contains { $0.text.hasPrefix("xx") && $0.message.contains("place") }, "\(placeholders[0].map(\.text))")
        XCTAssertTrue(placeholders[1].contains { $0.text.hasPrefix("20xx") && $0.message.contains("year") }, "\(placeholders[1].map(\.text))")
        XCTAssertTrue(placeholders[4].contains { $0.text.hasPrefix("20--") }, "\(placeholders[4].map(\.text))")
        XCTAssertGreaterThan(placeholders[2].count, 10, "第三篇 is full of xx")
        XCTAssertEqual(placeholders[3].map(\.text), [], "第四篇 is a real report with its names filled in")
        for f in placeholders.joined() { XCTAssertEqual(f.text, page.text.source.text(in: f.range)) }
    }

    func testPageJunkAndWatermarksAndBrokenText() throws {
        let page = try seedPage()
        let junk = page.pageFindings.filter { $0.kind == "scrape-junk" }
        XCTAssertTrue(junk.contains { $0.text.contains("喜欢就复制下载吧") }, "\(junk.map(\.text))")
        XCTAssertTrue(junk.contains { $0.text.contains("网友") }, "\(junk.map(\.text))")
        XCTAssertTrue(junk.contains { $0.line >= 171 }, "trailing script junk: \(junk.map { ($0.line, $0.text) })")
        // In reading order, as a person goes down the page (they were grouped by pattern once).
        let positions = page.pageFindings.map { [$0.line, $0.column] }
        XCTAssertEqual(positions, positions.sorted { $0.lexicographicallyPrecedes($1) })
        for d in page.documents {
            XCTAssertEqual(d.findings.map(\.range.start), d.findings.map(\.range.start).sorted())
        }
        let all = page.documents.flatMap(\.findings)
        let watermarks = all.filter { $0.kind == "watermark" }
        XCTAssertTrue(watermarks.contains { $0.text == "." && $0.suggestion?.contains("中的纰漏") == true }, "\(watermarks.map { ($0.text, $0.suggestion) })")
        XCTAssertTrue(watermarks.contains { $0.text == "'" }, "\(watermarks.map(\.text))")
        let broken = all.filter { $0.kind == "broken-text" }
        XCTAssertTrue(broken.contains { $0.text.contains("促。 进") }, "\(broken.map(\.text))")
        XCTAssertTrue(broken.contains { $0.text == "学习。" }, "\(broken.map(\.text))")
        // 送-下乡: a character cut out and replaced by '-'.
        XCTAssertTrue(broken.contains { $0.text == "-" && $0.line == 155 && $0.message.contains("送-下乡") }, "\(broken.map { ($0.line, $0.text) })")
        XCTAssertTrue(all.contains { $0.kind == "duplicate-sentence" && $0.text.contains("学习科学发展观") })
    }

    func testTraditionalTextIsCheckedAsSimplifiedAtTheOriginalPositions() throws {
        // 第三篇's opening in Traditional characters: the spun phrases and the placeholder are found
        // all the same, quoted as written, and a page-level note says how it was read.
        let text = "2021年，xx區政協在區委頑強領導下，圍繞中心工作集智聚力，做到建言資政有重量、民主監督有質量、分散共識有力氣，各項工作取得新進展新成效。\n"
        let page = try Analyzer(dictionaries: Self.dictionaries).analyze(InputReader.read(text: text, file: "trad.txt"))
        XCTAssertEqual(page.pageFindings.map(\.kind), ["traditional-script"])
        let f = page.documents[0].findings
        XCTAssertTrue(f.contains { $0.kind == "placeholder" && $0.text == "xx" && $0.column == 7 }, "\(f.map { ($0.kind, $0.text, $0.column) })")
        let spun = f.filter { $0.kind == "spun-phrase" }
        XCTAssertTrue(spun.contains { $0.text.hasPrefix("頑強領導") && $0.column == 15 }, "\(spun.map { ($0.text, $0.column) })")
        XCTAssertTrue(spun.contains { $0.text == "分散共識" && $0.severity == .error }, "\(spun.map(\.text))")
        // Simplified text gets no such note.
        let simplified = try Analyzer(dictionaries: Self.dictionaries).analyze(InputReader.read(text: "2021年，区政协在区委坚强领导下，各项工作取得新进展。\n", file: "s.txt"))
        XCTAssertFalse(simplified.pageFindings.contains { $0.kind == "traditional-script" })
    }

    func testSpunDocumentIsFlaggedAndGenuineOnesAreNot() throws {
        let page = try seedPage()
        let spun = page.documents.map { $0.findings.filter { $0.kind == "spun-phrase" } }
        let doc3 = spun[2]
        XCTAssertTrue(doc3.contains { $0.text.hasPrefix("顽强领导") && $0.suggestion?.hasPrefix("坚强领导") == true && $0.severity == .warning }, "\(doc3.map(\.text))")
        XCTAssertTrue(doc3.contains { $0.text == "分散共识" && $0.suggestion == "凝聚共识" && $0.severity == .error }, "\(doc3.map(\.text))")
        XCTAssertGreaterThanOrEqual(Set(doc3.map(\.text)).count, 6, "\(doc3.map(\.text))")
        XCTAssertTrue(page.documents[2].findings.contains { $0.kind == "spun-document" })
        for i in [0, 1, 3, 4] {
            XCTAssertLessThanOrEqual(spun[i].count, 1, "document \(i + 1): \(spun[i].map(\.text))")
            XCTAssertFalse(page.documents[i].findings.contains { $0.kind == "spun-document" })
        }
    }

    func testCopiedDraftIsMatchedWithItsSourceAndARatio() throws {
        // 第二篇 with one character changed in every clause.
        let text = try String(contentsOf: Self.seed, encoding: .utf8)
        let a = text.range(of: "政协工作总结和工作计划【第二篇】")!.upperBound
        let b = text.range(of: "政协工作总结和工作计划【第三篇】")!.lowerBound
        var edited = ""
        for clause in text[a..<b].split(separator: ",", omittingEmptySubsequences: false) {
            var chars = Array(clause)
            if let i = chars.indices.dropFirst(3).first(where: { ("\u{4E00}"..."\u{9FFF}").contains(String(chars[$0])) }) { chars[i] = "某" }
            edited += String(chars) + ","
        }
        let library = try CopyLibrary.load([Self.seed])
        XCTAssertEqual(library.documents.count, 5)
        let analyzer = Analyzer(structures: StructureLibrary(structures: []), rules: [CopyRule(library: library)])
        let page = try analyzer.analyze(InputReader.read(text: "我局提案办理工作总结\n\n" + edited, file: "draft.txt"))
        let copied = page.documents[0].findings.filter { $0.kind == "copied-text" }
        XCTAssertFalse(copied.isEmpty)
        XCTAssertTrue(copied.allSatisfy { $0.source?.file == Self.seed.path })
        let r = library.matches(for: page.documents[0].paragraphs)
        XCTAssertGreaterThan(Double(r.copied.filter { $0 }.count) / Double(r.streamLength), 0.8)
        // The source range points at 第二篇 in the seed file.
        let src = copied[0].source!.range
        let original = SourceText(text)
        XCTAssertTrue(original.text(in: src).contains("提案"), original.text(in: src))
        // An unrelated genuine text is not copied from the seed.
        let other = try analyzer.analyze(InputReader.read(text: "今年以来，全市经济运行总体平稳，工业生产稳步增长，消费市场持续回暖，外贸进出口保持增长。", file: "other.txt"))
        XCTAssertEqual(other.documents[0].findings.filter { $0.kind == "copied-text" }.count, 0)
        XCTAssertFalse(page.documents[0].findings.contains { $0.kind == "copy-not-checked" })
        // Without a library the same draft is "not checked", never clean.
        let unchecked = try Analyzer(dictionaries: Self.dictionaries).analyze(InputReader.read(text: "我局提案办理工作总结\n\n" + edited, file: "draft.txt"))
        XCTAssertFalse(unchecked.documents[0].findings.contains { $0.kind == "copied-text" })
        XCTAssertEqual(unchecked.documents[0].findings.filter { $0.kind == "copy-not-checked" }.map(\.severity), [.info])
    }

    func testGenuineGovernmentReportsRaiseNoPlaceholderWatermarkOrSpinErrors() throws {
        guard FileManager.default.fileExists(atPath: Self.govreports.path) else {
            throw XCTSkip("../shared/corpus/govreports not found; this test needs the State Council reports")
        }
        let analyzer = try Analyzer(dictionaries: Self.dictionaries)
        var spunWarnings = 0
        for year in [1978, 1988, 1998, 2004, 2010, 2015, 2019, 2023, 2024, 2025] {
            let page = try analyzer.analyze(InputReader.read(Self.govreports.appendingPathComponent("\(year).txt")))
            let f = page.documents.flatMap(\.findings)
            XCTAssertEqual(f.filter { $0.kind == "placeholder" }.map(\.text), [], "\(year)")
            XCTAssertEqual(f.filter { $0.kind == "watermark" }.map(\.text), [], "\(year)")
            // 中国－东盟 (a full-width dash, in 2010, 2015, 2024 …) is no cut-out character.
            XCTAssertEqual(f.filter { $0.kind == "broken-text" && $0.message.hasPrefix("a character seems to be missing") }.map(\.text), [], "\(year)")
            XCTAssertEqual(f.filter { $0.kind == "spun-phrase" && $0.severity == .error }.map(\.text), [], "\(year)")
            XCTAssertFalse(f.contains { $0.kind == "spun-document" }, "\(year)")
            spunWarnings += f.filter { $0.kind == "spun-phrase" }.count
        }
        XCTAssertLessThanOrEqual(spunWarnings, 5, "spun-phrase warnings in 10 genuine reports")
    }
}
