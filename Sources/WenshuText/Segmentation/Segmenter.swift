import Foundation

/// The costs of the word lattice's edges. The best path is the one of least total cost.
///
/// Costs are "one per token" plus a small penalty or bonus by where the edge came from, so the
/// path with fewer tokens wins and the sources only decide between paths of equal length.
/// With the defaults:
/// - a lexicon word costs `lexicon − lexiconFrequencyBonus × (log f / log fmax)` (0.9–1.0): one
///   lexicon word always beats the ICU tokens it crosses (参政议政 over 参政/议/政);
/// - an ICU dictionary token that no lexicon has costs `icu` (2.1): two lexicon words tiling the
///   same span beat it, three do not — ICU decides only where the lexicons are silent;
/// - where a lexicon word (or a kept-whole span) starts or ends inside an ICU token, the piece of
///   that token beside it is an edge costing `fragment` (1.0), so word plus piece (≤ 2.0) beats
///   the ICU token it cuts (增加 out of ICU's 增加到); a lexicon word strictly inside an ICU token
///   re-segments it as piece + word + piece for `icu − splitBonus`, so it wins there too;
/// - a lone Han character nothing else offers costs `singleHan` (3.0), other single characters
///   and kept-whole spans (numbers, Latin, punctuation) cost `atomic` (1.0);
/// - each end of a lexicon word that falls strictly inside an ICU token adds `insideICU` (0.01).
///   It is a tie-breaker, far below every other step in these costs. A word list without
///   frequencies (the SIGHAN training lists) gives every entry the same cost, so 方面/的 and
///   方/面的, 取得/了 and 取/得了, 项目/的 and 项/目的 tied and the order of edges chose; now
///   ICU's dictionary, which knows how often words occur, chooses (MSR closed 0.947 → 0.953, PKU
///   closed 0.920 → 0.925). With the default lexicon, whose entries have frequencies, it changed
///   no token of either bakeoff test. Any value from 0.001 to 0.06 gives the same output there;
///   0.1 starts to outweigh real differences (MSR closed 0.947, PKU closed 0.919).
public struct SegmentationCosts: Sendable, Equatable {
    public var lexicon: Double = 1.0
    public var lexiconFrequencyBonus: Double = 0.1
    public var icu: Double = 2.1
    public var fragment: Double = 1.0
    public var splitBonus: Double = 0.05
    public var singleHan: Double = 3.0
    /// A run of 2–4 characters that ICU left as single-character tokens and that are not common
    /// words on their own (举/报 → 举报): one unknown word.
    public var unknownWord: Double = 2.0
    /// A two-character ICU word followed by a derivational suffix (现代 + 化): one word.
    public var suffixed: Double = 2.0
    public var atomic: Double = 1.0
    /// Added for each end of a lexicon word inside an ICU token: a tie-breaker (see above).
    public var insideICU: Double = 0.01

    public init() {}
    public static let `default` = SegmentationCosts()
}

/// Word segmentation as a best path through a lattice whose edges are ICU's dictionary words,
/// the lexicons' words, pieces of ICU words that lexicon words cut, kept-whole spans (numbers,
/// dates, Latin words, URLs) and single characters. See `SegmentationCosts` for the costs.
///
/// A segmenter holds an ICU break iterator, so it is not thread-safe: use one per thread.
public final class Segmenter {
    public let lexicon: Lexicon
    public let costs: SegmentationCosts
    /// Characters that are words on their own: never joined into an unknown word.
    public let standaloneCharacters: ScalarSet
    /// An ICU word of two of these is split (新的 → 新 的).
    public let functionCharacters: ScalarSet
    /// Suffixes joined to the two-character word before them (现代 + 化).
    public let suffixes: ScalarSet
    let spans: AtomicSpanFinder
    let wordBreak: ICUBreakIterator
    /// The lattice cost of every lexicon entry, computed once.
    let entryCosts: [Float]
    /// How the lexicons join numbers and what follows them (８个, ５月１２日), if they do.
    let numberShapes: NumberShapes
    /// Repeatable punctuation that a lexicon lists alone but not doubled (MSR lists … and not
    /// ……): its runs are split, one mark a token. Otherwise runs stay whole (—— ……).
    let splitRuns: ScalarSet
    /// Tags the tokens of `segment(_:)` (nil: tokens carry no part of speech).
    public var tagger: PartOfSpeechTagger?
    /// Word, term or search tokens (see `Granularity`); `terms` is what `term` joins words into.
    public var granularity: Granularity = .word
    public var terms: Lexicon = .empty
    private var termEnds: [Int32] = []
    private var unitWords: [RawToken] = []

