import Foundation
import WenshuText
import ZIPFoundation

/// `wenshu check --format docx`: the document with a Word comment (批注) on each finding, as a
/// reviewer sends a draft back.
///
/// - Each finding is one comment, author "Wenshu", anchored on the finding's exact text
///   (`w:commentRangeStart` … `w:commentRangeEnd` and a `w:commentReference` run; the runs are
///   split where a finding begins or ends, each part keeping the run's own properties); the
///   comment holds the severity, the message and the suggestion, in the analysis' language.
/// - A missing section gets a ▲ comment at the point where it belongs (a finding of no length).
/// - The first comment, on the first paragraph, is the summary: documents, sections found and
///   missing, findings by severity, the share of copied text.
/// - A .docx input gets the comments in its own package: only `word/document.xml` (the runs
///   split, the markers added), `word/comments.xml` (new, or the existing comments kept),
///   the document's relationships and `[Content_Types].xml` change; styles, numbering, headers,
///   images and every other part are copied unchanged. Any other input gets a plain document
///   made from its text, one paragraph a line.
///
/// Findings are placed by the reader's paragraphs: each line of the text the reader gave is
/// matched to the `w:p` whose text it is (after any automatic number, which is not in the
/// runs). A finding whose text cannot be placed so (text Wenshu's reader does not show, such as
/// hidden text) is listed in the summary comment instead; `unplaced` counts them.
public enum ReviewedDocx {
    public struct Result: Sendable {
        public let data: Data
        /// Comments written (the summary included).
        public let comments: Int
        /// Findings that could not be anchored on their text (listed in the summary comment).
        public let unplaced: Int
    }

    static let w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    static let commentsType = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments"
    static let commentsContentType = "application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml"

    /// The reviewed document of an analysed page. `original` is the .docx the page was read from
    /// (nil, or another format: a plain document is made from `source.text`).
    public static func make(_ page: PageAnalysis, source: SourceDocument, original: URL?, date: Date = Date()) throws -> Result {
        if let original, original.pathExtension.lowercased() == "docx" {
            return try review(package: original, page: page, source: source, date: date)
        }
        let dir = try ExternalTool.privateFolder("review", file: page.file)
        defer { try? FileManager.default.removeItem(at: dir) }
        let plain = dir.appendingPathComponent("plain.docx")
        try writePlainDocx(source.text, to: plain, file: page.file)
        return try review(package: plain, page: page, source: source, date: date)
    }

    /// The same for an input held in memory: `docx` is the uploaded .docx (nil: a plain document).
    public static func make(_ page: PageAnalysis, source: SourceDocument, docx: Data?, date: Date = Date()) throws -> Result {
        guard let docx else { return try make(page, source: source, original: nil, date: date) }
        let dir = try ExternalTool.privateFolder("review-upload", file: page.file)
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent("upload.docx")
        do { try docx.write(to: url) } catch {
            throw TextInputError.unreadable(file: page.file, reason: "cannot write it to a temporary file: \(error.localizedDescription)")
        }
        return try make(page, source: source, original: url, date: date)
    }

    // MARK: - Comments

    struct Comment {
        let id: Int
        /// Original scalar range in the reader's text.
        let range: TextRange
        let paragraphs: [String]
    }

