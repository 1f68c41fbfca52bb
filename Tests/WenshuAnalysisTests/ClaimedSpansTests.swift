import XCTest
@testable import WenshuAnalysis
import WenshuTestSupport
import WenshuText

final class ClaimedSpansTests: XCTestCase {
    /// Claimed spans answer exactly as the list of claimed ranges they replace.
    func testAnswersAsAListOfClaimedRanges() {
        var g = SystemRandomNumberGenerator()
        for _ in 0..<500 {
            let length = Int.random(in: 0...60, using: &g)
            var spans = ClaimedSpans(length: length)
            var list: [Range<Int>] = []
            for _ in 0..<40 {
                let a = Int.random(in: 0...max(0, length), using: &g)
                let r = a..<min(length, a + Int.random(in: 0...6, using: &g))
                let expected = list.contains { $0.overlaps(r) }
                XCTAssertEqual(spans.overlaps(r), expected, "\(r) against \(list)")
                if !expected { spans.claim(r); list.append(r) }
            }
        }
    }

    /// A paragraph of 40,000 placeholders: every one found, none twice (the rule compared each
    /// match with every earlier one; a 6 MB line of them did not finish in ten minutes).
    func testAParagraphOfManyPlaceholdersIsFoundWhole() throws {
        let text = String(repeating: "xx县20xx年", count: 20_000)
        let page = try Analyzer(dictionaries: TestPaths.dictionaries).analyze(InputReader.read(text: text, file: "xx.txt"))
        let found = (page.pageFindings + page.documents.flatMap(\.findings)).filter { $0.kind == "placeholder" }
        XCTAssertEqual(found.count, 40_000)
        XCTAssertEqual(Set(found.map(\.range.start)).count, 40_000)
        XCTAssertEqual(Set(found.map(\.text)), ["xx", "20xx"])
    }
}
