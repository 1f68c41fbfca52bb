import Foundation
import WenshuText

/// Multi-word keyphrases: runs of adjacent tokens that corpus statistics say belong together
/// (结构性 + 改革, 新型 + 城镇化), merged into one term before keywords are scored.
///
/// Learning (`learn`): in each round, every pair of adjacent tokens in a clause whose first
/// token may start a phrase (not a stop word or policy verb) and whose second may continue one
/// (not a stop word) becomes a phrase when it occurs at least `minCount` times, in at least
/// `minDocuments` documents, with a pointwise mutual information `ln(c(ab)·N / (c(a)·c(b)))` of
/// at least `minPMI` nats, and makes up at least `minAssociation` of the occurrences of the
/// rarer of its two tokens (`c(ab) / min(c(a), c(b))`: PMI alone joins two frequent words that
/// merely often meet, 继续 + 推进). The merges are applied and the next round can join a phrase to a
/// further token, so phrases grow to 2^rounds tokens.
///
/// Two rules keep the halves of words out of phrases (see BENCHMARKS.md, 2026-12-01):
///
/// - **A phrase does not start with the second half of a word.** When the first token is a single
///   character that, where the pair occurs, follows a single character it is seen with at least
///   as often as with the pair's second token (较 + 快 at least as often as 快 + 增长 in 较快增长),
///   the character belongs to the word on its left, and the pair is no phrase (快增长, 快发展,
///   视同仁, 众一心).
/// - **A verb and its complement are no phrase.** Two single characters of which the second is
///   a directional or resultative complement (`dictionaries/phrases/complements.txt`: 起 出 好 住
///   …) are a verb phrase, not a term: 改 + 起 (从…改起), 管 + 出 (管出公平), 办 + 好, 稳 + 住.
///
/// Applying (`merge`): left to right, the longest known phrase starting at each token wins.
///
/// File format (written beside an IDF table as `NAME.phrases`): one phrase a line, its tokens
/// separated by one space, then the number of times it was seen; `#` lines are comments:
///
///     结构性 改革 41
public struct PhraseSet: Sendable, Equatable {
    public struct Phrase: Sendable, Equatable {
        public let parts: [String]
        public let count: Int
        public var text: String { parts.joined() }
    }

    public let phrases: [Phrase]
    /// First token → the phrases that start with it, longest first.
    let byFirst: [String: [[String]]]

    public init(phrases: [Phrase]) {
        self.phrases = phrases.sorted { $0.parts.joined(separator: " ") < $1.parts.joined(separator: " ") }
        var index: [String: [[String]]] = [:]
        for p in self.phrases where p.parts.count >= 2 { index[p.parts[0], default: []].append(p.parts) }
        byFirst = index.mapValues { $0.sorted { $0.count != $1.count ? $0.count > $1.count : $0.joined() < $1.joined() } }
    }

    public static let empty = PhraseSet(phrases: [])

    public var isEmpty: Bool { phrases.isEmpty }

    /// A clause with its known phrases merged.
    public func merge(_ clause: [String]) -> [String] {
        guard !byFirst.isEmpty, clause.count >= 2 else { return clause }
        var out: [String] = []
        out.reserveCapacity(clause.count)
        var i = 0
        while i < clause.count {
            if let candidates = byFirst[clause[i]] {
                var matched = false
                for parts in candidates where i + parts.count <= clause.count {
                    var same = true
                    for k in 1..<parts.count where clause[i + k] != parts[k] { same = false; break }
                    if same {
                        out.append(parts.joined())
                        i += parts.count
                        matched = true
                        break
                    }
                }
                if matched { continue }
            }
            out.append(clause[i])
            i += 1
        }
        return out
    }

    public func merge(_ sequence: TermSequence) -> TermSequence {
        isEmpty ? sequence : TermSequence(clauses: sequence.clauses.map(merge))
    }

    /// Settings of phrase learning; see the type's documentation.
    public struct Learning: Sendable {
        public var minCount = 3
        public var minDocuments = 2
        public var minPMI = 3.0
        public var minAssociation = 0.2
        public var rounds = 2
        /// Longest phrase kept, in characters.
        public var maxCharacters = 12
        /// The two rules of the type's documentation that keep halves of words out of phrases.
        public var wordEdges = true
        public init() {}
    }

    struct PairStats {
        let a: String, b: String
        var count = 0, documents = 1, lastDocument: Int
        /// The single characters just before the pair, when its first token is one too.
        var before: Set<String> = []
        init(a: String, b: String, lastDocument: Int) { self.a = a; self.b = b; self.lastDocument = lastDocument }
    }

    /// One Han character, not a phrase learned in an earlier round.
    static func isSingleHan(_ t: String) -> Bool {
        var it = t.unicodeScalars.makeIterator()
        guard let u = it.next(), it.next() == nil else { return false }
        return CharacterClass.isHan(u.value)
    }

