import Foundation
import Hummingbird
import HummingbirdTesting
import XCTest

@testable import WenshuServer

/// HEAD answers as GET without the body, and every error carries a short body saying what is
/// wrong: JSON under /api/, text elsewhere (hostile tester, session 10: `HEAD /` was a 404, and
/// 404s — and the 400 for a request that is not HTTP — had empty bodies).
final class ErrorBodyTests: XCTestCase {
    /// The head and the body of a raw answer.
    static func split(_ answer: String) -> (head: String, body: String) {
        guard let end = answer.range(of: "\r\n\r\n") else { return (answer, "") }
        return (String(answer[..<end.lowerBound]), String(answer[end.upperBound...]))
    }

    static func header(_ name: String, _ head: String) -> String? {
        head.split(separator: "\r\n").first { $0.lowercased().hasPrefix(name.lowercased() + ":") }
            .map { $0.dropFirst(name.count + 1).trimmingCharacters(in: .whitespaces) }
    }

    func testHeadAnswersAsGetWithoutTheBody() async throws {
        try await ServerTests.loopbackApp().test(.live) { client in
            let port = try XCTUnwrap(client.port)
            for path in ["/", "/api/health"] {
                let get = Self.split(await HostileRequestTests.raw(port: port, "GET \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nConnection: close\r\n\r\n", wait: 5).answer)
                let head = await HostileRequestTests.raw(port: port, "HEAD \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nConnection: close\r\n\r\n", wait: 5)
                XCTAssertEqual(HostileRequestTests.status(head.answer), 200, "\(path): \(head.answer)")
                XCTAssertTrue(head.closed)
                let (h, body) = Self.split(head.answer)
                XCTAssertEqual(body, "", "HEAD \(path) has no body")
                XCTAssertEqual(Self.header("Content-Length", h), String(get.body.utf8.count), "HEAD \(path) announces GET's length")
                XCTAssertEqual(Self.header("Content-Type", h), Self.header("Content-Type", get.head))
            }
            // An error to a HEAD request: its status and headers, no body.
            let missing = await HostileRequestTests.raw(port: port, "HEAD /nothing HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nConnection: close\r\n\r\n", wait: 5)
            XCTAssertEqual(HostileRequestTests.status(missing.answer), 404)
            XCTAssertEqual(Self.split(missing.answer).body, "")
        }
    }

    func testErrorsSayWhatIsWrong() async throws {
        try await ServerTests.loopbackApp().test(.live) { client in
            let port = try XCTUnwrap(client.port)
            func ask(_ method: String, _ path: String) async -> (status: Int?, head: String, body: String) {
                let r = await HostileRequestTests.raw(port: port, "\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nContent-Length: 0\r\nConnection: close\r\n\r\n", wait: 5)
                let (head, body) = Self.split(r.answer)
                return (HostileRequestTests.status(r.answer), head, body)
            }
            // No such page: text, naming the path and where to go.
            var r = await ask("GET", "/no/such/page")
            XCTAssertEqual(r.status, 404)
            XCTAssertEqual(Self.header("Content-Type", r.head), "text/plain; charset=utf-8")
            XCTAssertTrue(r.body.hasPrefix("404 Not Found: there is nothing at /no/such/page; the form is at /"), r.body)
            // Under /api/: JSON as every API error.
            r = await ask("GET", "/api/nothing")
            XCTAssertEqual(r.status, 404)
            let json = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(r.body.utf8)) as? [String: Any], r.body)
            XCTAssertEqual(json["code"] as? String, "not-found")
            XCTAssertEqual(json["status"] as? Int, 404)
            // A page that exists, asked with another method: 405 and what it answers.
            r = await ask("GET", "/api/check")
            XCTAssertEqual(r.status, 405)
            XCTAssertEqual(Self.header("Allow", r.head), "POST")
            XCTAssertTrue(r.body.contains("\"code\":\"method-not-allowed\""), r.body)
            r = await ask("DELETE", "/")
            XCTAssertEqual(r.status, 405)
            XCTAssertEqual(Self.header("Allow", r.head), "GET, HEAD")
            XCTAssertTrue(r.body.hasPrefix("405 Method Not Allowed: / does not answer DELETE"), r.body)
            // Every route the router has is in the table of methods the 405 names.
            for (path, methods) in ErrorBodies.routes {
                for method in methods where method != .post {
                    let answered = await ask(method.rawValue, path)
                    XCTAssertNotEqual(answered.status, 404, "\(method) \(path)")
                    XCTAssertNotEqual(answered.status, 405, "\(method) \(path)")
                }
            }
            // Not HTTP at all: the 400 says so before the connection closes.
            let garbage = await HostileRequestTests.raw(port: port, "GARBAGE\r\n\r\n", wait: 5)
            XCTAssertEqual(HostileRequestTests.status(garbage.answer), 400)
            let (head, body) = Self.split(garbage.answer)
            XCTAssertEqual(body, ParseErrorBody.message)
            XCTAssertEqual(Self.header("Content-Length", head), String(ParseErrorBody.message.utf8.count))
            XCTAssertTrue(garbage.closed)
        }
    }
}
