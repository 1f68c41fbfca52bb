import Foundation
import WenshuText

/// Winnowing fingerprints (Schleimer, Wilkerson, Aiken 2003) of a document's text stream: its
/// Han characters, letters and digits, punctuation and spaces left out, so a copied passage
/// matches whatever its punctuation. Every shared run of at least `k + w − 1` characters is
/// guaranteed a shared fingerprint; a changed character breaks only the k-grams over it.
public struct Fingerprinter: Sendable {
    public let k: Int
    public let window: Int
    public init(k: Int = 6, window: Int = 4) { self.k = k; self.window = window }

    /// The stream of a document: its characters and, for each, its normalised offset.
    public struct Stream: Sendable {
        public var scalars: [UInt32] = []
        public var offsets: [Int32] = []
    }

    public static func stream(of paragraphs: [Paragraph], undoing swaps: SwapUndoer? = nil) -> Stream {
        var s = Stream()
        for p in paragraphs {
            let scalars = swaps?.undo(p.scalars) ?? p.scalars
            for (i, v) in scalars.enumerated() {
                let c = CharacterClass.of(v)
                guard c == .han || c == .latin || c == .digit else { continue }
                s.scalars.append(c == .latin && v < 0x80 ? v | 0x20 : v)
                s.offsets.append(Int32(p.range.start + i))
            }
        }
        return s
    }

    /// (hash, position in the stream) of the winnowed k-grams.
    public func fingerprints(_ s: [UInt32]) -> [(hash: UInt64, position: Int32)] {
        guard s.count >= k else { return [] }
        var hashes = [UInt64](repeating: 0, count: s.count - k + 1)
        for i in 0..<hashes.count {
            var h: UInt64 = 0xcbf29ce484222325
            for j in i..<(i + k) { h = (h ^ UInt64(s[j])) &* 0x100000001b3 }
            hashes[i] = h ^ (h >> 29)
        }
        var out: [(UInt64, Int32)] = []
        var lastPicked = -1
        let w = min(window, hashes.count)
        for start in 0...(hashes.count - w) {
            var m = start
            for j in start..<(start + w) where hashes[j] <= hashes[m] { m = j }  // rightmost minimum
            if m != lastPicked { out.append((hashes[m], Int32(m))); lastPicked = m }
        }
        return out
    }
}

/// Maps a spinner's replacement words back to the words they replaced (顽强 → 坚强, 沟通 → 交流)
/// before fingerprinting, in drafts and library alike, so a spun copy still matches. Only
/// swaps of equal length are undone, so offsets stay one to one.
public struct SwapUndoer: Sendable {
    let lexicon: Lexicon
    let originals: [[UInt32]]

    public init(swaps: [(original: String, replacement: String)]) {
        var b = LexiconBuilder()
        var originals: [[UInt32]] = []
        var seen = Set<String>()
        for (a, r) in swaps where a.unicodeScalars.count == r.unicodeScalars.count && r.unicodeScalars.count >= 2 && seen.insert(r).inserted {
            b.add(r, frequency: 1)
            originals.append(a.unicodeScalars.map(\.value))
        }
        lexicon = b.build()
        self.originals = originals
    }

    /// Reads the swap table `dictionaries/phrases/synonyms.txt` (原词 替换词 relation).
    public static func load(contentsOf url: URL) throws -> SwapUndoer {
        let pairs = try WordList.load(contentsOf: url).compactMap { line -> (String, String)? in
            let f = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
            return f.count >= 2 ? (String(f[0]), String(f[1])) : nil
        }
        return SwapUndoer(swaps: pairs.map { (original: $0.0, replacement: $0.1) })
    }

    public func undo(_ s: [UInt32]) -> [UInt32] {
        var out = s
        s.withUnsafeBufferPointer { buf in
            var i = 0
            while i < buf.count {
                var best: (Int, Int)? = nil
                lexicon.forEachMatch(in: buf, at: i) { len, e in if best == nil || len > best!.0 { best = (len, e) } }
                if let (len, e) = best {
                    for k in 0..<len { out[i + k] = originals[e][k] }
                    i += len
                } else { i += 1 }
            }
        }
        return out
    }
}

/// A template or earlier report to compare drafts against.
public struct LibraryDocument: Sendable {
    public let file: String
    public let title: String?
    public let text: NormalizedText
    public let stream: Fingerprinter.Stream

    public init(file: String, title: String?, text: NormalizedText, stream: Fingerprinter.Stream) {
        self.file = file; self.title = title; self.text = text; self.stream = stream
    }
}

