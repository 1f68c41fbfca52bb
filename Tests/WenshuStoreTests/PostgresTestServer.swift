import Foundation
import WenshuStore
import XCTest

/// The PostgreSQL server of the store's tests: `WENSHU_TEST_POSTGRES` (a postgres:// URL of a
/// server where the tests may create databases) when set, else a throwaway cluster started once
/// by `scripts/pg-throwaway.sh` and stopped when the tests exit. Without PostgreSQL's server
/// binaries the tests skip — unless `WENSHU_REQUIRE_POSTGRES=1` (set by `.ci/run`), then they fail.
enum PostgresTestServer {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    nonisolated(unsafe) static var folder: String?

    static let server: Result<String, String> = {
        let env = ProcessInfo.processInfo.environment
        if let url = env["WENSHU_TEST_POSTGRES"], !url.isEmpty { return .success(url) }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/bash")
        p.arguments = [root.appendingPathComponent("scripts/pg-throwaway.sh").path, "start"]
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        do { try p.run() } catch { return .failure("cannot run scripts/pg-throwaway.sh: \(error)") }
        let o = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let e = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        guard p.terminationStatus == 0 else { return .failure(e.trimmingCharacters(in: .whitespacesAndNewlines)) }
        let parts = o.split(separator: " ").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
        guard parts.count == 2 else { return .failure("scripts/pg-throwaway.sh printed \(o)") }
        folder = parts[1]
        atexit {
            guard let f = PostgresTestServer.folder else { return }
            let stop = Process()
            stop.executableURL = URL(fileURLWithPath: "/bin/bash")
            stop.arguments = [PostgresTestServer.root.appendingPathComponent("scripts/pg-throwaway.sh").path, "stop", f]
            try? stop.run()
            stop.waitUntilExit()
        }
        return .success(parts[0])
    }()

    /// A new empty database for one test.
    static func freshURL() throws -> String {
        switch server {
        case .success(let url):
            return try PostgresCorpusStore.createDatabase("wenshu_test_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(16), serverURL: url)
        case .failure(let reason):
            if ProcessInfo.processInfo.environment["WENSHU_REQUIRE_POSTGRES"] == "1" {
                XCTFail("PostgreSQL is required (WENSHU_REQUIRE_POSTGRES=1) but no server could be started: \(reason)")
            }
            throw XCTSkip("PostgreSQL store tests skipped: \(reason); install postgresql (its server binaries) or set WENSHU_TEST_POSTGRES=postgres://…")
        }
    }
}
