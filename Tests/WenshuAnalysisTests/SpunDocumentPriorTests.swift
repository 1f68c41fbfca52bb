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
        // 35.txt, a spun school 团委 summary: 科学开展观 and 队伍建立的重 are strong (both sides of
        // context vouch for 发展/建设); then one-sided evidence finds more of the page's swaps,
        // each with the common form as suggestion.
        let found = try spun(read("wild-dev/pages/35.txt"))
        let pairs = found.map { "\($0.text)→\($0.suggestion ?? "")" }
        for (text, suggestion) in [("科学开展观", "科学发展观"), ("道德建立", "道德建设"), ("实在做好", "扎实做好")] {
            XCTAssertTrue(found.contains { $0.text == text && $0.suggestion == suggestion }, "\(text) → \(suggestion) not among \(pairs)")
        }
        // 36.txt, a spun township 妇联 summary: the table's 仔细贯彻 and the reference's 党的根本路线
        // agree, so 根本国策 and 实际状况 are reported too.
        let other = try spun(read("wild-dev/pages/36.txt"))
        for (text, suggestion) in [("根本国策", "基本国策"), ("实际状况", "实际情况")] {
            XCTAssertTrue(other.contains { $0.text == text && $0.suggestion == suggestion }, "\(text) → \(suggestion) not among \(other.map(\.text))")
        }
    }

    func testAPageWithoutAgreeingStrongSwapsGetsNoOneSidedFlags() throws {
        // 37.txt (held out while tuning): no strong swap, so none of its one-sided candidates
        // is reported — the prior needs agreement, not a single odd word.
        let found = try spun(read("wild-dev/pages/37.txt"))
        XCTAssertFalse(found.contains { $0.message.contains("in a text that shows other word swaps") }, "\(found.map(\.text))")
    }

    func testAGenuineReportRaisesNoOneSidedFlags() throws {
        // A State Council report: its few odd words never agree into a spun document, so the
        // one-sided evidence (which on its own flags genuine words) is not reported.
        let found = try spun(read("corpus/govreports/2019.txt"))
        XCTAssertEqual(found.filter { $0.message.contains("in a text that shows other word swaps") || $0.message.contains("本文已有多处") }.map(\.text), [])
        XCTAssertLessThanOrEqual(found.count, 1, "\(found.map(\.text))")
    }
}
