import Foundation
import WenshuAnalysis
import WenshuServer
import WenshuText
import ZIPFoundation

/// `wenshu-bench fuzz`: deterministic mutation fuzzing of every place input enters Wenshu.
///
/// Each target starts from seeds (the repository's fixtures: the seed page, the bundled
/// structures, a .docx with automatic numbering built here, multipart bodies) and mutates them
/// with a seeded generator: bytes flipped, inserted, deleted, repeated, spliced from another seed,
/// and tokens that hurt parsers inserted (Int64 extremes, "%1", "[[[", "&a", XML tags, CR, NUL,
/// lone surrogates, GB18030 4-byte sequences). A thrown error is an answer; a trap or crash ends
/// the process (so CI fails), and an input that takes longer than `--hang` seconds is reported
/// and fails the run. The same `--seed` gives the same inputs.
///
///   wenshu-bench fuzz [--seconds S per target] [--seed N] [--target NAME] [--hang S]
/// The input being tried, kept where a signal handler can write it out if the target crashes.
nonisolated(unsafe) var fuzzCurrentInput = UnsafeMutablePointer<UInt8>.allocate(capacity: 1 << 20)
nonisolated(unsafe) var fuzzCurrentLength = 0
nonisolated(unsafe) var fuzzCrashPath: [CChar] = Array("/tmp/wenshu-fuzz-crash.bin".utf8CString)

/// On a trap or crash: the input to a file (async-signal-safe calls only), then exit status 1.
func fuzzInstallCrashHandler() {
    for number in [SIGILL, SIGTRAP, SIGSEGV, SIGBUS, SIGABRT, SIGFPE] {
        var action = sigaction()
        action.__sigaction_handler.sa_handler = { signal in
            let fd = fuzzCrashPath.withUnsafeBufferPointer { open($0.baseAddress!, O_WRONLY | O_CREAT | O_TRUNC, 0o644) }
            if fd >= 0 { _ = write(fd, fuzzCurrentInput, fuzzCurrentLength); close(fd) }
            let message = "wenshu-bench fuzz: CRASH (signal); the input is in /tmp/wenshu-fuzz-crash.bin\n"
            message.utf8CString.withUnsafeBufferPointer { _ = write(2, $0.baseAddress, $0.count - 1) }
            _exit(1)
        }
        sigaction(number, &action, nil)
    }
}

enum FuzzBench {
    /// SplitMix64: small, fast, reproducible.
    struct Generator: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    struct Target {
        let name: String
        let seeds: [[UInt8]]
        let maxLength: Int
        let run: ([UInt8]) throws -> Void
    }

    static let tokens: [[UInt8]] = [
        "9223372036854775807", "-9223372036854775808", "99999999999999999999", "-1", "0", "1000000000000", "32767",
        "%1", "%9", "%10", "[[[[", "]]]]", "{{{{", "&a ", "*a", "- - - - ", "? ", ": ", "|\n", ">\n", "\"", "'", "#",
        "(.*.*)*", "\\", "<w:p>", "</w:p>", "<w:numPr><w:ilvl w:val=\"8\"/><w:numId w:val=\"1\"/></w:numPr>",
        "<w:start w:val=\"-5\"/>", "w:val=\"upperRoman\"", "w:val=\"chineseLegalSimplified\"", "<!DOCTYPE a [<!ENTITY e \"x\">]>", "&e;",
        "\r\n", "\r", "\n\n", "一、", "（一）", "1.", "①", "第一部分", "\u{FEFF}", "\u{200B}", "--", "\r\n--", "Content-Disposition: form-data; name=\"file\"; filename=\"a.docx\"\r\n\r\n",
    ].map { Array($0.utf8) } + [[0x00], [0xFF, 0xFE], [0xFE, 0xFF], [0xED, 0xA0, 0x80], [0x81, 0x30, 0x81, 0x30], [0xC0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0x50, 0x4B, 0x03, 0x04]]

