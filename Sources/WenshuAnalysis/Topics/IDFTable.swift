import Foundation

/// Inverse document frequencies of words, read from and written to a text file like jieba's
/// `idf.txt`: one `word idf` a line (one space), after a header comment that gives the number
/// of documents the table was built from:
///
///     # wenshu idf: documents 52
///     高质量发展 2.564949
///
/// `idf = ln(N / df)` for a word in `df` of `N` documents. A word the table does not have gets
/// the median IDF of the table (neither rare nor common: the table cannot tell).
public struct IDFTable: Sendable, Equatable {
    public let documentCount: Int
    public let values: [String: Double]
    /// The IDF of a word the table does not have.
    public let median: Double

    public init(values: [String: Double], documentCount: Int) {
        self.values = values
        self.documentCount = documentCount
        let sorted = values.values.sorted()
        if sorted.isEmpty {
            median = 1
        } else if sorted.count % 2 == 1 {
            median = sorted[sorted.count / 2]
        } else {
            median = (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
        }
    }

    /// The table of document frequencies over `documentCount` documents.
    public init(documentFrequencies: [String: Int], documentCount: Int) {
        let n = Double(max(documentCount, 1))
        self.init(values: documentFrequencies.mapValues { log(n / Double(max($0, 1))) }, documentCount: documentCount)
    }

    /// Document frequencies of every term of some documents.
    public static func build(from documents: [TermSequence]) -> IDFTable {
        var df: [String: Int] = [:]
        for d in documents {
            var seen = Set<String>()
            for clause in d.clauses { for t in clause where seen.insert(t).inserted { df[t, default: 0] += 1 } }
        }
        return IDFTable(documentFrequencies: df, documentCount: documents.count)
    }

    public func idf(_ term: String) -> Double { values[term] ?? median }

    public static let headerPrefix = "# wenshu idf: documents "

    /// The file's text: the header, then `word idf` lines sorted by word.
    public func serialized(comment: [String] = []) -> String {
        var out = IDFTable.headerPrefix + "\(documentCount)\n"
        for c in comment { out += "# \(c)\n" }
        for w in values.keys.sorted() { out += "\(w) \(String(format: "%.6f", values[w]!))\n" }
        return out
    }

    public func write(to url: URL, comment: [String] = []) throws {
        try TopicsError.write(serialized(comment: comment), to: url)
    }

    /// Reads a table. Lines are `word idf` separated by spaces or a tab; `#` lines are comments
    /// (the header's document count is read when present); blank lines are skipped. A line with
    /// another number of fields, or an IDF that is not a finite number ≥ 0, is an error naming
    /// the file and line. jieba's idf.txt loads as it is.
    public static func load(contentsOf url: URL) throws -> IDFTable {
        var values: [String: Double] = [:]
        var documents = 0
        for (number, line) in try TopicsError.lines(of: url) {
            if line.hasPrefix("#") {
                if line.hasPrefix(headerPrefix), let n = Int(line.dropFirst(headerPrefix.count).trimmingCharacters(in: .whitespaces)) { documents = n }
                continue
            }
            let fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
            if fields.isEmpty { continue }
            guard fields.count == 2 else {
                throw TopicsError.badLine(file: url.path, line: number, reason: "expected 'word idf', found \(fields.count) field(s)")
            }
            guard let v = Double(fields[1]), v.isFinite, v >= 0 else {
                throw TopicsError.badLine(file: url.path, line: number, reason: "the IDF '\(fields[1])' is not a number ≥ 0 (format: word idf)")
            }
            values[String(fields[0])] = v
        }
        guard !values.isEmpty else { throw TopicsError.malformed(file: url.path, reason: "the IDF table has no entries (format: word idf)") }
        return IDFTable(values: values, documentCount: documents)
    }
}
