import Foundation
import GRDB
import WenshuAnalysis
import WenshuText

extension CorpusStore {
    /// The stored documents as the trend report sees them: one `TopicDocument` per year (its
    /// `documents` the number of stored documents of that year), with the term counts summed in
    /// the database and the theme weights of the stored texts, so memory grows with the years
    /// and terms, not with the archive. Documents stored without term counts (`--no-terms`)
    /// are segmented here. Only documents of `kinds` are read; documents from a file in
    /// `excludingFiles` (its source path) or with a file hash in `excludingFileHashes` are left
    /// out (they are read from the file instead). `undated` counts the documents without a year.
    public func topicYears(reader: TopicReader, kinds: [ArchiveKind] = [.report],
                           excludingFiles: Set<String> = [], excludingFileHashes: Set<String> = []) throws
        -> (years: [TopicDocument], undated: Int) {
        let kindList = kinds.map { "'\($0.rawValue)'" }.joined(separator: ",")
        guard !kindList.isEmpty else { return ([], 0) }
        return try read { db in
            // Documents to leave out: named on the command line.
            var excluded = Set<Int64>()
            for p in excludingFiles {
                excluded.formUnion(try Int64.fetchAll(db, sql: "SELECT id FROM documents WHERE source_path = ?", arguments: [p]))
            }
            for h in excludingFileHashes {
                excluded.formUnion(try Int64.fetchAll(db, sql: "SELECT id FROM documents WHERE file_hash = ?", arguments: [h]))
            }
            let undated = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM documents WHERE year IS NULL AND kind IN (\(kindList))") ?? 0
            var acc = TopicYearAccumulator(reader: reader, file: path)
            // Stored term counts, summed per year in the database.
            let exclusion = excluded.isEmpty ? "" : " AND d.id NOT IN (\(excluded.map(String.init).joined(separator: ",")))"
            let sums = try Row.fetchCursor(db, sql: """
                SELECT d.year, t.term, SUM(c.count) FROM term_counts c
                JOIN documents d ON d.id = c.document_id JOIN terms t ON t.id = c.term_id
                WHERE d.year IS NOT NULL AND d.kind IN (\(kindList))\(exclusion)
                GROUP BY d.year, c.term_id
                """)
            while let r = try sums.next() { acc.addTermSum(year: r[0], term: r[1], count: r[2]) }
            // Theme weights from each text (the taxonomy may be extended on the command line);
            // term counts segmented here for documents stored without them.
            let texts = try Row.fetchCursor(db, sql: """
                SELECT d.id, d.year, d.text, EXISTS (SELECT 1 FROM term_counts c WHERE c.document_id = d.id) FROM documents d
                WHERE d.year IS NOT NULL AND d.kind IN (\(kindList))\(exclusion)
                """)
            while let r = try texts.next() { try acc.addText(year: r[1], text: r[2], hasTermCounts: r[3]) }
            let years = acc.years()
            return (years, undated)
        }
    }
}

/// The per-year sums of `topicYears`, fed by any backend: term counts summed per year in the
/// database, and each stored text for its theme weights (and its terms, when stored without).
public struct TopicYearAccumulator {
    let reader: TopicReader
    let file: String
    var counts: [Int: [String: Int]] = [:]
    var weights: [Int: [Double]] = [:]
    var documents: [Int: Int] = [:]

    public init(reader: TopicReader, file: String) {
        self.reader = reader
        self.file = file
    }

    public mutating func addTermSum(year: Int, term: String, count: Int) {
        counts[year, default: [:]][term, default: 0] += count
    }

    public mutating func addText(year y: Int, text raw: String, hasTermCounts: Bool) throws {
        let extractor = reader.extractor
        let taxonomy = reader.taxonomy
        let text = try extractor.tokenizer.normalize(raw)
        var w = weights[y] ?? [Double](repeating: 0, count: taxonomy.themes.count)
        for p in ParagraphSplitter.paragraphs(of: text) { taxonomy.add(p.scalars[...], to: &w) }
        weights[y] = w
        documents[y, default: 0] += 1
        if !hasTermCounts {
            var sequence = extractor.phrases.merge(try extractor.tokenizer.sequence(of: text, in: TextRange(start: 0, end: text.count)))
            sequence = PhraseSet.withinDocument(sequence, filter: extractor.filter)
            for (t, c) in sequence.termCounts(filter: extractor.filter.strict) { counts[y, default: [:]][t, default: 0] += c }
        }
    }

    public func years() -> [TopicDocument] {
        let taxonomy = reader.taxonomy
        return documents.keys.sorted().map { y in
            TopicDocument(file: file, index: 0, title: nil, year: y, termCounts: counts[y] ?? [:],
                          themeWeights: weights[y] ?? [Double](repeating: 0, count: taxonomy.themes.count),
                          paragraphs: [], documents: documents[y]!)
        }
    }
}
