import Foundation
import XCTest
@testable import WenshuAnalysis
@testable import WenshuText

/// A formulation whose leader's name a template site cut out (学习贯彻主席新时代中国特色社会主义思想):
/// planted in genuine State Council reports, which quote every such formulation whole.
final class StrippedNameRuleTests: XCTestCase {
    static let root = FormulationTests.root
    static let dictionaries = FormulationTests.dictionaries

    func report(_ year: Int) throws -> String {
        let url = FormulationTests.govreports.appendingPathComponent("\(year).txt")
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw XCTSkip("../shared/corpus/govreports not found; this test needs the State Council reports")
        }
        return try String(contentsOf: url, encoding: .utf8)
    }

    func stripped(_ text: String) throws -> [Finding] {
        let page = try Analyzer(dictionaries: Self.dictionaries).analyze(InputReader.read(text: text, file: "t.txt"))
        return page.documents.flatMap(\.findings).filter { $0.kind == "broken-text" && $0.message.contains("is missing from the formulation") }
    }

    /// Every report that quotes a formulation with a name quotes it whole: nothing is flagged.
    func testGenuineReportsQuoteTheNamesWhole() throws {
        for year in [1997, 2003, 2010, 2014, 2018, 2023, 2025] {
            XCTAssertEqual(try stripped(try report(year)).map(\.text), [], "\(year)")
        }
    }

    func testANameCutOutIsFlaggedWithTheFormulationAsReplacement() throws {
        let text = try report(2023)
        let cases: [(String, String, String)] = [
            // (the whole formulation, the text the site left, what is flagged)
            ("习近平新时代中国特色社会主义思想", "主席新时代中国特色社会主义思想", "主席新时代中国特色社会主义思想"),
            ("习近平新时代中国特色社会主义思想", "新时代中国特色社会主义思想", "新时代中国特色社会主义思想"),
            ("以习近平同志为核心的党中央", "以同志为核心的党中央", "以同志为核心的党中央"),
            ("以习近平同志为核心的党中央", "以总书记同志为核心的党中央", "以总书记同志为核心的党中央"),
        ]
        for (whole, left, flagged) in cases {
            XCTAssertTrue(text.contains(whole), whole)
            let planted = text.replacingOccurrences(of: whole, with: left, options: [], range: text.range(of: whole))
            let found = try stripped(planted)
            XCTAssertEqual(found.map(\.text), [flagged], left)
            XCTAssertEqual(found.first?.replacement, whole, left)
            XCTAssertEqual(found.first?.severity, .error)
            XCTAssertTrue(found.first?.message.contains("习近平") ?? false)
        }
    }

    /// A name before a title (习近平总书记) is no cut; the formulation of the document's year is
    /// suggested when several share the words after the name.
    func testNamesBeforeTitlesAndTheFormulationOfTheYear() throws {
        XCTAssertEqual(try stripped("深入学习贯彻习近平总书记新时代中国特色社会主义思想。").map(\.text), [])
        let f1999 = try stripped("1999年工作报告\n\n在以同志为核心的党中央领导下，我们取得了成绩。")
        XCTAssertEqual(f1999.map(\.replacement), ["以江泽民同志为核心的党中央"])
        let f2023 = try stripped("2023年工作报告\n\n在以同志为核心的党中央领导下，我们取得了成绩。")
        XCTAssertEqual(f2023.map(\.replacement), ["以习近平同志为核心的党中央"])
    }

    func testTheNamesFileIsCheckedWhenLoaded() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("wenshu-names-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let bad = dir.appendingPathComponent("leader-names.txt")
        try "习近平 主席\nX 主席\n".write(to: bad, atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try LeaderNames.load(contentsOf: bad)) { error in
            XCTAssertTrue("\(error.localizedDescription)".contains("line 2"), "\(error)")
        }
        let names = try LeaderNames.load(contentsOf: Self.dictionaries.url("phrases/leader-names.txt"))
        XCTAssertTrue(names.names.contains { String(scalars: $0.name) == "习近平" })
    }
}
