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
    /// Every line of the file, blank ones and comments included, numbered from 1.
    public static func lines(of url: URL) throws -> [DataLine] {
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw DictionaryError.unreadable(file: url.path, reason: (error as NSError).localizedDescription)
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
