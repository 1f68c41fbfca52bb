import CXML
import Foundation
import WenshuText
import ZIPFoundation

/// Reads the text of a Word .docx file (Office Open XML, as written by Microsoft Word, WPS Office,
/// LibreOffice …) into a `SourceDocument`.
///
/// What it reads:
/// - every paragraph (`w:p`) of the main document part, `word/document.xml`, including the
///   paragraphs of table cells and of text boxes, in document order (a text box's paragraphs come
///   just before the paragraph that anchors it);
/// - the visible text of each paragraph: `w:t` runs concatenated (so `参政` + `议政` in two runs give
///   `参政议政`), `w:tab` as a tab, line breaks (`w:br`, `w:cr`) as a space so that one paragraph stays
///   one line, and the displayed result of fields (page numbers, dates) but not their instructions;
/// - each paragraph's heading level, from its paragraph style's name ("heading 1", "Heading 1",
///   "标题 1", "标题1", looked up in `word/styles.xml` when the style id is not the name, as with the
///   ids "1", "2" of Chinese Word and WPS), from the outline level (`w:outlineLvl` k → level k + 1)
///   set on the paragraph or on its style, following `w:basedOn`;
/// - each paragraph's list level (`w:numPr/w:ilvl`) when it is automatically numbered (a `w:numId`
///   other than 0, on the paragraph or on its style).
///
/// What it leaves out:
/// - deleted text of tracked changes (`w:del`, `w:delText`, `w:moveFrom`), field instructions
///   (`w:instrText`), hidden text (`w:vanish` on the run), ruby (phonetic guide) text, and the
///   fallback copy of text boxes kept for old readers (`mc:Fallback`);
/// - footnotes, endnotes, comments, headers and footers (they are other parts of the package).
///
/// **Automatic numbering.** The numbers Word draws in front of a numbered paragraph ("一、", "（二）",
/// "1.") are not in the text runs: they are generated from `word/numbering.xml`. Wenshu generates
/// them the same way (`NumberingCounter`: format, level text, start, overrides, restarts under a
/// higher level) and writes them in front of the paragraph's text, so the outline and the
/// numbering checks see what the reader sees; the paragraph's `listLevel` hint records the level.
/// Numbers typed by hand are ordinary text and are kept.
///
/// The text has one paragraph a line with a blank line between paragraphs (so Wenshu's hard-wrap
/// joiner keeps each as its own paragraph) and no trailing newline; empty paragraphs are dropped.
/// A `ParagraphHint` is given for each paragraph with a heading or list level, with the 1-based
/// line the paragraph is on.
public enum DocxReader {
    /// Largest uncompressed XML part read (a guard against ZIP bombs), in bytes.
    public static let partLimit = 256 << 20

    /// Reads a .docx file. A document without any text throws `TextInputError.empty`, like an empty
    /// text file.
    public static func read(_ url: URL) throws -> SourceDocument {
        try read(url, allowEmpty: false)
    }

    /// Reads a .docx file; with `allowEmpty`, a document without text gives an empty `SourceDocument`.
    public static func read(_ url: URL, allowEmpty: Bool) throws -> SourceDocument {
        let file = url.path
        func fail(_ reason: String) -> TextInputError { .unreadable(file: file, reason: reason) }

        try DocumentReader.checkReadable(url)
        let head: Data
        do {
            let handle = try FileHandle(forReadingFrom: url)
            defer { try? handle.close() }
            head = try handle.read(upToCount: 8) ?? Data()
        } catch {
            throw fail((error as NSError).localizedDescription)
        }
        try checkHead(head, file: file)
        let archive: Archive
        do {
            archive = try Archive(url: url, accessMode: .read)
        } catch {
            throw fail("not a .docx file (not a ZIP archive, or a damaged one: \(error))")
        }
        return try read(archive: archive, file: file, allowEmpty: allowEmpty)
    }

