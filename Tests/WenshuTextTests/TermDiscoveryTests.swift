import Foundation
import XCTest
@testable import WenshuText

final class TermDiscoveryTests: XCTestCase {
    func testFindsTheTermsOfRecentGovernmentReports() throws {
        let dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("../shared/corpus/govreports").standardized
        guard FileManager.default.fileExists(atPath: dir.path) else {
            throw XCTSkip("../shared/corpus/govreports not found; term discovery is tested on the State Council reports")
        }
        var discovery = TermDiscovery()
        discovery.edgeStopCharacters = Set("的了和与在是为".unicodeScalars.map(\.value))
        let normalizer = try Normalizer(options: .documents)
        for year in [2015, 2016, 2017, 2018, 2019, 2021, 2022, 2023, 2024, 2025] {
            let text = try String(contentsOf: dir.appendingPathComponent("\(year).txt"), encoding: .utf8)
            discovery.add(try normalizer.normalize(text).scalars)
        }
        let terms = discovery.terms()
        let found = Set(terms.map(\.term))
        for t in ["供给侧结构性改革", "新质生产力", "乡村振兴", "精准脱贫"] { XCTAssertTrue(found.contains(t), t) }
        // A piece of a longer term is not a term of its own: its boundary entropy is low.
        XCTAssertFalse(found.contains("供给侧结构性改"))
        XCTAssertFalse(found.contains("质生产力"))
        // Statistics are what made them terms.
        let t = terms.first { $0.term == "乡村振兴" }!
        XCTAssertGreaterThanOrEqual(t.count, 3)
        XCTAssertGreaterThanOrEqual(t.cohesion, discovery.minCohesion)
    }
}
