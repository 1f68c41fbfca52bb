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
    /// Per fingerprint, how many library documents have it.
    let frequency: [UInt64: Int32]
    public let fingerprinter: Fingerprinter
    /// A fingerprint in more than this many library documents is common, not evidence.
    public let maxDocumentFrequency: Int
    /// Undoes spinner swaps in drafts (the library's streams were built with it too).
    public let swaps: SwapUndoer?
    /// When set, a passage found only through common fingerprints (no distinctive one in it)
    /// is still a copy when this many of its characters align — for comparing a batch, where a
    /// template many submissions copied is common in the batch yet is what a reviewer looks
    /// for. Unset (the default), such a passage is never a copy.
    public var commonOnlyMinimum: Int? = nil

    /// `maxDocumentFrequency` and `ignoring` let a library that is a sample of a larger archive
    /// (the candidates a corpus store picked for one draft) use the archive's document
    /// frequencies: fingerprints in `ignoring` are common in the archive and never distinctive
    /// evidence (they may still seed an extension, as common fingerprints of the library do).
    public init(documents: [LibraryDocument], fingerprinter: Fingerprinter = Fingerprinter(), swaps: SwapUndoer? = nil,
                maxDocumentFrequency: Int? = nil, ignoring common: Set<UInt64> = []) {
        self.swaps = swaps
        var index: [UInt64: [(doc: Int32, position: Int32)]] = [:]
        for (d, doc) in documents.enumerated() {
            for (h, p) in fingerprinter.fingerprints(doc.stream.scalars) { index[h, default: []].append((Int32(d), p)) }
        }
        // Postings are in document order: a document's hits are next to each other.
        var frequency: [UInt64: Int32] = [:]
        frequency.reserveCapacity(index.count)
        for (h, hits) in index {
            var n: Int32 = 0, last: Int32 = -1
            for hit in hits where hit.doc != last { n += 1; last = hit.doc }
            frequency[h] = n
        }
        let maxDF = maxDocumentFrequency ?? max(2, documents.count / 20)
        // Common in the archive: never distinctive here (but still a seed to extend from).
        for h in common where frequency[h] != nil { frequency[h] = max(frequency[h]!, Int32(maxDF + 1)) }
        self.documents = documents
        self.index = index
        self.frequency = frequency
        self.fingerprinter = fingerprinter
        self.maxDocumentFrequency = maxDF
    }

    /// Reads files and folders (.txt, .docx, .doc, .wps, .odt, .rtf, .pdf) and splits each page into its documents.
    public static func load(_ paths: [URL], swaps: SwapUndoer? = nil, normalization: NormalizationOptions = .documents) throws -> CopyLibrary {
        CopyLibrary(documents: try loadDocuments(paths, swaps: swaps, normalization: normalization).map(\.document), swaps: swaps)
    }

    /// The files of `paths` (folders: their files of the formats InputFormat knows, sorted by path), each page
    /// split into its documents, with each document's place in its file.
    public static func loadDocuments(_ paths: [URL], swaps: SwapUndoer? = nil, normalization: NormalizationOptions = .documents) throws -> [(document: LibraryDocument, index: Int)] {
        let normalizer = try Normalizer(options: normalization)
        var docs: [(document: LibraryDocument, index: Int)] = []
        for f in try InputFiles.expand(paths) {
            let page = try PageText.read(f, normalizer: normalizer)
            for d in page.documents {
                docs.append((LibraryDocument(file: page.source.file, title: page.title(of: d)?.text, text: page.text,
                                             stream: Fingerprinter.stream(of: Array(page.body(of: d)), undoing: swaps)), d.index))
            }
        }
        return docs
    }

    /// A passage of the draft found in a library document.
    public struct Match: Sendable {
        public let document: Int
        /// Draft range (normalised offsets of the draft): its first to its last aligned character.
        public let range: TextRange
        /// Source range (normalised offsets of the library document's file).
        public let sourceRange: TextRange
        /// Measured on the alignment: 2 × aligned matching characters over the characters of
        /// the draft passage plus those of the source passage (1 for a word-for-word copy).
        public let similarity: Double
        /// Characters of the draft's stream the passage covers.
        public let characters: Int
        /// The passage in stream positions: draft and source (for callers that count coverage).
        public let streamRange: Range<Int>
        public let sourceStreamRange: Range<Int>
    }

    /// A fingerprint in more library documents than this is never looked up at all: its
    /// postings are not read (`CorpusStore.commonFingerprintDocuments` likewise).
    public static let unreadFingerprintDocuments = 200

    /// Seeds of a draft's fingerprints per library document: (draft position, source position,
    /// distinctive). Common fingerprints (in more than `maxDocumentFrequency` documents) are
    /// seeds too, marked not distinctive; those in more than `unreadFingerprintDocuments` are not.
    func seeds(of prints: [(hash: UInt64, position: Int32)], skipping: (Int32) -> Bool) -> [Int32: [Seed]] {
        var byDoc: [Int32: [Seed]] = [:]
        for (h, p) in prints {
            guard let hits = index[h], let df = frequency[h] else { continue }
            if df > Self.unreadFingerprintDocuments { continue }
            let distinctive = df <= maxDocumentFrequency
            for hit in hits where !skipping(hit.doc) { byDoc[hit.doc, default: []].append(Seed(draft: p, source: hit.position, distinctive: distinctive)) }
        }
        return byDoc
    }

    struct Seed { let draft: Int32; let source: Int32; let distinctive: Bool }
    struct Segment { var p0: Int, p1: Int, q0: Int, q1: Int, matches: Int, distinctive: Bool }

    /// The passages of `draft` found in library document `doc` from its seeds: each seed not
    /// already inside an extended segment on its diagonal is extended both ways by alignment;
    /// overlapping segments keep the longer; segments close in both texts (a clause moved, a
    /// sentence rewritten between them) join into one passage, from its first to its last
    /// aligned character.
    func passages(_ draft: [UInt32], against doc: Int, seeds: [Seed], minimumCharacters: Int) -> [Passage] {
        let source = documents[doc].stream.scalars
        let k = fingerprinter.k
        var segments: [Segment] = []
        // The segments by their diagonal (q0 − p0) that may still hold a later seed: seeds come
        // in draft order, so every segment starts at or before the seed (p0 ≤ p) and one that
        // ends before it (p1 < p + k) never holds another. A seed looks at the 4·band + 1
        // diagonals near its own instead of every segment so far (a source that holds the draft
        // a hundred times made that quadratic: hostile tester, session 10).
        var open: [Int: [Int]] = [:]
        let reach = 2 * CopyAligner.band
        draft.withUnsafeBufferPointer { a in
            source.withUnsafeBufferPointer { b in
                for seed in seeds.sorted(by: { ($0.draft, $0.source) < ($1.draft, $1.source) }) {
                    let p = Int(seed.draft), q = Int(seed.source)
                    guard p + k <= a.count, q + k <= b.count else { continue }
                    // The first segment (lowest index) on a near diagonal that holds the seed.
                    var holder: Int? = nil
                    for d in (q - p - reach)...(q - p + reach) {
                        guard let list = open[d] else { continue }
                        let live = list.filter { p + k <= segments[$0].p1 }
                        if live.count != list.count { open[d] = live.isEmpty ? nil : live }
                        if let first = live.first, first < (holder ?? Int.max) { holder = first }
                    }
                    if let i = holder {
                        if seed.distinctive { segments[i].distinctive = true }
                        continue
                    }
                    var same = true
                    for t in 0..<k where a[p + t] != b[q + t] { same = false; break }  // a hash collision
                    guard same else { continue }
                    let right = CopyAligner.extend(a, p + k, b, q + k, forward: true)
                    let left = CopyAligner.extend(a, p, b, q, forward: false)
                    segments.append(Segment(p0: p - left.draft, p1: p + k + right.draft, q0: q - left.source, q1: q + k + right.source,
                                            matches: k + left.matches + right.matches, distinctive: seed.distinctive))
                    open[(q - left.source) - (p - left.draft), default: []].append(segments.count - 1)
                }
            }
        }
        // Overlapping segments (the same draft text found at two places of the source): the
        // one with more aligned characters.
        segments.sort { ($0.matches, $0.distinctive ? 1 : 0, -$0.p0) > ($1.matches, $1.distinctive ? 1 : 0, -$1.p0) }
        // `taken` is kept in draft order, so that only the segments that can overlap this one are
        // read: those starting before its end and no earlier than its start minus the longest
        // taken (every taken segment was read for every segment before: quadratic).
        var taken: [Segment] = []
        var longest = 0
        for s in segments {
            var lo = 0, hi = taken.count
            while lo < hi {
                let mid = (lo + hi) / 2
                if taken[mid].p0 < s.p0 - longest { lo = mid + 1 } else { hi = mid }
            }
            var overlap = 0, i = lo
            while i < taken.count && taken[i].p0 < s.p1 {
                overlap += max(0, min(taken[i].p1, s.p1) - max(taken[i].p0, s.p0))
                i += 1
            }
            if overlap * 2 >= s.p1 - s.p0 { continue }
            // After the segments that start at or before it: the order `sort` by p0 gave before.
            var at = i
            while at > 0 && taken[at - 1].p0 > s.p0 { at -= 1 }
            taken.insert(s, at: at)
            longest = max(longest, s.p1 - s.p0)
        }
        var out: [Passage] = []
        var cur: Passage? = nil
        for s in taken {
            if var c = cur {
                let draftGap = s.p0 - c.draft.upperBound
                let sourceGap = max(s.q0 - c.source.upperBound, c.source.lowerBound - s.q1, 0)
                // A longer stretch between two pieces in the same order and at the same offset
                // in both texts joins them when the two stretches still align (three characters
                // in five in common, in order: 2 × longest common subsequence ≥ 0.6 × both lengths): a sentence edited too heavily for the
                // extension to cross.
                let forwardGap = s.q0 - c.source.upperBound
                let bridged = draftGap > Self.joinGap && draftGap <= Self.bridgeGap && forwardGap >= 0 && forwardGap <= Self.bridgeGap
                    && abs(draftGap - forwardGap) <= 2 * CopyAligner.band
                    && 10 * Self.commonSubsequence(draft[c.draft.upperBound..<s.p0], source[c.source.upperBound..<s.q0]) >= 3 * (draftGap + forwardGap)
                if bridged || (draftGap <= Self.joinGap && sourceGap <= Self.joinGap + 2 * Self.joinGap) {
                    c.draft = c.draft.lowerBound..<max(c.draft.upperBound, s.p1)
                    c.source = min(c.source.lowerBound, s.q0)..<max(c.source.upperBound, s.q1)
                    c.matches += s.matches
                    c.distinctive = c.distinctive || s.distinctive
                    cur = c
                    continue
                }
                out.append(c)
            }
            cur = Passage(document: doc, draft: s.p0..<s.p1, source: s.q0..<s.q1, matches: s.matches, distinctive: s.distinctive)
        }
        if let c = cur { out.append(c) }
        // Distinctive evidence of each passage: draft characters under a distinctive seed that
        // falls inside the passage in both texts.
        let distinctiveSeeds = seeds.filter(\.distinctive).sorted { $0.draft < $1.draft }
        for i in out.indices {
            var covered = 0, reach = Int.min
            // Only the seeds inside the passage's draft range (found by bisection: each passage
            // reading every seed was quadratic when the draft holds a source many times).
            var lo = 0, hi = distinctiveSeeds.count
            while lo < hi {
                let mid = (lo + hi) / 2
                if Int(distinctiveSeeds[mid].draft) < out[i].draft.lowerBound { lo = mid + 1 } else { hi = mid }
            }
            var upper = lo
            while upper < distinctiveSeeds.count && Int(distinctiveSeeds[upper].draft) < out[i].draft.upperBound { upper += 1 }
            for sd in distinctiveSeeds[lo..<upper] where out[i].source.contains(Int(sd.source)) {
                let a = max(Int(sd.draft), reach), b = min(Int(sd.draft) + k, out[i].draft.upperBound)
                if b > a { covered += b - a }
                reach = max(reach, Int(sd.draft) + k)
            }
            out[i].evidence = covered
        }
        return out.filter { ($0.evidence >= Self.minimumEvidence && $0.matches >= minimumCharacters) || $0.matches >= (commonOnlyMinimum ?? Int.max) }
    }

    /// Segments further apart than this (characters of the stream, in the draft) are separate
    /// passages; closer ones, near each other in the source too, are one passage with an
    /// edited stretch between them.
    static let joinGap = 24
    static let bridgeGap = 80

    /// Length of the longest common subsequence of two short runs.
    static func commonSubsequence(_ a: ArraySlice<UInt32>, _ b: ArraySlice<UInt32>) -> Int {
        if a.isEmpty || b.isEmpty { return 0 }
        var prev = [Int](repeating: 0, count: b.count + 1), cur = prev
        for x in a {
            for (j, y) in b.enumerated() { cur[j + 1] = x == y ? prev[j] + 1 : max(prev[j + 1], cur[j]) }
            swap(&prev, &cur)
        }
        return prev[b.count]
    }
    /// A passage is a copy only with this many draft characters under distinctive seeds (about
    /// three distinctive fingerprints): one distinctive 6-gram next to a formula two reports
    /// share is how independent reports of one government resemble each other, not a copy.
    public static let minimumEvidence = 20

    /// A passage found in one library document, in stream positions.
    public struct Passage: Sendable {
        public let document: Int
        public var draft: Range<Int>
        public var source: Range<Int>
        /// Aligned matching characters.
        public var matches: Int
        var distinctive: Bool
        /// Draft characters under distinctive seeds of this passage.
        public var evidence = 0
        public var similarity: Double { min(1, 2 * Double(matches) / Double(max(1, draft.count + source.count))) }
    }

    /// Every passage of a draft stream found in each library document (not only the best source
    /// per passage): for comparing documents pairwise. `skipping` library documents are left out.
    public func allPassages(of stream: Fingerprinter.Stream, skipping: (Int32) -> Bool = { _ in false }, minimumCharacters: Int = 13) -> [Int: [Passage]] {
        let prints = fingerprinter.fingerprints(stream.scalars)
        var out: [Int: [Passage]] = [:]
        for (doc, seeds) in seeds(of: prints, skipping: skipping) {
            let found = passages(stream.scalars, against: Int(doc), seeds: seeds, minimumCharacters: minimumCharacters)
            if !found.isEmpty { out[Int(doc)] = found }
        }
        return out
    }

    /// Copied passages of a draft's paragraphs, best source per passage. Library documents with
    /// exactly the draft's text, or from the file `excludingFile` (the draft itself, when it is
    /// in the library), are skipped.
    public func matches(for paragraphs: [Paragraph], excludingFile: String? = nil, minimumCharacters: Int = 13) -> (matches: [Match], streamLength: Int, copied: [Bool]) {
        matches(for: Fingerprinter.stream(of: paragraphs, undoing: swaps), excludingFile: excludingFile, minimumCharacters: minimumCharacters)
    }

    /// Copied passages of a draft's stream (built with this library's `swaps`).
    public func matches(for stream: Fingerprinter.Stream, excludingFile: String? = nil, minimumCharacters: Int = 13) -> (matches: [Match], streamLength: Int, copied: [Bool]) {
        let excluded = excludingFile.map { URL(fileURLWithPath: $0).standardizedFileURL.path }
        let same = Set(documents.indices.filter {
            documents[$0].stream.scalars == stream.scalars || URL(fileURLWithPath: documents[$0].file).standardizedFileURL.path == excluded
        }.map { Int32($0) })
        let found = allPassages(of: stream, skipping: { same.contains($0) }, minimumCharacters: minimumCharacters)
        // Keep, for overlapping passages, the one with most aligned characters (then the most
        // similar); a passage mostly inside kept ones is dropped.
        var candidates = found.values.flatMap { $0 }
        candidates.sort { ($0.matches, $0.similarity, -$0.document) > ($1.matches, $1.similarity, -$1.document) }
        var copied = [Bool](repeating: false, count: stream.scalars.count)
        var kept: [Match] = []
        for c in candidates {
            let fresh = c.draft.filter { !copied[$0] }.count
            if fresh * 2 < c.draft.count { continue }
            for i in c.draft { copied[i] = true }
            let lib = documents[c.document]
            kept.append(Match(document: c.document,
                              range: TextRange(start: Int(stream.offsets[c.draft.lowerBound]), end: Int(stream.offsets[c.draft.upperBound - 1]) + 1),
                              sourceRange: TextRange(start: Int(lib.stream.offsets[c.source.lowerBound]), end: Int(lib.stream.offsets[c.source.upperBound - 1]) + 1),
                              similarity: c.similarity, characters: c.draft.count, streamRange: c.draft, sourceStreamRange: c.source))
        }
        kept.sort { $0.range.start < $1.range.start }
        return (kept, stream.scalars.count, copied)
    }

}