    /// Reused buffers, moved out of the class while a unit is segmented (no exclusivity checks
    /// or copy-on-write in the inner loops).
    private var buffers = Lattice()
    static let kindAtomicBase: UInt8 = 16  // + TokenKind index for kept-whole spans

    public init(lexicon: Lexicon, rules: SegmentationRules, standaloneCharacters: ScalarSet = ScalarSet(),
                functionCharacters: ScalarSet = ScalarSet(), suffixes: ScalarSet = ScalarSet(),
                costs: SegmentationCosts = .default) throws {
        self.lexicon = lexicon
        self.standaloneCharacters = standaloneCharacters
        self.functionCharacters = functionCharacters
        self.suffixes = suffixes
        self.costs = costs
        self.spans = AtomicSpanFinder(rules: SegmentationRules.Compiled(rules))
        self.wordBreak = try ICUBreakIterator(kind: .word, locale: "zh")
        let scale = log(Double(max(lexicon.maxFrequency, 2)) + 1)
        self.numberShapes = NumberShapes(lexicon: lexicon)
        self.splitRuns = ScalarSet(rules.repeatablePunctuation.unicodeScalars.map(\.value).filter { c in
            let mark = String(Character(Unicode.Scalar(c)!))
            return lexicon.contains(mark) && !lexicon.contains(mark + mark)
        })
        // Single precision: half the cache footprint for a large lexicon, and still far finer
        // than any difference between two costs that matters.
        self.entryCosts = (0..<lexicon.count).map { i in
            Float(costs.lexicon - costs.lexiconFrequencyBonus * min(1, log(Double(lexicon.frequency(ofEntry: i)) + 1) / scale))
        }
    }

    /// A segmenter with the same lexicon, rules and costs and its own ICU break iterator: one
    /// for another thread, without computing anything again.
    public func copy() throws -> Segmenter { try Segmenter(copying: self) }

    private init(copying other: Segmenter) throws {
        lexicon = other.lexicon
        costs = other.costs
        standaloneCharacters = other.standaloneCharacters
        functionCharacters = other.functionCharacters
        suffixes = other.suffixes
        spans = other.spans
        wordBreak = try ICUBreakIterator(kind: .word, locale: "zh")
        entryCosts = other.entryCosts
        numberShapes = other.numberShapes
        splitRuns = other.splitRuns
        tagger = other.tagger
        granularity = other.granularity
        terms = other.terms
    }

    /// The learned term list term granularity reads besides `lexicon/terms.txt`, when present.
    public static let learnedTermsFile = "lexicon/terms-learned.txt"

    /// A segmenter with the bundled domain lexicon and rules, plus any user lexicons and words.
    /// With `tagging`, tokens carry parts of speech (`PartOfSpeechTagger.load`). At term
    /// granularity the terms are `lexicon/terms.txt`, `lexicon/terms-learned.txt` (unless
    /// `learnedTerms` is false) and `extraTerms`.
    public convenience init(dictionaries: Dictionaries, userLexicons: [URL] = [], userWords: [String] = [],
                            includeDefaultLexicon: Bool = true, tagging: Bool = true,
                            granularity: Granularity = .word, extraTerms: [String] = [], learnedTerms: Bool = true) throws {
        var builder = LexiconBuilder()
        if includeDefaultLexicon { try builder.load(contentsOf: dictionaries.domainLexicon) }
        for url in userLexicons { try builder.load(contentsOf: url) }
        for word in userWords { builder.add(word) }
        func characters(_ url: URL) throws -> ScalarSet {
            ScalarSet(try WordList.load(contentsOf: url).flatMap { $0.unicodeScalars.map(\.value) })
        }
        try self.init(lexicon: builder.build(), rules: SegmentationRules.load(contentsOf: dictionaries.segmentationRules),
                      standaloneCharacters: characters(dictionaries.standaloneCharacters),
                      functionCharacters: characters(dictionaries.functionCharacters),
                      suffixes: characters(dictionaries.suffixes))
        if tagging { tagger = try PartOfSpeechTagger.load(dictionaries: dictionaries, lexicon: lexicon) }
        self.granularity = granularity
        if granularity != .word {
            var termBuilder = LexiconBuilder()
            try termBuilder.load(contentsOf: dictionaries.url("lexicon/terms.txt"))
            // Terms learned from the reports (`wenshu terms phrases`), when the folder has them.
            let learned = dictionaries.url(Segmenter.learnedTermsFile)
            if learnedTerms && FileManager.default.fileExists(atPath: learned.path) { try termBuilder.load(contentsOf: learned) }
            for term in extraTerms { termBuilder.add(term) }
            terms = termBuilder.build()
            // Terms' tags come before the word lexicon's, so a joined term is tagged as a whole.
            if let tagger { self.tagger = tagger.reading(terms) }
        }
    }

