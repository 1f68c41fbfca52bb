import Foundation
import WenshuText

/// The report of `wenshu check --format html`: one self-contained HTML file (inline style, no
/// script, no network) for people who review drafts. Per file and per document it shows the
/// original text with every finding marked in place (coloured by kind, numbered, with its
/// message and suggestion in a side note that also prints), where each section of the reference
/// structure starts, the sections with their status, the outline, copied passages beside their
/// source passages, the copy ratio and the theme shares. Every string from the input is
/// HTML-escaped.
///
/// The report's own words (headings, legends, status words) are in the report language, as the
/// findings' messages are (`--lang`): all Chinese for `zh`, all English for `en`.
public enum HTMLReport {
    /// - Parameters:
    ///   - themes: the theme taxonomy for the theme-share chart; without one the report says
    ///     the themes were not computed (and why, `themesUnavailable`, if given).
    ///   - language: the language of the report's own words; by default that of the pages'
    ///     messages (the analyzer's `language`).
    ///   - notChecked: why each file that could not be read was not checked (its error, naming
    ///     it), listed at the top: a file left out is said in the report, never taken as clean.
    public static func check(_ pages: [PageAnalysis], themes: ThemeTaxonomy? = nil, themesUnavailable: String? = nil,
                             language: ReportLanguage? = nil, notChecked: [String] = []) throws -> String {
        var ui = UI(language ?? pages.first?.language ?? .en)
        ui.kinds = FindingKindRegistry(pages.flatMap(\.kinds.kinds))
        let documentCount = pages.reduce(0) { $0 + $1.documents.count }
        let title = pages.count == 1 ? pages[0].file : ui("\(pages.count) files", "\(pages.count) 个文件")
        var out = """
        <!DOCTYPE html>
        <html lang="\(ui.htmlLang)">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <meta name="generator" content="wenshu check --format html">
        <title>\(esc(ui("Wenshu check report", "Wenshu 文书检查报告") + " — " + title))</title>
        <style>\(css)\(kindCSS(ui.kinds))</style>
        </head>
        <body>
        <header class="top">
        <h1>\(ui("Wenshu check report", "Wenshu 文书检查报告"))</h1>

        """
        out += "<p class=\"summary\">" + ui.count(pages.count, "file", "个文件") + " · " + ui.count(documentCount, "document", "篇文书") + " · "
        out += severityCounts(pages.flatMap { $0.pageFindings + $0.documents.flatMap(\.findings) }, ui) + "</p>\n"
        if !notChecked.isEmpty {
            out += "<section class=\"not-checked\"><h2>" + ui("Not checked", "未检查") + " <small>" + ui.count(notChecked.count, "file", "个文件")
                + ui(" could not be read", "无法读取") + "</small></h2><ul>\n"
            out += notChecked.map { "<li>\(esc($0))</li>\n" }.joined() + "</ul></section>\n"
        }
        out += "<nav class=\"toc\"><ol>\n"
        for (p, page) in pages.enumerated() {
            out += "<li><a href=\"#file-\(p)\">\(esc(page.file))</a>"
            if !page.documents.isEmpty {
                out += "<ol>" + page.documents.map { d in
                    "<li><a href=\"#doc-\(p)-\(d.index)\">[\(d.index + 1)] \(esc(d.title ?? ui("(untitled)", "（无标题）")))</a> "
                        + severityCounts(d.findings, ui) + "</li>"
                }.joined() + "</ol>"
            }
            out += "</li>\n"
        }
        out += "</ol></nav>\n" + legend(pages, ui) + "</header>\n<main>\n"
        for (p, page) in pages.enumerated() {
            out += renderPage(page, number: p, themes: themes, themesUnavailable: themesUnavailable, ui: ui)
        }
        out += "</main>\n</body>\n</html>\n"
        return out
    }

    /// The report's own words in one language: `ui("Sections", "结构")`.
    struct UI: Sendable {
        let language: ReportLanguage
        init(_ language: ReportLanguage) { self.language = language }
        /// The finding kinds of the pages: their labels, colours and scopes.
        var kinds = FindingKindRegistry([])
        var zh: Bool { language == .zh }
        var htmlLang: String { zh ? "zh-CN" : "en" }
        func callAsFunction(_ en: String, _ zh: String) -> String { self.zh ? zh : en }
        /// "3 files" / "3 个文件".
        func count(_ n: Int, _ en: String, _ zh: String) -> String { self.zh ? "\(n) \(zh)" : "\(n) \(en)\(n == 1 ? "" : "s")" }
        /// A line and column: "line 17, column 171" / "第 17 行第 171 字" (for tooltips).
        func location(_ line: Int, _ column: Int) -> String { zh ? "第 \(line) 行第 \(column) 字" : "line \(line), column \(column)" }
    }

    // MARK: - Pages and documents