/// Passages copied from the template library, with their source and a similarity, and the
/// document's copy ratio (知网查重's 复制比: copied characters over all characters). What it
/// finds is kept in the document (`AnalyzedDocument.copy`, a `CopyResult`).
public struct CopyRule: CopyCheck {
    public let library: CopyLibrary
    public let kinds = [FindingKind.copiedText]
    /// Per library document: where its text starts in its file (a stored document keeps only
    /// its own text), added to source ranges; and a label for messages ("corpus store #12").
    public let sourceShifts: [Int]?
    public let sourceLabels: [String]?

    public init(library: CopyLibrary, sourceShifts: [Int]? = nil, sourceLabels: [String]? = nil) {
        self.library = library
        self.sourceShifts = sourceShifts
        self.sourceLabels = sourceLabels
    }

    public func scan(_ d: DocumentContext) -> CopyScan {
        library.scan(d, sourceShifts: sourceShifts, sourceLabels: sourceLabels)
    }

    public func check(_ d: DocumentContext) -> [Finding] {
        scan(d).findings(d.findings)
    }
}

extension FindingKind {
    public static let copiedText = FindingKind(
        "copied-text", .warning, label: ("copied passage", "复制段落"),
        explanation: ("a passage copied from a template or earlier report (--templates, --store); an error when half the document is copied",
                      "抄自范文或往年报告的段落（--templates、--store）；全文复制比过半时为错误"),
        colour: "#2e7d32", alpha: 0.13)
}

extension CopyRule: RegisteredRule {
    /// On only with templates (`--templates`); a store's copy rule is added by the command.
    public static let order = 1000
    public static func rules(_ setup: RuleSetup) throws -> [any DocumentRule] {
        guard !setup.templates.isEmpty else { return [] }
        let swaps = try SwapUndoer.load(contentsOf: setup.dictionaries.url("phrases/synonyms.txt"))
        return [CopyRule(library: try CopyLibrary.load(setup.templates, swaps: swaps))]
    }
}