    static func comments(_ page: PageAnalysis) -> (summary: [String], findings: [(range: TextRange, text: [String])]) {
        let zh = page.language == .zh
        var findings: [(TextRange, [String])] = []
        var all: [Finding] = page.pageFindings
        for d in page.documents { all += d.findings }
        for f in all.sorted(by: { ($0.range.start, $0.range.end) < ($1.range.start, $1.range.end) }) {
            let severity = zh ? (ReportLabels.severities[f.severity]?.zh ?? f.severity.rawValue) : f.severity.rawValue
            var lines = ["\(f.range.isEmpty ? "▲ " : "")[\(severity)] \(f.message)"]
            if let s = f.suggestion { lines.append(zh ? "建议：\(s)" : "Suggestion: \(s)") }
            lines.append("(\(f.kind))")
            findings.append((f.range, lines))
        }
        var summary: [String] = []
        let counts = Dictionary(grouping: all, by: \.severity).mapValues(\.count)
        let severities: [Severity] = [.error, .warning, .info]
        let countText = severities.compactMap { s -> String? in
            guard let n = counts[s], n > 0 else { return nil }
            return zh ? "\(ReportLabels.severities[s]?.zh ?? s.rawValue) \(n)" : "\(n) \(s.rawValue)\(n == 1 ? "" : "s")"
        }.joined(separator: zh ? "，" : ", ")
        summary.append(zh ? "文书审阅（Wenshu）：\(page.documents.count) 篇文书，\(all.count) 条意见" + (countText.isEmpty ? "" : "（\(countText)）")
                          : "Wenshu review: \(page.documents.count) document\(page.documents.count == 1 ? "" : "s"), \(all.count) finding\(all.count == 1 ? "" : "s")" + (countText.isEmpty ? "" : " (\(countText))"))
        for d in page.documents {
            var line = "[\(d.index + 1)] " + (d.title ?? (zh ? "（无标题）" : "(untitled)"))
            if let s = d.structure { line += zh ? "，按“\(s.name)”检查" : ", checked as \(s.name)" }
            if !d.sections.isEmpty {
                let present = d.sections.filter { $0.status == .present }.map(\.name)
                let missing = d.sections.filter { $0.status == .missing || $0.status == .empty }.map(\.name)
                line += zh ? "；具备：\(present.isEmpty ? "无" : present.joined(separator: "、"))" : "; has: \(present.isEmpty ? "none" : present.joined(separator: ", "))"
                if !missing.isEmpty { line += zh ? "；缺少或空白：\(missing.joined(separator: "、"))" : "; missing or empty: \(missing.joined(separator: ", "))" }
            }
            // Copy ratio, as the copy check computed it (0 when none ran).
            let ratio = d.copy?.ratio ?? 0
            line += zh ? "；照搬比例 \(Int((ratio * 100).rounded()))%" : "; copied: \(Int((ratio * 100).rounded()))%"
            line += zh ? "；意见 \(d.findings.count) 条" : "; \(d.findings.count) finding\(d.findings.count == 1 ? "" : "s")"
            summary.append(line)
        }
        return (summary, findings)
    }

    // MARK: - The package

