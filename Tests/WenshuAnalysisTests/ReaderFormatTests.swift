import Foundation
import XCTest
@testable import WenshuAnalysis
@testable import WenshuText

/// The seed page saved by LibreOffice as .doc, .odt, .rtf and .pdf (Corpus/readers, made by
/// scripts/make-reader-fixtures.sh) reads to the same documents, outline and findings as the
/// .txt; a printed PDF's headers, footers and page numbers are page furniture; a scan is refused.
final class ReaderFormatTests: XCTestCase {
    static let root = CheckTests.root
    static let readers = root.appendingPathComponent("Corpus/readers")

    func analyzer() throws -> Analyzer {
        try Analyzer(dictionaries: Dictionaries(root: Self.root.appendingPathComponent("dictionaries")))
    }

    func requireLibreOffice() throws {
        try XCTSkipUnless(OfficeConverter.isAvailable, "LibreOffice (soffice) is not installed: apt-get install libreoffice-writer-nogui (.ci/run installs it)")
    }

    func requirePoppler() throws {
        try XCTSkipUnless(PDFReader.isAvailable, "pdftotext is not installed: apt-get install poppler-utils (.ci/run installs it)")
    }

    /// What a reader of the page must agree on: each document's title and outline, and every
    /// finding's kind and text.
    struct Summary: Equatable {
        var titles: [String?] = []
        var outlines: [[String]] = []
        var findings: [String] = []
    }

    func summary(_ page: PageAnalysis) -> Summary {
        var s = Summary()
        for d in page.documents {
            s.titles.append(d.title)
            s.outlines.append(d.outline.flat.map { "\($0.level) \($0.form.rawValue) \($0.title)" })
            s.findings += d.findings.map { "\($0.kind): \($0.text)" }
        }
        s.findings += page.pageFindings.map { "page \($0.kind): \($0.text)" }
        return s
    }

    func assertSame(_ a: Summary, _ b: Summary, _ name: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(a.titles, b.titles, "\(name): titles", file: file, line: line)
        XCTAssertEqual(a.outlines, b.outlines, "\(name): outlines", file: file, line: line)
        XCTAssertEqual(a.findings.count, b.findings.count, "\(name): number of findings", file: file, line: line)
        let missing = Set(a.findings).subtracting(b.findings), extra = Set(b.findings).subtracting(a.findings)
        XCTAssertTrue(missing.isEmpty && extra.isEmpty, "\(name): findings only in the .txt: \(missing.sorted()); only in \(name): \(extra.sorted())", file: file, line: line)
    }

    func testSeedSavedAsDocOdtRtfGivesTheSameAnalysisAsTheText() throws {
        try requireLibreOffice()
        let analyzer = try analyzer()
        let text = try summary(analyzer.analyze(InputReader.read(CheckTests.seed)))
        XCTAssertEqual(text.titles.count, 5)
        for ext in ["doc", "odt", "rtf"] {
            let url = Self.readers.appendingPathComponent("seed.\(ext)")
            let source = try InputReader.read(url)
            XCTAssertEqual(source.format, "\(ext) (LibreOffice → docx)")
            XCTAssertEqual(source.file, url.path)
            assertSame(text, try summary(analyzer.analyze(source)), "seed.\(ext)")
        }
    }

