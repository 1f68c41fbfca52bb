import Foundation
import XCTest
import WenshuTestSupport
import ZIPFoundation
@testable import WenshuAnalysis
@testable import WenshuText

final class CheckTests: XCTestCase {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let seed = root.appendingPathComponent("Corpus/seed/zhengxie-zongjie-5pian.txt")
    static let govreports = root.appendingPathComponent("../shared/corpus/govreports").standardized

    func analyzer() throws -> Analyzer {
        try Analyzer(dictionaries: Dictionaries(root: Self.root.appendingPathComponent("dictionaries")))
    }

    func seedPage() throws -> PageAnalysis {
        try analyzer().analyze(InputReader.read(Self.seed))
    }

    func testSeedPageSplitsIntoFiveDocumentsWithPageJunkApart() throws {
        let page = try seedPage()
        XCTAssertEqual(page.documents.count, 5)
        XCTAssertEqual(page.documents.map(\.title), (1...5).map { "政协工作总结和工作计划【第\(["一", "二", "三", "四", "五"][$0 - 1])篇】" })
        let pageText = page.pageParagraphs.map(\.text)
        XCTAssertEqual(pageText.first, "政协工作总结范文和工作计划汇总5篇")
        XCTAssertTrue(pageText.contains { $0.contains("喜欢就复制下载吧") })
        XCTAssertTrue(pageText.contains { $0.contains("1553982") }, "trailing junk stays page-level: \(pageText)")
        // No document swallows the furniture.
        for d in page.documents { XCTAssertFalse(d.paragraphs.contains { $0.text.contains("网友 分享") }) }
    }

    func testSeedNumberingDefectsOfEveryKind() throws {
        let page = try seedPage()
        func kinds(_ i: Int) -> [String] { page.documents[i].findings.map(\.kind).filter { $0.hasPrefix("numbering") } }
        // 第二篇: 1、2、 then 1、2、3、 with the heading between lost.
        XCTAssertEqual(kinds(1), ["numbering-restart"])
        let restart = page.documents[1].findings.first { $0.kind == "numbering-restart" }!
        XCTAssertEqual(restart.text, page.text.source.text(in: restart.range))
        XCTAssertTrue(restart.text.hasPrefix("1、健全办理制度"), restart.text)
        XCTAssertEqual(restart.line, 31)
        XCTAssertEqual(restart.column, 1)
        // 第三篇: the plan's (一)(二) were cut: (三) after (四).
        XCTAssertTrue(kinds(2).contains("numbering-gap") || kinds(2).contains("numbering-duplicate"), "\(kinds(2))")
        XCTAssertTrue(page.documents[2].findings.contains { $0.text.hasPrefix("(三)广泛分散共识") })
        // 第五篇: 一、 then 四、.
        let gap = page.documents[4].findings.first { $0.kind == "numbering-gap" }
        XCTAssertEqual(gap?.text.hasPrefix("四、工作措施"), true)
        XCTAssertEqual(gap?.suggestion, "二、")
        XCTAssertEqual(gap?.severity, .error)
        // 第一篇 and 第四篇 are numbered correctly.
        XCTAssertEqual(kinds(0), [])
        XCTAssertEqual(kinds(3), [])
    }

    func testSeedMissingPartsAgainstTheStructureTheTitlePromises() throws {
        let page = try seedPage()
        for d in page.documents { XCTAssertEqual(d.structure?.name, "工作总结和工作计划") }
        func status(_ i: Int) -> [String: String] {
            Dictionary(uniqueKeysWithValues: page.documents[i].sections.map { ($0.name, $0.status.rawValue) })
        }
        // 第一篇 reviews the year and neither names problems nor plans.
        XCTAssertEqual(status(0), ["主要工作和成绩": "present", "存在问题": "missing", "工作计划": "missing"])
        // 第二篇 mentions problems and a plan in one remark each (还存在一定差距。 / 在今后的办理工作中，
        // 我们将…做得更好。) and names none: found, but empty.
        XCTAssertEqual(status(1), ["主要工作和成绩": "present", "存在问题": "empty", "工作计划": "empty"])
        let thin = page.documents[1].findings.filter { $0.kind == "empty-section" }
        XCTAssertEqual(thin.map(\.line), [43, 45])
        XCTAssertEqual(thin.first?.text, "还存在一定差距。")
        // 第四篇's plan is a list (1、继续抓好理论学习 … 4、): one cue paragraph, but not a remark.
        XCTAssertEqual(status(3)["工作计划"], "present")
        // 第五篇 is only a plan.
        XCTAssertEqual(status(4), ["主要工作和成绩": "missing", "存在问题": "missing", "工作计划": "present"])
        XCTAssertEqual(page.documents[4].findings.filter { $0.kind == "missing-section" }.count, 2)
        XCTAssertEqual(page.worstSeverity, .error)
    }

