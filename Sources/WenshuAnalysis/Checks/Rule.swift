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
    /// The document's title line, when it has one (not among `paragraphs`).
    public var title: Paragraph? = nil
    /// Whether the title is a part title of a page of several documents (…【第三篇】): the
    /// page's own numbering, which the furniture checks leave alone.
    public var titleIsPartTitle: Bool = false
    /// Tells whether a string is a dictionary word (for checks that ask whether a space or a
    /// full stop sits inside a word).
    public var words: WordOracle = WordOracle()
    /// The junk patterns whose search ICU stopped while the page splitter asked whether a
    /// paragraph is page furniture (`PageFurniture.classify`), by the paragraph's start: the
    /// junk rule says the paragraph was classified without them.
    public var furnitureNotChecked: [Int: [PatternList.Entry]] = [:]

    /// The paragraphs the text checks read: the title (unless it is a part title) and the body.
    public var textParagraphs: [Paragraph] {
        guard let title, !titleIsPartTitle else { return paragraphs }
        return [title] + paragraphs
    }
}

/// An independent check over one document, producing findings (like swift-format's rules).
public protocol DocumentRule: Sendable {
    /// The finding kinds the rule can produce (each declared beside the rule: `FindingKind.placeholder`).
    var kinds: [FindingKind] { get }
    /// A rule that reads a store or a file may fail: the error ends the analysis of the page
    /// (a rule that cannot fail declares `check` without `throws`).
    func check(_ document: DocumentContext) throws -> [Finding]
}

/// A rule that also reads the page's text outside every document (a mojibake header, an HTML
/// entity in a site's menu): the analyzer gives it the page-level paragraphs too.
public protocol PageTextRule: DocumentRule {
    func check(pageText paragraphs: [Paragraph], factory: FindingFactory, words: WordOracle) -> [Finding]
}
