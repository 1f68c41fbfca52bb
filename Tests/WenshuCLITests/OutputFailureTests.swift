import Foundation
import XCTest
import WenshuTestSupport

/// Output that cannot be written (hostile tester, session 9): `-o` naming a directory, a device
/// or a FIFO, standard output on a full device. Before: `check -o /dev/full` run as root replaced
/// the device with a regular file and exited 1 in silence; `-o DIR` said "NSCocoaErrorDomain
/// error 512"; `segment > /dev/full` trapped in FileHandle; `keywords > /dev/full` exited 0.
final class OutputFailureTests: XCTestCase, WenshuShellTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    func draft(in dir: URL) throws -> String {
        let url = dir.appendingPathComponent("draft.txt")
        try "区政协2023年工作总结\n\n一、主要工作\n\n今年以来，我们认真履行职能。\n".write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    func testOutputToADirectoryOrAMissingFolderIsSaid() throws {
        let dir = try temp()
        let file = try draft(in: dir)
        var r = try shell("\"$W\" check '\(file)' -o '\(dir.path)'")
        XCTAssertEqual(r.status, 2)
        XCTAssertTrue(r.err.contains("cannot write \(dir.path): it is a directory"), r.err)
        r = try shell("\"$W\" fix '\(file)' -o '\(dir.path)/no/such/folder.txt'")
        XCTAssertEqual(r.status, 2)
        XCTAssertTrue(r.err.contains("does not exist"), r.err)
    }

    func testAFIFOIsWrittenToNotReplaced() throws {
        let dir = try temp()
        let file = try draft(in: dir)
        let fifo = dir.appendingPathComponent("out.fifo").path
        XCTAssertEqual(mkfifo(fifo, 0o600), 0)
        // The shell reads the FIFO in the background while wenshu writes to it.
        let r = try shell("cat '\(fifo)' > '\(dir.path)/read.txt' & \"$W\" check --format json '\(file)' -o '\(fifo)'; s=$?; wait; exit $s")
        XCTAssertEqual(r.status, 0, r.err)
        var st = stat()
        XCTAssertEqual(stat(fifo, &st), 0)
        XCTAssertEqual(st.st_mode & S_IFMT, S_IFIFO, "the FIFO is still a FIFO")
        let read = try String(contentsOfFile: dir.path + "/read.txt", encoding: .utf8)
        XCTAssertTrue(read.contains("\"documents\""), read)
    }

    func testAFullStandardOutputIsAnError() throws {
        var st = stat()
        guard stat("/dev/full", &st) == 0, st.st_mode & S_IFMT == S_IFCHR else { throw XCTSkip("no /dev/full device") }
        let dir = try temp()
        let file = try draft(in: dir)
        for command in ["check", "segment", "keywords", "outline"] {
            let r = try shell("\"$W\" \(command) '\(file)' > /dev/full")
            XCTAssertEqual(r.status, 2, "\(command): \(r.err)")
            XCTAssertTrue(r.err.contains("cannot write the output (standard output)"), "\(command): \(r.err)")
        }
    }
}
