import Foundation

/// The character sets that keep numbers, dates and ordinals whole, read from
/// `dictionaries/patterns/segmentation.json` (documented in dictionaries/README.md).
public struct SegmentationRules: Sendable, Codable, Equatable {
    /// Characters of Chinese numerals (一二三 … 十百千万亿 〇○零 两).
    public var chineseDigits: String
    /// The digits that spell a year digit by digit (二○○一年).
    public var yearDigits: String
    /// Suffixes that join a Chinese numeral into a date (十二月, 三十一日, 二○○一年).
    public var dateSuffixes: String
    /// Suffixes that join an Arabic number (2021年, 8时, 12月).
    public var arabicSuffixes: String
    /// Magnitudes that join an Arabic number (50万, 1万亿).
    public var magnitudes: String
    /// The Chinese decimal point (百分之三点五).
    public var decimalPoint: String
    /// Prefixes of Chinese percentages (百分之五).
    public var percentPrefixes: [String]
    /// Percent signs that join an Arabic number (3.5%).
    public var percentSigns: String
    /// Ordinal prefixes (第三, 第12).
    public var ordinalPrefixes: String
    /// Punctuation whose runs stay one token (—— ……).
    public var repeatablePunctuation: String
    /// Letters that stand for digits in template placeholders (20xx年).
    public var placeholderDigits: String

    public static func load(contentsOf url: URL) throws -> SegmentationRules {
        let data: Data
        do throws(DataFile.Unreadable) { data = try DataFile.data(of: url) } catch {
            throw DictionaryError.unreadable(file: error.file, reason: error.reason)
        }
        do {
            return try JSONDecoder().decode(SegmentationRules.self, from: data)
        } catch let e as DecodingError {
            throw DictionaryError.malformed(file: url.path, reason: "\(e)")
        } catch {
            throw DictionaryError.unreadable(file: url.path, reason: error.localizedDescription)
        }
    }

    /// Fast membership sets.
    struct Compiled: Sendable {
        let chineseDigits: ScalarSet
        let yearDigits: ScalarSet
        let dateSuffixes: ScalarSet
        let arabicSuffixes: ScalarSet
        let magnitudes: ScalarSet
        let decimalPoint: ScalarSet
        let percentPrefixes: [[UInt32]]
        let percentSigns: ScalarSet
        let ordinalPrefixes: ScalarSet
        let repeatablePunctuation: ScalarSet
        let placeholderDigits: ScalarSet
        /// Characters a Chinese number can start with (digits, ordinal and percent prefixes).
        let numberStarts: ScalarSet

        init(_ r: SegmentationRules) {
            func set(_ s: String) -> ScalarSet { ScalarSet(s) }
            chineseDigits = set(r.chineseDigits)
            yearDigits = set(r.yearDigits)
            dateSuffixes = set(r.dateSuffixes)
            arabicSuffixes = set(r.arabicSuffixes)
            magnitudes = set(r.magnitudes)
            decimalPoint = set(r.decimalPoint)
            percentPrefixes = r.percentPrefixes.map { $0.unicodeScalars.map(\.value) }
            percentSigns = set(r.percentSigns)
            ordinalPrefixes = set(r.ordinalPrefixes)
            repeatablePunctuation = set(r.repeatablePunctuation)
            placeholderDigits = set(r.placeholderDigits)
            numberStarts = ScalarSet(r.chineseDigits.unicodeScalars.map(\.value) + r.ordinalPrefixes.unicodeScalars.map(\.value)
                                     + r.percentPrefixes.compactMap { $0.unicodeScalars.first?.value })
        }
    }
}
