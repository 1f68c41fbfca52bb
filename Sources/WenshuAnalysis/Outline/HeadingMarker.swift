import Foundation
import WenshuText

/// The families of heading and list markers of GB/T 9704-2012 and common practice.
public enum MarkerFamily: String, Sendable, Codable, CaseIterable {
    case part = "第一部分"          // 第一部分 / 第一章
    case chineseComma = "一、"       // 一、 (also 一． 一. and a numeral alone on its line)
    case chineseParen = "（一）"     // （一） (一)
    case arabicDot = "1."           // 1. 1．
    case arabicComma = "1、"        // 1、
    case arabicParen = "（1）"      // （1） (1)
    case circled = "①"
    case ordinal = "第一，"          // 第一， 第一、
    case inline = "一是"            // 一是 … 二是 … inside a paragraph
    // The decimal numbers of GB/T 1.1 (应急预案, 规划, 方案, 标准): the depth is the number of parts.
    case decimal1 = "1"             // 1 总则 (the chapter's number alone, then a space)
    case decimal2 = "1.1"           // 1.1 编制目的
    case decimal3 = "1.1.1"
    case decimal4 = "1.1.1.1"

    /// The number of parts of a decimal family's numbers (1.1: 2); nil for the other families.
    public var decimalDepth: Int? {
        switch self {
        case .decimal1: return 1
        case .decimal2: return 2
        case .decimal3: return 3
        case .decimal4: return 4
        default: return nil
        }
    }

    static func decimal(depth: Int) -> MarkerFamily? {
        switch depth {
        case 1: return .decimal1
        case 2: return .decimal2
        case 3: return .decimal3
        case 4: return .decimal4
        default: return nil
        }
    }

    /// The level GB/T 9704-2012 and common practice give this family (1 highest).
    public var standardRank: Int {
        switch self {
        case .part: return 0
        case .chineseComma: return 1
        case .chineseParen: return 2
        case .arabicDot, .arabicComma, .ordinal: return 3
        case .arabicParen: return 4
        case .circled: return 5
        case .inline: return 6
        case .decimal1: return 1
        case .decimal2: return 2
        case .decimal3: return 3
        case .decimal4: return 4
        }
    }

    /// How a marker of this family with value `n` is written (for messages and suggestions);
    /// `prefix` is the parts before the last of a decimal number (1.2 for 1.2.3), 1s when nil.
    public func marker(_ n: Int, prefix: [Int]? = nil) -> String {
        if let depth = decimalDepth {
            let parts = (prefix ?? Array(repeating: 1, count: depth - 1)) + [n]
            return parts.map(String.init).joined(separator: ".")
        }
        let cn = ChineseNumeralFormatter.string(n)
        switch self {
        case .part: return "第\(cn)部分"
        case .chineseComma: return "\(cn)、"
        case .chineseParen: return "（\(cn)）"
        case .arabicDot: return "\(n)."
        case .arabicComma: return "\(n)、"
        case .arabicParen: return "（\(n)）"
        case .circled: return n >= 1 && n <= 20 ? String(UnicodeScalar(0x245F + UInt32(n))!) : "(\(n))"
        case .ordinal: return "第\(cn)，"
        case .inline: return "\(cn)是"
        case .decimal1, .decimal2, .decimal3, .decimal4: return String(n)
        }
    }
}

/// A marker found at the start of a paragraph (or inside one, for 一是 lists).
public struct HeadingMarker: Sendable, Equatable {
    public let family: MarkerFamily
    public let value: Int
    /// The marker's text as written (（一）, 1、 …).
    public let text: String
    /// Length of the marker in scalars.
    public let length: Int
    /// The parts before the last of a decimal number (1.2 for 1.2.3); empty for other families.
    public let prefix: [Int]

    public init(family: MarkerFamily, value: Int, text: String, length: Int, prefix: [Int] = []) {
        self.family = family
        self.value = value
        self.text = text
        self.length = length
        self.prefix = prefix
    }

    /// How the marker numbered `n` at this one's place is written (1.2 → 1.3 for n = 3).
    public func numbered(_ n: Int) -> String { family.marker(n, prefix: prefix) }
}

