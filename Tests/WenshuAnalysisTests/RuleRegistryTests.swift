import Foundation
import XCTest
import WenshuTestSupport
@testable import WenshuAnalysis
@testable import WenshuText

/// The registry of rules and kinds generated at build time (the RuleRegistry plugin): a rule is
/// registered by conforming to `RegisteredRule` in its own file, a kind by its declaration in an
/// `extension FindingKind`; nothing else lists them.
final class RuleRegistryTests: XCTestCase {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let dictionaries = Dictionaries(root: root.appendingPathComponent("dictionaries"))

    /// The analyzer runs one rule of each registered type (data rules: one per YAML file), in
    /// their order; copy detection only with templates.
    func testTheAnalyzerRunsTheRegisteredRulesInOrder() throws {
        let names = RuleRegistry.types.map { String(describing: $0) }
        for rule in ["NumberingRule", "PlaceholderRule", "JunkRule", "FurnitureRule", "WatermarkRule", "BrokenTextRule",
                     "GarbledTextRule", "DuplicateSentenceRule", "SpunPhraseRule", "FormulationRule", "DataRule", "CopyRule"] {
            XCTAssertTrue(names.contains(rule), "\(rule) is not registered: \(names)")
        }
        XCTAssertEqual(names.count, Set(names).count)
        let analyzer = try Analyzer(dictionaries: Self.dictionaries)
        let ran = analyzer.rules.map { String(describing: type(of: $0)) }
        XCTAssertEqual(ran.first, "NumberingRule")
        XCTAssertFalse(ran.contains("CopyRule"), "no templates, no copy detection")
        let yaml = try FileManager.default.contentsOfDirectory(atPath: Self.dictionaries.url("rules").path).filter { $0.hasSuffix(".yaml") }
        XCTAssertEqual(ran.filter { $0 == "DataRule" }.count, yaml.count)
        let orders = analyzer.rules.compactMap { ($0 as? any RegisteredRule).map { type(of: $0).order } }
        XCTAssertEqual(orders, orders.sorted())
        let withTemplates = try Analyzer(dictionaries: Self.dictionaries, templates: [Self.root.appendingPathComponent("Corpus/seed")])
        XCTAssertEqual(withTemplates.rules.last.map { String(describing: type(of: $0)) }, "CopyRule")
    }

    /// Every kind declared in the sources is in the analyzer's registry, once, with the rules'
    /// kinds first — including those no rule lists (copy-not-checked, traditional-script).
    func testEveryDeclaredKindIsRegistered() throws {
        let declared = FindingKind.declared.map(\.id)
        XCTAssertEqual(declared.count, Set(declared).count)
        for k in [FindingKind.numberingGap, .placeholder, .scrapeJunk, .garbledText, .copiedText, .copyNotChecked, .traditionalScript,
                  .missingSection, .structureNotChecked, .spunPhrase, .formulation] {
            XCTAssertTrue(declared.contains(k.id), k.id)
        }
        let registry = try Analyzer(dictionaries: Self.dictionaries).findingKinds
        XCTAssertEqual(Set(registry.kinds.map(\.id)), Set(declared).union(["stock-phrase"]))
        XCTAssertEqual(registry.kinds.first?.id, FindingKind.numberingGap.id)
    }

    /// The short initialiser's fill is the colour at the alpha, as the long declarations wrote it.
    func testFillIsTheColourAtItsAlpha() {
        XCTAssertEqual(FindingKind.fill("#1565c0", alpha: 0.16), "rgba(21, 101, 192, .16)")
        XCTAssertEqual(FindingKind.fill("#c2185b", alpha: 0.2), "rgba(194, 24, 91, .2)")
        XCTAssertEqual(FindingKind.fill("#888", alpha: 0.16), "rgba(136, 136, 136, .16)")
        XCTAssertEqual(FindingKind.fill("#00838f", alpha: 0.05), "rgba(0, 131, 143, .05)")
        XCTAssertEqual(FindingKind.fill("red", alpha: 1), "rgba(136, 136, 136, 1)")
        XCTAssertEqual(FindingKind.watermark.fill, "rgba(194, 24, 91, .2)")
        XCTAssertEqual(FindingKind.missingSection.fill, "rgba(57, 73, 171, .16)")
    }

    /// The generator on a new rule's file: the rule and its kind are registered; a `FindingKind`
    /// kept in a rule's own property, a commented-out rule and a plain DocumentRule are not.
    func testTheGeneratorRegistersANewRuleFile() throws {
        let dir = Bundle(for: RuleRegistryTests.self).bundleURL.deletingLastPathComponent()
        let tool = [dir.appendingPathComponent("RuleRegistryGenerator"), Bundle.main.bundleURL.appendingPathComponent("RuleRegistryGenerator")]
            .first { FileManager.default.isExecutableFile(atPath: $0.path) }
        guard let tool else { throw XCTSkip("RuleRegistryGenerator not built beside the tests (\(dir.path))") }
        let tmp = FileManager.default.temporaryDirectory.appendingPathComponent("wenshu-registry-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: tmp, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: tmp) }
        let source = tmp.appendingPathComponent("OfficeTermRule.swift")
        try """
        public struct OfficeTermRule: DocumentRule {
            static let own = FindingKind("own", .info, label: ("a", "甲"), explanation: ("b", "乙"), colour: "#888")
            public let kinds = [FindingKind.officeTerm]
            public func check(_ d: DocumentContext) -> [Finding] { [] }
        }
        // struct OldRule: RegisteredRule {}
        struct Plain: DocumentRule {}

        extension OfficeTermRule: RegisteredRule {
            public static func rules(_ setup: RuleSetup) throws -> [any DocumentRule] { [OfficeTermRule()] }
        }

        extension FindingKind {
            public static let officeTerm = FindingKind(
                "office-term", .warning, label: ("office term", "本单位用语"),
                explanation: ("a term the office writes otherwise", "本单位另有写法的用语"), colour: "#5d4037")
            static let internalKind = FindingKind("internal", .info, label: ("i", "内"), explanation: ("i", "内"), colour: "#888")
        }
        """.write(to: source, atomically: true, encoding: .utf8)
        let output = tmp.appendingPathComponent("out.swift")
        let r = try TestProcess.run(tool, [output.path, source.path])
        XCTAssertEqual(r.status, 0, String(decoding: r.err, as: UTF8.self))
        let generated = try String(contentsOf: output, encoding: .utf8)
        XCTAssertTrue(generated.contains("[.officeTerm, .internalKind]"), generated)
        XCTAssertTrue(generated.contains("[OfficeTermRule.self]"), generated)
        XCTAssertFalse(generated.contains("OldRule") || generated.contains("Plain.self") || generated.contains(".own"), generated)
    }
}
