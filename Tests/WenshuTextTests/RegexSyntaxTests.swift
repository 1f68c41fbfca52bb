import Foundation
import XCTest
@testable import WenshuText

/// The hand-written readings of a pattern read its character classes as ICU does
/// (`RegexSyntax.setEnd`): a `]` right after `[` or `[^`, in a nested class too, is a member.
/// The `patterns` fuzz target found `[\0[]]{4}]` — one set to ICU, holding `{`, `4` and `}` —
/// read as a class repeated four times before `]`, so the search from `]` found nothing where
/// ICU finds the NUL.
final class RegexSyntaxTests: XCTestCase {
    func testSetEndAsICUReadsIt() {
        func end(_ s: String) -> Int? { RegexSyntax.setEnd(Array(s.unicodeScalars), from: 0) }
        XCTAssertEqual(end("[a-z]x"), 5)
        XCTAssertEqual(end("[]a]x"), 4)
        XCTAssertEqual(end("[^]a]x"), 5)
        XCTAssertEqual(end("[\u{0}[]]{4}]"), 9)   // the whole pattern
        XCTAssertEqual(end("[k[^]m]]x"), 8)
        XCTAssertEqual(end("[[a-z]&&[^q]]{3}"), 13)
        XCTAssertEqual(end("[\\]a]b"), 5)
        XCTAssertEqual(end("[[\\Q]\u{0}\\E]{6}]x"), 13)   // \Q…\E quotes the ] (session 11's fuzz finding)
        XCTAssertEqual(end("[\\Qa]b\\E]x"), 9)
        XCTAssertNil(end("[\\Q]"), "\\Q without \\E quotes to the end")
        XCTAssertNil(end("[a[]"))
        XCTAssertNil(end("[a"))
    }

    func testHoistingAndFirstCharactersReadNestedClassesAsICU() {
        XCTAssertNil(LeadingRepetition(pattern: "[\u{0}[]]{4}]"), "one set, no repetition after it")
        XCTAssertEqual(LeadingRepetition(pattern: "[a[^]b]]{2}c"), LeadingRepetition(rest: "c", minimum: 2, maximum: 2))
        XCTAssertNil(LeadingRepetition(pattern: "[a[]|]]{0,2}x|y"), "the | after the class is an alternative")
        XCTAssertEqual(LeadingRepetition(pattern: "[a[]|]]{0,2}x"), LeadingRepetition(rest: "x", minimum: 0, maximum: 2))
        XCTAssertEqual(FirstCharacters(pattern: "[a[]b]c]z")?.classes, ["[a[]b]c]"])
    }

    /// The search (first characters, hoisting) finds exactly what ICU's plain search finds.
    func testSearchFindsWhatICUFinds() throws {
        let patterns = ["[\u{0}[]]{4}]", "[[\\Q]\u{0}\\E]{6}]", "[\\Q]a\\E]{2}b", "[a[^]b]]{2}c", "[a[]|]]{0,2}x", "[k[]]文]{1,3}网", "[]a]{0,2}b"]
        let texts = ["\u{0}", "]", "]]b", "a]b{6}", "{4}]", "ab]c", "xyz]]c", "a|x", "]]x", "k文]网", "网", "]]b", "文]{4}\u{0}网c"]
        let set = try ICURegexSet(patterns: patterns)
        let plain = try patterns.map { try NSRegularExpression(pattern: $0) }
        for text in texts {
            let got = set.matches(in: Array(text.utf16))
            for (k, re) in plain.enumerated() {
                let want = re.matches(in: text, range: NSRange(location: 0, length: (text as NSString).length)).map { $0.range.location..<($0.range.location + $0.range.length) }
                XCTAssertEqual(got[k], want, "\(patterns[k]) on \(text.debugDescription)")
            }
        }
    }
}
