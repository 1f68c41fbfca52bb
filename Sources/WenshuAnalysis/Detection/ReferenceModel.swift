import Foundation
import WenshuText

/// A reference model of official language: how often each run of 1 to 4 Han characters
/// occurs in genuine reports (`dictionaries/reference/govreports.ngrams`, built by
/// `wenshu reference build`). Character n-grams, not words: a spun text's segmentation is
/// exactly what cannot be trusted.
public struct ReferenceModel: Sendable {
    /// Packed n-gram (16 bits a character) → count.
    public let counts: [UInt64: Int32]
    public let documents: Int
    public let characters: Int
    public static let maxN = 4

    public init(counts: [UInt64: Int32], documents: Int, characters: Int) {
        self.counts = counts
        self.documents = documents
        self.characters = characters
    }

    /// The packed key of 1–4 characters of the Basic Multilingual Plane, or nil.
    @inline(__always) public static func key<C: Collection>(_ s: C) -> UInt64? where C.Element == UInt32 {
        guard !s.isEmpty, s.count <= maxN else { return nil }
        var k: UInt64 = 0
        for c in s {
            guard c > 0, c <= 0xFFFF else { return nil }
            k = k << 16 | UInt64(c)
        }
        return k
    }

    public func count<C: Collection>(_ s: C) -> Int where C.Element == UInt32 {
        guard let k = Self.key(s) else { return 0 }
        return Int(counts[k] ?? 0)
    }

    /// How many characters a packed key holds (characters are never 0).
    @inline(__always) public static func length(of key: UInt64) -> Int {
        (64 - key.leadingZeroBitCount + 15) / 16
    }

    /// The count of `a` (`an` characters) followed by `b` (`bn`), as `count(a + b)`: 0 when
    /// either is nil (a character beyond the BMP) or they make more than `maxN` characters.
    @inline(__always) public func count(joining a: UInt64?, _ an: Int, _ b: UInt64?, _ bn: Int) -> Int {
        guard let a, let b, an + bn <= Self.maxN else { return 0 }
        return Int(counts[a << UInt64(16 * bn) | b] ?? 0)
    }

    /// Counts over texts (already Simplified): every n-gram of 1–4 characters inside a run of
    /// Han characters.
    public static func build(texts: [String]) -> ReferenceModel {
        var counts: [UInt64: Int32] = [:]
        var characters = 0
        for t in texts {
            let s = t.unicodeScalars.map(\.value)
            characters += s.count
            var i = 0
            while i < s.count {
                guard CharacterClass.isHan(s[i]) else { i += 1; continue }
                var j = i
                while j < s.count, CharacterClass.isHan(s[j]) { j += 1 }
                for a in i..<j {
                    for n in 1...maxN where a + n <= j {
                        if let k = key(s[a..<(a + n)]) { counts[k, default: 0] &+= 1 }
                    }
                }
                i = j
            }
        }
        return ReferenceModel(counts: counts, documents: texts.count, characters: characters)
    }

    /// Without the n-grams seen fewer than `minCount` times.
    public func pruned(minCount: Int) -> ReferenceModel {
        ReferenceModel(counts: counts.filter { Int($0.value) >= minCount }, documents: documents, characters: characters)
    }

    public static func string(of key: UInt64) -> String {
        var k = key, out: [Unicode.Scalar] = []
        while k > 0 {
            if let u = Unicode.Scalar(UInt32(k & 0xFFFF)) { out.append(u) }
            k >>= 16
        }
        return String(String.UnicodeScalarView(out.reversed()))
    }

    /// `gram<TAB>count` lines, most frequent first, after a header naming what it was built from.
    public func write(to url: URL, comment: [String]) throws {
        var out = "# wenshu reference: documents \(documents) characters \(characters)\n"
        for c in comment { out += "# \(c)\n" }
        for (k, v) in counts.sorted(by: { ($0.value, $1.key) > ($1.value, $0.key) }) {
            out += "\(Self.string(of: k))\t\(v)\n"
        }
        // The output path of every command (a device or FIFO written in place, a link followed).
        try OutputPath.write(out, to: url.path)
    }

