import Foundation
import XCTest
@testable import WenshuAnalysis
@testable import WenshuText

/// The copy check's result kept in the model (`AnalyzedDocument.copy`): computed once, and what
/// the reports read — the findings, the JSON `copy` object and the HTML report agree with it, and
/// the HTML report shows the sources' text without reading their files again.
final class CopyResultTests: XCTestCase {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let seed = root.appendingPathComponent("Corpus/seed/zhengxie-zongjie-5pian.txt")
    static let govreports = root.appendingPathComponent("../shared/corpus/govreports").standardized
    static let dictionaries = Dictionaries(root: root.appendingPathComponent("dictionaries"))

    /// A draft of 第二篇's opening of the seed, then two sections of its own.
    func seedDraft() throws -> URL {
        let lines = try InputReader.read(Self.seed).text.components(separatedBy: "\n")
        let draft = lines[16..<31].joined(separator: "\n") + "\n二、存在问题\n调研不够深入，走访的村组不多，听到的意见还不够全面。\n三、下一步打算\n加强学习，每季度到基层走一次，把委员的意见带回来。\n"
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("wenshu-copy-draft-\(UUID().uuidString).txt")
        try draft.write(to: url, atomically: true, encoding: .utf8)
        return url
    }

    /// Characters that count in a copy ratio (Han, letters, digits) of `paragraphs`, and of them
    /// those with an original offset inside one of `ranges`.
    func count(_ paragraphs: [Paragraph], _ text: NormalizedText, inside ranges: [TextRange], within: TextRange? = nil) -> (all: Int, inside: Int) {
        var all = 0, inside = 0
        for p in paragraphs {
            for (i, v) in p.scalars.enumerated() {
                let c = CharacterClass.of(v)
                guard c == .han || c == .latin || c == .digit else { continue }
                if let within, !within.contains(p.range.start + i) { continue }
                all += 1
                let o = Int(text.originalStart[p.range.start + i])
                if ranges.contains(where: { $0.contains(o) }) { inside += 1 }
            }
        }
        return (all, inside)
    }

    /// Checks one analysed document's copy result against its findings and the texts themselves.
    func assertConsistent(_ d: AnalyzedDocument, _ page: PageAnalysis, sourceText: (String) throws -> SourceText,
                          file: StaticString = #filePath, line: UInt = #line) throws {
        let copy = try XCTUnwrap(d.copy, "a copy check ran", file: file, line: line)
        let findings = d.findings.filter(FindingKind.copiedText.matches)
        // One finding per passage, at the passage's range, naming its source.
        XCTAssertEqual(findings.map(\.range), copy.passages.map(\.range), file: file, line: line)
        XCTAssertEqual(findings.compactMap(\.source?.file), copy.passages.map(\.source.file), file: file, line: line)
        XCTAssertEqual(findings.compactMap(\.source?.range), copy.passages.map(\.source.range), file: file, line: line)
        // The ratio: characters of the body inside the passages over all of them, counted here
        // from the passages' ranges.
        let counted = count(d.paragraphs, page.text, inside: copy.passages.map(\.range))
        XCTAssertEqual(copy.characters, counted.all, file: file, line: line)
        XCTAssertEqual(copy.copiedCharacters, counted.inside, file: file, line: line)
        // The ratio the findings state is the model's.
        for f in findings {
            let percent = String(format: "%.0f%%", copy.ratio * 100)
            XCTAssertTrue(f.message.contains("copy ratio is \(percent)"), "\(f.message) vs \(percent)", file: file, line: line)
        }
        // Each excerpt is the source file's text at the source range.
        for p in copy.passages {
            XCTAssertEqual(p.source.excerpt, try sourceText(p.source.file).text(in: p.source.range), file: file, line: line)
            XCTAssertGreaterThanOrEqual(p.characters, 13, file: file, line: line)
        }
        // One section per top-level heading, each counted over its own characters.
        XCTAssertEqual(copy.sections.map(\.title), d.outline.roots.map { $0.marker.text + $0.title }, file: file, line: line)
        for s in copy.sections {
            let c = count(d.paragraphs, page.text, inside: copy.passages.map(\.range), within: s.normalized)
            XCTAssertEqual(s.characters, c.all, s.title, file: file, line: line)
            XCTAssertEqual(s.copiedCharacters, c.inside, s.title, file: file, line: line)
        }
    }

