import Foundation
import XCTest
import WenshuTestSupport
import ZIPFoundation
@testable import WenshuAnalysis
import WenshuText

#if canImport(Glibc)
import Glibc
#endif

/// The README's "Bad input" table, one test per row, run through the built `wenshu` binary as a
/// hostile user would (the .docx row is in DocxHostileNumberingTests too, the server's row in
/// HostileRequestTests).
final class BadInputTableTests: XCTestCase, WenshuShellTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The `wenshu` binary of the same build (WenshuTestSupport).
    var binary: URL { get throws { try WenshuBinary.url } }

    // `shell` (WenshuShellTests) runs a command line, so pipes from /dev/zero are the shell's,
    // not this process's.

    func testStandardInputKeepsItsEncoding() throws {
        guard let gb = TextDecoderTestSupport.gb18030("区政协2023年工作总结\n\n一、主要工作\n\n今年以来，我们认真履行职能。\n") else { throw XCTSkip("iconv is missing") }
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("wenshu-gb-\(UUID().uuidString).txt")
        defer { try? FileManager.default.removeItem(at: url) }
        try gb.write(to: url)
        let r = try shell("\"$W\" check --format json - < '\(url.path)'")
        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(r.out.utf8)) as? [String: Any], r.err)
        XCTAssertEqual(json["encoding"] as? String, "GB18030")
    }

    func testSegmentJSONStaysValidWhenALaterFileIsBad() throws {
        let d = try temp()
        try "政协委员".write(to: d.appendingPathComponent("good.txt"), atomically: true, encoding: .utf8)
        try Data([0x41, 0x00, 0x42, 0x00, 0x00, 0x01]).write(to: d.appendingPathComponent("bad.bin"))
        let r = try shell("cd '\(d.path)' && \"$W\" segment --format json good.txt bad.bin")
        XCTAssertEqual(r.status, 2)
        XCTAssertTrue(r.err.contains("bad.bin"), r.err)
        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(r.out.utf8)) as? [[String: Any]], r.out)
        XCTAssertEqual(json.first?["file"] as? String, "good.txt")
    }

    func testDocxWithExtremeNumberingStarts() throws {
        let numbering = """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <w:numbering xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">\
            <w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:start w:val="1000000000000"/><w:numFmt w:val="upperRoman"/><w:lvlText w:val="%1."/></w:lvl></w:abstractNum>\
            <w:abstractNum w:abstractNumId="1"><w:lvl w:ilvl="0"><w:start w:val="-5"/><w:numFmt w:val="chineseLegalSimplified"/><w:lvlText w:val="%1、"/></w:lvl></w:abstractNum>\
            <w:num w:numId="1"><w:abstractNumId w:val="0"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="-9223372036854775808"/></w:lvlOverride></w:num>\
            <w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>\
            <w:num w:numId="3"><w:abstractNumId w:val="0"/></w:num>\
            </w:numbering>
            """
        let body = (1...3).map { n in
            "<w:p><w:pPr><w:numPr><w:ilvl w:val=\"0\"/><w:numId w:val=\"\(n)\"/></w:numPr></w:pPr><w:r><w:t>第\(n)项工作</w:t></w:r></w:p>"
        }.joined()
        let url = try temp().appendingPathComponent("numbered.docx")
        let archive = try Archive(url: url, accessMode: .create)
        for (path, content) in [("_rels/.rels", DocxFixtures.packageRels), ("word/document.xml", DocxFixtures.document(body)),
                                ("word/numbering.xml", numbering)] {
            let data = Data(content.utf8)
            try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(data.count), compressionMethod: .deflate) { position, size in
                data.subdata(in: Int(position)..<Int(position) + size)
            }
        }
        let started = Date()
        let r = try shell("\"$W\" outline '\(url.path)'")
        XCTAssertEqual(r.status, 0, r.err)
        XCTAssertTrue(r.out.contains("第1项工作"), r.out)
        XCTAssertLessThan(Date().timeIntervalSince(started), 30)
    }

    func testEndlessStandardInputStopsAtTheFileLimit() throws {
        for command in ["check", "outline", "keywords"] {
            let started = Date()
            let r = try shell("head -c 70000000 /dev/zero | \"$W\" \(command) -")
            XCTAssertEqual(r.status, 2, command)
            XCTAssertTrue(r.err.contains("<stdin>") && r.err.contains("67108864-byte limit"), r.err)
            XCTAssertLessThan(Date().timeIntervalSince(started), 30)
        }
    }

    func testEndlessDeviceAsAFile() throws {
        let r = try shell("\"$W\" check /dev/zero")
        XCTAssertEqual(r.status, 2)
        XCTAssertTrue(r.err.contains("/dev/zero") && r.err.contains("limit"), r.err)
        XCTAssertFalse(r.err.contains("permission"), r.err)
    }

    func testFIFOIsReadLikeAFile() throws {
        let fifo = try temp().appendingPathComponent("draft.fifo")
        XCTAssertEqual(mkfifo(fifo.path, 0o600), 0)
        // The writer gives up after 20 s, so a wenshu that never opens the FIFO fails the test
        // instead of hanging it.
        let r = try shell("timeout 20 sh -c \"printf '区政协2023年工作总结\\n\\n一、主要工作\\n' > '\(fifo.path)'\" & \"$W\" outline '\(fifo.path)'")
        XCTAssertEqual(r.status, 0, r.err)
        XCTAssertTrue(r.out.contains("一、"), r.out)
    }

    /// A data file a user names (`--structure`, `--rules`, `--reference`, `--themes`) that is
    /// huge, endless, a FIFO or empty: a clear error from its size before anything is read (a 3 GB
    /// file was read whole: 6.3 GB and 53 s), the FIFO read like a file.
    func testHugeEndlessOrEmptyDataFiles() throws {
        let d = try temp()
        let big = d.appendingPathComponent("big.yaml")
        XCTAssertTrue(FileManager.default.createFile(atPath: big.path, contents: nil))
        let handle = try FileHandle(forWritingTo: big)
        try handle.truncate(atOffset: 3 << 30)  // sparse: no disk used
        try handle.close()
        let draft = d.appendingPathComponent("draft.txt")
        try "区政协2023年工作总结\n\n一、主要工作\n\n今年以来，我们认真履行职能。\n".write(to: draft, atomically: true, encoding: .utf8)
        for (option, limit) in [("--structure", 4 << 20), ("--rules", 4 << 20), ("--reference", 64 << 20)] {
            let r = try shell("\"$W\" check \(option) '\(big.path)' '\(draft.path)'")
            XCTAssertEqual(r.status, 2, option)
            XCTAssertTrue(r.err.contains("\(big.path): cannot read: the file is \(3 << 30) bytes, more than the \(limit)-byte limit for a data file"), r.err)
            let z = try shell("\"$W\" check \(option) /dev/zero '\(draft.path)'")
            XCTAssertEqual(z.status, 2, option)
            XCTAssertTrue(z.err.contains("/dev/zero: cannot read: it holds more than \(limit) bytes, the limit for a data file"), z.err)
            XCTAssertFalse(z.err.contains("permission"), z.err)
        }
        let t = try shell("\"$W\" themes --themes /dev/zero '\(draft.path)'")
        XCTAssertEqual(t.status, 2)
        XCTAssertTrue(t.err.contains("/dev/zero: cannot read: it holds more than"), t.err)

        // A FIFO is read like a file: the rule arrives through it and is used.
        let fifo = d.appendingPathComponent("rule.fifo")
        XCTAssertEqual(mkfifo(fifo.path, 0o600), 0)
        let rule = "type: existence\nkind: my-rule\nmessage: m\ntokens: [认真履行职能]\n"
        let f = try shell("timeout 20 sh -c \"printf '\(rule)' > '\(fifo.path)'\" & \"$W\" check --format json --rules '\(fifo.path)' '\(draft.path)'")
        XCTAssertTrue(f.out.contains("my-rule"), f.out + f.err)

        // Empty (or only comments): said, not a YAML decoder's message or an empty model used.
        let empty = d.appendingPathComponent("empty.yaml")
        try "# nothing yet\n".write(to: empty, atomically: true, encoding: .utf8)
        for (command, said) in [("check --structure", "the file is empty (no YAML in it); a structure needs name: and sections:"),
                                ("check --reference", "it holds no n-grams"),
                                ("themes --themes", "the file is empty (no YAML in it); a theme taxonomy needs name: and themes:")] {
            let r = try shell("\"$W\" \(command) '\(empty.path)' '\(draft.path)'")
            XCTAssertEqual(r.status, 2, command)
            XCTAssertTrue(r.err.contains(said), command + ": " + r.err)
            XCTAssertFalse(r.err.contains("DecodingError"), r.err)
        }
    }

    func testSymbolicLinkLoop() throws {
        let d = try temp()
        try FileManager.default.createSymbolicLink(atPath: d.appendingPathComponent("a.txt").path, withDestinationPath: d.appendingPathComponent("b.txt").path)
        try FileManager.default.createSymbolicLink(atPath: d.appendingPathComponent("b.txt").path, withDestinationPath: d.appendingPathComponent("a.txt").path)
        for command in ["check", "segment"] {
            let r = try shell("\"$W\" \(command) '\(d.appendingPathComponent("a.txt").path)'")
            XCTAssertEqual(r.status, 2, command)
            XCTAssertTrue(r.err.contains("symbolic link that leads nowhere"), r.err)
            XCTAssertFalse(r.err.contains("NSCocoaErrorDomain"), r.err)
        }
    }

    func testSegmentDashReadsStandardInput() throws {
        let d = try temp()
        try "文件".write(to: d.appendingPathComponent("-"), atomically: true, encoding: .utf8)
        let r = try shell("cd '\(d.path)' && \"$W\" segment -", stdin: "政协委员")
        XCTAssertEqual(r.status, 0, r.err)
        XCTAssertTrue(r.out.contains("政协") && !r.out.contains("文件"), r.out)
    }

    func testOneLongLine() throws {
        // One line of 1 MB: a check answers (the 50 MB timing is in BENCHMARKS.md).
        let url = try temp().appendingPathComponent("line.txt")
        try String(repeating: "区政协认真履行职能，", count: 35_000).write(to: url, atomically: true, encoding: .utf8)
        let r = try shell("\"$W\" check --format json '\(url.path)'")
        XCTAssertTrue(r.status == 0 || r.status == 1, r.err)
        XCTAssertNotNil(try JSONSerialization.jsonObject(with: Data(r.out.utf8)))
    }

    func testLongLineIsStreamedInPiecesCutBetweenCharacters() throws {
        // With 1 KB chunks a line longer than 64 KB comes in pieces; each piece decodes (no
        // character is cut) and together they are the line, in UTF-8 and in GB18030.
        let line = String(repeating: "区政协认真履行职能，𠀀ab", count: 9_000)
        var inputs = [(Data(line.utf8), TextEncoding.utf8)]
        if let gb = TextDecoderTestSupport.gb18030(line) { inputs.append((gb, .gb18030)) }
        XCTAssertEqual(inputs.count, 2, "iconv converts to GB18030")
        for (bytes, encoding) in inputs {
            let url = try temp().appendingPathComponent("line.txt")
            try bytes.write(to: url)
            let reader = try TextStreamReader(url: url, chunkSize: 1024, encoding: encoding)
            var pieces: [String] = []
            while let chunk = try reader.next() { pieces.append(chunk.text) }
            XCTAssertGreaterThan(pieces.count, 1, "\(encoding)")
            XCTAssertEqual(pieces.joined(), line, "\(encoding)")
        }
    }

    /// PatternList matches with ICU on the text's UTF-16 in place: over a long line (with a
    /// character beyond the BMP, so UTF-16 and scalar offsets differ) it finds exactly what
    /// NSRegularExpression finds, anchors and look-behind included.
    func testPatternListFindsWhatNSRegularExpressionFinds() throws {
        let url = try temp().appendingPathComponent("patterns.txt")
        try "^区政协\tstart\n(认真){2}\ttwice\n职能，区\tacross\n能$\tend\n(?<=区)政协\tbehind\n".write(to: url, atomically: true, encoding: .utf8)
        let list = try PatternList.load(contentsOf: url)
        let text = String(repeating: "区政协认真认真履行𠀋职能，", count: 30_000) + "能"
        let got = list.matches(in: text).map { "\($0.range)\($0.entry.fields)" }
        let index = ScalarIndex(text)
        var expected: [String] = []
        for e in list.entries {
            for m in try NSRegularExpression(pattern: e.pattern).matches(in: text, range: NSRange(location: 0, length: (text as NSString).length)) where m.range.length > 0 {
                expected.append("\(index.scalar(m.range.location)..<index.scalar(m.range.location + m.range.length))\(e.fields)")
            }
        }
        XCTAssertEqual(expected.count, 1 + 30_000 + 29_999 + 1 + 30_000)
        XCTAssertEqual(got, expected)
    }

    func testDeeplyNestedStructureYAML() throws {
        let url = try temp().appendingPathComponent("nested.yaml")
        try ("name: x\nkind: summary\npriority: 1\nmatch: [\"总结\"]\nsections: " + String(repeating: "[", count: 5000) + String(repeating: "]", count: 5000) + "\n")
            .write(to: url, atomically: true, encoding: .utf8)
        let r = try shell("echo 区政协工作总结 | \"$W\" check --structure '\(url.path)' -")
        XCTAssertEqual(r.status, 2)
        XCTAssertTrue(r.err.contains("nested.yaml:5") && r.err.contains("nesting deeper than 64 levels"), r.err)
    }

    func testAnchorsInStructureYAML() throws {
        let url = try temp().appendingPathComponent("alias.yaml")
        try "name: x\nkind: summary\npriority: 1\nmatch: &m [\"总结\"]\nopening: *m\nsections: []\n".write(to: url, atomically: true, encoding: .utf8)
        let r = try shell("echo 区政协工作总结 | \"$W\" check --structure '\(url.path)' -")
        XCTAssertEqual(r.status, 2)
        XCTAssertTrue(r.err.contains("alias.yaml:4") && r.err.contains("anchors and aliases"), r.err)
    }

    func testBacktrackingCuePattern() throws {
        let url = try temp().appendingPathComponent("cue.yaml")
        try "name: x\nkind: summary\npriority: 1\nmatch: [\"总结\"]\nsections:\n  - name: 问题\n    required: true\n    headings: [问题]\n    cues: [\"(.*.*)*X\"]\n"
            .write(to: url, atomically: true, encoding: .utf8)
        let started = Date()
        let r = try shell("echo 区政协工作总结 | \"$W\" check --structure '\(url.path)' -")
        XCTAssertEqual(r.status, 2)
        XCTAssertTrue(r.err.contains("cue.yaml:9") && r.err.contains("is refused"), r.err)
        XCTAssertLessThan(Date().timeIntervalSince(started), 20)
    }
}

