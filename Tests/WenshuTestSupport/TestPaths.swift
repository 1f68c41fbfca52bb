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

    /// Runs `exe` (the binary, by default) with `args` (`TestProcess.run`); `stdin` is its
    /// input, `env` added to the environment, `unset` taken out of it. The exit status, standard
    /// output and standard error.
    @discardableResult
    public static func run(_ exe: URL? = nil, _ args: [String], stdin: String? = nil, env: [String: String] = [:],
                           unset: [String] = []) throws -> (status: Int32, out: String, err: String) {
        let r = try TestProcess.run(exe ?? url, args, stdin: stdin.map { Data($0.utf8) }, env: env, unset: unset)
        return (r.status, String(decoding: r.out, as: UTF8.self), String(decoding: r.err, as: UTF8.self))
    }

    /// Runs the binary with `args` (as `run(nil, args, …)`).
    @discardableResult
    public static func run(_ args: [String], stdin: String? = nil, env: [String: String] = [:],
                           unset: [String] = []) throws -> (status: Int32, out: String, err: String) {
        try run(nil, args, stdin: stdin, env: env, unset: unset)
    }
}

/// The one way the tests run a program and collect what it wrote.
public enum TestProcess {
    public struct Result: Sendable {
        public let status: Int32
        public let out: Data
        public let err: Data
    }

    private final class Box: @unchecked Sendable { var data = Data() }

    /// Runs `exe` with `args` and waits for it. Its input is `stdin` (read from a temporary file,
    /// so that a program that stops reading early can neither block the test nor break a pipe;
    /// none: empty), its environment the test's with `env` added and `unset` removed. Standard
    /// output and standard error are read at the same time, so that a program that writes much
    /// to both cannot fill one pipe and wait on it forever.
    public static func run(_ exe: URL, _ args: [String], stdin: Data? = nil, env: [String: String] = [:],
                           unset: [String] = []) throws -> Result {
        let p = Process()
        p.executableURL = exe
        p.arguments = args
        var environment = ProcessInfo.processInfo.environment
        for (k, v) in env { environment[k] = v }
        for k in unset { environment[k] = nil }
        p.environment = environment
        var inputFile: URL? = nil
        defer { if let inputFile { try? FileManager.default.removeItem(at: inputFile) } }
        if let stdin {
            let file = FileManager.default.temporaryDirectory.appendingPathComponent("wenshu-test-stdin-\(UUID().uuidString)")
            try stdin.write(to: file)
            inputFile = file
            p.standardInput = try FileHandle(forReadingFrom: file)
        } else {
            p.standardInput = FileHandle.nullDevice
        }
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        let errors = Box()
        let done = DispatchSemaphore(value: 0)
        let errorReader = err.fileHandleForReading
        Thread { errors.data = errorReader.readDataToEndOfFile(); done.signal() }.start()
        let o = out.fileHandleForReading.readDataToEndOfFile()
        done.wait()
        p.waitUntilExit()
        return Result(status: p.terminationStatus, out: o, err: errors.data)
    }
}
