import Foundation

/// How often a discovered term lines up with the segmenter's token boundaries in the corpus it
/// came from. A real word starts and ends where the segmenter cuts (基础设施 | 建设); a fragment
/// that statistics alone let through starts or ends inside a word in most of its occurrences
/// (民收入 inside 国民收入, 设施建设 inside 基础设施建设 where 基础设施 is one token).
public struct TermAlignment {
    let lexicon: Lexicon
    var occurrences: [Int]
    var aligned: [Int]

    public init(terms: [String]) {
        var builder = LexiconBuilder()
        for t in terms { builder.add(t) }
        lexicon = builder.build()
        occurrences = [Int](repeating: 0, count: lexicon.count)
        aligned = [Int](repeating: 0, count: lexicon.count)
    }

    /// Counts the terms' occurrences in one normalised text, and those whose both ends fall on
    /// boundaries of `segmenter`'s tokens.
    public mutating func add(_ text: NormalizedText, segmenter: Segmenter) throws {
        let n = text.count
        var boundary = [Bool](repeating: false, count: n + 1)
        boundary[0] = true
        try segmenter.forEachToken(in: text) { t in boundary[t.start] = true; boundary[t.end] = true }
        let lexicon = self.lexicon
        var occurrences = self.occurrences, aligned = self.aligned
        text.scalars.withUnsafeBufferPointer { t in
            for i in 0..<n {
                lexicon.forEachMatch(in: t, at: i) { len, entry in
                    occurrences[entry] += 1
                    if boundary[i] && boundary[i + len] { aligned[entry] += 1 }
                }
            }
        }
        self.occurrences = occurrences
        self.aligned = aligned
    }

    /// The share of a term's occurrences that line up with token boundaries (0 when unseen).
    public func alignment(of term: String) -> Double {
        guard let i = lexicon.index(of: term), occurrences[i] > 0 else { return 0 }
        return Double(aligned[i]) / Double(occurrences[i])
    }

    /// The terms of `found` that line up with the segmenter's boundaries in at least
    /// `minAlignment` of their occurrences in `texts`, and do not end in one of
    /// `functionCharacters` (取得新 before 新进展).
    public static func keep(_ found: [DiscoveredTerm], in texts: [NormalizedText], segmenter: Segmenter,
                            minAlignment: Double, functionCharacters: Set<UInt32>) throws -> [DiscoveredTerm] {
        var alignment = TermAlignment(terms: found.map(\.term))
        for t in texts { try alignment.add(t, segmenter: segmenter) }
        return found.filter { t in
            if let last = t.term.unicodeScalars.last?.value, functionCharacters.contains(last) { return false }
            return alignment.alignment(of: t.term) >= minAlignment
        }
    }
}
