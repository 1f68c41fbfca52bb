import Foundation
import WenshuText

/// A text as keyword extraction sees it: runs of word tokens ("clauses") between anything that
/// breaks a phrase — punctuation, line ends, numbers, symbols, URLs. Stop words stay inside a
/// run (they stop phrases from forming across them) and are filtered only when terms are scored.
public struct TermSequence: Sendable, Equatable {
    public var clauses: [[String]]

    public init(clauses: [[String]]) { self.clauses = clauses }

    /// Counts of the terms the filter accepts: `KeywordFilter.acceptsWord`, and a term by part of
    /// speech — a verb or adjective only when this text uses it as a noun (`isTermByUse`).
    public func termCounts(filter: KeywordFilter) -> [String: Int] {
        var counts: [String: Int] = [:], nominal: [String: Int] = [:]
        for clause in clauses {
            for (k, t) in clause.enumerated() {
                counts[t, default: 0] += 1
                if (k > 0 && KeywordFilter.nominalBefore.contains(clause[k - 1]))
                    || (k + 1 < clause.count && KeywordFilter.nominalAfter.contains(clause[k + 1])) {
                    nominal[t, default: 0] += 1
                }
            }
        }
        return counts.filter { term, count in
            guard filter.acceptsWord(term) else { return false }
            switch filter.termClass(term) {
            case .term: return true
            case .notTerm: return false
            case .byUse: return filter.termsByUse && Double(nominal[term] ?? 0) >= filter.minNominalShare * Double(count) && (nominal[term] ?? 0) > 0
            }
        }
    }
}

/// Segments documents into term sequences with Wenshu's segmenter (`Segmenter(dictionaries:)`)
/// on text normalised with `NormalizationOptions.documents`. A document that is mostly
/// Traditional Chinese (the 1954 report) is converted to Simplified first, so that its terms
/// match the IDF table, the phrases and the theme seeds: see `TraditionalDetector`.
///
/// Holds a segmenter, so it is not thread-safe: use one per thread.
public final class TermTokenizer {
    public let segmenter: Segmenter
    let normalizer: Normalizer
    let simplifier: Normalizer
    let detector: TraditionalDetector

    /// `variants`: characters ICU's conversion leaves Traditional (衞 → 卫), from
    /// `SimplifiedVariants.load(contentsOf: dictionaries.simplifiedVariants)`.
    public init(segmenter: Segmenter, variants: [UInt32: UInt32] = [:]) throws {
        self.segmenter = segmenter
        normalizer = try Normalizer(options: .documents)
        var simplified = NormalizationOptions.documents
        simplified.toSimplified = true
        simplified.variants = variants
        simplifier = try Normalizer(options: simplified)
        detector = try TraditionalDetector()
    }

    /// A tokenizer with the same lexicon and settings for another thread.
    public func copy() throws -> TermTokenizer {
        try TermTokenizer(segmenter: segmenter.copy(), variants: simplifier.options.variants)
    }

    public convenience init(dictionaries: Dictionaries, userLexicons: [URL] = [], userWords: [String] = []) throws {
        // Term granularity: the words joined into the term list's terms (脱贫攻坚, 营商环境 stay
        // whole for keywords and themes, as they were when the word lexicon held them).
        try self.init(segmenter: Segmenter(dictionaries: dictionaries, userLexicons: userLexicons, userWords: userWords,
                                           granularity: .term),
                      variants: SimplifiedVariants.load(contentsOf: dictionaries.simplifiedVariants))
    }

    /// Normalised text, converted to Simplified when it is mostly Traditional.
    public func normalize(_ text: String) throws -> NormalizedText {
        let source = SourceText(text)
        return try (detector.isMostlyTraditional(source.scalars) ? simplifier : normalizer).normalize(source)
    }

    public func sequence(of text: String) throws -> TermSequence {
        let n = try normalize(text)
        return try sequence(of: n, in: TextRange(start: 0, end: n.count))
    }

    /// The term sequence of a range of normalised text (a document of a page).
    public func sequence(of text: NormalizedText, in range: TextRange) throws -> TermSequence {
        var clauses: [[String]] = []
        var current: [String] = []
        let scalars = text.scalars
        try scalars.withUnsafeBufferPointer { all in
            var lineStart = range.start
            while lineStart < range.end {
                var lineEnd = lineStart
                while lineEnd < range.end && all[lineEnd] != 0x0A { lineEnd += 1 }
                for raw in try segmenter.segment(UnsafeBufferPointer(rebasing: all[lineStart..<lineEnd])) {
                    switch raw.kind {
                    case .word, .latin:
                        var view = String.UnicodeScalarView()
                        for k in (lineStart + raw.start)..<(lineStart + raw.end) { view.append(Unicode.Scalar(all[k])!) }
                        current.append(String(view))
                    case .space:
                        break
                    default:
                        if !current.isEmpty { clauses.append(current); current.removeAll(keepingCapacity: true) }
                    }
                }
                if !current.isEmpty { clauses.append(current); current.removeAll(keepingCapacity: true) }
                lineStart = lineEnd + 1
            }
        }
        return TermSequence(clauses: clauses)
    }
}

/// Tells whether a text is mostly Traditional Chinese: converts a sample of its Han characters
/// (the first 4,000) to Simplified with ICU and counts how many change. Simplified text changes
/// in well under 1 % of characters; Traditional text in 15–30 %. The threshold is 5 %.
public struct TraditionalDetector {
    let simplifier: Normalizer
    public var sampleSize = 4000
    public var threshold = 0.05

    public init() throws {
        simplifier = try Normalizer(options: NormalizationOptions(foldWidth: false, dropInvisible: false, toSimplified: true,
                                                                  rejoinWrappedLines: false, unifyNewlines: false))
    }

    public func isMostlyTraditional(_ scalars: [UInt32]) -> Bool {
        var sample: [UInt32] = []
        sample.reserveCapacity(sampleSize)
        for v in scalars where CharacterClass.isHan(v) {
            sample.append(v)
            if sample.count >= sampleSize { break }
        }
        guard sample.count >= 20, let converted = try? simplifier.normalize(SourceText(scalars: sample)).scalars,
              converted.count == sample.count else { return false }
        var changed = 0
        for k in 0..<sample.count where sample[k] != converted[k] { changed += 1 }
        return Double(changed) / Double(sample.count) >= threshold
    }
}