    /// Reads a .docx held in memory (an upload), named `name` in messages. It is written to a
    /// private temporary folder, read and deleted on every path (ZIPFoundation's in-memory
    /// archives trap on some damaged ZIPs — found by fuzzing — its file archives do not).
    public static func read(data: Data, name: String, allowEmpty: Bool = false, textLimit: Int = DocumentReader.defaultLimit) throws -> SourceDocument {
        try checkHead(data.prefix(8), file: name)
        let fm = FileManager.default
        let dir = fm.temporaryDirectory.appendingPathComponent("wenshu-upload-\(getpid())-\(UUID().uuidString)", isDirectory: true)
        do {
            try fm.createDirectory(at: dir, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            throw TextInputError.unreadable(file: name, reason: "cannot create a temporary folder for it: \(error.localizedDescription)")
        }
        defer { try? fm.removeItem(at: dir) }
        let url = dir.appendingPathComponent("upload.docx")
        do { try data.write(to: url) } catch {
            throw TextInputError.unreadable(file: name, reason: "cannot write it to a temporary file: \(error.localizedDescription)")
        }
        let archive: Archive
        do {
            archive = try Archive(url: url, accessMode: .read)
        } catch {
            throw TextInputError.unreadable(file: name, reason: "not a .docx file (not a ZIP archive, or a damaged one: \(error))")
        }
        return try read(archive: archive, file: name, allowEmpty: allowEmpty, textLimit: textLimit)
    }

    /// The first bytes of a .docx: a ZIP, not empty, not an old .doc.
    static func checkHead(_ head: Data, file: String) throws {
        func fail(_ reason: String) -> TextInputError { .unreadable(file: file, reason: reason) }
        if head.isEmpty { throw TextInputError.empty(file: file) }
        if head.starts(with: [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
            throw fail("not a .docx file: this is an old binary Word .doc file (or a password-protected .docx); save it as .docx (unprotected) or as text")
        }
        guard head.starts(with: [0x50, 0x4B]) else { throw fail("not a .docx file (not a ZIP archive)") }
    }

    /// `textLimit`: the most bytes (UTF-8) of text the document may hold — the limit a text file
    /// has (64 MB), so a small package cannot bring more text than a file could.
    static func read(archive: Archive, file: String, allowEmpty: Bool, textLimit: Int = DocumentReader.defaultLimit) throws -> SourceDocument {
        func fail(_ reason: String) -> TextInputError { .unreadable(file: file, reason: reason) }
        let package = DocxPackage(archive: archive, file: file)
        // The main part _rels/.rels names, else (no or a dangling relationship) word/document.xml.
        var mainPart = try package.mainDocumentPart()
        if package.entry(mainPart) == nil { mainPart = "word/document.xml" }
        guard let documentEntry = package.entry(mainPart) else {
            throw fail("the .docx has no word/document.xml\(package.otherFormatHint())")
        }
        let documentData = try package.extract(documentEntry, name: mainPart)

        // Styles: the part the document's relationships name, else word/styles.xml.
        var styles = StyleSheet()
        let stylesPart = try package.relationshipTarget(of: mainPart, typeSuffix: "/styles")
            ?? (directory(of: mainPart) + "styles.xml")
        if let stylesEntry = package.entry(stylesPart) {
            let handler = StylesHandler()
            try parse(try package.extract(stylesEntry, name: stylesPart), name: stylesPart, file: file, with: handler)
            styles = handler.sheet
        }

        let handler = DocumentHandler()
        try parse(documentData, name: mainPart, file: file, with: handler)
        guard let root = handler.root, root.isWord, root.name == "document" else {
            let found = handler.root.map { "its root element is <\($0.name)>" } ?? "it has no elements"
            throw fail("\(mainPart) is not a WordprocessingML document (\(found))")
        }

        // Automatic numbering: the part the document's relationships name, else word/numbering.xml.
        var numbering = NumberingCounter(definitions: NumberingDefinitions())
        let numberingPart = try package.relationshipTarget(of: mainPart, typeSuffix: "/numbering")
            ?? (directory(of: mainPart) + "numbering.xml")
        if let numberingEntry = package.entry(numberingPart) {
            let handler = NumberingHandler()
            try parse(try package.extract(numberingEntry, name: numberingPart), name: numberingPart, file: file, with: handler)
            numbering = NumberingCounter(definitions: handler.definitions)
        }

        var lines: [String] = []
        var hints: [ParagraphHint] = []
        let textBytes = handler.paragraphs.reduce(0) { $0 + $1.text.utf8.count + 2 }
        if textBytes > textLimit {
            throw TextInputError.unreadable(
                file: file, reason: "its text is \(textBytes) bytes, more than the \(textLimit)-byte limit for whole-document analysis; split the document")
        }
        for paragraph in handler.paragraphs {
            var text = oneLine(paragraph.text)
            if isBlank(text) { continue }
            // The number Word draws, written in front (a space after a Latin-style "1." or "a)").
            if let (numId, ilvl) = styles.numbering(of: paragraph), let label = numbering.label(numId: numId, ilvl: ilvl) {
                let separator = label.unicodeScalars.last.map { $0.isASCII } == true ? " " : ""
                text = label + separator + text.drop { $0 == " " || $0 == "\t" }
            }
            let line = 2 * lines.count + 1
            lines.append(text)
            let heading = styles.headingLevel(of: paragraph)
            let list = styles.listLevel(of: paragraph)
            if heading != nil || list != nil {
                hints.append(ParagraphHint(line: line, headingLevel: heading, listLevel: list))
            }
        }
        if lines.isEmpty && !allowEmpty { throw TextInputError.empty(file: file) }
        return SourceDocument(file: file, text: lines.joined(separator: "\n\n"), format: "docx", hints: hints)
    }

    // MARK: - Text helpers

    /// Line terminators inside a paragraph's text become spaces: a paragraph is one line.
    static func oneLine(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: isLineBreak) else { return text }
        var out = String.UnicodeScalarView()
        var previousCR = false
        for s in text.unicodeScalars {
            if s.value == 0x0A && previousCR { previousCR = false; continue }  // CR LF → one space
            previousCR = s.value == 0x0D
            out.append(isLineBreak(s) ? " " : s)
        }
        return String(out)
    }

    static func isLineBreak(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 0x0A, 0x0B, 0x0C, 0x0D, 0x85, 0x2028, 0x2029: return true
        default: return false
        }
    }

