import CICU

/// An ICU transliterator, e.g. Traditional→Simplified Chinese. Not thread-safe.
public final class ICUTransliterator {
    private let handle: OpaquePointer
    public let id: String

    public init(id: String) throws {
        let units = Array(id.utf16)
        var status: Int32 = 0
        guard let h = wenshu_translit_open(units, Int32(units.count), &status) else {
            throw ICUError(code: status == 0 ? 1 : status, operation: "opening transliterator \(id)")
        }
        try ICUError.check(status, "opening transliterator \(id)")
        handle = h
        self.id = id
    }

    deinit { wenshu_translit_close(handle) }

    /// The traditional-to-simplified transliterator.
    public static func traditionalToSimplified() throws -> ICUTransliterator {
        try ICUTransliterator(id: "Traditional-Simplified")
    }

    /// Transliterates UTF-16 text.
    public func transliterate(_ units: [UInt16]) throws -> [UInt16] {
        if units.isEmpty { return [] }
        var capacity = units.count * 2 + 16
        while true {
            var buffer = units + [UInt16](repeating: 0, count: capacity - units.count)
            var length = Int32(units.count)
            var status: Int32 = 0
            let ok = wenshu_translit(handle, &buffer, &length, Int32(capacity), &status)
            if status == ICU.bufferOverflow || (ok == 0 && status == 0) { capacity *= 2; continue }
            try ICUError.check(status, "transliteration \(id)")
            return Array(buffer[0..<Int(length)])
        }
    }

    public func transliterate(_ text: String) throws -> String {
        String(decoding: try transliterate(Array(text.utf16)), as: UTF16.self)
    }
}
