import WenshuText

/// `wenshu fix`: puts in the replacements a person need not read — those of the kinds declared
/// `safeFix` (watermark characters, page junk, spun phrases back to their common form) — and
/// leaves everything else (placeholders, missing parts, numbering) for a person.
///
/// Replacements are applied back to front on the original text: a finding's range is already in
/// the original's Unicode-scalar offsets (through the normalised text's offset map), so no
/// replacement moves another. Fixing can uncover more (a junk line gone, the page splits
/// differently), so the text is analysed again, up to `passes` times, until nothing is left to fix.
public struct Fixer: Sendable {
    /// One replacement made: where it was in the text it was made on (`pass` 1 is the input).
    public struct Change: Sendable, Equatable {
        public let pass: Int
        public let kind: String
        public let line: Int
        public let column: Int
        public let old: String
        public let new: String
    }

    public let analyzer: Analyzer
    public var passes = 3

    public init(analyzer: Analyzer) { self.analyzer = analyzer }

    /// The fixed text and what changed.
    public func fix(_ source: SourceDocument) throws -> (text: String, changes: [Change]) {
        var text = source.text
        var changes: [Change] = []
        for pass in 1...max(1, passes) {
            let page = try analyzer.analyze(SourceDocument(file: source.file, text: text, format: source.format))
            let fixes = Fixer.fixes(in: page)
            if fixes.isEmpty { break }
            let (fixed, made) = Fixer.apply(fixes, to: text, pass: pass)
            text = fixed
            changes += made
        }
        return (text, changes)
    }

    /// The findings of a page that may be fixed without a person: of a kind declared `safeFix`,
    /// with a replacement, not overlapping one another (the first, then the longest, wins).
    public static func fixes(in page: PageAnalysis) -> [Finding] {
        let all = (page.pageFindings + page.documents.flatMap(\.findings)).filter { f in
            f.replacement != nil && page.kinds[f.kind]?.safeFix == true && f.replacement != f.text
        }
        var out: [Finding] = []
        var end = 0
        for f in all.sorted(by: { ($0.range.start, -$0.range.count) < ($1.range.start, -$1.range.count) }) where f.range.start >= end {
            out.append(f)
            end = max(end, f.range.end)
        }
        return out
    }

    /// `findings`' replacements put into `text`, back to front. A deletion that empties its line
    /// takes the line with it.
    public static func apply(_ findings: [Finding], to text: String, pass: Int = 1) -> (String, [Change]) {
        var scalars = Array(text.unicodeScalars)
        var changes: [Change] = []
        for f in findings.sorted(by: { $0.range.start > $1.range.start }) {
            guard let replacement = f.replacement, f.range.start >= 0, f.range.start <= f.range.end, f.range.end <= scalars.count else { continue }
            var a = f.range.start, b = f.range.end
            if replacement.isEmpty {
                // The rest of the line is blank: remove the whole line and its line break.
                var la = a, lb = b
                while la > 0, scalars[la - 1] != "\n", isBlank(scalars[la - 1]) { la -= 1 }
                while lb < scalars.count, scalars[lb] != "\n", scalars[lb] != "\r", isBlank(scalars[lb]) { lb += 1 }
                if la == 0 || scalars[la - 1] == "\n", lb == scalars.count || scalars[lb] == "\n" || scalars[lb] == "\r" {
                    a = la
                    b = lb
                    if b < scalars.count, scalars[b] == "\r" { b += 1 }
                    if b < scalars.count, scalars[b] == "\n" { b += 1 } else if a > 0 { a -= 1 }
                }
            }
            let old = String(String.UnicodeScalarView(scalars[f.range.start..<f.range.end]))
            scalars.replaceSubrange(a..<b, with: replacement.unicodeScalars)
            changes.append(Change(pass: pass, kind: f.kind, line: f.line, column: f.column, old: old, new: replacement))
        }
        return (String(String.UnicodeScalarView(scalars)), changes.reversed())
    }

    static func isBlank(_ s: Unicode.Scalar) -> Bool { s.properties.isWhitespace && s != "\n" }
}
