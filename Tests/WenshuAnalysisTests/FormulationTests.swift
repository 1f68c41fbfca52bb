import Foundation
import XCTest
@testable import WenshuAnalysis
@testable import WenshuText

final class FormulationTests: XCTestCase {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let govreports = root.appendingPathComponent("../shared/corpus/govreports").standardized
    static let dictionaries = Dictionaries(root: root.appendingPathComponent("dictionaries"))

    func report(_ year: Int) throws -> String {
        let url = Self.govreports.appendingPathComponent("\(year).txt")
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw XCTSkip("../shared/corpus/govreports not found; this test needs the State Council reports")
        }
        return try String(contentsOf: url, encoding: .utf8)
    }

    func formulations(_ text: String, file: String = "t.txt") throws -> [Finding] {
        let page = try Analyzer(dictionaries: Self.dictionaries).analyze(InputReader.read(text: text, file: file))
        return page.documents.flatMap(\.findings).filter { $0.kind == "formulation" }
    }

    func testTheGenuineReportQuotesItsFormulationsRight() throws {
        // 2023 quotes 以习近平同志为核心的党中央, 习近平新时代中国特色社会主义思想 and more, exactly.
        let text = try report(2023)
        XCTAssertTrue(text.contains("以习近平同志为核心的党中央"))
        XCTAssertEqual(try formulations(text).map(\.text), [])
    }

    func testOneCharacterChangedDroppedAddedOrSwappedInAGenuineReportIsAnError() throws {
        let text = try report(2023)
        let f = "以习近平同志为核心的党中央"
        let edits = [
            ("以习近平同志为中心的党中央", "核→中"),        // substituted
            ("以习近平同志为核心党中央", "的 dropped"),      // dropped (的 is a particle: see below)
            ("以习近平同志为核心的党组中央", "组 added"),    // added
            ("以习近平同志核为心的党中央", "swap"),          // transposed
            ("以习近平同志为核心的中党央", "swap"),
        ]
        for (edited, what) in edits {
            let planted = text.replacingOccurrences(of: f, with: edited, options: [], range: text.range(of: f))
            let found = try formulations(planted)
            if edited == "以习近平同志为核心党中央" {
                // Dropping 的 is a variant official writing itself uses (formulation-particles.txt).
                XCTAssertEqual(found.map(\.text), [], what)
                continue
            }
            XCTAssertEqual(found.map(\.text), [edited], what)
            XCTAssertEqual(found.first?.severity, .error)
            XCTAssertEqual(found.first?.suggestion, f)
        }
    }

    func testEnumeratedItemsOutOfOrderAreAnError() throws {
        let text = "2016年工作总结\n\n我们牢固树立创新、协调、开放、绿色、共享的发展理念，各项工作取得新进展。\n"
        let found = try formulations(text)
        XCTAssertEqual(found.map(\.text), ["创新、协调、开放、绿色、共享"])
        XCTAssertEqual(found.first?.suggestion, "创新、协调、绿色、开放、共享")
        XCTAssertEqual(try formulations(text.replacingOccurrences(of: "开放、绿色", with: "绿色、开放")).map(\.text), [])
    }

    func testAnOutdatedFormulationInALaterDocumentIsAWarningNamingItsYears() throws {
        let text = "2024年工作总结\n\n一年来，我们以全面建设小康社会为目标，扎实推进各项工作。\n"
        let found = try formulations(text)
        XCTAssertEqual(found.map(\.severity), [.warning])
        guard found.count == 1 else { return }
        XCTAssertTrue(found[0].message.contains("2002–2012"), found[0].message)
        XCTAssertEqual(found[0].suggestion, "全面建成小康社会")
        // The same words in a 2008 document are the formulation of their time.
        XCTAssertEqual(try formulations(text.replacingOccurrences(of: "2024", with: "2008")).map(\.text), [])
    }

    func testTraditionalTextIsCheckedAsSimplifiedAtTheOriginalPositions() throws {
        let text = "2023年工作總結\n\n在以習近平同志爲中心的黨中央堅強領導下，全縣各項工作取得新成效。\n"
        let found = try formulations(text)
        XCTAssertEqual(found.map(\.text), ["以習近平同志爲中心的黨中央"])
        XCTAssertEqual(found.first?.column, 2)
        XCTAssertEqual(found.first?.suggestion, "以习近平同志为核心的党中央")
    }

    func testSingleEditIgnoresEditsAtEitherEnd() {
        let f = Array("社会治安综合治理".unicodeScalars.map(\.value))
        func e(_ s: String) -> FormulationRule.Edit? { FormulationRule.singleEdit(from: f, to: Array(s.unicodeScalars.map(\.value))) }
        XCTAssertEqual(e("社会治安综合管理"), .substituted(at: 6, "管".unicodeScalars.first!.value))
        XCTAssertEqual(e("社会治综合治理"), .dropped(at: 3))
        XCTAssertEqual(e("社会安治综合治理"), .transposed(at: 2))
        XCTAssertNil(e("会治安综合治理"))      // first character: the text before continues it
        XCTAssertNil(e("社会治安综合治理工"))  // one added at the end
        XCTAssertNil(e("社会治安综合治理"))
        XCTAssertNil(e("社会安治综合管理"))    // two edits
    }

    func testAMalformedListNamesTheFileAndTheEntry() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("formulations-\(UUID().uuidString).txt")
        defer { try? FileManager.default.removeItem(at: url) }
        try "以习近平同志为核心的党中央\t20x6-\n".write(to: url, atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try FormulationList.load(contentsOf: url)) { error in
            XCTAssertTrue(error.localizedDescription.contains(url.path), error.localizedDescription)
            XCTAssertTrue(error.localizedDescription.contains("line 1"), error.localizedDescription)
        }
    }
}
