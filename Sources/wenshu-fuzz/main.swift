import CICU
import Foundation
import WenshuAnalysis
import WenshuServer
import WenshuText
import ZIPFoundation

// wenshu-fuzz: the libFuzzer targets, one per place input enters Wenshu. Built only by
// `scripts/fuzz.sh` (the package declares this target when WENSHU_FUZZER_LIB names libFuzzer's
// runtime; Wenshu's own modules are then compiled with `-sanitize=fuzzer`, i.e. with coverage
// feedback), never by a plain `swift build`.
//
//   wenshu-fuzz --target=NAME [--write-seeds=DIR] [libFuzzer flags] [CORPUS_DIR | FILE ...]
//
// libFuzzer ignores flags that start with "--"; `--target` picks the target, `--write-seeds`
// writes the target's seed inputs (from the repository's fixtures) into DIR and exits. A thrown
// error is an answer; a trap, a crash, an input slower than `-timeout` or a broken invariant
// (a token or finding range outside its text) is a failure libFuzzer reports and saves.

@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(_ argc: UnsafeMutablePointer<CInt>,
                         _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
                         _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt) -> CInt

/// A broken invariant: said, then a trap libFuzzer catches and saves the input for.
func violated(_ message: String) -> Never {
    FileHandle.standardError.write(Data("wenshu-fuzz: \(message)\n".utf8))
    abort()
}

struct FuzzTarget {
    let name: String
    let seeds: [[UInt8]]
    /// Passed to libFuzzer as -max_len by scripts/fuzz.sh.
    let maxLength: Int
    let run: ([UInt8]) -> Void
}

enum Seeds {
    /// Tokens that hurt parsers, for libFuzzer's dictionary (`-dict`): Int64 extremes, format
    /// strings, YAML and XML syntax, Word numbering, line ends, BOMs, byte sequences that are not
    /// UTF-8, GB18030 four-byte sequences, heading markers, the ZIP signature.
    static let dictionary: [[UInt8]] = [
        "9223372036854775807", "-9223372036854775808", "99999999999999999999", "-1", "0", "1000000000000", "32767",
        "%1", "%9", "%10", "[[[[", "]]]]", "{{{{", "&a ", "*a", "- - - - ", "? ", ": ", "|\n", ">\n", "\"", "'", "#",
        "(.*.*)*", "\\", "<w:p>", "</w:p>", "<w:numPr><w:ilvl w:val=\"8\"/><w:numId w:val=\"1\"/></w:numPr>",
        "<w:start w:val=\"-5\"/>", "w:val=\"upperRoman\"", "w:val=\"chineseLegalSimplified\"", "<!DOCTYPE a [<!ENTITY e \"x\">]>", "&e;",
        "\r\n", "\r", "\n\n", "一、", "（一）", "1.", "①", "第一部分", "1 ", "1.1 ", "2.3.1", "9.9.9.9", "\u{FEFF}", "\u{200B}", "--", "\r\n--", "Content-Disposition: form-data; name=\"file\"; filename=\"a.docx\"\r\n\r\n",
        "(?<=", "(?<!", "(?=", "(?!", "(?:", "(?>", "[^", "]", "\\p{Han}", "\\u4e00", "[\\u4e00-\\u9fa5]", "{0,999}", "{2,}", "++", "*+",
        "?+", "|", "\\b", "^", "$", "\\s*", "[0-9]+", ".{0,30}", "\\Q", "\\E", "\\1", "(?i)", "[[a-z]&&[^x]]",
    ].map { Array($0.utf8) } + [[0x00], [0xFF, 0xFE], [0xFE, 0xFF], [0xED, 0xA0, 0x80], [0x81, 0x30, 0x81, 0x30], [0xC0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0x50, 0x4B, 0x03, 0x04]]


