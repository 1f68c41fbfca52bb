import Foundation
import XCTest
@testable import WenshuAnalysis
@testable import WenshuText

/// `wenshu fix`: the safe replacements, applied to the original text; what stays for a person stays.
final class FixTests: XCTestCase {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let seed = root.appendingPathComponent("Corpus/seed/zhengxie-zongjie-5pian.txt")
    static let sharedSeed = root.appendingPathComponent("../shared/seed").standardized
    static let dictionaries = Dictionaries(root: root.appendingPathComponent("dictionaries"))
    static let fixed: Set<String> = [FindingKind.watermark.id, FindingKind.scrapeJunk.id, FindingKind.spunPhrase.id]

    func all(_ p: PageAnalysis) -> [Finding] { p.pageFindings + p.documents.flatMap(\.findings) }

    func checkFix(_ url: URL) throws {
        let analyzer = try Analyzer(dictionaries: Self.dictionaries)
        let source = try InputReader.read(url)
        let before = try analyzer.analyze(source)
        let safe = all(before).filter { Self.fixed.contains($0.kind) }
        XCTAssertFalse(safe.isEmpty, "\(url.lastPathComponent) has something to fix")
        let (text, changes) = try Fixer(analyzer: analyzer).fix(source)
        XCTAssertGreaterThanOrEqual(changes.count, safe.filter { $0.replacement != nil }.count / 2, "\(changes.count) changes")
        let after = try analyzer.analyze(SourceDocument(file: source.file, text: text, format: "UTF-8"))
        let left = all(after).filter { Self.fixed.contains($0.kind) }
        XCTAssertEqual(left.map { "\($0.kind) \($0.line):\($0.column) \($0.text)" }, [], "\(url.lastPathComponent) checks clean of the fixed kinds")
        // What is a person's to fix stays: placeholders, missing sections.
        for kind in [FindingKind.placeholder.id, FindingKind.missingSection.id] {
            XCTAssertEqual(all(after).filter { $0.kind == kind }.count, all(before).filter { $0.kind == kind }.count, kind)
        }
        // The spun phrases are back in their common form; nothing else of the text was lost.
        for f in all(before) where f.kind == FindingKind.spunPhrase.id { XCTAssertTrue(text.contains(f.replacement!), f.replacement!) }
        XCTAssertGreaterThan(text.unicodeScalars.count, source.text.unicodeScalars.count * 8 / 10)
    }

    func testFixTheSeedTranscription() throws { try checkFix(Self.seed) }

    func testFixTheSharedSeedPage() throws {
        guard let files = try? FileManager.default.contentsOfDirectory(at: Self.sharedSeed, includingPropertiesForKeys: nil).filter({ $0.pathExtension == "txt" }),
              let page = files.first else { throw XCTSkip("../shared/seed not found; this test needs the seed page") }
        try checkFix(page)
    }

    /// Replacements go in back to front on the original text, by the original's offsets; a
    /// deletion that empties its line takes the line.
    func testApplyBackToFrontByOriginalOffsets() {
        let text = "第一行\n供您参考\n答复中的.纰漏，顽强领导。\n"
        func f(_ kind: FindingKind, _ a: Int, _ b: Int, _ r: String) -> Finding {
            let s = Array(text.unicodeScalars)
            return Finding(kind: kind.id, severity: .warning, message: "", range: TextRange(start: a, end: b), line: 1, column: 1,
                           text: String(String.UnicodeScalarView(s[a..<b])), replacement: r)
        }
        let (out, changes) = Fixer.apply([f(.scrapeJunk, 4, 8, ""), f(.watermark, 13, 14, ""), f(.spunPhrase, 17, 21, "坚强领导")], to: text)
        XCTAssertEqual(out, "第一行\n答复中的纰漏，坚强领导。\n")
        XCTAssertEqual(changes.map(\.old), ["供您参考", ".", "顽强领导"])
    }
}