    static func isBlank(_ text: String) -> Bool {
        text.unicodeScalars.allSatisfy {
            let c = CharacterClass.of($0.value)
            return c == .space || c == .newline || CharacterClass.isInvisible($0.value)
        }
    }

    static func directory(of part: String) -> String {
        guard let slash = part.lastIndex(of: "/") else { return "" }
        return String(part[...slash])
    }

    // MARK: - XML

    static func parse(_ raw: Data, name: String, file: String, with handler: XMLHandler) throws {
        // libxml2 passes bytes through unconverted under an encoding it does not know (and
        // Foundation's parser, used before, trapped on a name that is not valid UTF-8: found by
        // fuzzing): every part is given to it as checked UTF-8, declared as UTF-8, and a part that
        // is not is said with the byte where it stops being UTF-8.
        let data: Data
        let cancellation = Cancellation.current
        let checked = utf8Part(raw)
        try cancellation?.check()
        switch checked {
        case .success(let utf8): data = utf8
        case .failure(let problem):
            throw TextInputError.unreadable(file: file, reason: "\(name) \(problem.reason); Word writes its parts in UTF-8, so the .docx is damaged")
        }
        let markup = markupProblem(in: data)
        try cancellation?.check()
        if let problem = markup {
            throw TextInputError.unreadable(file: file, reason: "\(name) \(problem.reason) at line \(problem.line); Word never writes one, so the .docx is damaged or made to attack readers")
        }
        // libxml2's streaming reader (`PartReader`): a part is read from memory, so its size is not
        // libxml2's 10,000,000-byte limit for a chunk given whole to its push parser (a long Word
        // document: hostile tester, session 9).
        let failure = PartReader.read(data, name: name, handler: handler)
        try handler.cancellation?.check()
        if let failure {
            throw TextInputError.unreadable(
                file: file, reason: "\(name) is not well-formed XML at line \(failure.line)\(describe(xmlError: failure.code))")
        }
    }

    /// The most attributes (namespace declarations included) one element may have. Word writes
    /// a few (the root of document.xml declares about 35 namespaces); libxml2 compares every
    /// attribute of an element with every other, so 200,000 on one element took 10 s.
    public static let maxAttributesPerElement = 256