    static func seedPage() throws -> String {
        var dir = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        for _ in 0..<4 {
            let seed = dir.appendingPathComponent("Corpus/seed/zhengxie-zongjie-5pian.txt")
            if FileManager.default.fileExists(atPath: seed.path) { return try String(contentsOf: seed, encoding: .utf8) }
            dir.deleteLastPathComponent()
        }
        return "区政协2023年工作总结\n\n一、主要工作\n\n（一）加强学习\n\n1. 组织专题学习\n\n二、存在问题\n\n三、下一步打算\n"
    }

    static let numberingXML = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <w:numbering xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">\
        <w:abstractNum w:abstractNumId="0">\
        <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl>\
        <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseLegalSimplified"/><w:lvlText w:val="（%2）"/></w:lvl>\
        <w:lvl w:ilvl="2"><w:start w:val="3998"/><w:numFmt w:val="upperRoman"/><w:lvlText w:val="%1.%2.%3"/></w:lvl>\
        </w:abstractNum>\
        <w:num w:numId="1"><w:abstractNumId w:val="0"/><w:lvlOverride w:ilvl="1"><w:startOverride w:val="2"/></w:lvlOverride></w:num>\
        </w:numbering>
        """

    static func documentXML(_ paragraphs: [(String, Int?)]) -> String {
        let body = paragraphs.map { text, level -> String in
            let numPr = level.map { "<w:pPr><w:numPr><w:ilvl w:val=\"\($0)\"/><w:numId w:val=\"1\"/></w:numPr></w:pPr>" } ?? ""
            return "<w:p>\(numPr)<w:r><w:t>\(text)</w:t></w:r></w:p>"
        }.joined()
        return """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>\(body)</w:body></w:document>
            """
    }

    static let packageRels = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
        <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>\
        </Relationships>
        """

    /// A stored (uncompressed) .docx in memory with these parts.
    static func zip(_ parts: [(String, [UInt8])]) throws -> [UInt8] {
        let archive = try Archive(data: Data(), accessMode: .create)
        for (path, content) in parts {
            let data = Data(content)
            try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(data.count), compressionMethod: .none) { position, size in
                data.subdata(in: Int(position)..<Int(position) + size)
            }
        }
        return Array(archive.data ?? Data())
    }

    static func multipartBody(_ file: [UInt8], filename: String) -> [UInt8] {
        Array("--B\r\nContent-Disposition: form-data; name=\"structure\"\r\n\r\n工作总结\r\n--B\r\nContent-Disposition: form-data; name=\"file\"; filename=\"\(filename)\"\r\nContent-Type: application/octet-stream\r\n\r\n".utf8)
            + file + Array("\r\n--B--\r\n".utf8)
    }

}

