import Foundation
@testable import WenshuAnalysis
import XCTest

/// A .docx part whose bytes do not match the CRC-32 the archive gives for it is damaged, and
/// said so; it was read as it was (ZIPFoundation computes the checksum, the caller compares).
final class DocxChecksumTests: XCTestCase {
    func testAPartWhoseChecksumDoesNotMatchIsDamaged() throws {
        let part = DocxReaderTests.document(DocxReaderTests.p("区政协工作总结ABCDEFG"))
        let package = try DocxFuzzFindingsTests.package(document: Data(part.utf8))
        XCTAssertEqual(try DocxReader.read(data: package, name: "crc.docx").text, "区政协工作总结ABCDEFG")
        // The part is stored, not compressed: change one letter of its text in the archive.
        var damaged = [UInt8](package)
        let at = try XCTUnwrap(damaged.indices.first { damaged[$0...].starts(with: Array("ABCDEFG".utf8)) })
        damaged[at] = UInt8(ascii: "X")
        XCTAssertThrowsError(try DocxReader.read(data: Data(damaged), name: "crc.docx")) { error in
            let m = (error as? LocalizedError)?.errorDescription ?? "\(error)"
            XCTAssertTrue(m.contains("crc.docx") && m.contains("word/document.xml is damaged: its CRC-32 is"), m)
        }
    }
}
