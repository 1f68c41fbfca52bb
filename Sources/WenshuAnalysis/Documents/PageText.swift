import Foundation
import WenshuText

/// A file read and split into its documents: its source (bytes decoded by the reader of its
/// extension, `InputFormat`), its normalised text, the paragraphs, and the documents of the
/// page (a scraped 范文 page holds several) with what belongs to none. The one front end of
/// `check`, `outline`, `compare`, `keywords`, `themes`, `corpus add` and `serve`: each builds
/// this value and reads the documents from it.
public struct PageText: Sendable {
    public let source: SourceDocument
    public let text: NormalizedText
    public let paragraphs: [Paragraph]
    /// The documents, in order.
    public let documents: [Document]
    /// Indices of the paragraphs that belong to no document (site title, furniture, junk).
    public let pageLevel: [Int]

    /// One document of the page.
    public struct Document: Sendable {
        /// Its place in the page, from 0.
        public let index: Int
        /// Index of its title paragraph, if it has one.
        public let titleIndex: Int?
        /// Indices of its paragraphs, title included.
        public let paragraphIndices: Range<Int>
    }

    /// Splits `text` (already normalised) into documents; `furniture` as in `PageSplitter.split`.
    public init(source: SourceDocument, text: NormalizedText, furniture: ((Paragraph, Bool) -> Bool)? = nil) {
        self.source = source
        self.text = text
        paragraphs = ParagraphSplitter.paragraphs(of: text)
        let (parts, pageLevel) = PageSplitter.split(paragraphs, furniture: furniture)
        documents = parts.enumerated().map { Document(index: $0.offset, titleIndex: $0.element.title, paragraphIndices: $0.element.paragraphs) }
        self.pageLevel = pageLevel
    }

    /// Normalises the source with `normalizer`, then splits it.
    public init(source: SourceDocument, normalizer: Normalizer, furniture: ((Paragraph, Bool) -> Bool)? = nil) throws {
        self.init(source: source, text: try normalizer.normalize(source.text), furniture: furniture)
    }

    /// Reads a file by its extension (`InputFormat`), normalises and splits it.
    public static func read(_ url: URL, encoding: TextEncoding? = nil, normalizer: Normalizer) throws -> PageText {
        try PageText(source: InputReader.read(url, encoding: encoding), normalizer: normalizer)
    }

    /// A document's title paragraph.
    public func title(of d: Document) -> Paragraph? { d.titleIndex.map { paragraphs[$0] } }
    /// A document's paragraphs, title included.
    public func all(of d: Document) -> ArraySlice<Paragraph> { paragraphs[d.paragraphIndices] }
    /// A document's body: its paragraphs after the title.
    public func body(of d: Document) -> ArraySlice<Paragraph> {
        paragraphs[(d.titleIndex.map { $0 + 1 } ?? d.paragraphIndices.lowerBound)..<d.paragraphIndices.upperBound]
    }
    /// Normalised range of a document, from its first paragraph to the end of its last.
    public func range(of d: Document) -> TextRange {
        let all = all(of: d)
        return TextRange(start: all.first?.range.start ?? 0, end: all.last?.range.end ?? 0)
    }
    /// The paragraphs that belong to no document.
    public var pageParagraphs: [Paragraph] { pageLevel.map { paragraphs[$0] } }
}

/// Files and folders named on a command line (or by `--templates`, `corpus add`) as the list of
/// files to read: a folder gives its files, recursively, of the formats `InputFormat` knows
/// (`extensions`, when given, instead), sorted by path; a file named is read whatever its
/// extension. A path that does not exist is an error naming it.
public enum InputFiles {
    public static func expand(_ paths: [URL], extensions: Set<String>? = nil, standardized: Bool = false) throws -> [URL] {
        var files: [URL] = []
        for given in paths {
            let url = standardized ? given.standardizedFileURL : given
            var isDir: ObjCBool = false
            guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDir) else {
                throw TextInputError.unreadable(file: given.relativePath, reason: "no such file or directory")
            }
            if isDir.boolValue {
                let all = FileManager.default.enumerator(at: url, includingPropertiesForKeys: nil)?.allObjects as? [URL] ?? []
                let kept = all.filter { file in
                    if let extensions { return extensions.contains(file.pathExtension.lowercased()) }
                    return InputFormat.isDocument(file)
                }
                files += (standardized ? kept.map(\.standardizedFileURL) : kept).sorted { $0.path < $1.path }
            } else {
                files.append(url)
            }
        }
        return files
    }

    /// `expand` of paths as typed.
    public static func expand(_ paths: [String], extensions: Set<String>? = nil, standardized: Bool = false) throws -> [URL] {
        try expand(paths.map { URL(fileURLWithPath: $0) }, extensions: extensions, standardized: standardized)
    }
}