/// The targets by name; each built only when chosen (the analyzer loads every dictionary).
func makeTarget(_ name: String, dictionaries: Dictionaries) throws -> FuzzTarget? {
    let page = try Seeds.seedPage()
    let short = String(page.prefix(1500))
    let utf8 = Array(short.utf8)
    let gb = Array(short.data(using: String.Encoding(rawValue: 0x8000_0632)) ?? Data(short.utf8))  // GB18030 where Foundation has it
    let utf16 = [0xFF, 0xFE] + Array(short.data(using: .utf16LittleEndian)!)
    let later = Array(String(page.dropFirst(3000).prefix(1500)).utf8)
    // Decimal heading numbers (GB/T 1.1), which the seed page does not have.
    let decimal = Array("应急预案\n\n目录\n\n总则\n\n1.1 编制目的\n\n8  附则\n\n1 总则\n\n1.1 编制目的\n\n正文。\n\n1.2 编制依据\n\n2 组织体系\n\n2.1 指挥机构\n\n（一）职责\n\n2.3.1 办公室\n\n3 预防\n".utf8)
    let docParagraphs: [(String, Int?)] = [("区政协2023年工作总结", nil), ("主要工作", 0), ("加强学习", 1), ("组织专题学习", 2),
                                          ("存在问题", 0), ("下一步打算", 0)]
    let document = Array(Seeds.documentXML(docParagraphs).utf8)
    let numbering = Array(Seeds.numberingXML.utf8)
    func docx() throws -> [UInt8] {
        try Seeds.zip([("_rels/.rels", Array(Seeds.packageRels.utf8)), ("word/document.xml", document), ("word/numbering.xml", numbering)])
    }

    switch name {
    case "decoder":
        return FuzzTarget(name: name, seeds: [utf8, gb, utf16], maxLength: 8192) { bytes in
            _ = try? TextDecoder.decode(Data(bytes), file: "fuzz")
        }
    case "normaliser+segmenter":
        let normalizer = try Normalizer()
        let segmenter = try Segmenter(dictionaries: dictionaries)
        return FuzzTarget(name: name, seeds: [utf8, gb, later], maxLength: 4096) { bytes in
            guard let n = try? normalizer.normalize(String(decoding: bytes, as: UTF8.self)),
                  let tokens = try? segmenter.segment(n) else { return }
            let count = n.source.scalars.count
            for t in tokens where t.originalRange.start < 0 || t.originalRange.end > count || t.originalRange.start > t.originalRange.end {
                violated("token range \(t.originalRange) outside 0..<\(count)")
            }
        }
    case "outline":
        let normalizer = try Normalizer()
        return FuzzTarget(name: name, seeds: [utf8, later, decimal], maxLength: 4096) { bytes in
            let source = SourceDocument(file: "fuzz", text: String(decoding: bytes, as: UTF8.self), format: "UTF-8")
            guard let page = try? PageText(source: source, normalizer: normalizer) else { return }
            let count = page.text.scalars.count
            for d in page.documents {
                guard d.paragraphIndices.lowerBound >= 0, d.paragraphIndices.upperBound <= page.paragraphs.count else {
                    violated("document \(d.index) holds paragraphs \(d.paragraphIndices) of \(page.paragraphs.count)")
                }
                let range = page.range(of: d)
                if range.start < 0 || range.end > count || range.start > range.end { violated("document range \(range) outside 0..<\(count)") }
                let body = Array(page.body(of: d))
                let outline = OutlineBuilder.build(body, end: range.end)
                for node in outline.flat where node.range.start < range.start || node.range.end > range.end
                    || node.titleRange.start < node.range.start || node.titleRange.end > node.range.end || !body.indices.contains(node.paragraph) {
                    violated("outline node at \(node.range) outside its document \(range)")
                }
            }
        }
    case "analysis":
        let analyzer = try Analyzer(dictionaries: dictionaries)
        return FuzzTarget(name: name, seeds: [utf8, later, decimal], maxLength: 3000) { bytes in
            let text = String(decoding: bytes, as: UTF8.self)
            guard let result = try? analyzer.analyze(SourceDocument(file: "fuzz", text: text, format: "UTF-8")) else { return }
            let count = text.unicodeScalars.count
            for f in result.pageFindings + result.documents.flatMap(\.findings)
            where f.range.start < 0 || f.range.end > count || f.range.start > f.range.end || f.line < 1 || f.column < 1 {
                violated("\(f.kind) finding at \(f.range) (line \(f.line), column \(f.column)) outside the text of \(count) characters")
            }
        }
    case "docx-numbering":
        return FuzzTarget(name: name, seeds: [numbering, document], maxLength: 16384) { bytes in
            // A mutated XML part zipped whole with the others: a numbering part or a document.
            let isNumbering = bytes.starts(with: Array("<?xml".utf8)) && String(decoding: bytes.prefix(400), as: UTF8.self).contains("numbering")
            let parts: [(String, [UInt8])] = [("_rels/.rels", Array(Seeds.packageRels.utf8)),
                                              ("word/document.xml", isNumbering ? document : bytes),
                                              ("word/numbering.xml", isNumbering ? bytes : numbering)]
            if let package = try? Seeds.zip(parts) { _ = try? DocxReader.read(data: Data(package), name: "fuzz.docx") }
        }
    case "docx-zip":
        return FuzzTarget(name: name, seeds: [try docx()], maxLength: 32768) { bytes in
            _ = try? DocxReader.read(data: Data(bytes), name: "fuzz.docx")
        }
    case "yaml-structure":
        let structures = try FileManager.default.contentsOfDirectory(at: dictionaries.url("structures"), includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "yaml" }.sorted { $0.path < $1.path }.map { Array(try Data(contentsOf: $0)) }
        return FuzzTarget(name: name, seeds: structures, maxLength: 8192) { bytes in
            _ = try? ReferenceStructure.load(text: String(decoding: bytes, as: UTF8.self), file: "fuzz.yaml")
        }
    case "patterns":
        // A pattern (the first line) and a text (the rest), as a user's rules, structure or
        // pattern list and a document give them. PatternSafety's verdicts, the hand-written
        // readings of a pattern (its first characters, a leading repetition) and the search
        // must not trap; a search that ends finds exactly what ICU's plain search finds (the
        // first characters and the hoisting only choose where to try).
        let lists = ["junk.txt", "placeholders.txt", "broken.txt", "garbled.txt"].compactMap {
            try? String(contentsOf: dictionaries.url("patterns/\($0)"), encoding: .utf8)
        }.flatMap { $0.split(separator: "\n").filter { !$0.hasPrefix("#") && !$0.isEmpty }.map { String($0.split(separator: "\t")[0]) } }
        let sample = String(page.prefix(400))
        let seeds = stride(from: 0, to: lists.count, by: max(1, lists.count / 40)).map { Array((lists[$0] + "\n" + sample).utf8) }
        return FuzzTarget(name: name, seeds: seeds, maxLength: 2048) { bytes in
            let input = String(decoding: bytes, as: UTF8.self)
            let (pattern, text) = input.firstIndex(of: "\n").map { (String(input[..<$0]), String(input[input.index(after: $0)...])) } ?? (input, "")
            _ = PatternSafety.problem(pattern)
            _ = PatternSafety.problem(pattern, polynomial: false)
            // Tight limits: a fuzzed pattern may be exponential; it must be stopped, not hang.
            guard let set = try? ICURegexSet(patterns: [pattern], timeLimit: 20, budget: (base: 50_000_000, perUnit: 0)) else { return }
            let units = Array(text.utf16)
            let found = set.search(in: units)
            var last = 0
            for r in found.ranges.first ?? [] {
                guard r.lowerBound >= last, r.lowerBound < r.upperBound, r.upperBound <= units.count else {
                    violated("match \(r) of \(pattern) out of order or outside 0..<\(units.count)")
                }
                last = r.upperBound
            }
            _ = set.firstMatch(pattern: 0, in: units)
            guard found.stopped.isEmpty else { return }
            // ICU's own search, whole, with the same time limit.
            let p = Array(pattern.utf16)
            var status: Int32 = 0, offset: Int32 = 0
            guard let re = wenshu_regex_open(p, Int32(p.count), &offset, &status), status <= 0 else { return }
            defer { wenshu_regex_close(re) }
            wenshu_regex_set_time_limit(re, 20)
            var capacity = 256
            var starts = [Int32](repeating: 0, count: capacity), ends = [Int32](repeating: 0, count: capacity)
            var n = Int(wenshu_regex_find_all(re, units, Int32(units.count), &starts, &ends, Int32(capacity), &status))
            if n > capacity {
                capacity = n
                starts = [Int32](repeating: 0, count: capacity); ends = [Int32](repeating: 0, count: capacity)
                n = Int(wenshu_regex_find_all(re, units, Int32(units.count), &starts, &ends, Int32(capacity), &status))
            }
            guard wenshu_regex_stopped(status) == 0, status <= 0 else { return }
            let plain = (0..<min(n, capacity)).map { Int(starts[$0])..<Int(ends[$0]) }
            if plain != found.ranges[0] {
                violated("\(pattern) found \(found.ranges[0].prefix(5)) where ICU's search finds \(plain.prefix(5))")
            }
        }
    case "multipart":
        // A .doc, .odt, .rtf or .pdf upload would start LibreOffice or pdftotext (seconds each, a
        // program of their own, not Wenshu's parsing): they are hidden, so such an upload is
        // "not installed" at once, as on a machine without them.
        setenv("WENSHU_SOFFICE", "/nonexistent/soffice", 1)
        setenv("WENSHU_PDFTOTEXT", "/nonexistent/pdftotext", 1)
        return FuzzTarget(name: name, seeds: [Seeds.multipartBody(utf8, filename: "a.txt"), Seeds.multipartBody(try docx(), filename: "a.docx")],
                          maxLength: 40000) { bytes in
            _ = try? UploadParsing.source(body: Data(bytes), contentType: "multipart/form-data; boundary=B")
        }
    default:
        return nil
    }
}

