import Foundation
import WenshuText

/// Reads the text layer of a PDF through poppler's `pdftotext -bbox-layout`, which gives every
/// word with its box, so the reader can use the page's geometry:
///
/// - **Words** on a line are joined with one space where the gap between them is wider than a
///   fifth of the line's height between two Chinese words, half of it between Chinese and Latin
///   or digits (the PDF's own gap there, 汇总 5 篇 → 汇总5篇, wider on a justified line), a tenth
///   between two Latin words; without a space otherwise.
/// - **Page furniture** is taken out and given as `SourceDocument.furniture`: at the top and the
///   bottom of each page (two lines at most), a page number (`— 3 —`, `- 3 -`, `第3页 共8页`,
///   `3/8`, a bare number) or a line that, with its digits ignored, recurs at the same end of at
///   least half of the pages (a running header or footer such as an office's name).
/// - **Paragraphs** are rebuilt from the geometry: a line continues the paragraph of the line
///   before (on the same page or the page before) unless that line stopped more than two
///   characters short of the right margin, this one is indented (a first-line indent, a centred title) or a vertical gap
///   separates them. Lines of a paragraph are joined with nothing between them (a space only
///   between two Latin letters), so a word cut at a line or page end is whole again
///   (政府工作报⏎告 → 政府工作报告); the text has one paragraph a line with a blank line between, as
///   from `DocxReader`.
/// - Kangxi radicals that some PDF producers emit for ordinary characters (⼀ U+2F00 for 一)
///   are mapped to the characters they stand for.
///
/// A PDF without any text (a scan) throws `ConverterError.noTextLayer`: Wenshu does no OCR, and
/// an empty "clean" report would be wrong.
public enum PDFReader {
    /// The Debian package that brings `pdftotext`.
    public static let package = "poppler-utils"
    /// Largest PDF read, in bytes.
    public static let sizeLimit = 256 << 20
    /// Longest pdftotext may run, in seconds.
    public static let timeLimit = 60
    /// The most XHTML pdftotext may write (a word's box is about 100 bytes of it): far more than
    /// `wordLimit` words and a whole document's text need. A 176 KB PDF whose thousand pages
    /// share one content stream of 7,800 words made 780 MB of it (hostile tester, session 12).
    public static let outputLimit = 512 << 20
    /// The most words read from pdftotext's output (a 5,000-page English book; pdftotext gives a
    /// line of Chinese as one word or a few): each is kept with its box until the page's
    /// geometry is read, so this bounds the memory a PDF can take.
    public static let wordLimit = 2_000_000

    public static var isAvailable: Bool { ExternalTool.locate("pdftotext") != nil }

    /// Reads the PDF at `url`; its text may be at most `textLimit` bytes of UTF-8 in at most
    /// `wordLimit` of pdftotext's words, from at most `outputLimit` bytes of its XHTML.
    public static func read(_ url: URL, textLimit: Int = DocumentReader.defaultLimit, wordLimit: Int = PDFReader.wordLimit,
                            outputLimit: Int = PDFReader.outputLimit) throws -> SourceDocument {
        let file = url.path
        try ExternalTool.checkRegularFile(url, limit: sizeLimit)
        guard let pdftotext = ExternalTool.locate("pdftotext") else {
            throw ConverterError.missing(file: file, format: "pdf", program: "pdftotext (poppler)", package: package)
        }
        let head = (try? FileHandle(forReadingFrom: url)).flatMap { h -> Data? in defer { try? h.close() }; return try? h.read(upToCount: 1024) } ?? Data()
        guard head.range(of: Data("%PDF-".utf8)) != nil else {
            throw TextInputError.unreadable(file: file, reason: "not a PDF file (no %PDF- header)")
        }
        let dir = try ExternalTool.privateFolder("pdf", file: file)
        defer { try? FileManager.default.removeItem(at: dir) }
        // pdftotext writes its XHTML to a file, read as it goes: never whole in memory.
        let xhtml = dir.appendingPathComponent("text.xhtml")
        let result = try ExternalTool.run(pdftotext, ["-q", "-bbox-layout", "-enc", "UTF-8", url.path, "-"],
                                          seconds: timeLimit, file: file, program: "pdftotext", workingDirectory: dir,
                                          outputLimit: outputLimit, stdoutFile: xhtml)
        guard result.status == 0 else {
            throw ConverterError.failed(file: file, program: "pdftotext", reason: "exit status \(result.status) (\(ExternalTool.tail(result.stderr))); the PDF may be damaged or encrypted")
        }
        let pages = try parse(file: xhtml, name: file, textLimit: textLimit, wordLimit: wordLimit)
        return try assemble(pages, file: file)
    }