    static func renderPage(_ page: PageAnalysis, number p: Int, themes: ThemeTaxonomy?, themesUnavailable: String?, ui: UI) -> String {
        let source = page.text.source
        var out = "<section class=\"file\" id=\"file-\(p)\">\n"
        out += "<h2 class=\"filename\">\(esc(page.file)) <small>\(esc(page.format))</small></h2>\n"
        out += "<p class=\"meta\">\(ui.count(page.documents.count, "document", "篇文书")) · \(severityCounts(page.pageFindings + page.documents.flatMap(\.findings), ui))</p>\n"

        // Page-level text: what belongs to no document (the site's title and furniture, junk).
        out += "<section class=\"pagelevel\">\n<h3>" + ui("Page-level text <small>outside every document</small>", "页面残留 <small>不属于任何一篇文书的文字</small>") + "</h3>\n"
        if page.pageParagraphs.isEmpty && page.pageFindings.isEmpty {
            out += "<p class=\"none\">" + ui("None: all the text belongs to a document.", "无：全部文字都属于某一篇文书。") + "</p>\n"
        } else {
            let ranges = page.pageParagraphs.map { page.text.originalRange(of: $0.range) }
            out += renderText(source, ranges: ranges, findings: page.pageFindings, idPrefix: "f\(p)-p", ui: ui)
        }
        out += "</section>\n"

        for d in page.documents {
            out += renderDocument(d, page: page, p: p, themes: themes, themesUnavailable: themesUnavailable, ui: ui)
        }
        if page.documents.isEmpty { out += "<p class=\"none\">" + ui("No document was found in this file.", "这个文件里没有找到文书。") + "</p>\n" }
        out += "</section>\n"
        return out
    }

    static func renderDocument(_ d: AnalyzedDocument, page: PageAnalysis, p: Int, themes: ThemeTaxonomy?, themesUnavailable: String?,
                               ui: UI) -> String {
        let t = page.text
        let original = t.originalRange(of: d.range)
        let first = t.source.location(of: original.start).line
        let last = t.source.location(of: max(original.start, original.end - 1)).line
        var out = "<article class=\"document\" id=\"doc-\(p)-\(d.index)\">\n"
        out += "<h2>[\(d.index + 1)] \(esc(d.title ?? ui("(untitled)", "（无标题）")))</h2>\n"
        let kind = ReportLabels.kinds[d.kind].map { ui($0.en, $0.zh) } ?? d.kind.rawValue
        var meta = [ui("lines \(first)–\(last)", "第 \(first)–\(last) 行"), esc(kind)]
        let byOpening = d.structureChoice == .opening ? ui(" (by its opening)", "（据开头判断）") : d.structureChoice == .outline ? ui(" (by its outline)", "（据提纲判断）") : ""
        meta.append(d.structure.map { ui("checked as <b>\(esc($0.name))</b>", "按<b>\(esc($0.name))</b>检查") + byOpening }
                    ?? ui("structure not checked", "未检查结构"))
        if let y = d.years.year { meta.append(ui("year \(y)", "\(y) 年度")) }
        if let y = d.years.yearPlanned { meta.append(ui("plans for \(y)", "计划 \(y) 年")) }
        if !d.years.stated.isEmpty { meta.append(ui("years stated ", "提到的年份 ") + d.years.stated.map(String.init).joined(separator: " ")) }
        if !d.years.placeholders.isEmpty {
            meta.append(ui("placeholder years ", "占位年份 ") + "<span class=\"bad\">" + esc(Array(Set(d.years.placeholders)).sorted().joined(separator: " ")) + "</span>")
        }
        out += "<p class=\"meta\">" + meta.joined(separator: " · ") + " · " + severityCounts(d.findings, ui) + "</p>\n"

        out += "<div class=\"panels\">\n"
        out += renderSections(d, t, ui)
        out += renderOutline(d, t, ui)
        out += renderCopyRatio(d, t, ui)
        out += renderThemes(d, themes: themes, unavailable: themesUnavailable, ui)
        out += "</div>\n"

        let whole = d.findings.filter { isWholeDocument($0, original, ui) }
        let inline = d.findings.filter { !isWholeDocument($0, original, ui) }
        if !whole.isEmpty {
            out += "<section class=\"whole\"><h3>" + ui("About the whole document", "关于全文") + "</h3><ul class=\"notes\">\n"
            for (k, f) in whole.enumerated() { out += note(f, number: "W\(k + 1)", target: nil, ui) }
            out += "</ul></section>\n"
        }
        out += renderCopies(d, t, ui)
        out += "<section class=\"text\"><h3>" + ui("Text <small>findings marked in place, notes beside each paragraph; § where each section starts</small>",
                                                   "正文 <small>问题在原文中标出，说明在段落旁边；§ 标出各部分的起点</small>") + "</h3>\n"
        out += renderText(t.source, ranges: [original], findings: inline, idPrefix: "f\(p)-\(d.index)", ui: ui,
                          sectionTags: sectionTags(d, t, ui))
        out += "</section>\n</article>\n"
        return out
    }

    /// Findings about the whole document (of a kind whose scope is the document, or marking
    /// most of it) are listed above its text instead of marking it all; copied passages stay in place.
    static func isWholeDocument(_ f: Finding, _ document: TextRange, _ ui: UI) -> Bool {
        if ui.kinds[f.kind]?.scope == .document { return true }
        return !FindingKind.copiedText.matches(f) && document.count > 200 && f.range.count * 2 > document.count
    }