    /// Segments normalised text, line by line; the tokens (newlines included) cover it exactly.
    public func segment(_ text: NormalizedText) throws -> [Token] {
        var tokens: [Token] = []
        try forEachToken(in: text) { raw in
            let r = TextRange(start: raw.start, end: raw.end)
            tokens.append(Token(text: raw.kind == .newline ? "\n" : text.text(in: r), range: r,
                                originalRange: text.originalRange(of: r), kind: raw.kind, pos: pos(of: raw, in: text.scalars)))
        }
        return tokens
    }

    /// Calls `body` with every token of normalised text in order (ranges into the whole text,
    /// newlines included) without building strings: the fast path for large inputs.
    public func forEachToken(in text: NormalizedText, _ body: (RawToken) throws -> Void) throws {
        try text.scalars.withUnsafeBufferPointer { all in
            var lineStart = 0
            let n = all.count
            while lineStart <= n {
                var lineEnd = lineStart
                while lineEnd < n && all[lineEnd] != 0x0A { lineEnd += 1 }
                try forEachToken(in: UnsafeBufferPointer(rebasing: all[lineStart..<lineEnd])) { raw in
                    try body(RawToken(start: lineStart + raw.start, end: lineStart + raw.end, kind: raw.kind))
                }
                if lineEnd < n { try body(RawToken(start: lineEnd, end: lineEnd + 1, kind: .newline)) }
                lineStart = lineEnd + 1
            }
        }
    }

    /// The part of speech of a raw token of `scalars` ("" without a tagger).
    public func pos(of raw: RawToken, in scalars: [UInt32]) -> String {
        guard let tagger else { return "" }
        return PartOfSpeechTagger.tag(of: raw.kind) ?? tagger.tag(Array(scalars[raw.start..<raw.end]))
    }

    /// Segments a string (normalised with the default options).
    public func segment(_ string: String) throws -> [Token] {
        try segment(Normalizer().normalize(string))
    }

    /// Segments one unit of text (a line); the raw tokens cover it exactly.
    public func segment(_ t: UnsafeBufferPointer<UInt32>) throws -> [RawToken] {
        var tokens: [RawToken] = []
        try forEachToken(in: t) { tokens.append($0) }
        return tokens
    }

    /// Segments one unit and calls `body` with each raw token, without building an array.
    public func forEachToken(in t: UnsafeBufferPointer<UInt32>, _ body: (RawToken) throws -> Void) throws {
        if t.isEmpty { return }
        var lattice = Lattice()
        swap(&lattice, &buffers)
        defer { swap(&lattice, &buffers) }
        try lattice.segment(t, segmenter: self)
        if granularity == .word || terms.count == 0 {
            for token in lattice.result { try body(token) }
            return
        }
        var words: [RawToken] = [], ends: [Int32] = []
        swap(&words, &unitWords); swap(&ends, &termEnds)
        defer { swap(&words, &unitWords); swap(&ends, &termEnds) }
        words.removeAll(keepingCapacity: true)
        words.append(contentsOf: lattice.result)
        try Segmenter.joinTerms(t, words, terms: terms, search: granularity == .search, endIndex: &ends, body)
    }

    static let kinds: [TokenKind] = [.word, .number, .latin, .url, .punctuation, .space, .newline, .symbol]

}

