import Foundation
import XCTest
@testable import WenshuText

final class DecodingTests: XCTestCase {
    /// Text with Chinese, ASCII, punctuation and a line break.
    let chinese = "政协工作总结\n一年来，市政协在市委的领导下，认真履行政治协商、民主监督、参政议政职能。2021年完成提案14件。\n"

    /// "政协工作总结" in GBK, checked with python3 -c "print(list('政协工作总结'.encode('gbk')))".
    let gbkShort: [UInt8] = [213, 254, 208, 173, 185, 164, 215, 247, 215, 220, 189, 225]

    /// `gbkParagraph` in GBK (identical in GB18030), from python3 `gbkParagraph.encode('gbk')`;
    /// its lines are 10, 54, 42 and 42 bytes long.
    let gbkParagraph = "各位委员：\n一年来，市政协在市委的领导下，坚持团结和民主两大主题，\n认真履行政治协商、民主监督、参政议政职能，\n围绕中心，服务大局，各项工作取得新的进展。\n"
    let gbkParagraphBytes: [UInt8] = [
        0xB8, 0xF7, 0xCE, 0xBB, 0xCE, 0xAF, 0xD4, 0xB1, 0xA3, 0xBA, 0x0A, 0xD2, 0xBB, 0xC4, 0xEA, 0xC0,
        0xB4, 0xA3, 0xAC, 0xCA, 0xD0, 0xD5, 0xFE, 0xD0, 0xAD, 0xD4, 0xDA, 0xCA, 0xD0, 0xCE, 0xAF, 0xB5,
        0xC4, 0xC1, 0xEC, 0xB5, 0xBC, 0xCF, 0xC2, 0xA3, 0xAC, 0xBC, 0xE1, 0xB3, 0xD6, 0xCD, 0xC5, 0xBD,
        0xE1, 0xBA, 0xCD, 0xC3, 0xF1, 0xD6, 0xF7, 0xC1, 0xBD, 0xB4, 0xF3, 0xD6, 0xF7, 0xCC, 0xE2, 0xA3,
        0xAC, 0x0A, 0xC8, 0xCF, 0xD5, 0xE6, 0xC2, 0xC4, 0xD0, 0xD0, 0xD5, 0xFE, 0xD6, 0xCE, 0xD0, 0xAD,
        0xC9, 0xCC, 0xA1, 0xA2, 0xC3, 0xF1, 0xD6, 0xF7, 0xBC, 0xE0, 0xB6, 0xBD, 0xA1, 0xA2, 0xB2, 0xCE,
        0xD5, 0xFE, 0xD2, 0xE9, 0xD5, 0xFE, 0xD6, 0xB0, 0xC4, 0xDC, 0xA3, 0xAC, 0x0A, 0xCE, 0xA7, 0xC8,
        0xC6, 0xD6, 0xD0, 0xD0, 0xC4, 0xA3, 0xAC, 0xB7, 0xFE, 0xCE, 0xF1, 0xB4, 0xF3, 0xBE, 0xD6, 0xA3,
        0xAC, 0xB8, 0xF7, 0xCF, 0xEE, 0xB9, 0xA4, 0xD7, 0xF7, 0xC8, 0xA1, 0xB5, 0xC3, 0xD0, 0xC2, 0xB5,
        0xC4, 0xBD, 0xF8, 0xD5, 0xB9, 0xA1, 0xA3, 0x0A,
    ]

    var tempDir: URL!

    override func setUpWithError() throws {
        tempDir = try TestSupport.makeTemporaryDirectory()
    }

    override func tearDownWithError() throws {
        if let tempDir { try? FileManager.default.removeItem(at: tempDir) }
    }

    func utf16Bytes(_ s: String, bigEndian: Bool, bom: Bool) -> [UInt8] {
        var units = Array(s.utf16)
        if bom { units.insert(0xFEFF, at: 0) }
        return units.flatMap { u -> [UInt8] in
            let hi = UInt8(u >> 8), lo = UInt8(u & 0xFF)
            return bigEndian ? [hi, lo] : [lo, hi]
        }
    }

    func write(_ bytes: [UInt8], _ name: String) throws -> URL {
        let url = tempDir.appendingPathComponent(name)
        try Data(bytes).write(to: url)
        return url
    }