    func testYearsAndPlaceholders() throws {
        let page = try seedPage()
        XCTAssertEqual(page.documents[2].years.year, 2021)
        XCTAssertTrue(page.documents[1].years.placeholders.contains("20xx年"))
        XCTAssertTrue(page.documents[4].years.placeholders.contains("20--年"))
        let p = ParagraphSplitter.paragraphs(of: try Normalizer(options: .documents).normalize("二〇二一年工作总结\n\n二〇二二年将继续努力。"))
        XCTAssertEqual(YearInfo.find(in: p, title: nil, kind: .summaryAndPlan).stated, [2021, 2022])
    }

    func testOutlineLevelsAndForms() throws {
        let text = """
        关于2023年工作的总结

        一、主要工作

        （一）加强学习，筑牢思想基础。全年组织学习12次。

        （二）围绕中心，积极建言献策。

        1.开展专题调研。一是走访企业；二是召开座谈会；四是形成报告。

        二、存在问题

        我们的工作还存在不足。
        """
        let page = try analyzer().analyze(InputReader.read(text: text, file: "draft.txt"))
        let d = page.documents[0]
        XCTAssertEqual(d.title, "关于2023年工作的总结")
        XCTAssertEqual(d.outline.roots.map(\.marker.text), ["一、", "二、"])
        XCTAssertEqual(d.outline.roots[0].children.map(\.marker.text), ["（一）", "（二）"])
        XCTAssertEqual(d.outline.roots[0].children[0].form, .runIn)
        XCTAssertEqual(d.outline.roots[0].children[0].title, "加强学习，筑牢思想基础")
        XCTAssertEqual(d.outline.roots[0].children[1].children.map(\.marker.text), ["1."])
        XCTAssertEqual(d.outline.roots[1].form, .heading)
        // The inline list 一是 二是 四是 misses 三是.
        let inline = d.findings.filter { $0.kind == "numbering-gap" }
        XCTAssertEqual(inline.map(\.text), ["四是"])
        XCTAssertEqual(inline.first?.suggestion, "三是")
        // 工作总结: the plan part is missing.
        XCTAssertEqual(d.sections.first { $0.name == "下一步打算" }?.status, .missing)
        XCTAssertEqual(d.sections.first { $0.name == "存在问题" }?.evidence, .heading)
    }

    func testHeadingLevelInversionAndMixedStyles() throws {
        let text = "工作总结\n\n（一）开展调研\n\n正文内容很多很多。\n\n一、主要工作\n\n正文。\n\n1、第一项\n\n2.第二项\n"
        let d = try analyzer().analyze(InputReader.read(text: text, file: "x.txt")).documents[0]
        let messages = d.findings.filter { $0.kind == "heading-level" }.map(\.message)
        XCTAssertTrue(messages.contains { $0.contains("（一）") && $0.contains("inverted") }, "\(messages)")
        XCTAssertTrue(messages.contains { $0.contains("two marker styles") }, "\(messages)")
    }

