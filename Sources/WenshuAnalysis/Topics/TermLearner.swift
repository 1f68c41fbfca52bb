import Foundation
import WenshuText

/// A multi-word term learned from a corpus, with the evidence for it.
public struct LearnedTerm: Sendable, Codable, Equatable {
    public let term: String
    /// Its words, as word granularity cuts them.
    public let parts: [String]
    public let count: Int
    /// In how many documents it occurs.
    public let documents: Int
    /// The weakest split of the term (the least over its split points): pointwise mutual
    /// information in nats, and the share of the rarer side's occurrences that are this term.
    public let pmi: Double
    public let association: Double
    /// Entropy (nats) of the words seen just before and just after it (a clause edge counts as a
    /// different neighbour each time): high when the term is used in many contexts, so that its
    /// boundaries are its own and not those of a longer phrase it is part of.
    public let leftEntropy: Double
    public let rightEntropy: Double
    /// Whether term granularity keeps it whole already (terms.txt, a learned term file, a word of
    /// the lexicon): `terms phrases` proposes the others.
    public var known: Bool = false
}

/// Learns the terms of a corpus that are several words (数字 + 经济, 全国 + 统一 + 大市场): adjacent
/// words that hold together and whose boundaries are stable across many documents.
///
/// 1. Phrases by association (`PhraseSet.learn` over word-granularity text, `rounds` rounds so up
///    to 2^rounds words): a pair is joined when it occurs at least `minCount` times in at least
///    `minDocuments` documents, with PMI ≥ `minPMI` and making up ≥ `minAssociation` of its rarer
///    word's occurrences; stop words and policy verbs start no phrase, stop words continue none.
/// 2. Stable boundaries: with the phrases merged, the words just before and just after the term
///    must have an entropy of at least `minEntropy` nats — lowered to half of ln(count) for a
///    rare term, which cannot show more — so a fragment of a longer 提法 (化解重大 inside
///    防范化解重大风险, always preceded by 防范) is no term of its own.
/// 3. A term is a noun phrase (`isNounPhrase`, by the words' tags): its last word is nominal (a
///    noun, a verbal noun such as 发展 vn), or a verb after a nominal word (数字 + 经济 is n + n,
///    科技 + 创新 n + v, 关键 + 核心 + 技术 + 攻关); its first word is a content word — no pronoun or
///    determiner (我国, 各位), adverb, preposition, conjunction, particle, numeral, classifier,
///    time or place word, and no verb (a verb and its object); and the keyword filter takes the
///    whole for a term.
public enum TermLearner {
    /// First letters of the tags a term does not start with.
    static let notFirst: Set<Character> = ["r", "d", "p", "c", "u", "m", "q", "t", "f", "y", "e", "o"]

    /// The rule 3 of the type's documentation; without a tagger, every phrase passes.
    public static func isNounPhrase(_ parts: [String], tagger: PartOfSpeechTagger?) -> Bool {
        guard let tagger, parts.count >= 2 else { return true }
        let tags = parts.map { tagger.tag($0) }
        if let c = tags[0].first, notFirst.contains(c) { return false }
        // A verb before its object is a verb phrase (减轻 + 企业, 打好 + 三大攻坚战); the 提法 that
        // are one (优化营商环境) are listed by hand in terms.txt.
        if tags[0] == "v" { return false }
        let head = tags[tags.count - 1]
        if PartOfSpeechTagger.isNominal(head) { return true }
        return head.hasPrefix("v") && PartOfSpeechTagger.isNominal(tags[tags.count - 2])
    }

    public struct Settings: Sendable {
        public var minCount = 3
        public var minDocuments = 3
        public var minPMI = 3.0
        public var minAssociation = 0.2
        public var minEntropy = 1.0
        public var rounds = 2
        public var maxCharacters = 12
        public init() {}
    }

