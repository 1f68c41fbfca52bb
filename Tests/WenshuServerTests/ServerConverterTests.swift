import Foundation
import Hummingbird
import HummingbirdTesting
import WenshuAnalysis
import WenshuText
import XCTest
import ZIPFoundation

@testable import WenshuServer

/// `serve` with the converter-backed formats: a .doc and a .pdf made by LibreOffice read like the
/// text; a scan is 422; a missing converter is 415 naming its package; the form's report offers
/// the reviewed .docx.
final class ServerConverterTests: XCTestCase {
    static let readers = ServerTests.root.appendingPathComponent("Corpus/readers")

    func app() throws -> some ApplicationProtocol {
        WenshuServer.application(service: try ServerTests.service(), host: "127.0.0.1", port: 0,
                                 limits: .init(maxUploadBytes: 10 << 20), pageLanguage: .zh, logger: ServerTests.quietLogger)
    }

    static func upload(_ client: some TestClientProtocol, _ name: String, uri: String = "/api/check") async throws -> TestResponse {
        let data = try Data(contentsOf: Self.readers.appendingPathComponent(name))
        let (contentType, body) = ServerTests.multipart([.file(name: "file", filename: name, contentType: "application/octet-stream", data: data)])
        return try await client.execute(uri: uri, method: .post, headers: [.contentType: contentType], body: body)
    }

    func testDocAndPDFUploadsReadLikeTheText() async throws {
        try XCTSkipUnless(OfficeConverter.isAvailable && PDFReader.isAvailable, "LibreOffice and pdftotext are not installed (.ci/run installs them)")
        try await app().test(.live) { client in
            for (name, format) in [("seed.doc", "doc (LibreOffice → docx)"), ("seed-paged-of.pdf", "pdf")] {
                let page = try ServerTests.decodePage(try await Self.upload(client, name))
                XCTAssertEqual(page.file, name)
                XCTAssertEqual(page.encoding, format)
                XCTAssertEqual(page.documents.count, 5, name)
            }
            let paged = try ServerTests.decodePage(try await Self.upload(client, "seed-paged-of.pdf"))
            XCTAssertEqual(paged.pageFurniture?.map(\.kind), [.header, .pageNumber])
            let scan = try ServerTests.decodeError(try await Self.upload(client, "scanned.pdf"), .unprocessableContent, code: "no-text-layer")
            XCTAssertTrue(scan.error.hasPrefix("scanned.pdf: no text layer (scanned?) — not checked"), scan.error)
        }
    }

    func testMissingConverterIs415NamingThePackage() async throws {
        setenv("WENSHU_SOFFICE", "/nonexistent/soffice", 1)
        setenv("WENSHU_PDFTOTEXT", "/nonexistent/pdftotext", 1)
        defer { unsetenv("WENSHU_SOFFICE"); unsetenv("WENSHU_PDFTOTEXT") }
        try await app().test(.live) { client in
            for (name, package) in [("seed.doc", "libreoffice-writer-nogui"), ("seed.odt", "libreoffice-writer-nogui"), ("seed.pdf", "poppler-utils")] {
                let e = try ServerTests.decodeError(try await Self.upload(client, name), .unsupportedMediaType, code: "converter-missing")
                XCTAssertTrue(e.error.hasPrefix("\(name):") && e.error.contains("apt-get install \(package)"), e.error)
            }
        }
    }

    func testFormReportOffersTheReviewedDocx() async throws {
        try await app().test(.live) { client in
            let r = try await Self.upload(client, "seed.docx", uri: "/check")
            XCTAssertEqual(r.status, .ok)
            let html = String(buffer: r.body)
            let prefix = #"<a id="reviewed-docx" download="seed-审阅.docx" href="data:application/vnd.openxmlformats-officedocument.wordprocessingml.document;base64,"#
            guard let start = html.range(of: prefix) else { return XCTFail("no download link in the report") }
            let rest = html[start.upperBound...]
            let base64 = String(rest[..<rest.firstIndex(of: "\"")!])
            let docx = try XCTUnwrap(Data(base64Encoded: base64))
            let archive = try Archive(data: docx, accessMode: .read)
            XCTAssertNotNil(archive["word/comments.xml"])
            XCTAssertNotNil(archive["word/styles.xml"], "the uploaded package, not a plain one")
            var comments = Data()
            _ = try archive.extract(archive["word/comments.xml"]!) { comments.append($0) }
            XCTAssertTrue(String(decoding: comments, as: UTF8.self).contains("w:author=\"Wenshu\""))
        }
    }
}