    public static func load(contentsOf url: URL) throws -> ReferenceModel {
        let data: Data
        do throws(DataFile.Unreadable) { data = try DataFile.data(of: url) } catch {
            throw DictionaryError.unreadable(file: error.file, reason: error.reason)
        }
        guard let text = String(data: data, encoding: .utf8) else { throw DictionaryError.malformed(file: url.path, reason: "not valid UTF-8") }
        var counts: [UInt64: Int32] = [:]
        var documents = 0, characters = 0
        var n = 0
        for line in text.split(separator: "\n", omittingEmptySubsequences: true) {
            n += 1
            if line.hasPrefix("#") {
                let f = line.split(separator: " ")
                if f.count >= 7, f[1] == "wenshu", f[2] == "reference:" { documents = Int(f[4]) ?? 0; characters = Int(f[6]) ?? 0 }
                continue
            }
            let f = line.split(separator: "\t")
            guard f.count == 2, let c = Int32(f[1]), c > 0, let k = key(f[0].unicodeScalars.map(\.value)) else {
                throw DictionaryError.malformed(file: url.path, reason: "line \(n) '\(line.prefix(40))' is not 'n-gram<TAB>count' (1–4 characters, a positive count)")
            }
            counts[k] = c
        }
        if counts.isEmpty {
            throw DictionaryError.malformed(file: url.path, reason: "it holds no n-grams (`wenshu reference build` found none in too few documents, or with too high a --min-count)")
        }
        return ReferenceModel(counts: counts, documents: documents, characters: characters)
    }
}

/// Spin found from the reference: a word of the draft whose near-synonym (same Cilin group, or
/// sharing a character and a Cilin class: `dictionaries/phrases/near-synonyms.txt`) forms a
/// collocation of official writing with the words on both sides (each seen at least 20 times),
/// while the draft's word never occurs there on one side and hardly on the other (科学开展观: 科学发展 and 发展观 are
/// common, 科学开展 never occurs).
public struct ReferenceSpin: Sendable {
    public var model: ReferenceModel
    /// Word (packed) → its near-synonyms (packed).
    public let pairs: [UInt64: [UInt64]]
    /// Least count of the near-synonym with the context on the stronger side.
    public var strong = 20
    /// Least count of the near-synonym with the context on the other side: both sides must be
    /// collocations official writing uses (measured on ../shared/wild-dev: with 5, seven
    /// genuine local words such as 提升 for 提高 and 相关 for 有关 were flagged).
    public var weak = 20
    /// On the other side the draft's word may occur at most this share of the near-synonym's count.
    public var otherShare = 0.1

    /// Weaker evidence: the draft's word may occur at most this share of the near-synonym's
    /// count in the reference (提高 next to 加强, 保持 next to 保障 are both official words).
    public var contextShare = 0.5

    public init(model: ReferenceModel, pairs: [UInt64: [UInt64]], overlapPairs: Set<UInt64> = []) {
        self.model = model
        self.pairs = pairs
        self.overlapPairs = overlapPairs
    }

    /// The pairs of `near-synonyms.txt` whose source is `overlap` (a shared character, not a
    /// thesaurus group), as `pairKey(word, near-synonym)`: weaker evidence uses them only for a
    /// swap the document has already shown (a naive spinner swaps consistently).
    public var overlapPairs: Set<UInt64> = []

    @inline(__always) public static func pairKey(_ word: UInt64, _ synonym: UInt64) -> UInt64 { word << 32 | synonym }

    /// The `overlap` pairs of a `word near-synonym source` file.
    public static func loadOverlapPairs(contentsOf url: URL) throws -> Set<UInt64> {
        var out = Set<UInt64>()
        for line in try WordList.load(contentsOf: url) {
            let f = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
            guard f.count >= 3, f[2] == "overlap", let a = ReferenceModel.key(f[0].unicodeScalars.map(\.value)),
                  let b = ReferenceModel.key(f[1].unicodeScalars.map(\.value)), a <= 0xFFFF_FFFF, b <= 0xFFFF_FFFF else { continue }
            out.insert(pairKey(a, b))
        }
        return out
    }

