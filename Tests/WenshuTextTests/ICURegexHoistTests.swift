import Foundation
import XCTest
@testable import WenshuText

/// A pattern that begins with a bounded repetition of a class (`[\u4e00-\u9fa5]{0,8}(范文|文库)网`)
/// is searched from its rest (`LeadingRepetition`, `wenshu_regex_find_all_hoisted`): the matches
/// must be exactly those of searching the whole pattern.
final class ICURegexHoistTests: XCTestCase {
    func testShapesThatAreHoisted() {
        XCTAssertEqual(LeadingRepetition(pattern: "[a-z]{0,8}(网|站)"), LeadingRepetition(rest: "(网|站)", minimum: 0, maximum: 8))
        XCTAssertEqual(LeadingRepetition(pattern: "[^。]{2,4}?网"), LeadingRepetition(rest: "网", minimum: 2, maximum: 4))
        XCTAssertEqual(LeadingRepetition(pattern: "[\\]a]?b"), LeadingRepetition(rest: "b", minimum: 0, maximum: 1))
        XCTAssertEqual(LeadingRepetition(pattern: "[[a-z]&&[^q]]{3}x(y|z)"), LeadingRepetition(rest: "x(y|z)", minimum: 3, maximum: 3))
        XCTAssertEqual(LeadingRepetition(pattern: "[|]{0,2}x"), LeadingRepetition(rest: "x", minimum: 0, maximum: 2))
    }

    func testShapesThatAreSearchedWhole() {
        for p in ["网[a-z]{0,8}", "[a-z]{0,8}网|站", "[a-z]*网", "[a-z]+网", "[a-z]{0,65}网", "[a-z]{0,}网",
                  "[a-z]{3,1}网", "[a-z]{0,8}", "[a-z]{0,8}{2}网", "(?i)[a-z]{0,8}网", "[]a]{0,2}b", "[a-z"] {
            XCTAssertNil(LeadingRepetition(pattern: p), p)
        }
    }

    /// Random text over an alphabet that makes the patterns match often — Han characters of the
    /// patterns, letters, a character beyond the BMP, punctuation and spaces — searched with both
    /// ICU paths and with NSRegularExpression (ICU inside Foundation).
    func testHoistedSearchFindsWhatTheWholePatternFinds() throws {
        var patterns = [
            "[\\u4e00-\\u9fa5A-Za-z0-9]{0,8}(范文|文库|文)(网|站|网站)(?![\\u4e00-\\u9fa5]{0,1}(建设|页))",
            "[a-z文]{2,4}(网|站)",
            "[a-z文]{0,3}?(网|站)",
            "[a-z文]{0,3}+(网|站)",
            "[^。 ]{1,5}(?<=文)网",
            "[𠀋a]{0,2}网$",
            "[a网]?网",
            "[\\u4e00-\\u9fa5]{0,2}\\b",
        ]
        // The shipped junk patterns of this shape: the one that made the search slow is among them.
        let junk = try String(contentsOf: TestSupport.repoRoot.appendingPathComponent("dictionaries/patterns/junk.txt"), encoding: .utf8)
        let shipped = junk.split(separator: "\n").map { String($0.split(separator: "\t").first ?? "") }
            .filter { !$0.hasPrefix("#") && LeadingRepetition(pattern: $0) != nil }
        XCTAssertFalse(shipped.isEmpty, "junk.txt has a pattern with a leading repetition")
        patterns += shipped
        for p in patterns { XCTAssertNotNil(LeadingRepetition(pattern: p), p) }

        let alphabet: [String] = ["范", "文", "网", "站", "建", "设", "页", "库", "a", "b", "Z", "7", "𠀋", "。", " ", "x", "总", "结"]
        var state: UInt64 = 0x5EED
        func next() -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int(truncatingIfNeeded: state >> 33)
        }
        let set = try ICURegexSet(patterns: patterns)
        let plain = try patterns.map { try NSRegularExpression(pattern: $0) }
        var compared = 0
        for round in 0..<300 {
            let length = round < 290 ? next() % 60 : 5_000
            let text = (0..<length).map { _ in alphabet[next() % alphabet.count] }.joined()
            let units = Array(text.utf16)
            let got = set.matches(in: units)
            for (k, re) in plain.enumerated() {
                let expected = re.matches(in: text, range: NSRange(location: 0, length: units.count))
                    .filter { $0.range.length > 0 }.map { $0.range.location..<($0.range.location + $0.range.length) }
                XCTAssertEqual(got[k], expected, "pattern \(patterns[k]) on \(text)")
                compared += expected.count
            }
        }
        XCTAssertGreaterThan(compared, 1_000, "the texts exercise the patterns")
    }
}
