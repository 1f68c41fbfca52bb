import Foundation

/// Word's automatic numbering, from `word/numbering.xml`: the number text Word draws in front of
/// a numbered paragraph ("一、", "（二）", "1.", "①"), so that Wenshu reads the numbers the reader
/// sees and can check them like typed ones.
///
/// What it follows: each list instance (`w:num`) and its abstract definition (`w:abstractNum`):
/// per level the start value (`w:start`), the number format (`w:numFmt`: decimal, the Chinese
/// counting formats, circled digits, letters, Roman numerals, 甲乙丙) and the level text
/// (`w:lvlText`, "%1、" or "（%2）"), with `w:lvlOverride/w:startOverride`. A level restarts when a
/// level above it is numbered. Bullets and levels without a number ("none") draw nothing here.
/// Not followed: `w:lvlRestart`, legal numbering (`w:isLgl`) and lists continued across `w:num`
/// instances of one abstract definition — rare in the documents Wenshu reads.
///
/// Values from the file are held to what Word itself accepts (`NumberingLimits`): a start or start
/// override is clamped to 0…32767, a level outside 0…8 is ignored, a level text is cut to 255
/// characters, so no number from a hostile file can overflow the counter or make a label long.
struct NumberingDefinitions {
    struct Level: Equatable {
        var start = 1
        var format = "decimal"
        var text = "%1."
    }
    /// abstractNumId → level → definition.
    var abstractLevels: [String: [Int: Level]] = [:]
    /// numId → its abstractNumId and its start overrides per level.
    var instances: [String: (abstract: String, starts: [Int: Int])] = [:]

    var isEmpty: Bool { instances.isEmpty }
}

/// Reads numbering.xml.
final class NumberingHandler: XMLHandler {
    private(set) var definitions = NumberingDefinitions()
    private var stack: [String] = []
    private var abstractId: String?
    private var level: (ilvl: Int, value: NumberingDefinitions.Level)?
    private var numId: String?
    private var overrideLevel: Int?

    private func path(_ names: String...) -> Bool { stack.suffix(names.count).elementsEqual(names) }

    override func parser(_ parser: PartReader, didStartElement elementName: String, namespaceURI: String?,
                         qualifiedName qName: String?, attributes: [String: String] = [:]) {
        count(parser)
        let val = attribute(attributes, "val")
        defer { stack.append(elementName) }
        switch elementName {
        case "abstractNum":
            abstractId = attribute(attributes, "abstractNumId")
        case "lvl" where path("abstractNum"):
            // A level Word does not have (outside 0…8) is left out.
            let ilvl = attribute(attributes, "ilvl").flatMap(NumberingLimits.level) ?? (attribute(attributes, "ilvl") == nil ? 0 : nil)
            level = ilvl.map { ($0, NumberingDefinitions.Level()) }
        case "start" where path("abstractNum", "lvl"):
            if let v = val.flatMap(NumberingLimits.start) { level?.value.start = v }
        case "numFmt" where path("abstractNum", "lvl"):
            if let val { level?.value.format = val }
        case "lvlText" where path("abstractNum", "lvl"):
            level?.value.text = String((val ?? "").prefix(NumberingLimits.levelTextLength))
        case "num" where path("numbering"):
            numId = attribute(attributes, "numId")
        case "abstractNumId" where path("num"):
            if let numId, let val { definitions.instances[numId] = (val, definitions.instances[numId]?.starts ?? [:]) }
        case "lvlOverride" where path("num"):
            overrideLevel = attribute(attributes, "ilvl").flatMap(NumberingLimits.level)
        case "startOverride" where path("num", "lvlOverride"):
            if let numId, let ilvl = overrideLevel, let v = val.flatMap(NumberingLimits.start) {
                var instance = definitions.instances[numId] ?? ("", [:])
                instance.starts[ilvl] = v
                definitions.instances[numId] = instance
            }
        default:
            break
        }
    }

    override func parser(_ parser: PartReader, didEndElement elementName: String, namespaceURI: String?,
                         qualifiedName qName: String?) {
        stack.removeLast()
        switch elementName {
        case "lvl" where path("abstractNum"):
            if let abstractId, let level { definitions.abstractLevels[abstractId, default: [:]][level.ilvl] = level.value }
            level = nil
        case "abstractNum": abstractId = nil
        case "num": numId = nil
        case "lvlOverride": overrideLevel = nil
        default: break
        }
    }
}

/// What Word accepts in numbering.xml, applied to every value read from it.
enum NumberingLimits {
    /// Word's "Start at" runs from 0 to 32767.
    static let startRange = 0...32767
    /// List levels 0…8 (nine levels).
    static let levelRange = 0...8
    /// A level text longer than this is cut (Word's own are a few characters, "（%2）").
    static let levelTextLength = 255
    /// A counter never goes above this (a start of 32767 and millions of paragraphs stay far below).
    static let counterMaximum = Int(Int32.max)

