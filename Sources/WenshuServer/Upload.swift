import Foundation
import WenshuAnalysis
import WenshuText

/// A draft as a request gave it, read into a `SourceDocument`, and the structure and report
/// language it asked for (nil: the server's default).
struct Submission: Sendable {
    var source: SourceDocument
    var structure: String?
    var language: ReportLanguage? = nil
    /// The uploaded .docx itself, for the reviewed copy with comments (nil for other inputs).
    var docx: Data? = nil
}

/// Turns a request body into a `SourceDocument`: a UTF-8 `text/plain` body, or a
/// `multipart/form-data` body with the draft in field `file` (a .txt in any encoding Wenshu
/// detects, or a .docx) or pasted in field `text`, and optionally fields `structure` and
/// `lang` (`en` or `zh`).
struct UploadReader: Sendable {
    /// Encoding forced for .txt uploads (nil: detected).
    var encoding: TextEncoding?
    /// The name pasted text gets in the report.
    var pastedName = "<text>"
    /// The name pasted text gets in a report in a given language, instead of `pastedName`.
    var pastedNames: [ReportLanguage: String] = [:]
    /// The report language when the form does not name one (for choosing `pastedNames`).
    var defaultLanguage: ReportLanguage = .en
    /// The most text (UTF-8 bytes) an uploaded .docx may hold: the request body's limit, so a
    /// small package that inflates cannot bring more text than a pasted draft could.
    var docxTextLimit = DocumentReader.defaultLimit

    /// A report language a request names: `en` or `zh` (400 `unknown-language` otherwise).
    static func language(_ value: String) throws -> ReportLanguage {
        let v = value.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
        guard let language = ReportLanguage(rawValue: v) else {
            throw ServeError(.badRequest, "unknown-language", "no report language '\(value)'; known: " + ReportLanguage.allCases.map(\.rawValue).joined(separator: ", "))
        }
        return language
    }

