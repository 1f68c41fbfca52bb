import Foundation

/// What went wrong loading a lexicon: always names the file and, for content, the line.
public enum LexiconError: LocalizedError, Sendable, Equatable {
    case unreadable(file: String, reason: String)
    case badFrequency(file: String, line: Int, text: String)
    case badLine(file: String, line: Int, reason: String)
    case invalidUTF8(file: String, line: Int)

    public var errorDescription: String? {
        switch self {
        case let .unreadable(file, reason): return "\(file): cannot read the lexicon: \(reason)"
        case let .badFrequency(file, line, text): return "\(file):\(line): the frequency '\(text)' is not a whole number ≥ 0 (format: word [freq] [tag])"
        case let .badLine(file, line, reason): return "\(file):\(line): \(reason) (format: word [freq] [tag])"
        case let .invalidUTF8(file, line): return "\(file):\(line): the lexicon is not valid UTF-8"
        }
    }
}

/// One lexicon word.
public struct LexiconEntry: Sendable, Equatable {
    public let word: String
    public let frequency: Int
    public let tag: String?
}

/// An immutable set of words with frequencies and tags, searchable by prefix at any text position.
///
/// The words form a trie whose edges — (parent node, character) → child — sit in one hash table
/// with exact keys (`TrieTable`). A lookup walks forward from a position one character at a
/// time and stops as soon as no longer word can match; whatever it finds is a word, with
/// nothing to verify. The root's children are read from a direct table, and a bit filter of
/// first-character pairs rejects most positions before the first hash probe.
public struct Lexicon: Sendable {
    /// Flat storage of all words' scalars.
    let scalars: [UInt32]
    let wordStart: [Int32]
    let wordLength: [Int32]
    let frequencies: [Int32]
    let tagIndex: [Int32]
    let tags: [String]
    let table: TrieTable
    /// Characters that begin some word.
    let firstCharacters: ScalarSet
    /// The root's child for each character of the Basic Multilingual Plane (0: none), read
    /// directly: the first step of every lookup costs no hash probe.
    let firstLevel: [TrieTable.Packed]
    /// The first two characters of every word of two or more, as a 16 KB bit filter: most
    /// positions whose first character begins some word are rejected before a hash probe.
    let pairFilter: PairFilter
    public let maxWordLength: Int
    public let maxFrequency: Int

    public var count: Int { wordStart.count }

    public static let empty = LexiconBuilder().build()

    /// FNV-1a over scalars (used by term discovery to key character n-grams).
    @inline(__always) static func step(_ h: UInt64, _ v: UInt32) -> UInt64 { (h ^ UInt64(v)) &* 0x100000001b3 }
    static let basis: UInt64 = 0xcbf29ce484222325

    /// Calls `body(length, entryIndex)` for every word that starts at `position` of `text`,
    /// shortest first.
    @inline(__always)
    public func forEachMatch(in text: UnsafeBufferPointer<UInt32>, at position: Int, _ body: (Int, Int) -> Void) {
        let first = text[position]
        // An 8 KB bitmap rejects most positions of a text before the 512 KB first-level table is read.
        guard firstCharacters.contains(first) else { return }
        var packed = first < 0x10000 ? firstLevel.withUnsafeBufferPointer { $0[Int(first)] } : table.find(TrieTable.key(0, first))
        if packed == 0 { return }
        var k = position
        let limit = min(text.count, position + maxWordLength)
        while true {
            let info = TrieTable.info(packed)
            let entry = Int(info >> 1) - 1
            if entry >= 0 { body(k - position + 1, entry) }
            if info & 1 == 0 { return }
            k += 1
            if k >= limit { return }
            // Before the first hash probe: does any word start with these two characters?
            if k == position + 1 && !pairFilter.mayContain(first, text[k]) { return }
            packed = table.find(TrieTable.key(TrieTable.node(packed), text[k]))
            if packed == 0 { return }
        }
    }

    public func frequency(ofEntry i: Int) -> Int { Int(frequencies[i]) }

    public func entry(_ i: Int) -> LexiconEntry {
        let s = Int(wordStart[i]), n = Int(wordLength[i])
        var view = String.UnicodeScalarView()
        for v in scalars[s..<(s + n)] { if let u = Unicode.Scalar(v) { view.append(u) } }
        let t = tagIndex[i]
        return LexiconEntry(word: String(view), frequency: Int(frequencies[i]), tag: t >= 0 ? tags[Int(t)] : nil)
    }

