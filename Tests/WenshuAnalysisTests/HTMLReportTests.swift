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
        // An English report of Chinese text: the text itself is marked as Chinese.
        XCTAssertTrue(html.hasPrefix("<!DOCTYPE html>\n<html lang=\"en\">"))
        XCTAssertTrue(html.contains("<div class=\"doctext\" lang=\"zh-CN\">"))
        XCTAssertTrue(html.contains("@media print"))
        // Without a taxonomy the themes are not made up.
        XCTAssertTrue(html.contains("Themes not computed."))
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
        XCTAssertFalse(html.contains("Themes not computed."))
        let chart = try XCTUnwrap(html.range(of: "<table class=\"chart\"><tbody>\n<tr><th>"))
        XCTAssertTrue(html[chart.upperBound...].hasPrefix("提案工作"))
        try assertWellNested(html)
    }

    // MARK: - The report's language

    /// Words of the English report's own labels: none may be left in a Chinese report.
    static let englishLabels = [
        "check report", "file", "files", "document", "documents", "untitled", "Page-level", "outside every document", "None",
        "lines", "kind", "checked as", "structure not checked", "year", "plans for", "years stated", "placeholder years",
        "Sections", "section", "status", "where", "present", "missing", "empty", "out of order", "not checked", "required",
        "optional", "by its heading", "by a cue phrase", "line", "Outline", "heading", "run-in heading", "list item",
        "inline list", "No headings", "Copy ratio", "copied characters", "No copied passage", "Themes", "Themes not computed",
        "share of the text", "About the whole document", "Text", "findings marked in place", "Copied passages", "This draft",
        "Source", "similarity", "error", "errors", "warning", "warnings", "info", "Suggestion", "suggestion", "Marks",
        "section starts", "something missing here", "No findings", "numbering gap", "numbering restarts", "template placeholder",
        "web page junk", "anti-copy watermark", "broken text", "repeated sentence", "spun phrase", "stock phrases", "copied passage",
        "missing section", "empty section", "section order", "heading level", "column",
    ]

    /// What a reader sees of a page: the text outside tags (style left out), entities decoded,
    /// and the title attributes (tooltips).
    static func visibleText(_ html: String) throws -> String {
        var body = html
        if let a = body.range(of: "<style>"), let b = body.range(of: "</style>") { body.removeSubrange(a.lowerBound..<b.upperBound) }
        let titles = try NSRegularExpression(pattern: " title=\"([^\"]*)\"").matches(in: body, range: NSRange(body.startIndex..., in: body))
            .map { String(body[Range($0.range(at: 1), in: body)!]) }
        let text = try NSRegularExpression(pattern: "<[^>]*>").stringByReplacingMatches(
            in: body, range: NSRange(body.startIndex..., in: body), withTemplate: "\n")
        return ([text] + titles).joined(separator: "\n")
            .replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&#39;", with: "'")
            .replacingOccurrences(of: "&amp;", with: "&")
    }

    /// The English labels found in `visible` (whole words), once the input's own text and the
    /// findings' messages, suggestions and quoted text are taken out.
    static func englishLabelsLeft(in visible: String, page: PageAnalysis) -> [String] {
        var rest = visible
        let findings = page.pageFindings + page.documents.flatMap(\.findings)
        let quoted = findings.flatMap { [$0.message, $0.suggestion ?? "", $0.text] } + page.text.source.text(in: TextRange(start: 0, end: page.text.source.count)).components(separatedBy: "\n")
        for q in quoted.filter({ !$0.isEmpty }).sorted(by: { $0.count > $1.count }) { rest = rest.replacingOccurrences(of: q, with: " ") }
        return englishLabels.filter { label in
            rest.range(of: "(?<![A-Za-z-])" + NSRegularExpression.escapedPattern(for: label) + "(?![A-Za-z-])",
                       options: [.regularExpression]) != nil
        }
    }

    /// The texts of elements with this class (a whole class name; one level deep, tags left out).
    static func texts(ofClass cls: String, in html: String) throws -> [String] {
        let re = try NSRegularExpression(pattern: "<(span|mark|h[1-4]|th)[^>]* class=\"(?:[^\"]* )?\(cls)(?: [^\"]*)?\"[^>]*>(.*?)</\\1>")
        return re.matches(in: html, range: NSRange(html.startIndex..., in: html)).map {
            String(html[Range($0.range(at: 2), in: html)!]).replacingOccurrences(of: "<[^>]*>", with: "", options: .regularExpression)
        }
    }

    static func hasHan(_ s: String) -> Bool { s.unicodeScalars.contains { (0x4E00...0x9FFF).contains($0.value) } }
    static func hasLatin(_ s: String) -> Bool { s.unicodeScalars.contains { ("a"..."z").contains($0) || ("A"..."Z").contains($0) } }

    func testChineseReportHasOnlyChineseLabelsAndStillMarksEveryFinding() throws {
        var analyzer = try Analyzer(dictionaries: Self.dictionaries)
        analyzer.language = .zh
        let page = try analyzer.analyze(InputReader.read(Self.seed))
        let themes = try ThemeTaxonomy.load(contentsOf: Self.dictionaries.url("themes/zhengxie.yaml"))
        let html = try HTMLReport.check([page], themes: themes)
        XCTAssertTrue(html.hasPrefix("<!DOCTYPE html>\n<html lang=\"zh-CN\">"))
        XCTAssertEqual(Self.englishLabelsLeft(in: try Self.visibleText(html), page: page), [], "English labels in the zh report")
        // Status words, severities, kinds in notes and legend, headings: Chinese.
        for cls in ["status", "sev", "kind", "sec-tag", "count"] {
            let texts = try Self.texts(ofClass: cls, in: html)
            XCTAssertFalse(texts.isEmpty, cls)
            for t in texts { XCTAssertFalse(Self.hasLatin(t), "\(cls): \(t)"); XCTAssertTrue(Self.hasHan(t), "\(cls): \(t)") }
        }
        let headings = try NSRegularExpression(pattern: "<h(1|3)>(.*?)</h\\1>").matches(in: html, range: NSRange(html.startIndex..., in: html))
            .map { String(html[Range($0.range(at: 2), in: html)!]).replacingOccurrences(of: "<[^>]*>", with: "", options: .regularExpression) }
        XCTAssertGreaterThan(headings.count, 10)
        for h in headings { XCTAssertFalse(Self.hasLatin(h.replacingOccurrences(of: "Wenshu", with: "")), h) }

        // Every finding is still there: a note for each, with its Chinese message; every finding
        // not about the whole document marked in the text (a mark or a pin with its id).
        let findings = page.pageFindings + page.documents.flatMap(\.findings)
        XCTAssertEqual(html.components(separatedBy: "<li class=\"note ").count - 1, findings.count)
        for f in findings {
            XCTAssertTrue(Self.hasHan(f.message), f.message)
            XCTAssertTrue(html.contains(HTMLReport.esc(f.message)), "message missing: \(f.message)")
        }
        var ui = HTMLReport.UI(page.language)
        ui.kinds = page.kinds
        let whole = page.documents.reduce(0) { n, d in
            n + d.findings.filter { HTMLReport.isWholeDocument($0, page.text.originalRange(of: d.range), ui) }.count
        }
        let marked = try NSRegularExpression(pattern: " id=\"f\\d+-[0-9p]+-m\\d+\"").numberOfMatches(in: html, range: NSRange(html.startIndex..., in: html))
        XCTAssertEqual(marked, findings.count - whole)
        // 第二篇's placeholder, restart and watermark, with Chinese tooltips.
        XCTAssertTrue(html.contains("<mark class=\"f k-placeholder sev-error\""))
        XCTAssertTrue(html.contains("title=\"[错误 · 模板占位符]"))
        XCTAssertTrue(html.contains("title=\"[警告 · 序号重起]"))
        XCTAssertTrue(html.contains("<mark class=\"f k-watermark sev-warning\""))
        // 第一篇 misses 存在问题 and 工作计划: pins where they should be, and the sections found are tagged.
        XCTAssertTrue(html.contains("<span class=\"pin f k-missing-section sev-error\""))
        XCTAssertTrue(html.contains("<span class=\"status st-missing\">缺</span>"))
        XCTAssertTrue(html.contains("§ 存在问题 <span class=\"how\">据提示语，空</span>"))
        try assertWellNested(html)
    }

    func testEnglishReportHasOnlyEnglishLabels() throws {
        let page = try seedPage()
        let html = try HTMLReport.check([page], themes: try ThemeTaxonomy.load(contentsOf: Self.dictionaries.url("themes/zhengxie.yaml")))
        for cls in ["status", "sev", "kind", "count"] {
            let texts = try Self.texts(ofClass: cls, in: html)
            XCTAssertFalse(texts.isEmpty, cls)
            for t in texts { XCTAssertFalse(Self.hasHan(t), "\(cls): \(t)") }
        }
        for t in try Self.texts(ofClass: "sec-tag", in: html) where t != "§ section starts" {  // (the legend's)
            // "§ 存在问题 by a cue phrase": the section's name is the structure's, the words English.
            XCTAssertTrue(t.hasSuffix("by a cue phrase") || t.hasSuffix("by its heading") || t.contains(", "), t)
        }
        // Headings, without the structure's name in their <small>: English only.
        let headings = try NSRegularExpression(pattern: "<h(1|3)>(.*?)</h\\1>").matches(in: html, range: NSRange(html.startIndex..., in: html))
            .map { String(html[Range($0.range(at: 2), in: html)!]).replacingOccurrences(of: "<small>[^<]*</small>", with: "", options: .regularExpression) }
        XCTAssertGreaterThan(headings.count, 10)
        for h in headings { XCTAssertFalse(Self.hasHan(h), h) }
        for label in ["建议：", ">必需<", "据提示语", "标记：", "第 1–"] { XCTAssertFalse(html.contains(label), label) }
        // The language can be forced whatever the messages' language.
        XCTAssertTrue(try HTMLReport.check([page], language: .zh).contains("<h3>提纲</h3>"))
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
