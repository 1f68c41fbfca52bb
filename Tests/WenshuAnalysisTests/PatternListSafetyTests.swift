import XCTest
@testable import WenshuAnalysis
import WenshuTestSupport
import WenshuText

/// The paragraph libFuzzer found that a shipped junk pattern backtracked on without end, and the
/// possessive form it was rewritten in, which `PatternSafety` accepts in users' files.
final class PatternListSafetyTests: XCTestCase {
    func testPossessiveRepetitionOfAGroupIsAccepted() {
        XCTAssertNotNil(PatternSafety.problem("^(a|aa)+$"))
        XCTAssertNil(PatternSafety.problem("^(a|aa)++$"))
        XCTAssertNil(PatternSafety.problem(#"^(?:[^。>]{0,30}+(?:>>?|›)){2,}+$"#))
    }

    func testARunOfSeparatorsIsReadOnceAndBreadcrumbsAreStillFound() throws {
        // A paragraph with 25 '>' in a row: the breadcrumb pattern tried every split of the run.
        let text = "2.参" + String(repeating: ">", count: 25) + "议政成效不断提高,一是创新履职平台建设,成立首批x个委员工作室。\n\n当前位置：首页 > 工作总结 > 政协 >\n"
        let page = try Analyzer(dictionaries: TestPaths.dictionaries).analyze(InputReader.read(text: text, file: "run.txt"))
        let junk = (page.pageFindings + page.documents.flatMap(\.findings)).filter { $0.kind == "scrape-junk" }
        XCTAssertTrue(junk.contains { $0.line == 3 }, "\(junk.map { ($0.line, $0.text) })")
        XCTAssertFalse(junk.contains { $0.line == 1 && $0.text.hasPrefix(">") }, "\(junk.map { ($0.line, $0.text) })")
    }
}
