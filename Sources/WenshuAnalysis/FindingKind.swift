/// A kind of finding, declared once beside the rule that makes it (`extension FindingKind {
/// public static let placeholder = FindingKind(…) }` in the rule's file, which the build's
/// generated registry lists in `FindingKind.declared`) and listed in the rule's `kinds`.
/// Everything else — the analyzer, the text, JSON and HTML reports, `compare`, `serve`,
/// `wenshu kinds` and the README's table — reads it from there (like swift-format's rules and
/// Vale's alert levels). In the JSON a finding's kind is still the `id` string.
public struct FindingKind: Sendable, Hashable, CustomStringConvertible {
    /// What a finding of this kind marks: a span of the text, or the whole document (listed
    /// above its text by the HTML report instead of marking all of it).
    public enum Scope: String, Sendable, Codable {
        case span, document
    }

    /// The kind in the JSON and the text report (`numbering-gap`).
    public let id: String
    /// The severity a finding gets unless the rule says otherwise.
    public let severity: Severity
    /// Its name for readers (`numbering gap` / `序号跳号`).
    public let label: Message
    /// One sentence on what it means.
    public let explanation: Message
    /// The HTML report's colour: the mark's line (CSS colour) and its fill.
    public let colour: String
    public let fill: String
    public let scope: Scope
    /// Whether `wenshu fix` may put a finding's replacement in without a person reading it
    /// (watermark characters, page junk, spun phrases). Placeholders and missing parts stay.
    public let safeFix: Bool

    public init(id: String, severity: Severity, label: Message, explanation: Message,
                colour: String = "#888", fill: String = "rgba(136, 136, 136, .16)", scope: Scope = .span, safeFix: Bool = false) {
        self.id = id
        self.severity = severity
        self.label = label
        self.explanation = explanation
        self.colour = colour
        self.fill = fill
        self.scope = scope
        self.safeFix = safeFix
    }

    /// The common case, shorter: labels and explanations as (en, zh) pairs, and the HTML fill
    /// the colour (`#1565c0`, or `#888`) at `alpha` (`rgba(21, 101, 192, .16)`).
    public init(_ id: String, _ severity: Severity, label: (en: String, zh: String), explanation: (en: String, zh: String),
                colour: String, alpha: Double = 0.16, scope: Scope = .span, safeFix: Bool = false) {
        self.init(id: id, severity: severity, label: Message(en: label.en, zh: label.zh),
                  explanation: Message(en: explanation.en, zh: explanation.zh),
                  colour: colour, fill: FindingKind.fill(colour, alpha: alpha), scope: scope, safeFix: safeFix)
    }

    /// `rgba(r, g, b, .aa)` of a `#rrggbb` or `#rgb` colour (grey for anything else).
    static func fill(_ colour: String, alpha: Double) -> String {
        var hex = Array(colour.unicodeScalars.dropFirst())
        if hex.count == 3 { hex = hex.flatMap { [$0, $0] } }
        let digits = hex.compactMap { UInt8(String($0), radix: 16) }
        let rgb = digits.count == 6 && colour.hasPrefix("#")
            ? stride(from: 0, to: 6, by: 2).map { Int(digits[$0]) * 16 + Int(digits[$0 + 1]) } : [136, 136, 136]
        let hundredths = Int((min(max(alpha, 0), 1) * 100).rounded())
        let a = hundredths == 100 ? "1" : hundredths % 10 == 0 ? ".\(hundredths / 10)" : hundredths < 10 ? ".0\(hundredths)" : ".\(hundredths)"
        return "rgba(\(rgb[0]), \(rgb[1]), \(rgb[2]), \(a))"
    }

    public var description: String { id }
    public static func == (a: FindingKind, b: FindingKind) -> Bool { a.id == b.id }
    public func hash(into h: inout Hasher) { h.combine(id) }
    /// Whether a finding is of this kind.
    public func matches(_ f: Finding) -> Bool { f.kind == id }
}

/// The kinds an analyzer can report, by id: what the reports look a finding's label, colour and
/// scope up in. A finding of a kind nobody declared shows its raw id.
public struct FindingKindRegistry: Sendable {
    /// In declaration order, each id once.
    public let kinds: [FindingKind]
    let byID: [String: FindingKind]

    public init(_ kinds: [FindingKind]) {
        var seen = Set<String>()
        var list: [FindingKind] = []
        for k in kinds where seen.insert(k.id).inserted { list.append(k) }
        self.kinds = list
        byID = Dictionary(list.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
    }

    public subscript(id: String) -> FindingKind? { byID[id] }

    /// Both registries' kinds (the first's declaration wins for an id in both).
    public func merging(_ other: FindingKindRegistry) -> FindingKindRegistry { FindingKindRegistry(kinds + other.kinds) }

    /// The README's table of finding kinds (`wenshu kinds --format markdown`).
    public var markdownTable: String {
        var out = "| kind | default severity | marks | `wenshu fix` | label | 说明 | what it means |\n|---|---|---|---|---|---|---|\n"
        for k in kinds {
            let cells = ["`\(k.id)`", k.severity.rawValue, k.scope == .span ? "span" : "whole document", k.safeFix ? "yes" : "—",
                         "\(k.label.en) / \(k.label.zh)", k.explanation.zh, k.explanation.en]
            out += "| " + cells.map { $0.replacingOccurrences(of: "|", with: "\\|") }.joined(separator: " | ") + " |\n"
        }
        return out
    }

    /// `text` (the README) with its table of kinds — between `<!-- kinds:begin -->` and
    /// `<!-- kinds:end -->` lines — replaced by `markdownTable`; nil when it has no such markers.
    public func replacingTable(in text: String) -> String? {
        guard let a = text.range(of: "<!-- kinds:begin -->\n"), let b = text.range(of: "<!-- kinds:end -->", range: a.upperBound..<text.endIndex) else {
            return nil
        }
        return String(text[..<a.upperBound]) + markdownTable + String(text[b.lowerBound...])
    }
}
