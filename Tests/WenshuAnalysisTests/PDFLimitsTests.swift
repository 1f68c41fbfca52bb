import Foundation
import XCTest
@testable import WenshuAnalysis
import WenshuText

/// pdftotext's XHTML is read as it goes (libxml2's reader on its file), with bounds: a small PDF
/// whose pages share one content stream makes hundreds of megabytes of it (hostile tester,
/// session 12: a 176 KB PDF took 2.6 GB and 59 s, then failed with "NSXMLParserErrorDomain
/// error 1"), and Foundation's parser, used before, failed on any XHTML over 10,000,000 bytes.
final class PDFLimitsTests: XCTestCase {
    func requirePoppler() throws {
        try XCTSkipUnless(PDFReader.isAvailable, "pdftotext is not installed: apt-get install poppler-utils (.ci/run installs it)")
    }

    private func folder() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("wenshu-pdf-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: dir) }
        return dir
    }

    /// A PDF of `pages` pages that all show one content stream of `words` words (`w0` … `w9`,
    /// 60 to a line, in Helvetica): the file stays small however many pages it has.
    static func sharedStreamPDF(pages: Int, words: Int) -> Data {
        var content = "BT /F1 6 Tf\n"
        for i in 0..<words {
            content += "1 0 0 1 \(20 + (i % 60) * 9) \(800 - (i / 60) % 130 * 6) Tm (w\(i % 10)) Tj\n"
        }
        content += "ET"
        var objects = [
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [\((0..<pages).map { "\(5 + $0) 0 R" }.joined(separator: " "))] /Count \(pages) >>",
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
            "<< /Length \(content.utf8.count) >>\nstream\n\(content)\nendstream",
        ]
        objects += Array(repeating: "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 600 850] /Resources << /Font << /F1 3 0 R >> >> /Contents 4 0 R >>", count: pages)
        var pdf = "%PDF-1.4\n"
        var offsets: [Int] = []
        for (i, o) in objects.enumerated() {
            offsets.append(pdf.utf8.count)
            pdf += "\(i + 1) 0 obj\n\(o)\nendobj\n"
        }
        let xref = pdf.utf8.count
        pdf += "xref\n0 \(objects.count + 1)\n0000000000 65535 f \n"
        for o in offsets { pdf += String(format: "%010d 00000 n \n", o) }
        pdf += "trailer\n<< /Size \(objects.count + 1) /Root 1 0 R >>\nstartxref\n\(xref)\n%%EOF\n"
        return Data(pdf.utf8)
    }

    /// 120,000 words: about 12 MB of XHTML, more than the 10,000,000 bytes Foundation's parser
    /// took; every word is read.
    func testAPDFWhoseXHTMLIsOverTenMegabytesIsRead() throws {
        try requirePoppler()
        let url = try folder().appendingPathComponent("long.pdf")
        try Self.sharedStreamPDF(pages: 120, words: 1000).write(to: url)
        let source = try PDFReader.read(url)
        // Lines are joined into paragraphs (w9⏎w0 → w9w0, as a word cut at a line end): count
        // the words by their letter. Every page shows the same 17 rows, so the top two and the
        // bottom two (120 + 100 words) recur on every page and are running headers and footers.
        XCTAssertEqual(source.text.filter { $0 == "w" }.count, 120 * 780)
        XCTAssertEqual(source.furniture.reduce(0) { $0 + $1.pages.count }, 4 * 120)
        XCTAssertEqual(Set(source.text.filter { $0.isNumber }), Set("0123456789"))
    }

