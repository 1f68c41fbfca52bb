import WenshuText

/// How bad a finding is. `error` makes `wenshu check` exit with status 1.
public enum Severity: String, Sendable, Codable, Comparable {
    case info, warning, error
    var rank: Int { self == .error ? 2 : self == .warning ? 1 : 0 }
    public static func < (a: Severity, b: Severity) -> Bool { a.rank < b.rank }
}

/// Where a copied passage came from.
public struct FindingSource: Sendable, Equatable, Codable {
    public let file: String
    public let range: TextRange
    public let similarity: Double
    public init(file: String, range: TextRange, similarity: Double) {
        self.file = file
        self.range = range
        self.similarity = similarity
    }
}

/// One thing a rule found, with where a person can find it: `range` is Unicode-scalar offsets
/// (0-based, half-open) into the decoded input; `line` and `column` are 1-based.
///
/// A finding may carry a `replacement` — the exact text that should stand in place of `range`
/// (`二、`, `凝聚共识`, "" to delete) — and `advice`, prose for a person ("replace it with the
/// real place"). `suggestion`, the one field of JSON report version 1, is the advice when there
/// is some, else the replacement.
public struct Finding: Sendable, Equatable, Codable {
    /// The id of its `FindingKind` (`placeholder`, `scrape-junk` …).
    public let kind: String
    public let severity: Severity
    public let message: String
    public let range: TextRange
    public let line: Int
    public let column: Int
    public let text: String
    /// Exact text for exactly `range` ("" deletes it).
    public let replacement: String?
    /// What a person should do, in prose (or the cleaned passage around a one-character fix).
    public let advice: String?
    public let source: FindingSource?

    /// What the text and HTML reports show after "suggestion:": the advice, else the replacement.
    public var suggestion: String? { advice ?? replacement }

    public init(kind: String, severity: Severity, message: String, range: TextRange, line: Int, column: Int,
                text: String, replacement: String? = nil, advice: String? = nil, source: FindingSource? = nil) {
        self.kind = kind
        self.severity = severity
        self.message = message
        self.range = range
        self.line = line
        self.column = column
        self.text = text
        self.replacement = replacement
        self.advice = advice
        self.source = source
    }

    enum CodingKeys: String, CodingKey { case kind, severity, message, range, line, column, text, suggestion, replacement, advice, source }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        kind = try c.decode(String.self, forKey: .kind)
        severity = try c.decode(Severity.self, forKey: .severity)
        message = try c.decode(String.self, forKey: .message)
        range = try c.decode(TextRange.self, forKey: .range)
        line = try c.decode(Int.self, forKey: .line)
        column = try c.decode(Int.self, forKey: .column)
        text = try c.decode(String.self, forKey: .text)
        replacement = try c.decodeIfPresent(String.self, forKey: .replacement)
        // Version 1 had only `suggestion`: read it as advice.
        advice = try c.decodeIfPresent(String.self, forKey: .advice)
            ?? (replacement == nil ? c.decodeIfPresent(String.self, forKey: .suggestion) : nil)
        source = try c.decodeIfPresent(FindingSource.self, forKey: .source)
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(kind, forKey: .kind)
        try c.encode(severity, forKey: .severity)
        try c.encode(message, forKey: .message)
        try c.encode(range, forKey: .range)
        try c.encode(line, forKey: .line)
        try c.encode(column, forKey: .column)
        try c.encode(text, forKey: .text)
        try c.encodeIfPresent(suggestion, forKey: .suggestion)
        try c.encodeIfPresent(replacement, forKey: .replacement)
        try c.encodeIfPresent(advice, forKey: .advice)
        try c.encodeIfPresent(source, forKey: .source)
    }
}

extension Array where Element == Finding {
    /// The findings in reading order: by where they start, then by kind (a stable order for
    /// findings at the same place).
    public func inReadingOrder() -> [Finding] {
        sorted(by: Self.readingOrder)
    }

    /// The same order, sorted in place (`sorted` is a copy sorted so: the same order, without
    /// a second array of a million findings).
    public mutating func sortInReadingOrder() {
        sort(by: Self.readingOrder)
    }

    static func readingOrder(_ a: Finding, _ b: Finding) -> Bool {
        (a.range.start, a.kind) < (b.range.start, b.kind)
    }
}

/// The language of the messages and suggestions in a report (`--lang`). Finding kinds,
/// severities' JSON values and the JSON keys stay the same in every language.
public enum ReportLanguage: String, Sendable, CaseIterable, Codable {
    case en, zh
}

/// A message of a finding in each report language. A suggestion that is replacement text (3、,
/// 坚强领导下) is the same in both: `Message(literal:)`.
public struct Message: Sendable, Equatable {
    public let en: String
    public let zh: String
    public init(en: String, zh: String) { self.en = en; self.zh = zh }
    public init(literal: String) { en = literal; zh = literal }
    public func text(in language: ReportLanguage) -> String { language == .zh ? zh : en }
}

/// Makes findings whose positions are right: from a range of the normalised text to the
/// original; messages in the report's language.
public struct FindingFactory: Sendable {
    public let text: NormalizedText
    public let language: ReportLanguage

    public init(text: NormalizedText, language: ReportLanguage = .en) {
        self.text = text
        self.language = language
    }

    /// A finding of `kind` with its default severity.
    public func make(_ kind: FindingKind, _ message: Message, normalized range: TextRange,
                     replacement: String? = nil, advice: Message? = nil, source: FindingSource? = nil) -> Finding {
        make(kind, kind.severity, message, normalized: range, replacement: replacement, advice: advice, source: source)
    }

    /// A finding of `kind` with a severity of its own (a numbering gap inside a paragraph is a
    /// warning, between headings an error).
    public func make(_ kind: FindingKind, _ severity: Severity, _ message: Message, normalized range: TextRange,
                     replacement: String? = nil, advice: Message? = nil, source: FindingSource? = nil) -> Finding {
        let original = text.originalRange(of: range)
        let location = text.source.location(of: original.start)
        return Finding(kind: kind.id, severity: severity, message: message.text(in: language), range: original, line: location.line,
                       column: location.column, text: text.source.text(in: original),
                       replacement: replacement, advice: advice?.text(in: language), source: source)
    }

    /// A finding of a kind given by its bare id: the reports know nothing of it (no label, no
    /// colour) until it is declared as a `FindingKind` beside its rule.
    @available(*, deprecated, message: "declare a FindingKind beside the rule and pass it")
    public func make(_ kind: String, _ severity: Severity, _ message: Message, normalized range: TextRange,
                     suggestion: Message? = nil, source: FindingSource? = nil) -> Finding {
        make(FindingKind(id: kind, severity: severity, label: Message(literal: kind), explanation: Message(literal: kind)),
             severity, message, normalized: range, advice: suggestion, source: source)
    }
}
