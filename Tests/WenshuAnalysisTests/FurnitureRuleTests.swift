import Foundation
import XCTest
@testable import WenshuAnalysis
@testable import WenshuText

/// Site furniture by its shape: metadata fields, breadcrumbs, site names, paywalls, filler runs,
/// menus and repeated titles (FurnitureRule and dictionaries/patterns/junk.txt).
final class FurnitureRuleTests: XCTestCase {
    func analyze(_ text: String) throws -> PageAnalysis {
        try Analyzer(dictionaries: WildPages.dictionaries).analyze(InputReader.read(text: text, file: "page.txt"))
    }

    func junk(_ page: PageAnalysis) -> [String] {
        (page.pageFindings + page.documents.flatMap(\.findings)).filter { $0.kind == "scrape-junk" }.map(\.text)
    }

    func testShapesOnAMadeUpPage() throws {
        let page = try analyze("""
        您现在的位置：首页 > 范文大全 > 工作总结
        某某镇2023年工作总结
        发布时间：2023-12-01 09:30  来源：网友投稿  浏览：126
        今年以来，我镇在县委县政府的坚强领导下，各项工作取得新成效。 k3 P( x9 Q* Z7 f# 全镇经济平稳增长，社会大局和谐稳定。
        某某镇2023年工作总结
        相关推荐 | 乡镇工作总结 | 党建工作总结 | 年终总结
        """)
        let j = junk(page)
        XCTAssertTrue(j.contains { $0.contains("首页 >") }, "\(j)")
        XCTAssertTrue(j.contains { $0.contains("发布时间") }, "\(j)")
        XCTAssertTrue(j.contains { $0.hasPrefix("k3 P(") }, "filler: \(j)")
        XCTAssertTrue(page.pageFindings.contains { $0.kind == "scrape-junk" && $0.text.contains("相关推荐") }, "a menu after the text is page-level: \(j)")
        XCTAssertEqual(page.documents.first?.title, "某某镇2023年工作总结", "the breadcrumb is page text, the title is found after it")
        XCTAssertTrue(page.documents[0].findings.contains { $0.kind == "scrape-junk" && $0.line == 5 }, "the title repeated in the body")
        XCTAssertTrue((page.pageFindings + page.documents.flatMap(\.findings)).filter { $0.kind == "scrape-junk" }.allSatisfy { $0.severity == .warning })
    }

    func testGenuineTextIsNotFurniture() throws {
        // A source a document names (数据来源), a URL it cites in a sentence, a time in a plan,
        // a letter-spaced abbreviation (PM2.5 GDP CPI) are not furniture.
        let page = try analyze("""
        关于2024年统计工作的报告
        一、基本情况
        全年地区生产总值增长5.2%，PM2.5 平均浓度下降，GDP CPI 等指标稳中向好（数据来源：国家统计局）。全文详见国务院网站www.gov.cn，欢迎社会各界监督。
        二、下一步工作
        时间安排：2025年3月至6月完成普查，确保数据质量。
        """)
        XCTAssertEqual(junk(page), [])
    }

    func testRealPagesOfTheDevSet() throws {
        let p55 = try WildPages.findings("55.txt")
        XCTAssertTrue(WildPages.flagged("组配分类 计划总结", in: p55, kinds: ["scrape-junk"]))
        XCTAssertTrue(WildPages.flagged("浏览次数", in: p55, kinds: ["scrape-junk"]))
        let p69 = try WildPages.findings("69.txt")
        XCTAssertTrue(WildPages.flagged("6 z7 W. N) I/ C0 h w7 p d", in: p69, kinds: ["scrape-junk"]))
        XCTAssertTrue(WildPages.flagged("# H3 P5 H4 p& S5 A+ h7 h( c", in: p69, kinds: ["scrape-junk"]))
        // Traditional script: 發佈時間 … 責任編輯 (57) and a menu of 述職報告 links (68).
        XCTAssertTrue(WildPages.flagged("責任編輯", in: try WildPages.findings("57.txt"), kinds: ["scrape-junk"]))
        XCTAssertTrue(WildPages.flagged("述職報告模板", in: try WildPages.findings("68.txt"), kinds: ["scrape-junk"]))
        XCTAssertTrue(WildPages.flagged("乡镇2023年度妇联工作总结乡镇2023年度妇联工作总结", in: try WildPages.findings("36.txt"), kinds: ["scrape-junk"]))
        XCTAssertTrue(WildPages.flagged("还剩17页未读", in: try WildPages.findings("17.txt"), kinds: ["scrape-junk"]))
    }
}
