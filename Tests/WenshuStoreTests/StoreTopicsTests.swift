import Foundation
import GRDB
import WenshuAnalysis
import WenshuStore
import WenshuText
import XCTest

/// The archive's IDF for keywords, the archive's years for trends, and bulk imports.
final class StoreTopicsTests: XCTestCase {
    func temp() throws -> URL {
        let d = FileManager.default.temporaryDirectory.appendingPathComponent("wenshu-store-topics-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: d, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: d) }
        return d
    }

    func importFiles(_ files: [URL], into store: CorpusStore, countTerms: Bool = true, kind: ArchiveKind = .report) throws {
        let indexer = try CorpusIndexer(dictionaries: StoreFixtures.dictionaries, countTerms: countTerms)
        let importer = CorpusImporter(store: store, kind: kind, org: nil)
        for f in files {
            let source = try InputReader.read(f)
            try importer.add(PreparedFile(documents: indexer.prepare(source), sourcePath: source.file, fileHash: CorpusIndexer.fileHash(source)))
        }
        try importer.finish()
    }

    func testTheArchiveIDFWeighsATermEveryStoredDocumentUsesAtZero() throws {
        let dir = try temp()
        let files = try StoreFixtures.datedReports(in: dir)
        let store = try CorpusStore(path: dir.appendingPathComponent("s.sqlite").path)
        try importFiles(files, into: store)
        let table = try store.idfTable()
        XCTAssertEqual(table.documentCount, 5)
        let (df, _) = try store.termDocumentFrequencies()
        let everywhere = Set(df.filter { $0.value == 5 }.keys)
        let once = Set(df.filter { $0.value == 1 }.keys)
        XCTAssertFalse(everywhere.isEmpty, "the five 政协 documents share some terms")
        XCTAssertFalse(once.isEmpty)
        for t in everywhere { XCTAssertEqual(table.idf(t), 0, t) }
        for t in once { XCTAssertEqual(table.idf(t), log(5), accuracy: 1e-9, t) }

        // Keywords of a stored report: with the archive's IDF, the shared terms weigh 0 and
        // rank last; with the bundled IDF (State Council reports) they weigh more than 0.
        let bundled = try KeywordExtractor(dictionaries: StoreFixtures.dictionaries)
        let archive = KeywordExtractor(tokenizer: bundled.tokenizer, filter: bundled.filter, idf: table, phrases: bundled.phrases)
        let text = try String(contentsOf: files[1], encoding: .utf8)
        let withArchive = try archive.keywords(of: text, top: 1000)
        let withBundled = Dictionary(uniqueKeysWithValues: try bundled.keywords(of: text, top: 1000).map { ($0.term, $0.weight) })
        let shared = withArchive.filter { everywhere.contains($0.term) }
        XCTAssertFalse(shared.isEmpty)
        XCTAssertTrue(shared.allSatisfy { $0.weight == 0 }, "\(shared)")
        XCTAssertTrue(shared.allSatisfy { (withBundled[$0.term] ?? 0) > 0 }, "\(shared.map { ($0.term, withBundled[$0.term] ?? 0) })")
        XCTAssertTrue(withArchive.prefix(10).allSatisfy { !everywhere.contains($0.term) && $0.weight > 0 }, "\(withArchive.prefix(10))")
    }

    func testAStoreWithoutTermCountsHasNoIDFTable() throws {
        let dir = try temp()
        let store = try CorpusStore(path: dir.appendingPathComponent("s.sqlite").path)
        XCTAssertThrowsError(try store.idfTable()) { XCTAssertEqual($0 as? StoreError, .noTermCounts(path: store.path)) }
        try importFiles(StoreFixtures.datedReports(in: dir), into: store, countTerms: false)
        XCTAssertThrowsError(try store.idfTable()) { XCTAssertEqual($0 as? StoreError, .noTermCounts(path: store.path)) }
    }

    func testStoredYearsMakeTheSameTrendReportAsTheFiles() throws {
        let dir = try temp()
        let files = try StoreFixtures.datedReports(in: dir)
        let taxonomy = try ThemeTaxonomy.load(contentsOf: StoreFixtures.dictionaries.url("themes/zhengxie.yaml"))
        let reader = try TopicReader(extractor: KeywordExtractor(dictionaries: StoreFixtures.dictionaries), taxonomy: taxonomy)
        let fromFiles = TrendReport.build(documents: try files.flatMap { try reader.read(InputReader.read($0)) }, taxonomy: taxonomy)
        XCTAssertEqual(fromFiles.years.map(\.year), [2018, 2019, 2020, 2021, 2022])

        // Stored with term counts, and stored without them (counted when the trend is made):
        // the same report as from the files.
        for countTerms in [true, false] {
            let store = try CorpusStore(path: dir.appendingPathComponent("s-\(countTerms).sqlite").path)
            try importFiles(files, into: store, countTerms: countTerms)
            let stored = try store.topicYears(reader: reader)
            XCTAssertEqual(stored.undated, 0)
            XCTAssertEqual(stored.years.map(\.documents), [1, 1, 1, 1, 1])
            let report = TrendReport.build(documents: stored.years, taxonomy: taxonomy)
            XCTAssertEqual(report.years.map(\.year), fromFiles.years.map(\.year))
            XCTAssertEqual(report.years.map(\.documents), [1, 1, 1, 1, 1])
            XCTAssertEqual(report.years.map { $0.keywords.map(\.term) }, fromFiles.years.map { $0.keywords.map(\.term) }, "terms: \(countTerms)")
            XCTAssertEqual(report.years.map { $0.themes.map(\.theme) }, fromFiles.years.map { $0.themes.map(\.theme) })
            XCTAssertEqual(report.terms.map(\.term), fromFiles.terms.map(\.term))
            // Only the kinds asked for; files named on the command line are not counted twice.
            XCTAssertEqual(try store.topicYears(reader: reader, kinds: [.template]).years.count, 0)
            let without = try store.topicYears(reader: reader, excludingFiles: [files[0].standardizedFileURL.path])
            XCTAssertEqual(without.years.map(\.year), [2019, 2020, 2021, 2022])
        }
    }

    func testAnImportCommitsWholeFilesInBatches() throws {
        let dir = try temp()
        let files = try StoreFixtures.numberedPages(0..<10, in: dir) { "page-\($0).txt" }
        let copy = dir.appendingPathComponent("copy.txt")
        try FileManager.default.copyItem(at: files[0], to: copy)
        let store = try CorpusStore(path: dir.appendingPathComponent("s.sqlite").path)
        let indexer = try CorpusIndexer(dictionaries: StoreFixtures.dictionaries, countTerms: false)
        let importer = CorpusImporter(store: store, kind: .template, org: nil, interval: 1000, maxFiles: 4)
        for f in files + [copy] {
            let source = try InputReader.read(f)
            try importer.add(PreparedFile(documents: indexer.prepare(source), sourcePath: source.file, fileHash: CorpusIndexer.fileHash(source)))
        }
        XCTAssertEqual(importer.waitingFiles, 2, "11 files: the first committed at once, then two batches of 4, two waiting")
        let result = try importer.finish()
        XCTAssertEqual(importer.commits, 4)
        XCTAssertEqual(result.added, 50)
        XCTAssertEqual(result.duplicates, 5, "copy.txt has the content of page-0.txt")
        XCTAssertEqual(try store.stats().documents, 50)
        XCTAssertEqual(try store.consistencyProblems(), [])
        // Every fingerprint of every document is stored (rows sorted by hash in each batch).
        let stored = try store.list()
        let rows = try DatabaseQueue(path: store.path).read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM fingerprints") }
        XCTAssertEqual(stored.map(\.fingerprints).reduce(0, +), rows)
    }
}
