import Foundation
import XCTest
import ZIPFoundation
@testable import WenshuAnalysis
@testable import WenshuText

/// `check --format docx`: the reviewed document has one Word comment per finding on the
/// finding's text, read back from the package; a .docx keeps its other parts; LibreOffice opens
/// it and finds every comment.
final class ReviewedDocxTests: XCTestCase {
    func analyzer(_ language: ReportLanguage = .en) throws -> Analyzer {
        var a = try Analyzer(dictionaries: Dictionaries(root: CheckTests.root.appendingPathComponent("dictionaries")))
        a.language = language
        return a
    }

    static func part(_ data: Data, _ name: String) throws -> String {
        let archive = try Archive(data: data, accessMode: .read)
        guard let entry = archive[name] else { throw TextInputError.unreadable(file: name, reason: "no such part") }
        var out = Data()
        _ = try archive.extract(entry) { out.append($0) }
        return String(decoding: out, as: UTF8.self)
    }

    /// Comment id → (the text of document.xml between its range start and end, the comment's text).
    static func readBack(_ data: Data) throws -> [Int: (anchored: String, comment: String, author: String)] {
        let document = try part(data, "word/document.xml")
        let comments = try part(data, "word/comments.xml")
        let token = try NSRegularExpression(pattern: #"<w:commentRangeStart w:id="(\d+)"/>|<w:commentRangeEnd w:id="(\d+)"/>|<w:t(?: [^>]*)?>([^<]*)</w:t>"#)
        var open: [Int: String] = [:]
        var anchored: [Int: String] = [:]
        let ns = document as NSString
        for m in token.matches(in: document, range: NSRange(location: 0, length: ns.length)) {
            if m.range(at: 1).location != NSNotFound { open[Int(ns.substring(with: m.range(at: 1)))!] = "" }
            else if m.range(at: 2).location != NSNotFound {
                let id = Int(ns.substring(with: m.range(at: 2)))!
                anchored[id] = open.removeValue(forKey: id)
            } else {
                let text = TextMap.decodeEntities(ns.substring(with: m.range(at: 3)))
                for k in open.keys { open[k]! += text }
            }
        }
        var result: [Int: (String, String, String)] = [:]
        let comment = try NSRegularExpression(pattern: #"<w:comment w:id="(\d+)" w:author="([^"]*)"[^>]*>(.*?)</w:comment>"#, options: [.dotMatchesLineSeparators])
        let cs = comments as NSString
        for m in comment.matches(in: comments, range: NSRange(location: 0, length: cs.length)) {
            let id = Int(cs.substring(with: m.range(at: 1)))!
            let body = cs.substring(with: m.range(at: 3))
            let texts = ReviewedDocx.matches(#"<w:t[^>]*>([^<]*)</w:t>"#, in: body).map(TextMap.decodeEntities)
            result[id] = (anchored[id] ?? "", texts.joined(separator: "\n"), cs.substring(with: m.range(at: 2)))
        }
        return result
    }

    static func squeezed(_ s: String) -> String { String(s.unicodeScalars.filter { !$0.properties.isWhitespace }.map(Character.init)) }

    func assertEveryFindingOnItsText(_ page: PageAnalysis, _ result: ReviewedDocx.Result, file: StaticString = #filePath, line: UInt = #line) throws {
        let findings = (page.pageFindings + page.documents.flatMap(\.findings)).sorted { ($0.range.start, $0.range.end) < ($1.range.start, $1.range.end) }
        XCTAssertEqual(result.unplaced, 0, file: file, line: line)
        XCTAssertEqual(result.comments, findings.count + 1, file: file, line: line)
        let back = try Self.readBack(result.data)
        XCTAssertEqual(back.count, findings.count + 1, file: file, line: line)
        let ids = back.keys.sorted()
        // The first comment is the summary, on the first paragraph.
        XCTAssertTrue(back[ids[0]]!.comment.hasPrefix(page.language == .zh ? "文书审阅（Wenshu）：\(page.documents.count) 篇文书" : "Wenshu review: \(page.documents.count) documents"),
                      back[ids[0]]!.comment, file: file, line: line)
        for (f, id) in zip(findings, ids.dropFirst()) {
            let c = back[id]!
            XCTAssertEqual(c.author, "Wenshu", file: file, line: line)
            XCTAssertTrue(c.comment.contains(f.message), "comment \(id): \(c.comment) — \(f.message)", file: file, line: line)
            if let s = f.suggestion { XCTAssertTrue(c.comment.contains(s), file: file, line: line) }
            if f.range.isEmpty {
                XCTAssertTrue(c.comment.hasPrefix("▲"), c.comment, file: file, line: line)
                XCTAssertEqual(c.anchored, "", file: file, line: line)
            } else {
                // Without the paragraph breaks (and any automatic number, which is not in the runs).
                XCTAssertTrue(Self.squeezed(f.text).hasSuffix(Self.squeezed(c.anchored)) && !c.anchored.isEmpty,
                              "comment \(id) [\(f.kind)] sits on “\(c.anchored)”, the finding is on “\(f.text)”", file: file, line: line)
            }
        }
    }

    func testReviewedTextHasACommentOnEachFindingsText() throws {
        let source = try InputReader.read(CheckTests.seed)
        let page = try analyzer().analyze(source)
        XCTAssertTrue(page.documents.flatMap(\.findings).contains { $0.kind == "missing-section" })
        let result = try ReviewedDocx.make(page, source: source, original: CheckTests.seed)
        try assertEveryFindingOnItsText(page, result)
        // The plain document holds the text, one paragraph a line.
        let reread = try DocxReader.read(data: result.data, name: "reviewed.docx")
        XCTAssertEqual(ReviewedDocxTests.squeezed(reread.text), ReviewedDocxTests.squeezed(source.text))
    }

    func testReviewedDocxKeepsTheOriginalPackageAndAddsComments() throws {
        let url = ReaderFormatTests.readers.appendingPathComponent("seed.docx")
        let source = try InputReader.read(url)
        let page = try analyzer(.zh).analyze(source)
        let result = try ReviewedDocx.make(page, source: source, original: url)
        try assertEveryFindingOnItsText(page, result)
        let original = try Data(contentsOf: url)
        // Every part but the document, its relationships and the content types is unchanged.
        let before = try Archive(data: original, accessMode: .read), after = try Archive(data: result.data, accessMode: .read)
        for entry in before where !["word/document.xml", "word/_rels/document.xml.rels", "[Content_Types].xml"].contains(entry.path) {
            XCTAssertEqual(try Self.part(result.data, entry.path), try Self.part(original, entry.path), entry.path)
        }
        XCTAssertNotNil(after["word/comments.xml"])
        XCTAssertTrue(try Self.part(result.data, "[Content_Types].xml").contains(ReviewedDocx.commentsContentType))
        XCTAssertTrue(try Self.part(result.data, "word/_rels/document.xml.rels").contains(ReviewedDocx.commentsType))
        // The reviewed document reads as the original: same text, same headings and lists, and
        // the same run properties (split runs repeat their own).
        let reread = try DocxReader.read(data: result.data, name: "reviewed.docx")
        XCTAssertEqual(reread.text, source.text)
        XCTAssertEqual(reread.hints, source.hints)
        let props = { (xml: String) in Set(ReviewedDocx.matches(#"(<w:rPr>.*?</w:rPr>)"#, in: xml)) }
        XCTAssertEqual(props(try Self.part(result.data, "word/document.xml")), props(try Self.part(original, "word/document.xml")))
        // Comments in Chinese.
        XCTAssertTrue(try Self.readBack(result.data).values.contains { $0.comment.contains("建议：") })
    }

    /// LibreOffice opens the reviewed document (converted to .odt without an error) and finds
    /// every comment, each range-anchored one with its end.
    func testLibreOfficeOpensTheReviewedDocumentWithEveryComment() throws {
        try XCTSkipUnless(OfficeConverter.isAvailable, "LibreOffice (soffice) is not installed: apt-get install libreoffice-writer-nogui (.ci/run installs it)")
        let url = ReaderFormatTests.readers.appendingPathComponent("seed.docx")
        let source = try InputReader.read(url)
        let page = try analyzer().analyze(source)
        let result = try ReviewedDocx.make(page, source: source, original: url)
        let dir = try ExternalTool.privateFolder("test-roundtrip", file: "reviewed")
        defer { try? FileManager.default.removeItem(at: dir) }
        let reviewed = dir.appendingPathComponent("reviewed.docx")
        try result.data.write(to: reviewed)
        let odt = try OfficeConverter.convert(reviewed, to: "odt", in: dir)
        let content = try Self.part(try Data(contentsOf: odt), "content.xml")
        let findings = page.pageFindings + page.documents.flatMap(\.findings)
        XCTAssertEqual(content.components(separatedBy: "<office:annotation ").count - 1, findings.count + 1)
        XCTAssertEqual(content.components(separatedBy: "<office:annotation-end ").count - 1, findings.filter { !$0.range.isEmpty }.count + 1)
        XCTAssertTrue(content.contains("<dc:creator>Wenshu</dc:creator>"))
        // And back to .docx, read by Wenshu: the text is the original's.
        let back = try OfficeConverter.read(reviewed)
        XCTAssertEqual(ReviewedDocxTests.squeezed(back.text), ReviewedDocxTests.squeezed(source.text))
    }
}