    static func mutate(_ input: [UInt8], seeds: [[UInt8]], maxLength: Int, _ g: inout Generator) -> [UInt8] {
        var b = input
        for _ in 0..<Int.random(in: 1...6, using: &g) {
            switch Int.random(in: 0..<9, using: &g) {
            case 0 where !b.isEmpty: b[Int.random(in: 0..<b.count, using: &g)] ^= UInt8(1 << Int.random(in: 0..<8, using: &g))
            case 1 where !b.isEmpty: b[Int.random(in: 0..<b.count, using: &g)] = UInt8.random(in: 0...255, using: &g)
            case 2: b.insert(contentsOf: tokens.randomElement(using: &g)!, at: Int.random(in: 0...b.count, using: &g))
            case 3 where b.count > 1:
                let i = Int.random(in: 0..<b.count, using: &g)
                b.removeSubrange(i..<min(b.count, i + Int.random(in: 1...64, using: &g)))
            case 4 where !b.isEmpty:  // repeat a piece
                let i = Int.random(in: 0..<b.count, using: &g), n = min(b.count - i, Int.random(in: 1...32, using: &g))
                let piece = Array(b[i..<(i + n)])
                let times = Int.random(in: 2...200, using: &g)
                b.insert(contentsOf: Array([[UInt8]](repeating: piece, count: times).joined()), at: i)
            case 5:  // splice from another seed
                let other = seeds.randomElement(using: &g)!
                if !other.isEmpty {
                    let i = Int.random(in: 0..<other.count, using: &g), n = min(other.count - i, Int.random(in: 1...256, using: &g))
                    b.insert(contentsOf: other[i..<(i + n)], at: Int.random(in: 0...b.count, using: &g))
                }
            case 6 where b.count > 8: b.removeLast(Int.random(in: 1...min(b.count, 512), using: &g))
            case 7 where !b.isEmpty:  // a digit run replaced by an extreme number
                if let i = b.indices.randomElement(using: &g), (0x30...0x39).contains(b[i]) {
                    b.insert(contentsOf: tokens[Int.random(in: 0...6, using: &g)], at: i)
                }
            default:
                b.insert(contentsOf: tokens.randomElement(using: &g)!, at: b.isEmpty ? 0 : Int.random(in: 0...b.count, using: &g))
            }
        }
        return b.count > maxLength ? Array(b.prefix(maxLength)) : b
    }

    // MARK: - Seeds

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

    // MARK: - Targets

    static func targets(dictionaries: Dictionaries) throws -> [Target] {
        let page = try seedPage()
        let short = String(page.prefix(1500))
        let utf8 = Array(short.utf8)
        let gb = Array(short.data(using: String.Encoding(rawValue: 0x8000_0632)) ?? Data(short.utf8))  // GB18030 where Foundation has it
        let utf16 = [0xFF, 0xFE] + Array(short.data(using: .utf16LittleEndian)!)
        let normalizer = try Normalizer()
        let segmenter = try Segmenter(dictionaries: dictionaries)
        let analyzer = try Analyzer(dictionaries: dictionaries)
        let docParagraphs: [(String, Int?)] = [("区政协2023年工作总结", nil), ("主要工作", 0), ("加强学习", 1), ("组织专题学习", 2),
                                              ("存在问题", 0), ("下一步打算", 0)]
        let document = Array(documentXML(docParagraphs).utf8)
        let numbering = Array(numberingXML.utf8)
        let structures = try FileManager.default.contentsOfDirectory(at: dictionaries.url("structures"), includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "yaml" }.sorted { $0.path < $1.path }.map { Array(try Data(contentsOf: $0)) }
        let docx = try zip([("_rels/.rels", Array(packageRels.utf8)), ("word/document.xml", document), ("word/numbering.xml", numbering)])

        return [
            Target(name: "decoder", seeds: [utf8, gb, utf16], maxLength: 8192) { bytes in
                _ = try? TextDecoder.decode(Data(bytes), file: "fuzz")
            },
            Target(name: "normaliser+segmenter", seeds: [utf8, gb], maxLength: 4096) { bytes in
                let n = try normalizer.normalize(String(decoding: bytes, as: UTF8.self))
                let tokens = try segmenter.segment(n)
                // Every token's ranges lie inside the text.
                let count = n.source.scalars.count
                for t in tokens where t.originalRange.start < 0 || t.originalRange.end > count || t.originalRange.start > t.originalRange.end {
                    FileHandle.standardError.write(Data("fuzz: token range \(t.originalRange) outside 0..<\(count)\n".utf8))
                    exit(1)
                }
            },
            Target(name: "outline+analysis", seeds: [utf8, Array(String(page.dropFirst(3000).prefix(1500)).utf8)], maxLength: 3000) { bytes in
                _ = try? analyzer.analyze(SourceDocument(file: "fuzz", text: String(decoding: bytes, as: UTF8.self), format: "UTF-8"))
            },
            Target(name: "docx-numbering", seeds: [numbering, document], maxLength: 16384) { bytes in
                // Mutated XML parts, zipped whole; a mutated numbering part and a mutated document.
                let isNumbering = bytes.starts(with: Array("<?xml".utf8)) ? String(decoding: bytes.prefix(400), as: UTF8.self).contains("numbering") : false
                let parts: [(String, [UInt8])] = [("_rels/.rels", Array(packageRels.utf8)),
                                                  ("word/document.xml", isNumbering ? document : bytes),
                                                  ("word/numbering.xml", isNumbering ? bytes : numbering)]
                if let package = try? zip(parts) { _ = try? DocxReader.read(data: Data(package), name: "fuzz.docx") }
            },
            Target(name: "docx-zip", seeds: [docx], maxLength: 32768) { bytes in
                _ = try? DocxReader.read(data: Data(bytes), name: "fuzz.docx")
            },
            Target(name: "yaml-structure", seeds: structures, maxLength: 8192) { bytes in
                _ = try? ReferenceStructure.load(text: String(decoding: bytes, as: UTF8.self), file: "fuzz.yaml")
            },
            Target(name: "multipart", seeds: [multipartBody(utf8, filename: "a.txt"), multipartBody(docx, filename: "a.docx")], maxLength: 40000) { bytes in
                _ = try? UploadParsing.source(body: Data(bytes), contentType: "multipart/form-data; boundary=B")
            },
        ]
    }

