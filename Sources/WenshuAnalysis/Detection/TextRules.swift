import Foundation
import WenshuText

/// Template placeholders left in the text (xx县, 20xx年, 20--年, 占总数的%), with the role each
/// stands for, from `dictionaries/patterns/placeholders.txt` (regex, role, label).
public struct PlaceholderRule: DocumentRule {
    public let patterns: PatternList
    public let kinds = [FindingKind.placeholder, .patternNotChecked]
    public init(patterns: PatternList) { self.patterns = patterns }

    /// How a message names each role of `placeholders.txt` (the role itself if not listed).
    static let roleNames: [String: Message] = [
        "place": Message(en: "a place name", zh: "地名"), "year": Message(en: "a year", zh: "年份"),
        "number": Message(en: "a number", zh: "数字"), "name": Message(en: "a name", zh: "名称"),
        "date": Message(en: "a date", zh: "日期"), "unit": Message(en: "a unit or organisation", zh: "单位"),
    ]
    static let realNames: [String: Message] = [
        "place": Message(en: "place", zh: "地名"), "year": Message(en: "year", zh: "年份"),
        "number": Message(en: "number", zh: "数字"), "name": Message(en: "name", zh: "名称"),
        "date": Message(en: "date", zh: "日期"), "unit": Message(en: "unit", zh: "单位"),
    ]

    public func check(_ d: DocumentContext) -> [Finding] {
        var out: [Finding] = []
        for p in d.textParagraphs {
            var taken = ClaimedSpans(length: p.scalars.count)
            let (matches, stopped) = patterns.search(in: p)
            out += patterns.notChecked(stopped, in: p, what: Message(en: "placeholders", zh: "占位符"), factory: d.findings)
            for (r, e) in matches.sorted(by: { ($0.range.lowerBound, -$0.range.count) < ($1.range.lowerBound, -$1.range.count) }) {
                if taken.overlaps(r) { continue }
                taken.claim(r)
                let role = e.fields.first ?? "number"
                let range = TextRange(start: p.range.start + r.lowerBound, end: p.range.start + r.upperBound)
                let text = d.findings.text.text(in: range)
                let name = PlaceholderRule.roleNames[role] ?? Message(literal: role)
                let real = PlaceholderRule.realNames[role] ?? Message(literal: role)
                out.append(d.findings.make(.placeholder, Message(
                    en: "template placeholder \(text) stands for \(name.en) that was never filled in",
                    zh: "模板占位符 \(text) 代替的\(name.zh)没有填写"),
                    normalized: range, advice: Message(en: "replace it with the real \(real.en)", zh: "换成实际的\(real.zh)")))
            }
        }
        return out
    }
}

/// Characters an anti-copy site inserts inside words and clauses (答复中的.纰漏, 建设的'意见):
/// an ASCII full stop, apostrophe or quote between two Han characters.
public struct WatermarkRule: DocumentRule {
    public let kinds = [FindingKind.watermark]
    public init() {}
    static let stray: Set<UInt32> = [0x2E, 0x27, 0x60]  // . ' ` (ASCII " between Han characters is a quote in real text)

    public func check(_ d: DocumentContext) -> [Finding] {
        var out: [Finding] = []
        for p in d.paragraphs {
            let s = p.scalars
            guard s.count >= 3 else { continue }
            for i in 1..<(s.count - 1) where WatermarkRule.stray.contains(s[i]) {
                guard CharacterClass.isHan(s[i - 1]), CharacterClass.isHan(s[i + 1]) else { continue }
                // 一.加强… (a heading's numeral with a full stop) and 三.八 (a date) are not watermarks.
                if s[i] == 0x2E && ChineseNumeral.isDigit(s[i - 1]) && (i == 1 || !CharacterClass.isHan(s[i - 2]) || ChineseNumeral.isDigit(s[i + 1])) { continue }
                let r = TextRange(start: p.range.start + i, end: p.range.start + i + 1)
                let context = TextRange(start: p.range.start + max(0, i - 3), end: p.range.start + min(s.count, i + 4))
                let around = d.findings.text.text(in: context)
                var cleaned = around.unicodeScalars
                cleaned.remove(at: cleaned.index(cleaned.startIndex, offsetBy: i - max(0, i - 3)))
                let mark = Unicode.Scalar(s[i]).map { String($0) } ?? ""
                out.append(d.findings.make(.watermark, Message(
                    en: "a stray '\(mark)' inside \(around): a character template sites insert against copying",
                    zh: "“\(around)”中多了一个“\(mark)”：范文网站为防复制插入的字符"),
                    normalized: r, replacement: "", advice: Message(literal: String(cleaned))))
            }
        }
        return out
    }
}

