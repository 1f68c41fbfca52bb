import Foundation
import XCTest

@testable import WenshuServer

/// Analyses run on threads of their own, never Dispatch's (hostile tester, session 10): on
/// Linux Swift concurrency and OperationQueue share Dispatch's global pool, as wide as the
/// machine has processors, so as many long analyses as processors held every thread of the
/// server — `/api/health` waited 15 s for two 3 MB drafts on a 2-core machine, and the time
/// limit's timer fired only when the work ended (a 503 after 113 s instead of 60).
final class AnalysisThreadsTests: XCTestCase {
    func testBusyAnalysesLeaveSwiftConcurrencyAndDispatchFree() async throws {
        let n = max(2, ProcessInfo.processInfo.activeProcessorCount)
        let worker = AnalysisWorker(concurrent: n, maxWaiting: 64)
        let started = Date()
        // As many analyses as processors, each holding its thread for 4 s.
        let jobs = Task.detached {
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<n { group.addTask { try await worker.run { _ in Thread.sleep(forTimeInterval: 4) } } }
                try await group.waitForAll()
            }
        }
        try await Task.sleep(for: .milliseconds(300))
        // This task resumed, a new one ran, and Dispatch ran a block: all long before the analyses end.
        await Task.detached { }.value
        await withCheckedContinuation { (c: CheckedContinuation<Void, Never>) in DispatchQueue.global().async { c.resume() } }
        XCTAssertLessThan(Date().timeIntervalSince(started), 2, "the server's threads are free while analyses run")
        XCTAssertEqual(worker.inFlight, n)
        try await jobs.value
        XCTAssertEqual(worker.inFlight, 0)
    }

    func testTheTimeLimitAnswersWhileEveryAnalysisThreadIsBusy() async throws {
        let n = max(2, ProcessInfo.processInfo.activeProcessorCount)
        let worker = AnalysisWorker(concurrent: n, maxWaiting: 64)
        let started = Date()
        await withTaskGroup(of: Double.self) { group in
            for _ in 0..<n {
                group.addTask {
                    // A job that does not poll its cancellation: the caller is answered at the limit anyway.
                    _ = try? await worker.run(timeLimit: .milliseconds(500)) { _ in Thread.sleep(forTimeInterval: 4) }
                    return Date().timeIntervalSince(started)
                }
            }
            for await seconds in group { XCTAssertLessThan(seconds, 2, "answered at the time limit, not when the work ended") }
        }
        // The queue keeps its order: more work than threads waits, then runs.
        let order = OrderBox()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for k in 0..<(n + 3) { group.addTask { try await worker.run { _ in order.append(k) } } }
            try await group.waitForAll()
        }
        XCTAssertEqual(order.values.sorted(), Array(0..<(n + 3)))
    }
}

private final class OrderBox: @unchecked Sendable {
    private let lock = NSLock()
    private var list: [Int] = []
    func append(_ k: Int) { lock.lock(); list.append(k); lock.unlock() }
    var values: [Int] { lock.lock(); defer { lock.unlock() }; return list }
}
