import XCTest
@testable import WenshuAnalysis
import WenshuText

/// Seed and extend: a copied passage is reported from its first to its last aligned character,
/// through the formulas inside it; a formula alone is not a copy; a batch is compared at once.
final class CopyAlignmentTests: XCTestCase {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let seed = root.appendingPathComponent("Corpus/seed/zhengxie-zongjie-5pian.txt")
    static let govreports = root.appendingPathComponent("../shared/corpus/govreports").standardized
    static let dictionaries = Dictionaries(root: root.appendingPathComponent("dictionaries"))
    /// Original text, in no library: what a drafter writes around what they copy.
    static let before = "今年以来，我镇围绕乡村振兴抓落实，组织村干部赴外地学习庭院经济和稻渔共养的做法，回来后在三个村试种了高山蔬菜。"
    static let after = "下一步，镇里打算把冷库建到河东片区，让菜农少跑二十里路，再请农技站的同志每月下村讲一次课。"

    func copies(_ draft: String, against library: CopyLibrary) throws -> (PageAnalysis, [Finding]) {
        let analyzer = Analyzer(structures: StructureLibrary(structures: []), rules: [CopyRule(library: library)])
        let page = try analyzer.analyze(InputReader.read(text: draft, file: "draft.txt"))
        return (page, page.documents.flatMap(\.findings).filter { $0.kind == "copied-text" })
    }

    func testAWordForWordCopyIsReportedFromItsFirstToItsLastCharacter() throws {
        let text = try String(contentsOf: Self.seed, encoding: .utf8)
        let a = text.range(of: "政协工作总结和工作计划【第二篇】")!.upperBound
        let paragraph = String(text[a...].split(separator: "\n").first { $0.count > 100 }!)
        // The passage ends on the paragraph's last character that is not punctuation (its
        // "100%。" ends on the 0: punctuation and symbols are not compared).
        var copied = paragraph.unicodeScalars
        while let last = copied.last, !(CharacterClass.isHan(last.value) || last.properties.isAlphabetic || ("0"..."9").contains(last)) { copied.removeLast() }
        let tail = String(paragraph.unicodeScalars.dropFirst(copied.count))
        let draft = Self.before + paragraph + Self.after
        let (page, found) = try copies(draft, against: CopyLibrary.load([Self.seed]))
        XCTAssertEqual(found.count, 1, found.map(\.text).joined(separator: "\n"))
        let start = Self.before.unicodeScalars.count
        XCTAssertEqual(page.text.originalRange(of: found[0].range), TextRange(start: start, end: start + copied.count), "tail \(tail)")
        XCTAssertEqual(found[0].source?.similarity, 1)
        // The source range is the paragraph in the seed file.
        XCTAssertEqual(SourceText(text).text(in: found[0].source!.range), String(copied))
    }

    func testAnEditedCopyIsOnePassageAndItsSimilarityIsMeasuredOnTheAlignment() throws {
        let text = try String(contentsOf: Self.seed, encoding: .utf8)
        let a = text.range(of: "政协工作总结和工作计划【第二篇】")!.upperBound
        let paragraph = String(text[a...].split(separator: "\n").first { $0.count > 100 }!)
        // One character in every clause changed, two clauses swapped, a word put in.
        var clauses = paragraph.split(separator: ",", omittingEmptySubsequences: false).map { clause -> String in
            var chars = Array(clause)
            if let i = chars.indices.dropFirst(3).first(where: { CharacterClass.isHan(chars[$0].unicodeScalars.first!.value) }) { chars[i] = "某" }
            return String(chars)
        }
        clauses.swapAt(2, 3)
        clauses[4] = "切实" + clauses[4]
        let edited = clauses.joined(separator: ",")
        let draft = Self.before + edited + Self.after
        let (page, found) = try copies(draft, against: CopyLibrary.load([Self.seed]))
        XCTAssertEqual(found.count, 1, found.map(\.text).joined(separator: "\n"))
        let range = page.text.originalRange(of: found[0].range)
        let start = Self.before.unicodeScalars.count
        // From the first aligned character (the clause's second, the first is changed only
        // from the fourth on) to the last, within a character or two of the edited paragraph.
        XCTAssertLessThanOrEqual(abs(range.start - start), 1, found[0].text)
        XCTAssertLessThanOrEqual(abs(range.end - (start + edited.unicodeScalars.count)), 2, found[0].text)
        let similarity = try XCTUnwrap(found[0].source?.similarity)
        XCTAssertTrue(similarity > 0.7 && similarity < 1, "\(similarity)")
    }

