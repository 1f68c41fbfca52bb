import Foundation
import WenshuText

/// A list of regular expressions with labels, read from a data file: one pattern a line,
/// `regex<TAB>field<TAB>field…`; `#` comment lines and blank lines skipped.
public struct PatternList: Sendable {
    public struct Entry: @unchecked Sendable {
        public let regex: NSRegularExpression
        public let fields: [String]
    }
    public let entries: [Entry]
    public let file: String

    public static func load(contentsOf url: URL) throws -> PatternList {
        let text: String
        do { text = try String(contentsOf: url, encoding: .utf8) } catch {
            throw DictionaryError.unreadable(file: url.path, reason: error.localizedDescription)
        }
        var entries: [Entry] = []
        for (n, raw) in text.components(separatedBy: "\n").enumerated() {
            let line = raw.hasSuffix("\r") ? String(raw.dropLast()) : raw
            if line.trimmingCharacters(in: .whitespaces).isEmpty || line.hasPrefix("#") { continue }
            let parts = line.components(separatedBy: "\t")
            do {
                entries.append(Entry(regex: try NSRegularExpression(pattern: parts[0]), fields: Array(parts.dropFirst())))
            } catch {
                throw DictionaryError.malformed(file: "\(url.path):\(n + 1)", reason: "the regular expression '\(parts[0])' is invalid")
            }
        }
        return PatternList(entries: entries, file: url.path)
    }

    /// Every match in `text`: (range in scalars, entry).
    public func matches(in text: String) -> [(range: Range<Int>, entry: Entry)] {
        let ns = text as NSString
        let utf16ToScalar = ScalarIndex(text)
        var out: [(Range<Int>, Entry)] = []
        for e in entries {
            for m in e.regex.matches(in: text, range: NSRange(location: 0, length: ns.length)) where m.range.length > 0 {
                out.append((utf16ToScalar.scalar(m.range.location)..<utf16ToScalar.scalar(m.range.location + m.range.length), e))
            }
        }
        return out
    }
}

/// Maps UTF-16 offsets (NSString) to Unicode-scalar offsets of the same string.
public struct ScalarIndex: Sendable {
    private let map: [Int32]
    public init(_ text: String) {
        var m: [Int32] = []
        m.reserveCapacity(text.utf16.count + 1)
        var k: Int32 = 0
        for s in text.unicodeScalars {
            m.append(k)
            if s.value >= 0x10000 { m.append(k) }
            k += 1
        }
        m.append(k)
        map = m
    }
    public func scalar(_ utf16: Int) -> Int { Int(map[min(utf16, map.count - 1)]) }
}
