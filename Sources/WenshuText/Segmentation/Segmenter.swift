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
///   and kept-whole spans (numbers, Latin, punctuation) cost `atomic` (1.0).
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
    let entryCosts: [Double]
    /// How the lexicons join numbers and what follows them (８个, ５月１２日), if they do.
    let numberShapes: NumberShapes
    /// Repeatable punctuation that a lexicon lists alone but not doubled (MSR lists … and not
    /// ……): its runs are split, one mark a token. Otherwise runs stay whole (—— ……).
    let splitRuns: ScalarSet

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
        self.entryCosts = (0..<lexicon.count).map { i in
            costs.lexicon - costs.lexiconFrequencyBonus * min(1, log(Double(lexicon.frequency(ofEntry: i)) + 1) / scale)
        }
    }

    /// A segmenter with the bundled domain lexicon and rules, plus any user lexicons.
    public convenience init(dictionaries: Dictionaries, userLexicons: [URL] = [], includeDefaultLexicon: Bool = true) throws {
        var builder = LexiconBuilder()
        if includeDefaultLexicon { try builder.load(contentsOf: dictionaries.domainLexicon) }
        for url in userLexicons { try builder.load(contentsOf: url) }
        func characters(_ url: URL) throws -> ScalarSet {
            ScalarSet(try WordList.load(contentsOf: url).flatMap { $0.unicodeScalars.map(\.value) })
        }
        try self.init(lexicon: builder.build(), rules: SegmentationRules.load(contentsOf: dictionaries.segmentationRules),
                      standaloneCharacters: characters(dictionaries.standaloneCharacters),
                      functionCharacters: characters(dictionaries.functionCharacters),
                      suffixes: characters(dictionaries.suffixes))
    }

    /// Segments normalised text, line by line; the tokens (newlines included) cover it exactly.
    public func segment(_ text: NormalizedText) throws -> [Token] {
        var tokens: [Token] = []
        try forEachToken(in: text) { raw in
            let r = TextRange(start: raw.start, end: raw.end)
            tokens.append(Token(text: raw.kind == .newline ? "\n" : text.text(in: r), range: r,
                                originalRange: text.originalRange(of: r), kind: raw.kind))
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
        for token in lattice.result { try body(token) }
    }

    static let kinds: [TokenKind] = [.word, .number, .latin, .url, .punctuation, .space, .newline, .symbol]

}

/// The word lattice of one unit of text and the buffers it reuses from unit to unit.
///
/// The inner loops write through unsafe pointers into buffers that only grow: no uniqueness
/// checks, no per-unit allocation (profiling showed those at a fifth of the lattice's time).
struct Lattice {
    var utf16: [UInt16] = []
    var utf16ToScalar: [Int32] = []
    var head: [Int32] = []
    var edges: [Edge] = []
    var edgeCount = 0
    var best: [Double] = []
    var backEdge: [Int32] = []
    var backStart: [Int32] = []
    var interior: [Bool] = []
    var icuTokens: [Pair] = []
    var lexiconEdges: [WeightedPair] = []
    var spans: [AtomicSpanFinder.Span] = []
    var shapeEdges: [Pair] = []
    var tokenAt: [Int32] = []
    var result: [RawToken] = []

    /// One edge: where it ends, its cost and source, the next edge from the same start, and for
    /// an edge that re-segments an ICU token around a lexicon word, the word's start and end.
    struct Edge { var end: Int32; var next: Int32; var cost: Double; var kind: UInt8; var splitA: Int32; var splitB: Int32 }
    /// Concrete element types (not tuples) keep the runtime from looking up generic metadata in
    /// the inner loops.
    struct Pair { var a: Int; var b: Int }
    struct WeightedPair { var a: Int; var b: Int; var cost: Double }