    func testAFormulaInsideACopiedParagraphIsCoveredAndAFormulaAloneIsNotACopy() throws {
        guard FileManager.default.fileExists(atPath: Self.govreports.path) else {
            throw XCTSkip("../shared/corpus/govreports not found; this test needs the State Council reports")
        }
        let library = try CopyLibrary.load([Self.govreports], swaps: SwapUndoer.load(contentsOf: Self.dictionaries.url("phrases/synonyms.txt")))
        let report = try String(contentsOf: Self.govreports.appendingPathComponent("2019.txt"), encoding: .utf8)
        let paragraph = String(report.split(separator: "\n").first { $0.hasPrefix("奋斗创造历史") }!)
        let formula = "更加紧密地团结在以习近平同志为核心的党中央周围"
        XCTAssertTrue(paragraph.contains(formula))
        // The formula is common: most reports since 2013 have it.
        let docsWithFormula = library.documents.filter { $0.text.source.text(in: TextRange(start: 0, end: $0.text.source.count)).contains(formula) }.count
        XCTAssertGreaterThan(docsWithFormula, library.maxDocumentFrequency)
        let (page, found) = try copies(Self.before + paragraph + Self.after, against: library)
        XCTAssertEqual(found.count, 1, found.map(\.text).joined(separator: "\n"))
        let range = page.text.originalRange(of: found[0].range)
        let start = Self.before.unicodeScalars.count
        XCTAssertEqual(range.start, start, found[0].text)
        XCTAssertGreaterThanOrEqual(range.end, start + paragraph.unicodeScalars.count - 1, found[0].text)
        XCTAssertTrue(found[0].text.contains(formula))
        XCTAssertEqual(URL(fileURLWithPath: found[0].source!.file).lastPathComponent, "2019.txt")
        // The formula alone, between original text, is not a copy.
        let (_, alone) = try copies(Self.before + "我们要" + formula + "，高举中国特色社会主义伟大旗帜，" + Self.after, against: library)
        XCTAssertEqual(alone.map(\.text), [])
    }

    func testABatchFindsTheCopiedPairAndItsClusterAndLeavesAnUnrelatedDocumentAlone() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("wenshu-batch-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: dir) }
        let text = try String(contentsOf: Self.seed, encoding: .utf8)
        let a = text.range(of: "政协工作总结和工作计划【第二篇】")!.upperBound
        let b = text.range(of: "政协工作总结和工作计划【第三篇】")!.lowerBound
        let second = String(text[a..<b]).trimmingCharacters(in: .whitespacesAndNewlines)
        let edited = second.replacingOccurrences(of: "提案", with: "建议")
        try ("市城管局提案办理工作总结\n\n" + second).write(to: dir.appendingPathComponent("a.txt"), atomically: true, encoding: .utf8)
        try ("县城管局建议办理工作总结\n\n" + edited).write(to: dir.appendingPathComponent("b.txt"), atomically: true, encoding: .utf8)
        try ("乡镇农技推广工作总结\n\n" + Self.before + Self.after).write(to: dir.appendingPathComponent("c.txt"), atomically: true, encoding: .utf8)
        let docs = try CopyLibrary.loadDocuments([dir])
        XCTAssertEqual(docs.count, 3)
        let library = CopyLibrary(documents: docs.map(\.document))
        let batch = try CopyBatch.compare(library: library, batchCount: 3, origins: docs.map { .init(file: $0.document.file, index: $0.index) }, workers: 2)
        XCTAssertEqual(batch.pairs.count, 1, "\(batch.pairs.map { ($0.a, $0.b) })")
        let pair = try XCTUnwrap(batch.pairs.first)
        XCTAssertEqual([pair.a, pair.b], [0, 1])
        XCTAssertGreaterThan(pair.ratioA, 0.8)
        XCTAssertGreaterThan(pair.ratioB, 0.8)
        XCTAssertEqual(batch.clusters, [[0, 1]])
        // Passage ranges point at the same text in both files.
        let p = try XCTUnwrap(pair.passages.max { $0.a.count < $1.a.count })
        let ta = SourceText(try String(contentsOf: dir.appendingPathComponent("a.txt"), encoding: .utf8)).text(in: p.a)
        let tb = SourceText(try String(contentsOf: dir.appendingPathComponent("b.txt"), encoding: .utf8)).text(in: p.b)
        XCTAssertEqual(ta.replacingOccurrences(of: "提案", with: "建议"), tb)
        // The same with workers: 1 (results do not depend on the threads).
        let one = try CopyBatch.compare(library: library, batchCount: 3, origins: docs.map { .init(file: $0.document.file, index: $0.index) }, workers: 1)
        XCTAssertEqual(try JSONReport.encode(one), try JSONReport.encode(batch))
    }
}
