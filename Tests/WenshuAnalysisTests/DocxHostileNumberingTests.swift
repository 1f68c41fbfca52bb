import XCTest
@testable import WenshuAnalysis
import WenshuText
import ZIPFoundation

/// Crafted .docx packages (built here with ZIPFoundation) whose numbering.xml holds values no
/// Word would write: starts at the Int64 extremes, negative starts, starts of 10¹², levels outside
/// 0…8, a huge level text. Each must read quickly, without a trap, with the numbers Word would draw
/// after clamping to what it accepts (start 0…32767).
final class DocxHostileNumberingTests: XCTestCase {
    private var directory: URL!

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("wenshu-hostile-docx-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        if let directory { try? FileManager.default.removeItem(at: directory) }
    }

    /// A .docx whose list 1 has one level 0 of `format` with `start` (as written) and `lvlText`,
    /// optionally a start override, and `count` numbered paragraphs.
    func makeNumbered(_ name: String, format: String, start: String, override: String? = nil,
                      lvlText: String = "%1、", ilvl: String = "0", count: Int = 3) throws -> URL {
        let overrideXML = override.map { "<w:lvlOverride w:ilvl=\"\(ilvl)\"><w:startOverride w:val=\"\($0)\"/></w:lvlOverride>" } ?? ""
        let numbering = """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <w:numbering xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">\
            <w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="\(ilvl)"><w:start w:val="\(start)"/>\
            <w:numFmt w:val="\(format)"/><w:lvlText w:val="\(lvlText)"/></w:lvl></w:abstractNum>\
            <w:num w:numId="1"><w:abstractNumId w:val="0"/>\(overrideXML)</w:num>\
            </w:numbering>
            """
        let body = (0..<count).map {
            DocxReaderTests.p("第\($0 + 1)项工作", properties: "<w:numPr><w:ilvl w:val=\"\(ilvl)\"/><w:numId w:val=\"1\"/></w:numPr>")
        }.joined()
        let url = directory.appendingPathComponent(name)
        let archive = try Archive(url: url, accessMode: .create)
        for (path, content) in [("[Content_Types].xml", DocxReaderTests.contentTypes), ("_rels/.rels", DocxReaderTests.packageRels),
                                ("word/document.xml", DocxReaderTests.document(body)), ("word/numbering.xml", numbering)] {
            let data = Data(content.utf8)
            try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(data.count), compressionMethod: .deflate) { position, size in
                data.subdata(in: Int(position)..<Int(position) + size)
            }
        }
        return url
    }

    func paragraphs(_ url: URL) throws -> [String] {
        try DocxReader.read(url).text.components(separatedBy: "\n\n")
    }

    func testStartAtInt64ExtremesIsClamped() throws {
        // Int64.max + 1 for the next paragraph used to trap on overflow.
        XCTAssertEqual(try paragraphs(makeNumbered("max.docx", format: "decimal", start: "9223372036854775807", lvlText: "%1.")),
                       ["32767. 第1项工作", "32768. 第2项工作", "32769. 第3项工作"])
        XCTAssertEqual(try paragraphs(makeNumbered("min.docx", format: "decimal", start: "-9223372036854775808", lvlText: "%1.")),
                       ["0. 第1项工作", "1. 第2项工作", "2. 第3项工作"])
        // Beyond Int64: clamped by sign rather than ignored.
        XCTAssertEqual(try paragraphs(makeNumbered("huge.docx", format: "decimal", start: "99999999999999999999999", lvlText: "%1.", count: 1)),
                       ["32767. 第1项工作"])
        // Not a number: the default start 1.
        XCTAssertEqual(try paragraphs(makeNumbered("nan.docx", format: "decimal", start: "x1", lvlText: "%1.", count: 1)),
                       ["1. 第1项工作"])
    }

    func testStartOverrideAtInt64ExtremesIsClamped() throws {
        XCTAssertEqual(try paragraphs(makeNumbered("omax.docx", format: "chineseCounting", start: "1", override: "9223372036854775807", count: 2)),
                       ["32767、第1项工作", "32768、第2项工作"])
        XCTAssertEqual(try paragraphs(makeNumbered("omin.docx", format: "chineseCounting", start: "1", override: "-9223372036854775808", count: 2)),
                       ["零、第1项工作", "一、第2项工作"])
    }

    func testNegativeStartInChineseLegalSimplified() throws {
        // legalDigits[-5] used to trap on an index out of range.
        XCTAssertEqual(try paragraphs(makeNumbered("legal.docx", format: "chineseLegalSimplified", start: "-5", count: 2)),
                       ["零、第1项工作", "壹、第2项工作"])
    }

    func testRomanWithHugeStartEnds() throws {
        // A start of 10¹² used to build a string of a billion Ms.
        let started = Date()
        XCTAssertEqual(try paragraphs(makeNumbered("roman.docx", format: "upperRoman", start: "1000000000000", lvlText: "%1.", count: 2)),
                       ["32767. 第1项工作", "32768. 第2项工作"])
        XCTAssertLessThan(Date().timeIntervalSince(started), 10)
        XCTAssertEqual(try paragraphs(makeNumbered("roman2.docx", format: "lowerRoman", start: "3998", lvlText: "%1)", count: 3)),
                       ["mmmcmxcviii) 第1项工作", "mmmcmxcix) 第2项工作", "4000) 第3项工作"])
    }

    func testLevelsOutsideWordsRangeDrawNoNumber() throws {
        // ilvl 1000 and -1 are no Word level: the paragraph keeps its text without a number.
        XCTAssertEqual(try paragraphs(makeNumbered("lvl.docx", format: "decimal", start: "1", ilvl: "1000", count: 1)), ["第1项工作"])
        XCTAssertEqual(try paragraphs(makeNumbered("neg.docx", format: "decimal", start: "1", override: "5", ilvl: "-1", count: 1)), ["第1项工作"])
    }

    func testHugeLevelTextIsCut() throws {
        let text = String(repeating: "%1", count: 50_000)
        let lines = try paragraphs(makeNumbered("text.docx", format: "decimal", start: "7", lvlText: text, count: 2))
        XCTAssertEqual(lines.count, 2)
        // 255 characters of level text, each "%1" drawn as "7": at most 128 numbers in front.
        XCTAssertLessThanOrEqual(lines[0].count, 128 + 1 + "第1项工作".count)
        XCTAssertTrue(lines[0].hasPrefix("7777"))
    }

    func testEveryFormatTakesAnyNumber() {
        let formats = ["decimal", "chineseCounting", "chineseCountingThousand", "ideographDigital", "chineseLegalSimplified",
                       "ideographTraditional", "decimalEnclosedCircle", "decimalEnclosedParen", "decimalFullWidth", "decimalZero",
                       "lowerLetter", "upperLetter", "lowerRoman", "upperRoman", "unknownFormat"]
        for format in formats {
            for n in [Int.min, Int.min + 1, -1_000_000_000_000, -1, 0, 1, 9, 10, 3999, 4000, 32767, 1_000_000_000_000, Int.max] {
                let s = NumberingCounter.format(n, format)
                XCTAssertLessThan(s.count, 64, "\(format) \(n)")
            }
        }
        XCTAssertEqual(NumberingCounter.format(-3, "chineseLegalSimplified"), "零")
        XCTAssertEqual(NumberingCounter.format(-3, "decimalFullWidth"), "－３")
        XCTAssertEqual(NumberingCounter.format(28, "lowerLetter"), "ab")
    }
}

