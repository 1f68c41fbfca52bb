// Benchmarks of keywords and trends (issue 5): `wenshu-bench keywords` and `wenshu-bench trends`.
import Foundation
import WenshuAnalysis
import WenshuText

enum TopicsBench {
    struct Item: Decodable { let id: String; let text: String; let keywords: [String] }

    static func nfkc(_ s: String) -> String { (try? ICU.nfkc(s)) ?? s }

    /// F1@k of ranked predictions against gold keywords, exact match after NFKC.
    static func f1(_ predicted: [String], _ gold: Set<String>, k: Int) -> Double {
        let p = Array(predicted.prefix(k))
        guard !p.isEmpty, !gold.isEmpty else { return 0 }
        let hits = Set(p).intersection(gold).count
        guard hits > 0 else { return 0 }
        let precision = Double(hits) / Double(p.count), recall = Double(hits) / Double(gold.count)
        return 2 * precision * recall / (precision + recall)
    }

    /// CSL keyword benchmark: F1@5 and F1@10 averaged per document.
    static func keywords(shared: URL, dictionaries: Dictionaries) throws {
        let file = shared.appendingPathComponent("bench/keywords/csl_kg.jsonl")
        let data = try Data(contentsOf: file)
        let items = try String(decoding: data, as: UTF8.self).split(separator: "\n").map {
            try JSONDecoder().decode(Item.self, from: Data($0.utf8))
        }
        let filter = try KeywordFilter.load(dictionaries: dictionaries)
        let tokenizer = try TermTokenizer(dictionaries: dictionaries)
        let t0 = Date()
        let raw = try items.map { try tokenizer.sequence(of: $0.text) }
        let tSeg = Date().timeIntervalSince(t0)
        // The archive is the benchmark's own 2,000 abstracts: what `wenshu idf build` on them gives.
        var settings = PhraseSet.Learning()
        settings.minCount = 2
        let phrases = PhraseSet.learn(from: raw, filter: filter, settings: settings)
        let merged0 = raw.map(phrases.merge)
        let merged = merged0.map { PhraseSet.withinDocument($0, filter: filter) }
        let corpusIDF = IDFTable.build(from: merged)
        let rawIDF = IDFTable.build(from: raw)
        let idf0 = IDFTable.build(from: merged0)
        var contenders: [(String, (TermSequence) -> [Keyword], [TermSequence])] = [
            ("Wenshu TF-IDF, IDF + phrases from the 2,000 abstracts", { TFIDFExtractor(idf: corpusIDF, filter: filter).keywords(of: $0, top: 10) }, merged),
            ("Wenshu TF-IDF, same, equal weights in code-point order (before step 2 of issue 18)", { var x = TFIDFExtractor(idf: corpusIDF, filter: filter); x.ties = .codePoint; return x.keywords(of: $0, top: 10) }, merged),
            ("Wenshu TF-IDF, same, without the part-of-speech test (before issue 18)", { TFIDFExtractor(idf: corpusIDF, filter: filter.with(tagger: nil)).keywords(of: $0, top: 10) }, merged),
            ("variant: verbs/adjectives kept when ≥ half of their uses are nominal", { var f = filter; f.minNominalShare = 0.5; return TFIDFExtractor(idf: corpusIDF, filter: f).keywords(of: $0, top: 10) }, merged),
            ("variant: verbs/adjectives/adverbs never terms (the yearly keywords' rule)", { TFIDFExtractor(idf: corpusIDF, filter: filter.strict).keywords(of: $0, top: 10) }, merged),
            ("Wenshu TF-IDF, corpus phrases only", { TFIDFExtractor(idf: idf0, filter: filter).keywords(of: $0, top: 10) }, merged0),
            ("Wenshu TF-IDF, same, no phrase merging", { TFIDFExtractor(idf: rawIDF, filter: filter).keywords(of: $0, top: 10) }, raw),
            ("Wenshu TextRank, phrases from the 2,000 abstracts", { TextRankExtractor(filter: filter).keywords(of: $0, top: 10) }, merged),
        ]
        let govIDF = dictionaries.url("idf/govreports.idf")
        if FileManager.default.fileExists(atPath: govIDF.path) {
            let table = try IDFTable.load(contentsOf: govIDF)
            contenders.append(("Wenshu TF-IDF, shipped govreports IDF + phrases", { TFIDFExtractor(idf: table, filter: filter).keywords(of: $0, top: 10) },
                               raw.map(try PhraseSet.load(contentsOf: PhraseSet.companion(ofIDF: govIDF)).merge).map { PhraseSet.withinDocument($0, filter: filter) }))
        }
        let jiebaIDF = shared.appendingPathComponent("peers/jieba/idf.txt")
        if FileManager.default.fileExists(atPath: jiebaIDF.path) {
            let table = try IDFTable.load(contentsOf: jiebaIDF)
            contenders.append(("Wenshu TF-IDF, jieba's idf.txt + abstracts' phrases", { TFIDFExtractor(idf: table, filter: filter).keywords(of: $0, top: 10) }, merged))
        }
        let gold = items.map { Set($0.keywords.map(nfkc)) }
        if ProcessInfo.processInfo.environment["WENSHU_BENCH_REJECTED"] != nil, let tagger = filter.tagger {
            var rejected: [String: Int] = [:]
            let plain = filter.with(tagger: nil)
            for (k, seq) in merged.enumerated() {
                let kept = seq.termCounts(filter: filter)
                for t in Set(seq.clauses.joined()) where gold[k].contains(nfkc(t)) && plain.accepts(t) && kept[t] == nil { rejected[t, default: 0] += 1 }
            }
            for (t, c) in rejected.sorted(by: { $0.value > $1.value }).prefix(80) {
                let w = t.unicodeScalars.map(\.value)
                print("rejected gold \(t) ×\(c) class=\(filter.termClass(t)) known=\(tagger.knownTag(w) ?? "-") first=\(tagger.firstTag(w) ?? "-") head=\(tagger.headTag(w) ?? "-") guess=\(tagger.guess(w))")
            }
            print("rejected gold keywords: \(rejected.count) distinct, \(rejected.values.reduce(0, +)) in all")
            var lost: [String: Int] = [:]
            for (k, seq) in merged.enumerated() {
                let a = TFIDFExtractor(idf: corpusIDF, filter: plain).keywords(of: seq, top: 5).map(\.term)
                let b = Set(TFIDFExtractor(idf: corpusIDF, filter: filter).keywords(of: seq, top: 5).map(\.term))
                for t in a where gold[k].contains(nfkc(t)) && !b.contains(t) { lost["\(t) \(filter.termClass(t)) in=\(seq.termCounts(filter: filter)[t] != nil)", default: 0] += 1 }
            }
            print("lost from top 5: \(lost.values.reduce(0, +)): " + lost.sorted { $0.value > $1.value }.prefix(60).map { "\($0.key)×\($0.value)" }.joined(separator: ", "))
        }
        let show = Int(ProcessInfo.processInfo.environment["WENSHU_BENCH_SHOW"] ?? "0") ?? 0
        for k in 0..<min(show, items.count) {
            print("gold: \(items[k].keywords.joined(separator: " / "))")
            print("  tfidf: \(contenders[0].1(merged[k]).map(\.term).joined(separator: " / "))")
            print("  clauses: \(merged[k].clauses.map { $0.joined(separator: " ") }.joined(separator: " | "))")
        }
        print("Keywords on \(file.lastPathComponent): \(items.count) abstracts, exact match after NFKC, F1 averaged per document")
        print("(segmentation of all abstracts: \(String(format: "%.2f", tSeg)) s)")
        print("| method | F1@5 | F1@10 | seconds |")
        print("|---|---|---|---|")
        for (name, run, sequences) in contenders {
            let t = Date()
            var s5 = 0.0, s10 = 0.0
            for (k, seq) in sequences.enumerated() {
                let predicted = run(seq).map { nfkc($0.term) }
                s5 += f1(predicted, gold[k], k: 5)
                s10 += f1(predicted, gold[k], k: 10)
            }
            let n = Double(items.count)
            print("| \(name) | **\(String(format: "%.4f", s5 / n))** | **\(String(format: "%.4f", s10 / n))** | \(String(format: "%.2f", Date().timeIntervalSince(t))) |")
        }
        print("| jieba TF-IDF (from the issue) | 0.147 | 0.136 | |")
        print("| jieba TextRank (from the issue) | 0.107 | 0.102 | |")
        print("| textrank4zh (from the issue) | 0.116 | 0.110 | |")
    }
}