    static func status(_ s: SectionStatus.Status, _ ui: UI) -> String { ReportLabels.statuses[s].map { ui($0.en, $0.zh) } ?? s.rawValue }
    static func evidence(_ e: SectionStatus.Evidence, _ ui: UI) -> String { ReportLabels.evidence[e].map { ui($0.en, $0.zh) } ?? e.rawValue }

    static func renderSections(_ d: AnalyzedDocument, _ t: NormalizedText, _ ui: UI) -> String {
        var out = "<section class=\"panel sections\"><h3>" + ui("Sections", "结构")
        if let s = d.structure { out += " <small>\(esc(s.name))</small>" }
        out += "</h3>\n"
        guard !d.sections.isEmpty else {
            // The reason no structure applies, and the structures one may name (--structure, or
            // the menu of `wenshu serve`), as the structure-not-checked finding gives them.
            if let why = d.findings.first(where: { FindingKind.structureNotChecked.matches($0) }) {
                return out + "<p class=\"none\">" + esc(why.message) + "</p></section>\n"
            }
            return out + "<p class=\"none\">" + ui("Not checked: neither the title nor the opening says what kind of document this is (pass --structure NAME).",
                                                   "未检查：标题和开头都看不出是哪类文书（可以指定文书类型）。") + "</p></section>\n"
        }
        out += "<table><thead><tr><th>" + ui("section", "部分") + "</th><th>" + ui("status", "状态") + "</th><th>" + ui("where", "位置") + "</th></tr></thead><tbody>\n"
        for s in d.sections {
            let st = s.status.rawValue
            var where_ = s.evidence == .none ? "—" : esc(evidence(s.evidence, ui))
            if let r = s.range { where_ += ui(", line ", "，第 ") + "\(t.location(ofNormalized: r.start).line)" + ui("", " 行") }
            out += "<tr class=\"st-\(st)\"><td>\(esc(s.name))"
            out += s.required ? " <span class=\"req\">" + ui("required", "必需") + "</span>" : " <span class=\"opt\">" + ui("optional", "可选") + "</span>"
            out += "</td><td><span class=\"status st-\(st)\">\(esc(status(s.status, ui)))</span></td><td>\(where_)</td></tr>\n"
        }
        return out + "</tbody></table></section>\n"
    }

    /// Where each section found starts (the line of its heading or first cue), as a tag shown
    /// at the start of that line of the text: original offset → the tag's HTML.
    static func sectionTags(_ d: AnalyzedDocument, _ t: NormalizedText, _ ui: UI) -> [(offset: Int, html: String)] {
        d.sections.compactMap { s in
            guard let r = s.range, s.status != .missing, s.status != .notChecked else { return nil }
            let how = evidence(s.evidence, ui)
            let label = "§ " + esc(s.name) + " <span class=\"how\">" + esc(how)
                + (s.status == .present ? "" : ui(", ", "，") + esc(status(s.status, ui))) + "</span>"
            return (t.originalRange(of: TextRange(start: r.start, end: r.start)).start,
                    "<span class=\"sec-tag st-\(s.status.rawValue)\" title=\"\(esc(ui("section ", "部分：") + s.name + ui(" starts here (", "从这里开始（") + how + ui(")", "）")))\">\(label)</span>")
        }
    }

    static let formLabels: [OutlineNode.Form: (en: String, zh: String)] = [
        .heading: ("heading", "标题"), .runIn: ("run-in heading", "段首标题"), .item: ("list item", "条目"),
    ]

    static func renderOutline(_ d: AnalyzedDocument, _ t: NormalizedText, _ ui: UI) -> String {
        var out = "<section class=\"panel outline\"><h3>" + ui("Outline", "提纲") + "</h3>\n"
        func walk(_ nodes: [OutlineNode]) -> String {
            "<ol>" + nodes.map { n in
                let loc = t.location(ofNormalized: n.titleRange.start)
                let form = formLabels[n.form].map { ui($0.en, $0.zh) } ?? n.form.rawValue
                return "<li><span class=\"marker\">\(esc(n.marker.text))</span>\(n.marker.family.decimalDepth == nil ? "" : " ")\(esc(n.title)) <span class=\"loc\" title=\"\(esc(ui.location(loc.line, loc.column)))\">\(loc.line):\(loc.column) \(esc(form))</span>"
                    + (n.children.isEmpty ? "" : walk(n.children)) + "</li>"
            }.joined() + "</ol>"
        }
        if d.outline.roots.isEmpty { out += "<p class=\"none\">" + ui("No headings.", "没有标题。") + "</p>" } else { out += walk(d.outline.roots) }
        for list in d.outline.inlineLists {
            let loc = t.location(ofNormalized: list.items[0].range.start)
            out += "<p class=\"inline-list\">" + ui("inline list", "行内列举") + " <span class=\"loc\">\(loc.line):\(loc.column)</span> "
                + esc(list.items.map(\.text).joined(separator: " ")) + "</p>"
        }
        return out + "\n</section>\n"
    }

    /// The document's copy ratio, as the copy check computed it (nil when it found no copied passage).
    static func copyRatio(_ d: AnalyzedDocument, _ t: NormalizedText) -> Double? {
        guard let copy = d.copy, !copy.passages.isEmpty, copy.characters > 0 else { return nil }
        return copy.ratio
    }

