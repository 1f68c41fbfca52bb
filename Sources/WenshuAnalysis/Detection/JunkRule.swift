import Foundation
import WenshuText

/// Template-site furniture inside a document (供您参考, 喜欢就复制下载吧, 本文来源:URL …), from
/// `dictionaries/patterns/junk.txt` (regex, label, Chinese label).
public struct JunkRule: DocumentRule {
    public let patterns: PatternList
    public let kinds = [FindingKind.scrapeJunk, .patternNotChecked]
    public init(patterns: PatternList) { self.patterns = patterns }
    static let delete = Message(en: "delete it", zh: "删除")

    public func check(_ d: DocumentContext) -> [Finding] {
        d.textParagraphs.flatMap { p in
            JunkRule.findings(in: p, patterns: patterns, factory: d.findings, classificationStopped: d.furnitureNotChecked[p.range.start] ?? [])
        }
    }

    static func findings(in p: Paragraph, patterns: PatternList, factory: FindingFactory, classificationStopped: [PatternList.Entry] = []) -> [Finding] {
        var out: [Finding] = []
        var taken = ClaimedSpans(length: p.scalars.count)
        let (matches, stopped) = patterns.search(in: p)
        out += notChecked(stopped: stopped, classificationStopped: classificationStopped, in: p, patterns: patterns, factory: factory)
        let cited = JunkRule.citesAddress(p, matches: matches)
        for (r, e) in matches where !taken.overlaps(r) {
            let label = e.fields.first ?? "page furniture"
            if cited && JunkRule.addressLabels.contains(label) { continue }
            taken.claim(r)
            let labelZh = e.fields.count > 1 && !e.fields[1].isEmpty ? "（\(e.fields[1])）" : ""
            let range = TextRange(start: p.range.start + r.lowerBound, end: p.range.start + r.upperBound)
            let text = factory.text.text(in: range)
            out.append(factory.make(.scrapeJunk, Message(
                en: "template-site furniture (\(label)) left in the text: \(text)",
                zh: "范文网站的页面残留\(labelZh)：\(text)"),
                normalized: range, replacement: "", advice: JunkRule.delete))
        }
        return out
    }

    /// The `pattern-not-checked` warnings of a paragraph: one for each junk pattern whose search
    /// ICU stopped here, when the paragraph was searched for junk, when the page splitter asked
    /// whether it is page furniture (text of the page, not of a document: it was classified
    /// without the pattern), or both — one warning a pattern, saying which.
    static func notChecked(stopped: [PatternList.Entry], classificationStopped: [PatternList.Entry], in p: Paragraph,
                           patterns: PatternList, factory: FindingFactory) -> [Finding] {
        func same(_ a: PatternList.Entry, _ b: PatternList.Entry) -> Bool { a.pattern == b.pattern && a.line == b.line }
        let both = stopped.filter { e in classificationStopped.contains { same($0, e) } }
        let junkOnly = stopped.filter { e in !both.contains { same($0, e) } }
        let furnitureOnly = classificationStopped.filter { e in !stopped.contains { same($0, e) } }
        let classified = Message(en: "whether the paragraph is page furniture (text of the page, not of the document) was decided without it",
                                 zh: "本段是否属于网页框架（页面文字，而非文书正文）是在没有这条规则的情况下判断的")
        return patterns.notChecked(junkOnly, in: p, what: Message(en: "page junk", zh: "页面残留"), factory: factory)
            + patterns.notChecked(both, in: p, what: Message(en: "page junk or page furniture", zh: "页面残留或网页框架"),
                                  consequence: Message(en: "matches after that point are not reported, and " + classified.en,
                                                       zh: "此后的匹配没有报告，" + classified.zh), factory: factory)
            + patterns.notChecked(furnitureOnly, in: p, what: Message(en: "page furniture", zh: "网页框架"), consequence: classified, factory: factory)
    }

    /// The labels of `junk.txt` that mark a web address.
    static let addressLabels: Set<String> = ["URL", "domain name"]

    /// A document may cite a web address as a reference (a government report pointing readers to
    /// its online copy: 详见 www.gov.cn): in a paragraph of prose (at least 15 Han characters and a
    /// sentence end) where nothing but addresses looks like furniture, an address is not junk.
    static func citesAddress(_ p: Paragraph, matches: [(range: Range<Int>, entry: PatternList.Entry)]) -> Bool {
        guard matches.contains(where: { addressLabels.contains($0.entry.fields.first ?? "") }),
              matches.allSatisfy({ addressLabels.contains($0.entry.fields.first ?? "") }) else { return false }
        let han = p.scalars.filter(CharacterClass.isHan).count
        return han >= 15 && p.scalars.contains { [0x3002, 0xFF1B, 0xFF0C, 0x2C].contains($0) }
    }

    /// Page-level text — before the first document or after the last — is site furniture: each
    /// paragraph is reported, with the pattern that names it when one matches.
    public static func pageFindings(_ paragraphs: [Paragraph], patterns: PatternList?, factory: FindingFactory,
                                    furnitureNotChecked: [Int: [PatternList.Entry]] = [:]) -> [Finding] {
        paragraphs.flatMap { p -> [Finding] in
            let all = patterns.map { findings(in: p, patterns: $0, factory: factory, classificationStopped: furnitureNotChecked[p.range.start] ?? []) } ?? []
            let named = all.filter { $0.kind != FindingKind.patternNotChecked.id }
            if !named.isEmpty { return all }
            return all + [factory.make(.scrapeJunk, Message(
                en: "text outside any document (\(p.text.prefix(20))): a site title, page furniture or script left over from a web page",
                zh: "不属于任何文书的文字（\(p.text.prefix(20))）：网页标题、页面残留或脚本"),
                normalized: p.range, replacement: "", advice: JunkRule.delete)]
        }
    }
}

extension FindingKind {
    public static let scrapeJunk = FindingKind(
        "scrape-junk", .warning, label: ("web page junk", "网页残留"),
        explanation: ("a template site's furniture left in the text (供您参考, menus, anti-scraping filler, text outside every document); fix deletes it",
                      "范文网站的页面残留（“供您参考”、菜单、防采集乱码、文书以外的文字）；可自动删除"),
        colour: "#8d6e63", alpha: 0.22, safeFix: true)
}

extension JunkRule: RegisteredRule {
    public static let order = 30
    public static func rules(_ setup: RuleSetup) throws -> [any DocumentRule] {
        [JunkRule(patterns: try PatternList.load(contentsOf: setup.dictionaries.url("patterns/junk.txt")))]
    }
}
