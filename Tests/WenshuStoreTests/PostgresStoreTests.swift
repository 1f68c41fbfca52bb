import Foundation
import WenshuAnalysis
import WenshuStore
import WenshuText
import XCTest
import WenshuTestSupport

/// The PostgreSQL store against a real server (see `PostgresTestServer`): the same outputs as
/// the SQLite store, concurrent imports, kill -9 during an import, organisation scope.
final class PostgresStoreTests: XCTestCase {
    /// The `wenshu` binary of the same build (WenshuTestSupport).
    var binary: URL { get throws { try WenshuBinary.url } }

    func temp() throws -> URL {
        let d = FileManager.default.temporaryDirectory.appendingPathComponent("wenshu-pg-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: d, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: d) }
        return d
    }

    /// The shared runner, with the repository's dictionaries and no default store.
    @discardableResult
    func run(_ args: [String], env extra: [String: String] = [:]) throws -> (status: Int32, out: String, err: String) {
        var env = StoreFixtures.environment
        for (k, v) in extra { env[k] = v }
        return try WenshuBinary.run(args, env: env, unset: extra["WENSHU_STORE"] == nil ? ["WENSHU_STORE"] : [])
    }

    /// An output with the store's location and the import times taken out.
    static func normalized(_ s: String, store: String) -> String {
        var s = s.replacingOccurrences(of: store, with: "STORE")
        s = s.replacingOccurrences(of: #""addedAt"\s*:\s*"[^"]*""#, with: "\"addedAt\":\"T\"", options: .regularExpression)
        s = s.replacingOccurrences(of: #"added \d{4}-\d\d-\d\dT[0-9:]+Z"#, with: "added T", options: .regularExpression)
        return s
    }

    func testEveryStoreCommandGivesTheSameOutputOnSQLiteAndPostgreSQL() throws {
        let pg = try PostgresTestServer.freshURL()
        let dir = try temp()
        let (archive, draft) = try StoreFixtures.archiveAndDraft(in: dir)
        let sqlite = dir.appendingPathComponent("corpus.sqlite").path
        let shown = try PostgresCorpusStore(url: pg).path

        let commands: [[String]] = [
            // One organisation: content is unique within an organisation on PostgreSQL, in the
            // whole file on SQLite (which holds one office's archive).
            ["corpus", "add", archive.path, "--org", "测试"],
            ["corpus", "add", StoreFixtures.seed.path, "--kind", "template", "--org", "测试"],
            ["corpus", "add", archive.path, "--org", "测试"],
            ["corpus", "list"], ["corpus", "list", "--format", "json"], ["corpus", "list", "--kind", "template"],
            ["corpus", "show", "2"], ["corpus", "show", "4"], ["corpus", "show", "99"],
            ["corpus", "stats", "--format", "json"],
            ["check", draft.path], ["check", draft.path, "--format", "json"],
            ["compare", draft.path, "--format", "json"], ["compare", "--all", archive.path],
            ["keywords", draft.path, "--top", "30", "--format", "json"],
            ["themes", "--by-year", "--format", "json"], ["themes", draft.path, "--by-year"],
            ["themes", "--by-year", "--kind", "template", "--kind", "report", "--format", "json"],
            ["corpus", "remove", "3"], ["corpus", "remove", "3"], ["corpus", "list", "--format", "json"],
            ["corpus", "stats", "--format", "json"],
        ]
        for args in commands {
            let a = try run(args + ["--store", sqlite])
            let b = try run(args + ["--store", pg])
            let what = args.map { $0.replacingOccurrences(of: dir.path, with: "") }.joined(separator: " ")
            XCTAssertEqual(a.status, b.status, "\(what): exit status (\(a.err) / \(b.err))")
            XCTAssertEqual(Self.normalized(a.out, store: sqlite), Self.normalized(b.out, store: shown), what)
            if a.status == 2 { XCTAssertTrue(b.err.contains(shown), "\(what): \(b.err)") }
        }
        // WENSHU_STORE is the corpus commands' default store.
        let viaEnv = try run(["corpus", "stats", "--format", "json"], env: ["WENSHU_STORE": pg])
        XCTAssertEqual(viaEnv.out, try run(["corpus", "stats", "--format", "json", "--store", pg]).out)
        let stats = try JSONSerialization.jsonObject(with: Data(viaEnv.out.utf8)) as? [String: Any]
        XCTAssertEqual(stats?["documents"] as? Int, 4, viaEnv.out)
        let store = try PostgresCorpusStore(url: pg, create: false)
        XCTAssertEqual(try store.integrityCheck(), ["ok"])
        XCTAssertEqual(try store.consistencyProblems(), [])
    }

    func testTwoImportsAtOnceStoreEachDocumentOnce() throws {
        let pg = try PostgresTestServer.freshURL()
        _ = try PostgresCorpusStore(url: pg)
        let dir = try temp()
        let docs = dir.appendingPathComponent("docs")
        try StoreFixtures.numberedPages(0..<30, in: docs)
        // The same pages under another folder: other source paths, the same contents.
        let copy = dir.appendingPathComponent("copy")
        try FileManager.default.copyItem(at: docs, to: copy)
        let binary = try binary
        var processes: [Process] = []
        for folder in [docs, copy, docs] {
            let p = Process()
            p.executableURL = binary
            p.arguments = ["corpus", "add", folder.path, "--store", pg, "--no-terms", "--jobs", "1"]
            p.environment = ProcessInfo.processInfo.environment.merging(StoreFixtures.environment) { $1 }
            p.standardOutput = FileHandle.nullDevice
            processes.append(p)
        }
        for p in processes { try p.run() }
        for p in processes { p.waitUntilExit(); XCTAssertEqual(p.terminationStatus, 0) }
        let store = try PostgresCorpusStore(url: pg, create: false)
        let listed = try store.list()
        XCTAssertEqual(listed.count, 30 * 5, "every content once")
        XCTAssertEqual(Set(listed.map(\.contentHash)).count, listed.count)
        XCTAssertEqual(try store.consistencyProblems(), [])
    }

    func testKillDuringImportLeavesWholeFilesAndAConsistentStore() throws {
        let pg = try PostgresTestServer.freshURL()
        try StoreFixtures.assertKilledImportLeavesWholeFiles(store: pg, pages: 200, in: try temp()) {
            try? PostgresCorpusStore(url: pg, create: false)
        }
    }

    func testAStoreScopedToAnOrganisationNeverShowsOrMatchesAnotherOrganisationsText() throws {
        let pg = try PostgresTestServer.freshURL()
        let indexer = try CorpusIndexer(dictionaries: StoreFixtures.dictionaries, countTerms: false)
        let all = try PostgresCorpusStore(url: pg)
        // 人大 stores the seed page; 政协 stores nothing the draft was copied from.
        let source = try InputReader.read(StoreFixtures.seed)
        try all.add(indexer.prepare(source), sourcePath: source.file, fileHash: CorpusIndexer.fileHash(source), kind: .template, org: "人大")
        let other = try InputReader.read(text: "关于加强机关作风建设的工作总结\n一、基本情况\n今年以来，我们围绕中心工作，认真履行职责，各项工作取得新进展。\n", file: "/other/1.txt")
        try all.add(indexer.prepare(other), sourcePath: other.file, fileHash: CorpusIndexer.fileHash(other), kind: .report, org: "政协")
        XCTAssertEqual(try all.stats().documents, 6)

        let draft = try InputReader.read(text: StoreFixtures.draftText(), file: "/drafts/draft.txt")
        let swaps = try SwapUndoer.load(contentsOf: StoreFixtures.dictionaries.url("phrases/synonyms.txt"))
        func findings(_ store: PostgresCorpusStore) throws -> [Finding] {
            let rule = StoreCopyRule(store: store, swaps: swaps)
            let page = try Analyzer(structures: StructureLibrary(structures: []), rules: [rule]).analyze(draft)
            return page.documents.flatMap(\.findings).filter { $0.kind == "copied-text" }
        }
        let owner = try PostgresCorpusStore(url: pg, create: false, org: "人大")
        let stranger = try PostgresCorpusStore(url: pg, create: false, org: "政协")
        XCTAssertFalse(try findings(owner).isEmpty, "the owner's own archive is matched")
        XCTAssertFalse(try findings(all).isEmpty)
        let foreign = try findings(stranger)
        XCTAssertEqual(foreign.count, 0, "another organisation's text is never quoted: \(foreign.map(\.message))")

        // Listing, showing, counting, IDF and the trend see the organisation's rows only.
        XCTAssertEqual(try stranger.list().map(\.org), ["政协"])
        XCTAssertEqual(try owner.list().count, 5)
        let foreignID = try owner.list()[0].id
        XCTAssertThrowsError(try stranger.document(id: foreignID)) { e in
            XCTAssertEqual(e as? StoreError, .noSuchDocument(path: stranger.path, id: foreignID))
        }
        XCTAssertThrowsError(try stranger.remove(id: foreignID))
        XCTAssertEqual(try stranger.stats().documents, 1)
        let lib = try stranger.candidates(for: draft.paragraphsForTest(), swaps: swaps)
        XCTAssertTrue(lib.ids.isEmpty)
        XCTAssertEqual(lib.storedDocuments, 1)
        // A scoped store adds only its own organisation's documents.
        XCTAssertThrowsError(try stranger.add(indexer.prepare(source), sourcePath: "/x.txt", fileHash: "x", kind: .report, org: "人大"))
        XCTAssertEqual(try all.consistencyProblems(), [])
    }
}

extension SourceDocument {
    func paragraphsForTest() throws -> [Paragraph] {
        let text = try Normalizer(options: .documents).normalize(self.text)
        return ParagraphSplitter.paragraphs(of: text)
    }
}
