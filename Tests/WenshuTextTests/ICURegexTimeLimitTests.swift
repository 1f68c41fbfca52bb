import XCTest
import WenshuText

/// A search that ICU stops (its time limit) is reported as stopped, on both paths of
/// `ICURegexSet` — searched whole, and tried only where a match can begin — and keeps what it
/// found before; the other patterns of the set are searched as usual.
final class ICURegexTimeLimitTests: XCTestCase {
    // `.(b+)+c` begins with any character: searched whole. `a(b+)+c` can begin only with a: tried
    // at each a. Both backtrack exponentially on a run of b without a c.
    let patterns = [#".(b+)+c"#, #"a(b+)+c"#, "d"]
    let text = Array(("d" + "a" + String(repeating: "b", count: 32) + "d").utf16)

    func testStoppedSearchesAreReportedOnBothPaths() throws {
        let set = try ICURegexSet(patterns: patterns, timeLimit: 1)
        XCTAssertEqual(set.searchedFromFirstCount, 2, "a(b+)+c and d are tried where they can begin")
        let found = set.search(in: text)
        XCTAssertEqual(found.stopped, [0, 1])
        XCTAssertEqual(found.ranges[2], [0..<1, 34..<35], "the linear pattern is searched whole")
        XCTAssertEqual(set.matches(in: text)[2], [0..<1, 34..<35])
        XCTAssertEqual(set.firstMatch(pattern: 0, in: text), .stopped)
        XCTAssertEqual(set.firstMatch(pattern: 1, in: text), .stopped)
        XCTAssertEqual(set.firstMatch(pattern: 2, in: text), .at(0))
        XCTAssertNil(set.firstMatchStart(pattern: 1, in: text))
    }

    func testMatchesBeforeTheStopAreKept() throws {
        // The first a…c matches at once; the search stops in the run of b after it.
        let t = Array(("abc " + "a" + String(repeating: "b", count: 32)).utf16)
        let set = try ICURegexSet(patterns: [#"a(b+)+c"#], timeLimit: 1)
        let found = set.search(in: t)
        XCTAssertEqual(found.stopped, [0])
        XCTAssertEqual(found.ranges[0], [0..<3])
    }

    func testSearchesThatEndAreNotStopped() throws {
        // The same patterns on text where they fail fast (no run of b) end within the limit.
        let set = try ICURegexSet(patterns: patterns, timeLimit: 1)
        let found = set.search(in: Array("abbc xbc d".utf16))
        XCTAssertEqual(found.stopped, [])
        XCTAssertEqual(found.ranges, [[0..<4, 5..<8], [0..<4], [9..<10]])
    }

    /// Tried only where it can begin, a pattern whose every try stays under ICU's limit can still
    /// add up (a thousand tries of half a million steps): the tries of one pattern in one text
    /// share a time budget, and the pattern is stopped when it runs out.
    func testTriesShareABudget() throws {
        let text = Array(String(repeating: "a" + String(repeating: "b", count: 300), count: 1_000).utf16)
        let patterns = [#"a.{0,999}.{0,999}Q"#, "ab"]
        let tight = try ICURegexSet(patterns: patterns, budget: (base: 10_000_000, perUnit: 0))
        XCTAssertEqual(tight.searchedFromFirstCount, 2)
        let found = tight.search(in: text)
        XCTAssertEqual(found.stopped, [0])
        XCTAssertEqual(found.ranges[1].count, 1_000, "the other pattern has its own budget")
        XCTAssertEqual(tight.firstMatch(pattern: 0, in: text), .stopped)
        // With the default budget the same search ends, finding nothing.
        let roomy = try ICURegexSet(patterns: [#"a.{0,99}.{0,99}Q"#])
        let all = roomy.search(in: text)
        XCTAssertEqual(all.stopped, [])
        XCTAssertEqual(all.ranges, [[]])
    }
}