    func assertNamesFile(_ error: Error, _ name: String, file: StaticString = #filePath, line: UInt = #line) {
        let description = (error as? LocalizedError)?.errorDescription ?? ""
        XCTAssertTrue(description.contains(name), "error description \"\(description)\" does not name \(name)", file: file, line: line)
    }

    // MARK: TextDecoder

    func testUTF8WithoutBOM() throws {
        let d = try TextDecoder.decode(Data(chinese.utf8), file: "a.txt")
        XCTAssertEqual(d.text, chinese)
        XCTAssertEqual(d.encoding, .utf8)
        XCTAssertFalse(d.wasDetected)
    }

    func testUTF8WithBOMDropsTheBOM() throws {
        let d = try TextDecoder.decode(Data([0xEF, 0xBB, 0xBF] + Array(chinese.utf8)), file: "a.txt")
        XCTAssertEqual(d.text, chinese)
        XCTAssertFalse(d.text.unicodeScalars.contains("\u{FEFF}"))
        XCTAssertEqual(d.encoding, .utf8WithBOM)
        XCTAssertFalse(d.wasDetected)
    }

    func testUTF16LittleEndianWithBOM() throws {
        let bytes = utf16Bytes(chinese, bigEndian: false, bom: true)
        XCTAssertEqual(Array(bytes.prefix(2)), [0xFF, 0xFE])
        let d = try TextDecoder.decode(Data(bytes), file: "a.txt")
        XCTAssertEqual(d.text, chinese)
        XCTAssertEqual(d.encoding, .utf16LE)
        XCTAssertFalse(d.wasDetected)
    }

    func testUTF16BigEndianWithBOM() throws {
        let bytes = utf16Bytes(chinese, bigEndian: true, bom: true)
        XCTAssertEqual(Array(bytes.prefix(2)), [0xFE, 0xFF])
        let d = try TextDecoder.decode(Data(bytes), file: "a.txt")
        XCTAssertEqual(d.text, chinese)
        XCTAssertEqual(d.encoding, .utf16BE)
        XCTAssertFalse(d.wasDetected)
    }

    func testUTF16LittleEndianWithoutBOMIsDetected() throws {
        // Enough ASCII that its NUL high bytes show the byte order; no Han character here has a
        // zero low byte.
        let text = "Report 2021: 政协工作总结\nPart 1. Overview 概述 (draft)\nPart 2. Plans 工作计划\n"
        let bytes = utf16Bytes(text, bigEndian: false, bom: false)
        let d = try TextDecoder.decode(Data(bytes), file: "a.txt")
        XCTAssertEqual(d.text, text)
        XCTAssertEqual(d.encoding, .utf16LE)
        XCTAssertTrue(d.wasDetected)
    }

    func testUTF16WithAnOddByteCountIsUndecodable() throws {
        let bytes = utf16Bytes(chinese, bigEndian: false, bom: true) + [0x41]
        XCTAssertThrowsError(try TextDecoder.decode(Data(bytes), file: "odd.txt")) { error in
            guard case let .undecodable(file, encoding, _, offset)? = error as? TextInputError else {
                return XCTFail("expected .undecodable, got \(error)")
            }
            XCTAssertEqual(file, "odd.txt")
            XCTAssertEqual(encoding, "UTF-16LE")
            XCTAssertEqual(offset, bytes.count - 1)
            assertNamesFile(error, "odd.txt")
        }
    }

    func testForcedEncodingIsNotDetected() throws {
        let d = try TextDecoder.decode(Data(gbkShort), file: "a.txt", forcing: .gb18030)
        XCTAssertEqual(d.text, "政协工作总结")
        XCTAssertEqual(d.encoding, .gb18030)
        XCTAssertFalse(d.wasDetected)
    }

    func testShortGBKIsDetected() throws {
        let d = try TextDecoder.decode(Data(gbkShort), file: "a.txt")
        XCTAssertEqual(d.text, "政协工作总结")
        XCTAssertEqual(d.encoding, .gb18030)
        XCTAssertTrue(d.wasDetected)
    }

    func testGBKParagraphIsDetected() throws {
        let d = try TextDecoder.decode(Data(gbkParagraphBytes), file: "a.txt")
        XCTAssertEqual(d.text, gbkParagraph)
        XCTAssertEqual(d.encoding, .gb18030)
        XCTAssertTrue(d.wasDetected)
    }

