import Foundation
import GRDB
import WenshuAnalysis
import WenshuText

/// The few stored documents a draft could have been copied from, as a `CopyLibrary`.
public struct CandidateLibrary: Sendable {
    public let library: CopyLibrary
    /// Store ids of the library's documents, in order.
    public let ids: [Int64]
    /// Offsets of the documents' texts in their source files (source ranges are shifted by it).
    public let textStarts: [Int]
    /// Documents in the store when the candidates were picked.
    public let storedDocuments: Int
}

extension CorpusStore {
    /// Fingerprints in more stored documents than this are common formulas (在…的坚强领导下) and
    /// cost nothing: their postings are never read past this many documents, so a draft's
    /// lookup reads at most this many rows per fingerprint however large the archive grows.
    public static let commonFingerprintDocuments = 200

    /// The document frequency above which a fingerprint is common in an archive of `documents`:
    /// 1/20 of the archive as in `CopyLibrary`, and never more than
    /// `commonFingerprintDocuments`.
    public static func commonCutoff(documents: Int) -> Int {
        max(2, min(documents / 20, commonFingerprintDocuments))
    }

    /// Picks candidates without reading the archive into memory: the draft's fingerprints are
    /// looked up by hash in the fingerprint index (a fingerprint in more than
    /// `commonCutoff(documents:)` stored documents is a common formula and ignored, as in
    /// `CopyLibrary`; its lookup stops there), hits are counted per document, and documents are
    /// taken greedily by how many of the draft's fingerprints they cover that earlier picks do
    /// not, up to `limit`. Only those documents' texts are read and fingerprinted again. Stored
    /// documents dated after `draftYear` are left out (a report cannot copy a later one);
    /// templates are always in.
    public func candidates(for paragraphs: [Paragraph], swaps: SwapUndoer?, draftYear: Int? = nil,
                           limit: Int = 24, fingerprinter: Fingerprinter = Fingerprinter()) throws -> CandidateLibrary {
        let picker = CandidatePicker(paragraphs: paragraphs, swaps: swaps, fingerprinter: fingerprinter)
        return try read { db in
            let total = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM documents") ?? 0
            let lookup = try db.cachedStatement(sql: "SELECT DISTINCT document_id FROM fingerprints WHERE hash = ? LIMIT ?")
            return try picker.pick(total: total, limit: limit, draftYear: draftYear, postings: { hashes, maxDF in
                var out: [Int64: [Int64]] = [:]
                for hash in hashes {
                    var docs: [Int64] = []
                    let cursor = try Int64.fetchCursor(lookup, arguments: [hash, maxDF + 1])
                    while let d = try cursor.next() { docs.append(d) }
                    out[hash] = docs
                }
                return out
            }, later: { ids, year in
                let list = ids.map(String.init).joined(separator: ",")
                return Set(try Int64.fetchAll(db, sql: "SELECT id FROM documents WHERE id IN (\(list)) AND year > ? AND kind != 'template'", arguments: [year]))
            }, texts: { ids in
                var rows: [Int64: CandidatePicker.StoredText] = [:]
                let list = ids.map(String.init).joined(separator: ",")
                for r in try Row.fetchAll(db, sql: "SELECT id, source_path, title, text, text_start FROM documents WHERE id IN (\(list))") {
                    rows[r[0]] = CandidatePicker.StoredText(sourcePath: r[1], title: r[2], text: r[3], textStart: r[4])
                }
                return rows
            })
        }
    }
}

/// How candidates are picked from any store: the store answers three questions (the documents
/// holding each of the draft's fingerprints, which of some documents are dated after the draft,
/// the texts of the picked ones), the picking itself is the same for every backend.
public struct CandidatePicker {
    public struct StoredText: Sendable {
        public let sourcePath: String
        public let title: String?
        public let text: String
        public let textStart: Int
        public init(sourcePath: String, title: String?, text: String, textStart: Int) {
            self.sourcePath = sourcePath; self.title = title; self.text = text; self.textStart = textStart
        }
    }

    let swaps: SwapUndoer?
    let fingerprinter: Fingerprinter
    /// Draft fingerprint hash → indices of the draft's fingerprints with it.
    public let slots: [Int64: [Int32]]

    public init(paragraphs: [Paragraph], swaps: SwapUndoer?, fingerprinter: Fingerprinter) {
        self.swaps = swaps
        self.fingerprinter = fingerprinter
        let stream = Fingerprinter.stream(of: paragraphs, undoing: swaps)
        var slots: [Int64: [Int32]] = [:]
        for (i, p) in fingerprinter.fingerprints(stream.scalars).enumerated() { slots[Int64(bitPattern: p.hash), default: []].append(Int32(i)) }
        self.slots = slots
    }