    func submission(body: Data, contentType: String?, name: String? = nil) throws -> Submission {
        guard let contentType, !contentType.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw ServeError(.unsupportedMediaType, "unsupported-media-type",
                             "the request has no Content-Type; send text/plain; charset=utf-8 or multipart/form-data with the draft in field 'file'")
        }
        let media = MediaType(contentType)
        switch media.type {
        case "text/plain":
            return Submission(source: try plainText(body, charset: media.parameters["charset"], name: name ?? pastedName))
        case "multipart/form-data":
            guard let boundary = media.parameters["boundary"], !boundary.isEmpty else {
                throw ServeError(.badRequest, "malformed-multipart", "the multipart/form-data Content-Type has no boundary parameter")
            }
            return try multipart(body, boundary: boundary)
        default:
            throw ServeError(.unsupportedMediaType, "unsupported-media-type",
                             "Content-Type \(media.type) is not accepted; send text/plain; charset=utf-8 or multipart/form-data with the draft in field 'file'")
        }
    }

    // MARK: - text/plain

    /// A text/plain body: UTF-8 unless its charset says GB18030/GBK or UTF-16.
    func plainText(_ body: Data, charset: String?, name: String) throws -> SourceDocument {
        let forced: TextEncoding?
        switch charset?.lowercased().replacingOccurrences(of: "-", with: "").replacingOccurrences(of: "_", with: "") {
        case nil, "utf8": forced = .utf8
        case "gb18030", "gbk", "gb2312": forced = .gb18030
        case "utf16le": forced = .utf16LE
        case "utf16be": forced = .utf16BE
        case "utf16": forced = nil  // BOM or detection decides the byte order
        default:
            throw ServeError(.unsupportedMediaType, "unsupported-charset",
                             "charset \(charset ?? "") is not accepted for text/plain; send UTF-8 (or upload the file as multipart/form-data in field 'file', and its encoding is detected)")
        }
        if forced == .utf8 || forced == .gb18030, let offset = Self.firstBinaryByte(body) {
            throw ServeError.input(.binary(file: name, byteOffset: offset))
        }
        let decoded: DecodedText
        do { decoded = try TextDecoder.decode(body, file: name, forcing: forced) } catch let e as TextInputError {
            throw ServeError.input(e)
        }
        return try source(decoded, name: name)
    }

    /// A NUL byte, or more than 8 C0 control characters (other than tab, LF, VT, FF, CR, ESC):
    /// not text. (The rule of Wenshu's decoder, for bodies whose encoding is given, not detected.)
    static func firstBinaryByte(_ data: Data) -> Int? {
        var controls = 0
        for (i, b) in data.enumerated() {
            if b == 0 { return i }
            if b < 0x20 && b != 0x09 && b != 0x0A && b != 0x0B && b != 0x0C && b != 0x0D && b != 0x1B {
                controls += 1
                if controls > 8 { return i }
            }
        }
        return nil
    }

    func source(_ decoded: DecodedText, name: String) throws -> SourceDocument {
        do { _ = try InputReader.read(text: decoded.text, file: name) } catch let e as TextInputError {
            throw ServeError.input(e)
        }
        return SourceDocument(file: name, text: decoded.text, format: decoded.encoding.rawValue)
    }

    // MARK: - multipart/form-data

    func multipart(_ body: Data, boundary: String) throws -> Submission {
        let parts = try Multipart.parse(body, boundary: boundary)
        var structure: String? = nil
        if let s = parts.first(where: { $0.name == "structure" }) {
            structure = String(decoding: s.body, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        }
        var language: ReportLanguage? = nil
        if let l = parts.first(where: { $0.name == "lang" }) {
            let value = String(decoding: l.body, as: UTF8.self)
            if !value.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { language = try Self.language(value) }
        }
        let file = parts.first { $0.name == "file" }
        // A browser sends an empty part with filename="" when no file was chosen.
        if let file, !(file.body.isEmpty && (file.filename ?? "").isEmpty) {
            let source = try uploadedFile(file)
            return Submission(source: source, structure: structure, language: language, docx: source.format == "docx" ? file.body : nil)
        }
        if let text = parts.first(where: { $0.name == "text" }) {
            return Submission(source: try plainText(text.body, charset: MediaType(text.contentType ?? "text/plain").parameters["charset"],
                                                    name: pastedNames[language ?? defaultLanguage] ?? pastedName),
                              structure: structure, language: language)
        }
        let names = parts.compactMap(\.name)
        throw ServeError(.badRequest, "missing-file",
                         "the multipart body has no field named 'file' (nor 'text')" + (names.isEmpty ? "" : "; it has: " + names.joined(separator: ", ")))
    }

    /// Extensions read as text; .docx is read as Word.
    static let textExtensions: Set<String> = ["", "txt", "text", "md"]

    func uploadedFile(_ part: Multipart.Part) throws -> SourceDocument {
        let name = Self.safeName(part.filename)
        let ext = (name as NSString).pathExtension.lowercased()
        if part.body.isEmpty { throw ServeError.input(.empty(file: name)) }
        let looksZip = part.body.starts(with: [0x50, 0x4B])
        let looksPDF = part.body.prefix(1024).range(of: Data("%PDF-".utf8)) != nil
        let format: InputFormat
        if ext.isEmpty && looksZip { format = .docx } else if ext.isEmpty && looksPDF { format = .pdf } else if Self.textExtensions.contains(ext) {
            format = .text
        } else if let known = InputFormat.of(extension: ext) {
            format = known
        } else {
            throw ServeError(.unsupportedMediaType, "unsupported-file-type",
                             "\(name): files of type .\(ext) cannot be read; upload a .txt (UTF-8, UTF-16 or GB18030), .docx, .doc, .wps, .odt, .rtf or .pdf file")
        }
        switch format {
        case .docx: return try docx(part.body, name: name)
        case .office, .pdf: return try converted(part.body, name: name, format: format)
        case .text:
            do {
                return try source(TextDecoder.decode(part.body, file: name, forcing: encoding), name: name)
            } catch let e as TextInputError {
                throw ServeError.input(e)
            }
        }
    }

    /// A .doc/.wps/.odt/.rtf or .pdf: converted in a private temporary folder. A converter that is
    /// not installed is 415 with the package to install; a scan without text is 422.
    func converted(_ data: Data, name: String, format: InputFormat) throws -> SourceDocument {
        do {
            return try InputReader.read(data: data, name: name, format: format)
        } catch let e as ConverterError {
            switch e {
            case .missing: throw ServeError(.unsupportedMediaType, "converter-missing", e.errorDescription ?? "\(e)")
            case .noTextLayer: throw ServeError(.unprocessableContent, "no-text-layer", e.errorDescription ?? "\(e)")
            case .failed, .timedOut, .tooMuchOutput: throw ServeError(.badRequest, "unreadable-file", e.errorDescription ?? "\(e)")
            }
        } catch let e as TextInputError {
            throw ServeError.input(e)
        }
    }

    /// A .docx: written to a private temporary folder, read and deleted (`DocxReader.read(data:)`).
    func docx(_ data: Data, name: String) throws -> SourceDocument {
        do {
            return try DocxReader.read(data: data, name: name, textLimit: docxTextLimit)
        } catch let e as TextInputError {
            throw ServeError.input(e.renamed(name))
        } catch {
            throw ServeError(.badRequest, "unreadable-file", "\(name): cannot read the .docx: \(describe(error))")
        }
    }

    /// The upload's own file name, without any folder, control characters or excess length.
    static func safeName(_ filename: String?) -> String {
        var name = filename ?? ""
        if let cut = name.lastIndex(where: { $0 == "/" || $0 == "\\" }) { name = String(name[name.index(after: cut)...]) }
        name = String(String.UnicodeScalarView(name.unicodeScalars.filter { $0.value >= 0x20 && $0.value != 0x7F }))
            .trimmingCharacters(in: .whitespaces)
        if name.count > 200 { name = String(name.prefix(200)) }
        return name.isEmpty || name == "." || name == ".." ? "upload" : name
    }
}

