import Foundation
import XCTest
@testable import WenshuText

final class TermDiscoveryTests: XCTestCase {
    func testFindsTheTermsOfRecentGovernmentReports() throws {
        let dir = try TestSupport.requireGovreports(for: "term discovery is tested on the State Council reports")
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

    func testFragmentsThatCutWordsAreDroppedByAlignment() throws {
        let dir = try TestSupport.requireGovreports(for: "term alignment is tested on the State Council reports")
        var discovery = TermDiscovery()
        discovery.minCount = 5
        let dictionaries = try TestSupport.dictionaries()
        discovery.edgeStopCharacters = Set(try WordList.load(contentsOf: dictionaries.stopWords)
            .filter { $0.unicodeScalars.count == 1 }.flatMap { $0.unicodeScalars.map(\.value) })
        let normalizer = try Normalizer(options: .documents)
        var texts: [NormalizedText] = []
        for f in try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted() where f.hasSuffix(".txt") {
            let n = try normalizer.normalize(String(contentsOf: dir.appendingPathComponent(f), encoding: .utf8))
            discovery.add(n.scalars)
            texts.append(n)
        }
        let all = discovery.terms()
        let raw = Set(all.map(\.term))
        // Statistics alone let these fragments through: 民收入 (of 国民收入), 取得新 (取得新进展).
        XCTAssertTrue(raw.contains("民收入") && raw.contains("取得新"), "the corpus statistics changed; pick other fragments")
        let function = Set(try WordList.load(contentsOf: dictionaries.functionCharacters).flatMap { $0.unicodeScalars.map(\.value) })
        let kept = Set(try TermAlignment.keep(all, in: texts, segmenter: Segmenter(dictionaries: dictionaries),
                                              minAlignment: 0.5, functionCharacters: function).map(\.term))
        XCTAssertFalse(kept.contains("民收入"))
        XCTAssertFalse(kept.contains("取得新"))
        // Real terms that statistics found are kept.
        for t in ["供给侧结构性改革", "乡村振兴", "精准脱贫", "宏观调控", "国有企业"] {
            XCTAssertTrue(raw.contains(t), "\(t) not found at all")
            XCTAssertTrue(kept.contains(t), t)
        }
        XCTAssertGreaterThan(kept.count, all.count * 8 / 10, "most terms line up")
    }
}
