import Foundation
import GRDB
import XCTest
@testable import WenshuStore

/// Another process holding the store in a write transaction (an import, a program of its own):
/// reading never waits for it, and a write says it waits, then gives up with a clear error
/// naming the store (hostile tester, session 10: `corpus list` waited 44 s in silence, because
/// opening the store claimed it in a write transaction).
final class StoreBusyTests: XCTestCase {
    func store() throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("wenshu-busy-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("corpus.sqlite").path
        _ = try CorpusStore(path: path, create: true)  // made and migrated, then closed
        return path
    }

    /// A second connection that holds the store's write lock until `release` is called.
    func holdWriteLock(_ path: String) throws -> (connection: DatabaseQueue, release: () throws -> Void) {
        var configuration = Configuration()
        configuration.allowsUnsafeTransactions = true  // the transaction stays open between accesses
        let other = try DatabaseQueue(path: path, configuration: configuration)
        try other.writeWithoutTransaction { db in try db.execute(sql: "BEGIN IMMEDIATE") }
        return (other, { try other.writeWithoutTransaction { db in try db.execute(sql: "COMMIT") } })
    }

    func testReadingDoesNotWaitForAnotherWriter() throws {
        let path = try store()
        let held = try holdWriteLock(path)
        defer { try? held.release() }
        let started = Date()
        let corpus = try CorpusStore(path: path, create: false)
        XCTAssertEqual(try corpus.list(), [])
        XCTAssertEqual(try corpus.stats().documents, 0)
        XCTAssertFalse(corpus.isReadOnly, "the user may still write it")
        XCTAssertLessThan(Date().timeIntervalSince(started), 2, "opened and read while another connection holds the write lock")
    }

    func testAWriteSaysItWaitsThenGivesUpNamingTheStore() throws {
        let path = try store()
        let saved = (CorpusStore.busySeconds, CorpusStore.waitingNotice)
        defer { (CorpusStore.busySeconds, CorpusStore.waitingNotice) = saved }
        final class Notices: @unchecked Sendable { var paths: [String] = []; let lock = NSLock() }
        let notices = Notices()
        CorpusStore.busySeconds = 2
        CorpusStore.waitingNotice = { p in notices.lock.lock(); notices.paths.append(p); notices.lock.unlock() }
        let held = try holdWriteLock(path)
        let corpus = try CorpusStore(path: path, create: false)
        let started = Date()
        XCTAssertThrowsError(try corpus.remove(id: 1)) { error in
            XCTAssertEqual(error as? StoreError, .busy(path: corpus.path, seconds: 2))
            XCTAssertTrue((error as? LocalizedError)?.errorDescription?.contains("another process has held it for writing for more than 2 s") == true, "\(error)")
        }
        let waited = Date().timeIntervalSince(started)
        XCTAssertGreaterThan(waited, 1.5)
        XCTAssertLessThan(waited, 10, "bounded by the busy timeout, not retried")
        XCTAssertEqual(notices.paths, [corpus.path], "said once, after about a second")
        // Once the other writer is done, the same store writes.
        try held.release()
        XCTAssertThrowsError(try corpus.remove(id: 1)) { error in
            XCTAssertEqual(error as? StoreError, .noSuchDocument(path: corpus.path, id: 1))
        }
    }
}
