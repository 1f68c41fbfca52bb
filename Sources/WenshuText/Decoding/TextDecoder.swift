import Foundation

/// The encodings Wenshu reads.
public enum TextEncoding: String, Sendable, Codable {
    case utf8 = "UTF-8"
    case utf8WithBOM = "UTF-8 (BOM)"
    case utf16LE = "UTF-16LE"
    case utf16BE = "UTF-16BE"
    case gb18030 = "GB18030"
}

/// What went wrong reading a file. Every case names the file (or "<stdin>").
public enum TextInputError: LocalizedError, Sendable, Equatable {
    case unreadable(file: String, reason: String)
    case binary(file: String, byteOffset: Int)
    case invalidUTF8(file: String, line: Int, byteOffset: Int)
    case undecodable(file: String, encoding: String, line: Int, byteOffset: Int)
    case unknownEncoding(file: String, guess: String?)
    case tooLarge(file: String, bytes: Int, limit: Int)
    case empty(file: String)

    public var errorDescription: String? {
        switch self {
        case let .unreadable(file, reason): return "\(file): cannot read the file: \(reason)"
        case let .binary(file, offset): return "\(file): this is a binary file, not text (a NUL or control byte at byte \(offset)); give Wenshu a .txt file"
        case let .invalidUTF8(file, line, offset): return "\(file): line \(line): invalid UTF-8 at byte \(offset); the file is damaged or in another encoding (try --encoding GB18030)"
        case let .undecodable(file, enc, line, offset): return "\(file): line \(line): bytes at offset \(offset) are not valid \(enc)"
        case let .unknownEncoding(file, guess):
            let hint = guess.map { " (ICU's detector guesses \($0))" } ?? ""
            return "\(file): the text is neither UTF-8, UTF-16 nor GB18030/GBK\(hint); convert it to UTF-8 first"
        case let .tooLarge(file, bytes, limit): return "\(file): the file is \(bytes) bytes, more than the \(limit)-byte limit for whole-document analysis"
        case let .empty(file): return "\(file): the file is empty"
        }
    }
}

/// Bytes turned into text, with the encoding that was found.
public struct DecodedText: Sendable {
    public let text: String
    public let encoding: TextEncoding
    /// True when the encoding was guessed from content (no BOM, not valid UTF-8).
    public let wasDetected: Bool
}

/// Bytes → text. Detects UTF-8 (with or without BOM), UTF-16 (BOM, or NUL-byte pattern) and
/// GB18030/GBK (text that is not UTF-8 and whose GB18030 decoding reads as Chinese). When none
/// fits, the error names ICU's charset detector's guess (Big5, Shift_JIS …).
public enum TextDecoder {
    public static func decode(_ data: Data, file: String, forcing forced: TextEncoding? = nil) throws -> DecodedText {
        if data.isEmpty { return DecodedText(text: "", encoding: .utf8, wasDetected: false) }
        let bytes = [UInt8](data)
        if let forced { return try decode(bytes, as: forced, file: file, detected: false) }
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { return try decode(bytes, as: .utf8WithBOM, file: file, detected: false) }
        if bytes.starts(with: [0xFF, 0xFE]) { return try decode(bytes, as: .utf16LE, file: file, detected: false) }
        if bytes.starts(with: [0xFE, 0xFF]) { return try decode(bytes, as: .utf16BE, file: file, detected: false) }
        if let utf16 = guessUTF16(bytes) { return try decode(bytes, as: utf16, file: file, detected: true) }
        if let bad = firstBinaryByte(bytes) {
            // UTF-16 without a byte-order mark holds no NUL when it is all Chinese, but its low
            // bytes look like control characters: read it when it reads as Chinese.
            if let utf16 = utf16WithoutBOM(bytes) { return utf16 }
            throw TextInputError.binary(file: file, byteOffset: bad)
        }
        switch UTF8Check.validate(bytes) {
        case .valid:
            return DecodedText(text: String(decoding: bytes, as: UTF8.self), encoding: .utf8, wasDetected: false)
        case let .invalid(offset, validMultibyte, invalidCount):
            // Mostly valid UTF-8 with a few bad bytes is damaged UTF-8, not GBK.
            if validMultibyte > 8 * invalidCount {
                throw TextInputError.invalidUTF8(file: file, line: lineNumber(bytes, offset), byteOffset: offset)
            }
            let gb = try? decode(bytes, as: .gb18030, file: file, detected: true)
            if let gb, looksChinese(gb.text) { return gb }
            if validMultibyte > invalidCount {
                throw TextInputError.invalidUTF8(file: file, line: lineNumber(bytes, offset), byteOffset: offset)
            }
            let guess = (try? data.withUnsafeBytes { try ICUCharset.detect($0) }).flatMap { $0 }
            // Valid GB18030 that ICU's detector also takes for GB18030 is GB18030 (a short file,
            // or one of mostly 4-byte characters, may not read as Chinese by the count above).
            if let gb, let guess, guess.name.uppercased().hasPrefix("GB") { return gb }
            throw TextInputError.unknownEncoding(file: file, guess: guess.map { "\($0.name), confidence \($0.confidence)" })
        }
    }

