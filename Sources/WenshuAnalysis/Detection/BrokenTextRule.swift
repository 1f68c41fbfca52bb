import Foundation
import WenshuText

/// Text damaged by cutting, gluing or extraction from a PDF or Word file (`broken-text`):
/// - a sentence that goes on in the next paragraph: the next line opens with closing
///   punctuation (`《条例》⏎)`), a bare figure stands on a line of its own (`信息⏎5928⏎条`), or a
///   paragraph of prose stops mid-sentence and the next goes on (`配备了⏎132名`);
/// - a page number cutting a word (`街⏎2、道`): a paragraph of prose stops on a Han character and
///   the next line opens with a small number and 、;
/// - a space inside a word (`政 策`), or a lone space between two Han characters inside a
///   sentence (`贯彻落实 关于`, where characters were lost);
/// - a heading glued to the text before it (`…体系升级一、巡察工作背景`);
/// - a full stop and a space inside a word (`营造促。 进发展`) — not a sentence end followed by a
///   space, which is only a collapsed paragraph break;
/// - a character cut out and replaced by '-' (`送-下乡`) — not a dash between two words;
/// - lone one-word lines (`学习。`);
/// - the shapes of `dictionaries/patterns/broken.txt` (a document number that lost its 〔〕 and 号).
public struct BrokenTextRule: DocumentRule {
    public let kinds = [FindingKind.brokenText, .patternNotChecked]
    public let patterns: PatternList?
    /// Characters a sentence does not stop on (的 了 是 …: lexicon/function-characters.txt).
    public let functionCharacters: Set<UInt32>
    /// Characters that are words on their own (lexicon/standalone-characters.txt): a sentence
    /// may open with one.
    public let standaloneCharacters: Set<UInt32>
    public init(patterns: PatternList? = nil, functionCharacters: Set<UInt32> = [], standaloneCharacters: Set<UInt32> = []) {
        self.patterns = patterns
        self.functionCharacters = functionCharacters
        self.standaloneCharacters = standaloneCharacters
    }