/// The request-body reading of `serve` (text/plain, multipart/form-data, .docx in memory) for
/// tools outside the server: the fuzzing targets (Sources/wenshu-fuzz).
public enum UploadParsing {
    public static func source(body: Data, contentType: String) throws -> SourceDocument {
        try UploadReader().submission(body: body, contentType: contentType).source
    }
}

// MARK: - Media types

/// A Content-Type: the type in lower case and its parameters (names in lower case, values unquoted).
struct MediaType {
    let type: String
    let parameters: [String: String]

    init(_ header: String) {
        let pieces = HeaderParameters.split(header)
        type = (pieces.first ?? "").trimmingCharacters(in: .whitespaces).lowercased()
        parameters = HeaderParameters.parse(pieces.dropFirst())
    }
}

enum HeaderParameters {
    /// Splits at semicolons outside quoted strings.
    static func split(_ s: String) -> [String] {
        var out: [String] = []
        var current = ""
        var quoted = false, escaped = false
        for c in s {
            if escaped { current.append(c); escaped = false; continue }
            if quoted && c == "\\" { current.append(c); escaped = true; continue }
            if c == "\"" { quoted.toggle() }
            if c == ";" && !quoted { out.append(current); current = ""; continue }
            current.append(c)
        }
        out.append(current)
        return out
    }

    /// `name=value` or `name="quoted \" value"`; `name*=UTF-8''percent%20encoded` (RFC 8187)
    /// wins over `name`.
    static func parse<S: Sequence>(_ pieces: S) -> [String: String] where S.Element == String {
        var out: [String: String] = [:]
        var extended: [String: String] = [:]
        for piece in pieces {
            guard let eq = piece.firstIndex(of: "=") else { continue }
            let key = piece[..<eq].trimmingCharacters(in: .whitespaces).lowercased()
            var value = piece[piece.index(after: eq)...].trimmingCharacters(in: .whitespaces)
            if key.hasSuffix("*") {
                let parts = value.split(separator: "'", maxSplits: 2, omittingEmptySubsequences: false)
                if parts.count == 3, let decoded = String(parts[2]).removingPercentEncoding {
                    extended[String(key.dropLast())] = decoded
                }
                continue
            }
            if value.hasPrefix("\""), value.hasSuffix("\""), value.count >= 2 {
                // A backslash escapes only a quote or a backslash: browsers send Windows paths
                // (C:\Users\…) as they are.
                let inner = Array(value.dropFirst().dropLast())
                var unquoted = ""
                var i = 0
                while i < inner.count {
                    if inner[i] == "\\", i + 1 < inner.count, inner[i + 1] == "\"" || inner[i + 1] == "\\" { i += 1 }
                    unquoted.append(inner[i])
                    i += 1
                }
                value = unquoted
            }
            out[key] = value
        }
        out.merge(extended) { _, new in new }
        return out
    }
}

