import Foundation
import WenshuText

/// Reads the Word-family formats Wenshu cannot parse itself — old binary Word (.doc), WPS
/// (.wps), OpenDocument (.odt) and RTF — by having LibreOffice convert them to .docx in headless
/// mode and reading that with `DocxReader`, so automatic numbering and heading styles are kept.
///
/// Each conversion runs in a private temporary folder with its own LibreOffice profile
/// (`-env:UserInstallation`), so parallel runs (`--jobs`, `serve`) never share or lock one
/// profile, under a time limit; the folder is removed on every path.
public enum OfficeConverter {
    /// The Debian package that brings `soffice`.
    public static let package = "libreoffice-writer-nogui"
    /// Longest a conversion may run, in seconds (a first start creates the profile: a few seconds).
    public static let timeLimit = 120

    /// Is LibreOffice installed?
    public static var isAvailable: Bool { ExternalTool.locate("soffice") != nil }

    public static func read(_ url: URL) throws -> SourceDocument {
        let file = url.path
        try DocumentReader.checkReadable(url)
        let ext = url.pathExtension.lowercased()
        let dir = try ExternalTool.privateFolder("office", file: file)
        defer { try? FileManager.default.removeItem(at: dir) }
        let converted = try convert(url, to: "docx", in: dir)
        let source = try DocxReader.read(converted)
        return SourceDocument(file: file, text: source.text, format: ext.isEmpty ? "docx" : "\(ext) (LibreOffice → docx)", hints: source.hints)
    }

    /// The file starts as a document LibreOffice reads should: an OLE2 compound file (Word 97–2003,
    /// WPS), a ZIP (OpenDocument, or a .docx under another name), RTF, or HTML/XML (Word's "web
    /// page" .doc). Anything else LibreOffice would import as plain text, garbage and all.
    static func checkSignature(_ url: URL) throws {
        let head = (try? FileHandle(forReadingFrom: url)).flatMap { h -> Data? in defer { try? h.close() }; return try? h.read(upToCount: 512) } ?? Data()
        let ole2: [UInt8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]
        if head.starts(with: ole2) || head.starts(with: [0x50, 0x4B, 0x03, 0x04]) || head.starts(with: Data("{\\rtf".utf8)) { return }
        let text = String(decoding: head.drop(while: { $0 == 0xEF || $0 == 0xBB || $0 == 0xBF || $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }).prefix(5), as: UTF8.self)
        if text.hasPrefix("<") { return }
        let ext = url.pathExtension.lowercased()
        throw TextInputError.unreadable(file: url.path, reason: "not a .\(ext) file: it does not begin as a Word 97–2003, WPS, OpenDocument or RTF file does (the file is damaged, or of another kind)")
    }

    /// Converts `url` with LibreOffice to `format` (docx, pdf …) into `dir`; returns the new file.
    /// `dir` must be a private folder: the profile is made inside it.
    public static func convert(_ url: URL, to format: String, in dir: URL) throws -> URL {
        let file = url.path
        guard let soffice = ExternalTool.locate("soffice") else {
            throw ConverterError.missing(file: file, format: url.pathExtension.lowercased(), program: "LibreOffice (soffice)", package: package)
        }
        try ExternalTool.checkRegularFile(url, limit: DocumentReader.defaultLimit)
        try checkSignature(url)
        // LibreOffice names its output after the input: copy the input to a plain name first
        // (a name with spaces or a leading dash is then no concern).
        let ext = url.pathExtension.isEmpty ? "doc" : url.pathExtension.lowercased()
        let input = dir.appendingPathComponent("input.\(ext)")
        do { try FileManager.default.copyItem(at: url, to: input) } catch {
            throw TextInputError.unreadable(file: file, reason: error.localizedDescription)
        }
        let outDir = dir.appendingPathComponent("out", isDirectory: true)
        try? FileManager.default.createDirectory(at: outDir, withIntermediateDirectories: true)
        let profile = dir.appendingPathComponent("profile", isDirectory: true)
        let filter = format == "docx" ? "docx:MS Word 2007 XML" : format
        let result = try ExternalTool.run(soffice, [
            "-env:UserInstallation=" + profile.absoluteString,
            "--headless", "--norestore", "--nolockcheck", "--nodefault", "--nologo",
            "--convert-to", filter, "--outdir", outDir.path, input.path,
        ], seconds: timeLimit, file: file, program: "LibreOffice", workingDirectory: dir)
        let output = outDir.appendingPathComponent("input.\(format)")
        guard FileManager.default.fileExists(atPath: output.path) else {
            let said = ExternalTool.tail(result.stderr + result.stdout)
            throw ConverterError.failed(file: file, program: "LibreOffice", reason: "it wrote no .\(format) (exit status \(result.status): \(said)); the file may be damaged, password-protected or not a .\(ext)")
        }
        return output
    }
}
