import Foundation
import Hummingbird
import HummingbirdTesting
import WenshuAnalysis
import WenshuText
import XCTest
import ZIPFoundation

#if canImport(Glibc)
import Glibc
#endif

@testable import WenshuServer

/// `wenshu serve` against hostile clients, with real requests on loopback: cross-site posts,
/// a doubled Host header, bodies shorter than announced, clients that stop sending, idle
/// connections, crafted .docx uploads.
final class HostileRequestTests: XCTestCase {
    func app(_ limits: WenshuServer.Limits = .init()) throws -> some ApplicationProtocol {
        try ServerTests.loopbackApp(limits: limits)
    }

    /// Sends raw bytes on a new connection to `port`, optionally closes the writing side, and
    /// reads the answer until the server closes or `wait` seconds pass. Blocking calls run on a
    /// thread of their own.
    static func raw(port: Int, _ request: String, halfClose: Bool = false, wait: Double = 10) async -> (answer: String, closed: Bool, seconds: Double) {
        await withCheckedContinuation { continuation in
            Thread.detachNewThread {
                continuation.resume(returning: rawBlocking(port: port, request, halfClose: halfClose, wait: wait))
            }
        }
    }

    /// A TCP socket connected to 127.0.0.1:`port` whose reads give up after `receiveTimeout`
    /// seconds; nil when it cannot be opened or connected. The caller closes it.
    static func loopbackSocket(port: Int, receiveTimeout: Double) -> Int32? {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return nil }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { close(fd); return nil }
        var timeout = timeval(tv_sec: Int(receiveTimeout), tv_usec: Int((receiveTimeout - Double(Int(receiveTimeout))) * 1e6))
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        return fd
    }

    static func rawBlocking(port: Int, _ request: String, halfClose: Bool, wait: Double) -> (answer: String, closed: Bool, seconds: Double) {
        guard let fd = loopbackSocket(port: port, receiveTimeout: wait) else { return ("connect failed", false, 0) }
        defer { close(fd) }
        let started = Date()
        let bytes = Array(request.utf8)
        if !bytes.isEmpty { _ = bytes.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, 0) } }
        if halfClose { shutdown(fd, Int32(SHUT_WR)) }
        var answer = [UInt8]()
        var buffer = [UInt8](repeating: 0, count: 65536)
        var closed = false
        while Date().timeIntervalSince(started) < wait {
            let n = recv(fd, &buffer, buffer.count, 0)
            if n == 0 { closed = true; break }
            if n < 0 { break }  // timeout
            answer.append(contentsOf: buffer[0..<n])
        }
        return (String(decoding: answer, as: UTF8.self), closed, Date().timeIntervalSince(started))
    }

    static func status(_ answer: String) -> Int? {
        answer.split(separator: " ", maxSplits: 2).dropFirst().first.flatMap { Int($0) }
    }

    static let draft = "区政协2023年工作总结\n\n一、主要工作\n\n今年以来，我们认真履行职能，开展了专题调研。\n"

    func testCrossSitePostsAreRefused() async throws {
        try await app().test(.live) { client in
            let port = try XCTUnwrap(client.port)
            let body = Self.draft
            func post(_ extra: String) async -> (answer: String, closed: Bool, seconds: Double) {
                await Self.raw(port: port, "POST /api/check HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\n\(extra)Content-Type: text/plain; charset=utf-8\r\nContent-Length: \(body.utf8.count)\r\nConnection: close\r\n\r\n\(body)")
            }
            // A form on another site: the browser says so in Origin and Sec-Fetch-Site.
            let evil = await post("Origin: https://evil.example\r\nSec-Fetch-Site: cross-site\r\n")
            XCTAssertEqual(Self.status(evil.answer), 403)
            XCTAssertTrue(evil.answer.contains("\"code\":\"cross-site\""), evil.answer)
            for extra in ["Origin: null\r\n", "Origin: http://127.0.0.1:\(port + 1)\r\n", "Sec-Fetch-Site: same-site\r\n"] {
                let r = await post(extra)
                XCTAssertEqual(Self.status(r.answer), 403, extra)
            }
            // The server's own page (under its no-referrer policy Chromium sends Origin: null with
            // the page's form), and a command-line client that says nothing.
            for extra in ["Origin: http://127.0.0.1:\(port)\r\nSec-Fetch-Site: same-origin\r\n", "Origin: null\r\nSec-Fetch-Site: same-origin\r\n", ""] {
                let r = await post(extra)
                XCTAssertEqual(Self.status(r.answer), 200, extra)
            }
            // A cross-site GET of the page changes nothing and is answered.
            let page = await Self.raw(port: port, "GET /api/health HTTP/1.1\r\nHost: localhost\r\nSec-Fetch-Site: cross-site\r\nConnection: close\r\n\r\n")
            XCTAssertEqual(Self.status(page.answer), 200)
        }
    }

    func testDuplicatedHostHeaderIsRefused() async throws {
        try await app().test(.live) { client in
            let port = try XCTUnwrap(client.port)
            let r = await Self.raw(port: port, "GET /api/health HTTP/1.1\r\nHost: localhost\r\nHost: evil.example\r\nConnection: close\r\n\r\n")
            XCTAssertEqual(Self.status(r.answer), 400, r.answer)
            XCTAssertTrue(r.answer.contains("duplicate-host"), r.answer)
        }
    }

    func testBodyShorterThanContentLengthIs400() async throws {
        try await app().test(.live) { client in
            let port = try XCTUnwrap(client.port)
            let r = await Self.raw(port: port, "POST /api/check HTTP/1.1\r\nHost: localhost\r\nContent-Type: text/plain\r\nContent-Length: 1000\r\n\r\n政协工作", halfClose: true)
            XCTAssertEqual(Self.status(r.answer), 400, r.answer)
            XCTAssertTrue(r.answer.contains("incomplete-body"), r.answer)
        }
    }

    func testClientThatStopsSendingIsAnswered408() async throws {
        var limits = WenshuServer.Limits()
        limits.bodyTimeout = .seconds(1)
        try await app(limits).test(.live) { client in
            let port = try XCTUnwrap(client.port)
            // Announces 1000 bytes, sends 12, keeps the connection open.
            let r = await Self.raw(port: port, "POST /api/check HTTP/1.1\r\nHost: localhost\r\nContent-Type: text/plain\r\nContent-Length: 1000\r\n\r\n政协工作", wait: 8)
            XCTAssertEqual(Self.status(r.answer), 408, r.answer)
            XCTAssertTrue(r.answer.contains("body-timeout"), r.answer)
            XCTAssertLessThan(r.seconds, 6)
        }
    }

    func testIdleConnectionsAreClosed() async throws {
        var limits = WenshuServer.Limits()
        limits.idleTimeout = .seconds(1)
        try await app(limits).test(.live) { client in
            let port = try XCTUnwrap(client.port)
            let r = await Self.raw(port: port, "", wait: 8)
            XCTAssertTrue(r.closed, "an idle connection is closed by the server")
            XCTAssertLessThan(r.seconds, 6)
        }
    }

    func testConnectionLimitIsBelowTheDescriptorLimit() {
        var limit = rlimit()
        XCTAssertEqual(getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit), 0)
        XCTAssertLessThan(UInt64(WenshuServer.defaultMaxConnections), UInt64(limit.rlim_cur))
        XCTAssertGreaterThanOrEqual(WenshuServer.defaultMaxConnections, 16)
    }

    func testAnalysisTimeLimitAnswers503() async throws {
        var limits = WenshuServer.Limits()
        limits.analysisTimeout = .nanoseconds(1)
        try await app(limits).test(.live) { client in
            let r = try await client.execute(uri: "/api/check", method: .post, headers: [.contentType: "text/plain; charset=utf-8"],
                                             body: ByteBuffer(string: try ServerTests.secondDocument()))
            XCTAssertEqual(r.status, .serviceUnavailable)
            XCTAssertTrue(String(buffer: r.body).contains("analysis-timeout"))
        }
    }

    /// The .docx of the issue: upperRoman with a start of 10¹², a start override at Int64.max,
    /// chineseLegalSimplified starting at −5.
    static func hostileDocx() throws -> Data {
        let numbering = """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <w:numbering xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">\
            <w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:start w:val="1000000000000"/><w:numFmt w:val="upperRoman"/><w:lvlText w:val="%1."/></w:lvl></w:abstractNum>\
            <w:abstractNum w:abstractNumId="1"><w:lvl w:ilvl="0"><w:start w:val="-5"/><w:numFmt w:val="chineseLegalSimplified"/><w:lvlText w:val="%1、"/></w:lvl></w:abstractNum>\
            <w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>\
            <w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>\
            <w:num w:numId="3"><w:abstractNumId w:val="1"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="9223372036854775807"/></w:lvlOverride></w:num>\
            </w:numbering>
            """
        let body = (1...3).map { n in
            "<w:p><w:pPr><w:numPr><w:ilvl w:val=\"0\"/><w:numId w:val=\"\(n)\"/></w:numPr></w:pPr><w:r><w:t>第\(n)项工作</w:t></w:r></w:p>"
        }.joined()
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("wenshu-hostile-\(UUID().uuidString).docx")
        defer { try? FileManager.default.removeItem(at: url) }
        let archive = try Archive(url: url, accessMode: .create)
        for (path, content) in [("[Content_Types].xml", ServerTests.contentTypes), ("_rels/.rels", ServerTests.packageRels),
                                ("word/document.xml", ServerTests.document(body)), ("word/numbering.xml", numbering)] {
            let data = Data(content.utf8)
            try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(data.count), compressionMethod: .deflate) { position, size in
                data.subdata(in: Int(position)..<Int(position) + size)
            }
        }
        return try Data(contentsOf: url)
    }

    func testHostileDocxUploadsAreAnsweredAndHealthStaysQuick() async throws {
        let docx = try Self.hostileDocx()
        let before = try ServerTests.uploadTempFolders()
        try await app().test(.ahc(.http)) { client in
            try await withThrowingTaskGroup(of: (String, HTTPResponse.Status, Double).self) { group in
                for _ in 0..<6 {
                    group.addTask {
                        let form = ServerTests.multipart([.file(name: "file", filename: "numbered.docx",
                                                                contentType: "application/vnd.openxmlformats-officedocument.wordprocessingml.document", data: docx)])
                        let r = try await client.execute(uri: "/api/check", method: .post, headers: [.contentType: form.contentType], body: form.body)
                        return (String(buffer: r.body), r.status, 0)
                    }
                }
                group.addTask {
                    let started = Date()
                    let r = try await client.execute(uri: "/api/health", method: .get)
                    return (String(buffer: r.body), r.status, Date().timeIntervalSince(started))
                }
                for try await (body, status, seconds) in group {
                    XCTAssertEqual(status, .ok, body)
                    if body.contains("\"status\":\"ok\"") { XCTAssertLessThan(seconds, 1) } else {
                        XCTAssertTrue(body.contains("32767"), "the clamped start is drawn")
                    }
                }
            }
        }
        XCTAssertEqual(try ServerTests.uploadTempFolders(), before, "no upload is left in the temporary folder")
    }
}
