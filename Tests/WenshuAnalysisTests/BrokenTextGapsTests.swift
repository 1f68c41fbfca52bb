import Foundation
import XCTest
@testable import WenshuAnalysis
@testable import WenshuText

/// A paragraph with very many spaces between Han characters (hostile tester, session 9): each
/// gap searched the whole text before it for 《 and 》 and copied it (`Array(s[..<a])`), so
/// 400,000 characters of `工\t` took 51 s of `check`; now linear, with the same findings.
final class BrokenTextGapsTests: XCTestCase {
    func broken(_ text: String) throws -> [Finding] {
        let page = try Analyzer(dictionaries: WildPages.dictionaries).analyze(InputReader.read(text: text, file: "draft.txt"))
        return page.documents.flatMap(\.findings).filter { $0.kind == "broken-text" }
    }

    func testAHundredThousandGapsAreCheckedInLinearTime() throws {
        let text = "关于加强学习的通知，" + String(repeating: "工\t", count: 100_000) + "完成。"
        let start = Date()
        let f = try broken(text)
        let seconds = Date().timeIntervalSince(start)
        // The whole check of these 200,000 characters takes a few seconds in a debug build;
        // the quadratic gap search alone took minutes.
        XCTAssertLessThan(seconds, 30, "\(f.count) findings in \(seconds) s")
    }

    func testGapsInsideABookTitleAreStillFound() throws {
        let f = try broken("""
        关于学习文件的情况报告
        我们认真学习了《关于加强基层 治理体系建设的意见》，结合实际制定了实施办法，并组织全体干部开展专题讨论，取得了较好效果。
        """)
        XCTAssertTrue(f.contains { $0.text.contains("基层 治理") }, "\(f.map(\.text))")
        // The same gap after the title is closed, in prose with many gaps: not reported.
        let g = try broken("""
        关于学习文件的情况报告
        我们认真学习了《关于加强基层治理体系建设的意见》，结合实际 制定了实施办法，并组织 全体干部开展 专题讨论，取得了 较好效果。
        """)
        XCTAssertFalse(g.contains { $0.text.contains("实际 制定") }, "\(g.map(\.text))")
    }
}