    func testGB18030FourByteSequence() throws {
        // 𠀀 (U+20000) is 95 32 82 36 in GB18030 (python3: '𠀀'.encode('gb18030')).
        let d = try TextDecoder.decode(Data(gbkShort + [0x95, 0x32, 0x82, 0x36] + gbkShort), file: "a.txt")
        XCTAssertEqual(d.text, "政协工作总结𠀀政协工作总结")
        XCTAssertEqual(d.encoding, .gb18030)
        XCTAssertTrue(d.wasDetected)
    }

    func testInvalidUTF8InsideMostlyValidUTF8ReportsTheLine() throws {
        let lines = [
            "政协工作总结和工作计划",
            "一年来，市政协在市委的领导下，认真履行职能。",
            "坚持团结和民主两大主题，围绕中心，服务大局。",
            "各项工作取得新的进展。",
        ]
        var bytes = Array(lines.joined(separator: "\n").utf8)
        // A stray byte after the first character of line 3.
        let badOffset = Array((lines[0] + "\n" + lines[1] + "\n").utf8).count + 3
        bytes.insert(0xFF, at: badOffset)
        XCTAssertThrowsError(try TextDecoder.decode(Data(bytes), file: "damaged.txt")) { error in
            XCTAssertEqual(error as? TextInputError, .invalidUTF8(file: "damaged.txt", line: 3, byteOffset: badOffset))
            assertNamesFile(error, "damaged.txt")
        }
    }

    func testBinaryDataWithNULBytes() throws {
        // An ELF header: 7F 'E' 'L' 'F', three control bytes, then NULs.
        let bytes: [UInt8] = [0x7F, 0x45, 0x4C, 0x46, 0x02, 0x01, 0x01] + [UInt8](repeating: 0, count: 57)
        XCTAssertThrowsError(try TextDecoder.decode(Data(bytes), file: "prog.bin")) { error in
            XCTAssertEqual(error as? TextInputError, .binary(file: "prog.bin", byteOffset: 7))
            assertNamesFile(error, "prog.bin")
        }
    }

    func testUnknownEncoding() throws {
        // Latin-1 "café naïve résumé": invalid UTF-8, and not GB18030 either (é followed by a space).
        let bytes: [UInt8] = Array("caf".utf8) + [0xE9, 0x20] + Array("na".utf8) + [0xEF] + Array("ve r".utf8) + [0xE9] + Array("sum".utf8) + [0xE9, 0x0A]
        XCTAssertThrowsError(try TextDecoder.decode(Data(bytes), file: "latin1.txt")) { error in
            guard case .unknownEncoding(file: "latin1.txt", _)? = error as? TextInputError else {
                return XCTFail("expected unknownEncoding, got \(error)")
            }
            assertNamesFile(error, "latin1.txt")
        }
    }

    func testEmptyDataGivesEmptyText() throws {
        let d = try TextDecoder.decode(Data(), file: "a.txt")
        XCTAssertEqual(d.text, "")
        XCTAssertEqual(d.encoding, .utf8)
    }

    func testEveryErrorDescriptionNamesTheFile() {
        let name = "/tmp/报告 2021.txt"
        let errors: [TextInputError] = [
            .unreadable(file: name, reason: "permission denied"),
            .binary(file: name, byteOffset: 3),
            .invalidUTF8(file: name, line: 2, byteOffset: 10),
            .undecodable(file: name, encoding: "GB18030", line: 4, byteOffset: 20),
            .unknownEncoding(file: name, guess: "ISO-8859-1, confidence 40"),
            .tooLarge(file: name, bytes: 100, limit: 10),
            .empty(file: name),
        ]
        for e in errors {
            XCTAssertTrue(e.errorDescription?.contains(name) == true, "\(e)")
        }
        XCTAssertTrue(TextInputError.invalidUTF8(file: name, line: 2, byteOffset: 10).errorDescription!.contains("line 2"))
    }

    // MARK: TextStreamReader