    /// A document type declaration (`<!DOCTYPE`: entities, which Word never uses and which can
    /// expand without end) or an element with more than `maxAttributesPerElement` attributes,
    /// with its line. Comments, CDATA sections and processing instructions are skipped.
    static func markupProblem(in data: Data) -> (reason: String, line: Int)? {
        data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) -> (reason: String, line: Int)? in
            let b = raw.bindMemory(to: UInt8.self)
            let n = b.count
            var line = 1
            var i = 0
            let cancellation = Cancellation.current
            var poll = 1 << 20
            func starts(_ s: StaticString, at k: Int) -> Bool {
                let m = s.utf8CodeUnitCount
                guard k + m <= n else { return false }
                for j in 0..<m where b[k + j] != s.utf8Start[j] { return false }
                return true
            }
            /// Moves `i` past the next `end`, counting lines; false when it never comes.
            func skip(to end: StaticString) -> Bool {
                while i < n {
                    if starts(end, at: i) { i += end.utf8CodeUnitCount; return true }
                    if b[i] == 0x0A { line += 1 }
                    i += 1
                }
                return false
            }
            while i < n {
                // Cancelled (the caller checks): stop reading a part of hundreds of megabytes.
                if i >= poll {
                    if cancellation?.isCancelled == true { return nil }
                    poll = i + (1 << 20)
                }
                let c = b[i]
                if c == 0x0A { line += 1; i += 1; continue }
                guard c == 0x3C, i + 1 < n else { i += 1; continue }  // <
                if starts("<!--", at: i) { i += 4; if !skip(to: "-->") { return nil }; continue }
                if starts("<![CDATA[", at: i) { i += 9; if !skip(to: "]]>") { return nil }; continue }
                if starts("<?", at: i) { i += 2; if !skip(to: "?>") { return nil }; continue }
                if starts("<!DOCTYPE", at: i) || starts("<!doctype", at: i) || starts("<!ENTITY", at: i) {
                    return ("holds a document type declaration (<!DOCTYPE …>, entities)", line)
                }
                if b[i + 1] == 0x2F || b[i + 1] == 0x21 { i += 2; continue }  // </ <!
                // A start tag: count the = outside quoted values up to its >.
                let tagLine = line
                var quote: UInt8 = 0
                var attributes = 0
                i += 1
                while i < n {
                    let d = b[i]
                    if d == 0x0A { line += 1 }
                    if quote != 0 {
                        if d == quote { quote = 0 }
                    } else if d == 0x22 || d == 0x27 {
                        quote = d
                    } else if d == 0x3D {
                        attributes += 1
                        if attributes > maxAttributesPerElement {
                            return ("has an element with more than \(maxAttributesPerElement) attributes", tagLine)
                        }
                    } else if d == 0x3E {
                        break
                    }
                    i += 1
                }
                i += 1
            }
            return nil
        }
    }

    struct PartEncodingProblem: Error { let reason: String }

    /// A part as UTF-8 for the parser: UTF-16 (with a byte-order mark) converted, anything else
    /// checked to be valid UTF-8, and an XML declaration naming another encoding rewritten to
    /// name UTF-8. A failure says what is wrong.
    static func utf8Part(_ data: Data) -> Result<Data, PartEncodingProblem> {
        var bytes = data
        if data.starts(with: [0xFF, 0xFE]) || data.starts(with: [0xFE, 0xFF]) {
            let le = data.starts(with: [0xFF, 0xFE])
            var units: [UInt16] = []
            units.reserveCapacity(data.count / 2)
            var i = data.startIndex + 2
            while i + 1 < data.endIndex {
                units.append(le ? UInt16(data[i]) | UInt16(data[i + 1]) << 8 : UInt16(data[i]) << 8 | UInt16(data[i + 1]))
                i += 2
            }
            guard let text = String(validating: units, as: UTF16.self) else {
                return .failure(PartEncodingProblem(reason: "is not valid UTF-16"))
            }
            bytes = Data(text.utf8)
        } else if let offset = invalidUTF8(data) {
            return .failure(PartEncodingProblem(reason: "is not valid UTF-8 (at byte \(offset))"))
        }
        if bytes.starts(with: Array("<?xml".utf8)), let end = bytes.prefix(256).range(of: Data("?>".utf8)) {
            let declaration = String(decoding: bytes[bytes.startIndex..<end.lowerBound], as: UTF8.self)
            if declaration.lowercased().contains("encoding") {
                bytes.replaceSubrange(bytes.startIndex..<end.upperBound, with: Data("<?xml version=\"1.0\" encoding=\"UTF-8\"?>".utf8))
            }
        }
        return .success(bytes)
    }

    /// The offset of the first byte that is not valid UTF-8, or nil.
    static func invalidUTF8(_ data: Data) -> Int? {
        var bytes = data.makeIterator()
        var parser = Unicode.UTF8.ForwardParser()
        var offset = 0
        let cancellation = Cancellation.current
        var count = 0
        while true {
            count &+= 1
            // Cancelled (the caller checks): stop reading a part of hundreds of megabytes.
            if count & 0xFFFFF == 0, cancellation?.isCancelled == true { return nil }
            switch parser.parseScalar(from: &bytes) {
            case .valid(let encoded): offset += encoded.count
            case .error: return offset
            case .emptyInput: return nil
            }
        }
    }

    /// A few libxml2 error codes (`xmlParserErrors`) in words.
    static func describe(xmlError code: Int) -> String {
        switch code {
        case Int(WENSHU_XML_TOO_DEEP): return " (elements nested more than \(PartReader.maxDepth) levels deep; Word nests a few dozen)"
        case 1: return " (a limit of the XML parser: most often a text or attribute value longer than 10,000,000 bytes, which Word never writes)"
        case 4: return " (the part is empty)"
        case 40, 41: return " (an attribute value that does not end, or one longer than 10,000,000 bytes)"
        case 5: return " (the document ends too early or has content after its end)"
        case 9: return " (an invalid character)"
        case 26: return " (an undeclared entity)"
        case 76: return " (an end tag does not match its start tag)"
        case 201, 202, 203: return " (an undeclared namespace prefix)"
        default: return " (XML parser error \(code))"
        }
    }
}