public enum ChineseNumeralFormatter {
    static let digits = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"]
    public static func string(_ n: Int) -> String {
        if n <= 0 { return "零" }
        if n < 10 { return digits[n] }
        if n < 20 { return "十" + (n % 10 == 0 ? "" : digits[n % 10]) }
        if n < 100 { return digits[n / 10] + "十" + (n % 10 == 0 ? "" : digits[n % 10]) }
        return String(n)
    }
}

/// Recognises heading markers in full-width and half-width forms.
public enum MarkerParser {
    static let cn = "[一二三四五六七八九十百]+"
    static let patterns: [(MarkerFamily, NSRegularExpression)] = [
        (.part, try! NSRegularExpression(pattern: "^第(\(cn))(部分|章|节)")),
        (.chineseComma, try! NSRegularExpression(pattern: "^(\(cn))\\s*(、|[．.](?![0-9])|$)")),
        (.chineseParen, try! NSRegularExpression(pattern: "^[（(]\\s*(\(cn))\\s*[）)]")),
        (.arabicParen, try! NSRegularExpression(pattern: "^[（(]\\s*([0-9]{1,3})\\s*[）)]")),
        (.arabicComma, try! NSRegularExpression(pattern: "^([0-9]{1,3})\\s*、")),
        (.arabicDot, try! NSRegularExpression(pattern: "^([0-9]{1,3})\\s*[.．](?![0-9])")),
        (.circled, try! NSRegularExpression(pattern: "^([①-⑳])")),
    ]

    /// The characters one of `patterns` can start with (第, a Chinese numeral, a parenthesis, an
    /// ASCII digit, ① to ⑳): a paragraph starting with any other is not searched. Most paragraphs
    /// are prose, and each stage asks about each paragraph (outline, numbering, broken text, page
    /// split), so this spares seven regular-expression searches a question.
    static let openers: Set<Unicode.Scalar> = {
        var s = Set("第（(0123456789".unicodeScalars).union(numerals.compactMap(Unicode.Scalar.init))
        for v in UInt32(0x2460)...UInt32(0x2473) { if let c = Unicode.Scalar(v) { s.insert(c) } }
        return s
    }()

    /// The marker at the start of a paragraph, if any: one of the families of `patterns`, not a
    /// decimal number (`anyMarker(at:)` asks for both).
    public static func marker(at paragraph: String) -> HeadingMarker? {
        guard let first = paragraph.unicodeScalars.first, openers.contains(first) else { return nil }
        return searchedMarker(at: paragraph)
    }

    /// The search of `patterns` itself, whatever the paragraph starts with.
    static func searchedMarker(at paragraph: String) -> HeadingMarker? {
        let ns = paragraph as NSString
        let whole = NSRange(location: 0, length: min(ns.length, 24))
        for (family, re) in patterns {
            guard let m = re.firstMatch(in: paragraph, range: whole) else { continue }
            let numeral = ns.substring(with: m.range(at: 1))
            let value: Int?
            switch family {
            case .arabicDot, .arabicComma, .arabicParen: value = Int(numeral)
            case .circled: value = Int(numeral.unicodeScalars.first!.value) - 0x245F
            default: value = ChineseNumeral.value(of: numeral)
            }
            guard let v = value, v > 0 else { continue }
            let text = ns.substring(with: m.range)
            return HeadingMarker(family: family, value: v, text: text, length: text.unicodeScalars.count)
        }
        return nil
    }

