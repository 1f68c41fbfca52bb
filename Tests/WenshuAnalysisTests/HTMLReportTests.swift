import Foundation
import XCTest
@testable import WenshuAnalysis
@testable import WenshuText

final class HTMLReportTests: XCTestCase {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let seed = root.appendingPathComponent("Corpus/seed/zhengxie-zongjie-5pian.txt")
    static let dictionaries = Dictionaries(root: root.appendingPathComponent("dictionaries"))

    func seedPage() throws -> PageAnalysis {
        try Analyzer(dictionaries: Self.dictionaries).analyze(InputReader.read(Self.seed))
    }

    /// Elements that must be closed, checked for balance and proper nesting.
    static let closed: Set<String> = ["html", "head", "body", "title", "style", "header", "main", "nav", "section", "article",
                                      "div", "p", "span", "mark", "sup", "a", "b", "small", "code", "ul", "ol", "li",
                                      "table", "thead", "tbody", "tr", "td", "th", "h1", "h2", "h3", "h4"]

    /// Every opened element is closed in order (so overlapping findings did not break the markup).
    func assertWellNested(_ html: String, file: StaticString = #filePath, line: UInt = #line) throws {
        // The style sheet has no tags; skip it.
        var body = html
        if let a = body.range(of: "<style>"), let b = body.range(of: "</style>") { body.removeSubrange(a.upperBound..<b.lowerBound) }
        let tag = try NSRegularExpression(pattern: "<(/?)([a-zA-Z0-9]+)[^>]*>")
        var stack: [String] = []
        for m in tag.matches(in: body, range: NSRange(body.startIndex..., in: body)) {
            let closing = !Range(m.range(at: 1), in: body)!.isEmpty
            let name = String(body[Range(m.range(at: 2), in: body)!]).lowercased()
            guard Self.closed.contains(name) else { continue }
            if closing {
                guard stack.last == name else {
                    return XCTFail("</\(name)> closes <\(stack.last ?? "nothing")>", file: file, line: line)
                }
                stack.removeLast()
            } else {
                stack.append(name)
            }
        }
        XCTAssertEqual(stack, [], "unclosed elements", file: file, line: line)
    }

    func testSeedReportHasEveryFindingSectionsAndNoNetwork() throws {
        let page = try seedPage()
        let html = try HTMLReport.check([page])
        let findings = page.pageFindings + page.documents.flatMap(\.findings)
        XCTAssertGreaterThan(findings.count, 50)
        for f in findings {
            XCTAssertTrue(html.contains(HTMLReport.esc(f.message)), "message missing: \(f.message)")
            if let s = f.suggestion { XCTAssertTrue(html.contains(HTMLReport.esc(s)), "suggestion missing: \(s)") }
        }
        // The placeholder of 第二篇 is marked in place with its kind's class.
        let placeholder = try NSRegularExpression(pattern: "<mark class=\"f k-placeholder sev-error\"[^>]*>20xx<sup class=\"ref\">")
        XCTAssertNotNil(placeholder.firstMatch(in: html, range: NSRange(html.startIndex..., in: html)), "20xx not marked as a placeholder")
        XCTAssertTrue(html.contains("<mark class=\"f k-scrape-junk sev-warning\""), "page-level junk marked")
        XCTAssertTrue(html.contains("喜欢就复制下载吧"))
        // Sections and their statuses.
        for status in ["present", "missing"] { XCTAssertTrue(html.contains("<span class=\"status st-\(status)\">"), status) }
        for d in page.documents { for s in d.sections { XCTAssertTrue(html.contains(HTMLReport.esc(s.name))) } }
        // Self-contained: nothing fetched, no script at all (the seed has no URL in it).
        XCTAssertFalse(html.contains("http://"))
        XCTAssertFalse(html.contains("https://"))
        for bad in ["<link", "<script", "<img", "<iframe", "src=", "@import", "url("] { XCTAssertFalse(html.contains(bad), bad) }
        XCTAssertTrue(html.hasPrefix("<!DOCTYPE html>\n<html lang=\"zh-CN\">"))
        XCTAssertTrue(html.contains("@media print"))
        // Without a taxonomy the themes are not made up.
        XCTAssertTrue(html.contains("themes: not computed"))
        XCTAssertFalse(html.contains("table class=\"chart\""))
        try assertWellNested(html)
    }

