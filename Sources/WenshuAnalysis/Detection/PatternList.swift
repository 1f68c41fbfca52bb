import Foundation
import WenshuText

/// A list of regular expressions with labels, read from a data file: one pattern a line,
/// `regex<TAB>field<TAB>field…`; `#` comment lines and blank lines skipped. Each pattern is
/// compiled once, by ICU (`ICURegexSet`: NSRegularExpression's syntax and matching).
public struct PatternList: Sendable {
    public struct Entry: Sendable {
        /// The regular expression, as written.
        public let pattern: String
        public let fields: [String]
        /// Its line in the file (1-based; nil for a pattern not read from a file).
        public let line: Int?
        public init(pattern: String, fields: [String], line: Int? = nil) {
            self.pattern = pattern
            self.fields = fields
            self.line = line
        }
    }
    public let entries: [Entry]
    public let file: String
    /// The patterns compiled for matching on UTF-16 text in place (`matches(in:)`).
    let compiled: ICURegexSet

    /// Compiles the patterns; a bad one throws an error naming the file (and its line when known).
    public init(entries: [Entry], file: String) throws {
        self.entries = entries
        self.file = file
        do { compiled = try ICURegexSet(patterns: entries.map(\.pattern)) } catch let e as ICURegexError {
            let line = e.index < entries.count ? entries[e.index].line : nil
            throw DictionaryError.malformed(file: line.map { "\(file):\($0)" } ?? file,
                                            reason: e.errorDescription ?? "the regular expression '\(e.pattern)' is invalid")
        }
    }

    public static func load(contentsOf url: URL) throws -> PatternList {
        var entries: [Entry] = []
        for numbered in try DataFile.lines(of: url) {
            let line = numbered.text
            if line.trimmingCharacters(in: .whitespaces).isEmpty || line.hasPrefix("#") { continue }
            let parts = line.components(separatedBy: "\t")
            entries.append(Entry(pattern: parts[0], fields: Array(parts.dropFirst()), line: numbered.number))
        }
        return try PatternList(entries: entries, file: url.path)
    }

    /// Whether entry `k`'s pattern matches `text` anywhere (a match of no characters does not count).
    public func matches(_ k: Int, in text: String) -> Bool {
        compiled.contains(pattern: k, in: Array(text.utf16))
    }

    /// Whether entry `k`'s pattern matches text given as UTF-16 units (for several patterns
    /// tried on one text: the units are made once).
    public func matches(_ k: Int, inUnits units: [UInt16]) -> Bool {
        compiled.contains(pattern: k, in: units)
    }

    /// Every match in `text`: (range in scalars, entry), pattern by pattern in the file's order.
    ///
    /// Matched by ICU on the text's UTF-16 in place (`ICURegexSet`), once per pattern over the
    /// whole text, so a paragraph of megabytes costs one linear pass per pattern — through
    /// Foundation, every search copied and transcoded the string, and 138 patterns over one
    /// 50 MB line took minutes even in windows.
    public func matches(in text: String) -> [(range: Range<Int>, entry: Entry)] {
        let units = Array(text.utf16)
        return matches(units: units, beyondBMP: units.count != text.unicodeScalars.count) { ScalarIndex(text) }
    }

    /// Every match in a paragraph, as `matches(in: p.text)` finds them; its UTF-16 is made from
    /// its scalars, which is five times quicker than from the string.
    public func matches(in p: Paragraph) -> [(range: Range<Int>, entry: Entry)] {
        matches(units: [UInt16](utf16Of: p.scalars), beyondBMP: p.scalars.contains { $0 >= 0x10000 && $0 <= 0x10FFFF }) {
            ScalarIndex(scalars: p.scalars)
        }
    }

    private func matches(units: [UInt16], beyondBMP: Bool, scalarIndex: () -> ScalarIndex) -> [(range: Range<Int>, entry: Entry)] {
        let found = compiled.matches(in: units)
        guard found.contains(where: { !$0.isEmpty }) else { return [] }
        // Offsets are UTF-16; in text without characters beyond the BMP they are scalar offsets too.
        let index: ScalarIndex? = beyondBMP ? scalarIndex() : nil
        func scalar(_ u: Int) -> Int { index?.scalar(u) ?? u }
        var out: [(Range<Int>, Entry)] = []
        for (k, ranges) in found.enumerated() {
            for r in ranges { out.append((scalar(r.lowerBound)..<scalar(r.upperBound), entries[k])) }
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
    /// The same map for the string of these scalars (`String(scalars:)`).
    public init(scalars: [UInt32]) {
        var m: [Int32] = []
        m.reserveCapacity(scalars.count + 1)
        var k: Int32 = 0
        for v in scalars {
            guard v < 0xD800 || (v >= 0xE000 && v <= 0x10FFFF) else { continue }  // not a scalar: not in the string
            m.append(k)
            if v >= 0x10000 { m.append(k) }
            k += 1
        }
        m.append(k)
        map = m
    }
    public func scalar(_ utf16: Int) -> Int { Int(map[min(utf16, map.count - 1)]) }
}
