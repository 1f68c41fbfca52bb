import Foundation
import XCTest
@testable import WenshuAnalysis
import WenshuText

/// Copy detection when one text holds the other many times (hostile tester, session 10): a
/// template file holding a draft's text hundreds of times, or a draft (an upload to `serve`)
/// repeating a template. Every seed was compared with every segment found before it, and every
/// passage read every seed: `compare d.txt --against` a file of 50 copies took 25 s (debug
/// build), 50 copies `--against` the one text 54 s, growing with the square of the copies. Now
/// both take time linear in the copies; the results are the passages they were.
final class CopyRepeatsTests: XCTestCase {
    /// A paragraph of prose-like text that repeats nothing inside itself: about 1,200 characters
    /// drawn from a fixed sequence, a comma every 12 and a full stop every 60.
    static let unit: String = {
        var rng = SplitMix(seed: 13)
        let han = Array("政协工作总结计划报告调研提案办理经济社会发展民生改革创新城乡建设生态环境教育卫生文化科技安全稳定队伍作风党建监督协商服务群众基层治理")
        var out = ""
        for i in 1...1200 {
            out.append(han[Int(rng.next() % UInt64(han.count))])
            if i % 60 == 0 { out += "。" } else if i % 12 == 0 { out += "，" }
        }
        return out
    }()

    func library(_ text: String) throws -> CopyLibrary {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("wenshu-repeats-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: dir) }
        try text.write(to: dir.appendingPathComponent("template.txt"), atomically: true, encoding: .utf8)
        return try CopyLibrary.load([dir])
    }

    func copied(_ draft: String, against library: CopyLibrary) throws -> (findings: [Finding], seconds: Double) {
        let analyzer = Analyzer(structures: StructureLibrary(structures: []), rules: [CopyRule(library: library)])
        let started = Date()
        let page = try analyzer.analyze(InputReader.read(text: draft, file: "draft.txt"))
        return (page.documents.flatMap(\.findings).filter { $0.kind == "copied-text" }, Date().timeIntervalSince(started))
    }

    func testATemplateHoldingTheDraftHundredsOfTimes() throws {
        let copies = 1500
        let library = try library("范文汇编\n\n" + Array(repeating: Self.unit, count: copies).joined(separator: "\n\n"))
        let r = try copied("区政协工作总结\n\n" + Self.unit + "\n", against: library)
        XCTAssertEqual(r.findings.count, 1, "\(r.findings.map(\.message))")
        XCTAssertGreaterThan(r.findings.first?.text.count ?? 0, 1000, "the whole paragraph is one passage")
        // Linear: a few seconds in a debug build; quadratic it took minutes.
        XCTAssertLessThan(r.seconds, 30)
    }

    func testADraftRepeatingATemplateHundredsOfTimes() throws {
        let copies = 1500
        let library = try library("范文\n\n" + Self.unit + "\n")
        let r = try copied("区政协工作总结\n\n" + Array(repeating: Self.unit, count: copies).joined(separator: "\n\n") + "\n", against: library)
        // The copies follow each other in the draft and each matches the whole source: one
        // passage from the first to the last.
        XCTAssertEqual(r.findings.count, 1, "\(r.findings.map(\.message))")
        XCTAssertGreaterThan(r.findings.first?.text.count ?? 0, copies * 1200, "the passage covers every copy")
        XCTAssertLessThan(r.seconds, 30)
    }
}
