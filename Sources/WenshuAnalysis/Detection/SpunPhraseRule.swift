import Foundation
import WenshuText

/// The canonical phrases of official writing and the swaps spinning tools make, read from
/// `dictionaries/phrases/canonical.txt` (phrase [weight]) and `synonyms.txt` (word swap relation).
public struct SpinTable: Sendable {
    public struct Variant: Sendable {
        public let canonical: String
        public let original: String
        public let replacement: String
        public let antonym: Bool
    }
    /// Spun variants, searchable at any position.
    public let lexicon: Lexicon
    /// Variant entry index → what it is a spin of.
    public let variants: [Variant]
    public let canonicalCount: Int

    public static func load(canonical: URL, synonyms: URL) throws -> SpinTable {
        let phrases = try WordList.load(contentsOf: canonical).compactMap { $0.split(whereSeparator: { $0 == " " || $0 == "\t" }).first.map(String.init) }
        var swaps: [(String, String, Bool)] = []
        for entry in try DataFile.entries(of: synonyms) {
            let line = entry.text
            let f = line.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
            guard f.count >= 2 else { throw DictionaryError.malformed(file: "\(synonyms.path)", reason: "line \(entry.number) '\(line)' needs two words") }
            swaps.append((f[0], f[1], f.count > 2 && f[2] == "antonym"))
        }
        let canonicalSet = Set(phrases)
        var builder = LexiconBuilder()
        var variants: [Variant] = []
        var seen = Set<String>()
        for p in phrases {
            for (a, b, antonym) in swaps where p.contains(a) {
                let v = p.replacingOccurrences(of: a, with: b)
                guard v != p, !canonicalSet.contains(v), seen.insert(v).inserted else { continue }
                builder.add(v, frequency: 1)
                variants.append(Variant(canonical: p, original: a, replacement: b, antonym: antonym))
            }
        }
        return SpinTable(lexicon: builder.build(), variants: variants, canonicalCount: phrases.count)
    }
}

/// Synonym-spun phrases (伪原创): a canonical phrase with one part swapped for a near-synonym
/// (顽强领导 for 坚强领导: a warning) or an antonym (分散共识 for 凝聚共识: an error), with the
/// canonical phrase as the suggestion; and a document-level finding when many different swaps
/// show the whole text was machine-spun.
public struct SpunPhraseRule: DocumentRule {
    public let table: SpinTable
    public let kinds: [FindingKind] = [.spunPhrase, .spunDocument]
    /// Distinct swaps that make a document "machine-spun".
    public let documentThreshold: Int
    /// Spin found from the reference model of official language, beyond the table's swaps.
    public let reference: ReferenceSpin?
    /// Different strong swaps (table or two-sided reference evidence) after which the document
    /// counts as spun and one-sided reference evidence is reported as well.
    public let agreeingSwaps: Int
    /// …provided there is at least one strong swap per this many Han characters.
    public let swapSpan: Int
    /// Measured on ../shared/wild-dev and the State Council reports (BENCHMARKS.md).
    public static let defaultAgreeingSwaps = 2
    public static let defaultSwapSpan = 2000
    public init(table: SpinTable, reference: ReferenceSpin? = nil, documentThreshold: Int = 4, agreeingSwaps: Int = SpunPhraseRule.defaultAgreeingSwaps, swapSpan: Int = SpunPhraseRule.defaultSwapSpan) {
        self.table = table
        self.reference = reference
        self.documentThreshold = documentThreshold
        self.agreeingSwaps = agreeingSwaps
        self.swapSpan = swapSpan
    }

