import Foundation

/// Parts of speech of tokens, in the ICTCLAS/jieba tag set (n noun, v verb, vn verbal noun,
/// a adjective, d adverb, m numeral, q classifier, nr/ns/nt/nz proper nouns, j abbreviation,
/// l/i set phrase and idiom, uj/ul/p/c … function words; x other, w punctuation, eng Latin).
///
/// A word's tag is, in order: the tag the segmenter's lexicon gives it (the domain lexicon's
/// tags, a user lexicon's); the tag of the tag table (`dictionaries/pos/jieba-tags.txt`, derived
/// from jieba's dict.txt); otherwise a guess (`guess`) by
/// naive Bayes over the word's last and first characters, with the tag counts of the table's
/// words of two or more characters (add-one smoothed): P(t) · P(last | t) · P(first | t) — 化 at
/// the end says v/vn, 性 n, 地 d. A head-word rule (a compound takes the tag of its longest known
/// suffix: 营商 + 环境 → n) is available (`useHeadWord`) but off: on words whose tag was hidden it
/// was no better (`wenshu-bench pos`, BENCHMARKS.md). The keyword filter reads heads itself.
///
/// Numbers, Latin words and punctuation take their kind's tag (m, eng, w); other symbols x.
/// How well the guess does on words whose tag is hidden: `wenshu-bench pos` (BENCHMARKS.md).
public struct PartOfSpeechTagger: Sendable {
    /// Tags a lexicon entry names, first (the segmenter's lexicon), then the tag table.
    public private(set) var lexicons: [Lexicon]
    /// Per tag: its number of table words, its counts by last and by first character.
    let tagNames: [String]
    let tagTotals: [Double]
    let lastCounts: [UInt32: [Int32]]
    let firstCounts: [UInt32: [Int32]]
    let typeCount: Double
    let characterTypes: Double
    /// Whether guesses use the head-word rule (on by default; the benchmark measures without).
    public var useHeadWord = false

    /// The tag of a kind that is not a word.
    public static func tag(of kind: TokenKind) -> String? {
        switch kind {
        case .word: return nil
        case .number: return "m"
        case .latin: return "eng"
        case .punctuation: return "w"
        case .url, .symbol, .space, .newline: return "x"
        }
    }

    /// Guesses are learned from `table` (words of two or more characters with a tag); lookups
    /// read `lexicons` in order, then `table`.
    public init(table: Lexicon, lexicons: [Lexicon] = []) {
        self.lexicons = lexicons + [table]
        var names: [String] = [], index: [String: Int] = [:]
        var totals: [Double] = []
        var last: [UInt32: [Int32]] = [:], first: [UInt32: [Int32]] = [:]
        var types = 0.0
        var characters = Set<UInt32>()
        for i in 0..<table.count {
            let n = Int(table.wordLength[i])
            let t = table.tagIndex[i]
            guard n >= 2, t >= 0 else { continue }
            let name = table.tags[Int(t)]
            let k: Int
            if let existing = index[name] { k = existing } else {
                k = names.count; index[name] = k; names.append(name); totals.append(0)
                for key in last.keys { last[key]!.append(0) }
                for key in first.keys { first[key]!.append(0) }
            }
            totals[k] += 1
            types += 1
            let s = Int(table.wordStart[i])
            let a = table.scalars[s], z = table.scalars[s + n - 1]
            characters.insert(a); characters.insert(z)
            last[z, default: [Int32](repeating: 0, count: names.count)][k] += 1
            first[a, default: [Int32](repeating: 0, count: names.count)][k] += 1
        }
        // Arrays created before a later tag appeared are shorter: pad them.
        for key in last.keys where last[key]!.count < names.count { last[key]! += [Int32](repeating: 0, count: names.count - last[key]!.count) }
        for key in first.keys where first[key]!.count < names.count { first[key]! += [Int32](repeating: 0, count: names.count - first[key]!.count) }
        tagNames = names
        tagTotals = totals
        lastCounts = last
        firstCounts = first
        typeCount = max(types, 1)
        characterTypes = Double(max(characters.count, 1))
    }

    /// The same tagger with `lexicon`'s tags read before all others.
    public func reading(_ lexicon: Lexicon) -> PartOfSpeechTagger {
        var copy = self
        copy.lexicons.insert(lexicon, at: 0)
        return copy
    }