let targetNames = ["decoder", "normaliser+segmenter", "outline", "analysis", "docx-numbering", "docx-zip", "yaml-structure", "multipart", "patterns"]

/// The chosen target, for the C callback (which cannot capture).
nonisolated(unsafe) var chosen: FuzzTarget?

func value(_ flag: String) -> String? {
    CommandLine.arguments.first { $0.hasPrefix(flag + "=") }.map { String($0.dropFirst(flag.count + 1)) }
}

// Swift's backtracer would take the crash signals before libFuzzer and exit without saving the
// input: run again with it off.
if ProcessInfo.processInfo.environment["SWIFT_BACKTRACE"] == nil {
    setenv("SWIFT_BACKTRACE", "enable=no", 1)
    let argv = CommandLine.unsafeArgv
    execv("/proc/self/exe", argv)
}

if CommandLine.arguments.contains("--list") {
    print(targetNames.joined(separator: "\n"))
    exit(0)
}
if let file = value("--write-dict") {
    // libFuzzer's dictionary format: one "token" a line, bytes outside printable ASCII as \xNN.
    let lines = Seeds.dictionary.map { token in
        "\"" + token.map { b in (0x20..<0x7F).contains(b) && b != 0x22 && b != 0x5C ? String(UnicodeScalar(b)) : String(format: "\\x%02X", b) }.joined() + "\""
    }
    do { try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: URL(fileURLWithPath: file)) } catch {
        FileHandle.standardError.write(Data("wenshu-fuzz: cannot write \(file): \(error.localizedDescription)\n".utf8)); exit(2)
    }
    exit(0)
}
guard let name = value("--target") else {
    FileHandle.standardError.write(Data("usage: wenshu-fuzz --target=NAME [--write-seeds=DIR] [libFuzzer flags] [CORPUS ...]; targets: \(targetNames.joined(separator: ", "))\n".utf8))
    exit(2)
}
do {
    guard let target = try makeTarget(name, dictionaries: try Dictionaries.locate()) else {
        FileHandle.standardError.write(Data("wenshu-fuzz: no target named \(name); targets: \(targetNames.joined(separator: ", "))\n".utf8))
        exit(2)
    }
    if let dir = value("--write-seeds") {
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        for (i, seed) in target.seeds.enumerated() {
            try Data(seed).write(to: URL(fileURLWithPath: "\(dir)/seed-\(i)"))
        }
        print(target.maxLength)
        exit(0)
    }
    chosen = target
} catch {
    FileHandle.standardError.write(Data("wenshu-fuzz: \((error as? LocalizedError)?.errorDescription ?? "\(error)")\n".utf8))
    exit(2)
}

var argc = CommandLine.argc
var argv = CommandLine.unsafeArgv
exit(LLVMFuzzerRunDriver(&argc, &argv) { data, size in
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    chosen?.run(bytes)
    return 0
})