    /// `word near-synonym source` lines.
    public static func loadPairs(contentsOf url: URL) throws -> [UInt64: [UInt64]] {
        var pairs: [UInt64: [UInt64]] = [:]
        for entry in try DataFile.entries(of: url) {
            let line = entry.text
            let f = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
            guard f.count >= 2, f[0].unicodeScalars.count == 2, f[1].unicodeScalars.count == 2,
                  let a = ReferenceModel.key(f[0].unicodeScalars.map(\.value)), let b = ReferenceModel.key(f[1].unicodeScalars.map(\.value)) else {
                throw DictionaryError.malformed(file: url.path, reason: "line \(entry.number) '\(line)' needs two words of two characters")
            }
            pairs[a, default: []].append(b)
        }
        return pairs
    }

    public struct Hit: Sendable, Equatable {
        /// Offsets in the scalars checked: the word with its context (one or two characters each side).
        public let start: Int
        public let end: Int
        public let word: String
        public let replacement: String
        public let suggestion: String
        /// How often the reference has the near-synonym with the context, both sides together.
        public let support: Int
    }

    /// Least count of the near-synonym with one side of context for a hit that only counts
    /// inside a document already shown to be spun (`contextHits`).
    public var contextSupport = 10
    /// …or this many times for a swap the document has already shown on strong evidence.
    public var shownSupport = 3
    /// …and at least this many times as often as chance (the two counts apart) would put the
    /// context and the near-synonym side by side.
    public var contextLift = 10.0

    /// Weaker evidence, for a document where strong hits already agree that it was spun: a word
    /// whose near-synonym (more common in the reference) forms a collocation seen at least
    /// `contextSupport` times with the context on one side (one or two Han characters), while the
    /// draft's word occurs with none of its contexts (one or two characters either side) in the
    /// reference, at most `contextShare` as common as the near-synonym there. A pair that only
    /// shares a character (`overlap`) counts only when `shown` (pair keys) holds it: a swap the
    /// document has already shown on strong evidence. Each position is tried.
    public func contextHits(in s: [UInt32], shown: Set<UInt64> = []) -> [Hit] {
        var out: [Hit] = []
        guard s.count >= 2 else { return out }
        func str(_ a: ArraySlice<UInt32>) -> String { String(String.UnicodeScalarView(a.compactMap(Unicode.Scalar.init))) }
        func allHan(_ r: Range<Int>) -> Bool { r.lowerBound >= 0 && r.upperBound <= s.count && s[r].allSatisfy(CharacterClass.isHan) }
        for i in 0..<(s.count - 1) {
            guard CharacterClass.isHan(s[i]), CharacterClass.isHan(s[i + 1]),
                  let w = ReferenceModel.key(s[i..<(i + 2)]), let cands = pairs[w] else { continue }
            let word = Array(s[i..<(i + 2)])
            let cw = model.count(word)
            // Contexts: one and two characters on the left, then on the right.
            var contexts: [(range: Range<Int>, left: Bool)] = []
            for n in 1...2 {
                if allHan((i - n)..<i) { contexts.append(((i - n)..<i, true)) }
                if allHan((i + 2)..<(i + 2 + n)) { contexts.append(((i + 2)..<(i + 2 + n), false)) }
            }
            guard !contexts.isEmpty else { continue }
            func with(_ c: (range: Range<Int>, left: Bool), _ x: [UInt32]) -> Int {
                model.count(c.left ? Array(s[c.range]) + x : x + Array(s[c.range]))
            }
            let total = Double(max(model.characters, 1))
            var best: (Int, [UInt32], (range: Range<Int>, left: Bool))? = nil
            for vk in cands {
                let v = Array(ReferenceModel.string(of: vk).unicodeScalars.map(\.value))
                let cv = model.count(v)
                guard cv >= strong, Double(cw) <= contextShare * Double(cv) else { continue }
                let key = Self.pairKey(w, vk)
                if overlapPairs.contains(key), !shown.contains(key) { continue }
                // The draft's word seen with one of its contexts at more than `otherShare` of
                // the near-synonym's count there vouches for it.
                guard !contexts.contains(where: { c in
                    let x = with(c, word)
                    return x > 0 && Double(x) > otherShare * Double(with(c, v))
                }) else { continue }
                let least = shown.contains(key) ? shownSupport : contextSupport
                for c in contexts {
                    let n = with(c, v)
                    // A collocation, not a frequent neighbour: seen `contextLift` times as
                    // often as chance would put the two side by side (的旗帜 is just 的).
                    let expected = Double(model.count(Array(s[c.range]))) * Double(cv) / total
                    if n >= least, Double(n) >= contextLift * expected, n > best?.0 ?? 0 { best = (n, v, c) }
                }
            }
            if let (support, v, c) = best {
                // Shown with up to two characters of the supporting side.
                let r = c.left ? (allHan((i - 2)..<i) ? (i - 2)..<i : c.range) : (allHan((i + 2)..<(i + 4)) ? (i + 2)..<(i + 4) : c.range)
                let ctx = str(s[r]), vs = str(v[...])
                out.append(Hit(start: min(r.lowerBound, i), end: max(r.upperBound, i + 2), word: str(s[i..<(i + 2)]), replacement: vs,
                               suggestion: c.left ? ctx + vs : vs + ctx, support: support))
            }
        }
        return out
    }