    static func renderCopyRatio(_ d: AnalyzedDocument, _ t: NormalizedText, _ ui: UI) -> String {
        var out = "<section class=\"panel copyratio\"><h3>" + ui("Copy ratio", "复制比") + "</h3>\n"
        if let r = copyRatio(d, t) {
            let pct = String(format: "%.1f%%", r * 100)
            let n = d.copy?.passages.count ?? 0
            out += "<p class=\"ratio\(r >= 0.5 ? " bad" : "")\">\(pct)</p>"
            out += "<div class=\"bar\"><span class=\"k-copied-text\" style=\"width: \(String(format: "%.1f", r * 100))%\"></span></div>"
            out += "<p class=\"small\">" + ui("copied characters over all characters; \(n) copied passage\(n == 1 ? "" : "s")",
                                              "复制的字数占全文字数的比例；复制段落 \(n) 处") + "</p>"
        } else if d.copy == nil {
            out += "<p class=\"placeholder\">" + ui("Not checked: no template library or corpus store was given (<code>--templates DIR</code>, <code>--store PATH</code>).",
                                                    "未检查：没有提供范文库或语料库（<code>--templates</code>、<code>--store</code>）。") + "</p>"
        } else {
            out += "<p class=\"none\">" + ui("No copied passage found in the template library.", "在范文库中未发现复制段落。") + "</p>"
        }
        return out + "\n</section>\n"
    }

    static func renderThemes(_ d: AnalyzedDocument, themes: ThemeTaxonomy?, unavailable: String?, _ ui: UI) -> String {
        var out = "<section class=\"panel themes\"><h3>" + ui("Themes", "主题") + "</h3>\n"
        guard let themes else {
            out += "<p class=\"placeholder\">" + ui("Themes not computed.", "未计算主题。") + "</p>"
            if let unavailable { out += "<p class=\"small\">" + ui("The theme taxonomy could not be read: ", "无法读取主题分类：") + esc(unavailable) + "</p>" }
            return out + "\n</section>\n"
        }
        if let name = themes.name { out += "<p class=\"small taxonomy\">" + ui("Taxonomy: ", "主题分类：") + esc(name) + "</p>\n" }
        let ranked = themes.ranked(themes.shares(ofParagraphs: d.paragraphs.map { $0.scalars[...] }))
        if let top = ranked.first?.share {
            out += "<table class=\"chart\"><tbody>\n"
            for s in ranked {
                let pct = String(format: "%.1f", s.share * 100)
                out += "<tr><th>\(esc(s.theme))</th><td><div class=\"bar\"><span style=\"width: \(String(format: "%.1f", s.share / top * 100))%\"></span></div></td><td class=\"num\">\(pct)%</td></tr>\n"
            }
            out += "</tbody></table><p class=\"small\">" + ui("share of the text about each theme (by the seed terms of \(themes.themes.count) themes)",
                                                              "各主题在全文中所占比重（按 \(themes.themes.count) 个主题的主题词计算）") + "</p>"
        } else {
            out += "<p class=\"none\">" + ui("No term of any theme occurs in this document.", "文中没有出现任何主题的主题词。") + "</p>"
        }
        return out + "\n</section>\n"
    }

    /// Each copied passage beside its source's text, as the copy check kept it (no file is read).
    static func renderCopies(_ d: AnalyzedDocument, _ t: NormalizedText, _ ui: UI) -> String {
        guard let copies = d.copy?.passages, !copies.isEmpty else { return "" }
        var out = "<section class=\"copies\"><h3>" + ui("Copied passages <small>the draft beside its source</small>", "复制段落 <small>本文与来源对照</small>") + "</h3>\n"
        for c in copies {
            let at = t.source.location(of: c.range.start)
            out += "<div class=\"copy\"><div class=\"draft\"><h4>" + ui("This draft", "本文")
            out += " <span class=\"loc\" title=\"\(esc(ui.location(at.line, at.column)))\">\(at.line):\(at.column)</span></h4><p class=\"k-copied-text\">\(esc(t.source.text(in: c.range)))</p></div>"
            out += "<div class=\"source\">"
            let src = c.source
            out += "<h4>" + ui("Source", "来源") + " <span class=\"loc\">\(esc(src.file)) [\(src.range.start)–\(src.range.end)] · "
                + ui("similarity", "相似度") + " \(String(format: "%.2f", (c.similarity * 100).rounded() / 100))</span></h4>"
            out += "<p>\(esc(src.excerpt))</p>"
            out += "</div></div>\n"
        }
        return out + "</section>\n"
    }

    // MARK: - Text with findings marked in place

