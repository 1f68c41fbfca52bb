import Foundation
import Hummingbird
import HummingbirdTesting
import XCTest

@testable import WenshuServer

/// A connection that asks to end ends after its response (issue #13: an HTTP/1.0 request held
/// its connection until the idle timeout), on real sockets.
final class ConnectionCloseTests: XCTestCase {
    func testRequestsThatAskForTheCloseAreAnsweredAndClosed() async throws {
        try await ServerTests.loopbackApp().test(.live) { client in
            let port = try XCTUnwrap(client.port)
            let host = "Host: 127.0.0.1:\(port)\r\n"
            for (name, request) in [
                ("HTTP/1.0", "GET /api/health HTTP/1.0\r\n\(host)\r\n"),
                ("HTTP/1.0 with keep-alive", "GET /api/health HTTP/1.0\r\n\(host)Connection: keep-alive\r\n\r\n"),
                ("Connection: Close", "GET /api/health HTTP/1.1\r\n\(host)Connection: Close\r\n\r\n"),
                ("Connection: TE, close", "GET /api/health HTTP/1.1\r\n\(host)Connection: TE, close\r\nTE: trailers\r\n\r\n"),
                ("a refused request", "GET /api/health HTTP/1.0\r\nHost: evil.example\r\n\r\n"),
            ] {
                // The server's idle timeout is 15 s: a close within 5 s is the close asked for.
                let r = await HostileRequestTests.raw(port: port, request, wait: 5)
                XCTAssertTrue(r.closed, "\(name): the connection is closed after the response")
                XCTAssertLessThan(r.seconds, 4, name)
                XCTAssertTrue(r.answer.lowercased().contains("\r\nconnection: close\r\n"), "\(name): \(r.answer)")
                XCTAssertNotNil(HostileRequestTests.status(r.answer), name)
            }
            // Pipelined HTTP/1.0 requests: the first is answered, then the connection ends.
            let two = await HostileRequestTests.raw(port: port, "GET /api/health HTTP/1.0\r\n\(host)\r\nGET /api/health HTTP/1.0\r\n\(host)\r\n", wait: 5)
            XCTAssertTrue(two.closed)
            XCTAssertEqual(two.answer.components(separatedBy: "HTTP/1.1 200").count - 1, 1, two.answer)
            // HTTP/1.1 without Connection: close keeps the connection for the next request.
            let kept = await HostileRequestTests.raw(port: port, "GET /api/health HTTP/1.1\r\n\(host)\r\n", wait: 2)
            XCTAssertEqual(HostileRequestTests.status(kept.answer), 200)
            XCTAssertFalse(kept.closed, "a keep-alive connection stays open")
        }
    }

    func testWhichRequestsClose() {
        XCTAssertTrue(ConnectionCloseMarker.closes(version: .http1_0, connection: []))
        XCTAssertTrue(ConnectionCloseMarker.closes(version: .http1_0, connection: ["keep-alive"]))
        XCTAssertTrue(ConnectionCloseMarker.closes(version: .http1_1, connection: ["CLOSE"]))
        XCTAssertTrue(ConnectionCloseMarker.closes(version: .http1_1, connection: ["upgrade", " close "]))
        XCTAssertFalse(ConnectionCloseMarker.closes(version: .http1_1, connection: []))
        XCTAssertFalse(ConnectionCloseMarker.closes(version: .http1_1, connection: ["keep-alive, closed"]))
    }
}
