import Foundation
import WenshuText

/// A whole batch of documents compared with each other at once (`wenshu compare --all`): which
/// were copied from each other or from one template. Every batch document's fingerprints are
/// looked up in the index of the batch (and of the reference documents, `--against`), so only
/// documents that share a seed are aligned — never all pairs. A pair's passages are found once,
/// from the document that comes first, with their ranges in both; each side's ratio is the share
/// of its characters (Han, letters, digits) inside the shared passages.
public struct CopyBatch: Sendable, Encodable {
    public struct Document: Sendable, Encodable {
        public let id: Int
        public let file: String
        /// The document's place in its file (a scraped page holds several), from 0.
        public let index: Int
        public let title: String?

        enum CodingKeys: String, CodingKey { case id, file, index, title }
        public func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(id, forKey: .id)
            try c.encode(file, forKey: .file)
            try c.encode(index, forKey: .index)
            try c.encode(title, forKey: .title)  // null when the document has no title
        }
    }
    public struct SharedPassage: Sendable, Encodable {
        /// Ranges in the original text of each document's file (Unicode scalar offsets).
        public let a: TextRange
        public let b: TextRange
        public let similarity: Double
    }
    public struct Pair: Sendable, Encodable {
        public let a: Int
        public let b: Int
        /// The share of document a found in b, and of b found in a.
        public let ratioA: Double
        public let ratioB: Double
        public let passages: [SharedPassage]
    }
    public let documents: [Document]
    /// Sorted by the larger of the two ratios, largest first.
    public let pairs: [Pair]
    /// Documents linked by pairs where each side has at least `clusterRatio` of its text in the
    /// other: the submissions copied from one template (and the template, when it is given).
    /// A submission that took a paragraph of a long report is a pair, not a cluster with it.
    public let clusters: [[Int]]

    /// A pair links two documents into one cluster when each of them has this share of its
    /// characters in passages shared with the other.
    public static let clusterRatio = 0.2
    /// In a batch, a passage found only through fingerprints common in the batch is still a
    /// copy when this many of its characters align (`CopyLibrary.commonOnlyMinimum`): a
    /// template that a tenth of the submissions copied is common in the batch, and longer than
    /// any formula.
    public static let commonOnlyMinimum = 80

    /// A library entry's place in its file: (file, index within the file).
    public struct Origin: Sendable {
        public let file: String
        public let index: Int
        /// Where the document's text starts in its file (a stored document keeps only its text).
        public let shift: Int
        public init(file: String, index: Int, shift: Int = 0) { self.file = file; self.index = index; self.shift = shift }
    }

    /// Compares the first `batchCount` documents of `library` with every other document of it
    /// (documents after `batchCount` are references: compared with the batch, not with each
    /// other). `origins` gives each library document's file and place in it.
    public static func compare(library: CopyLibrary, batchCount: Int, origins: [Origin], workers: Int = 1) throws -> CopyBatch {
        let docs = library.documents
        precondition(origins.count == docs.count && batchCount <= docs.count, "one origin per library document")
        var documents: [Document] = []
        for (i, d) in docs.enumerated() { documents.append(Document(id: i, file: origins[i].file, index: origins[i].index, title: d.title)) }
        // Each batch document against every later document (and every reference document).
        let found: [[(Int, [CopyLibrary.Passage])]] = try parallelMap(batchCount, workers: Array(repeating: (), count: max(1, workers))) { _, a in
            library.allPassages(of: docs[a].stream, skipping: { Int($0) <= a && Int($0) < batchCount })
                .sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
        }
        var pairs: [Pair] = []
        for (a, list) in found.enumerated() {
            for (b, passages) in list {
                let ratioA = coverage(passages.map(\.draft), of: docs[a].stream.scalars.count)
                let ratioB = coverage(passages.map(\.source), of: docs[b].stream.scalars.count)
                let shared = passages.sorted { $0.draft.lowerBound < $1.draft.lowerBound }.map { p in
                    SharedPassage(a: range(p.draft, in: docs[a], shift: origins[a].shift), b: range(p.source, in: docs[b], shift: origins[b].shift), similarity: (p.similarity * 100).rounded() / 100)
                }
                pairs.append(Pair(a: a, b: b, ratioA: (ratioA * 1000).rounded() / 1000, ratioB: (ratioB * 1000).rounded() / 1000, passages: shared))
            }
        }
        pairs.sort { (max($0.ratioA, $0.ratioB), min($0.ratioA, $0.ratioB), -$0.a, -$0.b) > (max($1.ratioA, $1.ratioB), min($1.ratioA, $1.ratioB), -$1.a, -$1.b) }
        // Clusters: connected components of the strong links.
        var parent = Array(docs.indices)
        func root(_ x: Int) -> Int { var x = x; while parent[x] != x { parent[x] = parent[parent[x]]; x = parent[x] }; return x }
        for p in pairs where min(p.ratioA, p.ratioB) >= clusterRatio {
            let ra = root(p.a), rb = root(p.b)
            if ra != rb { parent[max(ra, rb)] = min(ra, rb) }
        }
        var groups: [Int: [Int]] = [:]
        for i in docs.indices { groups[root(i), default: []].append(i) }
        let clusters = groups.values.filter { $0.count >= 2 }.map { $0.sorted() }.sorted { ($0.count, -$0[0]) > ($1.count, -$1[0]) }
        return CopyBatch(documents: documents, pairs: pairs, clusters: clusters)
    }

    /// The share of `length` stream characters inside the union of `ranges`.
    static func coverage(_ ranges: [Range<Int>], of length: Int) -> Double {
        guard length > 0 else { return 0 }
        var covered = 0, reach = 0
        for r in ranges.sorted(by: { $0.lowerBound < $1.lowerBound }) {
            let a = max(r.lowerBound, reach)
            if r.upperBound > a { covered += r.upperBound - a }
            reach = max(reach, r.upperBound)
        }
        return min(1, Double(covered) / Double(length))
    }

    /// A stream range as a range of the original text of the document's file.
    static func range(_ r: Range<Int>, in d: LibraryDocument, shift: Int) -> TextRange {
        let n = TextRange(start: Int(d.stream.offsets[r.lowerBound]), end: Int(d.stream.offsets[r.upperBound - 1]) + 1)
        let o = d.text.originalRange(of: n)
        return TextRange(start: o.start + shift, end: o.end + shift)
    }
}
