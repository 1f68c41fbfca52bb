import Foundation
import XCTest
@testable import WenshuAnalysis
@testable import WenshuText

/// Multi-word terms learned from the reports (issue 18, step 3): `TermLearner`, the shipped
/// `lexicon/terms-learned.txt`, and term granularity joining them.
final class TermLearnerTests: XCTestCase {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let govreports = root.appendingPathComponent("../shared/corpus/govreports").standardized
    static let dictionaries = Dictionaries(root: root.appendingPathComponent("dictionaries"))

    func testANounPhraseByItsWordsTags() throws {
        let tagger = try XCTUnwrap(try KeywordFilter.load(dictionaries: Self.dictionaries).tagger)
        for parts in [["数字", "经济"], ["科技", "创新"], ["关键", "核心", "技术", "攻关"], ["全国", "统一", "大市场"]] {
            XCTAssertTrue(TermLearner.isNounPhrase(parts, tagger: tagger), "\(parts)")
        }
        // A pronoun first, a verb and its object, a verb after an adjective.
        for parts in [["各位", "代表"], ["我国", "经济"], ["减轻", "企业"], ["表示", "诚挚", "感谢"], ["成功", "举办"]] {
            XCTAssertFalse(TermLearner.isNounPhrase(parts, tagger: tagger), "\(parts)")
        }
    }

    func testTermsLearnedFromTheReportsAfter2015() throws {
        guard FileManager.default.fileExists(atPath: Self.govreports.path) else { throw XCTSkip("../shared/corpus/govreports is absent") }
        let files = try FileManager.default.contentsOfDirectory(at: Self.govreports, includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "txt" && (Int($0.deletingPathExtension().lastPathComponent) ?? 0) > 2015 }
            .sorted { $0.path < $1.path }
        XCTAssertEqual(files.count, 9)
        let words = try Segmenter(dictionaries: Self.dictionaries, granularity: .word)
        let tokenizer = try TermTokenizer(segmenter: words)
        let documents = try files.map { try tokenizer.sequence(of: InputReader.read($0).text) }
        let filter = try KeywordFilter.load(dictionaries: Self.dictionaries)
        let terms = TermLearner.learn(from: documents, filter: filter)
        let byTerm = Dictionary(terms.map { ($0.term, $0) }, uniquingKeysWith: { a, _ in a })
        // 数字经济 is cut at word granularity and on no hand-made list: learned, with its evidence.
        let digital = try XCTUnwrap(byTerm["数字经济"], "\(terms.prefix(40).map(\.term))")
        XCTAssertEqual(digital.parts, ["数字", "经济"])
        XCTAssertGreaterThanOrEqual(digital.documents, 3)
        XCTAssertGreaterThanOrEqual(digital.pmi, 3)
        XCTAssertGreaterThanOrEqual(digital.association, 0.2)
        XCTAssertGreaterThanOrEqual(min(digital.leftEntropy, digital.rightEntropy), 1.0)
        for t in terms {
            XCTAssertGreaterThanOrEqual(t.documents, 3, t.term)
            XCTAssertTrue(TermLearner.isNounPhrase(t.parts, tagger: filter.tagger), t.term)
            XCTAssertEqual(t.parts.joined(), t.term)
        }
        // A fragment of a longer 提法 has one neighbour only: no term of its own.
        XCTAssertNil(byTerm["化解重大"])
        XCTAssertNil(byTerm["各位代表"])
    }

    func testTermGranularityJoinsTheLearnedTerms() throws {
        let text = "大力发展数字经济，建设全国统一大市场。"
        func tokens(_ s: Segmenter) throws -> [String] { try s.segment(text).map(\.text) }
        let learned = try tokens(Segmenter(dictionaries: Self.dictionaries, tagging: false, granularity: .term))
        let without = try tokens(Segmenter(dictionaries: Self.dictionaries, tagging: false, granularity: .term, learnedTerms: false))
        let words = try tokens(Segmenter(dictionaries: Self.dictionaries, tagging: false))
        XCTAssertTrue(learned.contains("数字经济") && learned.contains("全国统一大市场"), "\(learned)")
        XCTAssertFalse(without.contains("数字经济"), "\(without)")
        XCTAssertFalse(words.contains("数字经济"), "\(words)")
        // The same text, tiled either way.
        XCTAssertEqual(learned.joined(), text)
    }

    func testTheShippedListCarriesItsEvidence() throws {
        let url = Self.dictionaries.url(Segmenter.learnedTermsFile)
        let lines = try String(contentsOf: url, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var entries = 0
        for (k, line) in lines.enumerated() where !line.isEmpty && !line.hasPrefix("#") {
            entries += 1
            let fields = line.split(separator: " ")
            XCTAssertEqual(fields.count, 3, line)
            XCTAssertEqual(fields.last, "nz", line)
            // The comment above: its words, documents, PMI, association and entropies.
            XCTAssertTrue(k > 0 && lines[k - 1].hasPrefix("# ") && lines[k - 1].contains("documents, PMI"), line)
            XCTAssertEqual(lines[k - 1].dropFirst(2).prefix { $0 != ":" }.replacingOccurrences(of: " + ", with: ""), String(fields[0]), line)
        }
        XCTAssertGreaterThan(entries, 400)
        var builder = LexiconBuilder()
        XCTAssertNoThrow(try builder.load(contentsOf: url))
    }
}
