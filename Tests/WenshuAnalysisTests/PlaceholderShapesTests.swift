import Foundation
import XCTest
@testable import WenshuAnalysis
@testable import WenshuText

/// Placeholders by their shape (dictionaries/patterns/placeholders.txt): runs of x * _ with
/// digits, empty brackets, 某 + a unit, and blanks where a number was cut out before its unit.
final class PlaceholderShapesTests: XCTestCase {
    func placeholders(_ text: String) throws -> [String] {
        let page = try Analyzer(dictionaries: WildPages.dictionaries).analyze(InputReader.read(text: text, file: "draft.txt"))
        return page.documents.flatMap(\.findings).filter { $0.kind == "placeholder" }.map(\.text)
    }

    func testRunsOfMarksWithDigitsDotsAndSpaces() throws {
        let found = try placeholders("""
        关于全县农业工作的总结
        全县种植面积x.x 万亩，产量xxx 吨，出栏生猪x.xx 万头，示范方 x 个，增幅x%，自x月xx日起开展排查。
        **县**镇完成投资*.*万元，优良率均为*%，第*届活动顺利举办。
        __年以来，_乡_村完成林地_亩，由副局长_负责。
        """)
        for t in ["x.x", "xxx", "x.xx", "x", "**", "*.*", "*", "__", "_"] {
            XCTAssertTrue(found.contains(t), "\(t) not in \(found)")
        }
    }

    func testBlanksWhereTheNumberWasCutOut() throws {
        let found = try placeholders("""
        关于街道工作的总结
        投入经费万多元，拆除违章建筑物平方米，设置了个职能窗口，公开率达。全区共个街道、个社区参加，在年3月份召开会议，自月份运行以来成效明显，月日召开推进会，增长 %。
        """)
        XCTAssertEqual(found, ["万多元", "平方米", "个", "达", "个", "个", "年", "月份", "月日", " %"])
    }

    /// Two counts in a row with both numbers cut out (接待人员N批N多人次): a count unit cannot
    /// follow a noun without its number; with the numbers, or 分批 / 多批, it is real text.
    func testTwoCountsWithTheirNumbersCutOut() throws {
        XCTAssertEqual(try placeholders("""
        关于街道工作的总结
        全年接待来访人员批多人次，慰问困难群众批余户。
        """), ["批多人次", "批余户"])
        XCTAssertEqual(try placeholders("""
        关于街道工作的总结
        全年接待来访人员120批3000多人次，分批多人次开展慰问，首批多名专家到场，十多批多名专家到场。
        """), [])
    }

    func testWordsThatOnlyLookLikeBlanksAreNot() throws {
        // 每万人, 个百分点, 多元化, 近期, 个人, X射线, 3x3, x=0.5 and a footnote star are real text.
        let found = try placeholders("""
        关于卫生工作的总结
        每万人拥有医生2.8人，增长1.5个百分点，投资多元化格局形成，近期共开展个人健康体检，新增X射线设备2台，3x3篮球赛圆满结束，取x=0.5时误差最小，提高了服务质量*
        """)
        XCTAssertEqual(found, [])
    }

    func testRealPagesOfTheDevSet() throws {
        let page15 = try WildPages.findings("15.txt")
        XCTAssertTrue(WildPages.flagged("_县东南部", in: page15, kinds: ["placeholder"]))
        XCTAssertTrue(WildPages.flagged("副局长_为", in: page15, kinds: ["placeholder"]))
        let page44 = try WildPages.findings("44.txt")
        for t in ["x.x 万亩", "xxx 吨", "xx.xx%", "于 x 月"] { XCTAssertTrue(WildPages.flagged(t, in: page44, kinds: ["placeholder"]), t) }
        let page03 = try WildPages.findings("03.txt")
        for t in ["经费万多元", "建筑物平方米", "设置了个职能窗口", "公开率达。"] { XCTAssertTrue(WildPages.flagged(t, in: page03, kinds: ["placeholder"]), t) }
        // Placeholders are errors, with the role they stand for.
        XCTAssertTrue(page44.findings.contains { $0.kind == "placeholder" && $0.severity == .error && $0.message.contains("number") })
    }
}
