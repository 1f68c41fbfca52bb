import Foundation
import XCTest
@testable import WenshuAnalysis
@testable import WenshuText

/// Garbled text (GarbledTextRule): doubled punctuation, pinyin after characters, HTML entities,
/// lost characters and mojibake — and Traditional script, which is not mojibake.
final class GarbledTextRuleTests: XCTestCase {
    func garbled(_ text: String) throws -> [Finding] {
        let page = try Analyzer(dictionaries: WildPages.dictionaries).analyze(InputReader.read(text: text, file: "page.txt"))
        return (page.pageFindings + page.documents.flatMap(\.findings)).filter { $0.kind == "garbled-text" }
    }

    func testShapesOnAMadeUpPage() throws {
        let f = try garbled("""
        关于扶贫工作的总结
        扶贫日即將到來(lái)，我镇积极筹措，，以&ldquo;精准扶贫&rdquo;为主题开展活动&nbsp;。
        鍗曚綅鍚嶇О锛氭煇鏌愬幙鏀垮簻鍔炲叕瀹わ紝鍦板潃锛氭煇鏌愬幙銆
        """)
        let texts = f.map(\.text)
        XCTAssertTrue(texts.contains("(lái)"), "\(texts)")
        XCTAssertTrue(texts.contains("，，"), "\(texts)")
        XCTAssertTrue(texts.contains("&ldquo;") && texts.contains("&nbsp;"), "\(texts)")
        XCTAssertTrue(f.contains { $0.message.hasPrefix("mojibake") && $0.line == 3 }, "\(f.map(\.message))")
        XCTAssertTrue(f.allSatisfy { $0.severity == .warning })
    }

    func testTraditionalAndGenuineTextIsNotGarbled() throws {
        let f = try garbled("""
        2023年工作總結
        發佈時間：2023年3月24日，來源：中國網。本報告總結了過去一年的工作，並對明年工作作出部署。
        木棠镇下辖二图、荣谋、蒌根及薛宅等25个村委会，全镇13951户68202人。
        """)
        XCTAssertEqual(f.map(\.text), [])
    }

    /// A dash read through the wrong code page: Windows-1252's —— (97 97) read as GBK is 棗, and
    /// UTF-8's — (E2 80 94) read as GBK begins with 鈥. The same characters inside a word are text.
    func testPunctuationReadThroughTheWrongCodePage() throws {
        let f = try garbled("""
        关于读者调查的报告
        我们完成了《消费者眼中的 棗读者群研究报告》，又称鈥斺€渁报告。
        枣庄市的红枣产业和大枣加工稳步发展。
        """)
        let texts = f.map(\.text)
        XCTAssertTrue(texts.contains("棗"), "\(texts)")
        XCTAssertTrue(texts.contains("鈥"), "\(texts)")
        XCTAssertFalse(f.contains { $0.line == 3 }, "\(f.map(\.text))")
    }

    func testRealPagesOfTheDevSet() throws {
        // Page 72 (Traditional, checked as Simplified): 《消費者眼中的 棗讀者群研究報告》.
        XCTAssertTrue(WildPages.flagged("眼中的 棗讀者群", in: try WildPages.findings("72.txt"), kinds: ["garbled-text"]))
        let p53 = try WildPages.findings("53.txt")
        XCTAssertTrue(WildPages.flagged("闂備礁缍婂ḿ褔顢栭崱妞绘敠闁逞屽墴閺岋絽螖鐎n偄顏", in: p53, kinds: ["garbled-text"]))
        XCTAssertTrue(WildPages.flagged("&ldqu;", in: try WildPages.findings("11.txt"), kinds: ["garbled-text"]))
        XCTAssertTrue(WildPages.flagged("(dòng)", in: try WildPages.findings("70.txt"), kinds: ["garbled-text"]))
        // A genuine page in Traditional script has no garbled text.
        XCTAssertFalse(try WildPages.findings("57.txt").findings.contains { $0.kind == "garbled-text" })
    }
}