    public func check(_ d: DocumentContext) -> [Finding] {
        var out: [Finding] = []
        var swaps = Set<String>()
        for p in d.paragraphs {
            p.scalars.withUnsafeBufferPointer { buf in
                var i = 0
                while i < buf.count {
                    var best: (Int, Int)? = nil
                    table.lexicon.forEachMatch(in: buf, at: i) { len, entry in
                        if best == nil || len > best!.0 { best = (len, entry) }
                    }
                    guard let (len, entry) = best else { i += 1; continue }
                    let v = table.variants[entry]
                    let r = TextRange(start: p.range.start + i, end: p.range.start + i + len)
                    let text = d.findings.text.text(in: r)
                    swaps.insert("\(v.original)→\(v.replacement)")
                    out.append(d.findings.make(.spunPhrase, v.antonym ? .error : .warning,
                        v.antonym
                            ? Message(en: "\(text) reverses \(v.canonical): \(v.original) was swapped for its opposite \(v.replacement) (伪原创 spinning)",
                                      zh: "“\(text)”把“\(v.canonical)”中的“\(v.original)”换成了反义的“\(v.replacement)”，意思正好相反（伪原创洗稿）")
                            : Message(en: "\(text) is \(v.canonical) with \(v.original) swapped for \(v.replacement), a collocation official writing does not use (伪原创 spinning)",
                                      zh: "“\(text)”是把“\(v.canonical)”中的“\(v.original)”换成了“\(v.replacement)”，公文不这样搭配（伪原创洗稿）"),
                        normalized: r, replacement: v.canonical))
                    i += len
                }
            }
        }
        var shown = Set<UInt64>()
        if let reference {
            for p in d.paragraphs {
                for h in reference.hits(in: p.scalars) {
                    let r = TextRange(start: p.range.start + h.start, end: p.range.start + h.end)
                    let o = d.findings.text.originalRange(of: r)
                    guard !out.contains(where: { $0.range.start < o.end && o.start < $0.range.end }) else { continue }
                    let text = d.findings.text.text(in: r)
                    swaps.insert("\(h.replacement)→\(h.word)")
                    if let a = ReferenceModel.key(h.word.unicodeScalars.map(\.value)), let b = ReferenceModel.key(h.replacement.unicodeScalars.map(\.value)) {
                        shown.insert(ReferenceSpin.pairKey(a, b))
                    }
                    out.append(d.findings.make(.spunPhrase, .warning, Message(
                        en: "\(text): official writing says \(h.suggestion) (\(h.replacement) with these neighbours \(h.support) times in the reference) and hardly ever \(h.word) here; \(h.word) looks swapped in for its near-synonym \(h.replacement) (伪原创 spinning)",
                        zh: "“\(text)”：公文常说“\(h.suggestion)”（参考语料中“\(h.replacement)”与前后字搭配 \(h.support) 次），几乎不在此处用“\(h.word)”，疑为把“\(h.replacement)”换成了近义词“\(h.word)”（伪原创洗稿）"),
                        normalized: r, replacement: h.suggestion))
                }
            }
        }
        // Document prior: once strong swaps agree that the text was spun — at least
        // `agreeingSwaps` different ones, and at least one per `swapSpan` Han characters (a
        // spinner swaps throughout; a long genuine report may hold a couple of odd words) — the
        // weaker one-sided evidence of the reference is reported too.
        if let reference, swaps.count >= agreeingSwaps {
            let han = d.paragraphs.reduce(0) { $0 + $1.scalars.lazy.filter(CharacterClass.isHan).count }
            if swaps.count * swapSpan >= han {
                for p in d.paragraphs {
                    for h in reference.contextHits(in: p.scalars, shown: shown) {
                        let r = TextRange(start: p.range.start + h.start, end: p.range.start + h.end)
                        let o = d.findings.text.originalRange(of: r)
                        guard !out.contains(where: { $0.kind == "spun-phrase" && $0.range.start < o.end && o.start < $0.range.end }) else { continue }
                        let text = d.findings.text.text(in: r)
                        swaps.insert("\(h.replacement)→\(h.word)")
                        out.append(d.findings.make(.spunPhrase, .warning, Message(
                            en: "\(text): in a text that shows other word swaps, \(h.word) looks swapped in for its near-synonym \(h.replacement); official writing says \(h.suggestion) (\(h.support) times in the reference) and never \(h.word) with these neighbours (伪原创 spinning)",
                            zh: "“\(text)”：本文已有多处同义词替换，此处“\(h.word)”疑为替换了近义词“\(h.replacement)”；公文常说“\(h.suggestion)”（参考语料中 \(h.support) 次），从不在此处用“\(h.word)”（伪原创洗稿）"),
                            normalized: r, replacement: h.suggestion))
                    }
                }
            }
        }
        if swaps.count >= documentThreshold, let first = d.paragraphs.first, let last = d.paragraphs.last {
            let examples = swaps.sorted().prefix(6)
            out.append(d.findings.make(.spunDocument, .error, Message(
                en: "\(swaps.count) different word swaps (\(examples.joined(separator: ", "))…) show this text was machine-spun from an original (伪原创)",
                zh: "全文有 \(swaps.count) 处不同的同义词替换（\(examples.joined(separator: "、"))……），是由原文机器洗稿而成（伪原创）"),
                normalized: TextRange(start: first.range.start, end: last.range.end)))
        }
        return out
    }
}

extension FindingKind {
    public static let spunPhrase = FindingKind(
        "spun-phrase", .warning, label: ("spun phrase", "伪原创改词"),
        explanation: ("a common phrase with a word swapped for a near-synonym (an error for an antonym) by spinning software; fix puts the common form back",
                      "洗稿软件把常用搭配中的词换成近义词（换成反义词为错误）；可自动改回常用说法"),
        colour: "#7b1fa2", safeFix: true)
    public static let spunDocument = FindingKind(
        "spun-document", .error, label: ("spun document", "伪原创全文"),
        explanation: ("so many different swaps that the whole text was machine-spun",
                      "同义替换多处，全文是机器洗稿而成"),
        colour: "#7b1fa2", scope: .document)
}

extension SpunPhraseRule: RegisteredRule {
    public static let order = 90
    public static func rules(_ setup: RuleSetup) throws -> [any DocumentRule] {
        let d = setup.dictionaries
        let pairs = d.url("phrases/near-synonyms.txt")
        return [SpunPhraseRule(table: try SpinTable.load(canonical: d.url("phrases/canonical.txt"), synonyms: d.url("phrases/synonyms.txt")),
                               reference: ReferenceSpin(model: try ReferenceModel.load(contentsOf: d.url("reference/govreports.ngrams")),
                                                        pairs: try ReferenceSpin.loadPairs(contentsOf: pairs),
                                                        overlapPairs: try ReferenceSpin.loadOverlapPairs(contentsOf: pairs)))]
    }
}
