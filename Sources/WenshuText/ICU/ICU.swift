import CICU

/// A failure reported by ICU, with ICU's own name for the error code.
public struct ICUError: Error, Sendable, Equatable, CustomStringConvertible {
    public let code: Int32
    public let operation: String

    public var name: String { String(cString: wenshu_error_name(code)) }
    public var description: String { "ICU \(operation) failed: \(name) (\(code))" }

    /// Throws when `status` is an ICU failure (> 0); warnings (< 0) are not failures.
    /// The description is built only on failure: string interpolation on every successful call
    /// showed up in profiles (an enum interpolated through reflection).
    static func check(_ status: Int32, _ operation: @autoclosure () -> String) throws {
        if status > 0 { throw ICUError(code: status, operation: operation()) }
    }
}

/// Facts about the ICU library Wenshu runs on.
public enum ICU {
    /// The version of the system ICU, e.g. "72.1".
    public static var version: String {
        var buffer = [CChar](repeating: 0, count: 32)
        wenshu_icu_version(&buffer, Int32(buffer.count))
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    static let bufferOverflow: Int32 = 15  // U_BUFFER_OVERFLOW_ERROR

    /// NFKC normalisation of `text` (compatibility forms folded: full-width letters, ligatures, ① …).
    public static func nfkc(_ text: String) throws -> String {
        let source = Array(text.utf16)
        if source.isEmpty { return "" }
        var status: Int32 = 0
        var capacity = source.count * 2 + 16
        while true {
            var dest = [UInt16](repeating: 0, count: capacity)
            let n = source.withUnsafeBufferPointer { src in
                wenshu_nfkc(src.baseAddress, Int32(src.count), &dest, Int32(capacity), &status)
            }
            if status == bufferOverflow { capacity = Int(n) + 16; status = 0; continue }
            try ICUError.check(status, "NFKC normalisation")
            return String(decoding: dest[0..<Int(n)], as: UTF16.self)
        }
    }
}
