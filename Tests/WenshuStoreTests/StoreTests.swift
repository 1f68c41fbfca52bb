import Foundation
import GRDB
import WenshuAnalysis
import WenshuStore
import WenshuText
import XCTest
import WenshuTestSupport

final class StoreTests: XCTestCase {
    func temp() throws -> URL {
        let d = FileManager.default.temporaryDirectory.appendingPathComponent("wenshu-store-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: d, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: d) }
        return d
    }

    func add(_ file: URL, to store: CorpusStore, indexer: CorpusIndexer, kind: ArchiveKind = .template) throws -> CorpusStore.AddResult {
        let source = try InputReader.read(file)
        let hash = CorpusIndexer.fileHash(source)
        return try store.add(indexer.prepare(source), sourcePath: source.file, fileHash: hash, kind: kind, org: "测试")
    }

    func testAddIsIdempotentByContentAndAChangedFileReplacesItsDocuments() throws {
        let dir = try temp()
        let store = try CorpusStore(path: dir.appendingPathComponent("a/corpus.sqlite").path)
        let indexer = try CorpusIndexer(dictionaries: StoreFixtures.dictionaries)
        var r = try add(StoreFixtures.seed, to: store, indexer: indexer)
        XCTAssertEqual(r.added, 5)
        r = try add(StoreFixtures.seed, to: store, indexer: indexer)
        XCTAssertEqual(r.unchangedFiles, 1)
        XCTAssertEqual(r.added, 0)
        // The same content under another name: every document is already stored.
        let copy = dir.appendingPathComponent("copy.txt")
        try FileManager.default.copyItem(at: StoreFixtures.seed, to: copy)
        r = try add(copy, to: store, indexer: indexer)
        XCTAssertEqual(r.added, 0)
        XCTAssertEqual(r.duplicates, 5)
        XCTAssertEqual(try store.stats().documents, 5)
        // A changed file at the same path replaces its documents.
        let draft = dir.appendingPathComponent("draft.txt")
        try StoreFixtures.draftText().write(to: draft, atomically: true, encoding: .utf8)
        XCTAssertEqual(try add(draft, to: store, indexer: indexer, kind: .draft).added, 1)
        try (StoreFixtures.draftText() + "\n二〇二三年十二月\n").write(to: draft, atomically: true, encoding: .utf8)
        r = try add(draft, to: store, indexer: indexer, kind: .draft)
        XCTAssertEqual(r.replaced, 1)
        XCTAssertEqual(r.added, 1)
        let stats = try store.stats()
        XCTAssertEqual(stats.documents, 6)
        XCTAssertEqual(stats.byKind, ["template": 5, "draft": 1])
        XCTAssertEqual(try store.consistencyProblems(), [])
    }

    func testListShowRemoveAndStats() throws {
        let store = try CorpusStore(path: temp().appendingPathComponent("c.sqlite").path)
        let indexer = try CorpusIndexer(dictionaries: StoreFixtures.dictionaries)
        _ = try add(StoreFixtures.seed, to: store, indexer: indexer)
        let docs = try store.list()
        XCTAssertEqual(docs.map(\.part), [0, 1, 2, 3, 4])
        XCTAssertEqual(docs[1].title, "政协工作总结和工作计划【第二篇】")
        XCTAssertEqual(docs[1].org, "测试")
        XCTAssertGreaterThan(docs[1].fingerprints, 100)
        let full = try store.document(id: docs[1].id)
        XCTAssertTrue(full.text.hasPrefix("政协工作总结和工作计划【第二篇】"))
        XCTAssertEqual(full.sections.first.map { $0.marker + $0.title }, "1、加强组织领导")
        // Section offsets point into the stored text.
        let s = full.sections[0]
        let scalars = Array(full.text.unicodeScalars)
        XCTAssertTrue(String(String.UnicodeScalarView(scalars[s.start..<s.end])).hasPrefix("1、加强组织领导"))
        XCTAssertTrue(full.topTerms.contains { $0.term == "提案" })
        // The stored text is the file's text at textStart.
        let file = Array(try String(contentsOf: StoreFixtures.seed, encoding: .utf8).unicodeScalars)
        XCTAssertEqual(String(String.UnicodeScalarView(file[full.textStart..<(full.textStart + scalars.count)])), full.text)
        XCTAssertEqual(try store.stats().byYear["2021"], 1)
        let (df, n) = try store.termDocumentFrequencies()
        XCTAssertEqual(n, 5)
        XCTAssertEqual(df["提案"], 3, "提案 is counted in three of the five documents")

        try store.remove(id: docs[1].id)
        XCTAssertEqual(try store.list().count, 4)
        XCTAssertThrowsError(try store.remove(id: docs[1].id)) { XCTAssertEqual($0 as? StoreError, .noSuchDocument(path: store.path, id: docs[1].id)) }
        XCTAssertEqual(try store.consistencyProblems(), [])
        XCTAssertEqual(try store.integrityCheck(), ["ok"])
    }

    func testCopyDetectionAgainstTheStoreMatchesTheFileLibrary() throws {
        let store = try CorpusStore(path: temp().appendingPathComponent("c.sqlite").path)
        let indexer = try CorpusIndexer(dictionaries: StoreFixtures.dictionaries)
        _ = try add(StoreFixtures.seed, to: store, indexer: indexer)
        let swaps = indexer.swaps
        let source = try InputReader.read(text: StoreFixtures.draftText(), file: "/tmp/draft.txt")
        let fromFiles = try Analyzer(structures: StructureLibrary(structures: []),
                                     rules: [CopyRule(library: CopyLibrary.load([StoreFixtures.seed], swaps: swaps))]).analyze(source)
        let rule = StoreCopyRule(store: store, swaps: swaps)
        let fromStore = try Analyzer(structures: StructureLibrary(structures: []), rules: [rule]).analyze(source)
        let a = fromFiles.documents.flatMap(\.findings).filter { $0.kind == "copied-text" }, b = fromStore.documents.flatMap(\.findings).filter { $0.kind == "copied-text" }
        XCTAssertFalse(a.isEmpty)
        XCTAssertEqual(a.map(\.range), b.map(\.range))
        XCTAssertEqual(a.map(\.source), b.map(\.source), "same source file, file ranges and similarity")
        XCTAssertTrue(b.allSatisfy { $0.message.contains("corpus store #4") }, b.map(\.message).joined(separator: "\n"))
    }

    func testOpeningANewStoreFromManyConnectionsAtOnceMigratesItOnce() throws {
        // An import and a reader (or two imports) may open a store that does not exist yet at
        // the same moment; each has its own connections, as separate processes would.
        for round in 0..<10 {
            let path = try temp().appendingPathComponent("race-\(round).sqlite").path
            let errors = ErrorBox()
            DispatchQueue.concurrentPerform(iterations: 8) { _ in
                do { _ = try CorpusStore(path: path) } catch { errors.append("\(error)") }
            }
            XCTAssertEqual(errors.values, [], "round \(round)")
            let store = try CorpusStore(path: path, create: false)
            XCTAssertEqual(try store.integrityCheck(), ["ok"])
            XCTAssertEqual(try store.stats().documents, 0)
        }
    }

    func testAForeignOrCorruptFileIsRefusedByName() throws {
        let dir = try temp()
        let text = dir.appendingPathComponent("notes.sqlite")
        try "这不是数据库".write(to: text, atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try CorpusStore(path: text.path)) { e in
            XCTAssertTrue(e.localizedDescription.contains(text.path), e.localizedDescription)
            XCTAssertTrue(e.localizedDescription.contains("not an SQLite database"), e.localizedDescription)
        }
        let foreign = dir.appendingPathComponent("other.sqlite")
        let q = try DatabaseQueue(path: foreign.path)
        try q.write { try $0.execute(sql: "CREATE TABLE invoices (id INTEGER PRIMARY KEY, amount REAL)") }
        try q.close()
        XCTAssertThrowsError(try CorpusStore(path: foreign.path)) { e in
            XCTAssertEqual(e as? StoreError, .notAStore(path: foreign.path, reason: "it is an SQLite database with other tables (invoices)"))
        }
        XCTAssertThrowsError(try CorpusStore(path: dir.appendingPathComponent("none.sqlite").path, create: false)) {
            XCTAssertEqual($0 as? StoreError, .missing(path: dir.appendingPathComponent("none.sqlite").path))
        }
        // A store whose pages were overwritten after the header.
        let damaged = dir.appendingPathComponent("damaged.sqlite")
        do {
            let store = try CorpusStore(path: damaged.path)
            _ = try add(StoreFixtures.seed, to: store, indexer: CorpusIndexer(dictionaries: StoreFixtures.dictionaries, countTerms: false))
            try store.checkpoint()
        }
        var bytes = try Data(contentsOf: damaged)
        for i in stride(from: 4096, to: bytes.count, by: 7) { bytes[i] = UInt8(truncatingIfNeeded: i &* 31) }
        try bytes.write(to: damaged)
        try? FileManager.default.removeItem(atPath: damaged.path + "-wal")
        try? FileManager.default.removeItem(atPath: damaged.path + "-shm")
        XCTAssertThrowsError(try { let s = try CorpusStore(path: damaged.path); _ = try s.list(); _ = try s.stats() }()) { e in
            XCTAssertTrue(e.localizedDescription.hasPrefix(damaged.path + ":"), e.localizedDescription)
        }
    }
}

/// The `wenshu` binary: corpus commands, errors and exit statuses, kill -9 during an import.
final class CorpusCommandLineTests: XCTestCase {
    /// The `wenshu` binary of the same build (WenshuTestSupport).
    var binary: URL { get throws { try WenshuBinary.url } }

