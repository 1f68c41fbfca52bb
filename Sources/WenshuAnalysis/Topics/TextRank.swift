import Foundation

/// TextRank keywords (Mihalcea & Tarau 2004): a graph whose nodes are the accepted terms and
/// whose undirected edges join two terms that occur within `window` tokens of each other in a
/// clause, weighted by how often they do; PageRank with damping `damping` runs until no score
/// moves by more than `tolerance` (at most `maxIterations` rounds). Nodes are ordered by term
/// and ties ranked by term, so the output is the same on every run. Weights are scaled so the
/// top keyword has 1.
public struct TextRankExtractor: Sendable {
    public let filter: KeywordFilter
    public var window = 5
    public var damping = 0.85
    public var maxIterations = 200
    public var tolerance = 1e-9

    public init(filter: KeywordFilter) { self.filter = filter }

    public func keywords(of sequence: TermSequence, top: Int) -> [Keyword] {
        let accepted = Set(sequence.termCounts(filter: filter).keys)
        func ok(_ t: String) -> Bool { accepted.contains(t) }
        // Edge counts between term pairs (keys in code-point order).
        var edges: [String: [String: Double]] = [:]
        for clause in sequence.clauses {
            for i in 0..<clause.count where ok(clause[i]) {
                for j in (i + 1)..<min(clause.count, i + window) where ok(clause[j]) && clause[j] != clause[i] {
                    edges[clause[i], default: [:]][clause[j], default: 0] += 1
                    edges[clause[j], default: [:]][clause[i], default: 0] += 1
                }
            }
        }
        // A document whose terms never co-occur: rank by count.
        if edges.isEmpty {
            let counts = sequence.termCounts(filter: filter)
            let m = Double(counts.values.max() ?? 1)
            return Keyword.ranked(counts.mapValues { Double($0) / m }, top: top)
        }
        let nodes = edges.keys.sorted()
        var index: [String: Int] = [:]
        for (k, t) in nodes.enumerated() { index[t] = k }
        var neighbours: [[(Int, Double)]] = nodes.map { t in
            edges[t]!.map { (index[$0.key]!, $0.value) }.sorted { $0.0 < $1.0 }
        }
        let outWeight = neighbours.map { $0.reduce(0) { $0 + $1.1 } }
        var score = [Double](repeating: 1, count: nodes.count)
        var next = score
        for _ in 0..<maxIterations {
            var delta = 0.0
            for i in 0..<nodes.count {
                var s = 0.0
                for (j, w) in neighbours[i] { s += w / outWeight[j] * score[j] }
                next[i] = (1 - damping) + damping * s
                delta = max(delta, abs(next[i] - score[i]))
            }
            swap(&score, &next)
            if delta < tolerance { break }
        }
        neighbours.removeAll()
        let m = score.max() ?? 1
        var weights: [String: Double] = [:]
        for (k, t) in nodes.enumerated() { weights[t] = score[k] / m }
        return Keyword.ranked(weights, top: top)
    }
}
