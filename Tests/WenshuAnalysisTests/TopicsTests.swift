import Foundation
import XCTest
@testable import WenshuAnalysis
@testable import WenshuText

final class TopicsTests: XCTestCase {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let seed = root.appendingPathComponent("Corpus/seed/zhengxie-zongjie-5pian.txt")
    static let govreports = root.appendingPathComponent("../shared/corpus/govreports").standardized
    static let dictionaries = Dictionaries(root: root.appendingPathComponent("dictionaries"))

    nonisolated(unsafe) static let extractor: KeywordExtractor = try! KeywordExtractor(dictionaries: dictionaries)
    static let taxonomy: ThemeTaxonomy = try! ThemeTaxonomy.load(contentsOf: dictionaries.url("themes/zhengxie.yaml"))

    func seedText() throws -> String { try InputReader.read(Self.seed).text }

    func temp(_ name: String, _ text: String) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("wenshu-topics-\(UUID().uuidString)-\(name)")
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url
    }

    // MARK: keywords

    func testKeywordsOfTheSeedPageHaveNoStopWordsPolicyVerbsSingleCharactersOrNumbers() throws {
        let e = Self.extractor
        for method in KeywordMethod.allCases {
            let keywords = try e.keywords(of: seedText(), method: method, top: 50)
            XCTAssertEqual(keywords.count, 50, "\(method)")
            for k in keywords {
                XCTAssertFalse(e.filter.stopWords.contains(k.term), "\(method): stop word \(k.term)")
                XCTAssertFalse(e.filter.policyVerbs.contains(k.term), "\(method): policy verb \(k.term)")
                XCTAssertGreaterThan(k.term.unicodeScalars.count, 1, "\(method): single character \(k.term)")
                XCTAssertNil(Double(k.term), "\(method): number \(k.term)")
                XCTAssertFalse(k.term.unicodeScalars.allSatisfy { e.filter.numeralCharacters.contains($0.value) }, "\(method): numeral \(k.term)")
                XCTAssertFalse(k.term.unicodeScalars.contains { CharacterClass.of($0.value) == .punctuation && $0 != "-" }, "\(method): punctuation \(k.term)")
            }
            // What a person would tag the page with.
            let top = Set(keywords.prefix(20).map(\.term))
            XCTAssertTrue(top.contains("提案") || top.contains("提案办理"), "\(method): \(keywords.map(\.term))")
        }
        XCTAssertTrue(e.filter.accepts("政协委员"))
        for rejected in ["加强", "推进", "的", "一百四十", "2021", "x"] { XCTAssertFalse(e.filter.accepts(rejected), rejected) }
        // Template placeholders are no keywords (the seed's 第三篇 has xx and xxx everywhere).
        for rejected in ["xxx", "xx县", "XX", "某某"] { XCTAssertFalse(e.filter.accepts(rejected), rejected) }
        for accepted in ["GDP", "Xbox", "PM2.5"] { XCTAssertTrue(e.filter.accepts(accepted), accepted) }
    }

    func testKeywordsOfEachDocumentOfAScrapedPage() throws {
        let page = try Self.extractor.pageKeywords(of: seedText(), top: 10)
        XCTAssertEqual(page.documents.map(\.title), (["一", "二", "三", "四", "五"]).map { "政协工作总结和工作计划【第\($0)篇】" })
        XCTAssertEqual(page.documents.map(\.line), [7, 17, 47, 95, 137])
        let terms = page.documents.map { Set($0.keywords.map(\.term)) }
        // 第二篇 is about handling proposals, 第三篇 about members' duties and people's livelihood,
        // 第四篇 about Luoding's culture and publicity committee, 第五篇 about a township culture station.
        // (答复, a verb the page uses only as one, is no keyword since issue 18.)
        XCTAssertTrue(terms[1].contains("提案") && terms[1].contains("提案办理工作"), "\(terms[1])")
        XCTAssertFalse(terms[1].contains("答复"), "\(terms[1])")
        XCTAssertTrue(terms[2].contains("委员履职") && terms[2].contains("民生实事"), "\(terms[2])")
        XCTAssertTrue(terms[3].contains("罗定") && terms[3].contains("宣传文体专委"), "\(terms[3])")
        XCTAssertTrue(terms[4].contains("文化站"), "\(terms[4])")
        XCTAssertFalse(terms.joined().contains { $0.lowercased().contains("xx") })
        // The page's own list is over all of it; a single document gets no per-document lists.
        XCTAssertEqual(page.keywords.count, 10)
        XCTAssertEqual(try Self.extractor.pageKeywords(of: "政协委员积极参政议政，提交提案。政协委员履职尽责。", top: 5).documents.count, 0)
    }

    func testPhrasesMergeOnARealParagraph() throws {
        // From the 2005 report: segmentation splits 固定/资产/投资 and 宏观/调控; the shipped phrases
        // (learned from the 52 reports) join them.
        let paragraph = "过去一年，我们是在应对新的挑战和考验中前进的。近两年我国经济运行中出现了一些新问题，主要是粮食供求关系趋紧，固定资产投资膨胀。我们加强和改善宏观调控，控制固定资产投资过快增长。"
        let raw = try Self.extractor.tokenizer.sequence(of: paragraph).clauses.flatMap { $0 }
        XCTAssertFalse(raw.contains("固定资产投资"), "\(raw)")
        // 宏观调控 is a term learned from the 2016–2025 reports (lexicon/terms-learned.txt): term
        // granularity keeps it whole before any phrase is merged.
        XCTAssertTrue(raw.contains("宏观调控"), "\(raw)")
        let merged = try Self.extractor.sequence(of: paragraph).clauses.flatMap { $0 }
        XCTAssertTrue(merged.contains("固定资产投资"), "\(merged)")
        XCTAssertTrue(merged.contains("宏观调控"), "\(merged)")
        XCTAssertTrue(merged.contains("经济运行"), "\(merged)")
        XCTAssertFalse(merged.contains { $0.hasPrefix("加强") && $0 != "加强" }, "a policy verb starts no phrase: \(merged)")
        // Learned from a corpus: a pair seen together in several documents is one term.
        let docs = (0..<3).map { _ in TermSequence(clauses: [["推动", "水运", "工程", "建设"], ["水运", "工程", "项目"], ["工程", "质量"]]) }
        var settings = PhraseSet.Learning()
        settings.minCount = 3
        settings.minPMI = 0
        settings.rounds = 1
        let learned = PhraseSet.learn(from: docs, filter: Self.extractor.filter, settings: settings)
        XCTAssertEqual(learned.merge(["推动", "水运", "工程", "建设"]), ["推动", "水运工程", "建设"])
        XCTAssertFalse(learned.phrases.contains { $0.parts.first == "推动" }, "a policy verb starts no phrase")
    }

    func testPhrasesKeepHalvesOfWordsOut() throws {
        // 从…改起 (2014), 较快增长 (2002/2003): ICU leaves 改/起 and 较/快/增长, and a document that
        // repeats them made 改起 and 快增长 phrases; 水/运/工程 is split the same way and is a term.
        let text = "我们从政府自身改起，从群众最期盼的领域改起，从发展最突出的问题改起。国民经济保持较快增长，对外贸易较快增长，财政收入较快增长。水运工程项目建设加快，水运工程质量提高。"
        let sequence = Self.extractor.phrases.merge(try Self.extractor.tokenizer.sequence(of: text))
        let raw = sequence.clauses.flatMap { $0 }
        XCTAssertTrue(raw.contains("改") && raw.contains("起") && raw.contains("较") && raw.contains("快"), "\(raw)")
        var without = PhraseSet.withinDocumentSettings
        without.wordEdges = false
        let old = PhraseSet.learn(from: [sequence], filter: Self.extractor.filter, settings: without).merge(sequence).clauses.flatMap { $0 }
        XCTAssertTrue(old.contains("改起") && old.contains("快增长"), "without the rules both are phrases: \(old)")
        let merged = try Self.extractor.sequence(of: text).clauses.flatMap { $0 }
        XCTAssertFalse(merged.contains("改起"), "a verb and its complement are no phrase: \(merged)")
        XCTAssertFalse(merged.contains { $0.hasPrefix("快") && $0 != "快" }, "快 belongs to 较: \(merged)")
        XCTAssertTrue(merged.contains("水运工程项目") || merged.contains("水运工程"), "\(merged)")
        XCTAssertFalse(try Self.extractor.keywords(of: text, top: 10).contains { ["改起", "快增长"].contains($0.term) })
        // The shipped corpus phrases have neither 快 发展 nor 办 好.
        XCTAssertFalse(Self.extractor.phrases.phrases.contains { $0.parts == ["快", "发展"] || $0.parts == ["办", "好"] })
        XCTAssertTrue(Self.extractor.phrases.phrases.contains { $0.parts == ["固定", "资产", "投资"] })
    }

    func testTFIDFAndTextRankAreDeterministic() throws {
        let text = try seedText()
        for method in KeywordMethod.allCases {
            let runs = try (0..<3).map { _ in try KeywordExtractor(dictionaries: Self.dictionaries).keywords(of: text, method: method, top: 30) }
            XCTAssertEqual(runs[0], runs[1], "\(method)")
            XCTAssertEqual(runs[0], runs[2], "\(method)")
            XCTAssertEqual(runs[0].map(\.weight), runs[0].map(\.weight).sorted(by: >), "\(method): ranked by weight")
        }
        let textrank = try Self.extractor.keywords(of: text, method: .textrank, top: 5)
        XCTAssertEqual(textrank.first?.weight, 1, "TextRank weights are scaled to the top keyword")
    }

    // MARK: IDF tables

    func testIDFTableRoundTripsAndMedianForUnseenWords() throws {
        let docs = [TermSequence(clauses: [["提案", "办理"]]), TermSequence(clauses: [["提案", "委员"]]),
                    TermSequence(clauses: [["委员", "视察"]]), TermSequence(clauses: [["文史"]])]
        let table = IDFTable.build(from: docs)
        XCTAssertEqual(table.documentCount, 4)
        XCTAssertEqual(table.idf("提案"), log(4.0 / 2), accuracy: 1e-9)
        XCTAssertEqual(table.idf("文史"), log(4.0), accuracy: 1e-9)
        XCTAssertEqual(table.idf("没见过的词"), table.median)
        let url = try temp("round.idf", table.serialized())
        let back = try IDFTable.load(contentsOf: url)
        XCTAssertEqual(back.documentCount, 4)
        XCTAssertEqual(Set(back.values.keys), Set(table.values.keys))
        for (w, v) in table.values { XCTAssertEqual(back.values[w]!, v, accuracy: 1e-6) }
        // The shipped table: built from the 52 reports; jieba's format loads too.
        let shipped = try IDFTable.load(contentsOf: Self.dictionaries.url("idf/govreports.idf"))
        XCTAssertEqual(shipped.documentCount, 52)
        XCTAssertNotNil(shipped.values["新质生产力"])
    }

    func testBadIDFAndPhraseLinesNameFileAndLine() throws {
        let bad = try temp("bad.idf", "# wenshu idf: documents 3\n提案 1.5\n委员 abc\n")
        XCTAssertThrowsError(try IDFTable.load(contentsOf: bad)) { error in
            XCTAssertEqual((error as? LocalizedError)?.errorDescription?.hasPrefix("\(bad.path):3: the IDF 'abc'"), true, "\(error)")
        }
        let fields = try temp("fields.idf", "提案 1.5\n委员 1 2\n")
        XCTAssertThrowsError(try IDFTable.load(contentsOf: fields)) { error in
            XCTAssertEqual(error as? TopicsError, .badLine(file: fields.path, line: 2, reason: "expected 'word idf', found 3 field(s)"))
        }
        let negative = try temp("negative.idf", "提案 -1\n")
        XCTAssertThrowsError(try IDFTable.load(contentsOf: negative)) { error in
            XCTAssertTrue("\(error.localizedDescription)".contains(":1:"), "\(error)")
        }
        let phrases = try temp("bad.phrases", "# c\n结构性 改革 41\n新型\n")
        XCTAssertThrowsError(try PhraseSet.load(contentsOf: phrases)) { error in
            XCTAssertEqual((error as? LocalizedError)?.errorDescription?.hasPrefix("\(phrases.path):3:"), true, "\(error)")
        }
        let missing = URL(fileURLWithPath: "/nonexistent/wenshu.idf")
        XCTAssertThrowsError(try IDFTable.load(contentsOf: missing)) { error in
            XCTAssertTrue(error.localizedDescription.contains("/nonexistent/wenshu.idf"), "\(error)")
        }
    }

    // MARK: themes

    func testSeedPageThemes() throws {
        let reader = TopicReader(extractor: Self.extractor, taxonomy: Self.taxonomy)
        let docs = try reader.read(InputReader.read(Self.seed))
        XCTAssertEqual(docs.count, 5)
        func top(_ d: TopicDocument) -> String? { Self.taxonomy.ranked(Self.taxonomy.normalizedShares(d.themeWeights)).first?.theme }
        XCTAssertEqual(top(docs[1]), "提案工作")
        XCTAssertEqual(top(docs[3]), "文史与宣传文化")
        let shares = Self.taxonomy.normalizedShares(docs[1].themeWeights)
        XCTAssertEqual(shares.reduce(0, +), 1, accuracy: 1e-9)
        // Paragraph themes name lines of the file.
        XCTAssertTrue(docs[1].paragraphs.contains { $0.themes.first == "提案工作" })
        XCTAssertTrue(docs[1].paragraphs.allSatisfy { $0.line > 1 })
        XCTAssertGreaterThanOrEqual(Self.taxonomy.themes.count, 14)
        XCTAssertTrue(Self.taxonomy.themes.allSatisfy { $0.seeds.count >= 30 }, "several dozen seeds per theme")
        // A trend over one year has no distinctive keywords, and the text report says why.
        let dated = try XCTUnwrap(docs.first { $0.year != nil })
        let single = TrendReport.build(documents: [dated], taxonomy: Self.taxonomy)
        XCTAssertEqual(single.years.count, 1)
        XCTAssertTrue(single.years[0].keywords.isEmpty)
        XCTAssertTrue(single.text().contains("one year only"), single.text())
        // Nor does anything rise or fall (every term was listed as rising).
        XCTAssertTrue(single.terms.allSatisfy { $0.trend == "steady" }, "\(single.terms.filter { $0.trend != "steady" }.prefix(5))")
        XCTAssertTrue(single.text().contains("rising, falling: (one year only"), single.text())
    }

    func testUserThemesExtendTheTaxonomyAndBadFilesAreNamed() throws {
        let user = try temp("mine.yaml", "themes:\n  - name: 提案工作\n    seeds: [金点子]\n  - name: 数字政协\n    seeds: [智慧政协, 移动履职]\n")
        let extended = Self.taxonomy.extended(with: try ThemeTaxonomy.load(contentsOf: user))
        XCTAssertEqual(extended.themes.count, Self.taxonomy.themes.count + 1)
        let hits = extended.hits(in: Array("委员提出金点子，推进智慧政协和移动履职。".unicodeScalars.map(\.value))[...])
        XCTAssertEqual(hits[extended.names.firstIndex(of: "数字政协")!], 2)
        XCTAssertGreaterThanOrEqual(hits[extended.names.firstIndex(of: "提案工作")!], 1)
        let bad = try temp("bad.yaml", "themes:\n  - name: 空\n    seeds: []\n")
        XCTAssertThrowsError(try ThemeTaxonomy.load(contentsOf: bad)) { error in
            XCTAssertTrue(error.localizedDescription.contains(bad.path), "\(error)")
        }
    }

    // MARK: by year

    nonisolated(unsafe) static let govreportsDocuments: [TopicDocument]? = {
        guard FileManager.default.fileExists(atPath: govreports.path) else { return nil }
        let reader = TopicReader(extractor: extractor, taxonomy: taxonomy)
        let files = (try! FileManager.default.contentsOfDirectory(at: govreports, includingPropertiesForKeys: nil))
            .filter { $0.pathExtension == "txt" }.sorted { $0.path < $1.path }
        return files.flatMap { try! reader.read(InputReader.read($0)) }
    }()

    static let govreportsReport: (TrendReport, TrendReport.Counts)? = govreportsDocuments.map { docs in
        (TrendReport.build(documents: docs, taxonomy: taxonomy), TrendReport.counts(of: docs))
    }

    func testGovreportsByYear() throws {
        guard let (report, counts) = Self.govreportsReport else {
            throw XCTSkip("../shared/corpus/govreports is absent")
        }
        XCTAssertEqual(report.years.count, 52)
        XCTAssertEqual(report.years.first?.year, 1954)
        XCTAssertEqual(report.years.last?.year, 2025)
        // 精准脱贫 / 脱贫攻坚 rise toward 2020.
        for term in ["精准脱贫", "脱贫攻坚"] {
            let before = [2010, 2011, 2012, 2013].map { counts.rate(of: term, in: $0) }.reduce(0, +)
            let late = [2016, 2017, 2018, 2019].map { counts.rate(of: term, in: $0) }
            XCTAssertGreaterThan(late.reduce(0, +), 4 * max(before, 0.1), "\(term): \(late) vs \(before)")
        }
        XCTAssertGreaterThan(counts.rate(of: "脱贫攻坚", in: 2019), counts.rate(of: "脱贫攻坚", in: 2015))
        // 新质生产力 first appears in 2024.
        let years = counts.years.filter { (counts.counts[$0]?["新质生产力"] ?? 0) > 0 }
        XCTAssertEqual(years.first, 2024)
        if let t = report.terms.first(where: { $0.term == "新质生产力" }) { XCTAssertEqual(t.firstYear, 2024) }
        // The terms each year uses first: what people know as the words of their year.
        func new(_ year: Int) -> [String] { report.years.first { $0.year == year }!.newTerms }
        XCTAssertTrue(new(2016).contains("供给侧结构性改革") && new(2016).contains("脱贫攻坚"), "\(new(2016))")
        XCTAssertTrue(new(2018).contains("高质量发展") && new(2018).contains("乡村振兴"), "\(new(2018))")
        XCTAssertTrue(new(2024).contains("新质生产力"), "\(new(2024))")
        // The first three years have nothing to be new against.
        XCTAssertEqual(report.years.prefix(3).map(\.newTerms), [[], [], []])
        XCTAssertFalse(report.years[3].newTerms.isEmpty)
        // Followed terms, year by year.
        var settings = TrendReport.Settings()
        settings.tracked = ["精准脱贫", "新质生产力", "没有这个词"]
        let followed = TrendReport.build(documents: Self.govreportsDocuments!, taxonomy: Self.taxonomy, settings: settings).tracked
        XCTAssertEqual(followed.map(\.term), settings.tracked)
        XCTAssertEqual(followed[0].firstYear, 2015)
        XCTAssertEqual(followed[0].peakYear, 2019)
        XCTAssertEqual(followed[0].trend, "rising")
        XCTAssertEqual(followed[0].years.count, 52)
        XCTAssertEqual(followed[0].years.first { $0.year == 2019 }?.count, counts.counts[2019]?["精准脱贫"])
        XCTAssertEqual(followed[1].firstYear, 2024)
        XCTAssertNil(followed[2].firstYear)
        XCTAssertEqual(followed[2].count, 0)
        let followedHTML = HTMLTrendChart.html(TrendReport.build(documents: Self.govreportsDocuments!, taxonomy: Self.taxonomy, settings: settings),
                                               themes: Self.taxonomy.names)
        XCTAssertTrue(followedHTML.contains("<polyline fill=\"none\" stroke=\"#1f77b4\" stroke-width=\"1.6\" points=") && followedHTML.contains("<title>精准脱贫</title>"))
        XCTAssertTrue(followedHTML.contains("精准脱贫: 9×, first 2015, peak 2019, rising"), "summary line")
        let chinese = HTMLTrendChart.html(TrendReport.build(documents: Self.govreportsDocuments!, taxonomy: Self.taxonomy, settings: settings),
                                          themes: Self.taxonomy.names, language: .zh)
        XCTAssertTrue(chinese.contains("<html lang=\"zh-CN\">") && chinese.contains("<h2>跟踪的词语</h2>"))
        XCTAssertTrue(chinese.contains("精准脱贫：9 次，2015 年首次出现，2019 年最多，上升"))
        for english in ["Theme shares", "Followed terms", "Keywords that", "Rising terms", "new terms"] { XCTAssertFalse(chinese.contains(english), english) }
        // Years' keywords: distinct across years, no policy verb.
        let policy = Self.extractor.filter.policyVerbs
        let all = report.years.flatMap { $0.keywords.map(\.term) }
        XCTAssertTrue(all.allSatisfy { !policy.contains($0) })
        XCTAssertGreaterThanOrEqual(Set(all).count, 400)
        XCTAssertTrue(report.years.first { $0.year == 1978 }!.keywords.prefix(3).map(\.term).contains("四人帮"))
        // The 1954 report is Traditional: read as Simplified, it shares the years' vocabulary.
        XCTAssertGreaterThan(counts.counts[1954]?["国家"] ?? 0, 10)
        XCTAssertNil(counts.counts[1954]?["國家"])
        // Old printed variants ICU leaves as they are (衞生, 敎育) are mapped too.
        XCTAssertGreaterThan(counts.counts[1954]?["卫生"] ?? 0, 5)
        XCTAssertNil(counts.counts[1954]?["衞生"])
        // Theme shares sum to 1 each year; rising terms include 创新-era vocabulary.
        for y in report.years { XCTAssertEqual(y.themes.map(\.share).reduce(0, +), 1, accuracy: 1e-6) }
        let html = HTMLTrendChart.html(report, themes: Self.taxonomy.names)
        XCTAssertTrue(html.contains("<svg") && html.contains("<polyline"))
        XCTAssertFalse(html.contains("http://") && html.replacingOccurrences(of: "http://www.w3.org/2000/svg", with: "").contains("http://"), "no network")
        XCTAssertFalse(html.contains("<script"))
    }

    func testYearRule() {
        XCTAssertEqual(TopicReader.year(fileBase: "2024", text: 2023), 2024)
        XCTAssertEqual(TopicReader.year(fileBase: "summary", text: 2021), 2021)
        XCTAssertEqual(TopicReader.year(fileBase: "zongjie-2019-final", text: nil), 2019)
        XCTAssertNil(TopicReader.year(fileBase: "zhengxie-zongjie-5pian", text: nil))
    }
}
