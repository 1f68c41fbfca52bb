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
        }
    }

    /// How a marker of this family with value `n` is written (for messages and suggestions).
    public func marker(_ n: Int) -> String {
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

    /// The marker at the start of a paragraph, if any.
    public static func marker(at paragraph: String) -> HeadingMarker? {
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
