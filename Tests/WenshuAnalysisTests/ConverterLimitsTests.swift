import Foundation
import XCTest
import WenshuTestSupport
@testable import WenshuAnalysis
import WenshuText

/// A converter (LibreOffice, pdftotext) is a program Wenshu starts on untrusted files: it must be
/// stopped with everything it started — at the time limit, when the request it serves is
/// cancelled, and when it writes far more than any document's text.
final class ConverterLimitsTests: XCTestCase {
    private func folder() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("wenshu-conv-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: dir) }
        return dir
    }

    /// A stand-in converter: a shell script that starts a child of its own (as `soffice` starts
    /// `soffice.bin`), each tagged with `marker` so the test can see whether any survived.
    private func script(_ body: String, in dir: URL) throws -> URL {
        let url = dir.appendingPathComponent("converter.sh")
        try "#!/bin/sh\n\(body)\n".write(to: url, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: url.path)
        return url
    }

    private func running(_ marker: String) -> Bool {
        (try? TestProcess.run(URL(fileURLWithPath: "/usr/bin/pgrep"), ["-f", marker]))?.status == 0
    }

    func testCancelledWorkStopsTheConverterAndItsChildren() throws {
        let dir = try folder()
        let marker = "wenshu-test-\(UInt32.random(in: 0...UInt32.max))"
        let converter = try script("sh -c 'sleep 300; :' \(marker) & sh -c 'sleep 301; :' \(marker); wait", in: dir)
        let cancellation = Cancellation()
        DispatchQueue.global().asyncAfter(deadline: .now() + 1) { cancellation.cancel(reason: "time limit of the test") }
        let started = Date()
        XCTAssertThrowsError(try cancellation.runAsCurrent {
            try ExternalTool.run(converter.path, [], seconds: 120, file: "a.pdf", program: "pdftotext", workingDirectory: dir)
        }) { error in
            XCTAssertEqual((error as? AnalysisCancelled)?.reason, "time limit of the test")
        }
        XCTAssertLessThan(Date().timeIntervalSince(started), 30)
        Thread.sleep(forTimeInterval: 0.5)
        XCTAssertFalse(running(marker), "a child of the stopped converter is still running")
    }

    func testAConverterThatWritesWithoutEndIsStopped() throws {
        let dir = try folder()
        let marker = "wenshu-test-\(UInt32.random(in: 0...UInt32.max))"
        let converter = try script("sh -c 'sleep 300; :' \(marker) & yes 在以习近平同志为核心的党中央坚强领导下", in: dir)
        XCTAssertThrowsError(try ExternalTool.run(converter.path, [], seconds: 120, file: "a.pdf", program: "pdftotext",
                                                  workingDirectory: dir, outputLimit: 8 << 20)) { error in
            XCTAssertEqual(error as? ConverterError, .tooMuchOutput(file: "a.pdf", program: "pdftotext", limit: 8 << 20))
            XCTAssertTrue(error.localizedDescription.hasPrefix("a.pdf: pdftotext wrote more than 8 MB"), error.localizedDescription)
        }
        Thread.sleep(forTimeInterval: 0.5)
        XCTAssertFalse(running(marker), "a child of the stopped converter is still running")
        XCTAssertLessThan(ExternalTool.bytes(in: dir), 64 << 20, "the output files are removed")
    }

    func testAConverterPastItsTimeLimitIsStopped() throws {
        let dir = try folder()
        let marker = "wenshu-test-\(UInt32.random(in: 0...UInt32.max))"
        let converter = try script("sh -c 'sleep 300; :' \(marker) & sh -c 'sleep 301; :' \(marker); wait", in: dir)
        let started = Date()
        XCTAssertThrowsError(try ExternalTool.run(converter.path, [], seconds: 1, file: "a.doc", program: "LibreOffice", workingDirectory: dir)) { error in
            XCTAssertEqual(error as? ConverterError, .timedOut(file: "a.doc", program: "LibreOffice", seconds: 1))
        }
        XCTAssertLessThan(Date().timeIntervalSince(started), 15)
        Thread.sleep(forTimeInterval: 0.5)
        XCTAssertFalse(running(marker), "a child of the stopped converter is still running")
    }

    func testAConverterThatFinishesGivesItsOutput() throws {
        let dir = try folder()
        let converter = try script("echo 区政协工作总结; echo warning >&2; exit 3", in: dir)
        let out = try ExternalTool.run(converter.path, [], seconds: 10, file: "a.pdf", program: "pdftotext", workingDirectory: dir)
        XCTAssertEqual(out.status, 3)
        XCTAssertEqual(String(decoding: out.stdout, as: UTF8.self), "区政协工作总结\n")
        XCTAssertEqual(String(decoding: out.stderr, as: UTF8.self), "warning\n")
    }
}