    static func decode(_ bytes: [UInt8], as encoding: TextEncoding, file: String, detected: Bool) throws -> DecodedText {
        switch encoding {
        case .utf8, .utf8WithBOM:
            let body = encoding == .utf8WithBOM && bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? Array(bytes.dropFirst(3)) : bytes
            if case let .invalid(offset, _, _) = UTF8Check.validate(body) {
                let o = offset + (bytes.count - body.count)
                throw TextInputError.invalidUTF8(file: file, line: lineNumber(bytes, o), byteOffset: o)
            }
            return DecodedText(text: String(decoding: body, as: UTF8.self), encoding: encoding, wasDetected: detected)
        case .utf16LE, .utf16BE:
            var units: [UInt16] = []
            units.reserveCapacity(bytes.count / 2)
            var i = 0
            let le = encoding == .utf16LE
            while i + 1 < bytes.count {
                units.append(le ? UInt16(bytes[i]) | UInt16(bytes[i + 1]) << 8 : UInt16(bytes[i]) << 8 | UInt16(bytes[i + 1]))
                i += 2
            }
            if units.first == 0xFEFF { units.removeFirst() }
            func line(_ unit: Int) -> Int { 1 + units[0..<min(unit, units.count)].reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) } }
            if bytes.count % 2 != 0 {
                throw TextInputError.undecodable(file: file, encoding: encoding.rawValue, line: line(units.count), byteOffset: bytes.count - 1)
            }
            // Reject unpaired surrogates rather than silently replacing them.
            var k = 0
            while k < units.count {
                let u = units[k]
                if (0xD800...0xDBFF).contains(u) {
                    guard k + 1 < units.count, (0xDC00...0xDFFF).contains(units[k + 1]) else {
                        throw TextInputError.undecodable(file: file, encoding: encoding.rawValue, line: line(k), byteOffset: 2 * k)
                    }
                    k += 2
                    continue
                }
                if (0xDC00...0xDFFF).contains(u) {
                    throw TextInputError.undecodable(file: file, encoding: encoding.rawValue, line: line(k), byteOffset: 2 * k)
                }
                k += 1
            }
            return DecodedText(text: String(decoding: units, as: UTF16.self), encoding: encoding, wasDetected: detected)
        case .gb18030:
            do {
                let units = try bytes.withUnsafeBytes { try ICUCharset.toUTF16($0, charset: "GB18030") }
                return DecodedText(text: String(decoding: units, as: UTF16.self), encoding: .gb18030, wasDetected: detected)
            } catch let failure as ICUCharset.ConversionFailure {
                let o = max(0, failure.byteOffset - 1)
                throw TextInputError.undecodable(file: file, encoding: "GB18030", line: lineNumber(bytes, o), byteOffset: o)
            }
        }
    }

    /// UTF-16 without a BOM shows as NUL bytes in the high half of ASCII characters.
    static func guessUTF16(_ bytes: [UInt8]) -> TextEncoding? {
        let n = min(bytes.count, 4096) & ~1
        guard n >= 4 else { return nil }
        var evenNul = 0, oddNul = 0
        for i in stride(from: 0, to: n, by: 2) {
            if bytes[i] == 0 { evenNul += 1 }
            if bytes[i + 1] == 0 { oddNul += 1 }
        }
        let pairs = n / 2
        if oddNul * 5 >= pairs && evenNul * 20 < pairs { return .utf16LE }
        if evenNul * 5 >= pairs && oddNul * 20 < pairs { return .utf16BE }
        return nil
    }

    /// A byte that never occurs in text: NUL or a C0 control other than tab, LF, VT, FF, CR, ESC.
    static func firstBinaryByte(_ bytes: [UInt8]) -> Int? {
        var controls = 0
        for (i, b) in bytes.enumerated() {
            if b == 0 { return i }
            if b < 0x20 && b != 0x09 && b != 0x0A && b != 0x0B && b != 0x0C && b != 0x0D && b != 0x1B {
                controls += 1
                if controls > 8 { return i }
            }
        }
        return nil
    }

    /// Does decoded text read as Chinese: mostly characters a Chinese text holds (Han,
    /// punctuation, full-width forms, circled numbers and other CJK symbols, the scripts of
    /// China's minority languages) among the non-ASCII ones, few private-use or stray ones?
    static func looksChinese(_ text: String) -> Bool {
        var fits = 0, other = 0
        for s in text.unicodeScalars where s.value >= 0x80 {
            if fitsChineseText(s.value) { fits += 1 } else { other += 1 }
        }
        return fits > 0 && fits >= 9 * other
    }

    static func fitsChineseText(_ v: UInt32) -> Bool {
        switch CharacterClass.of(v) {
        case .han, .punctuation, .space, .digit, .newline: return true
        case .latin: return v >= 0xFF00 || (0xC0...0x24F).contains(v)  // full-width letters, pinyin
        default: break
        }
        switch v {
        case 0x0391...0x03C9, 0x0401...0x0451,        // Greek, Cyrillic (in GB2312)
             0x0600...0x06FF, 0x0F00...0x0FFF, 0x1800...0x18AF, 0xA000...0xA4CF,  // Arabic (Uyghur), Tibetan, Mongolian, Yi
             0x2100...0x22FF, 0x2460...0x26FF,        // letterlike, number forms, arrows, maths, enclosed, box, shapes
             0x2E80...0x2FDF, 0x3000...0x33FF,        // radicals, CJK symbols, kana, bopomofo, enclosed CJK
             0xFE10...0xFE6F, 0xFF00...0xFFEF:        // vertical and small forms, full-width forms
            return true
        default:
            return false
        }
    }

    /// Bytes that read as UTF-16 (LE or BE, no BOM) Chinese text: valid, with no control
    /// character but line breaks and tabs, and at least half of the characters Han.
    static func utf16WithoutBOM(_ bytes: [UInt8]) -> DecodedText? {
        guard bytes.count >= 4, bytes.count % 2 == 0 else { return nil }
        for encoding in [TextEncoding.utf16LE, .utf16BE] {
            guard let decoded = try? decode(bytes, as: encoding, file: "", detected: true) else { continue }
            var han = 0, total = 0, bad = false
            for s in decoded.text.unicodeScalars {
                total += 1
                if CharacterClass.isHan(s.value) { han += 1 }
                if (s.value < 0x20 && s.value != 0x09 && s.value != 0x0A && s.value != 0x0D) || (0xE000...0xF8FF).contains(s.value) || s.value == 0xFFFD {
                    bad = true; break
                }
            }
            if !bad && han * 2 >= total { return decoded }
        }
        return nil
    }

    static func lineNumber(_ bytes: [UInt8], _ offset: Int) -> Int {
        var line = 1
        for b in bytes[0..<min(offset, bytes.count)] where b == 0x0A { line += 1 }
        return line
    }
}

