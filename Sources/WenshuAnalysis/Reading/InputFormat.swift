import Foundation
import WenshuText

/// The kinds of file Wenshu reads, by extension: the one map every command, the corpus, the
/// `--templates` option and `serve` use to decide how a file is read.
public enum InputFormat: String, Sendable, CaseIterable {
    /// Plain text in UTF-8, UTF-16 or GB18030 (detected).
    case text
    /// Word .docx (Office Open XML), read directly (`DocxReader`).
    case docx
    /// Old Word .doc, WPS .wps, OpenDocument .odt, RTF: converted to .docx by LibreOffice
    /// (`OfficeConverter`), then read as .docx.
    case office
    /// PDF: its text layer through poppler's pdftotext (`PDFReader`).
    case pdf

    /// Extension (lower case, without the dot) → format. Files with other extensions are not
    /// read from folders; named on the command line they are read as text.
    public static let byExtension: [String: InputFormat] = [
        "txt": .text, "text": .text,
        "docx": .docx,
        "doc": .office, "wps": .office, "odt": .office, "rtf": .office,
        "pdf": .pdf,
    ]

    /// The format of a file name's extension, nil for an extension Wenshu does not know.
    public static func of(extension ext: String) -> InputFormat? { byExtension[ext.lowercased()] }

    /// The format a path is read in: by its extension, text for any other.
    public static func of(_ url: URL) -> InputFormat { of(extension: url.pathExtension) ?? .text }

    /// Does a folder listing include this file (a known extension)?
    public static func isDocument(_ url: URL) -> Bool { of(extension: url.pathExtension) != nil }

    /// The extensions, sorted, for messages (".txt, .docx, …").
    public static var extensionList: String {
        byExtension.keys.sorted().map { "." + $0 }.joined(separator: ", ")
    }

    /// Reads a file in this format.
    public func read(_ url: URL, encoding: TextEncoding?) throws -> SourceDocument {
        switch self {
        case .text:
            let decoded = try DocumentReader.read(url, encoding: encoding)
            return SourceDocument(file: url.path, text: decoded.text, format: decoded.encoding.rawValue)
        case .docx: return try DocxReader.read(url)
        case .office: return try OfficeConverter.read(url)
        case .pdf: return try PDFReader.read(url)
        }
    }
}
