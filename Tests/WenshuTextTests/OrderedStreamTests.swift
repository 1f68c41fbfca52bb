import Foundation
import XCTest
import WenshuText

/// `orderedStream`: results in item order, never more than the window held at once (what keeps
/// `check` over thousands of files in bounded memory), the first error by item order rethrown.
final class OrderedStreamTests: XCTestCase {
    /// Counts the results made and not yet emitted, and the most there ever were.
    final class Held: @unchecked Sendable {
        let lock = NSLock()
        var now = 0
        var most = 0
        func made() { lock.lock(); now += 1; most = max(most, now); lock.unlock() }
        func emitted() { lock.lock(); now -= 1; lock.unlock() }
    }

    func testResultsComeInOrderAndTheWindowBoundsWhatIsHeld() throws {
        for workers in [1, 2, 4] {
            let held = Held()
            var seen: [Int] = []
            // Items of uneven cost, so that workers finish out of order.
            try orderedStream(500, workers: Array(repeating: 0, count: workers), window: 3) { _, i in
                if i % 7 == 0 { usleep(2_000) }
                held.made()
                return i * i
            } emit: { i, square in
                XCTAssertEqual(square, i * i)
                seen.append(i)
                held.emitted()
                if i % 50 == 0 { usleep(5_000) }  // a slow reader: the workers must wait for it
            }
            XCTAssertEqual(seen, Array(0..<500), "workers \(workers)")
            // The window, and the one being emitted.
            XCTAssertLessThanOrEqual(held.most, max(3, workers) + 1, "workers \(workers): results held at once")
        }
    }

    struct Failure: Error, Equatable { let item: Int }

    func testTheFirstErrorByOrderIsRethrownAndNothingAfterItIsEmitted() {
        for workers in [1, 2, 3] {
            var seen: [Int] = []
            XCTAssertThrowsError(try orderedStream(200, workers: Array(repeating: 0, count: workers)) { _, i in
                if i == 57 { usleep(20_000); throw Failure(item: i) }  // late, after later items failed
                if i > 57 && i % 2 == 0 { throw Failure(item: i) }
                return i
            } emit: { i, _ in seen.append(i) }) { error in
                XCTAssertEqual(error as? Failure, Failure(item: 57), "workers \(workers)")
            }
            XCTAssertEqual(seen, Array(0..<57), "workers \(workers)")
        }
    }

    func testAnErrorWhileEmittingStopsTheWorkers() {
        let started = Held()
        XCTAssertThrowsError(try orderedStream(10_000, workers: [0, 0], window: 4) { _, i in
            started.made()
            return i
        } emit: { i, _ in
            if i == 10 { throw Failure(item: i) }
        }) { error in XCTAssertEqual(error as? Failure, Failure(item: 10)) }
        XCTAssertLessThanOrEqual(started.now, 10 + 1 + 4, "no item far past the failed emit was started")
    }
}
