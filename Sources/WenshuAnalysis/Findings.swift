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

/// Makes findings whose positions are right: from a range of the normalised text to the original.
public struct FindingFactory: Sendable {
    public let text: NormalizedText

    public init(text: NormalizedText) { self.text = text }

    public func make(_ kind: String, _ severity: Severity, _ message: String, normalized range: TextRange,
                     suggestion: String? = nil, source: FindingSource? = nil) -> Finding {
        let original = text.originalRange(of: range)
        let location = text.source.location(of: original.start)
        return Finding(kind: kind, severity: severity, message: message, range: original, line: location.line,
                       column: location.column, text: text.source.text(in: original), suggestion: suggestion, source: source)
    }
}