/// The word lattice of one unit of text and the buffers it reuses from unit to unit.
///
/// The best path is found in one pass from left to right, without building a list of edges:
/// at each position the edges that start there are relaxed as they are found (lexicon matches,
/// kept-whole spans, number shapes, the ICU token, the piece of it after a cut, unknown words,
/// suffixed words, single characters). An edge that starts *before* the position that creates
/// it — the piece of an ICU token in front of a lexicon word, or a token re-segmented around a
/// word strictly inside it — is relaxed from its start's cost, which is final by then.
///
/// The inner loops write through unsafe pointers into buffers that only grow: no uniqueness
/// checks, no per-unit allocation.
struct Lattice {
    var utf16: [UInt16] = []
    var utf16ToScalar: [Int32] = []
    var cells: [Cell] = []
    /// For a position reached by a re-segmented ICU token: the lexicon word inside it.
    var splitAt: [Pair] = []
    var icuTokens: [Pair] = []
    var spans: [AtomicSpanFinder.Span] = []
    var shapeEdges: [Pair] = []
    var matches: [WeightedPair] = []
    var result: [RawToken] = []

    /// What the pass knows about one position: its best cost and how it was reached, the ICU
    /// token around it, and the edges that start there found before the pass.
    struct Cell {
        var best: Double = .infinity
        var backStart: Int32 = -1
        /// The ICU token containing the position (-1: none).
        var tokenStart: Int32 = -1
        var tokenEnd: Int32 = -1
        /// The end of the run of unknown single characters the position starts into (-1: none).
        var unknownRunEnd: Int32 = -1
        /// The end of a suffixed word starting here (-1: none).
        var suffixEnd: Int32 = -1
        var backKind: UInt8 = 0
        /// Strictly inside a kept-whole span: no edge starts or ends here.
        var interior = false
        /// A kept-whole span or number shape ends here inside an ICU token: the rest of the token is a piece.
        var pieceAfter = false
        /// A kept-whole span or number shape starts here inside an ICU token: so does a piece before it.
        var pieceBefore = false
    }
    /// Concrete element types (not tuples) keep the runtime from looking up generic metadata in
    /// the inner loops.
    struct Pair { var a: Int; var b: Int }
    struct WeightedPair { var a: Int; var b: Int; var cost: Double }

    // Edge kinds, kept for each position's best edge (what the token's kind is read from).
    static let kindLexicon: UInt8 = 1, kindICU: UInt8 = 2, kindPiece: UInt8 = 3, kindSingle: UInt8 = 4
    static let kindSplit: UInt8 = 5, kindUnknown: UInt8 = 6, kindSuffixed: UInt8 = 7
    /// The cost of joining a position nothing else reaches (`connect`): more than any line's
    /// whole path costs (lines are cut at 4 MB; a token costs tens).
    static let unreachedCost = 1e12