/// The misleading messages of the issue's point 6, made right.
final class BadInputMessageTests: XCTestCase {
    func testShortGB18030WithCircledAndFullWidthDigitsIsRead() throws {
        // "①６" and "（１）" in GB18030: valid, and no longer "neither UTF-8, UTF-16 nor GB18030".
        guard let gb = TextDecoderTestSupport.gb18030("①６\n（１）") else { throw XCTSkip("iconv is missing") }
        let d = try TextDecoder.decode(gb, file: "short.txt")
        XCTAssertEqual(d.encoding, .gb18030)
        XCTAssertEqual(d.text, "①６\n（１）")
    }

    func testGB18030OfMostlyFourByteCharactersIsRead() throws {
        // Tibetan and CJK Extension B are 4-byte sequences in GB18030.
        let text = "བོད་ཡིག 𠀀𠀁𠀂 政协"
        guard let gb = TextDecoderTestSupport.gb18030(text) else { throw XCTSkip("iconv is missing") }
        let d = try TextDecoder.decode(gb, file: "four.txt")
        XCTAssertEqual(d.encoding, .gb18030)
        XCTAssertEqual(d.text, text)
    }

    func testUTF16WithoutBOMIsReadNotCalledBinary() throws {
        let text = "区政协二〇二三年工作总结\n一、主要工作\n"
        for (encoding, units) in [(TextEncoding.utf16LE, text.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }),
                                  (.utf16BE, text.utf16.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] })] {
            let d = try TextDecoder.decode(Data(units), file: "nobom.txt")
            XCTAssertEqual(d.encoding, encoding)
            XCTAssertEqual(d.text, text)
        }
    }

    func testIDFTableWithCRLFLines() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("wenshu-idf-\(UUID().uuidString).txt")
        defer { try? FileManager.default.removeItem(at: url) }
        try "政协 1.5\r\n委员 2.25\r\n".write(to: url, atomically: true, encoding: .utf8)
        let table = try IDFTable.load(contentsOf: url)
        XCTAssertEqual(table.idf("委员"), 2.25)
    }

}