    public func check(_ d: DocumentContext) -> [Finding] {
        var out: [Finding] = []
        let f = d.findings
        let words = d.words
        func finding(_ m: Message, _ r: TextRange, suggestion: Message? = nil) {
            out.append(f.make(.brokenText, m, normalized: r, advice: suggestion))
        }
        let paragraphs = d.textParagraphs
        for (k, p) in paragraphs.enumerated() {
            let s = p.scalars
            let base = p.range.start
            // 。 + space + Han inside a paragraph: broken only where the two sides make one word
            // (促。 进 → 促进) or what follows cannot start a sentence (定新华书店…).
            if s.count >= 4 && !BrokenTextRule.spacedLayout(s) {
                for i in 1..<(s.count - 2) where s[i] == 0x3002 && CharacterClass.of(s[i + 1]) == .space {
                    var j = i + 1
                    while j < s.count && CharacterClass.of(s[j]) == .space { j += 1 }
                    guard j < s.count, CharacterClass.isHan(s[j]), CharacterClass.isHan(s[i - 1]) else { continue }
                    let left = Array(s[max(0, i - 2)..<i]), right = Array(s[j..<min(s.count, j + 3)])
                    // opensItem reads the first 8 characters (a copy of the whole rest at every
                    // 。 was quadratic in the paragraph's length).
                    let opensList = BrokenTextRule.opensItem(Array(s[j..<min(s.count, j + 8)]))
                    let glued = !opensList && words.wordSpans(left: left, right: right, maxLength: 2)
                    let startsNothing = !opensList && !BrokenTextRule.startsSentence(right, words: words, standalone: standaloneCharacters)
                    guard glued || startsNothing else { continue }
                    let r = TextRange(start: base + max(0, i - 3), end: base + min(s.count, j + 3))
                    let text = f.text.text(in: r)
                    finding(Message(
                        en: "a sentence is cut and glued here (\(text)): the 。 and the space do not belong",
                        zh: "句子在这里被截断又拼接（\(text)）：其中的“。”和空格是多余的"), r)
                }
            }
            // An ASCII hyphen between two Han characters stands where a character was cut out
            // (送-下乡 for 送戏下乡). Genuine text joins names with a full-width dash (中国－东盟),
            // which normalisation folds to the same '-': the original character decides. A dash
            // between two words (楼栋-居民小组-社区居委会) is a separator.
            if s.count >= 3 {
                for i in 1..<(s.count - 1) where s[i] == 0x2D && CharacterClass.isHan(s[i - 1]) && CharacterClass.isHan(s[i + 1])
                    && f.text.source.scalars[Int(f.text.originalStart[base + i])] == 0x2D {
                    let chained = s.enumerated().contains { e in
                        e.offset != i && e.element == 0x2D && e.offset > 0 && e.offset + 1 < s.count
                            && CharacterClass.isHan(s[e.offset - 1]) && CharacterClass.isHan(s[e.offset + 1])
                    }
                    let leftWord = i >= 2 && CharacterClass.isHan(s[i - 2]) && words.isWord(String(scalars: s[(i - 2)..<i]))
                    let rightWord = i + 2 < s.count && CharacterClass.isHan(s[i + 2]) && words.isWord(String(scalars: s[(i + 1)...(i + 2)]))
                    if chained || (leftWord && rightWord) { continue }
                    let r = TextRange(start: base + max(0, i - 2), end: base + min(s.count, i + 3))
                    let text = f.text.text(in: r)
                    finding(Message(
                        en: "a character seems to be missing here (\(text)): a '-' stands in its place",
                        zh: "这里似乎缺了一个字（\(text)）：“-”占了它的位置"),
                        TextRange(start: base + i, end: base + i + 1))
                }
            }
            // Spaces between two Han characters.
            var gaps: [(Int, Int)] = []
            var i = 1
            while i < s.count {
                if CharacterClass.of(s[i]) == .space && CharacterClass.isHan(s[i - 1]) {
                    var j = i
                    while j < s.count && CharacterClass.of(s[j]) == .space { j += 1 }
                    if j < s.count && CharacterClass.isHan(s[j]) && j - i <= 2 { gaps.append((i, j)) }
                    i = j
                } else { i += 1 }
            }
            let prose = s.filter(CharacterClass.isHan).count >= 15 && s.contains { $0 == 0x3002 || $0 == 0xFF0C || $0 == 0x2C }
            // Book-title marks before each gap, counted as the gaps go (in order), and the last
            // 》: a paragraph with a hundred thousand gaps was quadratic when each gap searched
            // the text before and after it (hostile tester, session 9).
            let lastClose = s.lastIndex(of: 0x300B) ?? -1
            var lastOpenBefore = -1, lastCloseBefore = -1, scanned = 0
            for (a, b) in gaps {
                while scanned < a {
                    if s[scanned] == 0x300A { lastOpenBefore = scanned } else if s[scanned] == 0x300B { lastCloseBefore = scanned }
                    scanned += 1
                }
                // 第二条 行政机关… and a letter-spaced heading (总 则, 附 则) are set out so on purpose.
                if BrokenTextRule.endsWithArticleNumber(s[..<a]) { continue }
                // After an inline item's marker (二是 认真…) a space is only spacing.
                if a >= 2 && s[a - 1] == 0x662F && ChineseNumeral.isDigit(s[a - 2]) { continue }
                // A news dateline (新华社北京3月5日电 受…, 本报讯 …) ends with 电 or 讯 before its space.
                if a >= 2 && (s[a - 1] == 0x7535 || s[a - 1] == 0x8BAF) && (s[a - 2] == 0x65E5 || s[a - 2] == 0x62A5 || s[a - 2] == 0x793E) { continue }
                if s.count <= 12 && !s.contains(where: { [0x3002, 0xFF0C, 0x2C].contains($0) }) { continue }
                let left = Array(s[max(0, a - 2)..<a]), right = Array(s[b..<min(s.count, b + 2)])
                let inWord = words.wordSpans(left: left, right: right, maxLength: 2)
                // In prose with only a gap or two (not text spaced out throughout), a lone space
                // between two Han characters is where something was lost.
                // Inside a book title 《…》, which never holds a space.
                let inBookTitle = lastOpenBefore > lastCloseBefore && lastClose >= b
                guard inWord || inBookTitle || (prose && gaps.count <= 2 && !BrokenTextRule.spacedLayout(s)) else { continue }
                let r = TextRange(start: base + max(0, a - 2), end: base + min(s.count, b + 2))
                let text = f.text.text(in: r)
                finding(inWord
                    ? Message(en: "a space inside a word (\(text)): text extracted from a PDF or a web page",
                              zh: "词语中间多了空格（\(text)）：从 PDF 或网页提取文字留下的痕迹")
                    : Message(en: "a space inside a sentence (\(text)): characters may have been lost here",
                              zh: "句子中间多了空格（\(text)）：这里可能丢了字"), r)
            }
            // A heading glued to the text before it: 一、 right after a Han character that does not
            // make a word with the numeral (统一、 唯一、 are words).
            if s.count >= 4 {
                // Only 一、: a list glued to the title above it begins with its first item (京九、南昆 is
                // a list of names).
                for i in 1..<(s.count - 2) where s[i] == 0x4E00 && s[i + 1] == 0x3001 && CharacterClass.isHan(s[i - 1])
                    && CharacterClass.isHan(s[i + 2]) && !ChineseNumeral.isDigit(s[i + 2]) && !ChineseNumeral.isDigit(s[i - 1]) && s[i - 1] != 0x7B2C  // 第
                    && !words.isWord(String(scalars: s[(i - 1)...i])) && i >= 4 && !ChineseNumeral.isDigit(s[i - 2]) {
                    let r = TextRange(start: base + max(0, i - 3), end: base + min(s.count, i + 5))
                    finding(Message(
                        en: "a heading is glued to the text before it (\(f.text.text(in: r))): a line break was lost",
                        zh: "标题与前文粘连（\(f.text.text(in: r))）：丢了换行"), r)
                }
            }
            // A first-level heading that lost its 、 (四以打造特色社区为着力点…): a numeral and a
            // character that make no word, and the next paragraph opens a （一） list under it.
            if k + 1 < paragraphs.count, s.count >= 4, let n = ChineseNumeral.value(of: String(scalars: s.prefix(1))), n >= 1,
               CharacterClass.isHan(s[1]), s[1] != 0x662F, !ChineseNumeral.isDigit(s[1]), MarkerParser.marker(at: p.text) == nil,
               !words.isWord(String(scalars: s.prefix(2))), !words.isWord(String(scalars: s.prefix(3))),
               let sub = MarkerParser.marker(at: paragraphs[k + 1].text), sub.family == .chineseParen, sub.value == 1 {
                let r = TextRange(start: base, end: base + min(s.count, 4))
                finding(Message(
                    en: "a heading lost its mark (\(f.text.text(in: r))…): \(MarkerFamily.chineseComma.marker(n)) is missing its 、, and （一） follows under it",
                    zh: "标题丢了顿号（\(f.text.text(in: r))…）：应为“\(MarkerFamily.chineseComma.marker(n))”，其下接（一）"), r,
                    suggestion: Message(literal: MarkerFamily.chineseComma.marker(n)))
            }
            // A lone word on its own line, ending with 。 (学习。 工作。).
            let han = s.filter(CharacterClass.isHan).count
            if han <= 4 && s.last == 0x3002 && MarkerParser.marker(at: p.text) == nil && paragraphs.count > 1 {
                finding(Message(
                    en: "a lone fragment on its own line (\(p.text)): text cut out of the sentence around it",
                    zh: "单独成行的残句（\(p.text)）：从上下文的句子中截出的文字"), p.range)
            }
            // A sentence that goes on in the next paragraph.
            // A next paragraph set in with an indent (　　) was begun as a paragraph on purpose: the
            // line above lacks its 。, but no sentence runs across.
            let indented = k + 1 < paragraphs.count && paragraphs[k + 1].range.start > 0
                && CharacterClass.of(f.text.scalars[paragraphs[k + 1].range.start - 1]) == .space
            if k + 1 < paragraphs.count, !indented, let m = BrokenTextRule.cutBetween(p, paragraphs[k + 1], functionCharacters: functionCharacters) {
                let next = paragraphs[k + 1]
                let r = TextRange(start: max(p.range.start, p.range.end - 4), end: min(next.range.end, next.range.start + 4))
                let shown = f.text.text(in: r).replacingOccurrences(of: "\n", with: "⏎")
                finding(m == .pageNumber
                    ? Message(en: "a page number cuts the text (\(shown)): a number and 、 stand inside a sentence, left by extracting a PDF",
                              zh: "页码截断了正文（\(shown)）：句子中间插着页码，是从 PDF 提取留下的")
                    : Message(en: "a sentence is broken across lines (\(shown)): the line break does not belong",
                              zh: "一句话被换行断开（\(shown)）：这里的换行是多余的"), r)
            }
            // The shapes of broken.txt.
            if let patterns {
                let (matches, stopped) = patterns.search(in: p)
                out += patterns.notChecked(stopped, in: p, what: Message(en: "broken text", zh: "残缺文字"), factory: f)
                for (r, e) in matches {
                    let range = TextRange(start: base + r.lowerBound, end: base + r.upperBound)
                    let label = e.fields.first ?? "broken text"
                    let labelZh = e.fields.count > 1 ? e.fields[1] : label
                    finding(Message(en: "\(label): \(f.text.text(in: range))", zh: "\(labelZh)：\(f.text.text(in: range))"), range)
                }
            }
        }
        out += rejoinedWords((d.title.map { [$0] } ?? []) + paragraphs, factory: f, words: words)
        return out
    }

