import Foundation
@testable import WenshuText
import WenshuTestSupport
import XCTest

/// Inputs the `normaliser+segmenter` fuzz target found: segmenting them must not trap, and the
/// tokens must cover the normalised text exactly, in order.
final class SegmenterFuzzFindingsTests: XCTestCase {
    private func assertCovers(_ text: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let normalized = try Normalizer().normalize(text)
        let tokens = try Segmenter(dictionaries: TestSupport.dictionaries()).segment(normalized)
        var at = 0
        for t in tokens {
            XCTAssertEqual(t.range.start, at, "token \(t.text) at \(t.range)", file: file, line: line)
            XCTAssertLessThan(t.range.start, t.range.end, file: file, line: line)
            at = t.range.end
        }
        XCTAssertEqual(at, normalized.count, file: file, line: line)
    }

    /// 第万 and 第一 are kept whole as numbers, and each cuts ICU's word 万〱第 (〱 is a kana
    /// repeat mark): no edge reached 第一, and reading back the best path trapped. A real line of
    /// six characters crashed `check`, `segment` and `serve`.
    func testOverlappingNumbersAndICUWordAreSegmented() throws {
        try assertCovers("第万〱第一部")
        let tokens = try Segmenter(dictionaries: TestSupport.dictionaries()).segment(try Normalizer().normalize("第万〱第一部"))
        XCTAssertEqual(tokens.map(\.text), ["第万", "〱", "第一", "部"])
    }

    func testSession11Crash() throws {
        let bytes = try XCTUnwrap(Data(base64Encoded: "1f7Qiy7//wAANeWRqKSn5IToKD88Ia6y6K8w44CH44CK5L+e5q2j5aOw5Zyo5bqGkOesrOS4gOevh+OAseesrOS4gOmDqCjkuIrnkOesrOS4gOevh/UAAAAAAAAAAAAAAAAA44Cx56ys5LgipZ3khCUoPzwhrrIrrzDjgIfjyejljLpB"))
        try assertCovers(String(decoding: bytes, as: UTF8.self))
    }
}
