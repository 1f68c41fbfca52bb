import Foundation
import Hummingbird
import HummingbirdTesting
import XCTest

@testable import WenshuServer

/// Every request names exactly one Host; on loopback, a loopback host and the server's own port
/// (issue #13: a request without Host, or with `Host: localhost:80 , evil`, passed the check).
final class HostHeaderTests: XCTestCase {
    func testHostIsRequiredAndMustNameThisServer() async throws {
        try await ServerTests.loopbackApp().test(.live) { client in
            let port = try XCTUnwrap(client.port)
            func get(_ headers: String, version: String = "1.1") async -> (status: Int?, answer: String) {
                let r = await HostileRequestTests.raw(port: port, "GET /api/health HTTP/\(version)\r\n\(headers)Connection: close\r\n\r\n", wait: 5)
                return (HostileRequestTests.status(r.answer), r.answer)
            }
            for (headers, status, code) in [
                ("", 400, "missing-host"),
                ("Host: \r\n", 400, "missing-host"),
                ("Host: localhost:\(port) , evil.example\r\n", 400, "malformed-host"),
                ("Host: localhost:\(port)x\r\n", 400, "malformed-host"),
                ("Host: 127.0.0.1:99999\r\n", 400, "malformed-host"),
                ("Host: evil.example:\(port)\r\n", 403, "host-not-allowed"),
                ("Host: 127.0.0.1:\(port == 1 ? 2 : port - 1)\r\n", 403, "host-not-allowed"),
                ("Host: localhost:\(port)\r\nHost: localhost:\(port)\r\n", 400, "duplicate-host"),
            ] {
                let r = await get(headers)
                XCTAssertEqual(r.status, status, headers)
                XCTAssertTrue(r.answer.contains("\"code\":\"\(code)\""), "\(headers): \(r.answer)")
            }
            // A request target in absolute form names the host instead of Host (RFC 9112 §3.2.2).
            for (target, status) in [("http://evil.example/api/health", 403), ("http://127.0.0.1:\(port)/api/health", 200),
                                     ("http://localhost:\(port)/api/health?x=1", 200), ("http:///api/health", 400)] {
                let r = await HostileRequestTests.raw(port: port, "GET \(target) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nConnection: close\r\n\r\n", wait: 5)
                XCTAssertEqual(HostileRequestTests.status(r.answer), status, "\(target): \(r.answer)")
            }
            let missing = await get("", version: "1.0")
            XCTAssertEqual(missing.status, 400, "HTTP/1.0 without Host")
            XCTAssertTrue(missing.answer.contains("requires one (Host: 127.0.0.1:\(port))"), missing.answer)
            for headers in ["Host: 127.0.0.1:\(port)\r\n", "Host: localhost:\(port)\r\n", "Host: [::1]:\(port)\r\n", "Host: localhost\r\n", "Host: LOCALHOST:\(port)\r\n"] {
                let r = await get(headers)
                XCTAssertEqual(r.status, 200, "\(headers): \(r.answer)")
            }
        }
    }

    func testAbsoluteFormAuthority() {
        XCTAssertEqual(ConnectionCloseMarker.absoluteAuthority(of: "http://evil.example/api"), "evil.example")
        XCTAssertEqual(ConnectionCloseMarker.absoluteAuthority(of: "http://[::1]:80?q"), "[::1]:80")
        XCTAssertNil(ConnectionCloseMarker.absoluteAuthority(of: "/api/health?u=http://x"))
        XCTAssertNil(ConnectionCloseMarker.absoluteAuthority(of: "*"))
    }

    func testHostHeaderParsing() {
        XCTAssertEqual(HostHeader("localhost:8080"), HostHeader(host: "localhost", port: 8080))
        XCTAssertEqual(HostHeader("[::1]:80"), HostHeader(host: "::1", port: 80))
        XCTAssertEqual(HostHeader("127.0.0.1:"), HostHeader(host: "127.0.0.1", port: nil))
        for bad in ["", ":80", "a b", "localhost:80 , evil", "localhost:80:81", "[::1", "[::1]x", "[evil]:80", "localhost:-1", "localhost:+80", "läkerol:80", "localhost:٨٠"] {
            XCTAssertNil(HostHeader(bad), bad)
        }
    }
}
