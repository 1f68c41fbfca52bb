import XCTest
@testable import WenshuAnalysis
import WenshuTestSupport
import WenshuText

/// A regular-expression search that only classifies a paragraph (is it page furniture? is the
/// text of no genre?) and that ICU stopped was taken as "no match" with nothing said (issue #13,
/// hostile tester session 9). Now it is a `pattern-not-checked` warning naming the pattern, its
/// file and line, at the paragraph; a keyword candidate whose placeholder search was stopped is
/// not offered. The stop is real: a pattern within `PatternSafety`'s limits that runs past ICU's
/// time limit on a paragraph of thousands of characters (as `PatternNotCheckedTests`).
final class ClassifierNotCheckedTests: XCTestCase {
    static let slow = PatternNotCheckedTests.slow
    /// One paragraph of about 6,000 characters of prose without a Q.
    static let prose = (1...600).map { "第\($0)项工作稳步推进，" }.joined() + "全年任务圆满完成。"

    /// A copy of the shipped dictionaries with `line` added to `file` (patterns/junk.txt …); the
    /// line number it got.
    func dictionaries(adding line: String, to file: String) throws -> (Dictionaries, Int) {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("wenshu-classifier-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: TestPaths.dictionaries.root, to: dir)
        addTeardownBlock { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent(file)
        var text = try String(contentsOf: url, encoding: .utf8)
        if !text.hasSuffix("\n") { text += "\n" }
        let number = text.split(separator: "\n", omittingEmptySubsequences: false).count
        try (text + line + "\n").write(to: url, atomically: true, encoding: .utf8)
        return (Dictionaries(root: dir), number)
    }

    func all(_ p: PageAnalysis) -> [Finding] { p.pageFindings + p.documents.flatMap(\.findings) }

    func testAStoppedFurniturePatternIsSaidOnceAtTheParagraph() throws {
        let (dictionaries, line) = try dictionaries(adding: "\(Self.slow)\tprobe\t探针", to: "patterns/junk.txt")
        let analyzer = try Analyzer(dictionaries: dictionaries)
        // The long paragraph stands before the title: the splitter asks whether it is the site's
        // furniture, and the junk rule searches it — one warning says both were stopped.
        let text = Self.prose + "\n\n区政协2023年工作总结\n\n一、主要工作\n\n今年以来，我们认真履行职能。\n"
        let page = try analyzer.analyze(SourceDocument(file: "long.txt", text: text, format: "UTF-8"))
        let stopped = all(page).filter { $0.kind == "pattern-not-checked" }
        XCTAssertEqual(stopped.count, 1, "\(stopped.map(\.message))")
        let f = try XCTUnwrap(stopped.first)
        XCTAssertEqual(f.severity, .warning)
        XCTAssertEqual(f.line, 1)
        XCTAssertTrue(f.message.contains(Self.slow) && f.message.contains("junk.txt:\(line)"), f.message)
        XCTAssertTrue(f.message.contains("page junk or page furniture") && f.message.contains("was decided without it"), f.message)
    }

    func testAStoppedClassificationAloneIsSaidAsFurniture() throws {
        let list = try PatternList(entries: [.init(pattern: Self.slow, fields: ["probe"], line: 7)], file: "/tmp/junk.txt")
        let text = try Normalizer(options: .documents).normalize("一段文字")
        let p = try XCTUnwrap(ParagraphSplitter.paragraphs(of: text).first)
        let factory = FindingFactory(text: text, language: .en)
        let notes = JunkRule.notChecked(stopped: [], classificationStopped: list.entries, in: p, patterns: list, factory: factory)
        XCTAssertEqual(notes.count, 1)
        XCTAssertTrue(notes.first?.message.hasPrefix("not checked for page furniture: the pattern \(Self.slow) (junk.txt:7)") == true, notes.first?.message ?? "")
    }

    func testAStoppedNotAGenrePatternIsSaidAtTheOpening() throws {
        let (dictionaries, line) = try dictionaries(adding: "\(Self.slow)\topening\ta probe\t探针", to: "patterns/not-a-genre.txt")
        let analyzer = try Analyzer(dictionaries: dictionaries)
        // No title: the opening (the long first paragraph) is searched for the vetoes.
        let text = Self.prose + "\n\n一、主要工作\n\n今年以来，我们认真履行职能。\n\n二、存在问题\n\n调研不够深入。\n"
        let page = try analyzer.analyze(SourceDocument(file: "long.txt", text: text, format: "UTF-8"))
        let stopped = all(page).filter { $0.kind == "pattern-not-checked" && $0.message.contains("not-a-genre.txt") }
        XCTAssertEqual(stopped.count, 1, "\(all(page).map(\.message))")
        let f = try XCTUnwrap(stopped.first)
        XCTAssertEqual(f.line, 1)
        XCTAssertTrue(f.message.contains(Self.slow) && f.message.contains("not-a-genre.txt:\(line)") && f.message.contains("a probe"), f.message)
        XCTAssertTrue(f.message.contains("not ruled out as none of the genres"), f.message)
    }

    func testAKeywordWhosePlaceholderSearchWasStoppedIsNotOffered() throws {
        let filter = try KeywordFilter.load(dictionaries: TestPaths.dictionaries, partsOfSpeech: false)
        let term = "a" + String(Self.prose.filter { $0 != "，" && $0 != "。" && !$0.isNumber }.prefix(3000))
        XCTAssertTrue(filter.acceptsWord(term), "without the slow pattern the word passes the filter")
        let slow = try PatternList(entries: (filter.placeholders?.entries ?? []) + [.init(pattern: Self.slow, fields: [], line: 1)], file: "probe.txt")
        let probed = KeywordFilter(stopWords: filter.stopWords, policyVerbs: filter.policyVerbs, numeralCharacters: filter.numeralCharacters,
                                   placeholders: slow, complements: filter.complements)
        XCTAssertFalse(probed.acceptsWord(term), "a word the placeholder patterns could not be checked on is not a keyword")
        XCTAssertTrue(probed.acceptsWord("aB计划"), "short words are checked and pass")
    }
}