    /// The hard wraps inside a word that the normaliser rejoined (政府工作报⏎告): information, since
    /// the text was checked as one line, but the file still breaks the word where it is shown or
    /// copied. A wrap between two words, or after punctuation, is ordinary line filling and not
    /// reported.
    func rejoinedWords(_ paragraphs: [Paragraph], factory f: FindingFactory, words: WordOracle) -> [Finding] {
        let joins = f.text.rejoinedBreaks
        guard !joins.isEmpty, let first = paragraphs.first, let last = paragraphs.last else { return [] }
        let s = f.text.scalars
        var out: [Finding] = []
        // Joins inside this document's text paragraphs, found by binary search in the sorted offsets.
        var lo = 0, hi = joins.count
        while lo < hi { let mid = (lo + hi) / 2; if joins[mid] < first.range.start { lo = mid + 1 } else { hi = mid } }
        var p = 0
        for o in joins[lo...] where o < last.range.end {
            while p < paragraphs.count && paragraphs[p].range.end <= o { p += 1 }
            guard p < paragraphs.count, paragraphs[p].range.start < o else { continue }
            let a = max(paragraphs[p].range.start, o - 3), b = min(paragraphs[p].range.end, o + 3)
            guard o > 0, o < s.count, CharacterClass.isHan(s[o - 1]), CharacterClass.isHan(s[o]),
                  words.wordSpans(left: Array(s[a..<o]), right: Array(s[o..<b])) else { continue }
            let r = TextRange(start: max(a, o - 2), end: min(b, o + 2))
            let shown = f.text.text(in: TextRange(start: r.start, end: o)) + "⏎" + f.text.text(in: TextRange(start: o, end: r.end))
            out.append(f.make(.brokenText, .info, Message(
                en: "a line break inside a word (\(shown)) was rejoined for checking: the file is hard-wrapped",
                zh: "词中间的换行（\(shown)）已在检查时接上：文件是按固定宽度硬换行的"), normalized: r))
        }
        return out
    }

