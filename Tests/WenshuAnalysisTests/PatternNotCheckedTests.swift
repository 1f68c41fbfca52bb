import XCTest
@testable import WenshuAnalysis
import WenshuTestSupport
import WenshuText

/// A pattern that passes `PatternSafety` can still run past ICU's time limit on a long paragraph
/// (two bounded repetitions of a thousand, a million ways to split at every start). The search is
/// stopped; the check says the paragraph was not checked for that pattern — never reports it
/// clean, and never reports a section missing that it could not look for.
final class PatternNotCheckedTests: XCTestCase {
    static let slow = #".{0,999}.{0,999}Q"#
    /// One paragraph of about 6,000 characters of prose (no Q), under a heading.
    static let long = "工作总结\n\n一、主要成绩\n\n" + (1...600).map { "第\($0)项工作稳步推进，" }.joined() + "全年任务圆满完成。\n"

    func all(_ p: PageAnalysis) -> [Finding] { p.pageFindings + p.documents.flatMap(\.findings) }

    func testADataRuleSaysWhatItCouldNotCheck() throws {
        XCTAssertNil(PatternSafety.problem(Self.slow), "the pattern is within PatternSafety's limits")
        let yaml = """
        type: existence
        kind: probe
        severity: warning
        message: {en: "probe: {text}", zh: "探针：{text}"}
        patterns: ['\(Self.slow)']
        """
        let rule = try DataRule.load(text: yaml, file: URL(fileURLWithPath: "/tmp/probe.yaml"))
        var analyzer = try Analyzer(dictionaries: TestPaths.dictionaries)
        analyzer.rules = [rule]
        // On a short paragraph the search ends: the match is reported, nothing is "not checked".
        let short = try analyzer.analyze(SourceDocument(file: "short.txt", text: "工作总结\n\n一、主要成绩\n\n推进工作Q。\n", format: "UTF-8"))
        XCTAssertEqual(all(short).filter { $0.kind == "probe" }.map(\.text), ["推进工作Q"])
        XCTAssertTrue(all(short).filter { $0.kind == "pattern-not-checked" }.isEmpty)
        // On the long one it is stopped, and said so where the paragraph starts.
        let page = try analyzer.analyze(SourceDocument(file: "long.txt", text: Self.long, format: "UTF-8"))
        let stopped = all(page).filter { $0.kind == "pattern-not-checked" }
        XCTAssertEqual(stopped.count, 1, "\(stopped.map(\.message))")
        let f = try XCTUnwrap(stopped.first)
        XCTAssertEqual(f.severity, .warning)
        XCTAssertEqual(f.line, 5)
        XCTAssertEqual(f.column, 1)
        XCTAssertTrue(f.text.hasPrefix("第1项工作稳步推进"), f.text)
        XCTAssertLessThanOrEqual(f.text.count, 20, "the finding marks where the paragraph starts, not all of it")
        XCTAssertTrue(f.message.contains(Self.slow) && f.message.contains("probe.yaml") && f.message.contains("not checked"), f.message)
        XCTAssertEqual(page.kinds["pattern-not-checked"]?.label.en, "pattern not checked")
    }

    func testASectionWhoseCueWasStoppedIsNotCheckedNotMissing() throws {
        let yaml = """
        name: 探针总结
        kind: summary
        priority: 1
        match: ["工作总结"]
        sections:
          - name: 成绩
            required: true
            headings: [主要成绩]
            cues: ["主要成绩"]
          - name: 问题
            required: true
            headings: [存在问题]
            cues: ["\(Self.slow)"]
          - name: 打算
            required: true
            headings: [下一步]
            cues: ["下一步"]
        """
        let structure = try ReferenceStructure.load(text: yaml, file: "/tmp/probe-structure.yaml")
        var analyzer = try Analyzer(dictionaries: TestPaths.dictionaries)
        analyzer.forcedStructure = structure
        // The long paragraph opens the document, before any heading: the cues are searched in it.
        let text = "工作总结\n\n" + (1...600).map { "第\($0)项工作稳步推进，" }.joined() + "全年任务圆满完成。\n\n一、主要成绩\n\n各项工作有序开展。\n"
        let page = try analyzer.analyze(SourceDocument(file: "long.txt", text: text, format: "UTF-8"))
        let doc = try XCTUnwrap(page.documents.first)
        let status = Dictionary(uniqueKeysWithValues: doc.sections.map { ($0.name, $0.status) })
        XCTAssertEqual(status["成绩"], .present)
        XCTAssertEqual(status["问题"], .notChecked, "its cue could not be searched for")
        XCTAssertEqual(status["打算"], .missing, "its cue was searched for and is not there")
        let missing = doc.findings.filter { $0.kind == "missing-section" }.map(\.message)
        XCTAssertEqual(missing.count, 1, "\(missing)")
        XCTAssertTrue(missing.first?.contains("打算") == true, "\(missing)")
        let stopped = doc.findings.filter { $0.kind == "pattern-not-checked" }
        XCTAssertEqual(stopped.count, 1)
        let f = try XCTUnwrap(stopped.first)
        XCTAssertTrue(f.message.contains("问题") && f.message.contains(Self.slow), f.message)
        XCTAssertEqual(f.line, 3)
    }
}
