import Foundation
import WenshuStore
import XCTest

/// The PostgreSQL server of the store's tests: `WENSHU_TEST_POSTGRES` (a postgres:// URL of a
/// server where the tests may create databases) when set, else a throwaway cluster started once
/// by `scripts/pg-throwaway.sh` and stopped when the tests exit. Without PostgreSQL's server
/// binaries the tests skip — unless `WENSHU_REQUIRE_POSTGRES=1` (set by `.ci/run`), then they fail.
public struct PostgresUnavailable: Error { public let reason: String }

public enum PostgresTestServer {
    public static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    nonisolated(unsafe) public static var folder: String?

    public static let server: Result<String, PostgresUnavailable> = {
        let env = ProcessInfo.processInfo.environment
        if let url = env["WENSHU_TEST_POSTGRES"], !url.isEmpty { return .success(url) }
        // Output to files, not pipes: the server started in the background keeps inherited
        // descriptors open, so a pipe would never reach its end.
        let outFile = FileManager.default.temporaryDirectory.appendingPathComponent("wenshu-pg-start-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(atPath: outFile.path + ".out"); try? FileManager.default.removeItem(atPath: outFile.path + ".err") }
        // system(3), not Process: the script returns once the server runs in the background.
        let script = root.appendingPathComponent("scripts/pg-throwaway.sh").path
        let status = system("/bin/bash '\(script)' start >'\(outFile.path).out' 2>'\(outFile.path).err' </dev/null")
        let o = (try? String(contentsOfFile: outFile.path + ".out", encoding: .utf8)) ?? ""
        let e = (try? String(contentsOfFile: outFile.path + ".err", encoding: .utf8)) ?? ""
        guard status == 0 else { return .failure(PostgresUnavailable(reason: e.trimmingCharacters(in: .whitespacesAndNewlines))) }
        let parts = o.split(separator: " ").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
        guard parts.count == 2 else { return .failure(PostgresUnavailable(reason: "scripts/pg-throwaway.sh printed \(o)")) }
        folder = parts[1]
        atexit {
            guard let f = PostgresTestServer.folder else { return }
            _ = system("/bin/bash '\(PostgresTestServer.root.appendingPathComponent("scripts/pg-throwaway.sh").path)' stop '\(f)' >/dev/null 2>&1")
        }
        return .success(parts[0])
    }()

    /// A new empty database for one test.
    public static func freshURL() throws -> String {
        switch server {
        case .success(let url):
            return try PostgresCorpusStore.createDatabase("wenshu_test_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(16), serverURL: url)
        case .failure(let unavailable):
            let reason = unavailable.reason
            if ProcessInfo.processInfo.environment["WENSHU_REQUIRE_POSTGRES"] == "1" {
                XCTFail("PostgreSQL is required (WENSHU_REQUIRE_POSTGRES=1) but no server could be started: \(reason)")
            }
            throw XCTSkip("PostgreSQL store tests skipped: \(reason); install postgresql (its server binaries) or set WENSHU_TEST_POSTGRES=postgres://…")
        }
    }
}
