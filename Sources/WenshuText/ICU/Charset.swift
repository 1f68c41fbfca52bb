import CICU

/// ICU's charset detector and converters.
public enum ICUCharset {
    /// ICU's best guess at the charset of `bytes`, with a confidence of 0–100.
    public static func detect(_ bytes: UnsafeRawBufferPointer) throws -> (name: String, confidence: Int)? {
        var name = [CChar](repeating: 0, count: 64)
        var confidence: Int32 = 0
        var status: Int32 = 0
        let found = wenshu_detect_charset(bytes.baseAddress?.assumingMemoryBound(to: CChar.self), Int32(bytes.count), &name, Int32(name.count), &confidence, &status)
        try ICUError.check(status, "charset detection")
        guard found == 1 else { return nil }
        let text = String(decoding: name.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return (text, Int(confidence))
    }

    /// A conversion failure: the byte offset just past the illegal sequence.
    public struct ConversionFailure: Error, Sendable {
        public let byteOffset: Int
        public let error: ICUError
    }

    /// Converts `bytes` in `charset` to UTF-16, stopping at the first illegal sequence.
    public static func toUTF16(_ bytes: UnsafeRawBufferPointer, charset: String) throws -> [UInt16] {
        var status: Int32 = 0
        guard let conv = wenshu_converter_open(charset, &status) else {
            throw ICUError(code: status == 0 ? 1 : status, operation: "opening converter \(charset)")
        }
        defer { wenshu_converter_close(conv) }
        try ICUError.check(status, "opening converter \(charset)")
        var output: [UInt16] = []
        output.reserveCapacity(bytes.count)
        var chunk = [UInt16](repeating: 0, count: 65536)
        var offset = 0
        let base = bytes.baseAddress?.assumingMemoryBound(to: CChar.self)
        while true {
            var consumed: Int32 = 0, produced: Int32 = 0
            status = 0
            let remaining = bytes.count - offset
            wenshu_convert_to_utf16(conv, base.map { $0 + offset }, Int32(remaining), &chunk, Int32(chunk.count), 1, &consumed, &produced, &status)
            output.append(contentsOf: chunk[0..<Int(produced)])
            offset += Int(consumed)
            if status == ICU.bufferOverflow { continue }
            if status > 0 { throw ConversionFailure(byteOffset: offset, error: ICUError(code: status, operation: "converting from \(charset)")) }
            return output
        }
    }
}
