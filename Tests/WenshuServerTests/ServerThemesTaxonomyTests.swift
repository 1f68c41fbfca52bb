import Foundation
import WenshuAnalysis
import WenshuServer
import WenshuTestSupport
import WenshuText
import XCTest

/// The server's HTML report takes the theme taxonomy `wenshu check` and `wenshu themes` take
/// (`TaxonomyLibrary.select` over the draft's documents).
final class ServerThemesTaxonomyTests: XCTestCase {
    /// The theme names of the report's themes panels.
    static func shownThemes(_ html: String) -> Set<String> {
        var names: Set<String> = []
        for panel in html.components(separatedBy: "<section class=\"panel themes\">").dropFirst() {
            let body = panel.components(separatedBy: "</section>")[0]
            for row in body.components(separatedBy: "<tr><th>").dropFirst() { names.insert(row.components(separatedBy: "</th>")[0]) }
        }
        return names
    }

    func testAGovernmentWorkReportDraftIsShownWithTheGovernmentThemes() throws {
        let reports = try TestSupport.requireGovreports(for: "this test sends a State Council report to the server's check")
        let zhengfu = try ThemeTaxonomy.load(contentsOf: TestPaths.dictionaries.url("themes/zhengfu.yaml"))
        let zhengxie = try ThemeTaxonomy.load(contentsOf: TestPaths.dictionaries.url("themes/zhengxie.yaml"))
        let service = try ServerTests.service()

        let gov = try service.html(service.analyze(InputReader.read(reports.appendingPathComponent("2024.txt"))))
        let govThemes = Self.shownThemes(gov)
        XCTAssertFalse(govThemes.isEmpty)
        XCTAssertTrue(govThemes.isSubset(of: Set(zhengfu.names)), "\(govThemes)")
        XCTAssertTrue(govThemes.isDisjoint(with: Set(zhengxie.names).subtracting(zhengfu.names)), "\(govThemes)")

        let seed = try service.html(service.analyze(InputReader.read(TestPaths.seed)))
        let seedThemes = Self.shownThemes(seed)
        XCTAssertFalse(seedThemes.isEmpty)
        XCTAssertTrue(seedThemes.isSubset(of: Set(zhengxie.names)), "\(seedThemes)")
        XCTAssertTrue(seedThemes.isDisjoint(with: Set(zhengfu.names).subtracting(zhengxie.names)), "\(seedThemes)")
    }
}