// MARK: - The ZIP package

/// The parts of an Office Open XML package, looked up as OPC says: names are case-insensitive.
struct DocxPackage {
    let archive: Archive
    let file: String

    func entry(_ name: String) -> Entry? {
        if let exact = archive[name] { return exact }
        let wanted = name.lowercased()
        return archive.first { $0.type == .file && $0.path.replacingOccurrences(of: "\\", with: "/").lowercased() == wanted }
    }

    func extract(_ entry: Entry, name: String) throws -> Data {
        guard entry.type == .file else {
            throw TextInputError.unreadable(file: file, reason: "\(name) in the .docx is not a file")
        }
        if entry.uncompressedSize > UInt64(DocxReader.partLimit) {
            throw TextInputError.unreadable(
                file: file, reason: "\(name) is \(entry.uncompressedSize) bytes uncompressed, more than the \(DocxReader.partLimit)-byte limit")
        }
        var data = Data()
        data.reserveCapacity(Int(min(entry.uncompressedSize, 16 << 20)))
        let cancellation = Cancellation.current
        let checksum: CRC32
        do {
            checksum = try archive.extract(entry, skipCRC32: false) { chunk in
                data.append(chunk)
                if data.count > DocxReader.partLimit { throw Archive.ArchiveError.invalidEntrySize }
                try cancellation?.check()
            }
        } catch let e as AnalysisCancelled {
            throw e
        } catch {
            throw TextInputError.unreadable(file: file, reason: "\(name) cannot be extracted, the .docx is damaged (\(error))")
        }
        // ZIPFoundation computes the checksum of what it extracted; comparing it with the
        // archive's is the caller's job (a damaged part was read as it was).
        guard checksum == entry.checksum else {
            throw TextInputError.unreadable(
                file: file, reason: "\(name) is damaged: its CRC-32 is \(String(format: "%08x", checksum)), the .docx says \(String(format: "%08x", entry.checksum)); save the document again from Word")
        }
        return data
    }

    /// The main document part named by `_rels/.rels`, else word/document.xml.
    func mainDocumentPart() throws -> String {
        try relationshipTarget(of: "", typeSuffix: "/officeDocument") ?? "word/document.xml"
    }

    /// The target of the first relationship of `source` (a part name, "" for the package) whose
    /// type ends with `typeSuffix`, as a part name.
    func relationshipTarget(of source: String, typeSuffix: String) throws -> String? {
        let directory = DocxReader.directory(of: source)
        let fileName = source.isEmpty ? "" : String(source.dropFirst(directory.count))
        let relsName = directory + "_rels/" + fileName + ".rels"
        guard let relsEntry = entry(relsName) else { return nil }
        let handler = RelationshipsHandler()
        try DocxReader.parse(try extract(relsEntry, name: relsName), name: relsName, file: file, with: handler)
        guard let target = handler.relationships.first(where: { $0.type.hasSuffix(typeSuffix) && !$0.external })?.target
        else { return nil }
        return DocxPackage.resolve(target.removingPercentEncoding ?? target, from: directory)
    }

