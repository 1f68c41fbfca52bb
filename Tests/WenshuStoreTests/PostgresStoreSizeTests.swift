import Foundation
import WenshuAnalysis
@testable import WenshuStore
import WenshuText
import XCTest
import WenshuTestSupport

/// The store's size levers (migration v2): `fingerprints` without positions, `fingerprint_df`
/// rows only for fingerprints of 2 documents or more — the same candidates and findings as
/// SQLite, also across organisations, and a v1 store migrated in place.
final class PostgresStoreSizeTests: XCTestCase {
    static let govreports = StoreTests.root.appendingPathComponent("../shared/corpus/govreports").standardized

    func temp() throws -> URL {
        let d = FileManager.default.temporaryDirectory.appendingPathComponent("wenshu-pgsize-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: d, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: d) }
        return d
    }

    func testAVersion1StoreIsMigratedInPlace() throws {
        let pg = try PostgresTestServer.freshURL()
        let old = try PostgresCorpusStore(url: pg, create: true, org: nil, connections: 2, migrations: 1)
        XCTAssertEqual(try old.integrityCheck(), ["schema migrations v1"])
        // Three documents as a v1 import stored them: a row per fingerprint position (hash 11
        // twice in document 1) and a frequency row for every fingerprint and organisation.
        _ = try old.rows("""
            INSERT INTO documents (content_hash, source_path, file_hash, part, kind, genre, org, added_at, text, text_start, characters, fingerprint_count)
            VALUES ('c1', '/a.txt', 'f1', 0, 'report', '工作总结', '甲', 'T', '一', 0, 1, 3),
                   ('c2', '/b.txt', 'f2', 0, 'report', '工作总结', '甲', 'T', '二', 0, 1, 2),
                   ('c3', '/c.txt', 'f3', 0, 'report', '工作总结', '乙', 'T', '三', 0, 1, 2)
            """)
        _ = try old.rows("INSERT INTO fingerprints (hash, document_id, position) VALUES (11, 1, 0), (11, 1, 5), (12, 1, 1), (11, 2, 0), (12, 2, 3), (11, 3, 0), (13, 3, 2)")
        _ = try old.rows("INSERT INTO fingerprint_df (org, hash, df) VALUES ('甲', 11, 2), ('甲', 12, 2), ('乙', 11, 1), ('乙', 13, 1)")
        XCTAssertEqual(try old.consistencyProblems(), ["2 fingerprint document frequencies out of step"],
                       "v2's check: rows of one document are not kept")

        let store = try PostgresCorpusStore(url: pg, create: false)
        XCTAssertEqual(try store.integrityCheck(), ["ok"])
        XCTAssertEqual(try store.rows("SELECT id FROM wenshu_migrations ORDER BY id").map { try $0[0].decode(String.self) }, ["v1", "v2"])
        XCTAssertEqual(try store.rows("SELECT column_name FROM information_schema.columns WHERE table_name = 'fingerprints' ORDER BY ordinal_position")
            .map { try $0[0].decode(String.self) }, ["hash", "document_id"])
        XCTAssertEqual(try store.int("SELECT COUNT(*) FROM pg_inherits WHERE inhparent = 'fingerprints'::regclass"), PostgresCorpusStore.fingerprintPartitions)
        XCTAssertEqual(try store.rows("SELECT hash, document_id FROM fingerprints ORDER BY 1, 2").map { "\(try $0[0].decode(Int.self)):\(try $0[1].decode(Int.self))" },
                       ["11:1", "11:2", "11:3", "12:1", "12:2", "13:3"])
        XCTAssertEqual(try store.rows("SELECT org, hash, df FROM fingerprint_df ORDER BY 2, 1").map { "\(try $0[0].decode(String.self)) \(try $0[1].decode(Int.self)) \(try $0[2].decode(Int.self))" },
                       ["甲 11 2", "甲 12 2"])
        XCTAssertEqual(try store.consistencyProblems(), [])
        // Removing a document of 甲 leaves its fingerprints in one document: the rows go.
        try store.remove(id: 2)
        XCTAssertEqual(try store.int("SELECT COUNT(*) FROM fingerprint_df"), 0)
        XCTAssertEqual(try store.consistencyProblems(), [])
    }

    /// 甲 holds eight State Council reports; 乙 and 丙 four of them each, with a line added
    /// (other contents, the same fingerprints): those are in three documents, one per
    /// organisation, and have no frequency row anywhere, yet are common (past the cut-off)
    /// for an unscoped store, as on SQLite.
    func testCandidatesAcrossOrganisationsAreSQLitesWithRowsOfTwoDocumentsOnly() throws {
        guard FileManager.default.fileExists(atPath: Self.govreports.path) else {
            throw XCTSkip("../shared/corpus/govreports not found; this test needs the State Council reports")
        }
        let files = try FileManager.default.contentsOfDirectory(at: Self.govreports, includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "txt" }.sorted { $0.path < $1.path }
        XCTAssertGreaterThanOrEqual(files.count, 8)
        let dir = try temp()
        let indexer = try CorpusIndexer(dictionaries: StoreTests.dictionaries, countTerms: false)
        let sqlite = try CorpusStore(path: dir.appendingPathComponent("all.sqlite").path)
        let sqliteB = try CorpusStore(path: dir.appendingPathComponent("b.sqlite").path)
        let pg = try PostgresCorpusStore(url: PostgresTestServer.freshURL())
        func add(_ i: Int, org: String) throws {
            var text = try String(contentsOf: files[i], encoding: .utf8)
            if org != "甲" { text += "\n\(org)办公室印发\n" }
            let source = try InputReader.read(text: text, file: "/\(org)/\(files[i].lastPathComponent)")
            let prepared = try indexer.prepare(source)
            var stores: [any CorpusArchive] = [sqlite, pg]
            if org == "乙" { stores.append(sqliteB) }
            for store in stores {
                try store.add(prepared, sourcePath: source.file, fileHash: CorpusIndexer.fileHash(source), kind: .report, org: org)
            }
        }
        for i in 0..<8 { try add(i, org: "甲") }
        for org in ["乙", "丙"] { for i in 4..<8 { try add(i, org: org) } }

        XCTAssertEqual(try pg.consistencyProblems(), [])
        XCTAssertEqual(try pg.int("SELECT COUNT(*) FROM fingerprint_df WHERE df < 2"), 0)
        let pairs = try pg.int("SELECT COUNT(*) FROM (SELECT DISTINCT d.org, f.hash FROM fingerprints f JOIN documents d ON d.id = f.document_id) x")
        let rows = try pg.int("SELECT COUNT(*) FROM fingerprint_df")
        XCTAssertGreaterThan(rows, 0)
        XCTAssertLessThan(rows, pairs / 2, "most fingerprints are in one document of an organisation: no row")

        // A draft: the opening of report 2 (甲 only) and of report 5 (all three).
        func lines(_ i: Int) throws -> [String] {
            try String(contentsOf: files[i], encoding: .utf8).split(separator: "\n").map(String.init).filter { !$0.isEmpty }
        }
        let draftText = "关于今年工作的报告\n" + (try lines(2).prefix(12) + lines(5).prefix(12)).joined(separator: "\n") + "\n"
        let draft = try InputReader.read(text: draftText, file: "/drafts/d.txt")
        let swaps = try SwapUndoer.load(contentsOf: StoreTests.dictionaries.url("phrases/synonyms.txt"))
        let paragraphs = try draft.paragraphsForTest()
        func candidates(_ s: any CorpusArchive, year: Int? = nil) throws -> [String] {
            let lib = try s.candidates(for: paragraphs, swaps: swaps, draftYear: year, limit: 24, fingerprinter: Fingerprinter())
            return try lib.ids.map { try s.document(id: $0, topTerms: 0).document.sourcePath }
        }
        func findings(_ s: any CorpusArchive) throws -> [String] {
            let page = try Analyzer(structures: StructureLibrary(structures: []), rules: [StoreCopyRule(store: s, swaps: swaps)]).analyze(draft)
            return page.documents.flatMap(\.findings).filter { $0.kind == "copied-text" }.map {
                // Store ids differ between a scoped store and one holding only its documents.
                "\($0.message) \($0.source?.file ?? "")".replacingOccurrences(of: #"#\d+"#, with: "#N", options: .regularExpression)
            }
        }
        let expected = try candidates(sqlite)
        XCTAssertTrue(expected.contains("/甲/\(files[2].lastPathComponent)"), "\(expected)")
        XCTAssertEqual(try candidates(pg), expected)
        XCTAssertEqual(try candidates(pg, year: 2025), try candidates(sqlite, year: 2025))
        XCTAssertEqual(try findings(pg), try findings(sqlite))
        // Scoped to 乙: its four reports only, as an SQLite store holding just those.
        let scoped = try pg.scoped(to: "乙")
        let expectedB = try candidates(sqliteB)
        XCTAssertFalse(expectedB.isEmpty)
        XCTAssertEqual(try candidates(scoped), expectedB)
        XCTAssertEqual(try findings(scoped), try findings(sqliteB))
    }
}
