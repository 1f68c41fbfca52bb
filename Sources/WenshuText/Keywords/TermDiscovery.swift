import Foundation

/// A term found in a corpus, with the statistics that made it a term.
public struct DiscoveredTerm: Sendable, Equatable {
    public let term: String
    public let count: Int
    /// The least pointwise mutual information over the term's split points (cohesion), in nats.
    public let cohesion: Double
    /// The entropy of the characters seen just before / after the term, in nats.
    public let leftEntropy: Double
    public let rightEntropy: Double
}

/// Finds new words in a corpus without a dictionary: character strings that occur often, hold
/// together (every split of the string has a high pointwise mutual information) and are free at
/// both ends (many different characters occur before and after them: high boundary entropy).
/// Runs of Han characters are the text; punctuation, digits and Latin letters separate runs.
public struct TermDiscovery {
    public var minCount = 3
    public var minLength = 2
    public var maxLength = 8
    public var minCohesion = 3.0
    public var minBoundaryEntropy = 1.2
    /// Characters that cannot begin or end a term (的, 了, 和 …).
    public var edgeStopCharacters: Set<UInt32> = []

    public init() {}

    private var counts: [UInt64: Int32] = [:]
    private var runs: [[UInt32]] = []
    private var total = 0

    @inline(__always) static func hash(_ s: ArraySlice<UInt32>) -> UInt64 {
        var h = Lexicon.basis
        for v in s { h = Lexicon.step(h, v) }
        return h
    }

    /// Adds a document's text.
    public mutating func add(_ scalars: [UInt32]) {
        var run: [UInt32] = []
        for v in scalars {
            if CharacterClass.isHan(v) { run.append(v) } else if !run.isEmpty { addRun(run); run.removeAll() }
        }
        if !run.isEmpty { addRun(run) }
    }

    private mutating func addRun(_ run: [UInt32]) {
        runs.append(run)
        total += run.count
        for i in 0..<run.count {
            var h = Lexicon.basis
            for j in i..<min(run.count, i + maxLength) {
                h = Lexicon.step(h, run[j])
                counts[h, default: 0] += 1
            }
        }
    }

    private func count(_ s: ArraySlice<UInt32>) -> Int { Int(counts[TermDiscovery.hash(s)] ?? 0) }

    /// The terms, most frequent first.
    public func terms() -> [DiscoveredTerm] {
        guard total > 0 else { return [] }
        let n = Double(total)
        // 1. Candidates: frequent and cohesive.
        var candidates: [UInt64: (text: [UInt32], count: Int, cohesion: Double)] = [:]
        for run in runs {
            for i in 0..<run.count {
                for len in minLength...maxLength where i + len <= run.count {
                    let w = run[i..<(i + len)]
                    let h = TermDiscovery.hash(w)
                    if candidates[h] != nil { continue }
                    let c = Int(counts[h] ?? 0)
                    if c < minCount { break }  // longer strings from here are rarer still
                    if edgeStopCharacters.contains(w.first!) || edgeStopCharacters.contains(w.last!) { continue }
                    var cohesion = Double.infinity
                    for k in 1..<len {
                        let left = count(w.prefix(k)), right = count(w.suffix(len - k))
                        let pmi = log(Double(c) * n / (Double(left) * Double(right)))
                        cohesion = min(cohesion, pmi)
                    }
                    if cohesion >= minCohesion { candidates[h] = (Array(w), c, cohesion) }
                }
            }
        }
        // 2. Boundary entropy of each candidate (a run's edge counts as a distinct neighbour).
        var left: [UInt64: [UInt32: Int]] = [:], right: [UInt64: [UInt32: Int]] = [:]
        var edgeLeft: [UInt64: Int] = [:], edgeRight: [UInt64: Int] = [:]
        for run in runs {
            for i in 0..<run.count {
                var h = Lexicon.basis
                for j in i..<min(run.count, i + maxLength) {
                    h = Lexicon.step(h, run[j])
                    guard j - i + 1 >= minLength, candidates[h] != nil else { continue }
                    if i > 0 { left[h, default: [:]][run[i - 1], default: 0] += 1 } else { edgeLeft[h, default: 0] += 1 }
                    if j + 1 < run.count { right[h, default: [:]][run[j + 1], default: 0] += 1 } else { edgeRight[h, default: 0] += 1 }
                }
            }
        }
        func entropy(_ d: [UInt32: Int]?, _ edges: Int) -> Double {
            let values = Array((d ?? [:]).values) + [Int](repeating: 1, count: edges)
            let sum = Double(values.reduce(0, +))
            guard sum > 0 else { return 0 }
            return -values.reduce(0.0) { acc, v in let p = Double(v) / sum; return acc + p * log(p) }
        }
        var result: [DiscoveredTerm] = []
        for (h, c) in candidates {
            let le = entropy(left[h], edgeLeft[h] ?? 0), re = entropy(right[h], edgeRight[h] ?? 0)
            // A rare term cannot show much entropy: n occurrences give at most ln n, so the bar is
            // lowered to half of that for rare terms (新质生产力, 3 times in the 2024–2025 reports).
            let bar = min(minBoundaryEntropy, 0.5 * log(Double(c.count)))
            guard le >= bar && re >= bar else { continue }
            var view = String.UnicodeScalarView()
            for v in c.text { if let u = Unicode.Scalar(v) { view.append(u) } }
            result.append(DiscoveredTerm(term: String(view), count: c.count, cohesion: c.cohesion, leftEntropy: le, rightEntropy: re))
        }
        result.sort { $0.count != $1.count ? $0.count > $1.count : $0.term < $1.term }
        return result
    }
}
