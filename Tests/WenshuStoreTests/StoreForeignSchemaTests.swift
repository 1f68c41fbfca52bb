import Foundation
import GRDB
import WenshuAnalysis
import WenshuStore
import WenshuText
import XCTest
import WenshuTestSupport

/// A store from elsewhere (a colleague's archive, a download) with SQL of its own in its schema:
/// refused by name before Wenshu reads or writes it. A trigger with a recursive query held
/// `corpus add` forever; one that deleted rows changed the archive behind Wenshu's back.
final class StoreForeignSchemaTests: XCTestCase {
    func store(_ name: String, changedBy sql: String?) throws -> String {
        let d = FileManager.default.temporaryDirectory.appendingPathComponent("wenshu-foreign-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: d, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: d) }
        let path = d.appendingPathComponent(name).path
        do {
            let store = try CorpusStore(path: path)
            let indexer = try CorpusIndexer(dictionaries: StoreFixtures.dictionaries)
            let source = try InputReader.read(StoreFixtures.seed)
            _ = try store.add(indexer.prepare(source), sourcePath: source.file, fileHash: CorpusIndexer.fileHash(source), kind: .template, org: "测试")
        }
        if let sql {
            let queue = try DatabaseQueue(path: path)
            try queue.writeWithoutTransaction { try $0.execute(sql: sql) }
            try queue.close()
        }
        return path
    }

    func assertRefused(_ path: String, _ said: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertThrowsError(try CorpusStore(path: path), file: file, line: line) { e in
            guard case let .notAStore(p, reason)? = e as? StoreError else { return XCTFail("\(e)", file: file, line: line) }
            XCTAssertEqual(p, path, file: file, line: line)
            XCTAssertTrue(reason.contains(said), reason, file: file, line: line)
        }
    }

    func testWenshusOwnStoreOpens() throws {
        let path = try store("own.sqlite", changedBy: nil)
        XCTAssertEqual(try CorpusStore(path: path).stats().documents, 5)
    }

    func testATriggerIsRefusedBeforeItCanRun() throws {
        let path = try store("hog.sqlite", changedBy: """
            CREATE TRIGGER hog AFTER INSERT ON documents BEGIN
              SELECT count(*) FROM (WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT x FROM c);
            END;
            """)
        assertRefused(path, "its schema holds a trigger 'hog', which Wenshu never makes")
    }

    func testAViewAnIndexOrATableOfAnotherName() throws {
        assertRefused(try store("view.sqlite", changedBy: "CREATE VIEW everything AS SELECT * FROM documents"), "a view 'everything'")
        assertRefused(try store("index.sqlite", changedBy: "CREATE INDEX by_title ON documents(title)"), "an index 'by_title'")
        assertRefused(try store("table.sqlite", changedBy: "CREATE TABLE notes (x)"), "a table 'notes'")
    }

    func testOneOfWenshusNamesDefinedAnotherWay() throws {
        let path = try store("redefined.sqlite", changedBy: "DROP INDEX documents_year; CREATE INDEX documents_year ON documents(year, title)")
        assertRefused(path, "its index 'documents_year' is not defined as Wenshu defines it")
    }

    func testSQLitesOwnStatisticsAreAllowed() throws {
        let path = try store("analysed.sqlite", changedBy: "ANALYZE")
        XCTAssertEqual(try CorpusStore(path: path).stats().documents, 5)
    }
}