    /// A relationship target relative to `directory` (or absolute, "/word/document.xml") as a part name.
    static func resolve(_ target: String, from directory: String) -> String {
        let joined = target.hasPrefix("/") ? target : directory + target
        var parts: [Substring] = []
        for piece in joined.split(separator: "/") {
            if piece == "." { continue }
            if piece == ".." { _ = parts.popLast(); continue }
            parts.append(piece)
        }
        return parts.joined(separator: "/")
    }

    /// A hint when the ZIP is another kind of document.
    func otherFormatHint() -> String {
        if entry("content.xml") != nil { return " (it looks like an OpenDocument .odt/.ods file; save it as .docx)" }
        if entry("xl/workbook.xml") != nil { return " (it is an Excel workbook, not a Word document)" }
        if entry("ppt/presentation.xml") != nil { return " (it is a PowerPoint presentation, not a Word document)" }
        return ""
    }
}

// MARK: - Parsers

/// What reads a part hears from `PartReader`. Subclasses override the element callbacks.
class XMLHandler {
    /// The cancellation of the work this parse is part of (`serve`'s time limit, a client that
    /// went away), polled every 16,384 elements: a part of millions of elements (a 230 KB .docx
    /// of 26 million empty paragraphs: hostile tester, session 10) stops mid-parse.
    let cancellation = Cancellation.current
    private var elements = 0

    /// Counts an element; aborts the parse once the work is cancelled (`parse` then throws).
    func count(_ parser: PartReader) {
        elements &+= 1
        if elements & 0x3FFF == 0, let cancellation, cancellation.isCancelled { parser.abortParsing() }
    }

    func parser(_ parser: PartReader, didStartElement elementName: String, namespaceURI: String?,
                qualifiedName qName: String?, attributes: [String: String] = [:]) {}

    func parser(_ parser: PartReader, didEndElement elementName: String, namespaceURI: String?,
                qualifiedName qName: String?) {}

    func parser(_ parser: PartReader, foundCharacters string: String) {}
}

/// WordprocessingML namespaces: transitional (what Word writes) and strict.
private let wordNamespaces: Set<String> = [
    "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "http://purl.oclc.org/ooxml/wordprocessingml/main",
]
private let markupCompatibilityNamespace = "http://schemas.openxmlformats.org/markup-compatibility/2006"

/// An attribute by local name, whatever its prefix ("w:val" or "val").
func attribute(_ attributes: [String: String], _ local: String) -> String? {
    if let value = attributes[local] { return value }
    for (key, value) in attributes where key.hasSuffix(":" + local) {
        return value
    }
    return nil
}

/// An on/off property such as `<w:vanish/>` or `<w:vanish w:val="false"/>`.
private func isOn(_ attributes: [String: String]) -> Bool {
    guard let value = attribute(attributes, "val")?.lowercased() else { return true }
    return !(value == "0" || value == "false" || value == "off")
}

/// Numbering properties (w:numPr) of a paragraph or a style.
struct Numbering: Equatable {
    var numId: String?
    var ilvl: Int?
}

/// A paragraph as found in document.xml, before styles are applied.
struct RawParagraph {
    var text = ""
    var styleId: String?
    var outlineLevel: Int?
    var numbering: Numbering?
}

/// Collects the paragraphs of document.xml.
final class DocumentHandler: XMLHandler {
    struct Element { let name: String; let isWord: Bool }
    private(set) var root: Element?
    private(set) var paragraphs: [RawParagraph] = []

    private var stack: [Element] = []
    private var open: [RawParagraph] = []
    private var hiddenRuns: [Bool] = []
    private var skipDepth = 0
    private var inText = false

    /// Elements whose content is not part of the visible text.
    private static let skipped: Set<String> = ["del", "moveFrom", "delText", "instrText", "delInstrText", "rt"]

    private func parentIs(_ names: String...) -> Bool {
        guard stack.count >= names.count else { return false }
        for (element, name) in zip(stack.suffix(names.count), names) where !element.isWord || element.name != name {
            return false
        }
        return true
    }

