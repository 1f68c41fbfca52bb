import Foundation
import XCTest
@testable import WenshuAnalysis
@testable import WenshuText

/// The finding-kind registry: each kind declared once beside its rule, read by every report.
final class FindingKindTests: XCTestCase {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let seed = root.appendingPathComponent("Corpus/seed/zhengxie-zongjie-5pian.txt")
    static let dictionaries = Dictionaries(root: root.appendingPathComponent("dictionaries"))

    /// The README's table of kinds is the registry's (regenerate it with `wenshu kinds --update README.md`).
    func testReadmeTableIsTheRegistry() throws {
        let readme = try String(contentsOf: Self.root.appendingPathComponent("README.md"), encoding: .utf8)
        let registry = try Analyzer(dictionaries: Self.dictionaries).findingKinds
        guard let regenerated = registry.replacingTable(in: readme) else {
            return XCTFail("README.md has no <!-- kinds:begin --> … <!-- kinds:end --> table")
        }
        XCTAssertTrue(regenerated == readme, "README's table of finding kinds is out of date: run `wenshu kinds --update README.md`:\n\(registry.markdownTable)")
        XCTAssertEqual(registry.replacingTable(in: "a\n<!-- kinds:begin -->\nold\n<!-- kinds:end -->\nb"),
                       "a\n<!-- kinds:begin -->\n" + registry.markdownTable + "<!-- kinds:end -->\nb")
    }

    /// Every finding of the seed page (with copy detection) is of a declared kind, each id is
    /// declared once, and every kind has a label and an explanation in both languages.
    func testEveryFindingOfTheSeedIsOfADeclaredKind() throws {
        let analyzer = try Analyzer(dictionaries: Self.dictionaries, templates: [Self.seed.deletingLastPathComponent()])
        let page = try analyzer.analyze(InputReader.read(Self.seed))
        let found = Set((page.pageFindings + page.documents.flatMap(\.findings)).map(\.kind))
        XCTAssertGreaterThanOrEqual(found.count, 9, "\(found.sorted())")
        for id in found { XCTAssertNotNil(page.kinds[id], "\(id) is not declared") }
        let ids = page.kinds.kinds.map(\.id)
        XCTAssertEqual(ids.count, Set(ids).count)
        for k in page.kinds.kinds {
            XCTAssertFalse(k.label.en.isEmpty || k.label.zh.isEmpty || k.explanation.en.isEmpty || k.explanation.zh.isEmpty, k.id)
            XCTAssertNotEqual(k.label.en, k.label.zh, "\(k.id): the Chinese label is not Chinese")
            XCTAssertTrue(k.colour.hasPrefix("#"), k.id)
        }
        // The copy rule's kind and the completeness kinds are in the analyzer's registry.
        XCTAssertNotNil(page.kinds[FindingKind.copiedText.id])
        XCTAssertNotNil(page.kinds[FindingKind.missingSection.id])
    }

    /// The HTML report takes a kind's label, colour and scope from its declaration: a kind a
    /// test declares here (no other file knows it) shows with its own label and colour, and a
    /// whole-document kind is listed above the text.
    func testTheHTMLReportReadsTheDeclaration() throws {
        let demo = FindingKind(id: "demo-term", severity: .warning,
                               label: Message(en: "office term", zh: "本单位用语"),
                               explanation: Message(en: "a term the office writes otherwise", zh: "本单位另有规范写法的用语"),
                               colour: "#123456", fill: "rgba(18, 52, 86, .2)")
        let whole = FindingKind(id: "demo-whole", severity: .info, label: Message(en: "whole note", zh: "全文提示"),
                                explanation: Message(en: "about the whole", zh: "关于全文"), scope: .document)
        struct DemoRule: DocumentRule {
            let demo: FindingKind, whole: FindingKind
            var kinds: [FindingKind] { [demo, whole] }
            func check(_ d: DocumentContext) -> [Finding] {
                guard let p = d.paragraphs.first(where: { $0.text.contains("政协") }), let last = d.paragraphs.last else { return [] }
                let i = p.text.unicodeScalars.distance(from: p.text.unicodeScalars.startIndex,
                                                       to: p.text.range(of: "政协")!.lowerBound.samePosition(in: p.text.unicodeScalars)!)
                return [d.findings.make(demo, Message(literal: "demo"), normalized: TextRange(start: p.range.start + i, end: p.range.start + i + 2)),
                        d.findings.make(whole, Message(literal: "whole"), normalized: TextRange(start: d.paragraphs[0].range.start, end: last.range.end))]
            }
        }
        var analyzer = try Analyzer(dictionaries: Self.dictionaries)
        analyzer.rules.append(DemoRule(demo: demo, whole: whole))
        var zh = analyzer
        zh.language = .zh
        let page = try zh.analyze(InputReader.read(Self.seed))
        XCTAssertEqual(page.kinds["demo-term"]?.label.zh, "本单位用语")
        let html = try HTMLReport.check([page])
        XCTAssertTrue(html.contains(".k-demo-term { --c: #123456; --bg: rgba(18, 52, 86, .2); }"), "colour from the declaration")
        XCTAssertTrue(html.contains("<span class=\"kind\">本单位用语</span>"), "label from the declaration")
        XCTAssertTrue(html.contains("data-kind=\"demo-term\">本单位用语</mark>"), "legend from the declaration")
        // The whole-document finding is a note in "关于全文", not a mark over the text.
        guard let about = html.range(of: "关于全文") else { return XCTFail("no whole-document list") }
        XCTAssertTrue(html[about.upperBound...].prefix(8000).contains("全文提示"))
        XCTAssertFalse(html.contains("<mark class=\"f k-demo-whole sev-"), "not marked over the text")
    }

    /// A finding's replacement (exact text for its range) and advice (prose) are apart; the JSON
    /// keeps `suggestion` (advice, else replacement) and says its version.
    func testReplacementAndAdviceApartInTheJSON() throws {
        let page = try Analyzer(dictionaries: Self.dictionaries).analyze(InputReader.read(Self.seed))
        let findings = page.pageFindings + page.documents.flatMap(\.findings)
        let spun = try XCTUnwrap(findings.first { $0.kind == FindingKind.spunPhrase.id && $0.text == "分散共识" })
        XCTAssertEqual(spun.replacement, "凝聚共识")
        XCTAssertNil(spun.advice)
        let placeholder = try XCTUnwrap(findings.first { $0.kind == FindingKind.placeholder.id })
        XCTAssertNil(placeholder.replacement, "a placeholder's fix is a person's")
        XCTAssertNotNil(placeholder.advice)
        let watermark = try XCTUnwrap(findings.first { $0.kind == FindingKind.watermark.id })
        XCTAssertEqual(watermark.replacement, "")
        XCTAssertEqual(watermark.suggestion, watermark.advice)
        let json = try JSONReport.encode(JSONReport.page(page))
        XCTAssertTrue(json.contains("\"version\" : \(JSONReport.version)"))
        XCTAssertTrue(json.contains("\"replacement\" : \"凝聚共识\""))
        let decoded = try JSONDecoder().decode(JSONReport.Page.self, from: Data(json.utf8))
        XCTAssertEqual(decoded.pageFindings + decoded.documents.flatMap(\.findings), findings)
    }
}
