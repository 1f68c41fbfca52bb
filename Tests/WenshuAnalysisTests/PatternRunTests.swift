import XCTest
@testable import WenshuAnalysis
import WenshuTestSupport
import WenshuText

/// Long runs of one character through every shipped pattern list (hostile tester, session 9).
/// Four shipped patterns backtracked polynomially on such a run: junk.txt's `[0-9]+篇…$` and
/// `[0-9]+\s*(阅读|…)\s*[|｜]` (a run of digits: 30 KB of `1` took 37 s of `check`, 100 KB never
/// ended), garbled.txt's `\?{2,}(?=[\u4e00-\u9fa5])` (a run of `?`), and placeholders.txt's
/// x-run patterns (`[xX×…]+[0-9xX×…]*` split a run of X every way: 10,000 X took 15 s). They are
/// rewritten possessive, with a guard that no match begins inside a run, and find the same matches.
final class PatternRunTests: XCTestCase {
    static let lists = ["junk", "placeholders", "garbled", "broken", "not-a-genre"]
    static let characters: [String] = ["1", "１", "X", "x", "×", "ｘ", "Ｘ", "*", "＊", "?", "？", "工", "一", " ", "\t", "\u{3000}",
                                       ".", "．", "。", "，", "-", "—", "_", "○", "□", ">", "|", "（", "“", "、", "%", "…",
                                       "1.", "x ", "1、", "xX", "1x", "X年"]

    func testARunOfAnyCharacterIsSearchedInLinearTime() throws {
        for name in Self.lists {
            let list = try PatternList.load(contentsOf: TestPaths.dictionaries.url("patterns/\(name).txt"))
            for c in Self.characters {
                // The run alone, and with a Han character before and after (lookbehinds and
                // lookaheads that need one then pass at the run's edges).
                for run in [String(repeating: c, count: 20_000 / c.count), "工" + String(repeating: c, count: 20_000 / c.count) + "工"] {
                    let start = Date()
                    _ = list.matches(in: run)
                    let seconds = Date().timeIntervalSince(start)
                    // Linear search takes milliseconds; the backtracking patterns took minutes.
                    XCTAssertLessThan(seconds, 3, "\(name).txt on a run of 20,000 '\(c)' took \(seconds) s")
                }
            }
        }
    }

    func testTheRewrittenPatternsFindWhatTheyFoundBefore() throws {
        let placeholders = try PatternList.load(contentsOf: TestPaths.dictionaries.url("patterns/placeholders.txt"))
        let found = Set(placeholders.matches(in: "关于XX县20XX年工作总结，共XX人参加，完成xx.x万元，××市×××镇，2X.X%，ｘｘ区，**市。").map { $0.range })
        XCTAssertFalse(found.isEmpty)
        // x runs touching a Latin letter or digit are not placeholders (XXL, 3x3, Xbox).
        XCTAssertTrue(placeholders.matches(in: "3x3矩阵，XXL码，Xbox主机。").isEmpty)
        let junk = try PatternList.load(contentsOf: TestPaths.dictionaries.url("patterns/junk.txt"))
        XCTAssertTrue(junk.matches(in: "共15篇").contains { $0.entry.fields.first == "count title" })
        XCTAssertTrue(junk.matches(in: "1234 阅读 | 56 评论").contains { $0.entry.fields.first == "counters" })
        let garbled = try PatternList.load(contentsOf: TestPaths.dictionaries.url("patterns/garbled.txt"))
        XCTAssertEqual(garbled.matches(in: "文字乱码??，??工作").filter { $0.entry.fields.first == "lost character" }.map(\.range),
                       [4..<6, 7..<9])
    }
}