    /// Reads every chunk and checks the chunk invariants against the whole text.
    func readAll(_ url: URL, chunkSize: Int, expected: String, file: StaticString = #filePath, line: UInt = #line) throws -> [TextStreamReader.Chunk] {
        let reader = try TextStreamReader(url: url, chunkSize: chunkSize)
        var chunks: [TextStreamReader.Chunk] = []
        while let c = try reader.next() { chunks.append(c) }
        XCTAssertEqual(chunks.map(\.text).joined(), expected, file: file, line: line)
        let source = SourceText(expected)
        var offset = 0, lineNumber = 1
        for (k, c) in chunks.enumerated() {
            XCTAssertEqual(c.firstOffset, offset, "chunk \(k)", file: file, line: line)
            XCTAssertEqual(c.firstLine, lineNumber, "chunk \(k)", file: file, line: line)
            // The chunk starts at the beginning of that line of the whole text.
            let loc = source.location(of: c.firstOffset)
            XCTAssertEqual(loc.line, c.firstLine, "chunk \(k)", file: file, line: line)
            XCTAssertEqual(loc.column, 1, "chunk \(k) does not start a line", file: file, line: line)
            if k < chunks.count - 1 { XCTAssertTrue(c.text.hasSuffix("\n"), "chunk \(k) is not whole lines", file: file, line: line) }
            offset += c.text.unicodeScalars.count
            lineNumber += c.text.unicodeScalars.filter { $0 == "\n" }.count
        }
        return chunks
    }

    func testStreamReaderUTF8SmallChunks() throws {
        var text = ""
        for i in 1...30 { text += "第\(i)条：市政协认真履行职能，建言资政。\n" }
        text += "最后一行没有换行符"
        XCTAssertTrue(text.split(separator: "\n").allSatisfy { $0.utf8.count < 64 })
        let url = try write(Array(text.utf8), "stream-utf8.txt")
        let reader = try TextStreamReader(url: url, chunkSize: 64)
        XCTAssertNil(reader.encoding)
        let chunks = try readAll(url, chunkSize: 64, expected: text)
        XCTAssertGreaterThan(chunks.count, 10)
    }

    func testStreamReaderUTF8WithBOM() throws {
        var text = ""
        for i in 1...10 { text += "第\(i)行，政协委员。\n" }
        let url = try write([0xEF, 0xBB, 0xBF] + Array(text.utf8), "stream-bom.txt")
        let reader = try TextStreamReader(url: url, chunkSize: 64)
        var all = ""
        while let c = try reader.next() { all += c.text }
        XCTAssertEqual(all, text)
        XCTAssertEqual(reader.encoding, .utf8WithBOM)
        _ = try readAll(url, chunkSize: 64, expected: text)
    }

    func testStreamReaderGB18030SmallChunks() throws {
        let url = try write(gbkParagraphBytes + gbkParagraphBytes + gbkParagraphBytes, "stream-gbk.txt")
        let reader = try TextStreamReader(url: url, chunkSize: 64)
        var texts: [String] = []
        while let c = try reader.next() { texts.append(c.text) }
        XCTAssertEqual(reader.encoding, .gb18030)
        XCTAssertEqual(texts.joined(), gbkParagraph + gbkParagraph + gbkParagraph)
        let chunks = try readAll(url, chunkSize: 64, expected: gbkParagraph + gbkParagraph + gbkParagraph)
        XCTAssertGreaterThan(chunks.count, 3)
    }

    func testStreamReaderUTF16IsReadWhole() throws {
        let url = try write(utf16Bytes(chinese + chinese, bigEndian: true, bom: true), "stream-utf16.txt")
        let reader = try TextStreamReader(url: url, chunkSize: 64)
        let first = try reader.next()
        XCTAssertEqual(first?.text, chinese + chinese)
        XCTAssertEqual(first?.firstLine, 1)
        XCTAssertEqual(first?.firstOffset, 0)
        XCTAssertNil(try reader.next())
        XCTAssertEqual(reader.encoding, .utf16BE)
    }

    func testStreamReaderEmptyFile() throws {
        let url = try write([], "stream-empty.txt")
        let reader = try TextStreamReader(url: url, chunkSize: 64)
        XCTAssertNil(try reader.next())
    }

