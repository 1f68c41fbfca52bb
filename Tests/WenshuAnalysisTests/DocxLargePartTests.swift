import Foundation
import XCTest
@testable import WenshuAnalysis
import WenshuTestSupport
import WenshuText

/// .docx parts a hostile tester built (session 9), generated here: a long document (its
/// document.xml over 10 MB, which libxml2's push parser refused when given whole), a document
/// type declaration (entities: "billion laughs", an external file), an element with very many
/// attributes (libxml2 compares each with each: 200,000 took 10 s), and a package whose text is
/// larger than a text file may be.
final class DocxLargePartTests: XCTestCase {
    func read(_ body: String, prolog: String = "", textLimit: Int = DocumentReader.defaultLimit) throws -> SourceDocument {
        var xml = DocxReaderTests.document(body)
        if !prolog.isEmpty, let end = xml.range(of: "?>") { xml.insert(contentsOf: prolog, at: end.upperBound) }
        return try DocxReader.read(data: DocxFuzzFindingsTests.package(document: Data(xml.utf8)), name: "hostile.docx", textLimit: textLimit)
    }

    func message(_ body: @autoclosure () throws -> SourceDocument) -> String {
        do { _ = try body(); return "(read)" } catch { return (error as? LocalizedError)?.errorDescription ?? "\(error)" }
    }

    func testADocumentPartOverTenMegabytesIsRead() throws {
        // 30,000 paragraphs of 400 bytes: 12 MB of document.xml, an ordinary long report.
        let paragraph = DocxReaderTests.p(String(repeating: "加强学习，提高能力，", count: 13))
        let body = String(repeating: paragraph, count: 30_000)
        XCTAssertGreaterThan(body.utf8.count, 10_500_000)
        let source = try read(body)
        XCTAssertEqual(source.text.components(separatedBy: "\n\n").count, 30_000)
    }

    func testADocumentTypeDeclarationIsRefused() {
        let laughs = "<!DOCTYPE w:document [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\"><!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">]>"
        let m = message(try read(DocxReaderTests.p("&c;"), prolog: laughs))
        XCTAssertTrue(m.contains("hostile.docx") && m.contains("word/document.xml") && m.contains("document type declaration"), m)
        let external = "<!DOCTYPE w:document [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
        let e = message(try read(DocxReaderTests.p("&x;"), prolog: external))
        XCTAssertTrue(e.contains("document type declaration"), e)  // was "the file is empty"
        // The same words inside text or a comment are text.
        XCTAssertEqual(try read("<!-- <!DOCTYPE x> -->" + DocxReaderTests.p("&lt;!DOCTYPE 工作总结")).text, "<!DOCTYPE 工作总结")
    }

    func testAnElementWithThousandsOfAttributesIsRefusedAtOnce() throws {
        let attributes = (0..<200_000).map { "w:a\($0)=\"1\"" }.joined(separator: " ")
        let start = Date()
        let m = message(try read("<w:p \(attributes)><w:r><w:t>工作</w:t></w:r></w:p>"))
        XCTAssertTrue(m.contains("more than \(DocxReader.maxAttributesPerElement) attributes") && m.contains("line"), m)
        XCTAssertLessThan(Date().timeIntervalSince(start), 5)
        // Many elements with a few attributes each, and = inside values, are ordinary.
        let values = String(repeating: "<w:p w:rsidR=\"00A1\" w:rsidRDefault=\"a=b=c\"><w:r><w:t>工作=任务</w:t></w:r></w:p>", count: 300)
        XCTAssertEqual(try read(values).text.components(separatedBy: "\n\n").count, 300)
    }

    func testTextLargerThanTheLimitIsRefused() {
        let body = String(repeating: DocxReaderTests.p("加强学习，提高能力。"), count: 200)
        let m = message(try read(body, textLimit: 1_000))
        XCTAssertTrue(m.contains("hostile.docx") && m.contains("more than the 1000-byte limit"), m)
    }
}
