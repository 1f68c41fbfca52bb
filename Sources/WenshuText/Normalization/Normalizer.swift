/// Options for normalisation. Every option keeps an offset map back to the original text.
public struct NormalizationOptions: Sendable, Equatable {
    /// Full-width ASCII letters, digits and symbols to half-width, and U+3000 to a space. The
    /// full-width punctuation of Chinese prose (，；：？！（）) is kept: it is correct there, and
    /// heading markers such as （一） depend on it.
    public var foldWidth: Bool = true
    /// Drop zero-width and invisible format characters (U+200B, U+FEFF …).
    public var dropInvisible: Bool = true
    /// Traditional → Simplified Chinese with ICU's transliterator.
    public var toSimplified: Bool = false
    /// Rejoin lines that a hard wrap split inside a paragraph (政府工作报\n告).
    public var rejoinWrappedLines: Bool = false
    /// CR LF and lone CR become LF.
    public var unifyNewlines: Bool = true
    /// With `toSimplified`: variant characters ICU leaves unchanged, mapped after its conversion
    /// (衞 → 卫; see `SimplifiedVariants`). One character for one, so offsets stay one-to-one.
    public var variants: [UInt32: UInt32] = [:]

    public init(foldWidth: Bool = true, dropInvisible: Bool = true, toSimplified: Bool = false,
                rejoinWrappedLines: Bool = false, unifyNewlines: Bool = true) {
        self.foldWidth = foldWidth
        self.dropInvisible = dropInvisible
        self.toSimplified = toSimplified
        self.rejoinWrappedLines = rejoinWrappedLines
        self.unifyNewlines = unifyNewlines
    }

    /// The options for reading whole documents: everything on but Traditional→Simplified.
    public static let documents = NormalizationOptions(rejoinWrappedLines: true)
}

/// Normalised text with an offset map: normalised scalar i came from original scalars
/// `originalStart[i] ..< originalEnd[i]`.
public struct NormalizedText: Sendable {
    public let source: SourceText
    public let scalars: [UInt32]
    public let originalStart: [Int32]
    public let originalEnd: [Int32]
    /// Normalised offsets where the normaliser removed a hard wrap: the first scalar after each
    /// rejoined line break (政府工作报⏎告 → 政府工作报告, offset of 告). Checks say what was rejoined.
    public let rejoinedBreaks: [Int]

    public init(source: SourceText, scalars: [UInt32], originalStart: [Int32], originalEnd: [Int32], rejoinedBreaks: [Int] = []) {
        self.source = source
        self.scalars = scalars
        self.originalStart = originalStart
        self.originalEnd = originalEnd
        self.rejoinedBreaks = rejoinedBreaks
    }

    public var count: Int { scalars.count }

    /// The original range that a normalised range came from.
    public func originalRange(of range: TextRange) -> TextRange {
        if range.isEmpty {
            let o = range.start < count ? Int(originalStart[range.start]) : (count > 0 ? Int(originalEnd[count - 1]) : 0)
            return TextRange(start: o, end: o)
        }
        return TextRange(start: Int(originalStart[range.start]), end: Int(originalEnd[range.end - 1]))
    }

    /// The normalised text of a range.
    public func text(in range: TextRange) -> String {
        String(scalars: scalars[range.start..<range.end])
    }

    public var string: String { text(in: TextRange(start: 0, end: count)) }

    /// Where a normalised offset is in the original text.
    public func location(ofNormalized offset: Int) -> SourceLocation {
        let o = offset < count ? Int(originalStart[offset]) : (count > 0 ? Int(originalEnd[count - 1]) : 0)
        return source.location(of: o)
    }
}

/// Turns decoded text into normalised text with an offset map.
public struct Normalizer {
    public let options: NormalizationOptions
    private let transliterator: ICUTransliterator?

    public init(options: NormalizationOptions = NormalizationOptions()) throws {
        self.options = options
        transliterator = options.toSimplified ? try ICUTransliterator.traditionalToSimplified() : nil
    }

    public func normalize(_ text: String) throws -> NormalizedText {
        try normalize(SourceText(text))
    }

    public func normalize(_ source: SourceText) throws -> NormalizedText {
        let input = source.scalars
        var out: [UInt32] = []
        var starts: [Int32] = []
        var ends: [Int32] = []
        out.reserveCapacity(input.count)
        starts.reserveCapacity(input.count)
        ends.reserveCapacity(input.count)

        var i = 0
        let n = input.count
        while i < n {
            var v = input[i]
            var end = i + 1
            if options.unifyNewlines && v == 0x0D {
                if i + 1 < n && input[i + 1] == 0x0A { end = i + 2 }
                v = 0x0A
            } else if options.unifyNewlines && (v == 0x2028 || v == 0x2029 || v == 0x85) {
                v = 0x0A
            }
            if options.dropInvisible && CharacterClass.isInvisible(v) { i = end; continue }
            if options.foldWidth { v = Normalizer.foldWidth(v) }
            out.append(v)
            starts.append(Int32(i))
            ends.append(Int32(end))
            i = end
        }

        if let t = transliterator {
            out = try Normalizer.transliterateKeepingLength(out, with: t)
            if !options.variants.isEmpty {
                for k in out.indices { if let v = options.variants[out[k]] { out[k] = v } }
            }
        }
        var result = NormalizedText(source: source, scalars: out, originalStart: starts, originalEnd: ends)
        if options.rejoinWrappedLines { result = HardWrapJoiner.rejoin(result) }
        return result
    }

    /// Half-width form of a full-width character, or the character itself.
    @inline(__always)
    public static func foldWidth(_ v: UInt32) -> UInt32 {
        if v == 0x3000 { return 0x20 }
        guard v >= 0xFF01 && v <= 0xFF5E else { return v }
        switch v {
        case 0xFF0C, 0xFF1B, 0xFF1A, 0xFF1F, 0xFF01, 0xFF08, 0xFF09: return v  // ，；：？！（）
        default: return v - 0xFEE0
        }
    }

    /// Traditional→Simplified one character at a time where the whole text would change length,
    /// so the offset map stays one-to-one. ICU's Hant→Hans mapping is per character.
    static func transliterateKeepingLength(_ scalars: [UInt32], with t: ICUTransliterator) throws -> [UInt32] {
        var utf16: [UInt16] = []
        utf16.reserveCapacity(scalars.count)
        for v in scalars { appendUTF16(v, to: &utf16) }
        let converted = try t.transliterate(utf16)
        let back = String(decoding: converted, as: UTF16.self).unicodeScalars.map(\.value)
        if back.count == scalars.count { return back }
        // Length changed somewhere: convert character by character, keeping any that expand.
        var result = scalars
        for (k, v) in scalars.enumerated() where CharacterClass.isHan(v) {
            var one: [UInt16] = []
            appendUTF16(v, to: &one)
            let c = String(decoding: try t.transliterate(one), as: UTF16.self).unicodeScalars.map(\.value)
            if c.count == 1 { result[k] = c[0] }
        }
        return result
    }
}

@inline(__always)
func appendUTF16(_ v: UInt32, to buffer: inout [UInt16]) {
    if v < 0x10000 {
        buffer.append(UInt16(v))
    } else {
        let u = v - 0x10000
        buffer.append(UInt16(0xD800 + (u >> 10)))
        buffer.append(UInt16(0xDC00 + (u & 0x3FF)))
    }
}
