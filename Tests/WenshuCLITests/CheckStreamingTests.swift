import Foundation
import XCTest
import WenshuTestSupport

/// `check` over many files writes each file's report as it is done (hostile tester, session 10:
/// 3,000 files held every analysis until the end, 1.5 GB). The bytes are those of the report made
/// whole: each file's text report joined by a blank line, JSON one array of the one-file objects.
final class CheckStreamingTests: XCTestCase {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    func shell(_ command: String) throws -> (status: Int32, out: String, err: String) {
        try WenshuBinary.run(URL(fileURLWithPath: "/bin/sh"), ["-c", command], stdin: nil,
                             env: ["W": try WenshuBinary.url.path, "WENSHU_DICTIONARIES": Self.root.appendingPathComponent("dictionaries").path])
    }

    func temp() throws -> URL {
        let d = FileManager.default.temporaryDirectory.appendingPathComponent("wenshu-stream-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: d, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: d) }
        return d
    }

    /// Drafts of different lengths and findings (a missing section, a placeholder, none), so
    /// that workers finish out of order.
    func drafts(_ n: Int, in dir: URL) throws -> [String] {
        try (0..<n).map { i in
            let url = dir.appendingPathComponent(String(format: "d%03d.txt", i))
            var text = "区政协20\(i % 3 == 0 ? "xx" : "23")年工作总结\n\n一、主要工作\n\n"
            for k in 0..<(i % 5) * 40 { text += "今年以来，我们认真履行职能第\(k)项。\n" }
            if i % 2 == 0 { text += "\n二、存在问题\n\n问题较多。\n\n三、下一步打算\n\n继续努力。\n" }
            try text.write(to: url, atomically: true, encoding: .utf8)
            return url.path
        }
    }

    func testManyFilesGiveTheBytesOfEachFileAlone() throws {
        let dir = try temp()
        let files = try drafts(5, in: dir)
        let all = files.map { "'\($0)'" }.joined(separator: " ")
        // Text: each file's report, joined by one blank line.
        let text = try shell("\"$W\" check --jobs 3 \(all)")
        XCTAssertEqual(text.status, 1, text.err)  // the placeholder years are errors
        var alone: [String] = []
        var jsons: [Any] = []
        for f in files {
            alone.append(try shell("\"$W\" check '\(f)'").out)
            let j = try shell("\"$W\" check --format json '\(f)'").out
            jsons.append(try JSONSerialization.jsonObject(with: Data(j.utf8)))
        }
        XCTAssertEqual(text.out, alone.joined(separator: "\n"))
        // JSON: an array of the one-file objects, in the order given, the same with -o.
        let json = try shell("\"$W\" check --jobs 3 --format json \(all)")
        let array = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(json.out.utf8)) as? [Any])
        XCTAssertEqual(array.count, files.count)
        XCTAssertEqual(array as NSArray, jsons as NSArray)
        XCTAssertTrue(json.out.hasPrefix("[\n  {\n    \"documents\" : ["), String(json.out.prefix(80)))
        XCTAssertTrue(json.out.hasSuffix("\n  }\n]\n"))
        let out = dir.appendingPathComponent("report.json").path
        let written = try shell("\"$W\" check --jobs 2 --format json \(all) -o '\(out)'")
        XCTAssertEqual(written.status, 1, written.err)
        XCTAssertEqual(try String(contentsOfFile: out, encoding: .utf8), json.out)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasPrefix(".") }, [],
                       "no temporary file left beside the output")
    }

    func testAnUnreadableFileClosesTheJSONAndLeavesAnOutputFileWhole() throws {
        let dir = try temp()
        var files = try drafts(5, in: dir)
        let bad = dir.appendingPathComponent("bad.txt")
        try Data([0x00, 0x01, 0x02, 0xFF, 0x00]).write(to: bad)
        files.insert(bad.path, at: 3)
        let all = files.map { "'\($0)'" }.joined(separator: " ")
        let json = try shell("\"$W\" check --jobs 2 --format json \(all)")
        XCTAssertEqual(json.status, 2)
        XCTAssertTrue(json.err.contains("bad.txt"), json.err)
        let array = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(json.out.utf8)) as? [Any], "valid JSON: \(json.out.suffix(200))")
        XCTAssertEqual(array.count, 3, "the reports of the files before the bad one")
        // A regular -o file is left as it was (as before: nothing is written when a file fails).
        let out = dir.appendingPathComponent("report.txt")
        try "old report\n".write(to: out, atomically: true, encoding: .utf8)
        let text = try shell("\"$W\" check --jobs 2 \(all) -o '\(out.path)'")
        XCTAssertEqual(text.status, 2)
        XCTAssertEqual(try String(contentsOf: out, encoding: .utf8), "old report\n")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasPrefix(".") }, [])
    }
}