// MARK: - multipart/form-data (RFC 7578)

enum Multipart {
    struct Part: Sendable {
        var name: String?
        var filename: String?
        var contentType: String?
        var body: Data
    }

    static func malformed(_ reason: String) -> ServeError {
        ServeError(.badRequest, "malformed-multipart", "malformed multipart/form-data body: \(reason)")
    }

    /// The parts of a multipart body. Delimiters are CRLF "--boundary" (a bare LF is tolerated);
    /// the body must end with the closing delimiter "--boundary--".
    static func parse(_ data: Data, boundary: String) throws -> [Part] {
        guard boundary.utf8.count <= 200 else { throw malformed("the boundary is longer than 200 bytes") }
        let delimiter = Data(("--" + boundary).utf8)
        // Linear searches (ByteSearch): Data.range(of:) is body × delimiter on near-misses.
        let firstSearch = ByteSearch(delimiter), nextSearch = ByteSearch(Data([0x0A]) + delimiter)
        guard let first = firstSearch.firstRange(in: data) else { throw malformed("the boundary '\(boundary)' never occurs") }
        if first.lowerBound != data.startIndex {
            // Anything before the first delimiter is a preamble, which must end with a line break.
            let before = data[data.index(before: first.lowerBound)]
            if before != 0x0A { throw malformed("the first boundary does not start a line") }
        }
        var parts: [Part] = []
        var pos = first.upperBound
        while true {
            // After a delimiter: "--" closes the body, else padding and a line break open a part.
            if data[pos...].starts(with: [0x2D, 0x2D]) { return parts }
            while pos < data.endIndex, data[pos] == 0x20 || data[pos] == 0x09 { pos += 1 }
            if data[pos...].starts(with: [0x0D, 0x0A]) { pos += 2 } else if data[pos...].starts(with: [0x0A]) { pos += 1 } else {
                throw malformed(pos >= data.endIndex ? "the body ends without the closing boundary '--\(boundary)--'"
                                                     : "a boundary is not followed by a line break")
            }
            guard let next = nextSearch.firstRange(in: data, within: pos..<data.endIndex) else {
                throw malformed("part \(parts.count + 1) is not closed: the body ends without the closing boundary '--\(boundary)--'")
            }
            var end = next.lowerBound
            if end > pos, data[end - 1] == 0x0D { end -= 1 }
            parts.append(try part(data[pos..<end], number: parts.count + 1))
            pos = next.upperBound
            if parts.count > 64 { throw malformed("more than 64 parts") }
        }
    }

    /// One part: header lines, a blank line, the content.
    static func part(_ bytes: Data, number: Int) throws -> Part {
        let headerEnd: Range<Data.Index>
        if bytes.starts(with: [0x0D, 0x0A]) || bytes.starts(with: [0x0A]) {
            headerEnd = bytes.startIndex..<(bytes.startIndex + (bytes.first == 0x0D ? 2 : 1))  // no headers
        } else if let crlf = ByteSearch([0x0D, 0x0A, 0x0D, 0x0A]).firstRange(in: bytes) {
            headerEnd = crlf
        } else if let lf = ByteSearch([0x0A, 0x0A]).firstRange(in: bytes) {
            headerEnd = lf
        } else {
            throw malformed("part \(number) has no blank line after its headers")
        }
        var result = Part(name: nil, filename: nil, contentType: nil, body: Data(bytes[headerEnd.upperBound...]))
        let headerText = String(decoding: bytes[bytes.startIndex..<headerEnd.lowerBound], as: UTF8.self)
        for line in headerText.split(whereSeparator: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" }) {
            guard let colon = line.firstIndex(of: ":") else { throw malformed("part \(number) has a header line without a colon") }
            let key = line[..<colon].trimmingCharacters(in: .whitespaces).lowercased()
            let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            switch key {
            case "content-disposition":
                let pieces = HeaderParameters.split(value)
                let parameters = HeaderParameters.parse(pieces.dropFirst())
                result.name = parameters["name"]
                result.filename = parameters["filename"]
            case "content-type":
                result.contentType = value
            default:
                break
            }
        }
        return result
    }
}