    /// A line to standard output at once (a crash must not lose the table so far).
    static func say(_ line: String) { FileHandle.standardOutput.write(Data((line + "\n").utf8)) }

    static func run(dictionaries: Dictionaries, seconds: Double, seed: UInt64, only: String?, hang: Double, replay: String? = nil) throws {
        let all = try targets(dictionaries: dictionaries).filter { only == nil || $0.name == only }
        if all.isEmpty { fail("no fuzz target named \(only ?? "")") }
        if let replay {
            // One saved input through the targets, with Swift's own crash report.
            let input = Array(try Data(contentsOf: URL(fileURLWithPath: replay)))
            for target in all { try target.run(input); say("\(target.name): no crash") }
            return
        }
        fuzzInstallCrashHandler()
        say("Fuzzing, \(seconds) s per target, seed \(seed)")
        say("| target | executions | exec/s | slowest (ms) | crashes |")
        say("|---|---|---|---|---|")
        for target in all {
            var g = Generator(state: seed &+ UInt64(target.name.utf8.reduce(0) { $0 &* 31 &+ Int($1) }.magnitude))
            var pool = target.seeds
            let start = now()
            var executions = 0
            var slowest = 0.0
            while now() - start < seconds {
                let input = mutate(pool.randomElement(using: &g)!, seeds: target.seeds, maxLength: target.maxLength, &g)
                fuzzCurrentLength = min(input.count, 1 << 20)
                input.withUnsafeBufferPointer { fuzzCurrentInput.update(from: $0.baseAddress!, count: fuzzCurrentLength) }
                let t0 = now()
                try target.run(input)
                let t = now() - t0
                executions += 1
                slowest = max(slowest, t)
                if t > hang {
                    let path = NSTemporaryDirectory() + "wenshu-fuzz-hang-\(target.name).bin"
                    FileManager.default.createFile(atPath: path, contents: Data(input))
                    fail("\(target.name): one input took \(String(format: "%.1f", t)) s (more than \(hang) s); it is in \(path)")
                }
                // Keep some mutants as new starting points (a crude corpus), bounded.
                if executions % 16 == 0 {
                    if pool.count < 256 { pool.append(input) } else { pool[Int.random(in: target.seeds.count..<pool.count, using: &g)] = input }
                }
            }
            let elapsed = now() - start
            say("| \(target.name) | \(executions) | \(Int(Double(executions) / elapsed)) | \(String(format: "%.1f", slowest * 1000)) | 0 |")
        }
    }
}