    func testListsNestedInsideHeadingsOfTheirOwnFamilyAreNotRestarts() throws {
        // 二、 [一、 二、 三、] 三、: the outer numbering goes on after the inner list, so the inner
        // list is nested (the State Council reports of 1955 and 1986 do this).
        let nested = "工作报告\n\n一、回顾\n\n正文。\n\n二、任务\n\n正文。\n\n一、\n\n第一项的正文。\n\n二、\n\n第二项的正文。\n\n三、\n\n第三项的正文。\n\n三、措施\n\n正文。\n"
        let d = try analyzer().analyze(InputReader.read(text: nested, file: "nested.txt")).documents[0]
        XCTAssertEqual(d.outline.roots.map(\.marker.text), ["一、", "二、", "三、"])
        XCTAssertEqual(d.outline.roots[1].children.map(\.marker.text), ["一、", "二、", "三、"])
        XCTAssertEqual(d.findings.filter { $0.kind.hasPrefix("numbering") }.map(\.message), [])
        // Clauses ending in ； are list items of running text inside the heading before them (1981, 1987).
        let clauses = "工作报告\n\n一、回顾\n\n正文。\n\n二、任务\n\n正文：\n\n一、节约能源，降低消耗；\n\n二、改革产品结构；\n"
        let c = try analyzer().analyze(InputReader.read(text: clauses, file: "clauses.txt")).documents[0]
        XCTAssertEqual(c.outline.roots.map(\.marker.text), ["一、", "二、"])
        XCTAssertEqual(c.outline.roots[1].children.map(\.form), [.item, .item])
        XCTAssertEqual(c.findings.filter { $0.kind.hasPrefix("numbering") }.map(\.message), [])
        // A list restarting under an unmarked heading line is a new list (1988).
        let parts = "工作报告\n\n过去五年的基本总结\n\n一、第一点\n\n正文。\n\n二、第二点\n\n正文。\n\n今后五年的目标和任务\n\n一、第一项任务\n\n正文。\n"
        let p = try analyzer().analyze(InputReader.read(text: parts, file: "parts.txt")).documents[0]
        XCTAssertEqual(p.findings.filter { $0.kind.hasPrefix("numbering") }.map(\.message), [])
        // Without any of that, a restart is still a restart: 1、2、 then 1、 with nothing between.
        let restart = "工作总结\n\n1、加强组织领导。\n\n正文。\n\n2、建立督办制度。\n\n正文。\n\n1、健全办理制度。\n\n正文。\n"
        let r = try analyzer().analyze(InputReader.read(text: restart, file: "restart.txt")).documents[0]
        XCTAssertEqual(r.findings.filter { $0.kind.hasPrefix("numbering") }.map(\.kind), ["numbering-restart"])
    }

    func testAnUntitledDraftIsCheckedByWhatItsOpeningSays() throws {
        // 第二篇 pasted without its title line: its opening (共收到…提案) makes it a 提案办理 summary.
        let text = try String(contentsOf: Self.seed, encoding: .utf8)
        let a = text.range(of: "政协工作总结和工作计划【第二篇】\n")!.upperBound
        let b = text.range(of: "政协工作总结和工作计划【第三篇】")!.lowerBound
        let d = try analyzer().analyze(InputReader.read(text: String(text[a..<b]), file: "pasted.txt")).documents[0]
        XCTAssertNil(d.title)
        XCTAssertEqual(d.structure?.name, "提案办理工作总结")
        XCTAssertEqual(d.structureChoice, .opening)
        let status = Dictionary(uniqueKeysWithValues: d.sections.map { ($0.name, $0.status) })
        XCTAssertEqual(status, ["基本情况": .present, "主要做法": .present, "办理成效": .present, "存在问题": .empty, "下一步打算": .empty])
        XCTAssertFalse(d.findings.contains { $0.kind == "section-order" }, "满意率 in the opening figures is not 办理成效 out of place")
        let json = try JSONReport.encode(JSONReport.page(try analyzer().analyze(InputReader.read(text: String(text[a..<b]), file: "pasted.txt"))))
        XCTAssertTrue(json.contains("\"structureFrom\" : \"opening\""))
        // A plan that says so in its first sentence, and a review that opens with what the year achieved.
        let plan = try analyzer().analyze(InputReader.read(text: "为了搞好明年的文化工作，特制订以下工作计划：\n\n一、指导思想\n\n以科学发展观为指导，扎实做好文化工作。\n\n二、主要任务\n\n组织开展群众文化活动，办好文化节。\n", file: "plan.txt")).documents[0]
        XCTAssertEqual(plan.structure?.kind, .plan)
        let review = try analyzer().analyze(InputReader.read(text: "2021年，区政协在区委坚强领导下，围绕中心工作建言献策，各项工作取得新进展新成效。\n\n一是加强学习。组织委员开展学习活动十二次，举办了培训班。\n\n二是开展调研。先后组织了三次专题调研，形成了调研报告。\n", file: "review.txt")).documents[0]
        XCTAssertEqual(review.structure?.name, "工作总结")
        XCTAssertEqual(review.structureChoice, .opening)
        // Nothing in an opening that says what it is: not checked, as before.
        let unknown = try analyzer().analyze(InputReader.read(text: "（一）加强学习，筑牢思想政治基础。县政协切实抓好常委会议学习。\n\n（二）建章立制，确保工作有序开展。研究制定了十五项规则制度。\n", file: "x.txt")).documents[0]
        XCTAssertNil(unknown.structure)
    }

