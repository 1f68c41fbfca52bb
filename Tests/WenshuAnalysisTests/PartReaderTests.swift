import CXML
import Foundation
@testable import WenshuAnalysis
import XCTest

/// The XML parts of a .docx are read with libxml2's streaming reader (`PartReader`), which hands
/// the handlers what Foundation's `XMLParser` handed them, and loses nothing on a malformed part.
final class PartReaderTests: XCTestCase {
    /// Writes down every event.
    final class Recorder: XMLHandler {
        var events: [String] = []
        override func parser(_ parser: PartReader, didStartElement elementName: String, namespaceURI: String?,
                             qualifiedName qName: String?, attributes: [String: String] = [:]) {
            let a = attributes.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ",")
            events.append("<\(elementName) \(namespaceURI ?? "-") [\(a)]")
        }
        override func parser(_ parser: PartReader, didEndElement elementName: String, namespaceURI: String?, qualifiedName qName: String?) {
            events.append("</\(elementName)")
        }
        override func parser(_ parser: PartReader, foundCharacters string: String) {
            if events.last?.hasPrefix("'") == true { events[events.count - 1] += string } else { events.append("'" + string) }
        }
    }

    private let w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

    func testEventsAreThoseAHandlerExpects() {
        let part = """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <w:document xmlns:w="\(w)" xmlns:mc="urn:mc"><!-- a comment --><w:body>\
            <w:p w:rsidR="00A1"><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="3"/></w:numPr></w:pPr>\
            <w:r><w:t xml:space="preserve">政协 &amp; 委员 &#x4E00;</w:t></w:r> <w:r><w:t><![CDATA[not handed]]></w:t></w:r></w:p>\
            <mc:Fallback><plain a="1">x</plain></mc:Fallback></w:body></w:document>
            """
        let recorder = Recorder()
        XCTAssertNil(PartReader.read(Data(part.utf8), name: "word/document.xml", handler: recorder))
        XCTAssertEqual(recorder.events, [
            "<document \(w) []", "<body \(w) []", "<p \(w) [w:rsidR=00A1]", "<pPr \(w) []", "<numPr \(w) []",
            "<ilvl \(w) [w:val=0]", "</ilvl", "<numId \(w) [w:val=3]", "</numId", "</numPr", "</pPr",
            "<r \(w) []", "<t \(w) [xml:space=preserve]", "'政协 & 委员 一", "</t", "</r", "' ",
            "<r \(w) []", "<t \(w) []", "</t", "</r", "</p",
            "<Fallback urn:mc []", "<plain  [a=1]", "'x", "</plain", "</Fallback", "</body", "</document",
        ])
    }

    func testErrorsCarryLibxml2sCodeAndLine() {
        let mismatched = "<?xml version=\"1.0\"?>\n<a>\n<b></a>"
        XCTAssertEqual(PartReader.read(Data(mismatched.utf8), name: "p.xml", handler: Recorder()).map { [$0.code, $0.line] }, [76, 3])
        let control = "<?xml version=\"1.0\"?>\n<a>\u{1}</a>"
        XCTAssertEqual(PartReader.read(Data(control.utf8), name: "p.xml", handler: Recorder())?.code, 9)
        XCTAssertEqual(PartReader.read(Data(), name: "p.xml", handler: Recorder())?.code, 4)
        // A part too short for Foundation's parser to start on was read as empty; it is now said.
        XCTAssertThrowsError(try DocxReader.parse(Data("<a".utf8), name: "word/styles.xml", file: "d.docx", with: StylesHandler())) { error in
            XCTAssertTrue("\(error)".contains("word/styles.xml is not well-formed XML at line 1"), "\(error)")
        }
        XCTAssertThrowsError(try DocxReader.parse(Data(), name: "word/styles.xml", file: "d.docx", with: StylesHandler())) { error in
            XCTAssertTrue("\(error)".contains("(the part is empty)"), "\(error)")
        }
    }

    /// Each open element is a node libxml2's reader keeps: a 22 KB .docx of a million nested
    /// elements held 280 MB. Nesting is bounded as libxml2 bounds it by default (256 levels).
    func testNestingIsBounded() throws {
        func nested(_ n: Int) -> Data {
            Data(("<?xml version=\"1.0\"?>\n<w:document xmlns:w=\"\(w)\"><w:body>" + String(repeating: "<w:sdt>", count: n)
                + "<w:p><w:r><w:t>政协</w:t></w:r></w:p>" + String(repeating: "</w:sdt>", count: n) + "</w:body></w:document>").utf8)
        }
        XCTAssertNil(PartReader.read(nested(200), name: "word/document.xml", handler: Recorder()))
        XCTAssertEqual(PartReader.read(nested(1_000_000), name: "word/document.xml", handler: Recorder())?.code, Int(WENSHU_XML_TOO_DEEP))
        let package = try DocxFuzzFindingsTests.package(document: nested(100_000))
        XCTAssertThrowsError(try DocxReader.read(data: package, name: "deep.docx")) { error in
            let m = (error as? LocalizedError)?.errorDescription ?? "\(error)"
            XCTAssertTrue(m.contains("word/document.xml is not well-formed XML at line 2 (elements nested more than 256 levels deep"), m)
        }
        XCTAssertEqual(try DocxReader.read(data: DocxFuzzFindingsTests.package(document: nested(200)), name: "deep.docx").text, "政协")
    }

    /// Foundation's XMLParser lost about 1 KB on every part that was not well-formed: 50,000
    /// malformed parts grew the process by 30–50 MB. The resident size is read from /proc.
    func testMalformedPartsLoseNoMemory() throws {
        func residentBytes() throws -> Int {
            guard let statm = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8),
                  let pages = statm.split(separator: " ").dropFirst().first.flatMap({ Int($0) }) else {
                throw XCTSkip("/proc/self/statm is needed to measure the process")
            }
            return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
        }
        let good = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><w:document xmlns:w=\"\(w)\"><w:body>"
            + String(repeating: "<w:p><w:r><w:t>区政协工作</w:t></w:r></w:p>", count: 5) + "</w:body></w:document>"
        let bad = Data(good.replacingOccurrences(of: "<w:p><w:r>", with: "<w:p\u{1e}<w:r>").utf8)
        func parseMany(_ n: Int) -> Int {
            var failures = 0
            for _ in 0..<n {
                do { try DocxReader.parse(bad, name: "word/document.xml", file: "bad.docx", with: DocumentHandler()) } catch { failures += 1 }
            }
            return failures
        }
        XCTAssertEqual(parseMany(1_000), 1_000)
        let before = try residentBytes()
        XCTAssertEqual(parseMany(50_000), 50_000)
        let grown = try residentBytes() - before
        XCTAssertLessThan(grown, 8 << 20, "the process grew by \(grown) bytes over 50,000 malformed parts")
    }
}