    func testTheSeedDraftCarriesItsCopyResult() throws {
        let url = try seedDraft()
        defer { try? FileManager.default.removeItem(at: url) }
        let page = try Analyzer(dictionaries: Self.dictionaries, templates: [Self.seed]).analyze(InputReader.read(url))
        XCTAssertEqual(page.documents.count, 1)
        let d = page.documents[0]
        let seedText = SourceText(try InputReader.read(Self.seed).text)
        try assertConsistent(d, page, sourceText: { XCTAssertEqual($0, Self.seed.path); return seedText })
        let copy = try XCTUnwrap(d.copy)
        XCTAssertFalse(copy.passages.isEmpty)
        XCTAssertGreaterThan(copy.ratio, 0.5, "most of the draft is the seed's 第二篇")
        XCTAssertLessThan(copy.ratio, 1, "the draft's own sections are not copied")
        XCTAssertEqual(copy.passages.first?.source.title, "政协工作总结和工作计划【第二篇】")
        // What the drafter wrote is in no passage; the copied opening is.
        let source = page.text.source
        for own in ["调研不够深入", "每季度到基层走一次"] {
            let at = try XCTUnwrap(source.text(in: TextRange(start: 0, end: source.count)).range(of: own))
            let start = source.text(in: TextRange(start: 0, end: source.count))[..<at.lowerBound].unicodeScalars.count
            XCTAssertFalse(copy.passages.contains { $0.range.contains(start) }, own)
        }
        XCTAssertFalse(copy.sections.isEmpty)
        XCTAssertTrue(copy.sections.contains { $0.ratio > 0.8 }, copy.sections.map { "\($0.title) \($0.ratio)" }.joined(separator: " | "))
        XCTAssertEqual(CopyResult.ratio(of: [copy]), copy.ratio)
    }

    func testWithoutALibraryThereIsNoCopyResult() throws {
        let page = try Analyzer(dictionaries: Self.dictionaries).analyze(InputReader.read(Self.seed))
        XCTAssertFalse(page.documents.isEmpty)
        XCTAssertTrue(page.documents.allSatisfy { $0.copy == nil })
        XCTAssertTrue(page.documents.allSatisfy { $0.findings.contains(where: FindingKind.copyNotChecked.matches) })
        let json = try JSONReport.encode(JSONReport.page(page))
        XCTAssertFalse(json.contains("\"copy\""), "no copy object when no copy check ran")
        XCTAssertTrue(json.contains("\"version\" : \(JSONReport.version)"))
    }

    func testAGovernmentReportAgainstThePreviousYear() throws {
        guard FileManager.default.fileExists(atPath: Self.govreports.path) else {
            throw XCTSkip("../shared/corpus/govreports not found; this test needs the State Council reports")
        }
        let draft = Self.govreports.appendingPathComponent("2016.txt"), earlier = Self.govreports.appendingPathComponent("2015.txt")
        let page = try Analyzer(dictionaries: Self.dictionaries, templates: [earlier]).analyze(InputReader.read(draft))
        let earlierText = SourceText(try InputReader.read(earlier).text)
        for d in page.documents { try assertConsistent(d, page, sourceText: { XCTAssertEqual($0, earlier.path); return earlierText }) }
        let copy = try XCTUnwrap(page.documents.first?.copy)
        XCTAssertFalse(copy.passages.isEmpty, "a year's report repeats passages of the year before")
        XCTAssertLessThan(copy.ratio, 0.5, "but is no copy of it")
        XCTAssertFalse(copy.sections.isEmpty, "the report's top-level parts (一、二、…)")
        XCTAssertEqual(copy.libraryDocuments, 1)
        // The JSON's copy object is the model's, rounded.
        let json = JSONReport.page(page)
        XCTAssertEqual(json.version, 3)
        let c = try XCTUnwrap(json.documents.first?.copy)
        XCTAssertEqual(c.ratio, (copy.ratio * 1000).rounded() / 1000)
        XCTAssertEqual(c.passages.count, copy.passages.count)
        XCTAssertEqual(c.passages.map(\.source.excerpt), copy.passages.map(\.source.excerpt))
        XCTAssertEqual(c.passages.map(\.line), page.documents[0].findings.filter(FindingKind.copiedText.matches).map(\.line))
        XCTAssertEqual(c.sections.map(\.title), copy.sections.map(\.title))
    }

    func testTheHTMLReportShowsTheSourceWithoutReadingItAgain() throws {
        // The template is a copy of the seed, removed before the report is made.
        let template = FileManager.default.temporaryDirectory.appendingPathComponent("wenshu-copy-template-\(UUID().uuidString).txt")
        try FileManager.default.copyItem(at: Self.seed, to: template)
        let url = try seedDraft()
        defer { try? FileManager.default.removeItem(at: url); try? FileManager.default.removeItem(at: template) }
        let page = try Analyzer(dictionaries: Self.dictionaries, templates: [template]).analyze(InputReader.read(url))
        try FileManager.default.removeItem(at: template)
        let html = try HTMLReport.check([page])
        let copy = try XCTUnwrap(page.documents.first?.copy)
        XCTAssertFalse(copy.passages.isEmpty)
        for p in copy.passages {
            XCTAssertTrue(html.contains("<p>" + HTMLReport.esc(p.source.excerpt) + "</p>"), "source passage shown from the model")
        }
        XCTAssertTrue(html.contains(String(format: "%.1f%%", copy.ratio * 100)))
        XCTAssertFalse(html.contains("cannot be shown"))
    }
}
