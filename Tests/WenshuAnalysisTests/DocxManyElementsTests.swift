import Foundation
import XCTest
import ZIPFoundation
@testable import WenshuAnalysis
import WenshuText

/// A small .docx whose document.xml holds millions of elements (hostile tester, session 10: 230 KB
/// holding 26 million empty paragraphs took 3 GB and 101 s, and in `serve` the parse ran on past
/// the request's time limit). Blank paragraphs are not kept, and the parse stops when the work is
/// cancelled.
final class DocxManyElementsTests: XCTestCase {
    /// A package of one real paragraph among `empty` empty ones, in memory.
    func package(empty: Int) throws -> Data {
        let body = DocxReaderTests.p("区政协2023年工作总结") + String(repeating: "<w:p/>", count: empty) + DocxReaderTests.p("一、主要工作")
        let archive = try Archive(accessMode: .create)
        for (path, content) in [("[Content_Types].xml", DocxReaderTests.contentTypes), ("_rels/.rels", DocxReaderTests.packageRels),
                                ("word/document.xml", DocxReaderTests.document(body))] {
            let data = Data(content.utf8)
            try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(data.count), compressionMethod: .deflate) { position, size in
                data.subdata(in: Int(position)..<Int(position) + size)
            }
        }
        return try XCTUnwrap(archive.data)
    }

    func testBlankParagraphsByTheMillionAreRead() throws {
        let data = try package(empty: 1_000_000)
        XCTAssertLessThan(data.count, 100_000, "a small upload")
        let doc = try DocxReader.read(data: data, name: "empty.docx")
        XCTAssertEqual(doc.text, "区政协2023年工作总结\n\n一、主要工作")
    }

    func testTheParseStopsWhenTheWorkIsCancelled() throws {
        let data = try package(empty: 200_000)
        let cancellation = Cancellation()
        cancellation.cancel(reason: "the time limit passed")
        XCTAssertThrowsError(try cancellation.runAsCurrent { try DocxReader.read(data: data, name: "empty.docx") }) { error in
            XCTAssertEqual((error as? AnalysisCancelled)?.reason, "the time limit passed", "\(error)")
        }
        // The checks that read a part before the XML parser stop too (each reads every byte:
        // in a debug build a 157 MB part took a minute past the time limit).
        let part = Data(DocxReaderTests.document(String(repeating: "<w:p/>", count: 300_000)).utf8)
        XCTAssertThrowsError(try cancellation.runAsCurrent { try DocxReader.parse(part, name: "word/document.xml", file: "empty.docx", with: DocumentHandler()) }) { error in
            XCTAssertTrue(error is AnalysisCancelled, "\(error)")
        }
        XCTAssertNoThrow(try DocxReader.parse(part, name: "word/document.xml", file: "empty.docx", with: DocumentHandler()))
        // Not cancelled: read whole.
        XCTAssertEqual(try Cancellation().runAsCurrent { try DocxReader.read(data: data, name: "empty.docx") }.text, "区政协2023年工作总结\n\n一、主要工作")
    }
}