    /// The entry for a word, if the lexicon has it.
    public func lookup(_ word: String) -> LexiconEntry? { index(of: word).map(entry) }

    /// The entry index of a word, if the lexicon has it.
    func index(of word: String) -> Int? { index(of: word.unicodeScalars.map(\.value)) }

    /// The entry index of a word given as scalars, if the lexicon has it.
    func index(of w: [UInt32]) -> Int? {
        guard !w.isEmpty else { return nil }
        var found: Int? = nil
        w.withUnsafeBufferPointer { buf in
            forEachMatch(in: buf, at: 0) { len, i in if len == w.count { found = i } }
        }
        return found
    }

    public func contains(_ word: String) -> Bool { lookup(word) != nil }
}

/// Builds a lexicon from files in jieba's user-dictionary format and from code.
public struct LexiconBuilder {
    var scalars: [UInt32] = []
    var wordStart: [Int32] = []
    var wordLength: [Int32] = []
    var frequencies: [Int32] = []
    var tagIndex: [Int32] = []
    var tags: [String] = []
    var tagLookup: [String: Int32] = [:]
    var table = TrieTable(capacity: 1024)
    /// Trie nodes so far; node 0 is the root.
    var nodeCount: UInt32 = 1
    var firstCharacters = ScalarSet()
    var maxWordLength = 0

    /// The frequency given to a word listed without one: high enough that the word is cut out.
    public static let defaultFrequency = 100

    public init() {}

    /// Adds a word; a word added again takes the later frequency and tag.
    public mutating func add(_ word: String, frequency: Int = LexiconBuilder.defaultFrequency, tag: String? = nil) {
        add(scalars: Array(word.unicodeScalars.map(\.value)), frequency: frequency, tag: tag)
    }

    mutating func add(scalars w: [UInt32], frequency: Int, tag: String?) {
        guard !w.isEmpty else { return }
        var t: Int32 = -1
        if let tag {
            if let existing = tagLookup[tag] { t = existing } else {
                t = Int32(tags.count); tags.append(tag); tagLookup[tag] = t
            }
        }
        firstCharacters.insert(w[0])
        // Walk the trie, adding the nodes that are missing.
        var parent: UInt32 = 0
        var slot = 0
        for k in 0..<w.count {
            slot = table.slotIndex(inserting: TrieTable.key(parent, w[k]))
            var packed = table[slot: slot]
            if packed == 0 { packed = TrieTable.pack(node: nodeCount, info: 0); nodeCount += 1 }
            if k < w.count - 1 { packed |= 1 }  // some longer word has this prefix
            table[slot: slot] = packed
            parent = TrieTable.node(packed)
        }
        let freq = Int32(clamping: frequency)
        let packed = table[slot: slot]
        let info = TrieTable.info(packed)
        if info >> 1 > 0 {
            // The same word again: it takes the later frequency and tag.
            let i = Int(info >> 1) - 1
            frequencies[i] = freq
            if t >= 0 { tagIndex[i] = t }
            return
        }
        let index = Int32(wordStart.count)
        table[slot: slot] = TrieTable.pack(node: parent, info: ((index + 1) << 1) | (info & 1))
        wordStart.append(Int32(scalars.count))
        wordLength.append(Int32(w.count))
        scalars.append(contentsOf: w)
        frequencies.append(freq)
        tagIndex.append(t)
        maxWordLength = max(maxWordLength, w.count)
    }

    /// Adds every entry of a lexicon file: `word [freq] [tag]` a line, separated by spaces or
    /// tabs; blank lines and lines starting with `#` are skipped; a UTF-8 BOM is allowed.
    public mutating func load(contentsOf url: URL) throws {
        let data: Data
        do throws(DataFile.Unreadable) { data = try DataFile.data(of: url) } catch {
            throw LexiconError.unreadable(file: error.file, reason: error.reason)
        }
        try load(data, file: url.path)
    }