    // MARK: - Geometry

    struct Word { var xMin, xMax: Double; var text: String }
    struct Line {
        var xMin, yMin, xMax, yMax: Double
        var words: [Word]
        var height: Double { max(yMax - yMin, 1) }
        /// The words joined: no space across a narrow gap next to CJK.
        var text: String {
            var out = ""
            for (k, w) in words.enumerated() {
                if k > 0 {
                    let gap = w.xMin - words[k - 1].xMax
                    let a = isCJK(out.unicodeScalars.last), b = isCJK(w.text.unicodeScalars.first)
                    // Between Chinese and Latin or digits the gap is the PDF's own spacing
                    // (widened on a justified line): a space only when it is as wide as half
                    // the line's height.
                    let limit = a && b ? height / 5 : (a || b) ? height / 2 : height / 10
                    if gap > limit { out += " " }
                }
                out += w.text
            }
            return out
        }
    }
    struct Page { var width, height: Double; var lines: [Line] }

    static func isCJK(_ s: Unicode.Scalar?) -> Bool {
        guard let v = s?.value else { return false }
        return CharacterClass.isHan(v) || (0x3000...0x303F).contains(v) || (0xFF00...0xFFEF).contains(v) || (0x2010...0x206F).contains(v)
    }

    /// The pages of pdftotext's -bbox-layout XHTML in `file` (the PDF is `name` in messages),
    /// read with libxml2's streaming reader (`PartReader`). More than `wordLimit` words or
    /// `textLimit` bytes of text stop the reading with an error naming the limit.
    static func parse(file: URL, name: String, textLimit: Int = DocumentReader.defaultLimit, wordLimit: Int = PDFReader.wordLimit) throws -> [Page] {
        let handler = BBoxHandler(textLimit: textLimit, wordLimit: wordLimit)
        let failure = PartReader.read(file: file, handler: handler)
        try handler.cancellation?.check()
        if let over = handler.over {
            switch over {
            case .words:
                throw TextInputError.unreadable(file: name, reason: "its text layer holds more than \(wordLimit) words, the limit for one PDF (about 5,000 pages); not checked: split the document")
            case .text:
                throw TextInputError.unreadable(file: name, reason: "its text is more than \(textLimit) bytes, the limit for whole-document analysis; not checked: split the document")
            }
        }
        if let failure {
            throw ConverterError.failed(file: name, program: "pdftotext", reason: "its output is not well-formed XML at line \(failure.line) (\(failure.message.isEmpty ? "libxml2 error \(failure.code)" : failure.message))")
        }
        return handler.pages
    }

    final class BBoxHandler: XMLHandler {
        enum Over { case words, text }
        let textLimit: Int
        let wordLimit: Int
        var pages: [Page] = []
        var line: Line?
        var word: Word?
        var words = 0
        var textBytes = 0
        /// The limit passed, when one was: the reading was stopped.
        var over: Over?

        init(textLimit: Int, wordLimit: Int) {
            self.textLimit = textLimit
            self.wordLimit = wordLimit
        }

        func number(_ a: [String: String], _ k: String) -> Double { a[k].flatMap(Double.init).flatMap { $0.isFinite ? $0 : nil } ?? 0 }
        override func parser(_ parser: PartReader, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes a: [String: String] = [:]) {
            count(parser)
            switch name {
            case "page": pages.append(Page(width: number(a, "width"), height: number(a, "height"), lines: []))
            case "line": line = Line(xMin: number(a, "xMin"), yMin: number(a, "yMin"), xMax: number(a, "xMax"), yMax: number(a, "yMax"), words: [])
            case "word": word = Word(xMin: number(a, "xMin"), xMax: number(a, "xMax"), text: "")
            default: break
            }
        }
        override func parser(_ parser: PartReader, foundCharacters string: String) {
            guard word != nil else { return }
            textBytes += string.utf8.count
            if textBytes > textLimit { over = .text; parser.abortParsing(); return }
            word!.text += string
        }
        override func parser(_ parser: PartReader, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
            switch name {
            case "word":
                if let w = word, line != nil {
                    let text = PDFReader.clean(w.text)
                    if !text.isEmpty {
                        words += 1
                        if words > wordLimit { over = .words; parser.abortParsing(); return }
                        line!.words.append(Word(xMin: w.xMin, xMax: w.xMax, text: text))
                    }
                }
                word = nil
            case "line":
                if let l = line, !l.words.isEmpty, !pages.isEmpty { pages[pages.count - 1].lines.append(l) }
                line = nil
            default: break
            }
        }
    }