    /// A start value clamped to `startRange`; a number too long for Int is clamped by its sign;
    /// nil when it is not a whole number.
    static func start(_ text: String) -> Int? {
        let t = text.trimmingCharacters(in: .whitespaces)
        let digits = t.hasPrefix("-") || t.hasPrefix("+") ? t.dropFirst() : Substring(t)
        guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        guard let v = Int(t) else { return t.hasPrefix("-") ? startRange.lowerBound : startRange.upperBound }
        return min(max(v, startRange.lowerBound), startRange.upperBound)
    }

    /// A list level, nil outside `levelRange` or when not a number.
    static func level(_ text: String) -> Int? {
        guard let v = Int(text.trimmingCharacters(in: .whitespaces)), levelRange.contains(v) else { return nil }
        return v
    }
}

/// Numbers the paragraphs of a document in order, as Word does, and gives each its label.
struct NumberingCounter {
    let definitions: NumberingDefinitions
    /// numId → level → the last number given.
    private var counters: [String: [Int: Int]] = [:]

    init(definitions: NumberingDefinitions) { self.definitions = definitions }

    /// The label of the next paragraph numbered by list `numId` at level `ilvl`, or nil when the
    /// level draws no number (a bullet) or is not defined.
    mutating func label(numId: String, ilvl: Int) -> String? {
        guard let instance = definitions.instances[numId], let levels = definitions.abstractLevels[instance.abstract],
              let level = levels[ilvl] else { return nil }
        func start(_ k: Int) -> Int { instance.starts[k] ?? levels[k]?.start ?? 1 }
        var numbers = counters[numId] ?? [:]
        // Starts are clamped to 0…32767 when read; the counter stops at `counterMaximum`.
        let previous = numbers[ilvl] ?? (start(ilvl) - 1)
        numbers[ilvl] = previous < NumberingLimits.counterMaximum ? previous + 1 : previous
        for deeper in numbers.keys where deeper > ilvl { numbers[deeper] = nil }
        counters[numId] = numbers
        guard level.format != "bullet", level.format != "none", !level.text.isEmpty else { return nil }
        var text = level.text
        for k in (0...8).reversed() where text.contains("%\(k + 1)") {
            let value = numbers[k] ?? start(k)
            text = text.replacingOccurrences(of: "%\(k + 1)", with: NumberingCounter.format(value, levels[k]?.format ?? "decimal"))
        }
        return text
    }

    static let circled = (1...20).map { String(UnicodeScalar(0x245F + UInt32($0))!) }
    static let heavenlyStems = ["甲", "乙", "丙", "丁", "戊", "己", "庚", "辛", "壬", "癸"]
    static let legalDigits = ["零", "壹", "贰", "叁", "肆", "伍", "陆", "柒", "捌", "玖"]

    /// A number in one of Word's number formats (ST_NumberFormat); an unknown format is decimal.
    static func format(_ n: Int, _ format: String) -> String {
        switch format {
        case "chineseCounting", "chineseCountingThousand", "japaneseCounting", "taiwaneseCounting", "koreanCounting":
            return ChineseNumeralFormatter.string(n)
        case "ideographDigital", "taiwaneseDigital", "japaneseDigitalTenThousand":
            return String(String(n).compactMap { $0.wholeNumberValue.map { $0 == 0 ? "〇" : ChineseNumeralFormatter.string($0) } }.joined())
        case "chineseLegalSimplified":
            return (0..<10).contains(n) ? legalDigits[n] : ChineseNumeralFormatter.string(n)
        case "ideographTraditional":
            return (1...10).contains(n) ? heavenlyStems[n - 1] : String(n)
        case "decimalEnclosedCircle", "decimalEnclosedCircleChinese":
            return (1...20).contains(n) ? circled[n - 1] : "(\(n))"
        case "decimalEnclosedParen":
            return "(\(n))"
        case "decimalFullWidth", "decimalFullWidth2":
            return String(String(n).unicodeScalars.compactMap { UnicodeScalar($0.value + 0xFEE0).map(Character.init) })
        case "decimalZero":
            return n < 10 ? "0\(n)" : String(n)
        case "lowerLetter", "upperLetter":
            guard n > 0 else { return String(n) }
            var s = "", k = n
            while k > 0 { k -= 1; s = String(UnicodeScalar(UInt8(97 + k % 26))) + s; k /= 26 }
            return format == "upperLetter" ? s.uppercased() : s
        case "lowerRoman", "upperRoman":
            // Roman numerals run from 1 to 3999; other numbers are written in digits.
            guard (1...3999).contains(n) else { return String(n) }
            let table: [(Int, String)] = [(1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
                                          (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")]
            var s = "", k = n
            for (v, r) in table { while k >= v { s += r; k -= v } }
            return format == "upperRoman" ? s.uppercased() : s
        default:
            return String(n)
        }
    }
}
