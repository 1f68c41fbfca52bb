import Foundation

/// A keyword and its weight.
public struct Keyword: Sendable, Codable, Equatable {
    public let term: String
    public let weight: Double

    public init(term: String, weight: Double) {
        self.term = term
        self.weight = weight
    }

    /// Highest weight first; equal weights in code-point order of the term, so output is stable.
    static func ranked(_ weights: [String: Double], top: Int) -> [Keyword] {
        let sorted = weights.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
        return sorted.prefix(max(top, 0)).map { Keyword(term: $0.key, weight: $0.value) }
    }

    /// Highest weight first; equal weights by `rank` (lower first), then in code-point order.
    static func ranked(_ weights: [String: Double], top: Int, ties rank: [String: Int]) -> [Keyword] {
        let sorted = weights.sorted {
            if $0.value != $1.value { return $0.value > $1.value }
            let a = rank[$0.key] ?? Int.max, b = rank[$1.key] ?? Int.max
            return a != b ? a < b : $0.key < $1.key
        }
        return sorted.prefix(max(top, 0)).map { Keyword(term: $0.key, weight: $0.value) }
    }
}

/// TF-IDF keywords: `weight = tf × idf`, with `tf` a term's count over the count of all the
/// document's accepted terms (after phrase merging), and `idf` from the table (its median for
/// words it does not have). Equal weights — frequent in short texts, where most terms occur once
/// — are ordered by `ties`.
public struct TFIDFExtractor: Sendable {
    public let idf: IDFTable
    public let filter: KeywordFilter

    /// The order of terms of equal weight.
    public enum Ties: Sendable {
        /// Code-point order of the term (before issue 18, step 2).
        case codePoint
        /// The term the text uses first comes first: a text names its subject early.
        case firstUse
    }
    public var ties: Ties = .firstUse

    public init(idf: IDFTable, filter: KeywordFilter) {
        self.idf = idf
        self.filter = filter
    }

    public func keywords(of sequence: TermSequence, top: Int) -> [Keyword] {
        let counts = sequence.termCounts(filter: filter)
        let total = Double(counts.values.reduce(0, +))
        guard total > 0 else { return [] }
        var weights: [String: Double] = [:]
        for (t, c) in counts { weights[t] = Double(c) / total * idf.idf(t) }
        switch ties {
        case .codePoint: return Keyword.ranked(weights, top: top)
        case .firstUse:
            var first: [String: Int] = [:]
            var position = 0
            for clause in sequence.clauses {
                for t in clause {
                    if first[t] == nil { first[t] = position }
                    position += 1
                }
            }
            return Keyword.ranked(weights, top: top, ties: first)
        }
    }
}
