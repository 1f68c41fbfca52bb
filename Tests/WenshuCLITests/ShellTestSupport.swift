import Foundation
import XCTest
import WenshuTestSupport

/// CLI tests that run the built `wenshu` through `/bin/sh`, as a user types it, in temporary
/// folders of their own.
protocol WenshuShellTests: XCTestCase {}

enum WenshuShell {
    /// The repository, for its dictionaries.
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
}

extension WenshuShellTests {
    /// Runs `command` with `/bin/sh -c`; `$W` is the `wenshu` binary of the same build, reading
    /// the repository's dictionaries. Returns the exit status, standard output and standard error.
    @discardableResult
    func shell(_ command: String, stdin: String? = nil) throws -> (status: Int32, out: String, err: String) {
        try WenshuBinary.run(URL(fileURLWithPath: "/bin/sh"), ["-c", command], stdin: stdin,
                             env: ["W": try WenshuBinary.url.path, "WENSHU_DICTIONARIES": WenshuShell.root.appendingPathComponent("dictionaries").path])
    }

    /// A new folder in the temporary directory, removed when the test ends.
    func temp() throws -> URL {
        let d = FileManager.default.temporaryDirectory.appendingPathComponent("wenshu-\(String(describing: Self.self))-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: d, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: d) }
        return d
    }
}