    func testInlineListsThatRunAcrossParagraphs() throws {
        // 一是 … / 二是 … / 四是 …, one item opening each paragraph: 三是 is missing.
        let gap = "工作总结\n\n一是加强学习。组织委员学习十二次，举办了培训班。\n\n二是开展调研。先后组织三次专题调研，形成了调研报告。\n\n四是强化监督。开展民主监督活动五次。\n"
        let d = try analyzer().analyze(InputReader.read(text: gap, file: "gap.txt")).documents[0]
        let found = d.findings.filter { $0.kind.hasPrefix("numbering") }
        XCTAssertEqual(found.map(\.kind), ["numbering-gap"])
        XCTAssertEqual(found.first?.text, "四是")
        XCTAssertEqual(found.first?.suggestion, "三是")
        // A list that starts again inside a paragraph (…社会保障体系。一是…) is followed from there;
        // 第一， lists and 一是 lists are followed apart.
        let fine = "工作报告\n\n一是稳增长。正文。\n\n二是调结构。正文。\n\n加快完善社会保障体系。一是推进制度建设。\n\n二是扩大覆盖范围。正文。\n\n第三，深化改革。正文。\n\n三是加强管理。正文。\n"
        let e = try analyzer().analyze(InputReader.read(text: fine, file: "fine.txt")).documents[0]
        XCTAssertEqual(e.findings.filter { $0.kind.hasPrefix("numbering") }.map(\.message), [])
    }

    func testNoStructureMeansNotCheckedNeverClean() throws {
        let d = try analyzer().analyze(InputReader.read(text: "你好。\n", file: "short.txt")).documents[0]
        XCTAssertFalse(d.sections.contains { $0.status == .present })
        XCTAssertTrue(d.findings.contains { $0.kind == "structure-not-checked" })
    }

