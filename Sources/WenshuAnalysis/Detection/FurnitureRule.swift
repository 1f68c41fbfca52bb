import Foundation
import WenshuText

/// Site furniture recognised by its shape rather than its words: anti-scraping filler (runs of
/// short random ASCII tokens, `6 z7 W. N) I/ C0 h w7 p d`), menus and related-article lists (three
/// or more short items between bars), a line that is the same text twice, and a document's title
/// repeated inside its own body. All `scrape-junk` warnings whose fix is to delete the text.
public struct FurnitureRule: DocumentRule {
    public let kinds = [FindingKind.scrapeJunk]
    public init() {}

    public func check(_ d: DocumentContext) -> [Finding] {
        var out: [Finding] = []
        let f = d.findings
        func junk(_ what: Message, _ r: TextRange) {
            let text = f.text.text(in: r)
            out.append(f.make(.scrapeJunk, Message(
                en: "template-site furniture (\(what.en)) left in the text: \(text)",
                zh: "范文网站的页面残留（\(what.zh)）：\(text)"), normalized: r, replacement: "", advice: JunkRule.delete))
        }
        let titleKey = d.title.map { PageFurniture.comparable($0.scalars) }
        var seenShort: [[UInt32]: Int] = [:]
        for (k, p) in d.paragraphs.enumerated() {
            for run in PageFurniture.fillerRuns(in: p.scalars) {
                junk(Message(en: "anti-scraping filler", zh: "防采集乱码"),
                     TextRange(start: p.range.start + run.lowerBound, end: p.range.start + run.upperBound))
            }
            if PageFurniture.isMenuLine(p.scalars) {
                junk(Message(en: "menu or related-article list", zh: "菜单或相关文章列表"), p.range)
            }
            if let half = PageFurniture.doubledLength(p.scalars) {
                junk(Message(en: "the same line twice", zh: "同一行文字重复两遍"),
                     TextRange(start: p.range.start + half, end: p.range.end))
                continue
            }
            for run in PageFurniture.doubledRuns(in: p.scalars) {
                junk(Message(en: "the same words twice in a row, a title printed twice", zh: "同一段文字紧接着重复，标题被印了两遍"),
                     TextRange(start: p.range.start + run.lowerBound, end: p.range.start + run.upperBound))
            }
            // The title again inside the body, or a short title-like line repeated: a page's
            // heading printed twice.
            let key = PageFurniture.comparable(p.scalars)
            guard key.count >= 4, key.count <= 40, MarkerParser.marker(at: p.text) == nil,
                  !p.scalars.contains(where: { CharacterClass.of($0) == .punctuation }) else { continue }
            if let titleKey, key == titleKey {
                junk(Message(en: "the title repeated in the text", zh: "正文中重复的标题"), p.range)
            } else if let first = seenShort[key], k - first <= 2 {
                junk(Message(en: "a title line repeated", zh: "重复的标题行"), p.range)
            } else {
                seenShort[key] = k
            }
        }
        return out
    }
}

/// The shapes of page furniture, shared by the rule above and the page splitter's test of
/// what belongs to no document.
public enum PageFurniture {
    /// Runs of anti-scraping filler: four or more space-separated tokens of one to three
    /// printable ASCII characters, with letters and with punctuation among them, that stand
    /// between or after Chinese sentences (`3 [- f D. I3 X3 d/ T`). Real text has no such runs:
    /// words are longer, and abbreviations (PM2.5, GDP) carry no stray punctuation.
    public static func fillerRuns(in s: [UInt32]) -> [Range<Int>] {
        var out: [Range<Int>] = []
        var tokens: [Range<Int>] = []
        func flush() {
            defer { tokens.removeAll() }
            guard tokens.count >= 3 else { return }
            var letters = 0, marks = 0, mixed = 0
            for t in tokens {
                var hasLetter = false, hasMark = false, hasDigit = false
                for i in t {
                    switch CharacterClass.of(s[i]) {
                    case .latin: hasLetter = true
                    case .digit: hasDigit = true
                    default: hasMark = true
                    }
                }
                if hasLetter { letters += 1 }
                if hasMark { marks += 1 }
                if (hasLetter && hasDigit) || (hasLetter && hasMark) || (hasDigit && hasMark) { mixed += 1 }
            }
            // Three tokens only when each mixes two classes (x2 P# {,); four or more with letters
            // and marks among them.
            let enough = tokens.count >= 4 ? (letters >= 2 && marks >= 2 && mixed >= 2) : (mixed == tokens.count && marks >= 2)
            if enough, let a = tokens.first?.lowerBound, let b = tokens.last?.upperBound { out.append(a..<b) }
        }
        var i = 0
        while i < s.count {
            if CharacterClass.of(s[i]) == .space { i += 1; continue }
            var j = i
            while j < s.count && s[j] >= 0x21 && s[j] <= 0x7E { j += 1 }
            let ascii = j > i && (j == s.count || CharacterClass.of(s[j]) == .space)
            if ascii && j - i <= 3 {
                tokens.append(i..<j)
                i = j
                continue
            }
            flush()
            i = max(j, i + 1)
            while i < s.count && CharacterClass.of(s[i]) != .space { i += 1 }
        }
        flush()
        return out
    }

