import Foundation
import WenshuText
import XCTest

/// Where the tests find the repository's files and the shared data (../shared), for every test
/// target (Tests/WenshuTestSupport is a regular target the test targets depend on).
public enum TestPaths {
    /// The repository root: this file is Tests/WenshuTestSupport/TestPaths.swift.
    public static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    public static let dictionaries = Dictionaries(root: root.appendingPathComponent("dictionaries"))
    /// The seed page (five documents of a template site).
    public static let seed = root.appendingPathComponent("Corpus/seed/zhengxie-zongjie-5pian.txt")
    /// ../shared/corpus/govreports: the 52 State Council reports.
    public static let govreports = root.appendingPathComponent("../shared/corpus/govreports").standardized
    /// ../shared/wild-dev: 75 annotated real pages.
    public static let wildDev = root.appendingPathComponent("../shared/wild-dev").standardized

    /// A fresh empty temporary folder.
    public static func temporaryDirectory(_ prefix: String = "wenshu-tests") throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}

/// The `wenshu` binary of the same build, run as a user runs it.
public enum WenshuBinary {
    private final class Marker {}

    /// The binary beside the test bundle; skips the test when it was not built.
    public static var url: URL {
        get throws {
            var dir = Bundle(for: Marker.self).bundleURL.deletingLastPathComponent()
            if !FileManager.default.fileExists(atPath: dir.appendingPathComponent("wenshu").path) { dir = Bundle.main.bundleURL }
            if !FileManager.default.fileExists(atPath: dir.appendingPathComponent("wenshu").path) { dir = Bundle.main.bundleURL.deletingLastPathComponent() }
            let url = dir.appendingPathComponent("wenshu")
            guard FileManager.default.isExecutableFile(atPath: url.path) else { throw XCTSkip("wenshu binary not built beside the tests (\(url.path))") }
            return url
        }
    }

    /// Runs `exe` (the binary, by default) with `args`; `stdin` is written to its input, `env`
    /// added to the environment. The exit status, standard output and standard error.
    @discardableResult
    public static func run(_ exe: URL? = nil, _ args: [String], stdin: String? = nil, env: [String: String] = [:]) throws -> (status: Int32, out: String, err: String) {
        let p = Process()
        p.executableURL = try exe ?? url
        p.arguments = args
        var environment = ProcessInfo.processInfo.environment
        for (k, v) in env { environment[k] = v }
        p.environment = environment
        let out = Pipe(), err = Pipe(), input = Pipe()
        p.standardOutput = out
        p.standardError = err
        p.standardInput = input
        try p.run()
        if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
        try input.fileHandleForWriting.close()
        let o = out.fileHandleForReading.readDataToEndOfFile(), e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: o, as: UTF8.self), String(decoding: e, as: UTF8.self))
    }
}
