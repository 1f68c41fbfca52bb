import Foundation
import XCTest
import WenshuTestSupport

/// `wenshu themes` choosing its taxonomy and `wenshu terms phrases`, run as a user would (issue 18).
final class ThemesTermsCommandLineTests: XCTestCase {
    static let seed = TestPaths.seed.path
    static let govreports = TestPaths.govreports

    /// The `wenshu` binary of the same build, through the shared runner.
    func run(_ args: [String]) throws -> (status: Int32, out: String, err: String) {
        try WenshuBinary.run(args)
    }

    func testThemesSaysWhichTaxonomyAndWhy() throws {
        let auto = try run(["themes", Self.seed])
        XCTAssertEqual(auto.status, 0, auto.err)
        XCTAssertTrue(auto.out.hasPrefix("taxonomy: 政协与政府工作文书主题 (zhengxie.yaml): the default"), auto.out)
        let named = try run(["themes", Self.seed, "--themes", "zhengfu"])
        XCTAssertEqual(named.status, 0, named.err)
        XCTAssertTrue(named.out.hasPrefix("taxonomy: 政府工作报告主题 (zhengfu.yaml, --themes)"), named.out)
        XCTAssertFalse(named.out.contains("提案工作"), "the 政协 themes are not used")
    }

    func testThemesOnStateCouncilReportsChoosesTheGovernmentTaxonomy() throws {
        guard FileManager.default.fileExists(atPath: Self.govreports.path) else { throw XCTSkip("../shared/corpus/govreports is absent") }
        let files = ["2023.txt", "2024.txt", "2025.txt"].map { Self.govreports.appendingPathComponent($0).path }
        let r = try run(["themes"] + files + ["--by-year", "--format", "html"])
        XCTAssertEqual(r.status, 0, r.err)
        XCTAssertTrue(r.out.contains("Taxonomy: 政府工作报告主题."), String(r.out.prefix(800)))
        XCTAssertTrue(r.out.contains("class=\"small-multiples\"") && r.out.contains("data-theme=\"经济增长与宏观调控\""))
        let text = try run(["themes"] + files + ["--by-year"])
        XCTAssertTrue(text.out.hasPrefix("taxonomy: 政府工作报告主题 (zhengfu.yaml): 3 of the 3 documents of known kind are 政府工作报告"), String(text.out.prefix(300)))
    }

    func testTermsPhrasesProposesTermsWithEvidence() throws {
        guard FileManager.default.fileExists(atPath: Self.govreports.path) else { throw XCTSkip("../shared/corpus/govreports is absent") }
        let files = ["2021.txt", "2022.txt", "2023.txt", "2024.txt", "2025.txt"].map { Self.govreports.appendingPathComponent($0).path }
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("wenshu-learned-\(UUID().uuidString).txt")
        addTeardownBlock { try? FileManager.default.removeItem(at: out) }
        let r = try run(["terms", "phrases"] + files + ["-o", out.path])
        XCTAssertEqual(r.status, 0, r.err)
        let rows = r.out.split(separator: "\n").map { $0.split(separator: "\t").map(String.init) }
        XCTAssertEqual(rows[1], ["term", "words", "count", "documents", "PMI", "association", "left entropy", "right entropy", "known"])
        let digital = try XCTUnwrap(rows.first { $0.first == "数字经济" }, r.out)
        XCTAssertEqual(digital[1], "数字+经济")
        XCTAssertGreaterThanOrEqual(Int(digital[3]) ?? 0, 3)
        let list = try String(contentsOf: out, encoding: .utf8)
        XCTAssertTrue(list.contains("# 数字 + 经济: ") && list.contains("\n数字经济 "), String(list.prefix(600)))
        XCTAssertTrue(r.err.contains("wenshu: wrote"))
        let bad = try run(["terms", "phrases", "/no/such/dir"])
        XCTAssertNotEqual(bad.status, 0)
        XCTAssertTrue(bad.err.contains("/no/such/dir"), bad.err)
    }
}
