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
    /// A pattern of the shape that backtracks exponentially (`PatternSafety`: a repeated group
    /// holding a repetition or an alternation) is refused the same way, before it runs; one that is
    /// merely slow on a long paragraph is stopped by ICU's time limit and reported as not checked.
    public init(entries: [Entry], file: String) throws {
        self.entries = entries
        self.file = file
        for e in entries {
            if let problem = PatternSafety.problem(e.pattern, polynomial: false) {
                throw DictionaryError.malformed(file: e.line.map { "\(file):\($0)" } ?? file,
                                                reason: "the regular expression '\(e.pattern)' is refused: \(problem)")
            }
        }
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

    /// The same; nil when ICU stopped the search before it found a match: not known.
    public func matchesIfKnown(_ k: Int, inUnits units: [UInt16]) -> Bool? {
        compiled.containsIfKnown(pattern: k, in: units)
    }

    /// Every match in `text`: (range in scalars, entry), pattern by pattern in the file's order.
    /// A pattern whose search ICU stopped keeps the matches found before (`search(in:)` says which).
    public func matches(in text: String) -> [(range: Range<Int>, entry: Entry)] { search(in: text).matches }

    /// Every match in `text`: (range in scalars, entry), pattern by pattern in the file's order;
    /// and the entries whose search ICU stopped (its time limit, about a hundred million steps: a
    /// second or two, or its backtrack stack), for which the text was not wholly checked (`notChecked`).
    ///
    /// Matched by ICU on the text's UTF-16 in place (`ICURegexSet`), once per pattern over the
    /// whole text, so a paragraph of megabytes costs one linear pass per pattern — through
    /// Foundation, every search copied and transcoded the string, and 138 patterns over one
    /// 50 MB line took minutes even in windows.
    public func search(in text: String) -> (matches: [(range: Range<Int>, entry: Entry)], stopped: [Entry]) {
        let units = Array(text.utf16)
        return search(units: units, beyondBMP: units.count != text.unicodeScalars.count) { ScalarIndex(text) }
    }

    /// Every match in a paragraph, as `matches(in: p.text)` finds them; its UTF-16 is made from
    /// its scalars, which is five times quicker than from the string.
    public func matches(in p: Paragraph) -> [(range: Range<Int>, entry: Entry)] { search(in: p).matches }

    /// `search(in: p.text)`, with the paragraph's UTF-16 made from its scalars.
    public func search(in p: Paragraph) -> (matches: [(range: Range<Int>, entry: Entry)], stopped: [Entry]) {
        search(units: [UInt16](utf16Of: p.scalars), beyondBMP: p.scalars.contains { $0 >= 0x10000 && $0 <= 0x10FFFF }) {
            ScalarIndex(scalars: p.scalars)
        }
    }

    private func search(units: [UInt16], beyondBMP: Bool, scalarIndex: () -> ScalarIndex)
        -> (matches: [(range: Range<Int>, entry: Entry)], stopped: [Entry]) {
        let found = compiled.search(in: units)
        let stopped = found.stopped.map { entries[$0] }
        guard found.ranges.contains(where: { !$0.isEmpty }) else { return ([], stopped) }
        // Offsets are UTF-16; in text without characters beyond the BMP they are scalar offsets too.
        let index: ScalarIndex? = beyondBMP ? scalarIndex() : nil
        func scalar(_ u: Int) -> Int { index?.scalar(u) ?? u }
        var out: [(Range<Int>, Entry)] = []
        for (k, ranges) in found.ranges.enumerated() {
            for r in ranges { out.append((scalar(r.lowerBound)..<scalar(r.upperBound), entries[k])) }
        }
        return (out, stopped)
    }

    /// The findings that say paragraph `p` was not checked for each of `stopped` (entries whose
    /// search ICU stopped): a check that could not run says so instead of reporting the paragraph
    /// clean. `what` names the check (`page junk`, 页面残留).
    /// `consequence` says what follows from the stop (default: matches after it are not reported).
    func notChecked(_ stopped: [Entry], in p: Paragraph, what: Message, consequence: Message? = nil, factory: FindingFactory) -> [Finding] {
        guard !stopped.isEmpty else { return [] }
        let name = (file as NSString).lastPathComponent
        let then = consequence ?? Message(en: "matches after that point are not reported", zh: "此后的匹配没有报告")
        return stopped.map { e in
            let at = e.line.map { "\(name):\($0)" } ?? name
            return factory.make(.patternNotChecked, Message(
                en: "not checked for \(what.en): the pattern \(e.pattern) (\(at)) was stopped on this paragraph by ICU's time limit for one search; \(then.en)",
                zh: "未检查\(what.zh)：规则 \(e.pattern)（\(at)）在本段超过 ICU 单次查找的时限被中止，\(then.zh)"),
                normalized: TextRange(start: p.range.start, end: min(p.range.end, p.range.start + 20)),
                advice: Message(en: "simplify the pattern in \(at) (a repetition inside a repetition, such as (a+)+, backtracks exponentially) or split the paragraph",
                                zh: "简化 \(at) 中的规则（如 (a+)+ 这种重复套重复会指数级回溯），或把本段拆开"))
        }
    }
}

extension FindingKind {
    public static let patternNotChecked = FindingKind(
        "pattern-not-checked", .warning, label: ("pattern not checked", "规则未检查"),
        explanation: ("a pattern of a list (junk, placeholders, broken text, page furniture, not-a-genre, data) was stopped by the regular-expression time limit on a paragraph: that paragraph was not checked (or classified) by it",
                      "某条规则（页面残留、占位符、残缺文字、网页框架、非文书判断、数据）在某段超过正则表达式的时限被中止：该段没有按这条规则检查（或判断）"),
        colour: "#888")
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
