import Foundation
import XCTest
@testable import WenshuText

final class SentenceTests: XCTestCase {
    var splitter: SentenceSplitter!

    override func setUpWithError() throws {
        splitter = try SentenceSplitter()
    }

    func sentences(_ s: String, _ options: NormalizationOptions = NormalizationOptions()) throws -> [Sentence] {
        let n = try Normalizer(options: options).normalize(s)
        let result = try splitter.split(n)
        // Every sentence's range is its text, and sentences are in order without overlap.
        var end = 0
        for x in result {
            XCTAssertEqual(n.text(in: x.range), x.text)
            XCTAssertGreaterThanOrEqual(x.range.start, end)
            XCTAssertFalse(x.range.isEmpty)
            end = x.range.end
        }
        return result
    }

    func texts(_ s: String) throws -> [String] { try sentences(s).map(\.text) }

    func testSplitsAfterSentenceFinalPunctuation() throws {
        XCTAssertEqual(try texts("我们要加强组织领导。提高办理质量！是否按期完成？继续努力；争取更大成绩。"),
                       ["我们要加强组织领导。", "提高办理质量！", "是否按期完成？", "继续努力；", "争取更大成绩。"])
    }

    func testCommasAndColonsDoNotSplit() throws {
        XCTAssertEqual(try texts("一年来，市政协在市委的领导下，围绕中心、服务大局：成绩显著。"),
                       ["一年来，市政协在市委的领导下，围绕中心、服务大局：成绩显著。"])
    }

    func testDecimalPointDoesNotSplit() throws {
        XCTAssertEqual(try texts("全年增长3.5%。比上年提高0.5个百分点。"), ["全年增长3.5%。", "比上年提高0.5个百分点。"])
    }

    func testRunsOfTerminalsStayTogether() throws {
        XCTAssertEqual(try texts("真的吗？！是的。"), ["真的吗？！", "是的。"])
    }

    func testClosingQuoteStaysWithTheSentence() throws {
        let result = try texts("他说：“好。”然后走了。")
        XCTAssertEqual(result, ["他说：“好。”", "然后走了。"])
        XCTAssertTrue(result.first?.hasSuffix("”") == true)
    }

    func testClosingBracketsStayWithTheSentence() throws {
        XCTAssertEqual(try texts("（这是补充说明。）下一句。"), ["（这是补充说明。）", "下一句。"])
        XCTAssertEqual(try texts("题为《学习。》的文章。"), ["题为《学习。》", "的文章。"])
    }

    func testQuoteWithoutTerminalDoesNotSplit() throws {
        XCTAssertEqual(try texts("坚持“两个毫不动摇”的方针。"), ["坚持“两个毫不动摇”的方针。"])
    }

    func testEllipsisEndsASentenceBeforeANewOne() throws {
        XCTAssertEqual(try texts("成绩很多……我们要继续努力。"), ["成绩很多……", "我们要继续努力。"])
    }

    func testEllipsisInsideQuotesStaysWithTheQuote() throws {
        XCTAssertEqual(try texts("他说：“我们……”大家笑了。"), ["他说：“我们……”", "大家笑了。"])
    }

    func testSingleEllipsisCharacterDoesNotSplit() throws {
        XCTAssertEqual(try texts("等等…然后继续。"), ["等等…然后继续。"])
    }

    func testEllipsisBeforePunctuationStaysInTheSentence() throws {
        XCTAssertEqual(try texts("发展工业、农业……，实现现代化。"), ["发展工业、农业……，实现现代化。"])
        XCTAssertEqual(try texts("还有很多……。下一句。"), ["还有很多……。", "下一句。"])
    }

    func testLineBreaksAlwaysSplit() throws {
        XCTAssertEqual(try texts("政协工作总结\n一年来，我们做了以下工作\n\n一、加强组织领导。"),
                       ["政协工作总结", "一年来，我们做了以下工作", "一、加强组织领导。"])
        XCTAssertEqual(try texts("第一行\r\n第二行"), ["第一行", "第二行"])
    }

    func testWhiteSpaceBetweenSentencesBelongsToNone() throws {
        let result = try sentences("  第一句。  第二句。 \n\u{3000}\u{3000}第三句")
        XCTAssertEqual(result.map(\.text), ["第一句。", "第二句。", "第三句"])
        XCTAssertEqual(result.map(\.range), [TextRange(start: 2, end: 6), TextRange(start: 8, end: 12), TextRange(start: 16, end: 19)])
    }

    func testRangesPointAtTheOriginalText() throws {
        let s = "\u{FEFF}１９９８年，经济增长。\r\n他说：“好。”\r\n"
        let n = try Normalizer().normalize(s)
        let result = try splitter.split(n)
        XCTAssertEqual(result.map(\.text), ["1998年，经济增长。", "他说：“好。”"])
        XCTAssertEqual(n.source.text(in: n.originalRange(of: result[0].range)), "１９９８年，经济增长。")
        XCTAssertEqual(n.source.text(in: n.originalRange(of: result[1].range)), "他说：“好。”")
        XCTAssertEqual(n.location(ofNormalized: result[1].range.start), SourceLocation(offset: 14, line: 2, column: 1))
    }

    func testEmptyAndBlankText() throws {
        XCTAssertEqual(try texts(""), [])
        XCTAssertEqual(try texts(" \n \n"), [])
    }

    func testSentencesOverTheSeedCoverAllNonSpaceText() throws {
        let text = try DocumentReader.read(TestSupport.seedFile).text
        let n = try Normalizer().normalize(text)
        let result = try splitter.split(n)
        XCTAssertGreaterThan(result.count, 100)
        var covered = [Bool](repeating: false, count: n.count)
        for x in result {
            for k in x.range.start..<x.range.end { covered[k] = true }
            XCTAssertFalse(x.text.contains("\n"), x.text)
            // A sentence never starts with sentence-final punctuation.
            if let first = x.text.unicodeScalars.first {
                XCTAssertFalse("。！？；".unicodeScalars.contains(first), x.text)
            }
        }
        for k in 0..<n.count where !covered[k] {
            let c = CharacterClass.of(n.scalars[k])
            XCTAssertTrue(c == .space || c == .newline, "normalised \(k) is in no sentence")
        }
    }
}
