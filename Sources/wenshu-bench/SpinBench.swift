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
        var total = 0, characters = 0
        var lines: [String] = []
        let t0 = Date()
        for (k, file) in files.enumerated() {
            var others = texts
            others.remove(at: k)
            let spin = ReferenceSpin(model: ReferenceModel.build(texts: others).pruned(minCount: 2), pairs: pairs)
            let s = texts[k].unicodeScalars.map(\.value)
            characters += s.count
            for h in spin.hits(in: s) {
                total += 1
                let a = max(0, h.start - 6), b = min(s.count, h.end + 6)
                let context = String(String.UnicodeScalarView(s[a..<b].compactMap(Unicode.Scalar.init))).replacingOccurrences(of: "\n", with: " ")
                lines.append("| \(file.deletingPathExtension().lastPathComponent) | \(h.word) → \(h.replacement) | \(h.suggestion) | \(context) |")
            }
        }
        print("Reference spin check, leave-one-report-out: \(files.count) State Council reports, \(characters) characters")
        print(String(format: "%d findings, %.2f per 20,000 characters (%.0f s)", total, Double(total) * 20000 / Double(max(characters, 1)), Date().timeIntervalSince(t0)))
        print("| report | swap | official form | context |")
        print("|---|---|---|---|")
        for l in lines { print(l) }
    }
}
