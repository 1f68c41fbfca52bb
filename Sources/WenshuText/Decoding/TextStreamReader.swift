import Foundation

/// Reads a large text file or stdin in chunks of whole lines, detecting the encoding from the
/// first chunk, so that memory stays bounded whatever the input's size.
///
/// UTF-8 and GB18030 stream (a line feed byte never occurs inside their multi-byte sequences);
/// UTF-16 input is read whole, up to `maxWholeFileBytes`.
public final class TextStreamReader {
    public struct Chunk: Sendable {
        /// Whole lines of text (the last line of the input may lack its newline).
        public let text: String
        /// The 1-based line number of the chunk's first line in the input.
        public let firstLine: Int
        /// The Unicode-scalar offset of the chunk's start in the decoded input.
        public let firstOffset: Int
        /// The 1-based column of the chunk's first character: 1, unless a line longer than
        /// the reader holds at once was cut before it.
        public var firstColumn: Int = 1
    }

    public let file: String
    public private(set) var encoding: TextEncoding?
    private let handle: FileHandle
    private let chunkSize: Int
    private let forced: TextEncoding?
    private var pending: [UInt8] = []
    private var atEnd = false
    private var first = true
    private var line = 1
    private var offset = 0
    private var byteOffset = 0
    private var column = 1
    private var wholeText: String?
    public static let maxWholeFileBytes = 512 << 20
    /// A line longer than this is given in pieces (cut between characters, not inside one).
    private var longLineBytes: Int { max(chunkSize * 4, 1 << 16) }

    public init(handle: FileHandle, file: String, chunkSize: Int = 4 << 20, encoding: TextEncoding? = nil) {
        self.handle = handle
        self.file = file
        self.chunkSize = chunkSize
        self.forced = encoding
    }

    public convenience init(url: URL, chunkSize: Int = 4 << 20, encoding: TextEncoding? = nil) throws {
        try DocumentReader.checkReadable(url)
        let handle: FileHandle
        do { handle = try FileHandle(forReadingFrom: url) } catch {
            throw TextInputError.unreadable(file: url.path, reason: DocumentReader.reason(for: error, url.path))
        }
        self.init(handle: handle, file: url.path, chunkSize: chunkSize, encoding: encoding)
    }

    /// Reads until `chunkSize` bytes are pending and they hold a line feed, or `longLineBytes`
    /// are pending without one (a longer line is cut into pieces at a character boundary, so
    /// memory stays bounded whatever the line's length), or the input ends.
    private func fill() throws {
        while !atEnd && (pending.count < chunkSize || !pending.contains(0x0A)) && pending.count < longLineBytes {
            let data: Data?
            do { data = try handle.read(upToCount: chunkSize) } catch {
                throw TextInputError.unreadable(file: file, reason: DocumentReader.reason(for: error, file))
            }
            guard let data, !data.isEmpty else { atEnd = true; break }
            pending.append(contentsOf: data)
        }
    }

    /// The next chunk of whole lines, or nil at the end of the input.
    public func next() throws -> Chunk? {
        try fill()
        if first {
            first = false
            if pending.isEmpty { encoding = forced ?? .utf8; return nil }
            try detect()
            if let whole = wholeText {
                wholeText = nil
                return Chunk(text: whole, firstLine: 1, firstOffset: 0)
            }
        }
        if encoding == .utf16LE || encoding == .utf16BE { return nil }
        guard !pending.isEmpty else { return nil }
        // Cut after the last line feed, unless the input ends here; a line longer than
        // `longLineBytes` is cut between two characters.
        var cut = pending.count
        if !atEnd {
            if let lf = pending.lastIndex(of: 0x0A) { cut = lf + 1 } else { cut = characterBoundary(pending, encoding: encoding ?? .utf8) }
        }
        let bytes = Array(pending[0..<cut])
        pending.removeFirst(cut)
        let text: String
        do {
            text = try TextDecoder.decode(bytes, as: encoding ?? .utf8, file: file, detected: false).text
        } catch TextInputError.invalidUTF8(let f, let l, let o) {
            throw TextInputError.invalidUTF8(file: f, line: line + l - 1, byteOffset: byteOffset + o)
        } catch TextInputError.undecodable(let f, let e, let l, let o) {
            throw TextInputError.undecodable(file: f, encoding: e, line: line + l - 1, byteOffset: byteOffset + o)
        }
        if let bad = TextDecoder.firstBinaryByte(bytes) { throw TextInputError.binary(file: file, byteOffset: byteOffset + bad) }
        var chunk = Chunk(text: text, firstLine: line, firstOffset: offset)
        chunk.firstColumn = column
        byteOffset += bytes.count
        for b in bytes where b == 0x0A { line += 1 }
        offset += text.unicodeScalars.count
        // The column the next chunk starts at: after the last line feed, or further along a cut line.
        if let lf = text.unicodeScalars.lastIndex(of: "\n") {
            column = text.unicodeScalars.distance(from: lf, to: text.unicodeScalars.endIndex)
        } else {
            column += text.unicodeScalars.count
        }
        return chunk
    }

