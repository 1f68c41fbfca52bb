import Foundation
import XCTest
@testable import WenshuText

/// Golden files record checked, current segmenter output: tokens separated by two spaces (the
/// SIGHAN format of `wenshu segment`). To re-record after a deliberate change, run the tests with
/// WENSHU_UPDATE_GOLDEN=1 and check the diff by hand.
final class GoldenSegmentationTests: XCTestCase {
    static let goldenDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")

    /// The first body paragraph of the seed's 第二篇 (the seed writes its commas as ASCII ",").
    func seedDocument2Paragraph1() throws -> String {
        let lines = try DocumentReader.read(TestSupport.seedFile).text.components(separatedBy: "\n")
        let heading = try XCTUnwrap(lines.firstIndex { $0.contains("【第二篇】") }, "no 第二篇 heading in the seed")
        let paragraph = try XCTUnwrap(lines[heading...].first { !$0.trimmingCharacters(in: .whitespaces).isEmpty && !$0.contains("【第二篇】") })
        XCTAssertTrue(paragraph.hasPrefix("20xx年"), paragraph)
        XCTAssertTrue(paragraph.contains("我局共收到市政府交办的市政协提案14件"), paragraph)
        return paragraph
    }

    /// Segments like `wenshu segment`: original text of every token but spaces, two spaces apart.
    func segmentedLine(_ text: String) throws -> String {
        let n = try Normalizer().normalize(text)
        let tokens = try TestSupport.segmenter().segment(n)
        XCTAssertFalse(tokens.contains { $0.kind == .newline })
        return tokens.filter { $0.kind != .space }.map { n.source.text(in: $0.originalRange) }.joined(separator: "  ")
    }

    func check(_ actual: String, golden name: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let url = GoldenSegmentationTests.goldenDirectory.appendingPathComponent(name)
        if ProcessInfo.processInfo.environment["WENSHU_UPDATE_GOLDEN"] != nil {
            try (actual + "\n").write(to: url, atomically: true, encoding: .utf8)
            throw XCTSkip("re-recorded \(name); check it by hand")
        }
        let expected = try String(contentsOf: url, encoding: .utf8).trimmingCharacters(in: .newlines)
        let e = expected.components(separatedBy: "  "), a = actual.components(separatedBy: "  ")
        if e == a { return }
        let k = (0..<min(e.count, a.count)).first { e[$0] != a[$0] } ?? min(e.count, a.count)
        XCTFail("\(name): token \(k) differs: golden \(e[max(0, k - 3)..<min(e.count, k + 3)]) vs actual \(a[max(0, k - 3)..<min(a.count, k + 3)])", file: file, line: line)
    }

    func testSeedDocument2Paragraph1() throws {
        let paragraph = try seedDocument2Paragraph1()
        let line = try segmentedLine(paragraph)
        // The golden tokens put back together are the paragraph, without its spaces.
        XCTAssertEqual(line.replacingOccurrences(of: "  ", with: ""), paragraph.replacingOccurrences(of: " ", with: ""))
        try check(line, golden: "seed-doc2-para1.txt")
    }
}
