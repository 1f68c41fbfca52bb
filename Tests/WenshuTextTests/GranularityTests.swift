import Foundation
import XCTest
@testable import WenshuText

/// Word, term and search granularity (issue 18).
final class GranularityTests: XCTestCase {
    func words(_ s: Segmenter, _ text: String) throws -> [String] {
        try s.segment(text).filter { $0.kind != .space && $0.kind != .newline }.map(\.text)
    }

    /// Words as the bakeoff standards cut them: a verb and its object apart.
    func testWordGranularityCutsPhrases() throws {
        let s = try TestSupport.segmenter()
        XCTAssertEqual(s.granularity, .word)
        XCTAssertEqual(try words(s, "持续优化营商环境"), ["持续", "优化", "营商环境"])
        XCTAssertFalse(try words(s, "防范化解重大风险").contains("防范化解重大风险"))
    }

    /// Terms of the term list are joined from the words; the joined text covers the same span.
    func testTermGranularityJoinsTerms() throws {
        let s = try Segmenter(dictionaries: TestSupport.dictionaries(), granularity: .term)
        let text = "坚持稳中求进工作总基调，防范化解重大风险，持续优化营商环境。"
        let tokens = try s.segment(text)
        let w = tokens.map(\.text)
        XCTAssertTrue(w.contains("稳中求进工作总基调"), "\(w)")
        XCTAssertTrue(w.contains("防范化解重大风险"), "\(w)")
        XCTAssertTrue(w.contains("优化营商环境"), "\(w)")
        XCTAssertEqual(w.joined(), text, "term tokens still tile the text")
        let term = tokens.first { $0.text == "防范化解重大风险" }!
        XCTAssertEqual(term.range.end - term.range.start, 8)
        XCTAssertFalse(term.pos.isEmpty)
    }

    /// A term is joined only on word boundaries: one that starts inside a word is not.
    func testTermNeverCutsAWord() throws {
        let s = try Segmenter(dictionaries: TestSupport.dictionaries(), granularity: .term, extraTerms: ["环境优化"])
        let w = try words(s, "营商环境优化")
        XCTAssertFalse(w.contains("环境优化"), "\(w)")
        XCTAssertEqual(w.joined(), "营商环境优化")
    }

    /// Search granularity: each term, then the words inside it, each with its own offsets.
    func testSearchGranularityAddsInnerWords() throws {
        let s = try Segmenter(dictionaries: TestSupport.dictionaries(), granularity: .search)
        let tokens = try s.segment("防范化解重大风险")
        XCTAssertEqual(tokens.first?.text, "防范化解重大风险")
        let inner = tokens.dropFirst()
        XCTAssertGreaterThanOrEqual(inner.count, 2)
        XCTAssertEqual(inner.map(\.text).joined(), "防范化解重大风险")
        XCTAssertEqual(inner.first?.range.start, 0)
        XCTAssertEqual(inner.last?.range.end, 8)
    }
}
