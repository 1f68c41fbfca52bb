import Foundation
import XCTest
@testable import WenshuAnalysis
@testable import WenshuText

/// A document lists at most `limit` repeated clauses; one more finding of the kind says how
/// many more there are, where the first of them stands (README: `duplicate-sentence`).
final class DuplicateSentenceLimitTests: XCTestCase {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let govreports = root.appendingPathComponent("../shared/corpus/govreports").standardized
    static let dictionaries = Dictionaries(root: root.appendingPathComponent("dictionaries"))

    func duplicates(_ page: PageAnalysis) -> [Finding] {
        page.documents.flatMap(\.findings).filter { $0.kind == "duplicate-sentence" }
    }

    /// `n` different clauses of more than seven Han characters, each said twice (the second
    /// round after all of the first).
    func repeatedText(_ n: Int) -> String {
        let clauses = (0..<n).map { "我们认真落实第\($0)项重点工作任务" }
        return "工作总结\n" + clauses.joined(separator: "，") + "。\n" + clauses.joined(separator: "，") + "。\n"
    }

    func testRepeatsBeyondTheLimitAreCountedInOneFindingInTextAndJSON() throws {
        let analyzer = try Analyzer(dictionaries: Self.dictionaries)
        let page = try analyzer.analyze(InputReader.read(text: repeatedText(1_005), file: "pasted.txt"))
        let found = duplicates(page)
        XCTAssertEqual(found.count, 1_001)
        XCTAssertTrue(found.prefix(1_000).allSatisfy { $0.message.hasSuffix("repeats the same words at line 2") }, found[0].message)
        let last = try XCTUnwrap(found.last)
        XCTAssertEqual(last.message, "5 more clauses from here on repeat earlier words of this document; only the first 1000 repeats are listed")
        // It stands where the first unlisted repeat does: the 1,001st clause of the second round.
        XCTAssertEqual(last.line, 3)
        XCTAssertEqual(last.text, "我们认真落实第1000项重点工作任务")
        XCTAssertGreaterThan(last.range.start, found[999].range.start)
        let json = try JSONReport.encode(JSONReport.page(page))
        XCTAssertTrue(json.contains("5 more clauses from here on repeat earlier words"))
        XCTAssertTrue(TextReport.check(page).contains("info [duplicate-sentence] 5 more clauses from here on repeat earlier words"))
    }

    func testAtTheLimitNothingIsSummedUpAndTheSummaryIsInTheReportsLanguage() throws {
        var analyzer = try Analyzer(dictionaries: Self.dictionaries)
        XCTAssertEqual(duplicates(try analyzer.analyze(InputReader.read(text: repeatedText(1_000), file: "t.txt"))).count, 1_000)
        analyzer.language = .zh
        let zh = duplicates(try analyzer.analyze(InputReader.read(text: repeatedText(1_001), file: "t.txt")))
        XCTAssertEqual(zh.count, 1_001)
        XCTAssertEqual(zh.last?.message, "从此处起还有 1 处文字与前文重复，只列出了前 1000 处")
        XCTAssertEqual(zh.first?.message, "“我们认真落实第0项重点工作任务”与第 2 行的文字重复")
    }

    func testASmallLimitAndNoneOfTheReportsReachTheShippedOne() throws {
        let rule = DuplicateSentenceRule(limit: 2)
        let analyzer = Analyzer(structures: StructureLibrary(structures: []), rules: [rule])
        let page = try analyzer.analyze(InputReader.read(text: repeatedText(4), file: "t.txt"))
        let found = duplicates(page)
        XCTAssertEqual(found.map(\.text), ["我们认真落实第0项重点工作任务", "我们认真落实第1项重点工作任务", "我们认真落实第2项重点工作任务"])
        XCTAssertEqual(found.last?.message, "2 more clauses from here on repeat earlier words of this document; only the first 2 repeats are listed")
        guard FileManager.default.fileExists(atPath: Self.govreports.path) else {
            throw XCTSkip("../shared/corpus/govreports not found; the rest of this test needs the State Council reports")
        }
        // The reports repeat a few dozen clauses at most: the limit changes nothing there.
        let full = try Analyzer(dictionaries: Self.dictionaries)
        for year in [1954, 1978, 1998, 2017, 2024] {
            let p = try full.analyze(InputReader.read(Self.govreports.appendingPathComponent("\(year).txt")))
            XCTAssertFalse(duplicates(p).contains { $0.message.contains("more clause") }, "\(year)")
        }
    }
}