    /// Renders the original text of `ranges` line by line, each finding marked where it is
    /// (split into one mark per line and per segment where findings overlap, so marks nest
    /// properly), numbered, with a side note beside the line where it starts. Findings that
    /// fall outside every line are listed after the text, so none is lost. `sectionTags` (original
    /// offset, HTML) are put at the start of the line holding their offset.
    static func renderText(_ s: SourceText, ranges: [TextRange], findings unsorted: [Finding], idPrefix: String, ui: UI = UI(.en),
                           sectionTags: [(offset: Int, html: String)] = []) -> String {
        // Numbered in reading order.
        let findings = unsorted.enumerated().sorted {
            ($0.element.range.start, -$0.element.range.end, $0.offset) < ($1.element.range.start, -$1.element.range.end, $1.offset)
        }.map(\.element)
        var lines: [(number: Int, range: TextRange)] = []
        for r in ranges { lines += self.lines(of: s, in: r) }
        // Anchor of each finding: the first line where it has text, else the line holding its offset.
        var anchor = [Int?](repeating: nil, count: findings.count)
        var isPoint = [Bool](repeating: false, count: findings.count)
        for (i, f) in findings.enumerated() {
            if !f.range.isEmpty, let l = lines.firstIndex(where: { max($0.range.start, f.range.start) < min($0.range.end, f.range.end) }) {
                anchor[i] = l
            } else {
                isPoint[i] = true
                anchor[i] = lines.firstIndex(where: { $0.range.start <= f.range.start && f.range.start <= $0.range.end })
            }
        }
        // The line each section tag goes on: the one holding its offset, else the next one.
        let tagLine: [Int?] = sectionTags.map { t in
            lines.firstIndex { $0.range.start <= t.offset && t.offset <= $0.range.end } ?? lines.firstIndex { $0.range.start >= t.offset }
        }
        var out = "<div class=\"doctext\" lang=\"zh-CN\">\n"
        var emittedIDs = Set<Int>()
        for (l, line) in lines.enumerated() {
            let a = line.range.start, b = line.range.end
            // Pieces of ranged findings on this line.
            var pieces: [(start: Int, end: Int, i: Int)] = []
            for (i, f) in findings.enumerated() where !isPoint[i] {
                let x = max(a, f.range.start), y = min(b, f.range.end)
                if x < y { pieces.append((x, y, i)) }
            }
            let points = findings.indices.filter { isPoint[$0] && anchor[$0] == l }
            let anchored = findings.indices.filter { anchor[$0] == l }
            let blank = s.scalars[a..<b].allSatisfy { CharacterClass.of($0) == .space }
            let tags = sectionTags.indices.filter { tagLine[$0] == l }.map { sectionTags[$0] }
            if blank && pieces.isEmpty && points.isEmpty && tags.isEmpty { continue }
            var cuts = Set([a, b])
            for p in pieces { cuts.insert(p.start); cuts.insert(p.end) }
            for i in points { cuts.insert(min(max(findings[i].range.start, a), b)) }
            let sorted = cuts.sorted()
            var html = tags.map(\.html).joined()
            for (c, x) in sorted.enumerated() {
                for i in points where min(max(findings[i].range.start, a), b) == x {
                    let f = findings[i]
                    html += "<span class=\"pin f \(classes(f))\" id=\"\(idPrefix)-m\(i + 1)\" title=\"\(esc(tooltip(f, ui)))\">▲<sup class=\"ref\"><a href=\"#\(idPrefix)-n\(i + 1)\">\(i + 1)</a></sup></span>"
                    emittedIDs.insert(i)
                }
                guard c + 1 < sorted.count else { break }
                let y = sorted[c + 1]
                let covering = pieces.filter { $0.start <= x && $0.end >= y }
                    .sorted { ($0.end - $0.start, -$0.i) > ($1.end - $1.start, -$1.i) }
                for p in covering {
                    let f = findings[p.i]
                    var id = ""
                    if emittedIDs.insert(p.i).inserted { id = " id=\"\(idPrefix)-m\(p.i + 1)\"" }
                    html += "<mark class=\"f \(classes(f))\"\(id) title=\"\(esc(tooltip(f, ui)))\">"
                }
                html += esc(s.text(in: TextRange(start: x, end: y)))
                // Reference numbers of findings whose mark on their anchor line ends here, inside
                // the marks so that an enclosing mark is not interrupted.
                for p in pieces.filter({ $0.end == y && anchor[$0.i] == l }).sorted(by: { $0.i < $1.i }) {
                    html += "<sup class=\"ref\"><a href=\"#\(idPrefix)-n\(p.i + 1)\">\(p.i + 1)</a></sup>"
                }
                html += String(repeating: "</mark>", count: covering.count)
            }
            out += "<div class=\"para\"><div class=\"ln\">\(line.number)</div><div class=\"body\">\(html)</div>"
            if anchored.isEmpty {
                out += "<div class=\"side\"></div>"
            } else {
                out += "<ul class=\"side notes\">" + anchored.map { note(findings[$0], number: "\($0 + 1)", target: idPrefix, ui) }.joined() + "</ul>"
            }
            out += "</div>\n"
        }
        out += "</div>\n"
        let unplaced = findings.indices.filter { anchor[$0] == nil }
        if !unplaced.isEmpty {
            out += "<ul class=\"notes unplaced\">" + unplaced.map { note(findings[$0], number: "\($0 + 1)", target: nil, ui) }.joined() + "</ul>\n"
        }
        return out
    }