    func testStreamReaderInvalidUTF8InALaterChunkReportsTheGlobalLine() throws {
        var lines: [String] = []
        for i in 1...20 { lines.append("第\(i)行：政协工作") }
        let prefix = lines[0..<14].map { $0 + "\n" }.joined()
        var bytes = Array((lines.joined(separator: "\n") + "\n").utf8)
        let badOffset = Array(prefix.utf8).count + 3  // after 第 of line 15
        bytes.insert(0xC0, at: badOffset)
        XCTAssertGreaterThan(badOffset, 64 * 3, "the bad byte should be well past the first chunk")
        let url = try write(bytes, "stream-bad.txt")
        let reader = try TextStreamReader(url: url, chunkSize: 64)
        var chunksBeforeError = 0
        do {
            while try reader.next() != nil { chunksBeforeError += 1 }
            XCTFail("no error thrown")
        } catch {
            XCTAssertEqual(error as? TextInputError, .invalidUTF8(file: url.path, line: 15, byteOffset: badOffset))
            assertNamesFile(error, "stream-bad.txt")
        }
        XCTAssertGreaterThan(chunksBeforeError, 1)
    }

    func testStreamReaderOnADirectoryIsUnreadable() throws {
        XCTAssertThrowsError(try TextStreamReader(url: tempDir)) { error in
            guard case .unreadable(let file, _)? = error as? TextInputError else { return XCTFail("\(error)") }
            XCTAssertEqual(file, tempDir.path)
            assertNamesFile(error, tempDir.lastPathComponent)
        }
    }

    func testStreamReaderKeepsALineLongerThanTheChunkSizeWhole() throws {
        // One line of 40 Han characters (120 bytes) and a chunk size of 64 bytes.
        let text = String(repeating: "政协委员认真履行职能", count: 4) + "\n第二行。\n"
        let url = try write(Array(text.utf8), "stream-long-line.txt")
        _ = try readAll(url, chunkSize: 64, expected: text)
    }

    // MARK: DocumentReader

    func testDocumentReaderReadsUTF8AndGBK() throws {
        let utf8 = try write(Array(chinese.utf8), "doc-utf8.txt")
        let d1 = try DocumentReader.read(utf8)
        XCTAssertEqual(d1.text, chinese)
        XCTAssertEqual(d1.encoding, .utf8)
        let gbk = try write(gbkParagraphBytes, "doc-gbk.txt")
        let d2 = try DocumentReader.read(gbk)
        XCTAssertEqual(d2.text, gbkParagraph)
        XCTAssertEqual(d2.encoding, .gb18030)
        XCTAssertTrue(d2.wasDetected)
    }

    func testDocumentReaderEmptyFile() throws {
        let url = try write([], "empty.txt")
        XCTAssertThrowsError(try DocumentReader.read(url)) { error in
            XCTAssertEqual(error as? TextInputError, .empty(file: url.path))
            assertNamesFile(error, "empty.txt")
        }
        XCTAssertEqual(try DocumentReader.read(url, allowEmpty: true).text, "")
    }

    func testDocumentReaderBlankFileIsEmpty() throws {
        let url = try write(Array(" \n\u{3000}\r\n\t\n".utf8), "blank.txt")
        XCTAssertThrowsError(try DocumentReader.read(url)) { error in
            XCTAssertEqual(error as? TextInputError, .empty(file: url.path))
        }
    }

    func testDocumentReaderDirectory() throws {
        XCTAssertThrowsError(try DocumentReader.read(tempDir)) { error in
            guard case .unreadable(let file, _)? = error as? TextInputError else { return XCTFail("\(error)") }
            XCTAssertEqual(file, tempDir.path)
            assertNamesFile(error, tempDir.lastPathComponent)
        }
    }

    func testDocumentReaderMissingFile() throws {
        let url = tempDir.appendingPathComponent("missing.txt")
        XCTAssertThrowsError(try DocumentReader.read(url)) { error in
            guard case .unreadable(let file, _)? = error as? TextInputError else { return XCTFail("\(error)") }
            XCTAssertEqual(file, url.path)
            assertNamesFile(error, "missing.txt")
        }
    }

    func testDocumentReaderSizeLimit() throws {
        let url = try write(Array(chinese.utf8), "big.txt")
        XCTAssertThrowsError(try DocumentReader.read(url, limit: 10)) { error in
            XCTAssertEqual(error as? TextInputError, .tooLarge(file: url.path, bytes: chinese.utf8.count, limit: 10))
            assertNamesFile(error, "big.txt")
        }
    }

    func testDocumentReaderBinaryFile() throws {
        let url = try write([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D] + [UInt8](repeating: 0, count: 40), "image.png")
        XCTAssertThrowsError(try DocumentReader.read(url)) { error in
            XCTAssertEqual(error as? TextInputError, .binary(file: url.path, byteOffset: 8))
            assertNamesFile(error, "image.png")
        }
    }
}