    /// Runs the wenshu binary with `args`; or runs `executable` with `prefix`, the binary and
    /// `args` (to run it as another user). The shared runner, with the repository's dictionaries.
    @discardableResult
    func run(_ args: [String], executable: URL? = nil, prefix: [String] = []) throws -> (status: Int32, out: String, err: String) {
        let env = StoreFixtures.environment
        guard let executable else { return try WenshuBinary.run(args, env: env) }
        return try WenshuBinary.run(executable, prefix + [try binary.path] + args, env: env)
    }

    func temp() throws -> URL {
        let d = FileManager.default.temporaryDirectory.appendingPathComponent("wenshu-corpus-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: d, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: d) }
        return d
    }

    func testCorpusCommandsAndStoreBackedCompare() throws {
        let dir = try temp()
        let store = dir.appendingPathComponent("corpus.sqlite").path
        var r = try run(["corpus", "add", StoreFixtures.seed.path, "--kind", "template", "--store", store])
        XCTAssertEqual(r.status, 0, r.err)
        XCTAssertTrue(r.out.contains("5 document(s) added"), r.out)
        r = try run(["corpus", "stats", "--store", store, "--format", "json"])
        let stats = try JSONSerialization.jsonObject(with: Data(r.out.utf8)) as? [String: Any]
        XCTAssertEqual(stats?["documents"] as? Int, 5)
        XCTAssertEqual(stats?["byKind"] as? [String: Int], ["template": 5])
        r = try run(["corpus", "list", "--store", store, "--format", "json"])
        XCTAssertEqual((try JSONSerialization.jsonObject(with: Data(r.out.utf8)) as? [Any])?.count, 5)
        r = try run(["corpus", "show", "2", "--store", store])
        XCTAssertTrue(r.out.contains("1、加强组织领导"), r.out)

        let draft = dir.appendingPathComponent("draft.txt")
        try StoreFixtures.draftText().write(to: draft, atomically: true, encoding: .utf8)
        r = try run(["compare", draft.path, "--store", store, "--format", "json"])
        XCTAssertEqual(r.status, 0, r.err)
        let json = try JSONSerialization.jsonObject(with: Data(r.out.utf8)) as? [String: Any]
        XCTAssertGreaterThan(json?["copyRatio"] as? Double ?? 0, 0.8, r.out)
        r = try run(["check", draft.path, "--store", store])
        XCTAssertEqual(r.status, 1, "copied-text with a copy ratio ≥ 50 % is an error")
        XCTAssertTrue(r.out.contains("[copied-text]"), r.out)

        r = try run(["corpus", "remove", "4", "--store", store])
        XCTAssertEqual(r.status, 0, r.err)
        XCTAssertEqual(try run(["corpus", "remove", "4", "--store", store]).status, 2)
        XCTAssertEqual(try run(["corpus", "show", "99", "--store", store]).status, 2)
    }

    /// A store the user may only read (another user's file in a folder they cannot write: no
    /// -shm file can be made beside it) is listed, shown and checked against; changing it is
    /// refused with a message that says why. As root the commands run as `nobody`.
    func testAReadOnlyStoreCanBeReadButNotChanged() throws {
        let dir = try temp()
        let store = dir.appendingPathComponent("ro/corpus.sqlite").path
        XCTAssertEqual(try run(["corpus", "add", StoreFixtures.seed.path, "--store", store]).status, 0)
        let folder = dir.appendingPathComponent("ro").path
        var prefix: [String] = []
        if getuid() == 0 {
            guard FileManager.default.isExecutableFile(atPath: "/usr/sbin/runuser") else { throw XCTSkip("running as root without runuser: cannot act as another user") }
            prefix = ["/usr/sbin/runuser", "-u", "nobody", "--"]
            // nobody must reach the binary, the dictionaries and the store, and write none of it.
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: dir.path)
        } else {
            addTeardownBlock { try? FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: folder) }
        }
        try FileManager.default.setAttributes([.posixPermissions: 0o555], ofItemAtPath: folder)
        try FileManager.default.setAttributes([.posixPermissions: 0o444], ofItemAtPath: store)
        func runAs(_ args: [String]) throws -> (status: Int32, out: String, err: String) {
            guard !prefix.isEmpty else { return try run(args) }
            return try run(args, executable: URL(fileURLWithPath: prefix[0]), prefix: Array(prefix.dropFirst()))
        }
        let list = try runAs(["corpus", "list", "--store", store])
        XCTAssertEqual(list.status, 0, list.err)
        XCTAssertEqual(list.out.split(separator: "\n").count, 5, list.out)
        let draft = dir.appendingPathComponent("draft.txt")
        try StoreFixtures.draftText().write(to: draft, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: draft.path)
        let check = try runAs(["check", draft.path, "--store", store])
        XCTAssertNotEqual(check.status, 2, check.err)
        XCTAssertTrue(check.out.contains("copied-text"), check.out)
        let add = try runAs(["corpus", "add", StoreFixtures.seed.path, "--store", store])
        XCTAssertEqual(add.status, 2)
        XCTAssertTrue(add.err.contains("read-only for this user"), add.err)
        let remove = try runAs(["corpus", "remove", "1", "--store", store])
        XCTAssertTrue(remove.err.contains("read-only for this user"), remove.err)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: folder)
    }

    func testABadStoreExitsTwoNamingTheFile() throws {
        let dir = try temp()
        let bad = dir.appendingPathComponent("bad.sqlite")
        try Data((0..<5000).map { UInt8(truncatingIfNeeded: $0 &* 7) }).write(to: bad)
        for args in [["corpus", "stats", "--store", bad.path], ["corpus", "add", StoreFixtures.seed.path, "--store", bad.path],
                     ["check", StoreFixtures.seed.path, "--store", bad.path], ["compare", StoreFixtures.seed.path, "--store", bad.path],
                     ["corpus", "list", "--store", dir.appendingPathComponent("missing.sqlite").path]] {
            let r = try run(args)
            XCTAssertEqual(r.status, 2, args.joined(separator: " "))
            XCTAssertTrue(r.err.contains(dir.path), r.err)
        }
    }

    /// A file that cannot be read is said and skipped; the files before and after it are stored,
    /// with any number of threads, and the exit status says that not everything was imported.
    func testABadFileIsSkippedAndTheRestOfTheFolderImported() throws {
        let dir = try temp()
        let docs = dir.appendingPathComponent("docs")
        try FileManager.default.createDirectory(at: docs, withIntermediateDirectories: true)
        let seed = try String(contentsOf: StoreFixtures.seed, encoding: .utf8)
        try seed.write(to: docs.appendingPathComponent("0.txt"), atomically: true, encoding: .utf8)
        try Data([0x50, 0x4B, 0x03, 0x04, 0x00, 0x00, 0x01, 0x02]).write(to: docs.appendingPathComponent("1.txt"))
        try seed.replacingOccurrences(of: "政协", with: "人大").write(to: docs.appendingPathComponent("2.txt"), atomically: true, encoding: .utf8)
        try Data().write(to: docs.appendingPathComponent("3.txt"))
        for jobs in ["1", "3"] {
            let store = dir.appendingPathComponent("corpus-\(jobs).sqlite").path
            let r = try run(["corpus", "add", docs.path, "--store", store, "--no-terms", "--jobs", jobs])
            XCTAssertEqual(r.status, 2, r.err)
            let said = r.err.split(separator: "\n").filter { $0.hasPrefix("wenshu: not imported: ") }
            XCTAssertEqual(said.count, 2, r.err)
            XCTAssertTrue(said[0].contains(docs.appendingPathComponent("1.txt").path), r.err)
            XCTAssertTrue(said[1].contains(docs.appendingPathComponent("3.txt").path) && said[1].contains("empty"), r.err)
            XCTAssertTrue(r.out.contains("4 file(s): 10 document(s) added, 2 file(s) not imported (said above)"), r.out)
            let stored = try CorpusStore(path: store, create: false).list()
            XCTAssertEqual(Set(stored.map { URL(fileURLWithPath: $0.sourcePath).lastPathComponent }), ["0.txt", "2.txt"])
            XCTAssertEqual(stored.count, 10)
            // Run again: the good files are unchanged, the bad ones said again.
            let again = try run(["corpus", "add", docs.path, "--store", store, "--no-terms", "--jobs", jobs])
            XCTAssertEqual(again.status, 2)
            XCTAssertTrue(again.out.contains("0 document(s) added, 2 file(s) unchanged, 2 file(s) not imported"), again.out)
        }
    }

    func testKeywordsWithTheStoreUseTheArchiveIDF() throws {
        let dir = try temp()
        let files = try StoreFixtures.datedReports(in: dir)
        let store = dir.appendingPathComponent("corpus.sqlite").path
        var r = try run(["corpus", "add", dir.path, "--store", store])
        XCTAssertEqual(r.status, 0, r.err)
        let (df, n) = try CorpusStore(path: store, create: false).termDocumentFrequencies()
        XCTAssertEqual(n, 5)
        func keywords(_ args: [String]) throws -> [String: Double] {
            let r = try run(["keywords", files[1].path, "--top", "200", "--format", "json"] + args)
            XCTAssertEqual(r.status, 0, r.err)
            let json = try JSONSerialization.jsonObject(with: Data(r.out.utf8)) as? [[String: Any]]
            let list: [[String: Any]] = json?.first?["keywords"] as? [[String: Any]] ?? []
            var weights: [String: Double] = [:]
            for k in list { if let t = k["term"] as? String, let w = k["weight"] as? Double { weights[t] = w } }
            return weights
        }
        let archive = try keywords(["--store", store]), bundled = try keywords([])
        let everywhere = archive.keys.filter { df[$0] == 5 }
        XCTAssertFalse(everywhere.isEmpty)
        for t in everywhere {
            XCTAssertEqual(archive[t], 0, "\(t) is in every stored document")
            XCTAssertGreaterThan(bundled[t] ?? 1, 0, t)
        }
        // A term of this report alone weighs tf × ln 5.
        let own = archive.filter { df[$0.key] == 1 }.max { $0.value < $1.value }
        XCTAssertNotNil(own)
        XCTAssertGreaterThan(own!.value, 0)

        r = try run(["keywords", files[1].path, "--store", store, "--idf", "x.idf"])
        XCTAssertEqual(r.status, 2, r.err)
        XCTAssertTrue(r.err.contains("either --idf or --store"), r.err)
        let bare = dir.appendingPathComponent("bare.sqlite").path
        XCTAssertEqual(try run(["corpus", "add", files[0].path, "--no-terms", "--store", bare]).status, 0)
        r = try run(["keywords", files[1].path, "--store", bare])
        XCTAssertEqual(r.status, 2)
        XCTAssertTrue(r.err.contains(bare) && r.err.contains("no term counts"), r.err)
    }

    func testThemesByYearWithTheStoreReportOverTheStoredYears() throws {
        let dir = try temp()
        let reports = dir.appendingPathComponent("archive")
        try FileManager.default.createDirectory(at: reports, withIntermediateDirectories: true)
        let files = try StoreFixtures.datedReports(in: reports)
        let store = dir.appendingPathComponent("corpus.sqlite").path
        XCTAssertEqual(try run(["corpus", "add", reports.path, "--store", store]).status, 0)
        // Templates are stored too, but a trend is over the reports unless --kind says otherwise.
        let templates = dir.appendingPathComponent("templates")
        try FileManager.default.createDirectory(at: templates, withIntermediateDirectories: true)
        let template = templates.appendingPathComponent("2010.txt")
        try String(contentsOf: files[2], encoding: .utf8).replacingOccurrences(of: "政协", with: "人大").write(to: template, atomically: true, encoding: .utf8)
        XCTAssertEqual(try run(["corpus", "add", template.path, "--kind", "template", "--store", store]).status, 0)

        func years(_ args: [String]) throws -> [Int: Int] {
            let r = try run(["themes", "--by-year", "--format", "json", "--store", store] + args)
            XCTAssertEqual(r.status, 0, r.err)
            let json = try JSONSerialization.jsonObject(with: Data(r.out.utf8)) as? [String: Any]
            let list: [[String: Any]] = json?["years"] as? [[String: Any]] ?? []
            var counts: [Int: Int] = [:]
            for y in list {
                XCTAssertFalse((y["keywords"] as? [Any] ?? []).isEmpty, r.out)
                if let year = y["year"] as? Int, let n = y["documents"] as? Int { counts[year] = n }
            }
            return counts
        }
        // The archive alone.
        XCTAssertEqual(try years([]), [2018: 1, 2019: 1, 2020: 1, 2021: 1, 2022: 1])
        XCTAssertEqual(try years(["--kind", "report", "--kind", "template"]), [2010: 1, 2018: 1, 2019: 1, 2020: 1, 2021: 1, 2022: 1])
        // A new year's report joins the stored years.
        let draft = dir.appendingPathComponent("2023.txt")
        try (String(contentsOf: files[3], encoding: .utf8) + "\n加强新质生产力调研。\n").write(to: draft, atomically: true, encoding: .utf8)
        XCTAssertEqual(try years([draft.path]), [2018: 1, 2019: 1, 2020: 1, 2021: 1, 2022: 1, 2023: 1])
        // A stored file named again is counted once.
        XCTAssertEqual(try years([files[0].path]), [2018: 1, 2019: 1, 2020: 1, 2021: 1, 2022: 1])
        // Text output names the stored years too.
        let text = try run(["themes", draft.path, "--by-year", "--store", store])
        XCTAssertTrue(text.out.contains("2018 (1 document)") && text.out.contains("2023 (1 document)"), text.out)

        for args in [["themes", "--store", store], ["themes", "--by-year"], ["themes", draft.path, "--by-year", "--kind", "report"]] {
            let r = try run(args)
            XCTAssertEqual(r.status, 2, args.joined(separator: " "))
            XCTAssertTrue(r.err.contains("--store") || r.err.contains("name at least one"), r.err)
        }
    }

    func testKillDuringImportLosesNothingCommittedAndLeavesAConsistentStore() throws {
        let dir = try temp()
        let store = dir.appendingPathComponent("corpus.sqlite").path
        // Reads work while the import runs (WAL).
        try StoreFixtures.assertKilledImportLeavesWholeFiles(store: store, pages: 200, in: dir) {
            FileManager.default.fileExists(atPath: store) ? try? CorpusStore(path: store, create: false) : nil
        }
    }
}

final class ErrorBox: @unchecked Sendable {
    private let lock = NSLock()
    private var list: [String] = []
    func append(_ s: String) { lock.lock(); list.append(s); lock.unlock() }
    var values: [String] { lock.lock(); defer { lock.unlock() }; return list }
}
