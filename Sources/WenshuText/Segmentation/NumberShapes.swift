/// Number conventions learned from the lexicons.
///
/// Corpora and users differ on whether a number and what follows it are one word: the MSR
/// bakeoff writes ８个, ２０万元 and ５月１２日 as single words, PKU writes ８ 个. A lexicon that
/// lists such words says which convention its owner uses. Every lexicon entry with an Arabic
/// digit becomes a *shape* (its digit runs replaced by a placeholder: ２０万元 → #万元,
/// ５月１２日 → #月#日, 今年５月 → 今年#月); a shape listed at least `minimumCount` times
/// joins any number in text the same way (３０万元, ７月１日). Nothing is hard-coded: the default
/// domain lexicon has no such entries, so the default segmentation keeps numbers and units apart.
struct NumberShapes: Sendable {
    /// Shape elements: a scalar, or `digits` for a run of digits.
    static let digits: UInt32 = 0
    /// The shapes whose first element after the first digit run is this scalar, by that scalar;
    /// shapes with literal characters before their first digit run are listed under the first.
    let byLiteralAfterDigits: [UInt32: [[UInt32]]]
    let byPrefix: [UInt32: [[UInt32]]]
    let maxPrefix = 2

    var isEmpty: Bool { byLiteralAfterDigits.isEmpty && byPrefix.isEmpty }

    init(lexicon: Lexicon, minimumCount: Int = 3) {
        var counts: [[UInt32]: Int] = [:]
        for i in 0..<lexicon.count {
            let s = Int(lexicon.wordStart[i]), n = Int(lexicon.wordLength[i])
            guard n <= 16 else { continue }
            var shape: [UInt32] = []
            var hasDigit = false, hasLiteral = false
            let word = (s..<(s + n)).map { NumberShapes.halfWidth(lexicon.scalars[$0]) }
            var k = 0
            while k < word.count {
                if CharacterClass.of(word[k]) == .digit {
                    hasDigit = true
                    k = NumberShapes.endOfNumber(word, from: k)
                    shape.append(NumberShapes.digits)
                } else {
                    hasLiteral = true
                    shape.append(word[k])
                    k += 1
                }
            }
            guard hasDigit, hasLiteral, let first = shape.firstIndex(of: NumberShapes.digits), first <= 2 else { continue }
            counts[shape, default: 0] += 1
        }
        var after: [UInt32: [[UInt32]]] = [:], prefix: [UInt32: [[UInt32]]] = [:]
        for (shape, count) in counts where count >= minimumCount {
            if shape[0] == NumberShapes.digits {
                after[shape[1], default: []].append(shape)
            } else {
                prefix[shape[0], default: []].append(shape)
            }
        }
        // Longest first, so that the order of edges does not depend on hashing.
        byLiteralAfterDigits = after.mapValues { $0.sorted { $0.count > $1.count || ($0.count == $1.count && $0.lexicographicallyPrecedes($1)) } }
        byPrefix = prefix.mapValues { $0.sorted { $0.count > $1.count || ($0.count == $1.count && $0.lexicographicallyPrecedes($1)) } }
    }

    /// Full-width ASCII as half-width, as normalisation folds text.
    @inline(__always) static func halfWidth(_ v: UInt32) -> UInt32 {
        (0xFF01...0xFF5E).contains(v) ? v - 0xFEE0 : v
    }

    /// Where the number starting at `k` ends: digits, and a decimal point with more digits
    /// (0.55 and ０．５５ are one placeholder, as the segmenter keeps them one number).
    static func endOfNumber<C: RandomAccessCollection>(_ t: C, from k: C.Index) -> C.Index where C.Element == UInt32, C.Index == Int {
        var e = k
        while e < t.endIndex && CharacterClass.of(t[e]) == .digit { e += 1 }
        if e + 1 < t.endIndex && halfWidth(t[e]) == 0x2E && CharacterClass.of(t[e + 1]) == .digit {
            e += 1
            while e < t.endIndex && CharacterClass.of(t[e]) == .digit { e += 1 }
        }
        return e
    }

    /// Calls `body(start, end)` for every learned shape that matches a number whose digits
    /// begin at `s`.
    func forEachMatch(in t: UnsafeBufferPointer<UInt32>, digitsAt s: Int, _ body: (Int, Int) -> Void) {
        let e = NumberShapes.endOfNumber(t, from: s)
        guard e > s else { return }
        if e < t.count, let shapes = byLiteralAfterDigits[NumberShapes.halfWidth(t[e])] {
            for shape in shapes { if let end = match(shape, t, from: s) { body(s, end) } }
        }
        for p in 1...maxPrefix where s - p >= 0 {
            guard let shapes = byPrefix[NumberShapes.halfWidth(t[s - p])] else { continue }
            for shape in shapes where shape.count > p && shape[p] == NumberShapes.digits {
                if let end = match(shape, t, from: s - p) { body(s - p, end) }
            }
        }
    }

    /// Where `shape` matching from `start` ends, or nil.
    func match(_ shape: [UInt32], _ t: UnsafeBufferPointer<UInt32>, from start: Int) -> Int? {
        var pos = start
        for element in shape {
            if element == NumberShapes.digits {
                let s = pos
                pos = NumberShapes.endOfNumber(t, from: pos)
                if pos == s { return nil }
            } else {
                guard pos < t.count, NumberShapes.halfWidth(t[pos]) == element else { return nil }
                pos += 1
            }
        }
        return pos
    }
}
