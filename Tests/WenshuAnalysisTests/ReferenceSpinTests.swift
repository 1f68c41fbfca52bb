import Foundation
import XCTest
@testable import WenshuAnalysis
@testable import WenshuText

final class ReferenceSpinTests: XCTestCase {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let wild = root.appendingPathComponent("../shared/wild-dev/pages").standardized
    static let govreports = root.appendingPathComponent("../shared/corpus/govreports").standardized
    static let dictionaries = Dictionaries(root: root.appendingPathComponent("dictionaries"))

    func page(_ name: String) throws -> SourceDocument {
        let url = Self.wild.appendingPathComponent(name)
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw XCTSkip("../shared/wild-dev not found; this test needs the annotated pages")
        }
        return try InputReader.read(url)
    }

    func testASwapNoThesaurusGroupHoldsIsFoundFromTheReferenceCounts() throws {
        // 35.txt (a spun 团委 summary): 树立科学开展观. 发展/开展 are in different Cilin groups and
        // no list names the swap; the reference counts 科学发展 and 发展观, never 科学开展.
        let analysis = try Analyzer(dictionaries: Self.dictionaries).analyze(page("35.txt"))
        let spun = analysis.documents.flatMap(\.findings).filter { $0.kind == "spun-phrase" }
        let hit = try XCTUnwrap(spun.first { $0.text.contains("开展观") }, "\(spun.map(\.text))")
        XCTAssertEqual(hit.severity, .warning)
        XCTAssertEqual(hit.suggestion.map { $0.contains("发展观") }, true, "\(String(describing: hit.suggestion))")
    }

    func testCleanGovernmentPagesRaiseNoSpin() throws {
        // The five pages the annotators marked clean (genuine government text).
        for name in ["51.txt", "56.txt", "58.txt", "59.txt", "64.txt"] {
            let analysis = try Analyzer(dictionaries: Self.dictionaries).analyze(page(name))
            let spun = analysis.documents.flatMap(\.findings).filter { $0.kind == "spun-phrase" || $0.kind == "formulation" }
            XCTAssertEqual(spun.map(\.text), [], name)
        }
    }

    func testAReportHeldOutOfTheModelRaisesAtMostOneFlagPer20000Characters() throws {
        // 2010 against a model of the other 51 reports: its own wording does not vouch for itself.
        guard FileManager.default.fileExists(atPath: Self.govreports.path) else {
            throw XCTSkip("../shared/corpus/govreports not found; this test needs the State Council reports")
        }
        let files = try FileManager.default.contentsOfDirectory(at: Self.govreports, includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "txt" }
        let others = try files.filter { $0.lastPathComponent != "2010.txt" }.map { try String(contentsOf: $0, encoding: .utf8) }
        let held = try String(contentsOf: Self.govreports.appendingPathComponent("2010.txt"), encoding: .utf8)
        let spin = ReferenceSpin(model: ReferenceModel.build(texts: others).pruned(minCount: 2),
                                 pairs: try ReferenceSpin.loadPairs(contentsOf: Self.dictionaries.url("phrases/near-synonyms.txt")))
        let hits = spin.hits(in: held.unicodeScalars.map(\.value))
        XCTAssertLessThanOrEqual(Double(hits.count), Double(held.unicodeScalars.count) / 20000, "\(hits.map(\.suggestion))")
        // The same model finds the swap planted into the report.
        let planted = held.replacingOccurrences(of: "科学发展", with: "科学开展")
        XCTAssertNotEqual(planted, held)
        XCTAssertTrue(spin.hits(in: planted.unicodeScalars.map(\.value)).contains { $0.word == "开展" }, "\(spin.hits(in: planted.unicodeScalars.map(\.value)).map(\.suggestion))")
    }

    func testTheModelRoundTripsAndABadLineNamesTheFile() throws {
        let model = ReferenceModel.build(texts: ["科学发展观，科学发展。", "坚持科学发展"])
        XCTAssertEqual(model.count(Array("科学发展".unicodeScalars.map(\.value))), 3)
        XCTAssertEqual(model.count(Array("发展观".unicodeScalars.map(\.value))), 1)
        XCTAssertEqual(model.count(Array("展，科".unicodeScalars.map(\.value))), 0)  // punctuation ends a run
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("ref-\(UUID().uuidString).ngrams")
        defer { try? FileManager.default.removeItem(at: url) }
        try model.write(to: url, comment: ["test"])
        let back = try ReferenceModel.load(contentsOf: url)
        XCTAssertEqual(back.counts, model.counts)
        XCTAssertEqual(back.documents, 2)
        try "# wenshu reference: documents 1 characters 4\n科学\tmany\n".write(to: url, atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try ReferenceModel.load(contentsOf: url)) { error in
            XCTAssertTrue(error.localizedDescription.contains(url.path), error.localizedDescription)
            XCTAssertTrue(error.localizedDescription.contains("line 2"), error.localizedDescription)
        }
    }
}
