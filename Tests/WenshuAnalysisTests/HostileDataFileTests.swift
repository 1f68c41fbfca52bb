import Foundation
import XCTest
@testable import WenshuAnalysis
import WenshuText

/// Structure and theme files written to hurt: YAML nested thousands deep, anchors and aliases,
/// cue patterns that backtrack catastrophically. Each must be refused quickly with an error
/// naming the file (and line) and the limit; Wenshu's own files must pass.
final class HostileDataFileTests: XCTestCase {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    func write(_ text: String, _ name: String) throws -> URL {
        let d = FileManager.default.temporaryDirectory.appendingPathComponent("wenshu-yaml-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: d, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: d) }
        let url = d.appendingPathComponent(name)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url
    }

    func message(_ body: () throws -> Any) -> String? {
        do { _ = try body(); return nil } catch { return (error as? LocalizedError)?.errorDescription ?? "\(error)" }
    }

    static let structureHead = "name: 测试\nkind: summary\npriority: 1\nmatch: [\"总结\"]\n"

    func testYAMLNestedFiveThousandDeepIsRefusedBeforeYams() throws {
        // The 10 KB file of the issue: flow sequences nested 5,000 deep.
        let flow = try write(Self.structureHead + "sections: " + String(repeating: "[", count: 5000) + String(repeating: "]", count: 5000) + "\n", "flow.yaml")
        let m = try XCTUnwrap(message { try ReferenceStructure.load(contentsOf: flow) })
        XCTAssertTrue(m.contains("flow.yaml:5"), m)
        XCTAssertTrue(m.contains("nesting deeper than 64"), m)
        // Block sequences on one line, and mappings by indentation.
        let dashes = try write(Self.structureHead + "sections:\n" + String(repeating: "- ", count: 5000) + "x\n", "dashes.yaml")
        XCTAssertTrue(message { try ReferenceStructure.load(contentsOf: dashes) }?.contains("nesting deeper than 64") == true)
        let indented = (0..<100).map { String(repeating: " ", count: $0) + "k\($0):" }.joined(separator: "\n") + " x\n"
        let mapping = try write(Self.structureHead + indented, "mapping.yaml")
        XCTAssertTrue(message { try ReferenceStructure.load(contentsOf: mapping) }?.contains("nesting deeper than 64") == true)
        // The theme taxonomy goes through the same check.
        let themes = try write("name: t\nthemes: " + String(repeating: "{a: ", count: 5000) + "b" + String(repeating: "}", count: 5000) + "\n", "themes.yaml")
        let t = try XCTUnwrap(message { try ThemeTaxonomy.load(contentsOf: themes) })
        XCTAssertTrue(t.contains("themes.yaml:2") && t.contains("nesting deeper than 64"), t)
    }

    func testAnchorsAndAliasesAreRefused() throws {
        let laughs = try write(Self.structureHead + "sections:\n  - &s {name: a, required: true, headings: [x], cues: [y]}\n  - *s\n", "alias.yaml")
        let m = try XCTUnwrap(message { try ReferenceStructure.load(contentsOf: laughs) })
        XCTAssertTrue(m.contains("alias.yaml:6") && m.contains("anchors and aliases"), m)
    }

    func testEveryBundledYAMLFilePassesTheGuard() throws {
        let dictionaries = Self.root.appendingPathComponent("dictionaries")
        let files = try FileManager.default.subpathsOfDirectory(atPath: dictionaries.path).filter { $0.hasSuffix(".yaml") }
        XCTAssertFalse(files.isEmpty)
        for f in files {
            let text = try String(contentsOf: dictionaries.appendingPathComponent(f), encoding: .utf8)
            XCTAssertNil(YAMLGuard.check(text), f)
        }
        // A regular expression with brackets and braces in a quoted or plain cue is not nesting.
        XCTAssertNil(YAMLGuard.check("cues: [\"[0-9]{2}年\", '(a|b){1,3}']\nother:\n  - 存在.{0,15}[问题]\n  - \"it's # not a comment\"\n"))
    }

    func testCatastrophicPatternsAreRefused() {
        for p in ["(.*.*)*X", "(a+)+$", "(a|aa)*b", "(x?){30}x{30}", ".*.*.*X", "[^。]+[^，]+$", ".{0,1000}.{0,1000}.{0,1000}X", "((ab)*c)+"] {
            XCTAssertNotNil(PatternSafety.problem(p), p)
        }
        for p in ["存在.{0,15}(不足|差距|问题)", "(开展|组织|召开)了", "^[1１一][、.．]\\s*继续", "今后(一个时期|一段时间|工作中)?",
                  "(主办|协办).{0,4}[0-9一二三四五六七八九十]+件", "[(（]\\d+[)）]", "\\Q(.*)*\\E", "a{2}", "[*+]{0,3}"] {
            XCTAssertNil(PatternSafety.problem(p), p)
        }
    }

    func testEveryBundledStructurePatternIsAccepted() throws {
        let library = try StructureLibrary.load(directory: Self.root.appendingPathComponent("dictionaries/structures"))
        XCTAssertFalse(library.structures.isEmpty)
        for s in library.structures {
            for p in s.match + (s.opening ?? []) + s.sections.flatMap(\.cues) {
                XCTAssertNil(PatternSafety.problem(p), "\(s.name): \(p)")
            }
        }
    }

    func testStructureWithABacktrackingCueIsRefusedNamingFileAndLine() throws {
        let text = Self.structureHead + "sections:\n  - name: 问题\n    required: true\n    headings: [问题]\n    cues: [\"(.*.*)*X\"]\n"
        let url = try write(text, "cue.yaml")
        let started = Date()
        let m = try XCTUnwrap(message { try ReferenceStructure.load(contentsOf: url) })
        XCTAssertLessThan(Date().timeIntervalSince(started), 5)
        XCTAssertTrue(m.contains("cue.yaml:9"), m)
        XCTAssertTrue(m.contains("(.*.*)*X") && m.contains("is refused"), m)
    }
}
