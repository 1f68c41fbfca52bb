import Foundation
import XCTest
import WenshuTestSupport

/// Hundreds of file arguments (`check archive/*.txt`) are parsed in linear time (hostile tester,
/// session 11: swift-argument-parser's array arguments are quadratic — 10,000 files took 37 s to
/// parse in a debug build). Above 256 arguments the line is parsed shortened and the files put
/// back (`ArgumentRuns`); these tests check that nothing about the meaning changes.
final class ManyArgumentsTests: XCTestCase, WenshuShellTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    func testManyFilesMeanWhatTheySay() throws {
        let dir = try temp()
        let files = try (0..<300).map { i -> String in
            let url = dir.appendingPathComponent(String(format: "r%03d.txt", i))
            try "区政协20\(10 + i % 10)年工作总结\n一、主要工作\n完成任务第\(i)项。\n".write(to: url, atomically: true, encoding: .utf8)
            return url.path
        }
        let all = files.map { "'\($0)'" }.joined(separator: " ")
        let first = files[..<150].map { "'\($0)'" }.joined(separator: " ")
        let second = files[150...].map { "'\($0)'" }.joined(separator: " ")
        // 300 files: the same as two commands of 150 (each parsed the usual way).
        let segmented = try shell("\"$W\" segment \(all)")
        XCTAssertEqual(segmented.status, 0, segmented.err)
        XCTAssertEqual(segmented.out, try shell("\"$W\" segment \(first)").out + shell("\"$W\" segment \(second)").out)
        // Options before, between and after the files; an option's value before them.
        let json = try shell("\"$W\" check --structure 工作总结 --format json \(first) --jobs 2 \(second) --lang en")
        XCTAssertNotEqual(json.status, 2, json.err)
        let pages = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(json.out.utf8)) as? [[String: Any]])
        XCTAssertEqual(pages.map { $0["file"] as? String }, files, "every file, in the order given")
        let structures = Set(pages.flatMap { ($0["documents"] as? [[String: Any]] ?? []).map { $0["structure"] as? String } })
        XCTAssertEqual(structures, ["工作总结"])
        // A misspelt option among them is said as before.
        let bad = try shell("\"$W\" check \(all) --formt json")
        XCTAssertEqual(bad.status, 2)
        XCTAssertTrue(bad.err.contains("Unknown option '--formt'"), String(bad.err.prefix(300)))
        // A command whose files are not one list is parsed the usual way: the same message.
        let outline = try shell("\"$W\" outline \(all)")
        XCTAssertEqual(outline.status, 2)
        XCTAssertTrue(outline.err.contains("299 unexpected arguments"), String(outline.err.prefix(200)))
    }
}
