import Foundation
import XCTest
@testable import WenshuAnalysis
@testable import WenshuText

/// The template-trace detectors on the 75 annotated real pages of ../shared/wild-dev, scored as
/// score.py scores `wenshu check`: the recall of every kind the detectors cover, the garbled text
/// the annotators noted, and no error on a clean page.
final class WildRecallTests: XCTestCase {
    func testRecallOnTheRealPagesOfTheDevSet() throws {
        let expected = try WildPages.expected()
        let analyzer = try Analyzer(dictionaries: WildPages.dictionaries)
        var want: [String: Int] = [:], got: [String: Int] = [:]
        var missed: [String] = []
        var garbled = (found: 0, all: 0)
        var cleanErrors: [String] = []
        for (page, e) in expected.sorted(by: { $0.key < $1.key }) {
            let result = try WildPages.findings(page, analyzer: analyzer)
            for span in e.must ?? [] {
                want[span.kind, default: 0] += 1
                if WildPages.flagged(span.text, in: result, kinds: Set(span.accept ?? [span.kind]), occurrence: span.n ?? 0) {
                    got[span.kind, default: 0] += 1
                } else {
                    missed.append("\(page) \(span.kind) \(span.text.prefix(20))")
                }
            }
            for span in e.also ?? [] where ["mojibake", "garbled-ruby", "html-entity"].contains(span.kind) {
                garbled.all += 1
                if WildPages.flagged(span.text, in: result, kinds: ["garbled-text"]) { garbled.found += 1 } else { missed.append("\(page) also \(span.text)") }
            }
            let completeness: Set<String> = ["missing-section", "empty-section", "section-order", "structure-not-checked"]
            if e.clean == true {
                cleanErrors += result.findings.filter { $0.severity == .error && !completeness.contains($0.kind) }.map { "\(page): \($0.kind) \($0.text)" }
            }
        }
        for kind in ["placeholder", "scrape-junk", "broken-text"] {
            let recall = Double(got[kind] ?? 0) / Double(max(1, want[kind] ?? 0))
            XCTAssertGreaterThanOrEqual(recall, 0.9, "\(kind): \(got[kind] ?? 0)/\(want[kind] ?? 0); missed: \(missed.filter { $0.contains(kind) })")
        }
        XCTAssertEqual(garbled.found, garbled.all, "garbled text noted by the annotators: \(missed.filter { $0.contains(" also ") })")
        XCTAssertEqual(cleanErrors, [], "errors on clean pages")
    }
}
