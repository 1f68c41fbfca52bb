import XCTest
import Foundation
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

    /// Pattern lists (junk.txt, placeholders.txt, a rule's patterns_file …) refuse the exponential
    /// shape, naming the file and line; several unbounded repetitions of disjoint classes
    /// (`\s*[0-9]+\s*页`), which are linear, stay allowed there.
    func testPatternListsRefuseExponentialPatterns() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("wenshu-patterns-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let bad = dir.appendingPathComponent("junk.txt")
        try "# junk\n共\\s*[0-9]+\\s*页\tpage count\n(网友|用户)+分享\tshared\n(\\w+\\s?)+$\tslow\n".write(to: bad, atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try PatternList.load(contentsOf: bad)) { error in
            let m = "\(error.localizedDescription)"
            XCTAssertTrue(m.contains("junk.txt:4") && m.contains("is refused") && m.contains("exponential"), m)
        }
        let good = dir.appendingPathComponent("ok.txt")
        try "共\\s*[0-9]+\\s*页\tpage count\n第\\s*[0-9]+\\s*页\\s*共\\s*[0-9]+\\s*页\tpages\n".write(to: good, atomically: true, encoding: .utf8)
        XCTAssertEqual(try PatternList.load(contentsOf: good).entries.count, 2)
    }

    /// A repeated group whose every iteration begins with a character nothing else in it matches
    /// splits a text one way only: allowed (placeholders.txt's `20xx.xx.xx`); with any overlap it
    /// is refused.
    /// A repetition bound of Int.max (`{2,9223372036854775807}`): found by the `patterns` fuzz
    /// target, `check --rules` trapped on the bound plus one. Refused with words, never a trap.
    func testRepetitionBoundAtTheLargestIntegerIsRefusedNotATrap() throws {
        XCTAssertNotNil(PatternSafety.problem("a{2,9223372036854775807}"))
        XCTAssertNotNil(PatternSafety.problem("[\u{0}»]{2,9223372036854775807}x"))
        XCTAssertNil(PatternSafety.problem("a{2,9223372036854775807}", polynomial: false))
        let yaml = "type: existence\nkind: probe\nmessage: m\npatterns: ['a{2,9223372036854775807}']\n"
        XCTAssertThrowsError(try DataRule.load(text: yaml, file: URL(fileURLWithPath: "/tmp/r.yaml"))) { e in
            let said = (e as? LocalizedError)?.errorDescription ?? "\(e)"
            XCTAssertTrue(said.contains("/tmp/r.yaml:4") && said.contains("is invalid (U_REGEX_NUMBER_TOO_BIG"), said)
        }
    }

    /// A `]` right after a nested `[` is a member, as ICU reads it: `[[]](x+)+]` is one set
    /// (holding `]`, `(`, `x`, `+`, `)`), not a class followed by an exponential group.
    func testNestedClassOpeningWithABracketIsOneSet() {
        XCTAssertTrue(ICURegexSet.compiles("[[]](x+)+]"))
        XCTAssertNil(PatternSafety.problem("[[]](x+)+]"))
        XCTAssertNil(PatternSafety.problem("[[]](x+)+]", polynomial: false))
        XCTAssertNotNil(PatternSafety.problem("[[]]](x+)+"), "after the set, the group is real")
    }

    func testSeparatedRepetitionIsAccepted() {
        XCTAssertNil(PatternSafety.problem(#"[0-9]*[xX]+(?:[.．\-－][0-9xX]+)*"#, polynomial: false))
        XCTAssertTrue(PatternSafety.separated(#"[.．\-－][0-9xX×ｘＸ*＊]+"#))
        XCTAssertTrue(PatternSafety.separated(#"\.\d+"#))
        XCTAssertFalse(PatternSafety.separated(#"[.0-9][0-9]+"#), "the separator is a digit too")
        XCTAssertFalse(PatternSafety.separated(#"-[0-9a-z-]+"#), "the hyphen is in the inner class")
        XCTAssertFalse(PatternSafety.separated(#"a+b"#), "the first item is repeated")
        XCTAssertFalse(PatternSafety.separated(#"a(b+)"#), "a group inside")
        XCTAssertTrue(PatternSafety.separated(#"网友|用户"#), "plain words, none begins another")
        XCTAssertFalse(PatternSafety.separated(#"a|aa"#), "a begins aa: aaaa splits many ways")
        XCTAssertFalse(PatternSafety.separated(#"a|a"#))
        XCTAssertFalse(PatternSafety.separated(#"a.|b"#), "not plain words")
        XCTAssertNil(PatternSafety.problem(#"(网友|用户)+分享"#, polynomial: false))
        XCTAssertNotNil(PatternSafety.problem(#"^(a|aa)+$"#, polynomial: false))
        XCTAssertNotNil(PatternSafety.problem(#"(?:[.0-9][0-9]+)*x"#, polynomial: false))
        XCTAssertNotNil(PatternSafety.problem(#"(a+)+b"#, polynomial: false))
        XCTAssertNil(PatternSafety.problem(#"\s*[0-9]+\s*页"#, polynomial: false))
        XCTAssertNotNil(PatternSafety.problem(#"\s*[0-9]+\s*页"#), "structure files keep the stricter rule")
    }
}