/// A strict UTF-8 validator that reports where the first bad sequence is.
enum UTF8Check {
    enum Result: Equatable {
        case valid
        /// First bad byte's offset, how many valid multi-byte sequences and bad sequences were seen.
        case invalid(offset: Int, validMultibyte: Int, invalidCount: Int)
    }

    static func validate(_ bytes: [UInt8]) -> Result {
        var i = 0
        let n = bytes.count
        var first: Int? = nil
        var good = 0, bad = 0
        while i < n {
            let b = bytes[i]
            if b < 0x80 { i += 1; continue }
            let len: Int
            var lo: UInt8 = 0x80, hi: UInt8 = 0xBF
            switch b {
            case 0xC2...0xDF: len = 2
            case 0xE0: len = 3; lo = 0xA0
            case 0xE1...0xEC, 0xEE...0xEF: len = 3
            case 0xED: len = 3; hi = 0x9F
            case 0xF0: len = 4; lo = 0x90
            case 0xF1...0xF3: len = 4
            case 0xF4: len = 4; hi = 0x8F
            default: len = 0
            }
            var ok = len > 0 && i + len <= n
            if ok {
                for k in 1..<len {
                    let c = bytes[i + k]
                    if k == 1 ? (c < lo || c > hi) : (c < 0x80 || c > 0xBF) { ok = false; break }
                }
            }
            if ok { good += 1; i += len } else { bad += 1; if first == nil { first = i }; i += 1 }
        }
        if let f = first { return .invalid(offset: f, validMultibyte: good, invalidCount: bad) }
        return .valid
    }
}
