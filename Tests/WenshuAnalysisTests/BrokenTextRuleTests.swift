import Foundation
import XCTest
@testable import WenshuAnalysis
@testable import WenshuText

/// Extraction damage (BrokenTextRule): sentences broken across lines, page numbers cutting
/// words, spaces inside words, glued headings, headings that lost their 、 — and what is not.
final class BrokenTextRuleTests: XCTestCase {
    func broken(_ text: String) throws -> [Finding] {
        let page = try Analyzer(dictionaries: WildPages.dictionaries).analyze(InputReader.read(text: text, file: "draft.txt"))
        return page.documents.flatMap(\.findings).filter { $0.kind == "broken-text" }
    }

    func testDamageOnAMadeUpPage() throws {
        let f = try broken("""
        关于政府信息公开工作的报告
        根据《中华人民共和国政府信息公开条例》
        )要求，本区专门配备了
        132名工作人员，累计主动公开政府信息
        5928
        条，完善了政 策解读机制。全年办理依申请公开，基本做到了应公开尽公开，群众满意度较高，社会
        2、反响良好。
        """)
        XCTAssertTrue(f.contains { $0.text.contains(")") }, "a line opening with )")
        XCTAssertTrue(f.contains { $0.text.contains("5928") }, "a bare figure on its own line")
        XCTAssertTrue(f.contains { $0.text.contains("配备了") }, "a line stopping on 了")
        XCTAssertTrue(f.contains { $0.text.contains("政 策") && $0.message.contains("inside a word") }, "\(f.map(\.text))")
        XCTAssertTrue(f.contains { $0.message.contains("page number") }, "\(f.map(\.message))")
        XCTAssertTrue(f.allSatisfy { $0.severity == .warning })
    }

    /// A hard-wrapped file (paragraphs apart by blank lines): the normaliser rejoins every wrap,
    /// and a wrap that cut a word is reported as information, saying what was rejoined.
    func testRejoinedWrapsInsideWords() throws {
        let f = try broken("""
        关于本年度政府工作报
        告的说明

        各位代表：过去一年，我们坚持稳中求进工作总基调，推
        动经济持续恢复。

        全年城镇
        新增就业一千二百万人，居民收入稳步增长。

        今年发展的主要预期目标是：国内生产总值增长百分之五左右。
        """)
        let rejoined = f.filter { $0.message.contains("rejoined") }
        XCTAssertEqual(rejoined.map(\.line), [1, 4], "\(f.map(\.message))")
        XCTAssertTrue(rejoined.allSatisfy { $0.severity == .info })
        XCTAssertTrue(rejoined.first?.message.contains("作报⏎告") ?? false, "\(rejoined.map(\.message))")
        // 城镇⏎新增 is a wrap between two words: ordinary line filling.
        XCTAssertFalse(f.contains { $0.message.contains("城镇⏎") })
    }

    func testWhatIsNotDamage() throws {
        // A sentence end and a space (a collapsed paragraph break), list items after 。, a dash
        // between words, 第二条 and a letter-spaced 总 则, a news dateline.
        let f = try broken("""
        街道办事处工作总结
        一年来管区经济和社会协调发展。 为了把实事办好，社区干部不辞辛苦。 一、加强学习，提高认识。 二是 认真开展走访。
        建立了“楼栋-居民小组-社区居委会”三级组织网络体系。
        第二条 行政机关应当建立健全政府信息公开工作制度。
        总 则
        新华社北京3月5日电 受国务院委托，作政府工作报告。
        """)
        XCTAssertEqual(f.map(\.text), [])
    }

    /// 系列 always leads a noun (系列活动, 一系列措施): after 的 and before a stop, the noun was
    /// cut out of the text.
    func testASeriesWhoseNounWasCutOut() throws {
        XCTAssertEqual(try broken("""
        妇联工作总结
        结合我区实际情况开展的系列。围绕主题组织的一系列，效果明显。
        """).map(\.text), ["系列", "一系列"])
        XCTAssertEqual(try broken("""
        妇联工作总结
        结合我区实际情况开展了系列活动，采取了一系列措施，形成了地震储层预测技术系列，效果明显。
        """).map(\.text), [])
    }

    func testRealPagesOfTheDevSet() throws {
        let p19 = try WildPages.findings("19.txt")
        for t in ["《条例》\n)", "配备了\n132名", "信息\n5928\n条", "受理点\n;"] {
            XCTAssertTrue(WildPages.flagged(t, in: p19, kinds: ["broken-text"]), t)
        }
        XCTAssertTrue(WildPages.flagged("街\n2、道", in: try WildPages.findings("02.txt"), kinds: ["broken-text"]))
        XCTAssertTrue(WildPages.flagged("四以打造", in: try WildPages.findings("03.txt"), kinds: ["broken-text"]))
        XCTAssertTrue(WildPages.flagged("牟政办发〔201746", in: try WildPages.findings("62.txt"), kinds: ["broken-text"]))
        XCTAssertTrue(WildPages.flagged("开展的系列。", in: try WildPages.findings("39.txt"), kinds: ["broken-text"]))
        XCTAssertTrue(WildPages.flagged("贯彻主席新时代", in: try WildPages.findings("42.txt"), kinds: ["broken-text"]))
        XCTAssertTrue(WildPages.flagged("信息公开工作 年度报告格式", in: try WildPages.findings("52.txt"), kinds: ["broken-text"]))
        let p54 = try WildPages.findings("54.txt")
        for t in ["政 策", "建 议", "文 史", "委 员"] { XCTAssertTrue(WildPages.flagged(t, in: p54, kinds: ["broken-text"]), t) }
        // Collapsed paragraph breaks (。 and a space) are not damage.
        let p37 = try WildPages.findings("37.txt")
        XCTAssertFalse(p37.findings.contains { $0.kind == "broken-text" && $0.text.contains("。 ") }, "\(p37.findings.filter { $0.kind == "broken-text" }.map(\.text))")
    }
}
