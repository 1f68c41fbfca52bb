import Foundation
import WenshuAnalysis
import WenshuText

/// False flags of the reference-based spin check on genuine text, held out: each State Council
/// report is checked against a reference model built from the other 51 (so its own wording does
/// not vouch for itself), with the shipped near-synonym pairs and thresholds.
enum SpinBench {
    static func run(shared: URL, dictionaries: Dictionaries) throws {
        let dir = shared.appendingPathComponent("corpus/govreports")
        let files = try FileManager.default.contentsOfDirectory(at: dir, includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "txt" }.sorted { $0.path < $1.path }
        guard !files.isEmpty else { throw DictionaryError.notFound(searched: [dir.path]) }
        let tokenizer = try TermTokenizer(dictionaries: dictionaries)
        let texts = try files.map { try tokenizer.normalize(DocumentReader.read($0, allowEmpty: true).text).string }
        let pairs = try ReferenceSpin.loadPairs(contentsOf: dictionaries.url("phrases/near-synonyms.txt"))
        let overlap = try ReferenceSpin.loadOverlapPairs(contentsOf: dictionaries.url("phrases/near-synonyms.txt"))
        let agreeing = SpunPhraseRule.defaultAgreeingSwaps, span = SpunPhraseRule.defaultSwapSpan
        var gated = 0, weak = 0
        var total = 0, characters = 0
        var lines: [String] = []
        let t0 = Date()
        for (k, file) in files.enumerated() {
            var others = texts
            others.remove(at: k)
            let spin = ReferenceSpin(model: ReferenceModel.build(texts: others).pruned(minCount: 2), pairs: pairs, overlapPairs: overlap)
            let s = texts[k].unicodeScalars.map(\.value)
            characters += s.count
            var found = spin.hits(in: s)
            // The document prior of SpunPhraseRule: one-sided evidence once strong swaps agree.
            let swaps = Set(found.map { "\($0.replacement)→\($0.word)" })
            let han = s.filter(CharacterClass.isHan).count
            if swaps.count >= agreeing, swaps.count * span >= han {
                gated += 1
                let shown = Set(found.compactMap { h -> UInt64? in
                    guard let a = ReferenceModel.key(h.word.unicodeScalars.map(\.value)), let b = ReferenceModel.key(h.replacement.unicodeScalars.map(\.value)) else { return nil }
                    return ReferenceSpin.pairKey(a, b)
                })
                let extra = spin.contextHits(in: s, shown: shown).filter { h in !found.contains { $0.start < h.end && h.start < $0.end } }
                weak += extra.count
                found += extra
            }
            for h in found {
                total += 1
                let a = max(0, h.start - 6), b = min(s.count, h.end + 6)
                let context = String(String.UnicodeScalarView(s[a..<b].compactMap(Unicode.Scalar.init))).replacingOccurrences(of: "\n", with: " ")
                lines.append("| \(file.deletingPathExtension().lastPathComponent) | \(h.word) → \(h.replacement) | \(h.suggestion) | \(context) |")
            }
        }
        print("Reference spin check, leave-one-report-out: \(files.count) State Council reports, \(characters) characters")
        print(String(format: "%d findings, %.2f per 20,000 characters (%.0f s)", total, Double(total) * 20000 / Double(max(characters, 1)), Date().timeIntervalSince(t0)))
        print("Reports the document prior judged spun (≥\(agreeing) strong swaps, one per \(span) Han characters): \(gated); one-sided findings added there: \(weak)")
        print("| report | swap | official form | context |")
        print("|---|---|---|---|")
        for l in lines { print(l) }
    }
}
