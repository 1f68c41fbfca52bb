/// What kind of text a token is.
public enum TokenKind: String, Sendable, Codable, Equatable {
    case word, number, latin, url, punctuation, space, newline, symbol
}

/// A token with its text and where it came from.
///
/// `range` indexes the normalised text; `originalRange` the decoded input (Unicode scalars,
/// 0-based, half-open), so every token can be found in the file a person opened.
public struct Token: Sendable, Equatable, Hashable {
    public let text: String
    public let range: TextRange
    public let originalRange: TextRange
    public let kind: TokenKind
    /// Part of speech (ICTCLAS/jieba tags: n, v, vn, a, d, m …; see `PartOfSpeechTagger`);
    /// empty when the segmenter has no tagger.
    public let pos: String

    public init(text: String, range: TextRange, originalRange: TextRange, kind: TokenKind, pos: String = "") {
        self.text = text
        self.range = range
        self.originalRange = originalRange
        self.kind = kind
        self.pos = pos
    }

    /// Words, numbers and Latin words: what keyword extraction and matching look at.
    public var isContent: Bool { kind == .word || kind == .number || kind == .latin }
}

/// A token as the lattice produces it, before any string is made: a range of the unit.
public struct RawToken: Sendable, Equatable {
    public var start: Int
    public var end: Int
    public var kind: TokenKind
}