    /// Segments `t`; the tokens are in `result`.
    mutating func segment(_ t: UnsafeBufferPointer<UInt32>, segmenter: Segmenter) throws {
        let costs = segmenter.costs
        let n = t.count
        // The buffers are moved into locals while the pass writes them (no overlapping access to self).
        var cells: [Cell] = [], splitAt: [Pair] = [], matches: [WeightedPair] = []
        swap(&cells, &self.cells); swap(&splitAt, &self.splitAt); swap(&matches, &self.matches)
        defer { swap(&cells, &self.cells); swap(&splitAt, &self.splitAt); swap(&matches, &self.matches) }
        if cells.count < n + 1 {
            cells = [Cell](repeating: Cell(), count: n + 1)
            splitAt = [Pair](repeating: Pair(a: 0, b: 0), count: n + 1)
        } else {
            cells.withUnsafeMutableBufferPointer { c in for i in 0...n { c[i] = Cell() } }
        }

        // 1. Kept-whole spans; positions strictly inside one can begin or end no edge.
        segmenter.spans.find(in: t, into: &spans)
        if !segmenter.splitRuns.isEmpty {
            let split = segmenter.splitRuns
            spans.removeAll { $0.kind == .punctuation && $0.end - $0.start > 1 && split.contains(t[$0.start]) }
        }
        // 2. ICU's dictionary words.
        try findICUTokens(t, segmenter: segmenter)
        // Numbers joined to what follows them as the lexicons join them (learned shapes).
        shapeEdges.removeAll(keepingCapacity: true)
        if !segmenter.numberShapes.isEmpty {
            for s in spans where s.kind == .number && CharacterClass.of(t[s.start]) == .digit {
                segmenter.numberShapes.forEachMatch(in: t, digitsAt: s.start) { a, b in shapeEdges.append(Pair(a: a, b: b)) }
            }
            if shapeEdges.count > 1 { shapeEdges.sort { $0.a < $1.a } }
        }

        cells.withUnsafeMutableBufferPointer { cb in
            let c = cb.baseAddress!
            // 3. What each position knows before the pass.
            for s in spans where s.end - s.start > 1 {
                for p in (s.start + 1)..<s.end { c[p].interior = true }
            }
            Lattice.markTokens(t, c, icuTokens, segmenter: segmenter)
            // Where a span or shape cuts an ICU token, the pieces beside it.
            func markPieces(_ x: Int, _ y: Int) {
                if x < n, c[x].tokenStart >= 0, Int(c[x].tokenStart) < x { c[x].pieceBefore = true }
                if y < n, Int(c[y - 1].tokenEnd) > y { c[y].pieceAfter = true }
            }
            for s in spans { markPieces(s.start, s.end) }
            for e in shapeEdges { markPieces(e.a, e.b) }

            // 4. The pass.
            c[0].best = 0
            let lexicon = segmenter.lexicon
            let hasLexicon = lexicon.count > 0
            let numberKind = Segmenter.kindAtomicBase + TokenKind.number.latticeIndex
            let splitCost = costs.icu - costs.splitBonus
            var spanCursor = 0, shapeCursor = 0
            if matches.count < 64 { matches = [WeightedPair](repeating: WeightedPair(a: 0, b: 0, cost: 0), count: 64) }
            @inline(__always) func relax(_ i: Int, _ j: Int, _ cost: Double, _ kind: UInt8) {
                let v = c[i].best + cost
                if v < c[j].best && !c[j].interior { c[j].best = v; c[j].backStart = Int32(i); c[j].backKind = kind }
            }
            // A position no edge reaches: a kept-whole span and an ICU token overlap so that
            // neither's pieces join up (第万〱第一部: the numbers 第万 and 第一 each cut the ICU word
            // 万〱第, found by fuzzing). It is joined to the last position before it that is
            // reached, by a piece so costly that no path through it beats one that exists without it.
            func connect(_ i: Int) {
                var p = i - 1
                while p > 0 && (c[p].interior || c[p].best == .infinity) { p -= 1 }
                relax(p, i, Lattice.unreachedCost, Lattice.kindPiece)
            }
            segmenter.entryCosts.withUnsafeBufferPointer { entryCosts in
            splitAt.withUnsafeMutableBufferPointer { splitAt in
            for i in 0..<n where !c[i].interior {
                let tokenStart = Int(c[i].tokenStart), tokenEnd = Int(c[i].tokenEnd)
                let insideToken = tokenStart >= 0 && tokenStart < i
                // Lexicon words starting here.
                var matchCount = 0
                if hasLexicon {
                    // Each end inside an ICU token costs `insideICU`: between lexicon paths of
                    // equal length, the one that keeps ICU's boundaries wins (方面/的 over 方/面的).
                    let startCost = insideToken ? costs.insideICU : 0
                    lexicon.forEachMatch(in: t, at: i) { len, entry in
                        if matchCount == matches.count { matches.append(WeightedPair(a: 0, b: 0, cost: 0)) }
                        let y = i + len
                        let endInside = y < n && c[y].tokenStart >= 0 && Int(c[y].tokenStart) < y
                        matches[matchCount] = WeightedPair(a: i, b: y, cost: Double(entryCosts[entry]) + startCost + (endInside ? costs.insideICU : 0))
                        matchCount += 1
                    }
                }
                // The piece of an ICU token in front of a word, span or shape starting here.
                if insideToken && (matchCount > 0 || c[i].pieceBefore) && !c[tokenStart].interior {
                    relax(tokenStart, i, costs.fragment, Lattice.kindPiece)
                }
                // Now c[i].best is final.
                if c[i].best == .infinity { connect(i) }
                for m in 0..<matchCount {
                    let y = matches[m].b
                    relax(i, y, matches[m].cost, Lattice.kindLexicon)
                    if y < n, Int(c[y - 1].tokenEnd) > y { c[y].pieceAfter = true }
                    // A word strictly inside one ICU token re-segments it: piece + word + piece.
                    if insideToken && tokenEnd > y && Int(c[y - 1].tokenStart) == tokenStart
                        && !c[tokenStart].interior {
                        let v = c[tokenStart].best + splitCost
                        if v < c[tokenEnd].best && !c[tokenEnd].interior {
                            c[tokenEnd].best = v; c[tokenEnd].backStart = Int32(tokenStart); c[tokenEnd].backKind = Lattice.kindSplit
                            splitAt[tokenEnd] = Pair(a: i, b: y)
                        }
                    }
                }
                while spanCursor < spans.count && spans[spanCursor].start < i { spanCursor += 1 }
                if spanCursor < spans.count && spans[spanCursor].start == i {
                    let s = spans[spanCursor]
                    relax(i, s.end, costs.atomic, Segmenter.kindAtomicBase + s.kind.latticeIndex)
                }
                while shapeCursor < shapeEdges.count && shapeEdges[shapeCursor].a < i { shapeCursor += 1 }
                while shapeCursor < shapeEdges.count && shapeEdges[shapeCursor].a == i {
                    relax(i, shapeEdges[shapeCursor].b, costs.atomic, numberKind)
                    shapeCursor += 1
                }
                if tokenStart == i {
                    relax(i, tokenEnd, costs.icu, Lattice.kindICU)
                } else if c[i].pieceAfter && tokenEnd > i {
                    relax(i, tokenEnd, costs.fragment, Lattice.kindPiece)
                }
                if c[i].unknownRunEnd >= 0 {
                    let end = min(Int(c[i].unknownRunEnd), i + 4)
                    if end >= i + 2 { for b in (i + 2)...end { relax(i, b, costs.unknownWord, Lattice.kindUnknown) } }
                }
                if c[i].suffixEnd >= 0 { relax(i, Int(c[i].suffixEnd), costs.suffixed, Lattice.kindSuffixed) }
                // A single character where no ICU token covers it (inside one, a lone character
                // never beats the token or the pieces a cut leaves).
                if tokenStart < 0 {
                    relax(i, i + 1, CharacterClass.isHan(t[i]) ? costs.singleHan : costs.atomic, Lattice.kindSingle)
                }
            }
            }
            }
            if n > 0 && c[n].best == .infinity { connect(n) }
        }

        // 5. Back from the end.
        result.removeAll(keepingCapacity: true)
        var j = n
        while j > 0 {
            let cell = cells[j], i = Int(cell.backStart)
            if cell.backKind == Lattice.kindSplit {
                let x = splitAt[j].a, y = splitAt[j].b
                result.append(RawToken(start: y, end: j, kind: classify(t, y, j)))
                result.append(RawToken(start: x, end: y, kind: classify(t, x, y)))
                result.append(RawToken(start: i, end: x, kind: classify(t, i, x)))
                j = i
                continue
            }
            let kind: TokenKind
            switch cell.backKind {
            case Segmenter.kindAtomicBase...: kind = Segmenter.kinds[Int(cell.backKind - Segmenter.kindAtomicBase)]
            case Lattice.kindICU, Lattice.kindUnknown, Lattice.kindSuffixed: kind = .word  // these are Han
            default: kind = classify(t, i, j)
            }
            result.append(RawToken(start: i, end: j, kind: kind))
            j = i
        }
        result.reverse()
    }

