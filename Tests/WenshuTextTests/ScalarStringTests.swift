import XCTest
@testable import WenshuText

/// `String(scalars:)` encodes scalar values straight to UTF-8: it must give the string that
/// appending each valid scalar to a `String.UnicodeScalarView` gives, leaving out the rest.
final class ScalarStringTests: XCTestCase {
    func testSameAsAppendingScalars() {
        var state: UInt64 = 0x5CA1A5
        func next() -> UInt32 {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return UInt32(truncatingIfNeeded: state >> 33)
        }
        // Every encoding length and its edges, surrogates and values beyond U+10FFFF.
        let edges: [UInt32] = [0, 0x41, 0x7F, 0x80, 0x7FF, 0x800, 0x4E00, 0xD7FF, 0xD800, 0xDBFF, 0xDC00, 0xDFFF, 0xE000,
                               0xFFFD, 0xFFFF, 0x10000, 0x2000B, 0x10FFFF, 0x110000, 0xFFFF_FFFF]
        var inputs: [[UInt32]] = [[], edges, edges.reversed()]
        for _ in 0..<500 {
            inputs.append((0..<Int(next() % 40)).map { _ in
                switch next() % 4 {
                case 0: return edges[Int(next() % UInt32(edges.count))]
                case 1: return 0x4E00 + next() % 0x5200
                case 2: return next() % 0x80
                default: return next() % 0x120000
                }
            })
        }
        for input in inputs {
            var expected = String.UnicodeScalarView()
            for v in input { if let u = Unicode.Scalar(v) { expected.append(u) } }
            XCTAssertEqual(String(scalars: input), String(expected), "\(input)")
            XCTAssertEqual(String(scalars: input[...]).utf8.count, String(expected).utf8.count)
        }
    }
}