    /// The bundled tag table (`pos/jieba-tags.txt`) and a segmenter's lexicon (whose tags come
    /// first). The table is read once per process and directory.
    public static func load(dictionaries: Dictionaries, lexicon: Lexicon? = nil) throws -> PartOfSpeechTagger {
        let url = dictionaries.url("pos/jieba-tags.txt")
        let base = try TaggerCache.shared.tagger(for: url)
        return lexicon.map { base.reading($0) } ?? base
    }

    /// The tag a lexicon gives the word, if any.
    public func knownTag(_ word: [UInt32]) -> String? {
        for lexicon in lexicons {
            if let i = lexicon.index(of: word), lexicon.tagIndex[i] >= 0 { return lexicon.tags[Int(lexicon.tagIndex[i])] }
        }
        return nil
    }

    public func knownTag(_ word: String) -> String? { knownTag(word.unicodeScalars.map(\.value)) }

    /// The word's tag: known, else guessed.
    public func tag(_ word: [UInt32]) -> String { knownTag(word) ?? guess(word) }

    public func tag(_ word: String) -> String { tag(word.unicodeScalars.map(\.value)) }

    /// A guess for a word no lexicon tags (see the type's documentation).
    public func guess(_ word: [UInt32]) -> String {
        guard let z = word.last, let a = word.first else { return "x" }
        if word.count >= 3 && useHeadWord, let head = headTag(word) { return head }
        if tagNames.isEmpty { return "n" }
        let lastRow = lastCounts[z], firstRow = word.count >= 2 ? firstCounts[a] : nil
        var best = 0, bestScore = -Double.infinity
        for k in 0..<tagNames.count {
            let total = tagTotals[k]
            var s = log(total / typeCount)
            s += log((Double(lastRow?[k] ?? 0) + 1) / (total + characterTypes))
            if let firstRow { s += log((Double(firstRow[k]) + 1) / (total + characterTypes)) }
            if s > bestScore { bestScore = s; best = k }
        }
        return tagNames[best]
    }

    public func guess(_ word: String) -> String { guess(word.unicodeScalars.map(\.value)) }

    /// The tag of the longest known proper suffix of two or more characters.
    public func headTag(_ word: [UInt32]) -> String? {
        guard word.count >= 3 else { return nil }
        for start in 1...(word.count - 2) {
            if let t = knownTag(Array(word[start...])) { return t }
        }
        return nil
    }

    /// The tag of the word's first known word (the longest known prefix), if any: what a
    /// phrase starts with (更 in 更大力度 is d; 五年 in 五年来 is t).
    public func firstTag(_ word: [UInt32]) -> String? { firstWord(word)?.tag }

    /// The word's longest known proper prefix: its length and tag.
    public func firstWord(_ word: [UInt32]) -> (length: Int, tag: String)? {
        guard !word.isEmpty else { return nil }
        for end in stride(from: word.count - 1, through: 1, by: -1) {
            if let t = knownTag(Array(word[..<end])) { return (end, t) }
        }
        return nil
    }

    /// Tags of tokens: each word by `tag`, the other kinds by `tag(of:)`.
    public func tags(of tokens: [Token]) -> [String] {
        tokens.map { PartOfSpeechTagger.tag(of: $0.kind) ?? tag($0.text) }
    }
}

extension PartOfSpeechTagger {
    /// Nominal tags: nouns of every kind (n nr ns nt nz ng nrt nrfg), verbal and adjectival nouns
    /// (vn an), abbreviations (j), place and time-of-noun words (s), and set phrases (l, i) whose
    /// head is nominal is decided by the caller.
    public static func isNominal(_ tag: String) -> Bool {
        tag.hasPrefix("n") || tag == "vn" || tag == "an" || tag == "j" || tag == "s" || tag == "eng" || tag == "nz"
    }
}

/// The tag tables read so far, by path: loading one takes a noticeable fraction of a second.
final class TaggerCache: @unchecked Sendable {
    static let shared = TaggerCache()
    private let lock = NSLock()
    private var taggers: [String: PartOfSpeechTagger] = [:]

    func tagger(for url: URL) throws -> PartOfSpeechTagger {
        lock.lock()
        defer { lock.unlock() }
        if let t = taggers[url.path] { return t }
        var builder = LexiconBuilder()
        try builder.load(contentsOf: url)
        let t = PartOfSpeechTagger(table: builder.build())
        taggers[url.path] = t
        return t
    }
}
