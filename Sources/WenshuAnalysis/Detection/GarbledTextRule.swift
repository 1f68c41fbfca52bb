import Foundation
import WenshuText

/// Garbled text (`garbled-text`, a warning: retype it). The shapes of
/// `dictionaries/patterns/garbled.txt` — doubled or clashing punctuation (，， 。。 ，。), pinyin
/// written after characters by a conversion site (網(wǎng)), HTML entities (&ldquo; &ldqu;), marks
/// standing for lost characters (U+FFFD, ??) — are a rule written as data
/// (`dictionaries/rules/garbled-text.yaml`); this rule finds mojibake: text decoded with the wrong code
/// page, seen as a run of characters most of which are rare in modern Chinese
/// (`dictionaries/lexicon/common-characters.txt`) even when read as Simplified, so that a line in
/// Traditional script is not taken for mojibake. A single character can be mojibake too: a dash or
/// an ellipsis saved in one code page and read in another (`眼中的 棗讀者群`, where 棗 is the two
/// bytes of a Windows-1252 —— read as GBK) — see `misreadPunctuation`.
public struct GarbledTextRule: DocumentRule, PageTextRule {
    public let kinds = [FindingKind.garbledText]
    public let commonCharacters: Set<UInt32>
    /// The characters that punctuation becomes when its bytes are read as GBK, and their Simplified forms.
    public let misreadPunctuation: Set<UInt32>

    public init(commonCharacters: Set<UInt32>) {
        self.commonCharacters = commonCharacters
        self.misreadPunctuation = GarbledTextRule.punctuationReadAsGBK()
    }

    /// Derived from the encodings, not listed: the dash and ellipsis that Chinese writes doubled
    /// (—— ……) in Windows-1252 (bytes 97 97, 96 96, 85 85), and the first two bytes that every
    /// UTF-8 mark of the General Punctuation block (— “ ” ‘ ’ …) begins with (E2 80), each read as
    /// GBK; plus the Simplified form of each, since a Traditional page is checked as Simplified.
    static func punctuationReadAsGBK() -> Set<UInt32> {
        let byteRuns: [[UInt8]] = [[0x97, 0x97], [0x96, 0x96], [0x85, 0x85], [0xE2, 0x80]]
        var out = Set<UInt32>()
        let simplifier = try? ICUTransliterator.traditionalToSimplified()
        for bytes in byteRuns {
            guard let decoded = try? TextDecoder.decode(Data(bytes), file: "code page", forcing: .gb18030).text,
                  decoded.unicodeScalars.count == 1, let c = decoded.unicodeScalars.first,
                  CharacterClass.isHan(c.value) else { continue }
            out.insert(c.value)
            if let s = try? simplifier?.transliterate(decoded), s.unicodeScalars.count == 1, let v = s.unicodeScalars.first {
                out.insert(v.value)
            }
        }
        return out
    }

    public init(dictionaries: Dictionaries) throws {
        self.init(commonCharacters: Set(try WordList.load(contentsOf: dictionaries.url("lexicon/common-characters.txt"))
                      .flatMap { $0.unicodeScalars.map(\.value) }))
    }

    static let retype = Message(en: "retype this text from the original", zh: "按原文重新录入")

    public func check(_ d: DocumentContext) -> [Finding] {
        check(pageText: d.textParagraphs, factory: d.findings, words: d.words)
    }

    /// The findings in any paragraphs (a document's, or the page-level text's).
    public func check(pageText paragraphs: [Paragraph], factory f: FindingFactory, words: WordOracle) -> [Finding] {
        var out: [Finding] = []
        var simplifier: ICUTransliterator?
        for p in paragraphs {
            for r in mojibakeRuns(p.scalars, simplifier: &simplifier) {
                let range = TextRange(start: p.range.start + r.lowerBound, end: p.range.start + r.upperBound)
                let text = f.text.text(in: range)
                out.append(f.make(.garbledText, Message(
                    en: "mojibake: \(text) — text decoded with the wrong code page (UTF-8 read as GBK, or the reverse)",
                    zh: "乱码：\(text)——文字用错了编码（UTF-8 被当作 GBK 读取，或相反）"),
                    normalized: range, advice: GarbledTextRule.retype))
            }
            for k in misreadPunctuationMarks(p.scalars, words: words) {
                let range = TextRange(start: p.range.start + k, end: p.range.start + k + 1)
                let text = f.text.text(in: range)
                out.append(f.make(.garbledText, .warning, Message(
                    en: "mojibake: \(text) — a dash or ellipsis (—— ……) saved in one code page and read in another",
                    zh: "乱码：\(text)——破折号或省略号（—— ……）用错了编码"),
                    normalized: range, advice: GarbledTextRule.retype))
            }
        }
        return out
    }