    /// The lines of `s` that meet `r` (each clipped to `r`, without its line break), 1-based numbers.
    static func lines(of s: SourceText, in r: TextRange) -> [(number: Int, range: TextRange)] {
        guard r.start < s.count || (r.start == s.count && !r.isEmpty) else { return [] }
        var result: [(Int, TextRange)] = []
        var k = s.location(of: r.start).line - 1
        while k < s.lineStarts.count {
            let start = s.lineStarts[k]
            if start >= r.end && !(r.isEmpty && start == r.start) { break }
            var end = k + 1 < s.lineStarts.count ? s.lineStarts[k + 1] : s.count
            while end > start, [0x0A, 0x0D, 0x2028, 0x2029].contains(s.scalars[end - 1]) { end -= 1 }
            let a = max(start, r.start), b = min(end, r.end)
            if a <= b { result.append((k + 1, TextRange(start: a, end: b))) }
            k += 1
        }
        return result
    }

    /// The name of a finding kind shown to readers, from its declaration (the kind itself, as in
    /// the JSON, is in the `data-kind` attribute and the class).
    static func kindLabel(_ kind: String, _ ui: UI) -> String { ui.kinds[kind].map { ui($0.label.en, $0.label.zh) } ?? kind }

    /// Each kind's colours, from its declaration.
    static func kindCSS(_ kinds: FindingKindRegistry) -> String {
        kinds.kinds.map { "    .k-\(cssName($0.id)) { --c: \($0.colour); --bg: \($0.fill); }\n" }.joined()
    }
    static func severityLabel(_ s: Severity, _ ui: UI) -> String { ReportLabels.severities[s].map { ui($0.en, $0.zh) } ?? s.rawValue }

    static func classes(_ f: Finding) -> String { "k-\(cssName(f.kind)) sev-\(f.severity.rawValue)" }

    static func cssName(_ s: String) -> String {
        String(String.UnicodeScalarView(s.lowercased().unicodeScalars.map {
            ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" ? $0 : "-"
        }))
    }

    static func tooltip(_ f: Finding, _ ui: UI) -> String {
        var s = "[\(severityLabel(f.severity, ui)) · \(kindLabel(f.kind, ui))] \(f.message)"
        if let sug = f.suggestion { s += ui(" — suggestion: ", " — 建议：") + sug }
        return s
    }

    static func note(_ f: Finding, number: String, target idPrefix: String?, _ ui: UI) -> String {
        var out = "<li class=\"note \(classes(f))\" data-kind=\"\(esc(f.kind))\""
        if let idPrefix { out += " id=\"\(idPrefix)-n\(number)\"" }
        out += "><span class=\"num\">"
        out += idPrefix.map { "<a href=\"#\($0)-m\(number)\">\(number)</a>" } ?? number
        out += "</span> <span class=\"sev\">\(severityLabel(f.severity, ui))</span> "
        out += "<span class=\"kind\">\(esc(kindLabel(f.kind, ui)))</span> "
        out += "<span class=\"loc\" title=\"\(esc(ui.location(f.line, f.column)))\">\(f.line):\(f.column)</span>"
        out += "<div class=\"msg\">\(esc(f.message))</div>"
        if let sug = f.suggestion { out += "<div class=\"sug\">" + ui("Suggestion: ", "建议：") + "<b>\(esc(sug))</b></div>" }
        if let src = f.source {
            out += "<div class=\"src\">" + ui("Source: ", "来源：") + "\(esc(src.file)) [\(src.range.start)–\(src.range.end)]"
                + ui(", similarity ", "，相似度 ") + String(format: "%.2f", src.similarity) + "</div>"
        }
        return out + "</li>\n"
    }

    static func severityCounts(_ findings: [Finding], _ ui: UI) -> String {
        let counts = [Severity.error, .warning, .info].map { s in (s, findings.filter { $0.severity == s }.count) }
        return counts.map { "<span class=\"count sev-\($0.0.rawValue)\">\(ui.zh ? "\(severityLabel($0.0, ui)) \($0.1)" : "\($0.1) \(severityLabel($0.0, ui))\($0.1 == 1 || $0.0 == .info ? "" : "s")")</span>" }
            .joined(separator: " ")
    }

    static func legend(_ pages: [PageAnalysis], _ ui: UI) -> String {
        let kinds = Set(pages.flatMap { $0.pageFindings + $0.documents.flatMap(\.findings) }.map(\.kind)).sorted()
        guard !kinds.isEmpty else { return "<p class=\"legend none\">" + ui("No findings.", "没有发现问题。") + "</p>\n" }
        return "<p class=\"legend\"><span class=\"legend-title\">" + ui("Marks:", "标记：") + "</span> "
            + kinds.map { "<mark class=\"f k-\(cssName($0))\" data-kind=\"\(esc($0))\">\(esc(kindLabel($0, ui)))</mark>" }.joined(separator: " ")
            + " <span class=\"sec-tag\">§ " + ui("section starts", "部分起点") + "</span>"
            + " <span class=\"pin\">▲</span> " + ui("something missing here", "此处缺少内容") + "</p>\n"
    }

