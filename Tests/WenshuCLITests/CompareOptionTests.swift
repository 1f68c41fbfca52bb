import Foundation
import XCTest
import WenshuTestSupport

/// `compare`'s options (hostile tester, session 10: `compare --all DIR -o FILE` said "give
/// either a draft or --all with a batch, not both" — compare had no -o, and the file after it
/// was taken as a draft, whose check came before the unknown option's).
final class CompareOptionTests: XCTestCase, WenshuShellTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    func testOutputFileAndMisplacedArgumentsAreSaid() throws {
        let dir = try temp()
        let body = "区政协2023年工作总结\n\n一、主要工作\n\n今年以来，我们认真履行政治协商、民主监督、参政议政职能，围绕中心服务大局，开展专题调研十二次，提出意见建议四十余条。\n"
        for name in ["a.txt", "b.txt"] { try body.write(to: dir.appendingPathComponent(name), atomically: true, encoding: .utf8) }
        let d = dir.path
        // -o writes the batch report (and a draft's) to the file, the bytes of standard output.
        let out = d + "/report.json"
        var r = try shell("\"$W\" compare --all '\(d)/a.txt' '\(d)/b.txt' --format json -o '\(out)'")
        XCTAssertEqual(r.status, 0, r.err)
        XCTAssertEqual(r.out, "")
        let printed = try shell("\"$W\" compare --all '\(d)/a.txt' '\(d)/b.txt' --format json")
        XCTAssertEqual(try String(contentsOfFile: out, encoding: .utf8), printed.out)
        XCTAssertTrue(printed.out.contains("\"pairs\""), printed.out)
        r = try shell("\"$W\" compare '\(d)/a.txt' --against '\(d)/b.txt' -o '\(d)/one.txt'")
        XCTAssertEqual(r.status, 0, r.err)
        XCTAssertEqual(try String(contentsOfFile: d + "/one.txt", encoding: .utf8),
                       try shell("\"$W\" compare '\(d)/a.txt' --against '\(d)/b.txt'").out)
        // A misspelt option with a value after a batch: the option is named, not "not both".
        r = try shell("\"$W\" compare --all '\(d)/a.txt' --outptu '\(d)/x.txt'")
        XCTAssertEqual(r.status, 2)
        XCTAssertTrue(r.err.contains("Unknown option '--outptu'"), r.err)
        // A draft and a batch: which argument was read as the draft, and what to do.
        r = try shell("\"$W\" compare '\(d)/b.txt' --all '\(d)/a.txt'")
        XCTAssertEqual(r.status, 2)
        XCTAssertTrue(r.err.contains("'\(d)/b.txt' was read as a draft, and --all was given too"), r.err)
        XCTAssertTrue(r.err.contains("put every file of a batch right after --all"), r.err)
    }
}