    override func parser(_ parser: PartReader, didStartElement elementName: String, namespaceURI: String?,
                         qualifiedName qName: String?, attributes: [String: String] = [:]) {
        count(parser)
        let isWord = namespaceURI.map(wordNamespaces.contains) ?? false
        let element = Element(name: elementName, isWord: isWord)
        defer { stack.append(element) }
        if root == nil { root = element }
        if !isWord {
            if elementName == "Fallback" && namespaceURI == markupCompatibilityNamespace { skipDepth += 1 }
            return
        }
        if Self.skipped.contains(elementName) { skipDepth += 1 }
        guard skipDepth == 0 else { return }
        switch elementName {
        case "p":
            open.append(RawParagraph())
        case "r":
            hiddenRuns.append(false)
        case "t" where parentIs("r"):
            inText = true
        case "tab" where parentIs("r"), "ptab" where parentIs("r"):
            append("\t")
        case "br" where parentIs("r"), "cr" where parentIs("r"):
            append(" ")
        case "noBreakHyphen" where parentIs("r"):
            append("-")
        case "vanish" where parentIs("r", "rPr"):
            if !hiddenRuns.isEmpty { hiddenRuns[hiddenRuns.count - 1] = isOn(attributes) }
        case "pStyle" where parentIs("p", "pPr"):
            current { $0.styleId = attribute(attributes, "val") }
        case "outlineLvl" where parentIs("p", "pPr"):
            current { $0.outlineLevel = attribute(attributes, "val").flatMap { Int($0) } }
        case "numPr" where parentIs("p", "pPr"):
            current { $0.numbering = Numbering() }
        case "numId" where parentIs("p", "pPr", "numPr"):
            current { $0.numbering?.numId = attribute(attributes, "val") }
        case "ilvl" where parentIs("p", "pPr", "numPr"):
            current { $0.numbering?.ilvl = attribute(attributes, "val").flatMap { Int($0) } }
        default:
            break
        }
    }

    override func parser(_ parser: PartReader, didEndElement elementName: String, namespaceURI: String?,
                         qualifiedName qName: String?) {
        guard let element = stack.popLast() else { return }
        if !element.isWord {
            if element.name == "Fallback" && namespaceURI == markupCompatibilityNamespace { skipDepth -= 1 }
            return
        }
        if Self.skipped.contains(element.name) { skipDepth -= 1; return }
        guard skipDepth == 0 else { return }
        switch element.name {
        // A blank paragraph is kept no more than the reader would use it (it skips blank ones):
        // millions of <w:p/> in a small package held gigabytes.
        case "p": if let paragraph = open.popLast(), !DocxReader.isBlank(paragraph.text) { paragraphs.append(paragraph) }
        case "r": _ = hiddenRuns.popLast()
        case "t": inText = false
        default: break
        }
    }

    override func parser(_ parser: PartReader, foundCharacters string: String) {
        if inText { append(string) }
    }

    /// Changes the innermost open paragraph.
    private func current(_ change: (inout RawParagraph) -> Void) {
        if !open.isEmpty { change(&open[open.count - 1]) }
    }

    private func append(_ text: String) {
        guard skipDepth == 0, !(hiddenRuns.last ?? false), !open.isEmpty else { return }
        open[open.count - 1].text += text
    }
}

/// A paragraph style from styles.xml.
struct Style {
    var name: String?
    var basedOn: String?
    var outlineLevel: Int?
    var numbering: Numbering?
}

/// The paragraph styles of styles.xml and how they give heading and list levels.
struct StyleSheet {
    var styles: [String: Style] = [:]
    var defaultParagraphStyle: String?

    /// "heading 1", "Heading1", "标题 1", "标题1" → 1 (levels 1…9).
    static func headingNumber(_ name: String) -> Int? {
        let trimmed = name.trimmingCharacters(in: .whitespaces)
        let rest: Substring
        if trimmed.lowercased().hasPrefix("heading") {
            rest = trimmed.dropFirst("heading".count)
        } else if trimmed.hasPrefix("标题") {
            rest = trimmed.dropFirst("标题".count)
        } else {
            return nil
        }
        let digits = rest.trimmingCharacters(in: .whitespaces).unicodeScalars.map { s -> Character in
            (0xFF10...0xFF19).contains(s.value) ? Character(Unicode.Scalar(s.value - 0xFF10 + 0x30)!) : Character(s)
        }
        guard let n = Int(String(digits)), (1...9).contains(n) else { return nil }
        return n
    }

    /// The styles from `id` up its `basedOn` chain (cycles cut).
    func chain(_ id: String?) -> [(id: String, style: Style?)] {
        var result: [(id: String, style: Style?)] = []
        var seen: Set<String> = []
        var next = id
        while let current = next, !seen.contains(current), result.count < 32 {
            seen.insert(current)
            let style = styles[current]
            result.append((current, style))
            next = style?.basedOn
        }
        return result
    }

