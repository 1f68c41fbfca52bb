import Foundation
import Hummingbird
import HummingbirdTesting
import XCTest

@testable import WenshuServer

/// `Expect: 100-continue` (hostile tester, session 10: no 100 was sent, so curl waited a second
/// before every body over 1 MB): a body that will be read gets `100 Continue` at once, in order
/// after the answers before it; a request that will be refused gets its final status without
/// the body being read, and the connection is closed.
final class ExpectContinueTests: XCTestCase {
    /// One connection driven step by step, on the calling thread.
    final class Connection {
        let fd: Int32
        var received = ""

        init?(port: Int) {
            guard let fd = HostileRequestTests.loopbackSocket(port: port, receiveTimeout: 0.1) else { return nil }
            self.fd = fd
        }

        deinit { close(fd) }

        func send(_ text: String) {
            let bytes = Array(text.utf8)
            _ = bytes.withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
        }

        /// Reads until `done` holds of all received so far, the peer closes, or `seconds` pass;
        /// whether the peer closed.
        @discardableResult
        func read(for seconds: Double, until done: (String) -> Bool = { _ in false }) -> Bool {
            let started = Date()
            var buffer = [UInt8](repeating: 0, count: 65536)
            while Date().timeIntervalSince(started) < seconds && !done(received) {
                let n = recv(fd, &buffer, buffer.count, 0)
                if n == 0 { return true }
                if n > 0 { received += String(decoding: buffer[0..<n], as: UTF8.self) }
            }
            return false
        }
    }

    static let body = HostileRequestTests.draft

    static func head(port: Int, path: String = "/api/check", length: Int = body.utf8.count, extra: String = "", version: String = "1.1") -> String {
        "POST \(path) HTTP/\(version)\r\nHost: 127.0.0.1:\(port)\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: \(length)\r\n\(extra)\r\n"
    }

    /// Runs blocking socket work off Swift concurrency's threads.
    static func blocking<T: Sendable>(_ work: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in
            Thread.detachNewThread { continuation.resume(returning: work()) }
        }
    }

    func testABodyThatWillBeReadGetsContinueAtOnce() async throws {
        try await ServerTests.loopbackApp().test(.live) { client in
            let port = try XCTUnwrap(client.port)
            let (continued, answer) = await Self.blocking { () -> (String, String) in
                guard let c = Connection(port: port) else { return ("", "no connection") }
                let started = Date()
                c.send(Self.head(port: port, extra: "Expect: 100-continue\r\n"))
                c.read(for: 5) { $0.contains("\r\n\r\n") }
                let continued = c.received + " after \(Date().timeIntervalSince(started)) s"
                c.received = ""
                c.send(Self.body)
                c.read(for: 20) { $0.contains("\"documents\"") && $0.hasSuffix("}\n") }
                return (continued, c.received)
            }
            XCTAssertTrue(continued.hasPrefix("HTTP/1.1 100 Continue\r\n\r\n"), continued)
            let seconds = Double(continued.split(separator: " ").dropLast().last ?? "") ?? 99
            XCTAssertLessThan(seconds, 0.9, "the 100 comes before a client's one-second wait ends")
            XCTAssertEqual(HostileRequestTests.status(answer), 200, answer)
        }
    }

    func testTheContinueWaitsForTheAnswersBeforeIt() async throws {
        try await ServerTests.loopbackApp().test(.live) { client in
            let port = try XCTUnwrap(client.port)
            let answer = await Self.blocking { () -> String in
                guard let c = Connection(port: port) else { return "no connection" }
                // A whole request, then a second head asking to continue, sent together.
                c.send(Self.head(port: port) + Self.body + Self.head(port: port, extra: "Expect: 100-continue\r\n"))
                c.read(for: 20) { $0.contains("100 Continue\r\n\r\n") }
                c.send(Self.body)
                c.read(for: 20) { $0.components(separatedBy: "HTTP/1.1 200 OK").count == 3 && $0.hasSuffix("}\n") }
                return c.received
            }
            let first = try XCTUnwrap(answer.range(of: "HTTP/1.1 200 OK"), answer)
            let continued = try XCTUnwrap(answer.range(of: "HTTP/1.1 100 Continue"), answer)
            XCTAssertTrue(first.upperBound <= continued.lowerBound, "the 100 after the first answer: \(answer)")
            XCTAssertEqual(answer.components(separatedBy: "HTTP/1.1 200 OK").count, 3, answer)
        }
    }

    func testARequestThatWillBeRefusedGetsItsStatusWithoutTheBody() async throws {
        try await ServerTests.loopbackApp(limits: .init(maxUploadBytes: 1000)).test(.live) { client in
            let port = try XCTUnwrap(client.port)
            for (name, head, status) in [
                ("too large", Self.head(port: port, length: 5000, extra: "Expect: 100-continue\r\n"), 413),
                ("cross-site", Self.head(port: port, extra: "Expect: 100-continue\r\nOrigin: http://evil.example\r\n"), 403),
                ("another host", Self.head(port: port, extra: "Expect: 100-continue\r\n").replacingOccurrences(of: "Host: 127.0.0.1", with: "Host: evil.example"), 403),
                ("no such path", Self.head(port: port, path: "/upload", extra: "Expect: 100-continue\r\n"), 404),
            ] {
                let (answer, closed) = await Self.blocking { () -> (String, Bool) in
                    guard let c = Connection(port: port) else { return ("no connection", false) }
                    c.send(head)  // and no body
                    let closed = c.read(for: 5)
                    return (c.received, closed)
                }
                XCTAssertEqual(HostileRequestTests.status(answer), status, "\(name): \(answer)")
                XCTAssertFalse(answer.contains("100 Continue"), name)
                XCTAssertTrue(answer.contains("Connection: close"), "\(name): \(answer)")
                XCTAssertTrue(closed, "\(name): the connection is closed after the answer")
            }
            // HTTP/1.0: the expectation is ignored (RFC 9110 §10.1.1), the body read as sent.
            let answer = await Self.blocking { () -> String in
                guard let c = Connection(port: port) else { return "no connection" }
                c.send(Self.head(port: port, extra: "Expect: 100-continue\r\n", version: "1.0") + Self.body)
                c.read(for: 20)
                return c.received
            }
            XCTAssertEqual(HostileRequestTests.status(answer), 200, answer)
            XCTAssertFalse(answer.contains("100 Continue"), answer)
        }
    }
}