/// The same clause said twice in a document (学习科学发展观 … 学习科学发展观; 提高罗定的知名度 twice).
public struct DuplicateSentenceRule: DocumentRule {
    public let kinds = [FindingKind.duplicateSentence]
    public let minimumLength: Int
    /// How many repeated clauses a document lists; the others are counted in one closing
    /// finding ("N more"), as linters bound a finding that floods (a text pasted into itself a
    /// thousand times repeats a million clauses). No report of the seed, the wild-dev pages or
    /// the 52 State Council reports has more than 53.
    public let limit: Int
    public init(minimumLength: Int = 7, limit: Int = 1_000) {
        self.minimumLength = minimumLength
        self.limit = max(0, limit)
    }

    static func isClauseBreak(_ v: UInt32) -> Bool {
        switch v {
        case 0x3002, 0xFF0C, 0xFF1B, 0xFF1A, 0xFF01, 0xFF1F, 0x2C, 0x3B, 0x3A, 0x21, 0x3F, 0x3001: return true
        default: return false
        }
    }

    public func check(_ d: DocumentContext) -> [Finding] {
        var seen: [String: TextRange] = [:]
        var out: [Finding] = []
        var listed = 0
        // The repeats beyond the limit: how many, and where the first of them is.
        var more = 0
        var firstUnlisted: TextRange? = nil
        for p in d.paragraphs {
            var start = 0
            let s = p.scalars
            for i in 0...s.count {
                guard i == s.count || DuplicateSentenceRule.isClauseBreak(s[i]) else { continue }
                // Skip the marker and leading spaces of the clause.
                var a = start
                while a < i && !CharacterClass.isHan(s[a]) { a += 1 }
                let clause = s[a..<i]
                start = i + 1
                guard clause.lazy.filter(CharacterClass.isHan).count >= minimumLength else { continue }
                let key = String(scalars: clause)
                let r = TextRange(start: p.range.start + a, end: p.range.start + i)
                if seen[key] != nil, listed >= limit {
                    more += 1
                    if firstUnlisted == nil { firstUnlisted = r }
                } else if let first = seen[key] {
                    listed += 1
                    let loc = d.findings.text.location(ofNormalized: first.start)
                    // Only the report's language is written out (a long line can repeat a million clauses).
                    let message = d.findings.language == .zh
                        ? Message(literal: "“\(key)”与第 \(loc.line) 行的文字重复")
                        : Message(literal: "\(key) repeats the same words at line \(loc.line)")
                    out.append(d.findings.make(.duplicateSentence, message, normalized: r))
                } else {
                    seen[key] = r
                }
            }
        }
        if more > 0, let r = firstUnlisted {
            out.append(d.findings.make(.duplicateSentence, Message(
                en: "\(more) more clause\(more == 1 ? "" : "s") from here on repeat\(more == 1 ? "s" : "") earlier words of this document; only the first \(limit) repeats are listed",
                zh: "从此处起还有 \(more) 处文字与前文重复，只列出了前 \(limit) 处"), normalized: r))
        }
        return out
    }
}

extension FindingKind {
    public static let placeholder = FindingKind(
        "placeholder", .error, label: ("template placeholder", "模板占位符"),
        explanation: ("a template's blank (xx县, 20xx年, 占总数的%) that was never filled in",
                      "模板里没有填写的空位（xx县、20xx年、占总数的%）"),
        colour: "#d32f2f", alpha: 0.18)
    public static let watermark = FindingKind(
        "watermark", .warning, label: ("anti-copy watermark", "防复制水印"),
        explanation: ("a stray . ' or ` a template site put between two characters against copying; fix deletes it",
                      "范文网站为防复制在两个汉字之间插入的 . ' `；可自动删除"),
        colour: "#c2185b", alpha: 0.2, safeFix: true)
    public static let duplicateSentence = FindingKind(
        "duplicate-sentence", .info, label: ("repeated sentence", "重复语句"),
        explanation: ("the same clause said twice in a document",
                      "同一篇文书里同一句话说了两遍"),
        colour: "#00838f")
}

extension PlaceholderRule: RegisteredRule {
    public static let order = 20
    public static func rules(_ setup: RuleSetup) throws -> [any DocumentRule] {
        [PlaceholderRule(patterns: try PatternList.load(contentsOf: setup.dictionaries.url("patterns/placeholders.txt")))]
    }
}

extension WatermarkRule: RegisteredRule {
    public static let order = 50
    public static func rules(_ setup: RuleSetup) throws -> [any DocumentRule] { [WatermarkRule()] }
}

extension DuplicateSentenceRule: RegisteredRule {
    public static let order = 80
    public static func rules(_ setup: RuleSetup) throws -> [any DocumentRule] { [DuplicateSentenceRule()] }
}
