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
    /// Text a reader took out of the document because the page layout put it there (a PDF's
    /// running headers and footers, page numbers): reported as page-level text, not analysed.
    public let furniture: [PrintedFurniture]
    public init(file: String, text: String, format: String, hints: [ParagraphHint] = [], furniture: [PrintedFurniture] = []) {
        self.file = file
        self.text = text
        self.format = format
        self.hints = hints
        self.furniture = furniture
    }
}

/// A line a PDF repeats on its pages (a running header or footer) or a page number, which its
/// reader removed from the text.
public struct PrintedFurniture: Sendable, Equatable, Codable {
    public enum Kind: String, Sendable, Codable { case header, footer, pageNumber = "page-number" }
    public let kind: Kind
    /// The line as on its first page (a page number: as on the first page that has one).
    public let text: String
    /// The 1-based pages it was removed from.
    public let pages: [Int]
    public init(kind: Kind, text: String, pages: [Int]) {
        self.kind = kind
        self.text = text
        self.pages = pages
    }
}
