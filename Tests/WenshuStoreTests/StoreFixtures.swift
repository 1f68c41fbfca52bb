import Foundation
import WenshuStore
import WenshuTestSupport
import WenshuText
import XCTest

/// The documents the store tests read and what they expect of them, in one place: the SQLite
/// tests and the PostgreSQL tests read the same files by construction, and a test that runs on
/// both stores checks both with the same code.
enum StoreFixtures {
    static let root = TestPaths.root
    static let dictionaries = TestPaths.dictionaries
    /// The seed page: five 政协 documents of a template site.
    static let seed = TestPaths.seed
    /// The environment the `wenshu` binary runs with: the repository's dictionaries.
    static let environment = ["WENSHU_DICTIONARIES": dictionaries.root.path]

    /// 第四篇 of the seed page with its place name changed: a copy of stored document 4.
    static func draftText() throws -> String {
        let text = try String(contentsOf: seed, encoding: .utf8)
        guard let a = text.range(of: "政协工作总结和工作计划【第四篇】")?.upperBound,
              let b = text.range(of: "政协工作总结和工作计划【第五篇】")?.lowerBound else {
            throw XCTSkip("the seed page \(seed.path) no longer has its 第四篇 and 第五篇 titles")
        }
        return "宣传文体专委工作总结\n" + text[a..<b].replacingOccurrences(of: "罗定", with: "云安")
    }

    /// The five documents of the seed page, each in its own file named by a year (2018.txt …
    /// 2022.txt), so that each is one dated report.
    static func datedReports(in dir: URL) throws -> [URL] {
        let text = try String(contentsOf: seed, encoding: .utf8)
        var starts: [String.Index] = []
        for k in ["一", "二", "三", "四", "五"] {
            guard let r = text.range(of: "政协工作总结和工作计划【第\(k)篇】") else { throw XCTSkip("the seed page has no 【第\(k)篇】 title") }
            starts.append(r.lowerBound)
        }
        var files: [URL] = []
        for (i, a) in starts.enumerated() {
            let b = i + 1 < starts.count ? starts[i + 1] : text.endIndex
            let url = dir.appendingPathComponent("\(2018 + i).txt")
            // Drop the page's junk after the last document.
            var body = String(text[a..<b])
            if i == starts.count - 1, let junk = body.range(of: "\n", options: .backwards, range: body.index(body.endIndex, offsetBy: -200)..<body.endIndex) {
                body = String(body[..<junk.lowerBound])
            }
            try body.write(to: url, atomically: true, encoding: .utf8)
            files.append(url)
        }
        return files
    }

    /// The seed page once per `i` in `numbers`, 政协 renamed 政协第i届: pages of five documents
    /// that differ from each other, written into `dir` as `name(i)`.
    @discardableResult
    static func numberedPages(_ numbers: Range<Int>, in dir: URL, name: (Int) -> String = { String(format: "%04d.txt", $0) }) throws -> [URL] {
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let text = try String(contentsOf: seed, encoding: .utf8)
        return try numbers.map { i in
            let url = dir.appendingPathComponent(name(i))
            try text.replacingOccurrences(of: "政协", with: "政协第\(i)届").write(to: url, atomically: true, encoding: .utf8)
            return url
        }
    }

    /// The archive of the command comparisons: the dated reports in `dir/archive`, and the draft
    /// (a copy of document 4) as `dir/draft.txt`.
    static func archiveAndDraft(in dir: URL) throws -> (archive: URL, draft: URL) {
        let archive = dir.appendingPathComponent("archive")
        try FileManager.default.createDirectory(at: archive, withIntermediateDirectories: true)
        _ = try datedReports(in: archive)
        let draft = dir.appendingPathComponent("draft.txt")
        try draftText().write(to: draft, atomically: true, encoding: .utf8)
        return (archive, draft)
    }

    /// `corpus add` of `pages` numbered pages into `store` (a path or a postgres:// URL), killed
    /// with SIGKILL once at least 25 documents are committed; then what a kill may leave: a
    /// sound, consistent store that lost nothing committed and holds whole files only, which a
    /// second import completes. `open` opens the store (nil while it cannot be opened yet).
    static func assertKilledImportLeavesWholeFiles(store: String, pages: Int, in dir: URL, open: () -> (any CorpusArchive)?,
                                                   file: StaticString = #filePath, line: UInt = #line) throws {
        let docs = dir.appendingPathComponent("docs")
        try numberedPages(0..<pages, in: docs)
        let p = Process()
        p.executableURL = try WenshuBinary.url
        // One indexing thread: the import must still be running, a few commits in, when it is
        // killed (commits come about once a second; on several threads 600 documents could all
        // be in the first). What is tested is the writer's whole-file commits, the same either way.
        p.arguments = ["corpus", "add", docs.path, "--store", store, "--no-terms", "--jobs", "1"]
        p.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        p.standardOutput = FileHandle.nullDevice
        try p.run()
        // Reads work while the import runs: wait until some files are committed.
        var seen = 0
        let deadline = Date().addingTimeInterval(60)
        while seen < 25 && Date() < deadline && p.isRunning {
            Thread.sleep(forTimeInterval: 0.05)
            if let s = open() { seen = (try? s.stats().documents) ?? 0 }
        }
        XCTAssertTrue(p.isRunning, "the import finished before it could be killed; make it larger", file: file, line: line)
        kill(p.processIdentifier, SIGKILL)
        p.waitUntilExit()
        XCTAssertEqual(p.terminationReason, .uncaughtSignal, file: file, line: line)

        let reopened = try XCTUnwrap(open(), "the store opens after the kill", file: file, line: line)
        XCTAssertEqual(try reopened.integrityCheck(), ["ok"], file: file, line: line)
        XCTAssertEqual(try reopened.consistencyProblems(), [], file: file, line: line)
        let n = try reopened.stats().documents
        XCTAssertGreaterThanOrEqual(n, seen, "nothing committed is lost", file: file, line: line)
        XCTAssertEqual(n % 5, 0, "whole files only: each page has five documents", file: file, line: line)
        XCTAssertLessThan(n, pages * 5, file: file, line: line)
        // Importing again completes the rest.
        let r = try WenshuBinary.run(["corpus", "add", docs.path, "--store", store, "--no-terms"], env: environment)
        XCTAssertEqual(r.status, 0, r.err, file: file, line: line)
        XCTAssertEqual(try reopened.stats().documents, pages * 5, file: file, line: line)
        XCTAssertEqual(try reopened.consistencyProblems(), [], file: file, line: line)
    }
}