    public static func learn(from documents: [TermSequence], filter: KeywordFilter, settings: Settings = Settings()) -> [LearnedTerm] {
        var learning = PhraseSet.Learning()
        learning.minCount = settings.minCount
        learning.minDocuments = settings.minDocuments
        learning.minPMI = settings.minPMI
        learning.minAssociation = settings.minAssociation
        learning.rounds = settings.rounds
        learning.maxCharacters = settings.maxCharacters
        let phrases = PhraseSet.learn(from: documents, filter: filter, settings: learning)
        guard !phrases.isEmpty else { return [] }
        let partsOf = Dictionary(phrases.phrases.map { ($0.text, $0.parts) }, uniquingKeysWith: { a, _ in a })
        // Counts of the word sequences the evidence needs: each phrase's prefixes and suffixes.
        var needed = Set<[String]>()
        var longest = 1
        for p in phrases.phrases {
            longest = max(longest, p.parts.count)
            for k in 1...p.parts.count { needed.insert(Array(p.parts.prefix(k))); needed.insert(Array(p.parts.suffix(k))) }
        }
        var seqCount: [[String]: Int] = [:]
        var total = 0
        for d in documents {
            for clause in d.clauses {
                total += clause.count
                for i in clause.indices {
                    for len in 1...longest where i + len <= clause.count {
                        let s = Array(clause[i..<(i + len)])
                        if needed.contains(s) { seqCount[s, default: 0] += 1 }
                    }
                }
            }
        }
        // Neighbours, counts and documents of each phrase, with the phrases merged.
        var left: [String: [String: Int]] = [:], right: [String: [String: Int]] = [:]
        var edges: [String: (Int, Int)] = [:]
        var count: [String: Int] = [:], docs: [String: Int] = [:]
        for d in documents {
            var seen = Set<String>()
            for clause in phrases.merge(d).clauses {
                for (k, t) in clause.enumerated() where partsOf[t] != nil {
                    count[t, default: 0] += 1
                    seen.insert(t)
                    if k > 0 { left[t, default: [:]][clause[k - 1], default: 0] += 1 } else { edges[t, default: (0, 0)].0 += 1 }
                    if k + 1 < clause.count { right[t, default: [:]][clause[k + 1], default: 0] += 1 } else { edges[t, default: (0, 0)].1 += 1 }
                }
            }
            for t in seen { docs[t, default: 0] += 1 }
        }
        func entropy(_ d: [String: Int]?, _ edgeCount: Int) -> Double {
            let values = Array((d ?? [:]).values) + [Int](repeating: 1, count: edgeCount)
            let sum = Double(values.reduce(0, +))
            guard sum > 0 else { return 0 }
            return -values.reduce(0.0) { acc, v in let p = Double(v) / sum; return acc + p * log(p) }
        }
        let n = Double(max(total, 1))
        var result: [LearnedTerm] = []
        for (text, parts) in partsOf {
            guard let c = count[text], c >= settings.minCount, (docs[text] ?? 0) >= settings.minDocuments else { continue }
            guard filter.acceptsWord(text), filter.termClass(text) == .term, isNounPhrase(parts, tagger: filter.tagger) else { continue }
            let le = entropy(left[text], edges[text]?.0 ?? 0), re = entropy(right[text], edges[text]?.1 ?? 0)
            let bar = min(settings.minEntropy, 0.5 * log(Double(c)))
            guard le >= bar, re >= bar else { continue }
            let whole = Double(seqCount[parts] ?? c)
            var pmi = Double.infinity, association = Double.infinity
            for k in 1..<parts.count {
                let a = Double(seqCount[Array(parts.prefix(k))] ?? 1), b = Double(seqCount[Array(parts.suffix(parts.count - k))] ?? 1)
                pmi = min(pmi, log(whole * n / (a * b)))
                association = min(association, whole / min(a, b))
            }
            result.append(LearnedTerm(term: text, parts: parts, count: c, documents: docs[text] ?? 0, pmi: pmi, association: association,
                                      leftEntropy: le, rightEntropy: re))
        }
        result.sort { $0.count != $1.count ? $0.count > $1.count : $0.term < $1.term }
        return result
    }
}