    /// `postings(hashes, maxDF)`: for each hash, the distinct documents holding it — at least
    /// `maxDF + 1` of them when there are more (the hash is then common), a hash with none may
    /// be left out. `later(ids, year)`: those of `ids` dated after `year` that are not templates.
    /// `texts(ids)`: the stored texts.
    public func pick(total: Int, limit: Int, draftYear: Int?,
                     postings: ([Int64], Int) throws -> [Int64: [Int64]],
                     later: ([Int64], Int) throws -> Set<Int64>,
                     texts: ([Int64]) throws -> [Int64: StoredText]) throws -> CandidateLibrary {
        let maxDF = CorpusStore.commonCutoff(documents: total)
        // Document → the draft's fingerprints it has (no repeats: each hash is looked up once).
        var hitsByDoc: [Int64: [Int32]] = [:]
        var common: Set<UInt64> = []
        if !slots.isEmpty {
            let found = try postings(Array(slots.keys), maxDF)
            for (hash, indices) in slots {
                guard let docs = found[hash] else { continue }
                if docs.count > maxDF { common.insert(UInt64(bitPattern: hash)); continue }
                for d in docs { hitsByDoc[d, default: []].append(contentsOf: indices) }
            }
        }
        // The documents with most hits first; later years are not sources (templates
        // excepted), looked up only for the documents that could be picked.
        var ordered = hitsByDoc.filter { $0.value.count >= 2 }.sorted { ($0.value.count, $1.key) > ($1.value.count, $0.key) }
        var ranked: [(key: Int64, value: Set<Int32>)] = []
        let keep = limit * 20
        while !ordered.isEmpty && ranked.count < keep {
            let chunk = ordered.prefix(keep)
            ordered.removeFirst(chunk.count)
            var allowed = Set(chunk.map(\.key))
            if let draftYear { allowed.subtract(try later(chunk.map(\.key), draftYear)) }
            for c in chunk where allowed.contains(c.key) && ranked.count < keep { ranked.append((c.key, Set(c.value))) }
        }
        // Greedy cover: the next pick adds the most draft fingerprints not yet covered.
        var covered = Set<Int32>()
        var picked: [Int64] = []
        while picked.count < limit {
            var best: (index: Int, gain: Int)? = nil
            for (i, r) in ranked.enumerated() {
                if let b = best, r.value.count <= b.gain { break }  // sorted by size: no later one can gain more
                let gain = r.value.subtracting(covered).count
                if gain > (best?.gain ?? 0) { best = (i, gain) }
            }
            guard let b = best, b.gain >= 2 else { break }
            picked.append(ranked[b.index].key)
            covered.formUnion(ranked[b.index].value)
            ranked.remove(at: b.index)
        }
        // Read and fingerprint only the picked documents.
        let rows = picked.isEmpty ? [:] : try texts(picked)
        let normalizer = try Normalizer(options: .documents)
        var docs: [LibraryDocument] = []
        var ids: [Int64] = []
        var starts: [Int] = []
        for id in picked {
            guard let r = rows[id] else { continue }
            let text = try normalizer.normalize(r.text)
            var paragraphs = ParagraphSplitter.paragraphs(of: text)
            if r.title != nil, !paragraphs.isEmpty { paragraphs.removeFirst() }
            docs.append(LibraryDocument(file: r.sourcePath, title: r.title, text: text, stream: Fingerprinter.stream(of: paragraphs, undoing: swaps)))
            ids.append(id)
            starts.append(r.textStart)
        }
        let library = CopyLibrary(documents: docs, fingerprinter: fingerprinter, swaps: swaps,
                                  maxDocumentFrequency: maxDF, ignoring: common)
        return CandidateLibrary(library: library, ids: ids, textStarts: starts, storedDocuments: total)
    }
}

/// `copied-text` findings against a fixed candidate library (as `CopyRule` does, with source
/// ranges in the stored documents' files and the store id in the message).
public struct CandidateCopyRule: CopyCheck {
    public let candidates: CandidateLibrary
    public let kinds = [FindingKind.copiedText]
    public init(candidates: CandidateLibrary) { self.candidates = candidates }

    public func scan(_ d: DocumentContext) -> CopyScan {
        candidates.library.scan(d, sourceShifts: candidates.textStarts, sourceLabels: candidates.ids.map { "corpus store #\($0)" })
    }

    public func check(_ d: DocumentContext) -> [Finding] {
        scan(d).findings(d.findings)
    }
}

/// Copy detection against the corpus store: for each document checked, candidates are picked
/// from the store's fingerprint index and matched as `CopyRule` matches a template library.
/// A store error ends the analysis: the rule throws it.
public struct StoreCopyRule: CopyCheck {
    public let store: any CorpusArchive
    public let swaps: SwapUndoer?
    public let kinds = [FindingKind.copiedText]

    public init(store: any CorpusArchive, swaps: SwapUndoer?) {
        self.store = store
        self.swaps = swaps
    }

    public init(store: any CorpusArchive, dictionaries: Dictionaries) throws {
        self.init(store: store, swaps: try SwapUndoer.load(contentsOf: dictionaries.url("phrases/synonyms.txt")))
    }

    public func scan(_ d: DocumentContext) throws -> CopyScan {
        let year = YearInfo.find(in: d.paragraphs, title: nil, kind: .unknown).year
        let candidates: CandidateLibrary
        do { candidates = try store.candidates(for: d.paragraphs, swaps: swaps, draftYear: year) } catch {
            throw Failure(error: error)
        }
        return CandidateCopyRule(candidates: candidates).scan(d)
    }

    public func check(_ d: DocumentContext) throws -> [Finding] {
        try scan(d).findings(d.findings)
    }

    /// The store failed while looking for a document's candidates.
    public struct Failure: LocalizedError, @unchecked Sendable {
        public let error: Error
        public var errorDescription: String? { (error as? LocalizedError)?.errorDescription ?? "\(error)" }
    }
}

extension Analyzer {
    /// The same analyzer with one more rule.
    public func adding(_ rule: any DocumentRule) -> Analyzer {
        var a = self
        a.rules.append(rule)
        return a
    }
}