/// A library of documents indexed by fingerprint. Fingerprints that many library documents
/// share (formulas every report uses: 在…的坚强领导下) are ignored, so independent reports do not
/// look copied from each other (Broder's common shingles).
public struct CopyLibrary: Sendable {
    public let documents: [LibraryDocument]
    let index: [UInt64: [(doc: Int32, position: Int32)]]
    public let fingerprinter: Fingerprinter
    /// A fingerprint in more than this many library documents is common, not evidence.
    public let maxDocumentFrequency: Int
    /// Undoes spinner swaps in drafts (the library's streams were built with it too).
    public let swaps: SwapUndoer?

    /// `maxDocumentFrequency` and `ignoring` let a library that is a sample of a larger archive
    /// (the candidates a corpus store picked for one draft) use the archive's document
    /// frequencies: fingerprints in `ignoring` are common in the archive and never evidence.
    public init(documents: [LibraryDocument], fingerprinter: Fingerprinter = Fingerprinter(), swaps: SwapUndoer? = nil,
                maxDocumentFrequency: Int? = nil, ignoring common: Set<UInt64> = []) {
        self.swaps = swaps
        var index: [UInt64: [(doc: Int32, position: Int32)]] = [:]
        for (d, doc) in documents.enumerated() {
            for (h, p) in fingerprinter.fingerprints(doc.stream.scalars) where !common.contains(h) { index[h, default: []].append((Int32(d), p)) }
        }
        self.documents = documents
        self.index = index
        self.fingerprinter = fingerprinter
        self.maxDocumentFrequency = maxDocumentFrequency ?? max(2, documents.count / 20)
    }

    /// Reads files and folders (.txt, .docx) and splits each page into its documents.
    public static func load(_ paths: [URL], swaps: SwapUndoer? = nil, normalization: NormalizationOptions = .documents) throws -> CopyLibrary {
        var files: [URL] = []
        for url in paths {
            var isDir: ObjCBool = false
            guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDir) else {
                throw TextInputError.unreadable(file: url.path, reason: "no such file or directory")
            }
            if isDir.boolValue {
                let all = FileManager.default.enumerator(at: url, includingPropertiesForKeys: nil)?.allObjects as? [URL] ?? []
                files += all.filter { ["txt", "docx"].contains($0.pathExtension.lowercased()) }.sorted { $0.path < $1.path }
            } else {
                files.append(url)
            }
        }
        let normalizer = try Normalizer(options: normalization)
        var docs: [LibraryDocument] = []
        for f in files {
            let source = try InputReader.read(f)
            let text = try normalizer.normalize(source.text)
            let paragraphs = ParagraphSplitter.paragraphs(of: text)
            for part in PageSplitter.split(paragraphs).documents {
                let body = Array(paragraphs[(part.title.map { $0 + 1 } ?? part.paragraphs.lowerBound)..<part.paragraphs.upperBound])
                docs.append(LibraryDocument(file: source.file, title: part.title.map { paragraphs[$0].text }, text: text,
                                            stream: Fingerprinter.stream(of: body, undoing: swaps)))
            }
        }
        return CopyLibrary(documents: docs, swaps: swaps)
    }

    /// A passage of the draft found in a library document.
    public struct Match: Sendable {
        public let document: Int
        /// Draft range (normalised offsets of the draft).
        public let range: TextRange
        /// Source range (normalised offsets of the library document's file).
        public let sourceRange: TextRange
        public let similarity: Double
        /// Characters of the draft's stream the passage covers.
        public let characters: Int
    }

    /// Copied passages of a draft's paragraphs, best source per passage. Library documents with
    /// exactly the draft's text, or from the file `excludingFile` (the draft itself, when it is
    /// in the library), are skipped.
    public func matches(for paragraphs: [Paragraph], excludingFile: String? = nil, minimumCharacters: Int = 13) -> (matches: [Match], streamLength: Int, copied: [Bool]) {
        let stream = Fingerprinter.stream(of: paragraphs, undoing: swaps)
        let prints = fingerprinter.fingerprints(stream.scalars)
        let k = fingerprinter.k
        // Draft position → (library document, source position) for uncommon shared fingerprints.
        var byDoc: [Int32: [(Int32, Int32)]] = [:]
        let excluded = excludingFile.map { URL(fileURLWithPath: $0).standardizedFileURL.path }
        let same = Set(documents.indices.filter {
            documents[$0].stream.scalars == stream.scalars || URL(fileURLWithPath: documents[$0].file).standardizedFileURL.path == excluded
        }.map { Int32($0) })
        for (h, p) in prints {
            guard let hits = index[h] else { continue }
            let docsWithIt = Set(hits.map(\.doc))
            if docsWithIt.count > maxDocumentFrequency { continue }
            for hit in hits where !same.contains(hit.doc) { byDoc[hit.doc, default: []].append((p, hit.position)) }
        }
        var candidates: [Match] = []
        for (doc, pairs) in byDoc {
            let sorted = pairs.sorted { $0.0 < $1.0 }
            var group: [(Int32, Int32)] = []
            func flush() {
                defer { group.removeAll() }
                guard group.count >= 2 else { return }
                let a = Int(group.first!.0), b = Int(group.last!.0) + k
                guard b - a >= minimumCharacters else { return }
                let inSpan = prints.filter { Int($0.position) >= a && Int($0.position) + k <= b }.count
                let similarity = min(1, Double(Set(group.map(\.0)).count) / Double(max(1, inSpan)))
                // The source passage: the pairs that agree on the offset between draft and source
                // (a shared fingerprint elsewhere in the source must not stretch the range).
                let deltas = group.map { Int($0.1) - Int($0.0) }.sorted()
                let median = deltas[deltas.count / 2]
                let aligned = group.filter { abs(Int($0.1) - Int($0.0) - median) <= 40 }
                let srcPositions = (aligned.isEmpty ? group : aligned).map(\.1)
                let lib = documents[Int(doc)]
                let sa = Int(srcPositions.min()!), sb = min(lib.stream.offsets.count - 1, Int(srcPositions.max()!) + k - 1)
                candidates.append(Match(
                    document: Int(doc),
                    range: TextRange(start: Int(stream.offsets[a]), end: Int(stream.offsets[b - 1]) + 1),
                    sourceRange: TextRange(start: Int(lib.stream.offsets[sa]), end: Int(lib.stream.offsets[sb]) + 1),
                    similarity: similarity, characters: b - a))
            }
            for pair in sorted {
                // A gap longer than k + window characters with no shared fingerprint ends a passage.
                if let last = group.last, pair.0 - last.0 > Int32(k + fingerprinter.window + 8) { flush() }
                group.append(pair)
            }
            flush()
        }
        // Keep, for overlapping passages, the longest (then most similar) source.
        candidates.sort { ($0.characters, $0.similarity) > ($1.characters, $1.similarity) }
        var copied = [Bool](repeating: false, count: stream.scalars.count)
        var kept: [Match] = []
        let posOf = Dictionary(stream.offsets.enumerated().map { (Int($1), $0) }, uniquingKeysWith: { a, _ in a })
        for m in candidates {
            guard let a = posOf[m.range.start], let b = posOf[m.range.end - 1] else { continue }
            let fresh = (a...b).filter { !copied[$0] }.count
            if fresh * 2 < (b - a + 1) { continue }
            for i in a...b { copied[i] = true }
            kept.append(m)
        }
        kept.sort { $0.range.start < $1.range.start }
        return (kept, stream.scalars.count, copied)
    }

}