    static func review(package url: URL, page: PageAnalysis, source: SourceDocument, date: Date) throws -> Result {
        let file = page.file
        func fail(_ reason: String) -> TextInputError { .unreadable(file: file, reason: reason) }
        let archive: Archive
        do { archive = try Archive(url: url, accessMode: .read) } catch { throw fail("cannot open the .docx to add comments: \(error)") }
        let package = DocxPackage(archive: archive, file: file)
        var mainPart = try package.mainDocumentPart()
        if package.entry(mainPart) == nil { mainPart = "word/document.xml" }
        guard let mainEntry = package.entry(mainPart) else { throw fail("the .docx has no \(mainPart)") }
        let directory = DocxReader.directory(of: mainPart)
        let relsName = directory + "_rels/" + String(mainPart.dropFirst(directory.count)) + ".rels"
        var xml = String(decoding: try package.extract(mainEntry, name: mainPart), as: UTF8.self)

        // Existing comments: kept; ours get ids after theirs.
        let existingCommentsPart = try package.relationshipTarget(of: mainPart, typeSuffix: "/comments")
        var existingComments: String? = nil
        if let part = existingCommentsPart, let e = package.entry(part) {
            existingComments = String(decoding: try package.extract(e, name: part), as: UTF8.self)
        }
        var nextID = 0
        for text in [xml, existingComments ?? ""] {
            for m in matches(#"w:id="(\d+)""#, in: text) { if let n = Int(m), n >= nextID { nextID = n + 1 } }
        }

        // Place the comments.
        let (summaryLines, findingComments) = comments(page)
        let map = TextMap(xml: xml, source: source.text)
        var insertions: [Insertion] = []
        var written: [(id: Int, lines: [String])] = []
        var unplaced: [String] = []
        if let first = map.firstParagraphSpan() {
            let id = nextID; nextID += 1
            insertions += Insertion.pair(id: id, start: first.start, end: first.end)
            written.append((id, summaryLines))
        }
        var summaryIndex = written.isEmpty ? nil : 0
        for (range, lines) in findingComments {
            if let span = map.span(of: range) {
                let id = nextID; nextID += 1
                insertions += Insertion.pair(id: id, start: span.start, end: span.end)
                written.append((id, lines))
            } else {
                unplaced.append(lines[0])
            }
        }
        if !unplaced.isEmpty {
            let note = page.language == .zh ? "另有 \(unplaced.count) 条意见无法定位到文字：" : "\(unplaced.count) more finding\(unplaced.count == 1 ? "" : "s") could not be placed on their text:"
            if let k = summaryIndex { written[k].lines += [note] + unplaced } else { summaryIndex = nil }
        }
        xml = map.apply(insertions)

        // comments.xml: ours appended to any there were.
        let ours = written.map { commentXML(id: $0.id, lines: $0.lines, date: date) }.joined()
        let commentsPart = existingCommentsPart ?? (directory + "comments.xml")
        let commentsXML: String
        if let existing = existingComments, let close = existing.range(of: "</w:comments>", options: .backwards) {
            commentsXML = existing.replacingCharacters(in: close, with: ours + "</w:comments>")
        } else if let existing = existingComments, let selfClosing = existing.range(of: #"<w:comments\b[^>]*/>"#, options: .regularExpression) {
            let open = String(existing[selfClosing].dropLast(2)) + ">"
            commentsXML = existing.replacingCharacters(in: selfClosing, with: open + ours + "</w:comments>")
        } else {
            commentsXML = #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"# + "\n" + #"<w:comments xmlns:w="\#(w)">"# + ours + "</w:comments>"
        }

        var replaced: [String: Data] = [mainPart: Data(xml.utf8), commentsPart: Data(commentsXML.utf8)]
        if existingCommentsPart == nil {
            // The relationship from the document to its comments, and the part's content type.
            let rels = try package.entry(relsName).map { String(decoding: try package.extract($0, name: relsName), as: UTF8.self) }
                ?? #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"></Relationships>"#
            var rid = "rIdWenshuComments"
            while rels.contains("Id=\"\(rid)\"") { rid += "1" }
            let target = String(commentsPart.dropFirst(directory.count))
            replaced[relsName] = Data(insertBefore("</Relationships>", in: rels,
                #"<Relationship Id="\#(rid)" Type="\#(commentsType)" Target="\#(target)"/>"#).utf8)
            guard let typesEntry = package.entry("[Content_Types].xml") else { throw fail("the .docx has no [Content_Types].xml") }
            let types = String(decoding: try package.extract(typesEntry, name: "[Content_Types].xml"), as: UTF8.self)
            if !types.contains("PartName=\"/\(commentsPart)\"") {
                replaced["[Content_Types].xml"] = Data(insertBefore("</Types>", in: types,
                    #"<Override PartName="/\#(commentsPart)" ContentType="\#(commentsContentType)"/>"#).utf8)
            }
        }
        let data = try rewrite(archive, package: package, replacing: replaced, file: file)
        return Result(data: data, comments: written.count, unplaced: unplaced.count)
    }

    static func insertBefore(_ closing: String, in text: String, _ addition: String) -> String {
        guard let r = text.range(of: closing, options: .backwards) else { return text + addition }
        return text.replacingCharacters(in: r, with: addition + closing)
    }

    static func commentXML(id: Int, lines: [String], date: Date) -> String {
        let stamp = ISO8601DateFormatter().string(from: date)
        let paragraphs = lines.map { #"<w:p><w:r><w:t xml:space="preserve">\#(escape($0))</w:t></w:r></w:p>"# }.joined()
        return #"<w:comment w:id="\#(id)" w:author="Wenshu" w:date="\#(stamp)" w:initials="WS">\#(paragraphs)</w:comment>"#
    }

    /// Text for XML: &, <, > escaped, characters XML 1.0 forbids as spaces.
    static func escape(_ s: String) -> String {
        var out = ""
        for u in s.unicodeScalars {
            switch u {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            default:
                let v = u.value
                if (v < 0x20 && v != 0x09 && v != 0x0A && v != 0x0D) || v == 0xFFFE || v == 0xFFFF { out += " " } else { out.unicodeScalars.append(u) }
            }
        }
        return out
    }

    static func matches(_ pattern: String, in text: String) -> [String] {
        guard let re = try? NSRegularExpression(pattern: pattern) else { return [] }
        let ns = text as NSString
        return re.matches(in: text, range: NSRange(location: 0, length: ns.length)).compactMap {
            $0.numberOfRanges > 1 ? ns.substring(with: $0.range(at: 1)) : nil
        }
    }

    /// A new ZIP with every entry of `archive` in its order, the `replacing` parts changed and any
    /// new part added.
    static func rewrite(_ archive: Archive, package: DocxPackage, replacing: [String: Data], file: String) throws -> Data {
        let dir = try ExternalTool.privateFolder("review-zip", file: file)
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent("reviewed.docx")
        do {
            let out = try Archive(url: url, accessMode: .create)
            var done = Set<String>()
            func add(_ path: String, _ data: Data) throws {
                try out.addEntry(with: path, type: .file, uncompressedSize: Int64(data.count), compressionMethod: .deflate) { position, size in
                    data.subdata(in: Int(position)..<Int(position) + size)
                }
            }
            let lower = Dictionary(replacing.map { ($0.key.lowercased(), $0.value) }, uniquingKeysWith: { a, _ in a })
            for entry in archive where entry.type == .file {
                let data: Data
                if let new = lower[entry.path.lowercased()] { data = new; done.insert(entry.path.lowercased()) } else {
                    data = try package.extract(entry, name: entry.path)
                }
                try add(entry.path, data)
            }
            for (path, data) in replacing.sorted(by: { $0.key < $1.key }) where !done.contains(path.lowercased()) { try add(path, data) }
        } catch let e as TextInputError {
            throw e
        } catch {
            throw TextInputError.unreadable(file: file, reason: "cannot write the reviewed .docx: \(error)")
        }
        do { return try Data(contentsOf: url) } catch {
            throw TextInputError.unreadable(file: file, reason: "cannot read back the reviewed .docx: \(error.localizedDescription)")
        }
    }

    /// A minimal .docx of the text: one paragraph a non-empty line.
    static func writePlainDocx(_ text: String, to url: URL, file: String) throws {
        var body = ""
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let l = line.hasSuffix("\r") ? String(line.dropLast()) : String(line)
            if l.unicodeScalars.allSatisfy({ $0.properties.isWhitespace }) { continue }
            body += #"<w:p><w:r><w:t xml:space="preserve">\#(escape(l.replacingOccurrences(of: "\t", with: " ")))</w:t></w:r></w:p>"#
        }
        let document = #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="\#(w)"><w:body>\#(body)<w:sectPr><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="1440" w:right="1440" w:bottom="1440" w:left="1440" w:header="720" w:footer="720" w:gutter="0"/></w:sectPr></w:body></w:document>"#
        let types = #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#
        let rels = #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#
        let docRels = #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"></Relationships>"#
        do {
            let archive = try Archive(url: url, accessMode: .create)
            for (path, content) in [("[Content_Types].xml", types), ("_rels/.rels", rels), ("word/document.xml", document), ("word/_rels/document.xml.rels", docRels)] {
                let data = Data(content.utf8)
                try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(data.count), compressionMethod: .deflate) { position, size in
                    data.subdata(in: Int(position)..<Int(position) + size)
                }
            }
        } catch {
            throw TextInputError.unreadable(file: file, reason: "cannot write a .docx of the text: \(error)")
        }
    }
}

/// A comment marker to put into document.xml at a point of a `w:t`'s text.
struct Insertion {
    /// Index of the `w:t` in `TextMap.texts`, and the scalar offset in its decoded text.
    let text: Int
    let offset: Int
    /// 0: ends (range end + reference) first at a point, 1: starts after them.
    let order: Int
    let id: Int
    let markup: String

    static func pair(id: Int, start: (text: Int, offset: Int), end: (text: Int, offset: Int)) -> [Insertion] {
        [Insertion(text: start.text, offset: start.offset, order: 1, id: id, markup: #"<w:commentRangeStart w:id="\#(id)"/>"#),
         Insertion(text: end.text, offset: end.offset, order: 0, id: id,
                   markup: #"<w:commentRangeEnd w:id="\#(id)"/><w:r><w:commentReference w:id="\#(id)"/></w:r>"#)]
    }
}

/// The `w:t` elements of a document.xml, the paragraphs they make, and how the reader's text
/// (one paragraph a line) maps onto them.
struct TextMap {
    struct TextElement {
        /// UTF-8 byte range of the whole `<w:t …>…</w:t>` element in the XML.
        let element: Range<Int>
        /// The raw run start through its properties, to reopen the run after a split.
        let reopen: String
        let scalars: [Unicode.Scalar]
    }
    /// A paragraph's visible characters: each from a `w:t` (index, offset) or nil (tab, break).
    struct Para { var chars: [(text: Int, offset: Int)?] = []; var string: [Unicode.Scalar] = [] }

    let xml: [UInt8]
    var texts: [TextElement] = []
    var paras: [Para] = []
    /// For each scalar offset of the reader's text: the paragraph and index in it, nil if unmapped.
    var location: [(para: Int, index: Int)?] = []
    let sourceCount: Int

    init(xml string: String, source: String) {
        xml = Array(string.utf8)
        let sourceScalars = Array(source.unicodeScalars)
        sourceCount = sourceScalars.count
        scan()
        align(sourceScalars)
    }

    // Scans the XML for w:p, w:t, w:tab, w:br; skips mc:Fallback copies, deleted and
    // instruction text (not w:t), and w:t inside w:rt (ruby).
    mutating func scan() {
        var i = 0
        let n = xml.count
        var stack: [Int] = []        // open paragraphs
        var skipDepth = 0            // inside mc:Fallback or w:rt
        var runStart: Int? = nil
        func name(at j: Int) -> (String, Int, Bool, Bool) {
            // Returns the tag name, the index after '>', closing?, self-closing?
            var k = j + 1
            let closing = k < n && xml[k] == UInt8(ascii: "/")
            if closing { k += 1 }
            let s = k
            while k < n && xml[k] != UInt8(ascii: " ") && xml[k] != UInt8(ascii: ">") && xml[k] != UInt8(ascii: "/") && xml[k] != 0x0A && xml[k] != 0x0D && xml[k] != 0x09 { k += 1 }
            let tag = String(decoding: xml[s..<k], as: UTF8.self)
            var quote: UInt8? = nil
            while k < n {
                let c = xml[k]
                if let q = quote { if c == q { quote = nil } } else if c == UInt8(ascii: "\"") || c == UInt8(ascii: "'") { quote = c } else if c == UInt8(ascii: ">") { break }
                k += 1
            }
            let selfClosing = k > 0 && k < n && xml[k - 1] == UInt8(ascii: "/")
            return (tag, min(k + 1, n), closing, selfClosing)
        }
        while i < n {
            guard xml[i] == UInt8(ascii: "<") else { i += 1; continue }
            if i + 1 < n && (xml[i + 1] == UInt8(ascii: "?") || xml[i + 1] == UInt8(ascii: "!")) {
                // Processing instruction or comment.
                var k = i + 2
                while k < n && xml[k] != UInt8(ascii: ">") { k += 1 }
                i = k + 1
                continue
            }
            let (tag, after, closing, selfClosing) = name(at: i)
            switch tag {
            case "mc:Fallback", "w:rt":
                if closing { skipDepth = max(0, skipDepth - 1) } else if !selfClosing { skipDepth += 1 }
            case "w:p":
                if closing { _ = stack.popLast() } else if !selfClosing { paras.append(Para()); stack.append(paras.count - 1) } else { paras.append(Para()) }
            case "w:r":
                if !closing && !selfClosing { runStart = i }
            case "w:t":
                if !closing && !selfClosing {
                    // Find </w:t>.
                    var k = after
                    while k + 5 < n && !(xml[k] == UInt8(ascii: "<") && xml[k + 1] == UInt8(ascii: "/") && xml[k + 2] == UInt8(ascii: "w") && xml[k + 3] == UInt8(ascii: ":") && xml[k + 4] == UInt8(ascii: "t") && xml[k + 5] == UInt8(ascii: ">")) { k += 1 }
                    let end = min(k + 6, n)
                    let raw = String(decoding: xml[after..<min(k, n)], as: UTF8.self)
                    let scalars = Array(Self.decodeEntities(raw).unicodeScalars)
                    if skipDepth == 0, let p = stack.last, let r = runStart {
                        texts.append(TextElement(element: i..<end, reopen: reopenMarkup(runStart: r), scalars: scalars))
                        let t = texts.count - 1
                        for (o, u) in scalars.enumerated() { paras[p].chars.append((t, o)); paras[p].string.append(u) }
                    }
                    i = end
                    continue
                }
            case "w:tab":
                if skipDepth == 0, let p = stack.last, !closing, runStart != nil { paras[p].chars.append(nil); paras[p].string.append("\t") }
            case "w:br", "w:cr":
                if skipDepth == 0, let p = stack.last, !closing { paras[p].chars.append(nil); paras[p].string.append(" ") }
            default: break
            }
            i = after
        }
    }

    /// `<w:r …><w:rPr>…</w:rPr>` of the run starting at `r`.
    func reopenMarkup(runStart r: Int) -> String {
        var k = r
        while k < xml.count && xml[k] != UInt8(ascii: ">") { k += 1 }
        let open = String(decoding: xml[r...min(k, xml.count - 1)], as: UTF8.self)
        var j = k + 1
        while j < xml.count && [0x20, 0x0A, 0x0D, 0x09].contains(xml[j]) { j += 1 }
        let rest = xml[j..<min(xml.count, j + 7)]
        guard String(decoding: rest, as: UTF8.self).hasPrefix("<w:rPr") else { return open }
        // Up to </w:rPr>, or a self-closing <w:rPr/>.
        var e = j
        while e < xml.count && xml[e] != UInt8(ascii: ">") { e += 1 }
        if e > 0 && xml[e - 1] == UInt8(ascii: "/") { return open + String(decoding: xml[j...e], as: UTF8.self) }
        let close = Array("</w:rPr>".utf8)
        var m = e
        while m + close.count <= xml.count && Array(xml[m..<m + close.count]) != close { m += 1 }
        guard m + close.count <= xml.count else { return open }
        return open + String(decoding: xml[j..<m + close.count], as: UTF8.self)
    }

    static func decodeEntities(_ s: String) -> String {
        guard s.contains("&") else { return s }
        var out = ""
        var i = s.startIndex
        while i < s.endIndex {
            if s[i] == "&", let semi = s[i...].firstIndex(of: ";"), s.distance(from: i, to: semi) <= 10 {
                let entity = String(s[s.index(after: i)..<semi])
                var value: String? = nil
                switch entity {
                case "amp": value = "&"
                case "lt": value = "<"
                case "gt": value = ">"
                case "quot": value = "\""
                case "apos": value = "'"
                default:
                    if entity.hasPrefix("#x"), let v = UInt32(entity.dropFirst(2), radix: 16), let u = Unicode.Scalar(v) { value = String(u) }
                    else if entity.hasPrefix("#"), let v = UInt32(entity.dropFirst()), let u = Unicode.Scalar(v) { value = String(u) }
                }
                if let value { out += value; i = s.index(after: semi); continue }
            }
            out.append(s[i])
            i = s.index(after: i)
        }
        return out
    }

    /// Matches each non-empty line of the reader's text to the next paragraph whose text ends
    /// it (an automatic number is before the runs' text).
    mutating func align(_ source: [Unicode.Scalar]) {
        location = Array(repeating: nil, count: source.count)
        var lineStart = 0
        var cursor = 0
        var used = Set<Int>()
        func trimmed(_ a: ArraySlice<Unicode.Scalar>) -> ArraySlice<Unicode.Scalar> {
            var x = a.startIndex, y = a.endIndex
            while x < y && a[x].properties.isWhitespace { x += 1 }
            while y > x && a[y - 1].properties.isWhitespace { y -= 1 }
            return a[x..<y]
        }
        var k = 0
        while k <= source.count {
            if k == source.count || source[k] == "\n" {
                let line = source[lineStart..<k]
                let t = trimmed(line)
                if !t.isEmpty {
                    // Search forward from the cursor, then from the start (text boxes come
                    // before their anchor in the reader's text, inside it in the XML).
                    let order = Array(cursor..<paras.count) + Array(0..<min(cursor, paras.count))
                    for p in order where !used.contains(p) {
                        let ps = trimmed(paras[p].string[...])
                        guard !ps.isEmpty, ps.count <= t.count, t.suffix(ps.count).elementsEqual(ps) else { continue }
                        used.insert(p)
                        if p >= cursor { cursor = p + 1 }
                        // Characters of the line from where the paragraph's text starts in it.
                        let lead = t.endIndex - ps.count
                        let pLead = paras[p].string.startIndex + (ps.startIndex - paras[p].string.startIndex)
                        for j in lead..<t.endIndex { location[j] = (p, pLead + (j - lead)) }
                        // An automatic number before it: its characters map to the paragraph's first.
                        for j in t.startIndex..<lead { location[j] = (p, pLead) }
                        break
                    }
                }
                lineStart = k + 1
            }
            k += 1
        }
    }

    /// The point before paragraph `p`'s character `index` (or after its last, `after`).
    func point(_ p: Int, _ index: Int, after: Bool) -> (text: Int, offset: Int)? {
        let chars = paras[p].chars
        if after {
            var j = index
            while j >= 0 { if let c = chars[j] { return (c.text, c.offset + 1) }; j -= 1 }
            return nil
        }
        var j = index
        while j < chars.count { if let c = chars[j] { return (c.text, c.offset) }; j += 1 }
        return point(p, chars.count - 1, after: true)
    }

    /// Where a range of the reader's text begins and ends in the XML.
    func span(of range: TextRange) -> (start: (text: Int, offset: Int), end: (text: Int, offset: Int))? {
        guard sourceCount > 0 else { return nil }
        if range.isEmpty {
            // A point: before the character there, or after the last mapped one before it.
            var k = min(range.start, sourceCount)
            while k > 0 && (k == sourceCount || location[k] == nil) { k -= 1 }
            guard let loc = location[k] else { return nil }
            let pt = k < range.start ? point(loc.para, loc.index, after: true) : point(loc.para, loc.index, after: false)
            return pt.map { ($0, $0) }
        }
        var a = max(0, range.start), b = min(range.end, sourceCount) - 1
        while a <= b && location[a] == nil { a += 1 }
        while b >= a && location[b] == nil { b -= 1 }
        guard a <= b, let s = location[a], let e = location[b],
              let start = point(s.para, s.index, after: false), let end = point(e.para, e.index, after: true) else { return nil }
        if (end.text, end.offset) < (start.text, start.offset) { return nil }
        return (start, end)
    }

    /// The first mapped paragraph, start to end.
    func firstParagraphSpan() -> (start: (text: Int, offset: Int), end: (text: Int, offset: Int))? {
        guard let first = location.compactMap({ $0 }).first else { return nil }
        let chars = paras[first.para].chars
        guard let s = point(first.para, 0, after: false), let e = point(first.para, chars.count - 1, after: true) else { return nil }
        return (s, e)
    }

    /// The XML with the markers in: each `w:t` with insertions is split there, closing and
    /// reopening its run (with the run's properties) around each marker.
    func apply(_ insertions: [Insertion]) -> String {
        let byText = Dictionary(grouping: insertions, by: \.text)
        var out: [UInt8] = []
        out.reserveCapacity(xml.count + insertions.count * 120)
        var last = 0
        for t in byText.keys.sorted() {
            let element = texts[t]
            out += xml[last..<element.element.lowerBound]
            let marks = byText[t]!.sorted { ($0.offset, $0.order, $0.id) < ($1.offset, $1.order, $1.id) }
            let scalars = element.scalars
            var from = 0
            var piece = ""
            func text(_ a: Int, _ b: Int) -> String {
                var s = String.UnicodeScalarView()
                s.append(contentsOf: scalars[a..<b])
                return #"<w:t xml:space="preserve">"# + ReviewedDocx.escape(String(s)) + "</w:t>"
            }
            for m in marks {
                let o = min(max(m.offset, from), scalars.count)
                piece += text(from, o) + "</w:r>" + m.markup + element.reopen
                from = o
            }
            piece += text(from, scalars.count)
            out += Array(piece.utf8)
            last = element.element.upperBound
        }
        out += xml[last..<xml.count]
        return String(decoding: out, as: UTF8.self)
    }
}
