import Foundation
import XCTest
import WenshuAnalysis
import WenshuText

/// Keywords are terms: nominal words and phrases; verbs, adverbs and numbers are not (issue 18).
final class KeywordTermTests: XCTestCase {
    static let dictionaries = try! Dictionaries.locate()
    static let filter = try! KeywordFilter.load(dictionaries: dictionaries)

    func testTermsAndNotTerms() {
        let f = Self.filter
        // The examples of what yearly keywords carried: a verb, verb phrases, an adverb
        // phrase, a number phrase.
        for t in ["搭建", "更好发挥", "更大力度", "增加到", "五年来", "进一步", "坚决", "重要"] {
            XCTAssertFalse(f.isTerm(t), "\(t) is not a term")
            XCTAssertFalse(f.accepts(t), "\(t) is no keyword")
        }
        // Nouns, noun phrases, verbal nouns and phrases headed by them.
        for t in ["脱贫攻坚", "营商环境", "数字经济", "结构性改革", "高质量发展", "经济", "乡村振兴", "新质生产力", "水运工程"] {
            XCTAssertTrue(f.isTerm(t), "\(t) is a term")
        }
        XCTAssertTrue(f.with(tagger: nil).isTerm("搭建"), "without a tagger everything passes")
    }

    /// Top 15 keywords of every year of the State Council reports: none the tagger calls a verb,
    /// adverb, adjective or number, and none of the examples.
    func testYearlyKeywordsAreTerms() throws {
        let dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../../shared/corpus/govreports").standardized
        guard FileManager.default.fileExists(atPath: dir.path) else {
            throw XCTSkip("../shared/corpus/govreports not found (looked at \(dir.path)); the yearly keywords need it")
        }
        let files = try FileManager.default.contentsOfDirectory(at: dir, includingPropertiesForKeys: nil).filter { $0.pathExtension == "txt" }
        let extractor = try KeywordExtractor(dictionaries: Self.dictionaries)
        let taxonomy = try ThemeTaxonomy.load(contentsOf: Self.dictionaries.url("themes/zhengxie.yaml"))
        let reader = TopicReader(extractor: extractor, taxonomy: taxonomy)
        var documents: [TopicDocument] = []
        for f in files { documents += try reader.read(InputReader.read(f)) }
        let report = TrendReport.build(documents: documents, taxonomy: taxonomy)
        let tagger = try XCTUnwrap(extractor.filter.tagger)
        var bad: [String] = []
        for y in report.years {
            for k in y.keywords.prefix(15) {
                let w = k.term.unicodeScalars.map(\.value)
                if let tag = tagger.knownTag(w), ["v", "d", "m", "a", "ad", "t", "q", "mq"].contains(tag) { bad.append("\(y.year) \(k.term)/\(tag)") }
                if ["搭建", "更好发挥", "更大力度", "增加到", "五年来"].contains(k.term) { bad.append("\(y.year) \(k.term)") }
            }
        }
        XCTAssertEqual(bad, [])
    }
}
