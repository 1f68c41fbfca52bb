import XCTest
@testable import WenshuAnalysis
import WenshuTestSupport
import WenshuText

/// Outlines of hostile pages: nesting bounded, work linear in the number of headings.
final class OutlineHostileTests: XCTestCase {
    /// Headings and list items of one family, alternating: each item list nested one level
    /// deeper than the last, so before the bound a 1.4 MB file of them nested 40,000 levels deep
    /// and every command crashed on the recursion (stack overflow).
    func testAlternatingHeadingsAndItemsNestNoDeeperThanNineLevels() throws {
        let text = String(repeating: "一、工作\n一、加强学习，提高政治站位，认真开展各项工作；\n", count: 3000)
        let analyzer = try Analyzer(dictionaries: TestPaths.dictionaries)
        let page = try analyzer.analyze(InputReader.read(text: text, file: "nested.txt"))
        let outline = try XCTUnwrap(page.documents.first?.outline)
        XCTAssertEqual(outline.flat.count, 6000)
        XCTAssertEqual(outline.flat.map(\.level).max(), OutlineBuilder.maxDepth)
        func depth(_ n: OutlineNode) -> Int { 1 + (n.children.map(depth).max() ?? 0) }
        XCTAssertLessThanOrEqual(outline.roots.map(depth).max() ?? 0, OutlineBuilder.maxDepth)
        // The reports render (each recursed over the tree before).
        let json = try JSONReport.encode(JSONReport.page(page))
        XCTAssertGreaterThan(json.count, 100_000)
        XCTAssertEqual(TextReport.outline(page).split(separator: "\n").filter { $0.contains("一、") }.count, 6000)
        // Below the bound nothing changes: the first levels still go one deeper each time.
        XCTAssertEqual(Array(outline.flat.map(\.level).prefix(10)), [1, 2, 2, 3, 3, 4, 4, 5, 5, 6])
    }

    /// The numbering breaks found in one pass decide exactly as the scan they replace (which
    /// read every later marker from each restarting 一, quadratic on 一、二、一、二 …).
    func testNumberingBreaksDecideAsTheForwardScan() {
        func scan(after k: Int, family: MarkerFamily, outer: Int, _ markers: [HeadingMarker]) -> Bool {
            var run = 1
            for m in markers[(k + 1)...] where m.family == family {
                if m.value == run + 1 { run = m.value } else if m.value == 1 { run = 1 } else { return m.value == outer + 1 }
            }
            return false
        }
        var g = SystemRandomNumberGenerator()
        let families: [MarkerFamily] = [.chineseComma, .chineseParen, .arabicDot]
        for _ in 0..<2000 {
            let markers = (0..<Int.random(in: 1...30, using: &g)).map { _ in
                HeadingMarker(family: families.randomElement(using: &g)!, value: Int.random(in: 1...5, using: &g), text: "", length: 1)
            }
            let breaks = OutlineBuilder.numberingBreaks(markers)
            for k in markers.indices where markers[k].value == 1 {
                for outer in 1...5 {
                    XCTAssertEqual(breaks[k].map { markers[$0].value == outer + 1 } == true,
                                   scan(after: k, family: markers[k].family, outer: outer, markers), "\(markers.map(\.value)) at \(k)")
                }
            }
        }
    }
}
