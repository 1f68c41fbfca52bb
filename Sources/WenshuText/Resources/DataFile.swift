import Foundation

/// One line of a data file, with its number (from 1) for error messages.
public struct DataLine: Sendable, Equatable {
    public let number: Int
    public let text: String
    public init(number: Int, text: String) { self.number = number; self.text = text }
}

/// Reads the data files of `dictionaries/` (and a user's own): UTF-8, a BOM and CR LF line
/// ends accepted, every line keeping its number so an error can name it ("line 12"). The one
/// reader of line-by-line data files: `WordList`, the rule and phrase tables, the topics files.
public enum DataFile {
    /// The most bytes a data file may hold: the limit a document has (`DocumentReader.defaultLimit`).
    /// The largest bundled file (the reference n-grams) is under 3 MB.
    public static let defaultLimit = DocumentReader.defaultLimit

    /// Why a data file could not be read, in words (`reason`), for the caller's own error type.
    public struct Unreadable: Error, Sendable, Equatable {
        public let file: String
        public let reason: String
    }

    /// The bytes of a data file (a lexicon, a word list, a rule, a structure, a reference model,
    /// a tokens file), read with a bound: a file larger than `limit` is refused from its size
    /// before anything is read, and a FIFO or a device (/dev/zero), which has no size, is read
    /// up to the first byte past the limit. The one reader of every data file a user can name.
    public static func data(of url: URL, limit: Int = defaultLimit) throws(Unreadable) -> Data {
        let file = url.path
        do {
            try DocumentReader.checkReadable(url)
            if let size = (try? FileManager.default.attributesOfItem(atPath: file))?[.size] as? Int, size > limit {
                throw Unreadable(file: file, reason: "the file is \(size) bytes, more than the \(limit)-byte limit for a data file")
            }
            let handle: FileHandle
            do { handle = try FileHandle(forReadingFrom: url) } catch {
                throw Unreadable(file: file, reason: DocumentReader.reason(for: error, file))
            }
            defer { try? handle.close() }
            return try DocumentReader.readBounded(handle, file: file, limit: limit)
        } catch let e as Unreadable {
            throw e
        } catch let e as TextInputError {
            switch e {
            case .tooLarge: throw Unreadable(file: file, reason: "it holds more than \(limit) bytes, the limit for a data file")
            case let .unreadable(_, reason): throw Unreadable(file: file, reason: reason)
            default: throw Unreadable(file: file, reason: e.errorDescription ?? "\(e)")
            }
        } catch {
            throw Unreadable(file: file, reason: DocumentReader.reason(for: error, file))
        }
    }

    /// The text of a UTF-8 data file (`data(of:limit:)`), a BOM kept; "not valid UTF-8" when it
    /// is not.
    public static func text(of url: URL, limit: Int = defaultLimit) throws(Unreadable) -> String {
        let data = try data(of: url, limit: limit)
        guard let text = String(data: data, encoding: .utf8) else { throw Unreadable(file: url.path, reason: "not valid UTF-8") }
        return text
    }

    /// Every line of the file, blank ones and comments included, numbered from 1.
    public static func lines(of url: URL) throws -> [DataLine] {
        let data: Data
        do throws(Unreadable) { data = try Self.data(of: url) } catch {
            throw DictionaryError.unreadable(file: error.file, reason: error.reason)
        }
        guard var text = String(data: data, encoding: .utf8) else {
            throw DictionaryError.malformed(file: url.path, reason: "not valid UTF-8")
        }
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        var result: [DataLine] = []
        var number = 0
        // In Swift "\r\n" is one Character: split on it as well as on the other line ends.
        for line in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline) {
            number += 1
            result.append(DataLine(number: number, text: String(line.hasSuffix("\r") ? line.dropLast() : line)))
        }
        return result
    }

    /// The entries of a list: lines trimmed of spaces, blank lines and `#` comment lines left
    /// out, each with its line number.
    public static func entries(of url: URL) throws -> [DataLine] {
        try lines(of: url).compactMap { line in
            let t = line.text.trimmingCharacters(in: .whitespaces)
            return t.isEmpty || t.hasPrefix("#") ? nil : DataLine(number: line.number, text: t)
        }
    }
}
