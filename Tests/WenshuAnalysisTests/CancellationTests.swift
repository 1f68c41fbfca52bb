import Foundation
import XCTest
@testable import WenshuAnalysis
@testable import WenshuText

/// An analysis stops when its `Cancellation` is set — the server's per-request time limit relies
/// on it to stop the work rather than only stop waiting for it.
final class CancellationTests: XCTestCase {
    func analyzer(_ c: Cancellation) throws -> Analyzer {
        var a = try Analyzer(dictionaries: Dictionaries(root: CheckTests.root.appendingPathComponent("dictionaries")))
        a.cancellation = c
        return a
    }

    func testACancelledAnalysisDoesNotStart() throws {
        let c = Cancellation()
        c.cancel(reason: "stopped before it began")
        XCTAssertThrowsError(try analyzer(c).analyze(InputReader.read(CheckTests.seed))) { error in
            XCTAssertEqual(error as? AnalysisCancelled, AnalysisCancelled(reason: "stopped before it began"))
        }
    }

    /// The seed page forty times over (200 documents): set from another thread while the
    /// analysis runs, the flag stops it partway with the reason given.
    func testAnAnalysisStopsPartwayWhenCancelled() throws {
        let seed = try String(contentsOf: CheckTests.seed, encoding: .utf8)
        let big = try InputReader.read(text: String(repeating: seed + "\n\n", count: 40), file: "big.txt")
        let c = Cancellation()
        let a = try analyzer(c)
        DispatchQueue.global().asyncAfter(deadline: .now() + .milliseconds(50)) { c.cancel(reason: "time limit") }
        XCTAssertThrowsError(try a.analyze(big)) { error in
            XCTAssertEqual(error as? AnalysisCancelled, AnalysisCancelled(reason: "time limit"))
        }
        // Without the flag set the same page is analysed in full.
        let done = try analyzer(Cancellation()).analyze(InputReader.read(CheckTests.seed))
        XCTAssertEqual(done.documents.count, 5)
    }
}
