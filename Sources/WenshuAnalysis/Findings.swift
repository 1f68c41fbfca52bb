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
public struct Finding: Sendable, Equatable, Codable {
    public let kind: String
    public let severity: Severity
    public let message: String
    public let range: TextRange
    public let line: Int
    public let column: Int
    public let text: String
    public let suggestion: String?
    public let source: FindingSource?

    public init(kind: String, severity: Severity, message: String, range: TextRange, line: Int, column: Int,
                text: String, suggestion: String? = nil, source: FindingSource? = nil) {
        self.kind = kind
        self.severity = severity
        self.message = message
        self.range = range
        self.line = line
        self.column = column
        self.text = text
        self.suggestion = suggestion
        self.source = source
    }
}

extension Array where Element == Finding {
    /// The findings in reading order: by where they start, then by kind (a stable order for
    /// findings at the same place).
    public func inReadingOrder() -> [Finding] {
        sorted { ($0.range.start, $0.kind) < ($1.range.start, $1.kind) }
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

    public func make(_ kind: String, _ severity: Severity, _ message: Message, normalized range: TextRange,
                     suggestion: Message? = nil, source: FindingSource? = nil) -> Finding {
        let original = text.originalRange(of: range)
        let location = text.source.location(of: original.start)
        return Finding(kind: kind, severity: severity, message: message.text(in: language), range: original, line: location.line,
                       column: location.column, text: text.source.text(in: original),
                       suggestion: suggestion?.text(in: language), source: source)
    }
}