    /// A word's text without control characters, with Kangxi radicals as the characters they are.
    static func clean(_ s: String) -> String {
        var out = String.UnicodeScalarView()
        for u in s.unicodeScalars {
            if u.value < 0x20 || u.value == 0x7F { continue }
            if (0x2F00...0x2FDF).contains(u.value) {
                out.append(contentsOf: String(u).precomposedStringWithCompatibilityMapping.unicodeScalars)
            } else {
                out.append(u)
            }
        }
        return String(out).trimmingCharacters(in: .whitespaces)
    }

    // MARK: - Furniture

    /// A page number alone on its line: — 3 —, - 3 -, 第3页 共8页, 第 3 页, 3/8, 3, Page 3 of 8.
    static func isPageNumber(_ text: String) -> Bool {
        let t = text.replacingOccurrences(of: " ", with: "").replacingOccurrences(of: "\u{3000}", with: "")
        let patterns = [
            #"^[-—–－~·•]*\d{1,4}[-—–－~·•]*$"#,
            #"^第\d{1,4}页[,，/、]?(共\d{1,4}页)?$"#,
            #"^共\d{1,4}页[,，/、]?第\d{1,4}页$"#,
            #"^\d{1,4}/\d{1,4}$"#,
            #"^(?i:page)\d{1,4}((?i:of)\d{1,4})?$"#,
        ]
        return patterns.contains { t.range(of: $0, options: .regularExpression) != nil }
    }