    func testSeedSavedAsPDFGivesTheSameAnalysisAsTheText() throws {
        try requirePoppler()
        let analyzer = try analyzer()
        let text = try summary(analyzer.analyze(InputReader.read(CheckTests.seed)))
        let source = try InputReader.read(Self.readers.appendingPathComponent("seed.pdf"))
        XCTAssertEqual(source.format, "pdf")
        // LibreOffice's PDF of a text file has no header or footer: nothing is taken out.
        XCTAssertEqual(source.furniture, [])
        // Lines are rejoined: every paragraph of the text is one paragraph of the PDF's text
        // (汇总 5 篇: the gap the PDF puts between Chinese and digits is no space).
        let paragraphs = { (s: String) in s.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty } }
        XCTAssertEqual(paragraphs(source.text), paragraphs(try String(contentsOf: CheckTests.seed, encoding: .utf8)))
        assertSame(text, try summary(analyzer.analyze(source)), "seed.pdf")
    }

    /// The seed printed as an official document — first-line indents, no blank lines, a running
    /// header split in three parts, and page numbers as — N — or 第N页 共M页.
    func testPrintedPDFFurnitureIsTakenOutAndParagraphsRejoined() throws {
        try requirePoppler()
        let analyzer = try analyzer()
        let text = try summary(analyzer.analyze(InputReader.read(CheckTests.seed)))
        let seedParagraphs = try String(contentsOf: CheckTests.seed, encoding: .utf8).split(separator: "\n")
            .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        for (name, number) in [("seed-paged-dash.pdf", "—1—"), ("seed-paged-of.pdf", "第1页 共7页")] {
            let source = try InputReader.read(Self.readers.appendingPathComponent(name))
            let pages = Array(1...7)
            XCTAssertEqual(source.furniture, [
                PrintedFurniture(kind: .header, text: "某县政协办公室 内部资料 注意保存", pages: pages),
                PrintedFurniture(kind: .pageNumber, text: number, pages: pages),
            ], name)
            XCTAssertFalse(source.text.contains("内部资料"), name)
            XCTAssertFalse(source.text.contains("共7页"), name)
            let paragraphs = source.text.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            // Every paragraph whole, across line and page breaks.
            XCTAssertEqual(paragraphs, seedParagraphs, name)
            assertSame(text, try summary(analyzer.analyze(source)), name)
        }
    }

    func testScannedPDFSaysItHasNoTextLayer() throws {
        try requirePoppler()
        let url = Self.readers.appendingPathComponent("scanned.pdf")
        XCTAssertThrowsError(try InputReader.read(url)) { error in
            XCTAssertEqual(error as? ConverterError, .noTextLayer(file: url.path, pages: 1))
            let message = (error as? LocalizedError)?.errorDescription ?? ""
            XCTAssertTrue(message.contains("no text layer (scanned?) — not checked"), message)
            XCTAssertTrue(message.hasPrefix(url.path), message)
        }
    }

    func testNotAPDFAndDamagedOfficeFilesGiveClearErrors() throws {
        try requireLibreOffice()
        try requirePoppler()
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("wenshu-readers-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let pdf = dir.appendingPathComponent("fake.pdf")
        try Data("这不是PDF".utf8).write(to: pdf)
        XCTAssertThrowsError(try InputReader.read(pdf)) { error in
            XCTAssertTrue((error as? LocalizedError)?.errorDescription?.contains("not a PDF file") ?? false, "\(error)")
        }
        // A .doc whose bytes are the start of a real .doc, cut: LibreOffice gives nothing or text.
        let doc = dir.appendingPathComponent("cut.doc")
        try Data(try Data(contentsOf: Self.readers.appendingPathComponent("seed.doc")).prefix(600)).write(to: doc)
        do {
            _ = try InputReader.read(doc)
        } catch let e as ConverterError {
            XCTAssertTrue(e.errorDescription?.hasPrefix(doc.path) ?? false, "\(e)")
        } catch let e as TextInputError {
            XCTAssertTrue(e.errorDescription?.hasPrefix(doc.path) ?? false, "\(e)")
        }
        // Bytes that are no office document at all are refused before LibreOffice, which would
        // import them as plain text.
        let junk = dir.appendingPathComponent("junk.doc")
        try Data("随便写的文字，不是Word文件".utf8).write(to: junk)
        XCTAssertThrowsError(try InputReader.read(junk)) { error in
            XCTAssertTrue((error as? LocalizedError)?.errorDescription?.contains("not a .doc file") ?? false, "\(error)")
        }
        let empty = dir.appendingPathComponent("empty.wps")
        try Data().write(to: empty)
        XCTAssertThrowsError(try InputReader.read(empty)) { XCTAssertEqual($0 as? TextInputError, .empty(file: empty.path)) }
    }

    /// With the converter hidden (WENSHU_SOFFICE / WENSHU_PDFTOTEXT pointing nowhere), the error
    /// names the Debian package to install.
    func testMissingConvertersNameTheirPackage() throws {
        setenv("WENSHU_SOFFICE", "/nonexistent/soffice", 1)
        setenv("WENSHU_PDFTOTEXT", "/nonexistent/pdftotext", 1)
        defer { unsetenv("WENSHU_SOFFICE"); unsetenv("WENSHU_PDFTOTEXT") }
        for (name, package) in [("seed.doc", "libreoffice-writer-nogui"), ("seed.rtf", "libreoffice-writer-nogui"), ("seed.pdf", "poppler-utils")] {
            let url = Self.readers.appendingPathComponent(name)
            XCTAssertThrowsError(try InputReader.read(url)) { error in
                guard case .missing(let file, _, _, let p)? = error as? ConverterError else { return XCTFail("\(name): \(error)") }
                XCTAssertEqual(file, url.path)
                XCTAssertEqual(p, package)
                XCTAssertTrue((error as? LocalizedError)?.errorDescription?.contains("apt-get install \(package)") ?? false)
            }
        }
    }

    func testOneMapDecidesHowEachExtensionIsRead() {
        XCTAssertEqual(InputFormat.of(URL(fileURLWithPath: "/a/b.DOC")), .office)
        XCTAssertEqual(InputFormat.of(URL(fileURLWithPath: "/a/b.wps")), .office)
        XCTAssertEqual(InputFormat.of(URL(fileURLWithPath: "/a/b.pdf")), .pdf)
        XCTAssertEqual(InputFormat.of(URL(fileURLWithPath: "/a/b.docx")), .docx)
        XCTAssertEqual(InputFormat.of(URL(fileURLWithPath: "/a/b.md")), .text)
        XCTAssertFalse(InputFormat.isDocument(URL(fileURLWithPath: "/a/b.png")))
    }

    func testPageNumberShapes() {
        for s in ["— 3 —", "- 3 -", "第3页 共8页", "第 3 页", "3/8", "12", "Page 3 of 8", "共8页 第3页"] { XCTAssertTrue(PDFReader.isPageNumber(s), s) }
        for s in ["一、总体要求", "2023年", "第三部分", "3.5万元"] { XCTAssertFalse(PDFReader.isPageNumber(s), s) }
    }
}
