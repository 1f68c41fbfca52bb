import Foundation
import XCTest
@testable import WenshuStore

/// `--store` naming a device, a FIFO or a socket is refused before SQLite sees it (hostile
/// tester, session 10): `--store /dev/null` made SQLite create /dev/null-journal and said "disk
/// I/O error"; a FIFO blocked the header read until some process wrote to it.
final class StoreSpecialFileTests: XCTestCase {
    func testDevicesAndFIFOsAreNotStores() throws {
        var st = stat()
        if stat("/dev/null", &st) == 0, st.st_mode & S_IFMT == S_IFCHR {
            let journalBefore = FileManager.default.fileExists(atPath: "/dev/null-journal")
            XCTAssertThrowsError(try CorpusStore(path: "/dev/null")) { error in
                XCTAssertEqual((error as? LocalizedError)?.errorDescription,
                               "/dev/null: not a Wenshu corpus store: it is a character device, not a regular file; name another file with --store")
            }
            if !journalBefore { XCTAssertFalse(FileManager.default.fileExists(atPath: "/dev/null-journal"), "nothing is created beside the device") }
        }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("wenshu-store-fifo-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: dir) }
        let fifo = dir.appendingPathComponent("store.fifo").path
        XCTAssertEqual(mkfifo(fifo, 0o600), 0)
        // On a thread of its own, so that a regression (a blocked open) fails the test instead of hanging it.
        let done = DispatchSemaphore(value: 0)
        nonisolated(unsafe) var message: String? = nil
        Thread.detachNewThread {
            do { _ = try CorpusStore(path: fifo, create: false) } catch { message = (error as? LocalizedError)?.errorDescription }
            done.signal()
        }
        XCTAssertEqual(done.wait(timeout: .now() + 10), .success, "opening a FIFO as a store returns at once")
        XCTAssertEqual(message, "\(fifo): not a Wenshu corpus store: it is a FIFO (named pipe), not a regular file; name another file with --store")
    }
}