    func headingLevel(of paragraph: RawParagraph) -> Int? {
        if let level = paragraph.outlineLevel { return (0...8).contains(level) ? level + 1 : nil }
        for (id, style) in chain(paragraph.styleId ?? defaultParagraphStyle) {
            if let name = style?.name, let n = Self.headingNumber(name) { return n }
            if style?.name == nil, let n = Self.headingNumber(id) { return n }  // no styles.xml: "Heading1"
            if let level = style?.outlineLevel { return (0...8).contains(level) ? level + 1 : nil }
        }
        return nil
    }

    func listLevel(of paragraph: RawParagraph) -> Int? { numbering(of: paragraph)?.ilvl }

    /// The list (`w:numId`) and level of an automatically numbered paragraph, from the paragraph
    /// or its style chain; nil when it is not numbered (no numId, or numId 0).
    func numbering(of paragraph: RawParagraph) -> (numId: String, ilvl: Int)? {
        var numId = paragraph.numbering?.numId
        var ilvl = paragraph.numbering?.ilvl
        for (_, style) in chain(paragraph.styleId ?? defaultParagraphStyle) {
            guard let numbering = style?.numbering else { continue }
            if numId == nil { numId = numbering.numId }
            if ilvl == nil { ilvl = numbering.ilvl }
        }
        guard let id = numId, id != "0", !id.isEmpty else { return nil }
        return (id, min(max(ilvl ?? 0, 0), 8))
    }
}

/// Reads the paragraph styles of styles.xml.
final class StylesHandler: XMLHandler {
    private(set) var sheet = StyleSheet()
    private var stack: [String] = []
    private var current: (id: String, style: Style)?

    private func path(_ names: String...) -> Bool { stack.suffix(names.count).elementsEqual(names) }

    override func parser(_ parser: PartReader, didStartElement elementName: String, namespaceURI: String?,
                         qualifiedName qName: String?, attributes: [String: String] = [:]) {
        count(parser)
        let isWord = namespaceURI.map(wordNamespaces.contains) ?? false
        let name = isWord ? elementName : "?" + elementName
        defer { stack.append(name) }
        switch name {
        case "style" where path("styles"):
            let type = attribute(attributes, "type") ?? "paragraph"
            if type == "paragraph", let id = attribute(attributes, "styleId") {
                current = (id, Style())
                if let isDefault = attribute(attributes, "default"), isOn(["val": isDefault]) {
                    sheet.defaultParagraphStyle = id
                }
            }
        case "name" where path("style"):
            current?.style.name = attribute(attributes, "val")
        case "basedOn" where path("style"):
            current?.style.basedOn = attribute(attributes, "val")
        case "outlineLvl" where path("style", "pPr"):
            current?.style.outlineLevel = attribute(attributes, "val").flatMap { Int($0) }
        case "numPr" where path("style", "pPr"):
            current?.style.numbering = Numbering()
        case "numId" where path("style", "pPr", "numPr"):
            current?.style.numbering?.numId = attribute(attributes, "val")
        case "ilvl" where path("style", "pPr", "numPr"):
            current?.style.numbering?.ilvl = attribute(attributes, "val").flatMap { Int($0) }
        default:
            break
        }
    }

    override func parser(_ parser: PartReader, didEndElement elementName: String, namespaceURI: String?,
                         qualifiedName qName: String?) {
        let name = stack.popLast()
        if name == "style", let (id, style) = current {
            if sheet.styles[id] == nil { sheet.styles[id] = style }
            current = nil
        }
    }
}

/// Reads a relationships part (`_rels/….rels`).
final class RelationshipsHandler: XMLHandler {
    struct Relationship { let type: String; let target: String; let external: Bool }
    private(set) var relationships: [Relationship] = []

    override func parser(_ parser: PartReader, didStartElement elementName: String, namespaceURI: String?,
                         qualifiedName qName: String?, attributes: [String: String] = [:]) {
        count(parser)
        guard elementName == "Relationship", let type = attribute(attributes, "Type"),
              let target = attribute(attributes, "Target") else { return }
        let external = attribute(attributes, "TargetMode")?.lowercased() == "external"
        relationships.append(Relationship(type: type, target: target, external: external))
    }
}