    /// More words than the limit: a clear error naming the file and the limit, not the memory of
    /// every word of a document no one wrote.
    func testMoreWordsThanTheLimitAreRefusedByName() throws {
        try requirePoppler()
        let url = try folder().appendingPathComponent("shared.pdf")
        try Self.sharedStreamPDF(pages: 30, words: 1000).write(to: url)
        XCTAssertLessThan(try Data(contentsOf: url).count, 40_000)
        XCTAssertThrowsError(try PDFReader.read(url, wordLimit: 20_000)) { error in
            XCTAssertEqual(error as? TextInputError, .unreadable(
                file: url.path, reason: "its text layer holds more than 20000 words, the limit for one PDF (about 5,000 pages); not checked: split the document"))
        }
        // Under the limit the same file is read whole.
        XCTAssertEqual(try PDFReader.read(url, wordLimit: 30_000).text.filter { $0 == "w" }.count, 30 * 780)
    }

    /// A PDF built to expand is stopped by the bytes pdftotext writes, before anything is parsed.
    func testAPDFBuiltToExpandStopsPdftotext() throws {
        try requirePoppler()
        let url = try folder().appendingPathComponent("expands.pdf")
        try Self.sharedStreamPDF(pages: 400, words: 1000).write(to: url)
        XCTAssertLessThan(try Data(contentsOf: url).count, 100_000)  // for about 40 MB of XHTML
        let started = Date()
        XCTAssertThrowsError(try PDFReader.read(url, outputLimit: 4 << 20)) { error in
            XCTAssertEqual(error as? ConverterError, .tooMuchOutput(file: url.path, program: "pdftotext", limit: 4 << 20))
        }
        XCTAssertLessThan(Date().timeIntervalSince(started), 30)
        XCTAssertEqual(PDFReader.outputLimit, 512 << 20)
    }

    func testMoreTextThanTheLimitIsRefusedByName() throws {
        try requirePoppler()
        let url = try folder().appendingPathComponent("text.pdf")
        try Self.sharedStreamPDF(pages: 10, words: 1000).write(to: url)
        XCTAssertThrowsError(try PDFReader.read(url, textLimit: 10_000)) { error in
            XCTAssertEqual(error as? TextInputError, .unreadable(
                file: url.path, reason: "its text is more than 10000 bytes, the limit for whole-document analysis; not checked: split the document"))
            XCTAssertTrue((error as? LocalizedError)?.errorDescription?.hasPrefix(url.path) ?? false, "\(error)")
        }
    }

    /// Output that is not well-formed (pdftotext never writes it, but its output is not Wenshu's)
    /// is said with libxml2's line and message.
    func testMalformedOutputIsSaidWithItsLine() throws {
        // A folder name libxml2 would take for an escaped URI if it opened the file itself.
        let dir = try folder().appendingPathComponent("tmp %41 dir")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let xhtml = dir.appendingPathComponent("text.xhtml")
        try Data("<html>\n<doc>\n<page width=\"600\" height=\"800\"><line><word xMin=\"1\">政协</line>\n</doc>".utf8).write(to: xhtml)
        XCTAssertThrowsError(try PDFReader.parse(file: xhtml, name: "a.pdf")) { error in
            guard case let .failed(file, program, reason)? = error as? ConverterError else { return XCTFail("\(error)") }
            XCTAssertEqual(file, "a.pdf")
            XCTAssertEqual(program, "pdftotext")
            XCTAssertTrue(reason.hasPrefix("its output is not well-formed XML at line 3 ("), reason)
            XCTAssertTrue(reason.contains("mismatch"), reason)
        }
        // The same reader reads pdftotext's own shape, DOCTYPE and all, without fetching the DTD.
        try Data("""
        <!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd"><html xmlns="http://www.w3.org/1999/xhtml">
        <body><doc><page width="600" height="800"><flow><block><line xMin="10" yMin="20" xMax="50" yMax="30"><word xMin="10" xMax="30">政协&amp;</word><word xMin="31" xMax="50">工作</word></line></block></flow></page></doc></body></html>
        """.utf8).write(to: xhtml)
        let pages = try PDFReader.parse(file: xhtml, name: "a.pdf")
        XCTAssertEqual(pages.count, 1)
        XCTAssertEqual(pages.first?.lines.first?.text, "政协&工作")
    }
}