/// Damaged packages found by fuzzing (`scripts/fuzz.sh`; the first three by the mutation harness that preceded it), rebuilt here from a recipe.
final class DocxFuzzFindingsTests: XCTestCase {
    static func package(document: Data) throws -> Data {
        let archive = try Archive(data: Data(), accessMode: .create)
        for (path, data) in [("_rels/.rels", Data(DocxReaderTests.packageRels.utf8)), ("word/document.xml", document)] {
            try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(data.count), compressionMethod: .none) { position, size in
                data.subdata(in: Int(position)..<Int(position) + size)
            }
        }
        return try XCTUnwrap(archive.data)
    }

    func testProcessingInstructionWithoutDataIsRead() throws {
        // Found by libFuzzer: Foundation's parser read the null data of <?xm?> and crashed, so
        // such a part was refused before parsing. libxml2's reader (PartReader) passes over it.
        let body = "<w:p><w:r><w:t>政协</w:t></w:r></w:p>"
        for instruction in ["\n<?xm?>", "<?xm ?>"] {
            let part = Data(DocxReaderTests.document(body).replacingOccurrences(of: "<w:body>", with: "<w:body>" + instruction).utf8)
            XCTAssertEqual(try DocxReader.read(data: Self.package(document: part), name: "pi.docx").text, "政协", instruction)
        }
    }

    func testElementNameThatIsNotUTF8IsAnErrorNotATrap() throws {
        // Foundation's XML parser trapped on <w:p\xC4r> in a part declared UTF-8.
        var xml = Data(DocxReaderTests.document("<w:p><w:r><w:t>政协</w:t></w:r></w:p>").utf8)
        let at = try XCTUnwrap(xml.range(of: Data("<w:p>".utf8)))
        xml.replaceSubrange(at, with: Data("<w:p".utf8) + Data([0xC4]) + Data("r>".utf8))
        XCTAssertThrowsError(try DocxReader.read(data: Self.package(document: xml), name: "bad.docx")) { error in
            let m = (error as? LocalizedError)?.errorDescription ?? ""
            XCTAssertTrue(m.contains("bad.docx") && m.contains("word/document.xml is not valid UTF-8"), m)
        }
    }

    func testUnknownDeclaredEncodingWithBadBytesIsAnErrorNotATrap() throws {
        // Found by fuzzing: encoding="UTF'-8" made libxml2 pass bytes through unconverted, and a
        // 0xFA inside a tag trapped Foundation's parser.
        var xml = Data(DocxReaderTests.document("<w:p><w:r><w:t>政协</w:t></w:r></w:p>").utf8)
        xml.replaceSubrange(xml.range(of: Data("encoding=\"UTF-8\"".utf8))!, with: Data("encoding=\"UTF'-8\"".utf8))
        xml.replaceSubrange(xml.range(of: Data("<w:r>".utf8))!, with: Data("<w:r".utf8) + Data([0xFA]) + Data(">".utf8))
        XCTAssertThrowsError(try DocxReader.read(data: Self.package(document: xml), name: "decl.docx")) { error in
            let m = (error as? LocalizedError)?.errorDescription ?? ""
            XCTAssertTrue(m.contains("is not valid UTF-8"), m)
        }
        // The same declaration on valid UTF-8 is read as UTF-8.
        var fine = Data(DocxReaderTests.document("<w:p><w:r><w:t>政协</w:t></w:r></w:p>").utf8)
        fine.replaceSubrange(fine.range(of: Data("encoding=\"UTF-8\"".utf8))!, with: Data("encoding=\"UTF'-8\"".utf8))
        XCTAssertEqual(try DocxReader.read(data: Self.package(document: fine), name: "fine.docx").text, "政协")
    }

    func testUTF16PartIsRead() throws {
        let text = DocxReaderTests.document("<w:p><w:r><w:t>政协委员</w:t></w:r></w:p>").replacingOccurrences(of: "UTF-8", with: "UTF-16")
        let xml = Data([0xFF, 0xFE]) + Data(text.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] })
        XCTAssertEqual(try DocxReader.read(data: Self.package(document: xml), name: "utf16.docx").text, "政协委员")
    }

    func testEveryDamagedByteOfAPackageGivesAnAnswer() throws {
        // ZIPFoundation's in-memory archive trapped on a damaged ZIP ("Range requires lowerBound
        // <= upperBound"); uploads are read from a temporary file. Every 5th byte of a small
        // package set to 0xFF, and every 9th truncation: each read answers or throws.
        let good = try Self.package(document: Data(DocxReaderTests.document(DocxReaderTests.p("区政协工作总结")).utf8))
        XCTAssertEqual(try DocxReader.read(data: good, name: "good.docx").text, "区政协工作总结")
        var answered = 0
        for i in stride(from: 0, to: good.count, by: 5) {
            var damaged = good
            damaged[i] = 0xFF
            _ = try? DocxReader.read(data: damaged, name: "damaged.docx")
            answered += 1
        }
        for n in stride(from: 2, to: good.count, by: 9) {
            _ = try? DocxReader.read(data: good.prefix(n), name: "short.docx")
            answered += 1
        }
        XCTAssertGreaterThan(answered, 100)
        let left = try FileManager.default.contentsOfDirectory(atPath: FileManager.default.temporaryDirectory.path).filter { $0.hasPrefix("wenshu-upload-\(getpid())-") }
        XCTAssertEqual(left, [], "every temporary copy is deleted (those of this process)")
    }
}

final class DocxHugeRunTests: XCTestCase {
    func testOneRunLongerThanTenMillionBytesIsRead() throws {
        // libxml2's push parser, given a whole part at once, refused any part over 10,000,000
        // bytes with error 1 (first taken for a limit on one text node); parts are now read from
        // a stream, so such a run is read whole.
        let run = String(repeating: "政协委员认真履职，", count: 10_000_000 / 27 + 1000)
        let xml = Data(DocxReaderTests.document("<w:p><w:r><w:t>\(run)</w:t></w:r></w:p>").utf8)
        let source = try DocxReader.read(data: DocxFuzzFindingsTests.package(document: xml), name: "run.docx")
        XCTAssertEqual(source.text.unicodeScalars.count, run.unicodeScalars.count)
    }
}