    /// The largest cut ≤ bytes.count that does not split a character (the bytes start at one).
    private func characterBoundary(_ bytes: [UInt8], encoding: TextEncoding) -> Int {
        switch encoding {
        case .gb18030:
            // Walk the characters: ASCII 1 byte; a lead byte then 0x30–0x39: 4 bytes; else 2.
            var i = 0, last = 0
            while i < bytes.count {
                last = i
                if bytes[i] < 0x80 { i += 1 } else if i + 1 < bytes.count, (0x30...0x39).contains(bytes[i + 1]) { i += 4 } else { i += 2 }
            }
            return i == bytes.count ? i : last
        default:
            // UTF-8: back over continuation bytes to the start of the last character, and keep
            // that character whole only when all its bytes are here.
            var i = bytes.count - 1
            while i > 0 && bytes.count - i < 4 && (bytes[i] & 0xC0) == 0x80 { i -= 1 }
            let lead = bytes[i]
            let length = lead < 0x80 ? 1 : lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1
            return i + length <= bytes.count ? i + length : i
        }
    }

    private func detect() throws {
        let sample = pending
        if let forced {
            encoding = forced
        } else if sample.starts(with: [0xEF, 0xBB, 0xBF]) {
            encoding = .utf8WithBOM
            pending.removeFirst(3)
            byteOffset = 3
            return
        } else if sample.starts(with: [0xFF, 0xFE]) || sample.starts(with: [0xFE, 0xFF]) || TextDecoder.guessUTF16(sample) != nil {
            encoding = sample.starts(with: [0xFF, 0xFE]) ? .utf16LE : sample.starts(with: [0xFE, 0xFF]) ? .utf16BE : TextDecoder.guessUTF16(sample)
        } else {
            // Decide from the sample (cut at a line feed, or after an ASCII byte below "0" that
            // no multi-byte character of UTF-8 or GB18030 contains, so no character is split).
            var cut = sample.count
            if !atEnd {
                if let lf = sample.lastIndex(of: 0x0A) { cut = lf + 1 } else if let safe = sample.lastIndex(where: { $0 < 0x30 }) { cut = safe + 1 } else {
                    cut = characterBoundary(sample, encoding: .utf8)
                }
            }
            let decoded = try TextDecoder.decode(Data(sample[0..<cut]), file: file)
            encoding = decoded.encoding
        }
        if encoding == .utf16LE || encoding == .utf16BE {
            // Read the rest and decode whole.
            while !atEnd {
                try fill()
                if pending.count > TextStreamReader.maxWholeFileBytes {
                    throw TextInputError.tooLarge(file: file, bytes: pending.count, limit: TextStreamReader.maxWholeFileBytes)
                }
                if !atEnd { pending.reserveCapacity(pending.count * 2) }
                let data = try handle.read(upToCount: chunkSize)
                if let data, !data.isEmpty { pending.append(contentsOf: data) } else { atEnd = true }
            }
            wholeText = try TextDecoder.decode(pending, as: encoding!, file: file, detected: forced == nil).text
            pending = []
        }
    }
}