    /// The paragraph without a run of filler at its start (and the spaces after it), when there
    /// is one and text follows it; else the paragraph itself.
    public static func withoutLeadingFiller(_ p: Paragraph) -> Paragraph {
        guard let run = fillerRuns(in: p.scalars).first, run.lowerBound == 0 else { return p }
        var k = run.upperBound
        while k < p.scalars.count && CharacterClass.of(p.scalars[k]) == .space { k += 1 }
        guard k < p.scalars.count else { return p }
        let scalars = Array(p.scalars[k...])
        return Paragraph(range: TextRange(start: p.range.start + k, end: p.range.end), text: String(scalars: scalars), scalars: scalars)
    }

    /// A menu or list of related articles: three or more items between bars (| ｜), each short,
    /// and no sentence.
    public static func isMenuLine(_ s: [UInt32]) -> Bool {
        guard !s.contains(0x3002) else { return false }
        var items: [Int] = [0]
        var bars = 0
        for v in s {
            if v == 0x7C || v == 0xFF5C || v == 0x2502 {
                bars += 1
                items.append(0)
            } else if CharacterClass.of(v) != .space {
                items[items.count - 1] += 1
            }
        }
        let filled = items.filter { $0 > 0 }
        return bars >= 2 && filled.count >= 3 && filled.allSatisfy { $0 <= 16 }
    }

    /// When the line is one text written twice (乡镇妇联工作总结乡镇妇联工作总结), where the second
    /// copy starts.
    public static func doubledLength(_ s: [UInt32]) -> Int? {
        let n = s.count
        guard n >= 8, n % 2 == 0 else { return nil }
        let h = n / 2
        guard s[0..<h].filter(CharacterClass.isHan).count >= 4 else { return nil }
        return s[0..<h].elementsEqual(s[h..<n]) ? h : nil
    }

    /// Runs written twice in a row inside a line (…1、 乡镇妇联工作总结乡镇妇联工作总结 我镇…): at
    /// least eight characters, six of them Han and no clause mark (a list of similar titles is not
    /// one title twice), repeated at once; the range is the second copy.
    public static func doubledRuns(in s: [UInt32], minimum: Int = 8, maximum: Int = 40) -> [Range<Int>] {
        var out: [Range<Int>] = []
        var i = 0
        // Read through a buffer: this tries up to 33 lengths at every character of a line.
        s.withUnsafeBufferPointer { s in
            while i + 2 * minimum <= s.count {
                var found = 0
                var length = min(maximum, (s.count - i) / 2)
                while length >= minimum {
                    if s[i] == s[i + length] && s[i..<(i + length)].elementsEqual(s[(i + length)..<(i + 2 * length)])
                        && s[i..<(i + length)].filter(CharacterClass.isHan).count >= 6
                        && !s[i..<(i + length)].contains(where: { [0x3001, 0xFF0C, 0x2C, 0xFF1B, 0x3B, 0x3002].contains($0) }) {
                        found = length
                        break
                    }
                    length -= 1
                }
                if found > 0 {
                    out.append((i + found)..<(i + 2 * found))
                    i += 2 * found
                } else {
                    i += 1
                }
            }
        }
        return out
    }

    /// A line reduced to its Han characters, letters and digits: two printings of a title
    /// compare equal whatever their spacing and punctuation.
    public static func comparable(_ s: [UInt32]) -> [UInt32] {
        s.filter { v in
            let c = CharacterClass.of(v)
            return c == .han || c == .latin || c == .digit
        }
    }

    /// Labels of `junk.txt` whose matches never make a paragraph page-level.
    static let contentLabels: Set<String> = ["genre blurb"]

    /// Is the paragraph site furniture as a whole: filler or a menu, or a line whose furniture
    /// patterns cover much of it (at least half; before any document text, where a site's title
    /// and blurbs stand, at least a third).
    public static func isFurniture(_ p: Paragraph, patterns: PatternList?, beforeText: Bool) -> Bool {
        classify(p, patterns: patterns, beforeText: beforeText).isFurniture
    }

    /// `isFurniture`, and the patterns whose search ICU stopped on the paragraph (their matches
    /// after the stop are not known: the paragraph was classified without them, and the caller
    /// says so with a `pattern-not-checked` warning).
    public static func classify(_ p: Paragraph, patterns: PatternList?, beforeText: Bool) -> (isFurniture: Bool, stopped: [PatternList.Entry]) {
        let s = p.scalars
        if isMenuLine(s) || doubledLength(s) != nil { return (true, []) }
        // Filler with hardly any text beside it (a line that is filler, not a heading that
        // filler was glued to: 一、概念与特点+ O, {' U1 ?- c# U stays text).
        let runs = fillerRuns(in: s)
        if !runs.isEmpty {
            let han = s.enumerated().filter { e in CharacterClass.isHan(e.element) && !runs.contains { $0.contains(e.offset) } }.count
            if han < 4 { return (true, []) }
        }
        guard let patterns else { return (false, []) }
        // An essay on the genre (总结是对…的书面材料, 总结怎么写) is reported where it stands but
        // does not make its paragraph page-level: on a page that is such an essay it is the text,
        // and the genre choice reads it to give no structure.
        let (found, stopped) = patterns.search(in: p)
        let matches = found.filter { !contentLabels.contains($0.entry.fields.first ?? "") }
        guard !matches.isEmpty else { return (false, stopped) }
        var covered = [Bool](repeating: false, count: s.count)
        for (r, _) in matches { for i in r where i < covered.count { covered[i] = true } }
        let n = covered.filter { $0 }.count
        return (beforeText ? n * 3 >= s.count : n * 2 >= s.count, stopped)
    }
}

extension FurnitureRule: RegisteredRule {
    public static let order = 40
    public static func rules(_ setup: RuleSetup) throws -> [any DocumentRule] { [FurnitureRule()] }
}