    /// Offsets of characters that punctuation becomes through the wrong code page, standing
    /// apart — rare in modern Chinese, or beside a space or another rare character (的 棗读者群,
    /// 鈥斺) — and outside any word with their neighbours (枣 of 枣庄 or 红枣 is a word's).
    func misreadPunctuationMarks(_ s: [UInt32], words: WordOracle) -> [Int] {
        guard !misreadPunctuation.isEmpty else { return [] }
        func rare(_ v: UInt32) -> Bool { CharacterClass.isHan(v) && !commonCharacters.contains(v) }
        func space(_ v: UInt32) -> Bool { Unicode.Scalar(v)?.properties.isWhitespace ?? false }
        var out: [Int] = []
        for k in s.indices where misreadPunctuation.contains(s[k]) {
            let before = k > 0 ? s[k - 1] : nil, after = k + 1 < s.count ? s[k + 1] : nil
            let apart = rare(s[k]) || [before, after].contains { $0.map { space($0) || rare($0) } ?? false }
            guard apart else { continue }
            let left = Array(s[max(0, k - 2)..<k]), right = Array(s[(k + 1)..<min(s.count, k + 3)])
            if words.wordSpans(left: left + [s[k]], right: right) || words.wordSpans(left: left, right: [s[k]] + right) { continue }
            out.append(k)
        }
        return out
    }

    /// Runs of at least six letters (Han or other scripts, no punctuation, digits or spaces) in
    /// which at least four and at least half are rare, counted after reading them as Simplified.
    func mojibakeRuns(_ s: [UInt32], simplifier: inout ICUTransliterator?) -> [Range<Int>] {
        func isLetter(_ v: UInt32) -> Bool {
            let c = CharacterClass.of(v)
            return c == .han || c == .other || v == 0xFFFD || (c == .latin && v > 0x7F)
        }
        func rare(_ v: UInt32) -> Bool { !commonCharacters.contains(v) && !(v < 0x80) }
        var out: [Range<Int>] = []
        var i = 0
        while i < s.count {
            guard isLetter(s[i]) else { i += 1; continue }
            var j = i
            while j < s.count && isLetter(s[j]) { j += 1 }
            // Rare characters in the run, quickly; only a suspicious run is read as Simplified.
            if j - i >= 6 && s[i..<j].filter(rare).count >= 4 {
                if simplifier == nil { simplifier = try? ICUTransliterator.traditionalToSimplified() }
                var run = Array(s[i..<j])
                if let t = simplifier {
                    var units: [UInt16] = []
                    for v in run { if let u = Unicode.Scalar(v) { units.append(contentsOf: String(u).utf16) } }
                    if let converted = try? t.transliterate(units) {
                        let back = String(decoding: converted, as: UTF16.self).unicodeScalars.map(\.value)
                        if back.count == run.count { run = back }
                    }
                }
                // The densest stretch: trim common characters off both ends.
                var a = 0, b = run.count
                while a < b && !rare(run[a]) { a += 1 }
                while b > a && !rare(run[b - 1]) { b -= 1 }
                let rareCount = run[a..<b].filter(rare).count
                if b - a >= 6 && rareCount >= 4 && rareCount * 2 >= b - a {
                    out.append((i + a)..<(i + b))
                }
            }
            i = j
        }
        return out
    }
}

extension FindingKind {
    public static let garbledText = FindingKind(
        "garbled-text", .warning, label: ("garbled text", "乱码"),
        explanation: ("characters that make no text: replacement characters, private-use code points, mojibake from a wrong code page",
                      "不成文字的字符：替换符、私用区字符、用错编码产生的乱码"),
        colour: "#6d4c41", alpha: 0.2)
}

extension GarbledTextRule: RegisteredRule {
    /// After the rules written as data, one of which (rules/garbled-text.yaml) reports garbled-text
    /// too: its findings come first at one place, as they did when this rule matched the patterns.
    public static let order = 950
    public static func rules(_ setup: RuleSetup) throws -> [any DocumentRule] { [try GarbledTextRule(dictionaries: setup.dictionaries)] }
}
