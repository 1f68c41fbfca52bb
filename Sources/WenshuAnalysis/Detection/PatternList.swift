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

    /// Text longer than this many scalars is matched in windows (see `matches(in:)`).
    static let window = 1 << 16
    /// How far a window's search runs past its end, and the context seen on either side.
    static let overlap = 1 << 12

    /// Every match in `text`: (range in scalars, entry).
    ///
    /// A long text (one paragraph of megabytes) is matched in windows of `window` scalars, each
    /// searched `overlap` scalars past its end, with `overlap` scalars of context on either side
    /// for look-around and without `^`/`$` at the window's edges: Foundation copies the whole
    /// string for every search, so one search per pattern over 50 MB took minutes. A match is
    /// kept by the window it starts in; one longer than `overlap` may be cut.
    public func matches(in text: String) -> [(range: Range<Int>, entry: Entry)] {
        let scalarCount = text.unicodeScalars.count
        guard scalarCount > Self.window + 2 * Self.overlap else { return wholeMatches(in: text) }
        let scalars = Array(text.unicodeScalars)
        var out: [(Range<Int>, Entry)] = []
        // Per pattern, the end of its last match: a match found again from inside it is dropped.
        var lastEnd = [Int](repeating: 0, count: entries.count)
        var start = 0
        while start < scalarCount {
            let before = max(0, start - Self.overlap)
            let searchEnd = min(scalarCount, start + Self.window + Self.overlap)
            let after = min(scalarCount, searchEnd + Self.overlap)
            let piece = String(String.UnicodeScalarView(scalars[before..<after]))
            let index = ScalarIndex(piece)
            // UTF-16 offsets of the search range inside the piece.
            var u16Start = 0, u16End = 0, k = before
            for s in scalars[before..<searchEnd] {
                if k < start { u16Start += s.value >= 0x10000 ? 2 : 1 }
                u16End += s.value >= 0x10000 ? 2 : 1
                k += 1
            }
            let range = NSRange(location: u16Start, length: u16End - u16Start)
            for (n, e) in entries.enumerated() {
                for m in e.regex.matches(in: piece, options: [.withoutAnchoringBounds, .withTransparentBounds], range: range) where m.range.length > 0 {
                    let from = before + index.scalar(m.range.location)
                    guard from < start + Self.window || searchEnd == scalarCount else { continue }  // the next window's
                    guard from >= lastEnd[n] else { continue }
                    let to = before + index.scalar(m.range.location + m.range.length)
                    out.append((from..<to, e))
                    lastEnd[n] = to
                }
            }
            if searchEnd == scalarCount { break }
            start += Self.window
        }
        return out
    }

    func wholeMatches(in text: String) -> [(range: Range<Int>, entry: Entry)] {
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