    public func hits(in s: [UInt32]) -> [Hit] {
        var out: [Hit] = []
        var i = 1
        while i + 2 < s.count {
            guard CharacterClass.isHan(s[i - 1]), CharacterClass.isHan(s[i]), CharacterClass.isHan(s[i + 1]), CharacterClass.isHan(s[i + 2]),
                  let w = ReferenceModel.key(s[i..<(i + 2)]), let cands = pairs[w] else { i += 1; continue }
            // Up to two Han characters of context each side.
            let a = i >= 2 && CharacterClass.isHan(s[i - 2]) ? i - 2 : i - 1
            let b = i + 4 <= s.count && CharacterClass.isHan(s[i + 3]) ? i + 4 : i + 3
            // The n-grams' counts by their packed keys (no arrays: this runs at most characters).
            let l = ReferenceModel.key(s[a..<i]), r = ReferenceModel.key(s[(i + 2)..<b])
            let ln = i - a, rn = b - i - 2
            let lw = model.count(joining: l, ln, w, 2), wr = model.count(joining: w, 2, r, rn)
            var best: (Int, UInt64)? = nil
            for vk in cands {
                let vn = ReferenceModel.length(of: vk)
                let lv = model.count(joining: l, ln, vk, vn), vr = model.count(joining: vk, vn, r, rn)
                let left = lv >= strong && lw == 0 && vr >= weak && Double(wr) <= otherShare * Double(vr)
                let right = vr >= strong && wr == 0 && lv >= weak && Double(lw) <= otherShare * Double(lv)
                if left || right, lv + vr > best?.0 ?? 0 { best = (lv + vr, vk) }
            }
            if let (support, vk) = best {
                func str(_ a: [UInt32]) -> String { String(String.UnicodeScalarView(a.compactMap(Unicode.Scalar.init))) }
                let v = Array(ReferenceModel.string(of: vk).unicodeScalars.map(\.value))
                let l = Array(s[a..<i]), r = Array(s[(i + 2)..<b]), word = Array(s[i..<(i + 2)])
                out.append(Hit(start: a, end: b, word: str(word), replacement: str(v), suggestion: str(l + v + r), support: support))
                i += 2
            } else {
                i += 1
            }
        }
        return out
    }
}
