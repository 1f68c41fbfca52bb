import Foundation
import WenshuAnalysis
import WenshuTestSupport
import XCTest

/// The HTML report of `wenshu check` takes the theme taxonomy `wenshu themes` takes
/// (`TaxonomyLibrary.select`): the government one for a 政府工作报告, the 政协 one otherwise;
/// `--themes NAME|FILE` overrides the choice.
final class CheckThemesTaxonomyTests: XCTestCase {
    /// The theme names of each document's themes panel, in order.
    static func panelThemes(_ html: String) -> [[String]] {
        html.components(separatedBy: "<section class=\"panel themes\">").dropFirst().map { panel in
            let body = panel.components(separatedBy: "</section>")[0]
            return body.components(separatedBy: "<tr><th>").dropFirst().map { $0.components(separatedBy: "</th>")[0] }
        }
    }

    /// The names of a bundled taxonomy's themes, and of those the other one lacks.
    static func taxonomies() throws -> (zhengfu: ThemeTaxonomy, zhengxie: ThemeTaxonomy) {
        (try ThemeTaxonomy.load(contentsOf: TestPaths.dictionaries.url("themes/zhengfu.yaml")),
         try ThemeTaxonomy.load(contentsOf: TestPaths.dictionaries.url("themes/zhengxie.yaml")))
    }

    /// Asserts that every themes panel shows `taxonomy` (its name and only its themes) and none
    /// of the themes only `other` has.
    static func assertPanels(_ html: String, use taxonomy: ThemeTaxonomy, not other: ThemeTaxonomy, file: StaticString = #filePath, line: UInt = #line) {
        let panels = panelThemes(html)
        XCTAssertFalse(panels.isEmpty, "no themes panel: \(html.prefix(400))", file: file, line: line)
        let own = Set(taxonomy.names), foreign = Set(other.names).subtracting(own)
        // A document may have no term of any theme (its panel says so), but not every one.
        XCTAssertTrue(panels.contains { !$0.isEmpty }, "no panel shows a theme", file: file, line: line)
        for shown in panels {
            XCTAssertTrue(Set(shown).isSubset(of: own), "\(shown) are not all themes of \(taxonomy.name ?? "")", file: file, line: line)
            XCTAssertTrue(Set(shown).isDisjoint(with: foreign), "\(shown)", file: file, line: line)
        }
        XCTAssertTrue(html.contains("Taxonomy: \(taxonomy.name ?? "")</p>"), file: file, line: line)
    }

    func testAGovernmentWorkReportGetsTheGovernmentTaxonomyAndA政协SummaryThe政协One() throws {
        let reports = try TestSupport.requireGovreports(for: "this test checks a State Council report's HTML report")
        let (zhengfu, zhengxie) = try Self.taxonomies()
        let report = reports.appendingPathComponent("2024.txt").path
        let gov = try WenshuBinary.run(["check", report, "--format", "html"])
        XCTAssertNotEqual(gov.status, 2, gov.err)
        Self.assertPanels(gov.out, use: zhengfu, not: zhengxie)
        // The same choice as wenshu themes makes for it.
        let themes = try WenshuBinary.run(["themes", report])
        XCTAssertTrue(themes.out.hasPrefix("taxonomy: \(zhengfu.name ?? "") (zhengfu.yaml)"), String(themes.out.prefix(300)))

        let seed = try WenshuBinary.run(["check", TestPaths.seed.path, "--format", "html"])
        XCTAssertNotEqual(seed.status, 2, seed.err)
        XCTAssertEqual(Self.panelThemes(seed.out).count, 5, "the seed page's five documents")
        Self.assertPanels(seed.out, use: zhengxie, not: zhengfu)
    }

    func testThemesOverridesTheChoice() throws {
        let (zhengfu, zhengxie) = try Self.taxonomies()
        let named = try WenshuBinary.run(["check", TestPaths.seed.path, "--format", "html", "--themes", "zhengfu"])
        XCTAssertNotEqual(named.status, 2, named.err)
        Self.assertPanels(named.out, use: zhengfu, not: zhengxie)

        // A file extends the 政协 taxonomy: its new theme shows beside the 政协 ones.
        let dir = try TestPaths.temporaryDirectory()
        addTeardownBlock { try? FileManager.default.removeItem(at: dir) }
        let mine = dir.appendingPathComponent("mine.yaml")
        try "name: 本单位主题\nthemes:\n  - name: 专委会工作\n    seeds: [专委会, 专委]\n".write(to: mine, atomically: true, encoding: .utf8)
        let extended = try WenshuBinary.run(["check", TestPaths.seed.path, "--format", "html", "--themes", mine.path])
        XCTAssertNotEqual(extended.status, 2, extended.err)
        let shown = Set(Self.panelThemes(extended.out).joined())
        XCTAssertTrue(shown.contains("专委会工作"), "\(shown)")
        XCTAssertTrue(shown.isSubset(of: Set(zhengxie.names + ["专委会工作"])), "\(shown)")

        // A bad --themes stops the command, naming the file, before anything is checked;
        // --themes without the HTML report is a usage error.
        let missing = dir.appendingPathComponent("none.yaml").path
        let bad = try WenshuBinary.run(["check", TestPaths.seed.path, "--format", "html", "--themes", missing])
        XCTAssertEqual(bad.status, 2)
        XCTAssertTrue(bad.err.contains(missing), bad.err)
        XCTAssertTrue(bad.out.isEmpty)
        let text = try WenshuBinary.run(["check", TestPaths.seed.path, "--themes", "zhengfu"])
        XCTAssertEqual(text.status, 2)
        XCTAssertTrue(text.err.contains("--themes"), text.err)
    }
}
