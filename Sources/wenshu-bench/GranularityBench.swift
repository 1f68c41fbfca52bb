// Term granularity on the State Council reports after 2015: `wenshu-bench granularity`.
import Foundation
import WenshuAnalysis
import WenshuText

enum GranularityBench {
    /// Every occurrence of each term of the list (bench/terms-after-2015.txt, or --terms FILE) in
    /// the reports 2016–2025: is it kept whole (no token boundary inside it)? At word and at term granularity (term list +
    /// learned phrases, as `wenshu segment --granularity term`), split by where the term is listed.
    static func run(shared: URL, dictionaries: Dictionaries, termsFile: URL) throws {
        let terms = try WordList.load(contentsOf: termsFile)
        let dir = shared.appendingPathComponent("corpus/govreports")
        let files = try FileManager.default.contentsOfDirectory(at: dir, includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "txt" && (Int($0.deletingPathExtension().lastPathComponent) ?? 0) > 2015 }
            .sorted { $0.path < $1.path }
        let phrases = try PhraseSet.load(contentsOf: dictionaries.url("idf/govreports.phrases")).phrases.map(\.text)
        var termList = LexiconBuilder(), domain = LexiconBuilder(), learnedList = LexiconBuilder()
        try termList.load(contentsOf: dictionaries.url("lexicon/terms.txt"))
        try domain.load(contentsOf: dictionaries.domainLexicon)
        let learnedFile = dictionaries.url(Segmenter.learnedTermsFile)
        if FileManager.default.fileExists(atPath: learnedFile.path) { try learnedList.load(contentsOf: learnedFile) }
        let onTerms = termList.build(), onDomain = domain.build(), onLearned = learnedList.build()
        let learned = Set(phrases)
        func group(_ t: String) -> String {
            if onTerms.contains(t) { return "on terms.txt" }
            if onDomain.contains(t) { return "a word of domain.txt" }
            if learned.contains(t) { return "a learned phrase only" }
            if onLearned.contains(t) { return "on terms-learned.txt only" }
            return "on no list"
        }
        let segmenters: [(String, Segmenter)] = [
            ("word", try Segmenter(dictionaries: dictionaries, tagging: false)),
            ("term0", try Segmenter(dictionaries: dictionaries, tagging: false, granularity: .term, extraTerms: phrases, learnedTerms: false)),
            ("term", try Segmenter(dictionaries: dictionaries, tagging: false, granularity: .term, extraTerms: phrases)),
        ]
        var whole: [String: [String: Int]] = [:], total: [String: Int] = [:]
        var missed: [String: Set<String>] = [:]
        let normalizer = try Normalizer()
        for f in files {
            let text = try normalizer.normalize(InputReader.read(f).text)
            let s = text.string
            for (name, segmenter) in segmenters {
                var ends = Set<Int>()  // token ends: the boundaries (word and term tokens tile the text)
                try segmenter.forEachToken(in: text) { ends.insert($0.end) }
                for term in terms {
                    let n = term.unicodeScalars.count
                    var from = s.startIndex
                    while let r = s.range(of: term, range: from..<s.endIndex) {
                        let start = s.unicodeScalars.distance(from: s.unicodeScalars.startIndex, to: r.lowerBound)
                        let g = group(term)
                        if name == "word" { total[g, default: 0] += 1 }
                        // Kept whole: no boundary inside it (one token, or inside a longer term).
                        if !((start + 1)..<(start + n)).contains(where: ends.contains) { whole[name, default: [:]][g, default: 0] += 1 }
                        else if name == "term" { missed[g, default: []].insert(term) }
                        from = r.upperBound
                    }
                }
            }
        }
        print("Terms kept whole: \(terms.count) terms of \(termsFile.lastPathComponent) in the \(files.count) reports 2016–2025 (occurrences with no token boundary inside: one token, or inside a longer term)")
        print("| where the term is listed | terms | occurrences | word granularity | term, without terms-learned.txt | term granularity | missed at term granularity |")
        print("|---|---|---|---|---|---|---|")
        var all = (0, 0, 0, 0)
        for g in ["on terms.txt", "a word of domain.txt", "a learned phrase only", "on terms-learned.txt only", "on no list"] where (total[g] ?? 0) > 0 {
            let n = Double(total[g]!)
            func r(_ k: String) -> String { String(format: "%.3f", Double(whole[k]?[g] ?? 0) / n) }
            all = (all.0 + total[g]!, all.1 + (whole["word"]?[g] ?? 0), all.2 + (whole["term0"]?[g] ?? 0), all.3 + (whole["term"]?[g] ?? 0))
            let count = terms.filter { group($0) == g }.count
            print("| \(g) | \(count) | \(total[g]!) | \(r("word")) | \(r("term0")) | **\(r("term"))** | \((missed[g] ?? []).sorted().joined(separator: ", ")) |")
        }
        let n = Double(max(all.0, 1))
        print(String(format: "| all | %d | %d | %.3f | %.3f | **%.3f** | |", terms.count, all.0, Double(all.1) / n, Double(all.2) / n, Double(all.3) / n))
    }
}