    func testEscapesInputAndKeepsURLsToTheText() throws {
        let text = "一、总结\n<b>粗体</b> & \"引号\" 'x' 在xx县 <script>alert(1)</script>\n本文来源:https://www.example.com/a?b=1&c=2\n"
        let page = try Analyzer(dictionaries: Self.dictionaries).analyze(InputReader.read(text: text, file: "<草稿>&.txt"))
        let html = try HTMLReport.check([page])
        XCTAssertTrue(html.contains("&lt;b&gt;粗体&lt;/b&gt; &amp; &quot;引号&quot; &#39;x&#39;"), html)
        XCTAssertFalse(html.contains("<b>粗体"))
        XCTAssertFalse(html.contains("<script"))
        XCTAssertTrue(html.contains("&lt;草稿&gt;&amp;.txt"))
        XCTAssertFalse(html.contains("<草稿>"))
        // The URL appears only as escaped text from the input (the text, the finding quoting it).
        let url = HTMLReport.esc("https://www.example.com/a?b=1&c=2")
        XCTAssertTrue(html.contains(url))
        let rest = html.replacingOccurrences(of: url, with: "").replacingOccurrences(of: "https://www.example.com", with: "")
        XCTAssertFalse(rest.contains("http://") || rest.contains("https://"), "a URL outside the input's text")
        XCTAssertFalse(html.contains("href=\"http"))
        XCTAssertTrue(html.contains("k-placeholder"), "xx县 is a placeholder")
        try assertWellNested(html)
    }

    func testCopiedPassagesBesideTheirSourceWithTheCopyRatio() throws {
        // A draft made of 第二篇's first part and some text of its own.
        let lines = try InputReader.read(Self.seed).text.components(separatedBy: "\n")
        let draft = lines[16..<31].joined(separator: "\n") + "\n二、存在问题\n调研不够深入。\n三、下一步打算\n加强学习。\n"
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("wenshu-html-draft-\(UUID().uuidString).txt")
        try draft.write(to: url, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: url) }
        let page = try Analyzer(dictionaries: Self.dictionaries, templates: [Self.seed]).analyze(InputReader.read(url))
        let copies = page.documents.flatMap(\.findings).filter { $0.kind == "copied-text" }
        XCTAssertFalse(copies.isEmpty)
        let themes = try ThemeTaxonomy.load(contentsOf: Self.dictionaries.url("themes/zhengxie.yaml"))
        let html = try HTMLReport.check([page], themes: themes)
        let seedText = SourceText(try InputReader.read(Self.seed).text)
        for f in copies {
            let source = try XCTUnwrap(f.source)
            XCTAssertTrue(html.contains("<p>" + HTMLReport.esc(seedText.text(in: source.range)) + "</p>"), "source passage shown")
            XCTAssertTrue(html.contains("<p class=\"k-copied-text\">" + HTMLReport.esc(f.text) + "</p>"), "draft passage shown")
        }
        // The copy ratio agrees with the one the findings state.
        let stated = try XCTUnwrap(copies[0].message.range(of: #"copy ratio is (\d+)%"#, options: .regularExpression)).lowerBound
        let percent = Int(copies[0].message[stated...].dropFirst("copy ratio is ".count).prefix { $0.isNumber })!
        let ratio = try XCTUnwrap(HTMLReport.copyRatio(page.documents[0], page.text))
        XCTAssertEqual(Int((ratio * 100).rounded()), percent)
        XCTAssertTrue(html.contains(String(format: "%.1f%%", ratio * 100)))
        // Theme shares as a chart, 提案工作 first for a text about 提案.
        XCTAssertFalse(html.contains("themes: not computed"))
        let chart = try XCTUnwrap(html.range(of: "<table class=\"chart\"><tbody>\n<tr><th>"))
        XCTAssertTrue(html[chart.upperBound...].hasPrefix("提案工作"))
        try assertWellNested(html)
    }

    func testOverlappingFindingsNestAndEachIsMarkedOnce() throws {
        let text = "工作总结\n一、主要工作\n今年我们在xx县顽强领导下完成了20xx年的任务。\n"
        let s = SourceText(text)
        let a = Finding(kind: "copied-text", severity: .warning, message: "outer", range: TextRange(start: 13, end: 30), line: 3, column: 1, text: s.text(in: TextRange(start: 13, end: 30)))
        let b = Finding(kind: "placeholder", severity: .error, message: "inner", range: TextRange(start: 17, end: 20), line: 3, column: 6, text: "xx县")
        let c = Finding(kind: "spun-phrase", severity: .warning, message: "crossing", range: TextRange(start: 19, end: 25), line: 3, column: 8, text: "县顽强领导下")
        let d = Finding(kind: "missing-section", severity: .error, message: "point", range: TextRange(start: 37, end: 37), line: 3, column: 26, text: "")
        let out = HTMLReport.renderText(s, ranges: [TextRange(start: 0, end: s.count)], findings: [d, c, b, a], idPrefix: "t")
        try assertWellNested("<div>" + out + "</div>")
        for n in 1...4 { XCTAssertEqual(out.components(separatedBy: "id=\"t-m\(n)\"").count, 2, "mark \(n) has one anchor") }
        for m in ["outer", "inner", "crossing", "point"] { XCTAssertTrue(out.contains(m)) }
        XCTAssertTrue(out.contains("class=\"pin f k-missing-section"))
    }
}