extension TextDecoder {
    static func decode(_ bytes: [UInt8], as encoding: TextEncoding, file: String) throws -> DecodedText {
        try decode(bytes, as: encoding, file: file, detected: false)
    }
}

/// Reads a whole document file: decoded (encoding detected) with a size limit and a clear error
/// for an empty or binary file.
public enum DocumentReader {
    public static let defaultLimit = 64 << 20

    public static func read(_ url: URL, encoding: TextEncoding? = nil, limit: Int = defaultLimit, allowEmpty: Bool = false) throws -> DecodedText {
        try checkReadable(url)
        if let size = (try? FileManager.default.attributesOfItem(atPath: url.path))?[.size] as? Int, size > limit {
            throw TextInputError.tooLarge(file: url.path, bytes: size, limit: limit)
        }
        let handle: FileHandle
        do { handle = try FileHandle(forReadingFrom: url) } catch {
            throw TextInputError.unreadable(file: url.path, reason: reason(for: error, url.path))
        }
        defer { try? handle.close() }
        // Read up to the limit whatever the size said: a FIFO or a device (/dev/zero) has none.
        let data = try readBounded(handle, file: url.path, limit: limit)
        let decoded = try TextDecoder.decode(data, file: url.path, forcing: encoding)
        if !allowEmpty && decoded.text.unicodeScalars.allSatisfy({ CharacterClass.of($0.value) == .space || CharacterClass.of($0.value) == .newline }) {
            throw TextInputError.empty(file: url.path)
        }
        return decoded
    }

    /// Standard input, decoded, with the same size limit as a file ("<stdin>" in messages).
    public static func readStandardInput(encoding: TextEncoding? = nil, limit: Int = defaultLimit) throws -> DecodedText {
        let data = try readBounded(FileHandle.standardInput, file: "<stdin>", limit: limit)
        return try TextDecoder.decode(data, file: "<stdin>", forcing: encoding)
    }

    /// At most `limit` bytes from `handle`; more is `tooLarge` (at the first byte past the
    /// limit: an endless input such as /dev/zero stops there).
    public static func readBounded(_ handle: FileHandle, file: String, limit: Int) throws -> Data {
        var data = Data()
        while true {
            let piece: Data?
            do { piece = try handle.read(upToCount: min(4 << 20, limit + 1 - data.count)) } catch {
                throw TextInputError.unreadable(file: file, reason: reason(for: error, file))
            }
            guard let piece, !piece.isEmpty else { return data }
            data.append(piece)
            if data.count > limit {
                throw TextInputError.tooLarge(file: file, bytes: data.count, limit: limit)
            }
        }
    }

    /// The file exists and is not a directory; a clear error for a dangling or looping link.
    public static func checkReadable(_ url: URL) throws {
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDir) else {
            if let type = (try? FileManager.default.attributesOfItem(atPath: url.path))?[.type] as? FileAttributeType,
               type == .typeSymbolicLink {
                throw TextInputError.unreadable(file: url.path, reason: "it is a symbolic link that leads nowhere (its target is missing, or the links form a loop)")
            }
            throw TextInputError.unreadable(file: url.path, reason: "no such file")
        }
        if isDir.boolValue { throw TextInputError.unreadable(file: url.path, reason: "it is a directory") }
    }

    /// An I/O error in words, without Foundation's misleading ones ("You don't have permission"
    /// for a FIFO or device, "NSCocoaErrorDomain error 256").
    static func reason(for error: Error, _ file: String) -> String {
        let ns = error as NSError
        if let posix = (ns.userInfo[NSUnderlyingErrorKey] as? NSError).flatMap({ $0.domain == NSPOSIXErrorDomain ? $0.code : nil })
            ?? (ns.domain == NSPOSIXErrorDomain ? ns.code : nil) {
            return String(cString: strerror(Int32(posix)))
        }
        return ns.localizedDescription
    }
}