    /// Segments `t`; the tokens are in `result`.
    mutating func segment(_ t: UnsafeBufferPointer<UInt32>, segmenter: Segmenter) throws {
        let costs = segmenter.costs, lexicon = segmenter.lexicon
        let standaloneCharacters = segmenter.standaloneCharacters, wordBreak = segmenter.wordBreak
        let functionCharacters = segmenter.functionCharacters, suffixes = segmenter.suffixes
        let n = t.count
        prepare(n)

        // 1. Kept-whole spans; positions strictly inside one can begin or end no edge.
        segmenter.spans.find(in: t, into: &spans)
        if !segmenter.splitRuns.isEmpty {
            let split = segmenter.splitRuns
            spans.removeAll { $0.kind == .punctuation && $0.end - $0.start > 1 && split.contains(t[$0.start]) }
        }
        for s in spans where s.end - s.start > 1 {
            for p in (s.start + 1)..<s.end { interior[p] = true }
        }

        // 2. ICU's dictionary words, over the UTF-16 of the unit. Without astral characters
        // (nearly always) a UTF-16 offset is a scalar offset and no map is needed.
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
                            // 新的, 也是: not a word; each character is its own token.
                            icuTokens.append(Pair(a: a, b: a + 1))
                            icuTokens.append(Pair(a: a + 1, b: b))
                        } else {
                            icuTokens.append(Pair(a: a, b: b))
                        }
                    }
                }
            }
        }

        // 3. Lexicon words at every position.
        lexiconEdges.removeAll(keepingCapacity: true)
        if lexicon.count > 0 {
            segmenter.entryCosts.withUnsafeBufferPointer { entryCosts in
                interior.withUnsafeBufferPointer { interior in
                    for i in 0..<n where !interior[i] {
                        lexicon.forEachMatch(in: t, at: i) { len, entry in
                            lexiconEdges.append(WeightedPair(a: i, b: i + len, cost: entryCosts[entry]))
                        }
                    }
                }
            }
        }

        // 4. Add edges (an edge may not begin or end inside a kept-whole span).
        for e in lexiconEdges { addEdge(e.a, e.b, e.cost, 1) }
        for s in spans { addEdge(s.start, s.end, costs.atomic, Segmenter.kindAtomicBase + s.kind.latticeIndex) }
        // Numbers joined to what follows them as the lexicons join them (learned shapes).
        shapeEdges.removeAll(keepingCapacity: true)
        if !segmenter.numberShapes.isEmpty {
            let numberKind = Segmenter.kindAtomicBase + TokenKind.number.latticeIndex
            for s in spans where s.kind == .number && CharacterClass.of(t[s.start]) == .digit {
                segmenter.numberShapes.forEachMatch(in: t, digitsAt: s.start) { a, b in
                    addEdge(a, b, costs.atomic, numberKind)
                    shapeEdges.append(Pair(a: a, b: b))
                }
            }
        }
        // ICU tokens, and where a lexicon word or kept-whole span cuts one, the pieces beside it.
        if tokenAt.count < n + 1 { tokenAt = [Int32](repeating: -1, count: n + 1) } else {
            tokenAt.withUnsafeMutableBufferPointer { p in for i in 0...n { p[i] = -1 } }
        }
        for k in 0..<icuTokens.count {
            let a = icuTokens[k].a, b = icuTokens[k].b
            addEdge(a, b, costs.icu, 2)
            tokenAt.withUnsafeMutableBufferPointer { p in for q in a..<b { p[q] = Int32(k) } }
        }
        if !lexiconEdges.isEmpty || !spans.isEmpty {
            for edge in lexiconEdges {
                let x = edge.a, y = edge.b
                addFragments(x, y, n, costs.fragment)
                // A word strictly inside one ICU token re-segments that token.
                if x < n, tokenAt[x] >= 0, tokenAt[x] == tokenAt[y - 1] {
                    let token = icuTokens[Int(tokenAt[x])]
                    let a = token.a, b = token.b
                    if a < x && y < b { addEdge(a, b, costs.icu - costs.splitBonus, 5, splitA: Int32(x), splitB: Int32(y)) }
                }
            }
            for s in spans { addFragments(s.start, s.end, n, costs.fragment) }
            for e in shapeEdges { addFragments(e.a, e.b, n, costs.fragment) }
        }
        // Runs of single characters ICU could not place, none a word on its own: unknown words.
        var runStart = -1, runEnd = -1
        for k in 0..<icuTokens.count {
            let a = icuTokens[k].a, b = icuTokens[k].b
            if b - a == 1 && CharacterClass.isHan(t[a]) && !standaloneCharacters.contains(t[a]) {
                if runStart < 0 || runEnd != a { addUnknownWords(runStart, runEnd, costs.unknownWord); runStart = a }
                runEnd = b
            } else if runStart >= 0 {
                addUnknownWords(runStart, runEnd, costs.unknownWord)
                runStart = -1
            }
        }
        addUnknownWords(runStart, runEnd, costs.unknownWord)
        // A two-character word and the suffix after it (现代 + 化 → 现代化, 积极 + 性 → 积极性).
        if icuTokens.count >= 2 {
            for k in 1..<icuTokens.count {
                let word = icuTokens[k - 1], suffix = icuTokens[k]
                guard suffix.b - suffix.a == 1, suffix.a == word.b, word.b - word.a == 2,
                      suffixes.contains(t[suffix.a]), CharacterClass.isHan(t[word.a]),
                      !functionCharacters.contains(t[word.a + 1]) else { continue }
                addEdge(word.a, suffix.b, costs.suffixed, 7)
            }
        }
        // Single characters where nothing else starts. Inside an ICU token a lone character never
        // beats the token (or the pieces a cut leaves), so none is added there: fewer edges.
        for i in 0..<n where !interior[i] && tokenAt[i] < 0 {
            let isHan = CharacterClass.isHan(t[i])
            addEdge(i, i + 1, isHan ? costs.singleHan : costs.atomic, 4)
        }

        // 5. Best path, forward.
        head.withUnsafeBufferPointer { head in
            edges.withUnsafeBufferPointer { edges in
                best.withUnsafeMutableBufferPointer { best in
                    backEdge.withUnsafeMutableBufferPointer { backEdge in
                        backStart.withUnsafeMutableBufferPointer { backStart in
                            best[0] = 0
                            for i in 0..<n where best[i] < .infinity {
                                var e = head[i]
                                while e >= 0 {
                                    let edge = edges[Int(e)]
                                    let j = Int(edge.end)
                                    let c = best[i] + edge.cost
                                    if c < best[j] { best[j] = c; backEdge[j] = e; backStart[j] = Int32(i) }
                                    e = edge.next
                                }
                            }
                        }
                    }
                }
            }
        }
        result.removeAll(keepingCapacity: true)
        var j = n
        while j > 0 {
            let edge = edges[Int(backEdge[j])], i = Int(backStart[j])
            if edge.splitA >= 0 {
                let x = Int(edge.splitA), y = Int(edge.splitB)
                result.append(RawToken(start: y, end: j, kind: classify(t, y, j)))
                result.append(RawToken(start: x, end: y, kind: classify(t, x, y)))
                result.append(RawToken(start: i, end: x, kind: classify(t, i, x)))
                j = i
                continue
            }
            let kind: TokenKind
            switch edge.kind {
            case Segmenter.kindAtomicBase...: kind = Segmenter.kinds[Int(edge.kind - Segmenter.kindAtomicBase)]
            case 2, 6, 7: kind = .word  // ICU dictionary words, unknown words and suffixed words are Han
            default: kind = classify(t, i, j)
            }
            result.append(RawToken(start: i, end: j, kind: kind))
            j = i
        }
        result.reverse()
    }

    @inline(__always)
    mutating func addFragments(_ x: Int, _ y: Int, _ n: Int, _ cost: Double) {
        if x < n, tokenAt[x] >= 0 {
            let a = icuTokens[Int(tokenAt[x])].a
            if a < x { addEdge(a, x, cost, 3) }
        }
        if y < n, tokenAt[y - 1] >= 0 {
            let b = icuTokens[Int(tokenAt[y - 1])].b
            if y < b { addEdge(y, b, cost, 3) }
        }
    }

    mutating func addUnknownWords(_ runStart: Int, _ runEnd: Int, _ cost: Double) {
        guard runStart >= 0 && runEnd - runStart >= 2 else { return }
        for a in runStart..<(runEnd - 1) {
            for b in (a + 2)...min(runEnd, a + 4) { addEdge(a, b, cost, 6) }
        }
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

    @inline(__always)
    mutating func addEdge(_ a: Int, _ b: Int, _ cost: Double, _ kind: UInt8, splitA: Int32 = -1, splitB: Int32 = -1) {
        if interior[a] || interior[b] { return }
        // Keep one edge per (start, end): the cheapest.
        let done: Bool = edges.withUnsafeMutableBufferPointer { edges in
            var e = head[a]
            while e >= 0 {
                if Int(edges[Int(e)].end) == b {
                    if cost < edges[Int(e)].cost {
                        edges[Int(e)].cost = cost; edges[Int(e)].kind = kind
                        edges[Int(e)].splitA = splitA; edges[Int(e)].splitB = splitB
                    }
                    return true
                }
                e = edges[Int(e)].next
            }
            return false
        }
        if done { return }
        let edge = Edge(end: Int32(b), next: head[a], cost: cost, kind: kind, splitA: splitA, splitB: splitB)
        if edgeCount < edges.count { edges[edgeCount] = edge } else { edges.append(edge) }
        head[a] = Int32(edgeCount)
        edgeCount += 1
    }

    mutating func prepare(_ n: Int) {
        if head.count < n + 1 {
            head = [Int32](repeating: -1, count: n + 1)
            best = [Double](repeating: .infinity, count: n + 1)
            backEdge = [Int32](repeating: -1, count: n + 1)
            backStart = [Int32](repeating: -1, count: n + 1)
            interior = [Bool](repeating: false, count: n + 1)
        } else {
            head.withUnsafeMutableBufferPointer { h in
                best.withUnsafeMutableBufferPointer { b in
                    interior.withUnsafeMutableBufferPointer { f in
                        for i in 0...n { h[i] = -1; b[i] = .infinity; f[i] = false }
                    }
                }
            }
        }
        edgeCount = 0
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
