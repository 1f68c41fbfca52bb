// Benchmark of the part-of-speech guess for unknown words: `wenshu-bench pos`.
import Foundation
import WenshuAnalysis
import WenshuText

enum PosBench {
    /// One word in ten (by a hash of the word) has its tag hidden: the guess is learned from the
    /// other nine and scored on it, on the table's words and on the tokens of the State Council
    /// reports that are hidden words.
    static func run(shared: URL, dictionaries: Dictionaries) throws {
        var all = LexiconBuilder()
        try all.load(contentsOf: dictionaries.url("pos/jieba-tags.txt"))
        let table = all.build()
        func hidden(_ w: String) -> Bool {
            var h: UInt64 = 0xcbf29ce484222325
            for u in w.unicodeScalars { h = (h ^ UInt64(u.value)) &* 0x100000001b3 }
            return h % 10 == 0
        }
        var train = LexiconBuilder()
        var test: [String: String] = [:]
        for i in 0..<table.count {
            let e = table.entry(i)
            guard let tag = e.tag else { continue }
            if e.word.unicodeScalars.count >= 2 && hidden(e.word) { test[e.word] = tag } else { train.add(e.word, frequency: e.frequency, tag: tag) }
        }
        let charactersOnly = PartOfSpeechTagger(table: train.build())
        var full = charactersOnly
        full.useHeadWord = true
        func coarse(_ t: String) -> String { String(t.prefix(1)) }
        struct Tally { var n = 0, exact = 0, coarse = 0, nominal = 0 }
        func score(_ items: [(String, String, Int)], _ guess: (String) -> String) -> Tally {
            var s = Tally()
            for (w, gold, weight) in items {
                let g = guess(w)
                s.n += weight
                if g == gold { s.exact += weight }
                if coarse(g) == coarse(gold) { s.coarse += weight }
                if PartOfSpeechTagger.isNominal(g) == PartOfSpeechTagger.isNominal(gold) { s.nominal += weight }
            }
            return s
        }
        let types = test.map { ($0.key, $0.value, 1) }
        // Running text: tokens of the reports that are hidden words.
        var tokens: [String: Int] = [:]
        let dir = shared.appendingPathComponent("corpus/govreports")
        if let files = try? FileManager.default.contentsOfDirectory(at: dir, includingPropertiesForKeys: nil).filter({ $0.pathExtension == "txt" }) {
            let segmenter = try Segmenter(dictionaries: dictionaries, tagging: false)
            for f in files {
                for t in try segmenter.segment(InputReader.read(f).text) where t.kind == .word && test[t.text] != nil {
                    tokens[t.text, default: 0] += 1
                }
            }
        }
        let running = tokens.map { ($0.key, test[$0.key]!, $0.value) }
        let majority = Dictionary(grouping: test.values, by: { $0 }).max { $0.value.count < $1.value.count }?.key ?? "n"
        let contenders: [(String, (String) -> String)] = [
            ("always the commonest tag (\(majority))", { _ in majority }),
            ("last + first character, naive Bayes (shipped)", { charactersOnly.guess($0) }),
            ("head word (longest known suffix), else characters", { full.guess($0) }),
        ]
        print("Part-of-speech guess for unknown words: tags of 1 in 10 words of dictionaries/pos/jieba-tags.txt hidden (\(test.count) words of ≥ 2 characters), learned from the rest")
        print("| guess | words: exact tag | words: first letter | words: nominal or not | report tokens (\(running.reduce(0) { $0 + $1.2 })): exact | first letter | nominal or not |")
        print("|---|---|---|---|---|---|---|")
        func pct(_ a: Int, _ n: Int) -> String { n == 0 ? "–" : String(format: "%.3f", Double(a) / Double(n)) }
        for (name, guess) in contenders {
            let w = score(types, guess), r = score(running, guess)
            print("| \(name) | \(pct(w.exact, w.n)) | \(pct(w.coarse, w.n)) | \(pct(w.nominal, w.n)) | \(pct(r.exact, r.n)) | \(pct(r.coarse, r.n)) | \(pct(r.nominal, r.n)) |")
        }
    }
}
