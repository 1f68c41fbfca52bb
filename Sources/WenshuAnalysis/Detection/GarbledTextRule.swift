import Foundation
import WenshuText

/// Garbled text (`garbled-text`, a warning: retype it): the shapes of
/// `dictionaries/patterns/garbled.txt` — doubled or clashing punctuation (，， 。。 ，。), pinyin
/// written after characters by a conversion site (網(wǎng)), HTML entities (&ldquo; &ldqu;), marks
/// standing for lost characters (U+FFFD, ??) — and mojibake: text decoded with the wrong code
/// page, seen as a run of characters most of which are rare in modern Chinese
/// (`dictionaries/lexicon/common-characters.txt`) even when read as Simplified, so that a line in
/// Traditional script is not taken for mojibake.
public struct GarbledTextRule: DocumentRule {
    public let kinds = [FindingKind.garbledText]
    public let patterns: PatternList
    public let commonCharacters: Set<UInt32>

    public init(patterns: PatternList, commonCharacters: Set<UInt32>) {
        self.patterns = patterns
        self.commonCharacters = commonCharacters
    }

    public init(dictionaries: Dictionaries) throws {
        self.init(patterns: try PatternList.load(contentsOf: dictionaries.url("patterns/garbled.txt")),
                  commonCharacters: Set(try WordList.load(contentsOf: dictionaries.url("lexicon/common-characters.txt"))
                      .flatMap { $0.unicodeScalars.map(\.value) }))
    }

    static let retype = Message(en: "retype this text from the original", zh: "按原文重新录入")

    public func check(_ d: DocumentContext) -> [Finding] {
        check(paragraphs: d.textParagraphs, factory: d.findings)
    }

    /// The findings in any paragraphs (a document's, or the page-level text's).
    public func check(paragraphs: [Paragraph], factory f: FindingFactory) -> [Finding] {
        var out: [Finding] = []
        var simplifier: ICUTransliterator?
        for p in paragraphs {
            var taken: [Range<Int>] = []
            for (r, e) in patterns.matches(in: p.text) where !taken.contains(where: { $0.overlaps(r) }) {
                taken.append(r)
                let label = e.fields.first ?? "garbled text"
                let labelZh = e.fields.count > 1 ? e.fields[1] : label
                let range = TextRange(start: p.range.start + r.lowerBound, end: p.range.start + r.upperBound)
                let text = f.text.text(in: range)
                out.append(f.make(.garbledText, Message(
                    en: "garbled text (\(label)): \(text)", zh: "乱码（\(labelZh)）：\(text)"),
                    normalized: range, advice: GarbledTextRule.retype))
            }
            for r in mojibakeRuns(p.scalars, simplifier: &simplifier) {
                let range = TextRange(start: p.range.start + r.lowerBound, end: p.range.start + r.upperBound)
                let text = f.text.text(in: range)
                out.append(f.make(.garbledText, Message(
                    en: "mojibake: \(text) — text decoded with the wrong code page (UTF-8 read as GBK, or the reverse)",
                    zh: "乱码：\(text)——文字用错了编码（UTF-8 被当作 GBK 读取，或相反）"),
                    normalized: range, advice: GarbledTextRule.retype))
            }
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
        id: "garbled-text", severity: .warning,
        label: Message(en: "garbled text", zh: "乱码"),
        explanation: Message(en: "characters that make no text: replacement characters, private-use code points, mojibake from a wrong code page",
                             zh: "不成文字的字符：替换符、私用区字符、用错编码产生的乱码"),
        colour: "#6d4c41", fill: "rgba(109, 76, 65, .2)")
}
