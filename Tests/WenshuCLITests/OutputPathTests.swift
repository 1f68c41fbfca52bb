import Foundation
import XCTest
import WenshuTestSupport

/// Every writer of a file the user names goes the one way (`OutputPath`): `reference build -o` and
/// `idf build -o` write a FIFO or device in place as `check -o` does (they replaced it with a
/// regular file), and `-o` naming a symbolic link to a file that does not exist yet writes that
/// file, keeping the link (it replaced the link), as a shell's `>` does.
final class OutputPathTests: XCTestCase, WenshuShellTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// Two small reports in `dir/corpus`.
    func corpus(in dir: URL) throws -> String {
        let folder = dir.appendingPathComponent("corpus")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try "区政协2023年工作总结\n\n一、主要工作\n\n今年以来，我们认真履行职能，加强调查研究。\n".write(to: folder.appendingPathComponent("a.txt"), atomically: true, encoding: .utf8)
        try "区政协2024年工作计划\n\n一、工作思路\n\n坚持调查研究，认真履行职能，服务发展大局。\n".write(to: folder.appendingPathComponent("b.txt"), atomically: true, encoding: .utf8)
        return folder.path
    }

    func fileType(_ path: String) -> mode_t? {
        var st = stat()
        return lstat(path, &st) == 0 ? st.st_mode & S_IFMT : nil
    }

    func testBuildCommandsWriteAFIFOInPlace() throws {
        let dir = try temp()
        let corpus = try corpus(in: dir)
        for (name, command, expected) in [("reference", "reference build '\(corpus)'", "# wenshu reference:"),
                                          ("idf", "idf build --no-phrases '\(corpus)'", "# wenshu idf: documents 2")] {
            let fifo = dir.appendingPathComponent("\(name).fifo").path
            XCTAssertEqual(mkfifo(fifo, 0o600), 0)
            let r = try shell("cat '\(fifo)' > '\(dir.path)/\(name).read' & \"$W\" \(command) -o '\(fifo)'; s=$?; wait; exit $s")
            XCTAssertEqual(r.status, 0, "\(name): \(r.err)")
            XCTAssertEqual(fileType(fifo), S_IFIFO, "\(name): the FIFO is still a FIFO")
            let read = try String(contentsOfFile: "\(dir.path)/\(name).read", encoding: .utf8)
            XCTAssertTrue(read.hasPrefix(expected), "\(name): \(read.prefix(200))")
        }
    }

    func testBuildCommandsOnAFullDeviceSaySo() throws {
        guard fileType("/dev/full") == S_IFCHR else { throw XCTSkip("no /dev/full device") }
        let dir = try temp()
        let corpus = try corpus(in: dir)
        for command in ["reference build '\(corpus)' -o /dev/full", "idf build --no-phrases '\(corpus)' -o /dev/full"] {
            let r = try shell("\"$W\" \(command)")
            XCTAssertEqual(r.status, 2, "\(command): \(r.err)")
            XCTAssertTrue(r.err.contains("/dev/full") && r.err.contains("No space left on device"), "\(command): \(r.err)")
            XCTAssertEqual(fileType("/dev/full"), S_IFCHR, "the device is still a device")
        }
    }

    func testADanglingLinkIsWrittenThroughAndKept() throws {
        let dir = try temp()
        let corpus = try corpus(in: dir)
        let draft = corpus + "/a.txt"
        for (name, command) in [("check", "check --format json '\(draft)'"), ("reference", "reference build '\(corpus)'"),
                                ("idf", "idf build --no-phrases '\(corpus)'")] {
            let link = dir.appendingPathComponent("\(name).link").path
            try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: "\(name)-target.txt")  // relative, missing
            let r = try shell("\"$W\" \(command) -o '\(link)'")
            XCTAssertEqual(r.status, 0, "\(name): \(r.err)")
            XCTAssertEqual(fileType(link), S_IFLNK, "\(name): the link is still a link")
            let written = try String(contentsOfFile: dir.appendingPathComponent("\(name)-target.txt").path, encoding: .utf8)
            XCTAssertFalse(written.isEmpty, name)
        }
        // A link into a folder that does not exist, and a loop of links: exit 2 with the reason.
        let nowhere = dir.appendingPathComponent("nowhere.link").path
        try FileManager.default.createSymbolicLink(atPath: nowhere, withDestinationPath: dir.path + "/no/such/folder/out.json")
        var r = try shell("\"$W\" check '\(draft)' -o '\(nowhere)'")
        XCTAssertEqual(r.status, 2, r.err)
        XCTAssertTrue(r.err.contains("it is a symbolic link to \(dir.path)/no/such/folder/out.json, whose folder \(dir.path)/no/such/folder does not exist"), r.err)
        let a = dir.appendingPathComponent("loop-a").path, b = dir.appendingPathComponent("loop-b").path
        try FileManager.default.createSymbolicLink(atPath: a, withDestinationPath: b)
        try FileManager.default.createSymbolicLink(atPath: b, withDestinationPath: a)
        for command in ["check '\(draft)'", "reference build '\(corpus)'", "idf build --no-phrases '\(corpus)'"] {
            r = try shell("\"$W\" \(command) -o '\(a)'")
            XCTAssertEqual(r.status, 2, "\(command): \(r.err)")
            XCTAssertTrue(r.err.contains("symbolic link in a loop"), "\(command): \(r.err)")
            XCTAssertEqual(fileType(a), S_IFLNK)
        }
    }
}