    /// ICU's dictionary words of `t` into `icuTokens`, over its UTF-16. Without astral characters
    /// (nearly always) a UTF-16 offset is a scalar offset and no map is needed. An ICU word of
    /// two function characters (新的, 也是) is two tokens.
    mutating func findICUTokens(_ t: UnsafeBufferPointer<UInt32>, segmenter: Segmenter) throws {
        let n = t.count, wordBreak = segmenter.wordBreak, functionCharacters = segmenter.functionCharacters
        var astral = false
        for v in t where v >= 0x10000 { astral = true; break }
        if utf16.count < 2 * n + 1 { utf16 = [UInt16](repeating: 0, count: 2 * n + 1) }
        var units = 0
        if astral {
            if utf16ToScalar.count < 2 * n + 2 { utf16ToScalar = [Int32](repeating: 0, count: 2 * n + 2) }
            utf16.withUnsafeMutableBufferPointer { u in
                utf16ToScalar.withUnsafeMutableBufferPointer { m in
                    for k in 0..<n {
                        let v = t[k]
                        m[units] = Int32(k)
                        if v >= 0x10000 {
                            let w = v - 0x10000
                            u[units] = UInt16(0xD800 + (w >> 10)); u[units + 1] = UInt16(0xDC00 + (w & 0x3FF))
                            m[units + 1] = Int32(k)
                            units += 2
                        } else {
                            u[units] = UInt16(v); units += 1
                        }
                    }
                    m[units] = Int32(n)
                }
            }
        } else {
            utf16.withUnsafeMutableBufferPointer { u in for k in 0..<n { u[k] = UInt16(t[k]) } }
            units = n
        }
        let count = try utf16.withUnsafeBufferPointer { try wordBreak.fill(UnsafeBufferPointer(rebasing: $0[0..<units])) }
        icuTokens.removeAll(keepingCapacity: true)
        wordBreak.boundaries.withUnsafeBufferPointer { offsets in
            wordBreak.statuses.withUnsafeBufferPointer { statuses in
                utf16ToScalar.withUnsafeBufferPointer { map in
                    for k in 1..<count {
                        guard statuses[k] >= ICUBreakIterator.WordStatus.letterLimit else { continue }
                        let a = astral ? Int(map[Int(offsets[k - 1])]) : Int(offsets[k - 1])
                        let b = astral ? Int(map[Int(offsets[k])]) : Int(offsets[k])
                        guard b > a else { continue }
                        if b - a == 2 && functionCharacters.contains(t[a]) && functionCharacters.contains(t[a + 1]) {
                            icuTokens.append(Pair(a: a, b: a + 1))
                            icuTokens.append(Pair(a: a + 1, b: b))
                        } else {
                            icuTokens.append(Pair(a: a, b: b))
                        }
                    }
                }
            }
        }
    }

