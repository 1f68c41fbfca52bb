import Foundation
import XCTest
@testable import WenshuAnalysis
@testable import WenshuText

/// A reference model of the user's own archive (`check --reference FILE`) added to the shipped
/// one: the archive's wording vouches for the draft's words.
final class ExtraReferenceTests: XCTestCase {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let govreports = root.appendingPathComponent("../shared/corpus/govreports").standardized
    static let dictionaries = Dictionaries(root: root.appendingPathComponent("dictionaries"))

    func testMergingSumsCountsAndSaturates() {
        let a = ReferenceModel.build(texts: ["科学发展观", "科学发展"])
        let b = ReferenceModel.build(texts: ["坚持科学发展"])
        let m = a.merged(with: b)
        XCTAssertEqual(m.count(Array("科学发展".unicodeScalars.map(\.value))), 3)
        XCTAssertEqual(m.count(Array("坚持".unicodeScalars.map(\.value))), 1)
        XCTAssertEqual(m.documents, 3)
        XCTAssertEqual(m.characters, a.characters + b.characters)
        let key = ReferenceModel.key("发展".unicodeScalars.map(\.value))!
        let big = ReferenceModel(counts: [key: Int32.max - 1], documents: 1, characters: 10)
        XCTAssertEqual(big.merged(with: big).counts[key], Int32.max, "a sum past Int32.max saturates instead of trapping")
    }

    func testAnArchiveOfRecentReportsVouchesForWordingTheShippedModelFindsOdd() throws {
        // 2018 says 不断提升人民…: against the shipped model (all 52 reports, mostly older
        // wording) 提升 looks swapped in for 提高. An archive of the reports around it (2013–2023,
        // without 2018 itself) uses 提升 with these neighbours, so the flag goes.
        guard FileManager.default.fileExists(atPath: Self.govreports.path) else {
            throw XCTSkip("../shared/corpus/govreports not found; this test needs the State Council reports")
        }
        let draft = try InputReader.read(Self.govreports.appendingPathComponent("2018.txt"))
        let analyzer = try Analyzer(dictionaries: Self.dictionaries)
        func spun(_ a: Analyzer) throws -> [Finding] {
            try a.analyze(draft).documents.flatMap(\.findings).filter { $0.kind == "spun-phrase" }
        }
        let before = try spun(analyzer)
        XCTAssertTrue(before.contains { $0.text.contains("提升") }, "\(before.map(\.text))")
        let files = try FileManager.default.contentsOfDirectory(at: Self.govreports, includingPropertiesForKeys: nil)
            .filter { f in Int(f.deletingPathExtension().lastPathComponent).map { (2013...2023).contains($0) && $0 != 2018 } ?? false }
        XCTAssertGreaterThanOrEqual(files.count, 8)
        let archive = ReferenceModel.build(texts: try files.map { try String(contentsOf: $0, encoding: .utf8) }).pruned(minCount: 2)
        let after = try spun(analyzer.addingSpinReference(archive))
        XCTAssertFalse(after.contains { $0.text.contains("提升") }, "\(after.map(\.text))")
        // Only the spin check changes: the rule list is the same length.
        XCTAssertEqual(analyzer.addingSpinReference(archive).rules.count, analyzer.rules.count)
    }
}
