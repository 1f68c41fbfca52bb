import Foundation
import WenshuText

/// A paragraph as a reader found it, with what the file said about it (a .docx heading style
/// or list level), before any analysis.
public struct ParagraphHint: Sendable, Equatable {
    /// 1-based line of the paragraph in the text the reader produced.
    public let line: Int
    /// Heading level from a style such as "Heading 1" / "标题 1", if any.
    public let headingLevel: Int?
    /// List level (w:ilvl) of an automatically numbered paragraph, if any.
    public let listLevel: Int?
    public init(line: Int, headingLevel: Int?, listLevel: Int?) {
        self.line = line
        self.headingLevel = headingLevel
        self.listLevel = listLevel
    }
}

/// The text of one input file and how it was read.
public struct SourceDocument: Sendable {
    public let file: String
    /// The decoded text: for a .docx, one paragraph a line.
    public let text: String
    /// "UTF-8", "GB18030", "docx" …
    public let format: String
    public let hints: [ParagraphHint]
    public init(file: String, text: String, format: String, hints: [ParagraphHint] = []) {
        self.file = file
        self.text = text
        self.format = format
        self.hints = hints
    }
}