    /// Marks each position with the ICU token around it, and the edges that ICU's tokens give
    /// beyond themselves: a run of single characters ICU could not place, none a word on its own,
    /// gives unknown words of 2–4 characters; a two-character ICU word and a suffix after it give
    /// a suffixed word (现代 + 化 → 现代化, 积极 + 性 → 积极性). One loop over the tokens.
    static func markTokens(_ t: UnsafeBufferPointer<UInt32>, _ c: UnsafeMutablePointer<Cell>, _ icuTokens: [Pair], segmenter: Segmenter) {
        let standalone = segmenter.standaloneCharacters
        let suffixes = segmenter.suffixes, functionCharacters = segmenter.functionCharacters
        func markRun(_ runStart: Int, _ runEnd: Int) {
            guard runStart >= 0 && runEnd - runStart >= 2 else { return }
            for a in runStart..<(runEnd - 1) { c[a].unknownRunEnd = Int32(runEnd) }
        }
        var runStart = -1, runEnd = -1
        icuTokens.withUnsafeBufferPointer { tokens in
            for k in 0..<tokens.count {
                let a = tokens[k].a, b = tokens[k].b
                for q in a..<b { c[q].tokenStart = Int32(a); c[q].tokenEnd = Int32(b) }
                if b - a == 1 {
                    if CharacterClass.isHan(t[a]) && !standalone.contains(t[a]) {
                        if runStart < 0 || runEnd != a { markRun(runStart, runEnd); runStart = a }
                        runEnd = b
                    } else if runStart >= 0 {
                        markRun(runStart, runEnd)
                        runStart = -1
                    }
                    // The suffix after a two-character word.
                    if k > 0 && suffixes.contains(t[a]) {
                        let word = tokens[k - 1]
                        if word.b == a && word.b - word.a == 2 && CharacterClass.isHan(t[word.a])
                            && !functionCharacters.contains(t[word.a + 1]) {
                            c[word.a].suffixEnd = Int32(b)
                        }
                    }
                } else if runStart >= 0 {
                    markRun(runStart, runEnd)
                    runStart = -1
                }
            }
        }
        markRun(runStart, runEnd)
    }

    func classify(_ t: UnsafeBufferPointer<UInt32>, _ a: Int, _ b: Int) -> TokenKind {
        var han = false, letter = false
        for k in a..<b {
            switch CharacterClass.of(t[k]) {
            case .han: han = true
            case .latin, .digit: letter = true
            case .punctuation: if b - a == 1 { return .punctuation }
            case .space: if b - a == 1 { return .space }
            case .other: if b - a == 1 { return .symbol }
            default: break
            }
        }
        if han { return .word }
        return letter ? .latin : .symbol
    }
}

extension TokenKind {
    /// The index of the kind in `Segmenter.kinds` (a lattice edge stores it in a byte).
    @inline(__always) var latticeIndex: UInt8 {
        switch self {
        case .word: 0
        case .number: 1
        case .latin: 2
        case .url: 3
        case .punctuation: 4
        case .space: 5
        case .newline: 6
        case .symbol: 7
        }
    }
}