    /// A decimal number of GB/T 1.1 opening a paragraph (1 总则, 1.1 编制目的, 4.1.2 …): up to
    /// four parts of one or two digits, none of them 0, then the title, which starts with a Han
    /// character. A number of one part needs a space before its title (1 总则: 3个乡镇 is a
    /// figure). A figure (1.5亿元, 90.3%) has the same shape at the start of a hard-wrapped line:
    /// the outline keeps these only in a document that numbers its headings this way
    /// (`OutlineBuilder`).
    public static func decimalMarker(at paragraph: String) -> HeadingMarker? {
        var parts: [Int] = []
        var digits = 0, value = 0, length = 0
        var scalars = paragraph.unicodeScalars.makeIterator()
        var next = scalars.next()
        while let s = next, length < 16 {
            if let d = asciiDigit(s) {
                digits += 1
                guard digits <= 2 else { return nil }
                value = value * 10 + d
            } else if (s == "." || s == "．") && digits > 0 && parts.count < 3 {
                guard value > 0 else { return nil }
                parts.append(value)
                digits = 0; value = 0
            } else {
                break
            }
            length += 1
            next = scalars.next()
        }
        guard digits > 0, value > 0, let s = next else { return nil }
        parts.append(value)
        var spaced = false, first = s
        if s == " " || s == "\u{3000}" || s == "\t" {
            spaced = true
            while let c = next, c == " " || c == "\u{3000}" || c == "\t" { next = scalars.next() }
            guard let c = next else { return nil }
            first = c
        }
        guard CharacterClass.isHan(first.value), parts.count > 1 || spaced,
              let family = MarkerFamily.decimal(depth: parts.count) else { return nil }
        let text = String(String.UnicodeScalarView(paragraph.unicodeScalars.prefix(length)))
        return HeadingMarker(family: family, value: value, text: text, length: length, prefix: Array(parts.dropLast()))
    }

    /// The marker at the start of a paragraph, decimal numbers of GB/T 1.1 included: what the
    /// outline builder reads as a heading's number.
    public static func anyMarker(at paragraph: String) -> HeadingMarker? {
        marker(at: paragraph) ?? decimalMarker(at: paragraph)
    }

    static func asciiDigit(_ s: Unicode.Scalar) -> Int? {
        s.value >= 0x30 && s.value <= 0x39 ? Int(s.value - 0x30) : nil
    }

    static let inlinePattern = "(^|[，,。；;：:、\\s])(?:(\(cn))是|第(\(cn))[，,、])"
    /// Compiled once by ICU and matched on the paragraph's UTF-16 in place (through
    /// NSRegularExpression, Foundation copied the paragraph for the search and for every
    /// substring taken).
    static let inlineCompiled = try! ICURegexSet(patterns: [inlinePattern])

    /// The 一是 … 二是 … items inside a paragraph: value and scalar offset of each marker.
    public static func inlineItems(in paragraph: String) -> [(value: Int, offset: Int, text: String)] {
        inlineItems(units: Array(paragraph.utf16))
    }

    /// The same, for a paragraph (its UTF-16 made from its scalars).
    public static func inlineItems(in p: Paragraph) -> [(value: Int, offset: Int, text: String)] {
        inlineItems(units: [UInt16](utf16Of: p.scalars))
    }

    static func inlineItems(units: [UInt16]) -> [(value: Int, offset: Int, text: String)] {
        var items: [(Int, Int, String)] = []
        var ordinal: [(Int, Int, String)] = []
        // Matches come in order: the scalar offset is counted on from the previous one, so a
        // long paragraph (a whole file on one line) costs one pass, not one pass per match.
        var utf16At = 0, scalarAt = 0
        func scalarOffset(_ location: Int) -> Int {
            guard location > utf16At else { return scalarAt }
            for u in units[utf16At..<location] where !(0xDC00...0xDFFF).contains(u) { scalarAt += 1 }
            utf16At = location
            return scalarAt
        }
        let di: UInt16 = 0x7B2C  // 第
        for m in inlineCompiled.matches(in: units).first ?? [] {
            // The match is the character before the marker (none at the paragraph's start: no
            // such character is a numeral or 第), then 第 + numeral + 、, or numeral + 是.
            var a = m.lowerBound
            if units[a] != di && !Self.numerals.contains(units[a]) { a += 1 }
            let isOrdinal = units[a] == di
            let numeral = String(decoding: units[(isOrdinal ? a + 1 : a)..<(m.upperBound - 1)], as: UTF16.self)
            guard let v = ChineseNumeral.value(of: numeral) else { continue }
            if isOrdinal {
                ordinal.append((v, scalarOffset(a), "第" + numeral))
            } else {
                items.append((v, scalarOffset(a), numeral + "是"))
            }
        }
        // One style of list a paragraph: 一是 … or 第一， …
        return items.count >= ordinal.count ? items : ordinal
    }

    /// The numerals of `cn`, as UTF-16 units.
    static let numerals = Set("一二三四五六七八九十百".utf16)
}