    /// HTML-escapes text for element content and attribute values; control characters that
    /// HTML does not allow become U+FFFD. A bidirectional embedding, override or isolate
    /// (U+202A–U+202E, U+2066–U+2069) is shown as its code, `⟨U+202E⟩`: left in, it would make
    /// the browser draw the rest of its paragraph — text, marks and their numbers — reversed or
    /// reordered, so that the report shows what the file does not say (hostile tester, session 11).
    public static func esc(_ s: String) -> String {
        var o = String.UnicodeScalarView()
        for c in s.unicodeScalars {
            if (0x202A...0x202E).contains(c.value) || (0x2066...0x2069).contains(c.value) {
                o.append(contentsOf: "⟨U+\(String(c.value, radix: 16, uppercase: true))⟩".unicodeScalars)
                continue
            }
            switch c {
            case "&": o.append(contentsOf: "&amp;".unicodeScalars)
            case "<": o.append(contentsOf: "&lt;".unicodeScalars)
            case ">": o.append(contentsOf: "&gt;".unicodeScalars)
            case "\"": o.append(contentsOf: "&quot;".unicodeScalars)
            case "'": o.append(contentsOf: "&#39;".unicodeScalars)
            case "\t", "\n", "\r": o.append(c)
            default:
                if c.value < 0x20 || (0x7F...0x9F).contains(c.value) { o.append("\u{FFFD}") } else { o.append(c) }
            }
        }
        return String(o)
    }

    // MARK: - Style