    /// Learns phrases from documents.
    public static func learn(from documents: [TermSequence], filter: KeywordFilter, settings: Learning = Learning()) -> PhraseSet {
        var current = documents
        var partsOf: [String: [String]] = [:]
        var accepted: [String: Phrase] = [:]
        var set = PhraseSet.empty
        for _ in 0..<max(settings.rounds, 1) {
            var unigram: [String: Int] = [:]
            var pairs: [String: PairStats] = [:]
            // Adjacent pairs that start with a single character, whatever the filter says
            // (较 + 快): what a single-character first token may belong to instead.
            var singlePairs: [String: Int] = [:]
            var total = 0
            for (d, doc) in current.enumerated() {
                for clause in doc.clauses {
                    total += clause.count
                    for t in clause { unigram[t, default: 0] += 1 }
                    guard clause.count >= 2 else { continue }
                    for k in 0..<(clause.count - 1) {
                        let a = clause[k], b = clause[k + 1]
                        let singleA = partsOf[a] == nil && isSingleHan(a)
                        if singleA { singlePairs[a + "\u{1}" + b, default: 0] += 1 }
                        guard filter.canStartPhrase(a), filter.canContinuePhrase(b) else { continue }
                        let key = a + "\u{1}" + b
                        var p = pairs[key] ?? PairStats(a: a, b: b, lastDocument: d)
                        p.count += 1
                        if p.lastDocument != d { p.documents += 1; p.lastDocument = d }
                        if singleA, k > 0 {
                            let before = clause[k - 1]
                            if partsOf[before] == nil && isSingleHan(before) { p.before.insert(before) }
                        }
                        pairs[key] = p
                    }
                }
            }
            let n = Double(max(total, 1))
            var added = 0
            for p in pairs.values where p.count >= settings.minCount && p.documents >= settings.minDocuments {
                let pmi = log(Double(p.count) * n / (Double(unigram[p.a]!) * Double(unigram[p.b]!)))
                let association = Double(p.count) / Double(min(unigram[p.a]!, unigram[p.b]!))
                guard pmi >= settings.minPMI, association >= settings.minAssociation else { continue }
                if settings.wordEdges {
                    let singleA = partsOf[p.a] == nil && isSingleHan(p.a), singleB = partsOf[p.b] == nil && isSingleHan(p.b)
                    // 改 + 起: a verb and its complement.
                    if singleA && singleB && filter.isComplement(p.b) { continue }
                    // 较 | 快 + 增长: the first token is the second half of a word.
                    if singleA && p.before.contains(where: { (singlePairs[$0 + "\u{1}" + p.a] ?? 0) >= p.count }) { continue }
                }
                let parts = (partsOf[p.a] ?? [p.a]) + (partsOf[p.b] ?? [p.b])
                let text = parts.joined()
                guard text.unicodeScalars.count <= settings.maxCharacters, accepted[text] == nil else { continue }
                accepted[text] = Phrase(parts: parts, count: p.count)
                partsOf[text] = parts
                added += 1
            }
            if added == 0 { break }
            set = PhraseSet(phrases: Array(accepted.values))
            current = documents.map(set.merge)
        }
        // Counts as seen after the final merge.
        var seen: [String: Int] = [:]
        for d in current { for c in d.clauses { for t in c where accepted[t] != nil { seen[t, default: 0] += 1 } } }
        return PhraseSet(phrases: accepted.values.compactMap { p in
            guard let c = seen[p.text], c > 0 else { return nil }
            return Phrase(parts: p.parts, count: c)
        })
    }

    /// Settings for phrases learned inside one document (`withinDocument`): a pair repeated at
    /// least twice that makes up most of the rarer token's occurrences (水 + 运 in 水运工程 every
    /// time it occurs): the terms a corpus is too small to know yet.
    public static let withinDocumentSettings: Learning = {
        var s = Learning()
        s.minCount = 2
        s.minDocuments = 1
        s.minPMI = 0
        s.minAssociation = 0.6
        s.maxCharacters = 10
        return s
    }()

    /// A document with the phrases merged that it repeats itself (see `withinDocumentSettings`).
    public static func withinDocument(_ sequence: TermSequence, filter: KeywordFilter) -> TermSequence {
        learn(from: [sequence], filter: filter, settings: withinDocumentSettings).merge(sequence)
    }

    public func serialized(comment: [String] = []) -> String {
        var out = "# wenshu phrases: tokens separated by one space, then the count\n"
        for c in comment { out += "# \(c)\n" }
        for p in phrases { out += p.parts.joined(separator: " ") + " \(p.count)\n" }
        return out
    }

    public func write(to url: URL, comment: [String] = []) throws {
        try TopicsError.write(serialized(comment: comment), to: url)
    }

    /// Reads a phrase file; a line with fewer than two tokens or a count that is not a whole
    /// number is an error naming the file and line.
    public static func load(contentsOf url: URL) throws -> PhraseSet {
        var result: [Phrase] = []
        for (number, line) in try TopicsError.lines(of: url) {
            if line.hasPrefix("#") { continue }
            let fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
            if fields.isEmpty { continue }
            guard fields.count >= 3 else {
                throw TopicsError.badLine(file: url.path, line: number, reason: "expected two or more tokens and a count (format: token token … count)")
            }
            guard let count = Int(fields.last!), count >= 0 else {
                throw TopicsError.badLine(file: url.path, line: number, reason: "the count '\(fields.last!)' is not a whole number ≥ 0 (format: token token … count)")
            }
            result.append(Phrase(parts: Array(fields.dropLast()), count: count))
        }
        return PhraseSet(phrases: result)
    }

    /// The phrase file that goes with an IDF table: the same path with the extension `.phrases`.
    public static func companion(ofIDF url: URL) -> URL {
        url.deletingPathExtension().appendingPathExtension("phrases")
    }
}
