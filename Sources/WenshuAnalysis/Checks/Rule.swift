import WenshuText

/// What a rule sees of one document.
public struct DocumentContext: Sendable {
    /// The file the document came from.
    public var file: String = ""
    public let paragraphs: [Paragraph]
    public let outline: Outline
    public let findings: FindingFactory
    /// Paragraphs a .docx styles as headings (标题 1, Heading 2) without a number in front:
    /// paragraph index → heading level.
    public var styledHeadings: [Int: Int] = [:]
    /// The document's title, when it has one (the year a document is about is often there).
    public var title: String? = nil
}

/// An independent check over one document, producing findings (like swift-format's rules).
public protocol DocumentRule: Sendable {
    /// The finding kinds the rule can produce.
    var kinds: [String] { get }
    func check(_ document: DocumentContext) -> [Finding]
}
