import Foundation
import WenshuText

/// Splits a page into documents. A scraped 范文 page holds a site title and furniture, then
/// several documents each headed by a title line with a part marker (…【第一篇】, 第二篇 …), then
/// trailing junk; a draft holds one document. What belongs to no document stays page-level.
public enum PageSplitter {
    public struct Part: Sendable {
        /// Index of the title paragraph, if the document has one.
        public let title: Int?
        /// Paragraph indices of the document (title included).
        public let paragraphs: Range<Int>
    }

    static let partMarker = try! NSRegularExpression(pattern: "[【\\[〔（(]?第[一二三四五六七八九十百0-9]+(篇|则)[】\\]〕）)]?\\s*$")
    static let titleWords = try! NSRegularExpression(pattern: "(总结|计划|报告|要点|方案|打算|安排|意见|讲话|汇报|述职|通知|决定)")

    /// The documents of a page and the paragraphs that belong to none. `furniture` tells a
    /// paragraph that is site furniture (a breadcrumb, a metadata line, a site blurb): on a page
    /// of one document, such paragraphs before the title and after the text are page-level, and
    /// the title is the first paragraph after them.
    public static func split(_ paragraphs: [Paragraph], furniture: ((Paragraph, Bool) -> Bool)? = nil) -> (documents: [Part], pageLevel: [Int]) {
        guard !paragraphs.isEmpty else { return ([], []) }
        var starts: [Int] = []
        for (i, p) in paragraphs.enumerated() where isPartTitle(p) { starts.append(i) }
        var docs: [Part] = []
        var pageLevel: [Int] = []
        if starts.isEmpty {
            var first = 0
            if let furniture {
                // Leading furniture; a page that is nothing but furniture keeps its last paragraph
                // as the document, so that there is one.
                while first < paragraphs.count - 1 && furniture(paragraphs[first], true) { first += 1 }
            }
            pageLevel.append(contentsOf: 0..<first)
            let title = isTitle(paragraphs[first], next: first + 1 < paragraphs.count ? paragraphs[first + 1] : nil) ? first : nil
            var end = trailingJunkStart(paragraphs, from: first + 1, furniture: furniture)
            if end <= first { end = first + 1 }
            docs.append(Part(title: title, paragraphs: first..<end))
            pageLevel.append(contentsOf: end..<paragraphs.count)
            return (docs, pageLevel)
        }
        pageLevel.append(contentsOf: 0..<starts[0])
        for (k, s) in starts.enumerated() {
            var end = k + 1 < starts.count ? starts[k + 1] : paragraphs.count
            if k == starts.count - 1 {
                end = trailingJunkStart(paragraphs, from: s + 1, furniture: furniture)
                pageLevel.append(contentsOf: end..<paragraphs.count)
            }
            docs.append(Part(title: s, paragraphs: s..<end))
        }
        return (docs, pageLevel)
    }

    static func hanCount(_ p: Paragraph) -> Int { p.scalars.filter(CharacterClass.isHan).count }

    static func isPartTitle(_ p: Paragraph) -> Bool {
        guard p.scalars.count <= 60, !p.text.containsLiteral("。") else { return false }
        return partMarker.firstMatch(in: p.text, range: NSRange(location: 0, length: (p.text as NSString).length)) != nil
    }

    /// A first line that reads as a title: short, no sentence punctuation, not a heading marker.
    static func isTitle(_ p: Paragraph, next: Paragraph?) -> Bool {
        guard p.scalars.count <= 50, hanCount(p) >= 4, MarkerParser.marker(at: p.text) == nil else { return false }
        // Sentences, clauses and salutations (各位代表：) are not titles.
        if ["。", "，", ",", "：", ":", "！", "!"].contains(where: { p.text.containsLiteral($0) }) { return false }
        return titleWords.firstMatch(in: p.text, range: NSRange(location: 0, length: (p.text as NSString).length)) != nil || next != nil
    }

    /// Paragraphs at the end of the page with (almost) no Han text — counters, script fragments,
    /// stray numbers — belong to the page, not the last document.
    /// A last line that the page cut short (2、12月, ⒉开) has Han text and no furniture: it stays
    /// in the document.
    static func trailingJunkStart(_ paragraphs: [Paragraph], from start: Int, furniture: ((Paragraph, Bool) -> Bool)? = nil) -> Int {
        var end = paragraphs.count
        while end > start {
            let p = paragraphs[end - 1]
            let han = hanCount(p)
            let isFurniture = furniture?(p, false) ?? false
            guard isFurniture || han == 0 || (han < 2 && furniture == nil) else { break }
            end -= 1
        }
        return end
    }
}

/// Years a document states: real ones (2021年, 二〇二一年) and template placeholders (20xx年).
public struct YearInfo: Sendable, Equatable {
    public var stated: [Int] = []
    public var placeholders: [String] = []
    /// The year the document is about: the first year in its title or opening paragraph.
    public var year: Int? = nil
    /// For a plan or a summary with a plan: the year planned (明年 / the later stated year).
    public var yearPlanned: Int? = nil

    /// The patterns: a year in digits (its four digits are the match's first four units), in
    /// Chinese numerals (likewise), and a placeholder year (the whole match). Compiled once by
    /// ICU and matched on the paragraph's UTF-16 in place (through NSRegularExpression, Foundation
    /// copied a paragraph for every search: on a 50 MB line, a twentieth of `check`).
    static let patterns = [
        "(?<![0-9])((?:19|20)[0-9]{2})\\s*年",
        "([一二三四五六七八九〇○零]{4})年",
        "(?<![0-9])(?:19|20)(?:[xX×＊*]{2}|[-—_－]{1,2}|[○〇]{2}(?=年)|[0-9][xX×])\\s*年",
    ]
    static let compiled = try! ICURegexSet(patterns: patterns)

    public static func find(in paragraphs: [Paragraph], title: String?, kind: DocumentKind) -> YearInfo {
        var info = YearInfo()
        var firstYears: [Int] = []
        for (k, p) in paragraphs.enumerated() {
            let units = [UInt16](utf16Of: p.scalars)
            let found = compiled.matches(in: units)
            func text(_ r: Range<Int>) -> String { String(decoding: units[r], as: UTF16.self) }
            var years: [Int] = []
            for r in found[0] { if let y = Int(text(r.lowerBound..<(r.lowerBound + 4))) { years.append(y) } }
            for r in found[1] {
                if let y = ChineseNumeral.value(of: text(r.lowerBound..<(r.lowerBound + 4)), digitByDigit: true), y >= 1900, y <= 2100 { years.append(y) }
            }
            for r in found[2] { info.placeholders.append(text(r)) }
            info.stated.append(contentsOf: years)
            if k < 2 { firstYears.append(contentsOf: years) }
        }
        info.stated = Array(Set(info.stated)).sorted()
        info.year = firstYears.first
        if kind == .plan { info.yearPlanned = info.year }
        if kind == .summaryAndPlan, let y = info.year {
            let later = info.stated.filter { $0 > y }
            info.yearPlanned = later.first ?? (paragraphs.contains { $0.text.containsLiteral("明年") } ? y + 1 : nil)
        }
        return info
    }
}