    enum Cut { case sentence, pageNumber }

    /// Whether paragraph `b` goes on with the sentence that paragraph `a` left open.
    static func cutBetween(_ a: Paragraph, _ b: Paragraph, functionCharacters: Set<UInt32>) -> Cut? {
        let s = a.scalars, t = b.scalars
        guard let last = s.last, let first = t.first else { return nil }
        let aHeading = MarkerParser.marker(at: a.text) != nil && s.count <= 40
        if aHeading { return nil }
        // b opens with closing or clause punctuation: the sentence began above.
        if [0x29, 0xFF09, 0x300B, 0x300D, 0x300F, 0x3011, 0x2C, 0xFF0C, 0x3B, 0xFF1B, 0x3002, 0x3001, 0x25].contains(first),
           s.count >= 2, !isSentenceEnd(last) { return .sentence }
        let aOpen = CharacterClass.isHan(last) || CharacterClass.of(last) == .digit || [0x3001, 0xFF0C, 0x2C, 0x300A, 0x201C, 0x28, 0xFF08].contains(last)
        guard aOpen else { return nil }
        // A bare figure on a line of its own (5928, 90.3%), or the line after one.
        if isBareFigure(t) && t.count <= 12 && (CharacterClass.isHan(last) || CharacterClass.of(last) == .digit) { return .sentence }
        if isBareFigure(s) && s.count <= 12 && (CharacterClass.isHan(first) || [0x2C, 0xFF0C, 0x3002, 0x3001].contains(first)) { return .sentence }
        // a is prose (a clause already closed inside it) that stops mid-sentence, or stops on a
        // function character (lexicon/function-characters.txt) with the figure it counts on the next
        // line (配备了⏎132名, 设立了⏎50个).
        // (A one-sentence line of up to 60 characters without its 。 is a lead sentence set as a
        // heading, as the State Council reports have: 五年来，国民经济保持良好发展势头.)
        let prose = (s.count >= 20 && s.dropLast().contains { [0x3002, 0xFF1B, 0x3B].contains($0) })
            || (s.count >= 60 && s.dropLast().contains { [0xFF0C, 0x2C, 0x3001].contains($0) })
            || (s.count >= 6 && functionCharacters.contains(last) && CharacterClass.of(first) == .digit
                && s.dropLast().contains { [0xFF0C, 0x2C, 0x3002, 0xFF1B, 0x3B].contains($0) })
        guard prose, CharacterClass.isHan(last) || CharacterClass.of(last) == .digit else { return nil }
        if let marker = MarkerParser.marker(at: b.text) {
            // A small number and 、 inside a sentence: a page number (街⏎2、道).
            if marker.family == .arabicComma && marker.value <= 999 && marker.length < t.count && CharacterClass.isHan(t[marker.length])
                && s.contains(0x3002) && CharacterClass.isHan(last) { return .pageNumber }
            return nil
        }
        return CharacterClass.isHan(first) || CharacterClass.of(first) == .digit ? .sentence : nil
    }

