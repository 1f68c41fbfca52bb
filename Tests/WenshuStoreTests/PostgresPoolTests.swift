import Foundation
import WenshuAnalysis
@testable import WenshuStore
import WenshuText
import XCTest

/// The PostgreSQL store's connections: concurrent callers each get one of their own, up to the
/// pool's size; beyond it they wait.
final class PostgresPoolTests: XCTestCase {
    /// Holds one connection of `store` on another thread until `release` is signalled.
    func hold(_ store: PostgresCorpusStore, release: DispatchSemaphore) -> DispatchSemaphore {
        let holding = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            try? store.pool.with { _ in
                holding.signal()
                release.wait()
            }
        }
        holding.wait()
        return holding
    }

    /// Runs `stats()` on another thread; the semaphore is signalled when it answers.
    func statsInBackground(_ store: PostgresCorpusStore) -> DispatchSemaphore {
        let answered = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            _ = try? store.stats()
            answered.signal()
        }
        return answered
    }

    func testAQueryIsAnsweredWhileAnotherCallerHoldsAConnection() throws {
        let pg = try PostgresTestServer.freshURL()
        let store = try PostgresCorpusStore(url: pg, connections: 3)
        XCTAssertEqual(store.openConnections, 1, "opened as callers need them")
        let release = DispatchSemaphore(value: 0)
        _ = hold(store, release: release)
        // With one connection this would wait for the holder; here a second connection answers.
        XCTAssertEqual(statsInBackground(store).wait(timeout: .now() + 30), .success)
        XCTAssertEqual(store.openConnections, 2)
        // An organisation's view of the store shares the same connections.
        let scoped = try XCTUnwrap(try store.scoped(to: "人大") as? PostgresCorpusStore)
        XCTAssertEqual(try scoped.stats().documents, 0)
        XCTAssertEqual(store.openConnections, 2)
        release.signal()
    }

    func testCallersBeyondThePoolsSizeWait() throws {
        let pg = try PostgresTestServer.freshURL()
        let store = try PostgresCorpusStore(url: pg, connections: 1)
        let release = DispatchSemaphore(value: 0)
        _ = hold(store, release: release)
        let answered = statsInBackground(store)
        XCTAssertEqual(answered.wait(timeout: .now() + 0.5), .timedOut, "the only connection is taken")
        release.signal()
        XCTAssertEqual(answered.wait(timeout: .now() + 30), .success)
        XCTAssertEqual(store.openConnections, 1)
    }

    func testStoresScopedToOrganisationsAnswerConcurrently() throws {
        let pg = try PostgresTestServer.freshURL()
        let store = try PostgresCorpusStore(url: pg, connections: 4)
        let indexer = try CorpusIndexer(dictionaries: StoreFixtures.dictionaries, countTerms: false)
        let source = try InputReader.read(StoreFixtures.seed)
        try store.add(indexer.prepare(source), sourcePath: source.file, fileHash: CorpusIndexer.fileHash(source), kind: .template, org: "人大")
        let views = [try store.scoped(to: "人大"), try store.scoped(to: "政协")]
        let counts = Counts()
        DispatchQueue.concurrentPerform(iterations: 16) { i in
            let n = (try? views[i % 2].stats().documents) ?? -1
            counts.add(i % 2, n)
        }
        XCTAssertEqual(counts.seen[0], Set([5]))
        XCTAssertEqual(counts.seen[1], Set([0]))
        XCTAssertLessThanOrEqual(store.openConnections, 4)
    }

    final class Counts: @unchecked Sendable {
        let lock = NSLock()
        var seen: [Int: Set<Int>] = [:]
        func add(_ k: Int, _ n: Int) { lock.lock(); seen[k, default: []].insert(n); lock.unlock() }
    }
}