    public mutating func load(_ data: Data, file: String) throws {
        let bytes = [UInt8](data)
        var i = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        var line = 0
        let n = bytes.count
        table.reserveCapacity(table.count + n / 3)
        while i < n {
            line += 1
            var end = i
            while end < n && bytes[end] != 0x0A { end += 1 }
            var lineEnd = end
            if lineEnd > i && bytes[lineEnd - 1] == 0x0D { lineEnd -= 1 }
            try parseLine(bytes, i, lineEnd, file: file, line: line)
            i = end + 1
        }
    }

    private mutating func parseLine(_ b: [UInt8], _ start: Int, _ end: Int, file: String, line: Int) throws {
        // Split on spaces and tabs.
        var fields: [Range<Int>] = []
        var i = start
        while i < end {
            while i < end && (b[i] == 0x20 || b[i] == 0x09) { i += 1 }
            if i >= end { break }
            let s = i
            while i < end && b[i] != 0x20 && b[i] != 0x09 { i += 1 }
            fields.append(s..<i)
        }
        guard let first = fields.first else { return }
        if b[first.lowerBound] == 0x23 { return }  // comment
        if fields.count > 3 { throw LexiconError.badLine(file: file, line: line, reason: "too many fields (\(fields.count)); a word cannot contain spaces") }
        guard let word = decodeUTF8(b[first]) else { throw LexiconError.invalidUTF8(file: file, line: line) }
        var frequency = LexiconBuilder.defaultFrequency
        if fields.count >= 2 {
            let f = b[fields[1]]
            var value = 0
            for c in f {
                guard c >= 0x30 && c <= 0x39 else {
                    throw LexiconError.badFrequency(file: file, line: line, text: String(decoding: f, as: UTF8.self))
                }
                guard value < 1_000_000_000 else {
                    throw LexiconError.badLine(file: file, line: line,
                        reason: "the frequency '\(String(decoding: f, as: UTF8.self))' is larger than the largest allowed, 1000000000")
                }
                value = value * 10 + Int(c - 0x30)
            }
            frequency = value
        }
        var tag: String? = nil
        if fields.count == 3 { tag = String(decoding: b[fields[2]], as: UTF8.self) }
        add(scalars: word, frequency: frequency, tag: tag)
    }

    /// Strict UTF-8 → scalars, nil when invalid.
    private func decodeUTF8(_ bytes: ArraySlice<UInt8>) -> [UInt32]? {
        var out: [UInt32] = []
        out.reserveCapacity(bytes.count / 3 + 1)
        var it = bytes.makeIterator()
        var decoder = UTF8()
        while true {
            switch decoder.decode(&it) {
            case let .scalarValue(s): out.append(s.value)
            case .emptyInput: return out
            case .error: return nil
            }
        }
    }

    public func build() -> Lexicon {
        let table = self.table.compacted()
        var firstLevel = [TrieTable.Packed](repeating: 0, count: 0x10000)
        for c in 0..<UInt32(0x10000) where firstCharacters.contains(c) {
            firstLevel[Int(c)] = table.find(TrieTable.key(0, c))
        }
        var pairFilter = PairFilter()
        for i in 0..<wordStart.count where wordLength[i] >= 2 {
            let s = Int(wordStart[i])
            pairFilter.insert(scalars[s], scalars[s + 1])
        }
        return Lexicon(scalars: scalars, wordStart: wordStart, wordLength: wordLength, frequencies: frequencies,
                       tagIndex: tagIndex, tags: tags, table: table, firstCharacters: firstCharacters, firstLevel: firstLevel, pairFilter: pairFilter,
                       maxWordLength: maxWordLength, maxFrequency: Int(frequencies.max() ?? 1))
    }
}

/// A bit filter of character pairs (false positives possible, no false negatives).
struct PairFilter: Sendable {
    private var bits = [UInt64](repeating: 0, count: 2048)  // 131,072 bits

    @inline(__always) private static func bit(_ a: UInt32, _ b: UInt32) -> Int {
        Int(truncatingIfNeeded: ((UInt64(a) << 32 | UInt64(b)) &* 0x9E3779B97F4A7C15) >> 47)
    }

    mutating func insert(_ a: UInt32, _ b: UInt32) {
        let i = PairFilter.bit(a, b)
        bits[i >> 6] |= 1 << UInt64(i & 63)
    }

    @inline(__always) func mayContain(_ a: UInt32, _ b: UInt32) -> Bool {
        let i = PairFilter.bit(a, b)
        return bits[i >> 6] & (1 << UInt64(i & 63)) != 0
    }
}
