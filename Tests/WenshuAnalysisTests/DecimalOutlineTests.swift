import Foundation
import XCTest
import WenshuTestSupport
@testable import WenshuAnalysis
@testable import WenshuText

/// Decimal heading numbers of GB/T 1.1 (1 总则, 1.1 编制目的, 1.1.1 …), as 应急预案, 规划 and
/// 方案 number their parts: read as an outline whose depth is the number of parts, their
/// numbering checked, and figures at the start of a line (1.5亿元) left alone.
final class DecimalOutlineTests: XCTestCase {
    func analyze(_ text: String) throws -> AnalyzedDocument {
        try Analyzer(dictionaries: TestPaths.dictionaries).analyze(InputReader.read(text: text, file: "plan.txt")).documents[0]
    }

    func testAPlanNumberedDecimallyIsAnOutlineWithItsGapsFound() throws {
        let text = """
        某县突发事件应急预案

        1 总则

        1.1 编制目的

        为了建立健全应急机制，提高应对能力，制定本预案。

        1.2 编制依据

        依据有关法律法规制定。

        2 组织体系

        2.1 指挥机构

        县政府设立应急指挥部。

        2.3 办事机构

        指挥部办公室设在县应急管理局。

        2.3.1 办公室职责

        负责日常工作。

        2.3.2 成员单位职责

        各成员单位按职责分工做好工作。

        3 预防与预警

        各部门做好监测。
        """
        let d = try analyze(text)
        XCTAssertEqual(d.outline.roots.map(\.marker.text), ["1", "2", "3"])
        XCTAssertEqual(d.outline.roots.map(\.title), ["总则", "组织体系", "预防与预警"])
        XCTAssertEqual(d.outline.roots[1].children.map(\.marker.text), ["2.1", "2.3"])
        XCTAssertEqual(d.outline.roots[1].children[1].children.map(\.marker.text), ["2.3.1", "2.3.2"])
        XCTAssertEqual(d.outline.flat.map(\.level), [1, 2, 2, 1, 2, 2, 3, 3, 1])
        let numbering = d.findings.filter { $0.kind.hasPrefix("numbering") || $0.kind == "heading-level" }
        XCTAssertEqual(numbering.map(\.kind), ["numbering-gap"])
        XCTAssertEqual(numbering.first?.text, "2.3 办事机构")
        XCTAssertEqual(numbering.first?.message, "2.3 follows 2.1: 2.2 missing")
        XCTAssertEqual(numbering.first?.suggestion, "2.2")
    }

    /// The page this was written from: a county's 应急预案 whose table of contents lost the
    /// chapter numbers 1–7 and kept 8 附则, then its text starting again at 1 总则.
    func testTheContentsOfAPlanThatLostItsChapterNumbers() throws {
        let page = try WildPages.findings("62.txt")
        let numbering = page.findings.filter { $0.kind.hasPrefix("numbering") || $0.kind == "heading-level" }
        XCTAssertEqual(numbering.map(\.message), ["8 follows 6.9: 7 missing"])
        XCTAssertEqual(numbering.first?.text, "8  附则")
        XCTAssertEqual(numbering.first?.suggestion, "7")
    }

    /// A table of contents, then the text: the numbering starting again at a heading whose
    /// title the contents gave is no restart; one whose title it did not give still is.
    func testTheTextAfterItsTableOfContentsIsNoRestart() throws {
        let text = """
        某市十四五规划

        目录

        一、发展基础

        二、总体要求

        三、重点任务

        一、发展基础

        五年来，全市经济持续发展。

        二、总体要求

        坚持稳中求进。

        三、重点任务

        加快产业升级。
        """
        let d = try analyze(text)
        XCTAssertEqual(d.findings.filter { $0.kind.hasPrefix("numbering") }.map(\.message), [])
        let other = try analyze(text.replacingOccurrences(of: "一、发展基础\n\n五年来", with: "一、工作基础\n\n五年来"))
        XCTAssertEqual(other.findings.filter { $0.kind.hasPrefix("numbering") }.map(\.kind), ["numbering-restart"])
    }

    /// 一、 chapters with decimal sections under them (the first 一、 glued to the title): each
    /// 2.1 goes under its 二、, and nothing restarts.
    func testDecimalSectionsUnderChineseChapters() throws {
        let text = """
        巡察反馈工作方案

        一、工作背景与意义

        1.1 政策背景与时代要求

        1.2 巡察反馈的现实问题

        二、总体框架

        2.1 理论依据与政策支撑

        2.2 巡察反馈的基本原则

        三、实施路径

        3.1 反馈前准备机制

        3.2 反馈会议组织规范
        """
        let d = try analyze(text)
        XCTAssertEqual(d.outline.roots.map(\.marker.text), ["一、", "二、", "三、"])
        XCTAssertEqual(d.outline.roots.map { $0.children.map(\.marker.text) }, [["1.1", "1.2"], ["2.1", "2.2"], ["3.1", "3.2"]])
        XCTAssertEqual(d.findings.filter { $0.kind.hasPrefix("numbering") || $0.kind == "heading-level" }.map(\.message), [])
        // The sections glued under a lost 一、 still come before the 二、 that closes them.
        let glued = try analyze(text.replacingOccurrences(of: "\n\n一、工作背景与意义", with: "一、工作背景与意义"))
        XCTAssertEqual(glued.outline.roots.map(\.marker.text), ["1.1", "1.2", "二、", "三、"])
    }

    /// Figures opening hard-wrapped lines have the shape of a decimal number; a document that
    /// does not number its headings that way gets no outline from them, and 3 个 is no chapter.
    func testFiguresAtTheStartOfALineAreNotHeadings() throws {
        let text = """
        2023年工作总结

        一、主要工作

        全年完成投资
        1.5亿元，同比增长
        12.3个百分点，新建道路
        3 公里，惠及群众。
        """
        let d = try analyze(text)
        XCTAssertEqual(d.outline.flat.map(\.marker.text), ["一、"])
        XCTAssertNil(MarkerParser.decimalMarker(at: "90.3%的事项网上办理"))
        XCTAssertNil(MarkerParser.decimalMarker(at: "2017.6.23 会议"))
        XCTAssertNil(MarkerParser.decimalMarker(at: "3个乡镇"))
        XCTAssertNil(MarkerParser.decimalMarker(at: "1.0 总则"))
        XCTAssertNil(MarkerParser.decimalMarker(at: "1.1.1.1.1 细则"))
        XCTAssertEqual(MarkerParser.decimalMarker(at: "4.1.2应急响应").map { [$0.text, "\($0.prefix)", "\($0.value)"] }, ["4.1.2", "[4, 1]", "2"])
        XCTAssertEqual(MarkerParser.decimalMarker(at: "8  附则")?.family, .decimal1)
    }
}
