import Foundation
import XCTest
@testable import WenshuAnalysis
@testable import WenshuText

/// The document prior of the spin check: one-sided reference evidence counts only once strong
/// swaps agree that the text was spun.
final class SpunDocumentPriorTests: XCTestCase {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let shared = root.appendingPathComponent("../shared").standardized
    static let dictionaries = Dictionaries(root: root.appendingPathComponent("dictionaries"))

    func read(_ path: String) throws -> SourceDocument {
        let url = Self.shared.appendingPathComponent(path)
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw XCTSkip("../shared/\(path) not found; this test needs the shared data")
        }
        return try InputReader.read(url)
    }

    func spun(_ doc: SourceDocument) throws -> [Finding] {
        try Analyzer(dictionaries: Self.dictionaries).analyze(doc).documents.flatMap(\.findings).filter { $0.kind == "spun-phrase" }
    }

    func testASpunPageHasItsWeakerSwapsFoundOnceStrongOnesAgree() throws {
        // 35.txt, a spun school 团委 summary: 科学开展观 and 队伍建立的 are strong (both sides of
        // context vouch for 发展/建设); then one-sided evidence finds more of the page's swaps.
        let found = try spun(read("wild-dev/pages/35.txt"))
        let texts = found.map(\.text)
        for expected in ["实在做好", "理解团员", "团员开展上", "进展思想"] {
            XCTAssertTrue(found.contains { f in expected.contains(f.text) || f.text.contains(expected) || overlap(f.text, expected) },
                          "\(expected) not among \(texts)")
        }
        XCTAssertGreaterThanOrEqual(found.count, 6, "\(texts)")
        XCTAssertTrue(found.allSatisfy { $0.suggestion != nil }, "every finding suggests the common form")
    }

    func overlap(_ a: String, _ b: String) -> Bool {
        // Two spans of one page that share two consecutive characters.
        let s = Array(a)
        guard s.count >= 2 else { return false }
        return (0..<(s.count - 1)).contains { b.contains(String(s[$0...($0 + 1)])) }
    }

    func testAGenuineReportRaisesNoOneSidedFlags() throws {
        // A State Council report: its few odd words never agree into a spun document, so the
        // one-sided evidence (which on its own flags genuine words) is not reported.
        let found = try spun(read("corpus/govreports/2019.txt"))
        XCTAssertEqual(found.filter { $0.message.contains("in a text that shows other word swaps") || $0.message.contains("本文已有多处") }.map(\.text), [])
        XCTAssertLessThanOrEqual(found.count, 1, "\(found.map(\.text))")
    }
}
