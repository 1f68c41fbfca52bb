import Foundation
import WenshuText

/// Reads any input Wenshu accepts — text in UTF-8/UTF-16/GB18030, .docx, .doc/.wps/.odt/.rtf
/// (through LibreOffice) or .pdf (through poppler) — into a SourceDocument; `InputFormat` maps
/// each extension to its reader.
public enum InputReader {
    public static func read(_ url: URL, encoding: TextEncoding? = nil) throws -> SourceDocument {
        try InputFormat.of(url).read(url, encoding: encoding)
    }

    /// Reads a file held in memory (an upload) named `name`, in the format of its extension:
    /// written to a private temporary folder, read and deleted. Text is not handled here.
    public static func read(data: Data, name: String, format: InputFormat) throws -> SourceDocument {
        switch format {
        case .docx: return try DocxReader.read(data: data, name: name)
        case .text:
            let decoded = try TextDecoder.decode(data, file: name)
            return try read(text: decoded.text, file: name)
        case .office, .pdf:
            let dir = try ExternalTool.privateFolder("upload", file: name)
            defer { try? FileManager.default.removeItem(at: dir) }
            let ext = (name as NSString).pathExtension.lowercased()
            let url = dir.appendingPathComponent("upload." + (ext.isEmpty ? (format == .pdf ? "pdf" : "doc") : ext))
            do { try data.write(to: url) } catch {
                throw TextInputError.unreadable(file: name, reason: "cannot write it to a temporary file: \(error.localizedDescription)")
            }
            do {
                let source = try format.read(url, encoding: nil)
                return SourceDocument(file: name, text: source.text, format: source.format, hints: source.hints, furniture: source.furniture)
            } catch let e as ConverterError {
                throw e.renamed(from: url.path, to: name)
            } catch let e as TextInputError {
                throw e.renamedFile(name)
            }
        }
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

extension ConverterError {
    /// The same error about the upload's name instead of its temporary file.
    func renamed(from old: String, to name: String) -> ConverterError {
        func r(_ s: String) -> String { s.replacingOccurrences(of: old, with: name) }
        switch self {
        case let .missing(_, format, program, package): return .missing(file: name, format: format, program: program, package: package)
        case let .failed(_, program, reason): return .failed(file: name, program: program, reason: r(reason))
        case let .timedOut(_, program, seconds): return .timedOut(file: name, program: program, seconds: seconds)
        case let .noTextLayer(_, pages): return .noTextLayer(file: name, pages: pages)
        case let .tooMuchOutput(_, program, limit): return .tooMuchOutput(file: name, program: program, limit: limit)
        }
    }
}

extension TextInputError {
    /// The same error about another file name.
    func renamedFile(_ name: String) -> TextInputError {
        switch self {
        case let .unreadable(_, reason): return .unreadable(file: name, reason: reason)
        case let .binary(_, o): return .binary(file: name, byteOffset: o)
        case let .invalidUTF8(_, l, o): return .invalidUTF8(file: name, line: l, byteOffset: o)
        case let .undecodable(_, e, l, o): return .undecodable(file: name, encoding: e, line: l, byteOffset: o)
        case let .unknownEncoding(_, g): return .unknownEncoding(file: name, guess: g)
        case let .tooLarge(_, b, l): return .tooLarge(file: name, bytes: b, limit: l)
        case .empty: return .empty(file: name)
        }
    }
}
