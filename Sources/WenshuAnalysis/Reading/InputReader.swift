import Foundation
import WenshuText

/// Reads any input Wenshu accepts — .docx, or text in UTF-8/UTF-16/GB18030 — into a SourceDocument.
public enum InputReader {
    public static func read(_ url: URL, encoding: TextEncoding? = nil) throws -> SourceDocument {
        if url.pathExtension.lowercased() == "docx" { return try DocxReader.read(url) }
        let decoded = try DocumentReader.read(url, encoding: encoding)
        return SourceDocument(file: url.path, text: decoded.text, format: decoded.encoding.rawValue)
    }

    /// Reads standard input as a text document, with the same size limit as a file and the
    /// encoding it really had.
    public static func readStandardInput(encoding: TextEncoding? = nil) throws -> SourceDocument {
        let decoded = try DocumentReader.readStandardInput(encoding: encoding)
        _ = try read(text: decoded.text, file: "<stdin>")
        return SourceDocument(file: "<stdin>", text: decoded.text, format: decoded.encoding.rawValue)
    }

    /// Reads text given directly (stdin, an upload), named `file` in messages.
    public static func read(text: String, file: String) throws -> SourceDocument {
        if text.unicodeScalars.allSatisfy({ CharacterClass.of($0.value) == .space || CharacterClass.of($0.value) == .newline }) {
            throw TextInputError.empty(file: file)
        }
        return SourceDocument(file: file, text: text, format: "UTF-8")
    }
}