    /// Whether the text ends with an article or chapter number (第二条, 第三章, 第1节).
    static func endsWithArticleNumber(_ s: [UInt32]) -> Bool { endsWithArticleNumber(s[...]) }

    /// The same on a slice (no copy of the text before each gap).
    static func endsWithArticleNumber(_ s: ArraySlice<UInt32>) -> Bool {
        guard let last = s.last, [0x6761, 0x7AE0, 0x8282, 0x6B3E, 0x7F16, 0x7BC7].contains(last) else { return false }  // 条 章 节 款 编 篇
        let start = s.startIndex
        var i = s.endIndex - 2
        while i >= start && (ChineseNumeral.isDigit(s[i]) || CharacterClass.of(s[i]) == .digit || s[i] == 0x767E) { i -= 1 }  // 百
        return i >= start && i < s.endIndex - 2 && s[i] == 0x7B2C  // 第
    }

    static func isSentenceEnd(_ v: UInt32) -> Bool {
        [0x3002, 0xFF01, 0xFF1F, 0x21, 0x3F, 0xFF1B, 0x3B, 0xFF1A, 0x3A, 0x201D, 0x2026].contains(v)
    }

    /// Digits with . , % only (5928, 90.3%).
    static func isBareFigure(_ s: [UInt32]) -> Bool {
        !s.isEmpty && s.contains { CharacterClass.of($0) == .digit }
            && s.allSatisfy { CharacterClass.of($0) == .digit || [0x2E, 0x25, 0x2C, 0xFF05].contains($0) }
    }

    /// Text spaced out throughout (PDF spacing: 一是 及时 提高 为 735 元): many spaces, not a lost
    /// character or two.
    static func spacedLayout(_ s: [UInt32]) -> Bool {
        s.filter { CharacterClass.of($0) == .space }.count * 12 > s.count
    }

    /// Whether the text opens with a heading or list marker (一、 （二） 3. 二是).
    static func opensItem(_ rest: [UInt32]) -> Bool {
        if MarkerParser.marker(at: String(scalars: rest.prefix(8))) != nil { return true }
        guard rest.count >= 2, ChineseNumeral.isDigit(rest[0]) || CharacterClass.of(rest[0]) == .digit else { return false }
        return [0x3001, 0x662F, 0x2E, 0xFF0E].contains(rest[1])  // 、 是 . ．
    }

    /// Whether the text after a 。 and a space can open a sentence: a word of two or three
    /// characters, or a character that stands alone as a word (在 对 我 …:
    /// lexicon/standalone-characters.txt).
    static func startsSentence(_ next: [UInt32], words: WordOracle, standalone: Set<UInt32>) -> Bool {
        guard let first = next.first else { return true }
        if standalone.contains(first) { return true }
        if next.count >= 2 && words.isWord(String(scalars: next.prefix(2))) { return true }
        if next.count >= 3 && words.isWord(String(scalars: next.prefix(3))) { return true }
        return false
    }
}

extension String {
    /// A string of Unicode scalar values (any invalid value is left out).
    init<S: Sequence>(scalars: S) where S.Element == UInt32 {
        self.init(String.UnicodeScalarView(scalars.compactMap(Unicode.Scalar.init)))
    }
}

extension FindingKind {
    public static let brokenText = FindingKind(
        "broken-text", .warning, label: ("broken text", "断句残缺"),
        explanation: ("text cut or broken by a bad copy: a stop inside a word, a character replaced by -, a lone word on a line, a document number that lost its brackets",
                      "复制时被截断或弄坏的文字：词中间断句、字被换成 -、一个词单独成行、文号丢了括号"),
        colour: "#ef6c00", alpha: 0.2)
}

extension BrokenTextRule: RegisteredRule {
    public static let order = 60
    public static func rules(_ setup: RuleSetup) throws -> [any DocumentRule] {
        let d = setup.dictionaries
        func characters(_ url: URL) throws -> Set<UInt32> { Set(try WordList.load(contentsOf: url).flatMap { $0.unicodeScalars.map(\.value) }) }
        return [BrokenTextRule(patterns: try PatternList.load(contentsOf: d.url("patterns/broken.txt")),
                               functionCharacters: try characters(d.functionCharacters),
                               standaloneCharacters: try characters(d.standaloneCharacters))]
    }
}