    static let css = """

    :root {
      --ink: #1d1d1f; --muted: #6b6b70; --line: #d9d9de; --paper: #fff; --panel: #f6f6f8;
      --sans: "Noto Sans CJK SC", "Source Han Sans SC", "Source Han Sans CN", "PingFang SC", "Hiragino Sans GB",
              "Microsoft YaHei", "WenQuanYi Micro Hei", "Noto Sans SC", system-ui, sans-serif;
      --serif: "Noto Serif CJK SC", "Source Han Serif SC", "Source Han Serif CN", "Songti SC", "STSong", "SimSun",
               "FangSong", "Noto Serif SC", var(--sans), serif;
    }
    * { box-sizing: border-box; }
    html { -webkit-text-size-adjust: 100%; }
    body { margin: 0 auto; max-width: 84rem; padding: 1.5rem 2rem 4rem; font: 15px/1.6 var(--sans); color: var(--ink); background: var(--paper); }
    h1 { font-size: 1.6rem; margin: 0 0 .3rem; } h1 small, h2 small, h3 small { color: var(--muted); font-weight: normal; font-size: .8em; }
    h2 { font-size: 1.3rem; margin: 1.2rem 0 .3rem; } h3 { font-size: 1.05rem; margin: .9rem 0 .4rem; } h4 { font-size: .9rem; margin: 0 0 .3rem; }
    a { color: inherit; }
    code { font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size: .85em; }
    .summary, .meta { color: var(--muted); margin: .2rem 0 .6rem; }
    .not-checked { border-left: 4px solid #8c1d18; padding: .2rem .8rem; margin: .4rem 0; } .not-checked h2 { color: #8c1d18; font-size: 1.1rem; margin: .2rem 0; }
    .meta b { color: var(--ink); }
    .bad { color: #b3261e; font-weight: bold; }
    .none, .small { color: var(--muted); font-size: .85rem; margin: .2rem 0; }
    .placeholder { border: 1px dashed var(--muted); color: var(--muted); padding: .5rem .8rem; margin: .2rem 0; font-style: italic; }
    .toc ol { margin: .2rem 0; padding-left: 1.4rem; } .toc li { margin: .1rem 0; }
    .count { display: inline-block; padding: 0 .4em; border-radius: .6em; font-size: .8rem; background: #eee; }
    .count.sev-error { background: #fde2e0; color: #8c1d18; } .count.sev-warning { background: #fff0cc; color: #6d4c00; } .count.sev-info { background: #e3eefc; color: #1a4c8b; }
    .legend mark { margin: .1rem 0; display: inline-block; font-size: .85rem; }
    section.file { border-top: 3px solid var(--ink); margin-top: 2rem; }
    .filename { word-break: break-all; }
    article.document { border-top: 1px solid var(--line); margin-top: 2rem; padding-top: .2rem; }
    .panels { display: grid; grid-template-columns: repeat(auto-fit, minmax(17rem, 1fr)); gap: .8rem; }
    .panel { background: var(--panel); border-radius: .4rem; padding: .2rem .9rem .7rem; break-inside: avoid; }
    .panel table { border-collapse: collapse; width: 100%; font-size: .88rem; }
    .panel th, .panel td { text-align: left; padding: .15rem .3rem; border-bottom: 1px solid var(--line); vertical-align: top; }
    .panel th { white-space: nowrap; }
    .status { display: inline-block; padding: 0 .45em; border-radius: .3em; font-size: .82rem; white-space: nowrap; }
    .status.st-present { background: #dcf3e0; color: #1b5e20; } .status.st-missing { background: #b3261e; color: #fff; }
    .status.st-empty { background: #ffe0b2; color: #7a3e00; } .status.st-out-of-order { background: #fff3b0; color: #6d5400; }
    .status.st-not-checked { background: #e4e4e8; color: #55555a; }
    .req { font-size: .75rem; color: #8c1d18; } .opt { font-size: .75rem; color: var(--muted); }
    .outline ol { margin: 0; padding-left: 1.1rem; font-size: .88rem; list-style: none; } .outline > ol { padding-left: 0; } .outline .marker { font-weight: bold; }
    .loc { color: var(--muted); font-size: .78rem; font-family: ui-monospace, "DejaVu Sans Mono", monospace; }
    .ratio { font-size: 1.8rem; font-weight: bold; margin: .2rem 0; }
    .bar { background: #e4e4e8; border-radius: .2rem; height: .8rem; overflow: hidden; min-width: 4rem; }
    .bar span { display: block; height: 100%; background: #4e79a7; }
    .bar span.k-copied-text { background: #2e7d32; }
    table.chart th { font-weight: normal; white-space: nowrap; width: 1%; } table.chart td.num { width: 1%; text-align: right; white-space: nowrap; }
    .copies .copy { display: grid; grid-template-columns: 1fr 1fr; gap: .8rem; border-top: 1px solid var(--line); padding: .5rem 0; break-inside: avoid; }
    .copies p { font-family: var(--serif); margin: 0; white-space: pre-wrap; overflow-wrap: anywhere; }
    .copies .draft p { background: #e5f4e6; padding: .3rem .5rem; border-left: 3px solid #2e7d32; }
    .copies .source p { background: var(--panel); padding: .3rem .5rem; border-left: 3px solid var(--muted); }
    ul.notes { list-style: none; margin: 0; padding: 0; }
    .whole ul.notes li, ul.unplaced li { margin-bottom: .4rem; }
    .note { font-size: .82rem; line-height: 1.45; border-left: 4px solid var(--c, #888); background: var(--bg, #f3f3f3); padding: .25rem .5rem; margin: 0 0 .35rem; break-inside: avoid; }
    .note .num { font-weight: bold; display: inline-block; min-width: 1.4em; text-align: center; background: var(--c, #888); color: #fff; border-radius: .7em; padding: 0 .3em; }
    .note .num a { text-decoration: none; color: #fff; }
    .note .sev { font-weight: bold; } .note.sev-error .sev { color: #b3261e; } .note.sev-warning .sev { color: #8a5a00; } .note.sev-info .sev { color: #1a4c8b; }
    .note .kind { color: var(--muted); } .note .msg { margin-top: .1rem; overflow-wrap: anywhere; } .note .sug b { color: #1b5e20; }
    .note .src { color: var(--muted); overflow-wrap: anywhere; }
    .doctext { border-top: 1px solid var(--line); }
    .para { display: grid; grid-template-columns: 2.6rem minmax(0, 1fr) 21rem; gap: 0 .9rem; padding: .35rem 0; border-bottom: 1px solid #f0f0f2; }
    .para .ln { color: var(--muted); font-size: .75rem; text-align: right; padding-top: .35rem; font-family: ui-monospace, "DejaVu Sans Mono", monospace; }
    .para .body { font-family: var(--serif); font-size: 1.02rem; line-height: 1.95; white-space: pre-wrap; overflow-wrap: anywhere; }
    mark.f { background: var(--bg, #eee); color: inherit; border-bottom: 2px solid var(--c, #888); padding: .05em 0; border-radius: 2px; }
    mark.f.sev-error { border-bottom-width: 3px; }
    .pin { color: var(--c, #888); font-weight: bold; font-size: .85em; }
    sup.ref { font-family: var(--sans); font-size: .68em; line-height: 0; font-weight: bold; color: var(--c, #555); }
    sup.ref a { text-decoration: none; color: #333; }
    mark.f.k-watermark { outline: 2px solid var(--c); outline-offset: 1px; padding: 0 .15em; }
    .sec-tag { display: inline-block; font-family: var(--sans); font-size: .75rem; line-height: 1.4; font-weight: bold; color: #fff;
               background: #3949ab; border-radius: .25rem; padding: .05rem .45rem; margin: 0 .5rem .1rem 0; vertical-align: .15em; white-space: nowrap; }
    .sec-tag .how { font-weight: normal; opacity: .85; }
    .sec-tag.st-empty, .sec-tag.st-out-of-order { background: #b26a00; }
    .legend .pin { color: #3949ab; }
    .legend-title { color: var(--muted); font-size: .85rem; }
    @media (max-width: 60rem) {
      body { padding: 1rem; }
      .para { grid-template-columns: 2rem minmax(0, 1fr); } .para .side { grid-column: 2; }
      .copies .copy { grid-template-columns: 1fr; }
    }
    @media print {
      @page { size: A4; margin: 14mm 12mm; }
      body { max-width: none; padding: 0; font-size: 10.5pt; }
      * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
      .toc, .no-print { display: none; }
      a { text-decoration: none; }
      article.document, section.file { break-before: page; }
      section.file:first-of-type { break-before: auto; }
      .para { grid-template-columns: 1.8rem minmax(0, 1fr); break-inside: auto; } .para .side { grid-column: 2; margin-top: .2rem; }
      .para .body { font-size: 10.5pt; line-height: 1.8; }
      .note, .panel, .copies .copy { break-inside: avoid; }
    }

    """
}