    func testRecentGovernmentReportsRaiseNoFalseNumberingFindings() throws {
        guard FileManager.default.fileExists(atPath: Self.govreports.path) else {
            throw XCTSkip("../shared/corpus/govreports not found; this test needs the State Council reports")
        }
        let analyzer = try analyzer()
        for year in [1992, 1993, 1994, 1997, 1999, 2001, 2004, 2008, 2012, 2016, 2018, 2021, 2023, 2024, 2025] {
            let page = try analyzer.analyze(InputReader.read(Self.govreports.appendingPathComponent("\(year).txt")))
            XCTAssertEqual(page.documents.count, 1, "\(year)")
            // No structure of a 政协 or department document is forced on a State Council report:
            // it is checked as a 政府工作报告 (GenreTests).
            // (2001 opens with the new five-year plan and says nowhere what it is: left alone.)
            XCTAssertTrue([nil, "政府工作报告"].contains(page.documents[0].structure?.name), "\(year)")
            let d = page.documents[0]
            XCTAssertGreaterThanOrEqual(d.outline.roots.count, 2, "\(year): top-level outline \(d.outline.roots.map(\.marker.text))")
            XCTAssertEqual(d.outline.roots.first?.marker.value, 1, "\(year)")
            let numbering = d.findings.filter { $0.kind.hasPrefix("numbering") || $0.kind == "heading-level" }
            XCTAssertEqual(numbering.map { "\($0.line): \($0.message)" }, [], "\(year)")
        }
        // Every report, the old ones too (nested 一、 lists under （一） and under 一、, lists of
        // clauses ending in ；, parts headed by unmarked lines): checked by hand, the only numbering
        // findings are 2007's lost （三） and the heading-level inversion of 1981 and 1985, which head
        // their parts with （一） and number the points inside them 一、 — a real departure from
        // GB/T 9704's order, reported as a warning — and 2010's doubled 四是 paragraph.
        var all: [String] = []
        let files = try FileManager.default.contentsOfDirectory(at: Self.govreports, includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "txt" }.sorted { $0.lastPathComponent < $1.lastPathComponent }
        XCTAssertEqual(files.count, 52)
        for file in files {
            let d = try analyzer.analyze(InputReader.read(file)).documents[0]
            for f in d.findings where f.kind.hasPrefix("numbering") || f.kind == "heading-level" {
                all.append("\(file.deletingPathExtension().lastPathComponent):\(f.line) \(f.kind)")
            }
        }
        // 2010's file says 四是加强风险管理… twice: at the end of line 212 and again opening line 214.
        XCTAssertEqual(all, ["1981:11 heading-level", "1985:17 heading-level", "2007:132 numbering-gap", "2010:214 numbering-duplicate"])
        // 2007's source lost the （三） under 三、 (（二） is followed by （四）): a real defect, found.
        let d2007 = try analyzer.analyze(InputReader.read(Self.govreports.appendingPathComponent("2007.txt"))).documents[0]
        XCTAssertTrue(d2007.findings.contains { $0.kind == "numbering-gap" && $0.text.hasPrefix("（四）加快推进产业结构升级") })
    }

    func testDocxAndGBKGiveTheSameFindingsAsUTF8() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("wenshu-check-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let paragraphs = ["2023年工作总结", "一、主要工作", "今年以来，我们开展了调研，召开了座谈会。", "三、下一步打算", "明年将继续努力。"]
        let utf8 = dir.appendingPathComponent("a.txt")
        try paragraphs.joined(separator: "\n\n").write(to: utf8, atomically: true, encoding: .utf8)
        let docx = dir.appendingPathComponent("a.docx")
        let archive = try Archive(url: docx, accessMode: .create)
        let body = paragraphs.map { "<w:p><w:r><w:t>\($0)</w:t></w:r></w:p>" }.joined()
        let files = [
            ("[Content_Types].xml", "<?xml version=\"1.0\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"><Default Extension=\"xml\" ContentType=\"application/xml\"/></Types>"),
            ("word/document.xml", "<?xml version=\"1.0\" encoding=\"UTF-8\"?><w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>\(body)</w:body></w:document>"),
        ]
        for (path, content) in files {
            let data = Data(content.utf8)
            try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(data.count), compressionMethod: .deflate) { p, n in
                data.subdata(in: Int(p)..<Int(p) + n)
            }
        }
        let analyzer = try analyzer()
        func summary(_ a: PageAnalysis) -> [String] {
            a.documents.flatMap { d in d.findings.map { "\($0.kind) \($0.text) \($0.message)" } + d.sections.map { "\($0.name) \($0.status)" } }
        }
        let fromText = try analyzer.analyze(InputReader.read(utf8))
        XCTAssertTrue(fromText.documents[0].findings.contains { $0.kind == "numbering-gap" })
        XCTAssertEqual(summary(try analyzer.analyze(InputReader.read(docx))), summary(fromText))
        // GBK: the bytes of the same text in GB18030 (which GBK is a subset of), made by ICU.
        let gbk = dir.appendingPathComponent("a-gbk.txt")
        let python = try? TestProcess.run(URL(fileURLWithPath: "/usr/bin/env"), ["python3", "-c", "import sys; open(sys.argv[2],'wb').write(open(sys.argv[1],encoding='utf-8').read().encode('gbk'))", utf8.path, gbk.path])
        guard python?.status == 0 else { throw XCTSkip("python3 is needed to write the GBK sample") }
        let fromGBK = try analyzer.analyze(InputReader.read(gbk))
        XCTAssertEqual(fromGBK.format, "GB18030")
        XCTAssertEqual(summary(fromGBK), summary(fromText))
    }
}