extension TopicsBench {
    /// govreports by year, top 15: distinct keywords across the years, and none a policy verb.
    static func trends(shared: URL, dictionaries: Dictionaries) throws {
        let dir = shared.appendingPathComponent("corpus/govreports")
        let files = try FileManager.default.contentsOfDirectory(at: dir, includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "txt" }.sorted { $0.path < $1.path }
        let t0 = Date()
        let extractor = try KeywordExtractor(dictionaries: dictionaries)
        let taxonomy = try ThemeTaxonomy.load(contentsOf: dictionaries.url("themes/zhengxie.yaml"))
        let reader = TopicReader(extractor: extractor, taxonomy: taxonomy)
        var documents: [TopicDocument] = []
        for f in files { documents += try reader.read(InputReader.read(f)) }
        let report = TrendReport.build(documents: documents, taxonomy: taxonomy)
        let seconds = Date().timeIntervalSince(t0)
        let t1 = Date()
        var sink = 0
        for f in files { sink += try extractor.keywords(of: InputReader.read(f).text, method: .tfidf, top: 10).count }
        let keywordSeconds = Date().timeIntervalSince(t1)
        let policy = Set(try WordList.load(contentsOf: dictionaries.policyVerbs))
        let all = report.years.flatMap { $0.keywords.map(\.term) }
        let distinct = Set(all)
        let generic = distinct.filter { policy.contains($0) }
        // Verbs, adverbs, adjectives, numbers and time words among the top 15 of any year: a word
        // the table tags by its tag, a phrase or unknown word by the filter's class. Counted also
        // on a report built without the part-of-speech test (before issue 18).
        func nonTermsOf(_ report: TrendReport) -> [String] {
            guard let tagger = extractor.filter.tagger else { return [] }
            var out: [String] = []
            for y in report.years {
                for k in y.keywords.prefix(15) {
                    let w = k.term.unicodeScalars.map(\.value)
                    if let tag = tagger.knownTag(w), tag != "l" && tag != "i" {
                        if ["v", "d", "m", "a", "ad", "t", "q", "mq", "vd"].contains(tag) { out.append("\(y.year) \(k.term)/\(tag)") }
                    } else if extractor.filter.termClass(k.term) != .term {
                        out.append("\(y.year) \(k.term)/\(extractor.filter.termClass(k.term))")
                    }
                }
            }
            return out
        }
        let nonTerms = nonTermsOf(report)
        let plainExtractor = KeywordExtractor(tokenizer: extractor.tokenizer, filter: extractor.filter.with(tagger: nil), idf: extractor.idf, phrases: extractor.phrases)
        let plainReader = TopicReader(extractor: plainExtractor, taxonomy: taxonomy)
        var plainDocuments: [TopicDocument] = []
        for f in files { plainDocuments += try plainReader.read(InputReader.read(f)) }
        let plainReport = TrendReport.build(documents: plainDocuments, taxonomy: taxonomy)
        let nonTermsBefore = nonTermsOf(plainReport)
        let plainDistinct = Set(plainReport.years.flatMap { $0.keywords.map(\.term) }).count
        print("Trends on \(files.count) State Council reports (\(report.years.count) years), top 15 keywords per year")
        print("| measure | Wenshu | jieba TF-IDF (issue) | target |")
        print("|---|---|---|---|")
        print("| distinct keywords across the years | **\(distinct.count)** of \(all.count) | 159 | ≥ 400 |")
        print("| policy verbs among them | **\(generic.count)**\(generic.isEmpty ? "" : " (" + generic.sorted().joined(separator: ", ") + ")") | 发展 / 建设 / 改革 nearly every year | 0 |")
        print("| verbs, adverbs, adjectives, numbers, time words among the top 15 (a tagged word by its tag, a phrase by the filter's class) | **\(nonTerms.count)**\(nonTerms.isEmpty ? "" : " (" + nonTerms.joined(separator: ", ") + ")") | | 0 |")
        print("| the same, without the part-of-speech test (before issue 18) | \(nonTermsBefore.count) (\(nonTermsBefore.prefix(40).joined(separator: ", "))\(nonTermsBefore.count > 40 ? ", …" : "")); distinct keywords \(plainDistinct) | | |")
        print("| themes --by-year, whole corpus (read, segment, themes, report), s | \(String(format: "%.2f", seconds)) | | a few seconds |")
        print("| keywords (TF-IDF, top 10) of every report, s | \(String(format: "%.2f", keywordSeconds)) | | a few seconds |")
        if sink < 0 { print("") }
    }
}
