import Foundation
import XCTest

@testable import WenshuServer

/// The multipart delimiter search is linear in the body whatever the boundary (issue #13: a
/// preamble of near-misses of a 200-byte boundary cost body × boundary comparisons).
final class MultipartSearchTests: XCTestCase {
    /// The same answers as Foundation's search, on many small random bodies over a tiny alphabet
    /// (so that partial matches and overlapping borders are common), in sub-ranges too.
    func testFindsWhatDataRangeFinds() {
        var rng = SystemRandomNumberGenerator()
        let alphabet: [UInt8] = [0x0A, 0x2D, 0x61]  // LF, '-', 'a'
        for _ in 0..<3000 {
            let needle = (0..<Int.random(in: 1...6, using: &rng)).map { _ in alphabet.randomElement(using: &rng)! }
            let hay = Data((0..<Int.random(in: 0...40, using: &rng)).map { _ in alphabet.randomElement(using: &rng)! })
            // A slice whose indices do not start at 0, as Multipart.parse's part bodies are.
            let padded = Data([0x7A, 0x7A]) + hay
            let slice = padded[2...]
            let lower = slice.startIndex + Int.random(in: 0...hay.count, using: &rng)
            let range = lower..<slice.endIndex
            XCTAssertEqual(ByteSearch(needle).firstRange(in: slice, within: range), slice.range(of: Data(needle), in: range),
                           "needle \(needle) in \(Array(hay)) from \(lower)")
        }
    }

    /// The hostile shapes: a preamble of `-…-x` near-misses of an all-dash boundary of 200
    /// bytes (the longest allowed), and parts full of LF + delimiter near-misses. The search
    /// makes at most two comparisons per byte, and the body parses to its one part.
    func testNearMissesCostAtMostTwoComparisonsPerByte() throws {
        let boundary = String(repeating: "-", count: 200)
        let delimiter = Data(("--" + boundary).utf8)
        let preamble = Data(String(repeating: String(repeating: "-", count: 201) + "x", count: 2000).utf8)
        let content = Data(String(repeating: "\n--" + String(repeating: "-", count: 199) + "x", count: 2000).utf8)
        let body = preamble + Data("\r\n".utf8) + delimiter
            + Data("\r\nContent-Disposition: form-data; name=\"text\"\r\n\r\n".utf8) + content + Data("\r\n".utf8) + delimiter + Data("--\r\n".utf8)
        var steps = 0
        let first = try XCTUnwrap(ByteSearch(delimiter).firstRange(in: body, steps: &steps))
        XCTAssertEqual(first.lowerBound, preamble.count + 2)
        XCTAssertLessThanOrEqual(steps, 2 * first.upperBound, "comparisons for the first delimiter")
        steps = 0
        let next = try XCTUnwrap(ByteSearch(Data([0x0A]) + delimiter).firstRange(in: body, within: first.upperBound..<body.endIndex, steps: &steps))
        XCTAssertEqual(next.upperBound, body.count - 4)
        XCTAssertLessThanOrEqual(steps, 2 * (next.upperBound - first.upperBound), "comparisons for the closing delimiter")
        // Foundation's search on the same preamble compares about boundary/2 bytes at each start.
        let parts = try Multipart.parse(body, boundary: boundary)
        XCTAssertEqual(parts.count, 1)
        XCTAssertEqual(parts.first?.name, "text")
        XCTAssertEqual(parts.first?.body, content)
    }
}