    /// A line's text with digits as # and without spaces: the same running header on every page.
    static func key(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.compactMap { u in
            if u.properties.numericType != nil && u.value < 0x80 { return "#" }
            return u.properties.isWhitespace ? nil : u
        }))
    }

    /// A page's lines grouped into rows, top to bottom: lines side by side (a header whose parts
    /// are spread across the page) form one row. Each row: its lines' indices, left to right.
    static func rows(_ page: Page) -> [[Int]] {
        let order = page.lines.indices.sorted { (page.lines[$0].yMin, page.lines[$0].xMin) < (page.lines[$1].yMin, page.lines[$1].xMin) }
        var rows: [[Int]] = []
        var bottom = -Double.infinity
        for i in order {
            let l = page.lines[i]
            if !rows.isEmpty && (l.yMin + l.yMax) / 2 < bottom {
                rows[rows.count - 1].append(i)
                bottom = max(bottom, l.yMax)
            } else {
                rows.append([i])
                bottom = l.yMax
            }
        }
        return rows.map { $0.sorted { page.lines[$0].xMin < page.lines[$1].xMin } }
    }

    static func rowText(_ page: Page, _ row: [Int]) -> String { row.map { page.lines[$0].text }.joined(separator: " ") }

    /// Indices of each page's lines that are furniture, and the furniture found.
    static func furniture(_ pages: [Page]) -> (removed: [Set<Int>], found: [PrintedFurniture]) {
        let pageRows = pages.map(rows)
        var topCount: [String: Set<Int>] = [:], bottomCount: [String: Set<Int>] = [:]
        for (k, p) in pages.enumerated() {
            for r in pageRows[k].prefix(2) { topCount[key(rowText(p, r)), default: []].insert(k) }
            for r in pageRows[k].suffix(2) { bottomCount[key(rowText(p, r)), default: []].insert(k) }
        }
        let needed = max(2, (pages.count + 1) / 2)
        var removed = [Set<Int>](repeating: [], count: pages.count)
        var groups: [String: (kind: PrintedFurniture.Kind, text: String, pages: [Int])] = [:]
        var groupOrder: [String] = []
        func take(_ k: Int, _ row: [Int], _ kind: PrintedFurniture.Kind) {
            removed[k].formUnion(row)
            let text = rowText(pages[k], row)
            let g = kind == .pageNumber ? "#page-number" : "\(kind.rawValue):\(key(text))"
            if groups[g] == nil { groups[g] = (kind, text, []); groupOrder.append(g) }
            groups[g]!.pages.append(k + 1)
        }
        for (k, p) in pages.enumerated() {
            let rows = pageRows[k]
            // From the top down and from the bottom up, while rows are furniture (two at most),
            // never the page's only row of body text.
            var top = 0
            while top < min(2, rows.count - 1) {
                let text = rowText(p, rows[top])
                if isPageNumber(text) { take(k, rows[top], .pageNumber) } else if pages.count >= 2, topCount[key(text)]?.count ?? 0 >= needed { take(k, rows[top], .header) } else { break }
                top += 1
            }
            var bottom = rows.count - 1
            while bottom > top && rows.count - 1 - bottom < 2 {
                let text = rowText(p, rows[bottom])
                if isPageNumber(text) { take(k, rows[bottom], .pageNumber) } else if pages.count >= 2, bottomCount[key(text)]?.count ?? 0 >= needed { take(k, rows[bottom], .footer) } else { break }
                bottom -= 1
            }
        }
        return (removed, groupOrder.map { g in PrintedFurniture(kind: groups[g]!.kind, text: groups[g]!.text, pages: groups[g]!.pages) })
    }

    // MARK: - Paragraphs

    static func assemble(_ pages: [Page], file: String) throws -> SourceDocument {
        let (removed, found) = furniture(pages)
        var body: [(page: Int, line: Line)] = []
        for (k, p) in pages.enumerated() {
            let order = p.lines.indices.sorted { (p.lines[$0].yMin, p.lines[$0].xMin) < (p.lines[$1].yMin, p.lines[$1].xMin) }
            for i in order where !removed[k].contains(i) { body.append((k, p.lines[i])) }
        }
        guard !body.isEmpty else {
            if found.isEmpty || pages.isEmpty { throw ConverterError.noTextLayer(file: file, pages: pages.count) }
            throw ConverterError.noTextLayer(file: file, pages: pages.count)
        }
        // The body's margins: the most common left edge, and the right edge full lines reach (the
        // 90th percentile of the lines' right ends: a few lines run past it with a Latin word
        // or hanging punctuation).
        var lefts: [Int: Int] = [:]
        for b in body { lefts[Int(b.line.xMin.rounded()), default: 0] += 1 }
        let left = Double(lefts.max { ($0.value, -$0.key) < ($1.value, -$1.key) }?.key ?? 0)
        let ends = body.map(\.line.xMax).sorted()
        let right = ends[min(ends.count - 1, ends.count * 9 / 10)]

        var paragraphs: [String] = []
        var current = ""
        for (n, b) in body.enumerated() {
            let l = b.line, h = l.height
            var starts = n == 0
            if n > 0 {
                let prev = body[n - 1]
                // Short by more than two characters: the paragraph ended there (a line may stop a
                // character short when the next would begin with an opening bracket).
                if prev.line.xMax < right - 2 * max(h, prev.line.height) { starts = true }
                if l.xMin > left + 0.8 * h { starts = true }
                if prev.page == b.page && l.yMin - prev.line.yMax > 0.8 * h { starts = true }
                if l.xMin < left - 0.8 * h { starts = true }  // a hanging line: not a wrap
            }
            let text = l.text
            if starts {
                if !current.isEmpty { paragraphs.append(current) }
                current = text
            } else {
                let a = current.unicodeScalars.last, z = text.unicodeScalars.first
                if let a, let z, a.properties.isAlphabetic && a.value < 0x250 && z.properties.isAlphabetic && z.value < 0x250 { current += " " }
                current += text
            }
        }
        if !current.isEmpty { paragraphs.append(current) }
        let text = paragraphs.joined(separator: "\n\n")
        if !text.unicodeScalars.contains(where: { CharacterClass.of($0.value) != .space && CharacterClass.of($0.value) != .newline }) {
            throw ConverterError.noTextLayer(file: file, pages: pages.count)
        }
        return SourceDocument(file: file, text: text, format: "pdf", furniture: found)
    }
}
