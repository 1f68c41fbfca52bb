import Foundation
import XCTest
@testable import WenshuAnalysis
@testable import WenshuText

/// One front end: a file read and split into its documents (`PageText`), folders as files
/// (`InputFiles`), data files read with their line numbers (`DataFile`).
final class FrontEndTests: XCTestCase {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let seed = root.appendingPathComponent("Corpus/seed/zhengxie-zongjie-5pian.txt")
    static let dictionaries = Dictionaries(root: root.appendingPathComponent("dictionaries"))

    func testTheSeedPageSplitsIntoTheDocumentsTheAnalyzerReports() throws {
        let page = try PageText.read(Self.seed, normalizer: Normalizer(options: .documents))
        XCTAssertEqual(page.documents.count, 5)
        XCTAssertEqual(page.documents.map { page.title(of: $0)?.text },
                       ["第一篇", "第二篇", "第三篇", "第四篇", "第五篇"].map { "政协工作总结和工作计划【\($0)】" })
        // The body is the document without its title; the site's title line belongs to none.
        for d in page.documents {
            XCTAssertEqual(page.body(of: d).count + 1, page.all(of: d).count)
        }
        XCTAssertTrue(page.pageParagraphs.contains { $0.text.hasPrefix("政协工作总结范文和工作计划汇总5篇") })
        // The library reads the same documents.
        let library = try CopyLibrary.loadDocuments([Self.seed])
        XCTAssertEqual(library.map(\.index), [0, 1, 2, 3, 4])
        XCTAssertEqual(library.map(\.document.title), page.documents.map { page.title(of: $0)?.text })
    }

    func testAFolderGivesItsDocumentsSortedAndAMissingPathIsNamed() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("wenshu-files-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("sub"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        for name in ["b.txt", "a.DOCX", "sub/c.pdf", "notes.md", "image.png"] {
            try Data("x".utf8).write(to: dir.appendingPathComponent(name))
        }
        let files = try InputFiles.expand([dir])
        XCTAssertEqual(files.map { $0.path.replacingOccurrences(of: dir.path + "/", with: "") }.sorted(), ["a.DOCX", "b.txt", "sub/c.pdf"])
        XCTAssertEqual(files.map(\.path), files.map(\.path).sorted())
        XCTAssertEqual(try InputFiles.expand([dir], extensions: ["txt"]).map(\.lastPathComponent), ["b.txt"])
        // A file named is read whatever its extension.
        XCTAssertEqual(try InputFiles.expand([dir.appendingPathComponent("notes.md")]).map(\.lastPathComponent), ["notes.md"])
        XCTAssertThrowsError(try InputFiles.expand(["no/such/folder"])) { error in
            XCTAssertTrue(error.localizedDescription.contains("no/such/folder"), error.localizedDescription)
        }
    }

    func testDataFilesKeepTheirLineNumbers() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("wenshu-data-\(UUID().uuidString).txt")
        defer { try? FileManager.default.removeItem(at: url) }
        try "\u{FEFF}# a comment\r\n\r\n  坚强 顽强 \r\n# another\n沟通\n".write(to: url, atomically: true, encoding: .utf8)
        XCTAssertEqual(try DataFile.entries(of: url), [DataLine(number: 3, text: "坚强 顽强"), DataLine(number: 5, text: "沟通")])
        XCTAssertEqual(try WordList.load(contentsOf: url), ["坚强 顽强", "沟通"])
        // An error names the line, not the entry: 沟通 is entry 2 on line 5.
        XCTAssertThrowsError(try SpinTable.load(canonical: url, synonyms: url)) { error in
            XCTAssertTrue(error.localizedDescription.contains("line 5"), error.localizedDescription)
            XCTAssertTrue(error.localizedDescription.contains(url.path), error.localizedDescription)
        }
        try "# formulations\n\n以习近平同志为核心的党中央\t20x6-\n".write(to: url, atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try FormulationList.load(contentsOf: url)) { error in
            XCTAssertTrue(error.localizedDescription.contains("line 3"), error.localizedDescription)
        }
    }
}
