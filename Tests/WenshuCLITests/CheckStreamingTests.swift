import Foundation
import XCTest
import WenshuTestSupport

/// `check` over many files writes each file's report as it is done (hostile tester, session 10:
/// 3,000 files held every analysis until the end, 1.5 GB). The bytes are those of the report made
/// whole: each file's text report joined by a blank line, JSON one array of the one-file objects.
final class CheckStreamingTests: XCTestCase, WenshuShellTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

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

    /// A file that cannot be read among others is said on standard error and left out; every
    /// other file is reported (it stopped the check before), and the exit status is 2.
    func testAnUnreadableFileIsSaidAndTheOthersChecked() throws {
        let dir = try temp()
        var files = try drafts(5, in: dir)
        let alone = try shell("\"$W\" check --jobs 2 --format json \(files.map { "'\($0)'" }.joined(separator: " "))")
        let bad = dir.appendingPathComponent("bad.txt")
        try Data([0x00, 0x01, 0x02, 0xFF, 0x00]).write(to: bad)
        files.insert(bad.path, at: 3)
        let all = files.map { "'\($0)'" }.joined(separator: " ")
        let json = try shell("\"$W\" check --jobs 2 --format json \(all)")
        XCTAssertEqual(json.status, 2)
        XCTAssertEqual(json.err.split(separator: "\n").filter { $0.hasPrefix("wenshu: \(bad.path): ") }.count, 1, json.err)
        let array = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(json.out.utf8)) as? [Any], "valid JSON: \(json.out.suffix(200))")
        XCTAssertEqual(array.count, 5, "the reports of every other file")
        XCTAssertEqual(json.out, alone.out, "the same bytes as the report of the good files alone")
        // Text, to a regular -o file: the other files' reports are written.
        let out = dir.appendingPathComponent("report.txt")
        try "old report\n".write(to: out, atomically: true, encoding: .utf8)
        let text = try shell("\"$W\" check --jobs 2 \(all) -o '\(out.path)'")
        XCTAssertEqual(text.status, 2)
        let report = try String(contentsOf: out, encoding: .utf8)
        XCTAssertEqual(try shell("\"$W\" check --jobs 2 \(files.filter { $0 != bad.path }.map { "'\($0)'" }.joined(separator: " "))").out, report)
        XCTAssertFalse(report.contains("bad.txt"))
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasPrefix(".") }, [])
        // No file can be read: a regular -o file is left as it was.
        try "old report\n".write(to: out, atomically: true, encoding: .utf8)
        let none = try shell("\"$W\" check '\(bad.path)' '\(bad.path)' -o '\(out.path)'")
        XCTAssertEqual(none.status, 2)
        XCTAssertEqual(none.err.split(separator: "\n").count, 2, none.err)
        XCTAssertEqual(try String(contentsOf: out, encoding: .utf8), "old report\n")
        // --format html: the same files are reported, the bad one said.
        let html = try shell("\"$W\" check --format html \(all)")
        XCTAssertEqual(html.status, 2)
        XCTAssertTrue(html.err.contains(bad.path), html.err)
        XCTAssertTrue(html.out.contains("</html>"))
        // The page says so too: a file left out is never taken as clean.
        XCTAssertTrue(html.out.contains("<section class=\"not-checked\"><h2>Not checked <small>1 file could not be read</small></h2>"), html.out.prefix(3000).description)
        XCTAssertTrue(html.out.contains("<li>\(bad.path): "), "the error, naming the file")
        XCTAssertFalse(try shell("\"$W\" check --format html \(files.filter { $0 != bad.path }.map { "'\($0)'" }.joined(separator: " "))").out.contains("not-checked\"><h2>"))
    }
}