/// Passages copied from the template library, with their source and a similarity, and the
/// document's copy ratio (知网查重's 复制比: copied characters over all characters).
public struct CopyRule: DocumentRule {
    public let library: CopyLibrary
    public let kinds = ["copied-text"]
    /// Per library document: where its text starts in its file (a stored document keeps only
    /// its own text), added to source ranges; and a label for messages ("corpus store #12").
    public let sourceShifts: [Int]?
    public let sourceLabels: [String]?

    public init(library: CopyLibrary, sourceShifts: [Int]? = nil, sourceLabels: [String]? = nil) {
        self.library = library
        self.sourceShifts = sourceShifts
        self.sourceLabels = sourceLabels
    }

    public func check(_ d: DocumentContext) -> [Finding] {
        let (matches, length, copied) = library.matches(for: d.paragraphs, excludingFile: d.file)
        guard !matches.isEmpty, length > 0 else { return [] }
        let ratio = Double(copied.filter { $0 }.count) / Double(length)
        var out: [Finding] = []
        for m in matches {
            let lib = library.documents[m.document]
            let r = lib.text.originalRange(of: m.sourceRange)
            let shift = sourceShifts?[m.document] ?? 0
            let source = FindingSource(file: lib.file, range: TextRange(start: r.start + shift, end: r.end + shift),
                                       similarity: (m.similarity * 100).rounded() / 100)
            let label = sourceLabels.map { "\($0[m.document]); " } ?? ""
            let title = lib.title.map { " «\($0)»" } ?? ""
            out.append(d.findings.make("copied-text", ratio >= 0.5 ? .error : .warning, Message(
                en: String(format: "%d characters copied from %@%@ (%@similarity %.2f; the document's copy ratio is %.0f%%)",
                           m.characters, lib.file, title, label, m.similarity, ratio * 100),
                zh: String(format: "%d 字抄自 %@%@（%@相似度 %.2f；全文复制比 %.0f%%）",
                           m.characters, lib.file, title, label, m.similarity, ratio * 100)),
                normalized: m.range, source: source))
        }
        return out
    }
}
