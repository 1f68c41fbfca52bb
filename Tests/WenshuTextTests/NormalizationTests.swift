import Foundation
import XCTest
@testable import WenshuText

final class NormalizationTests: XCTestCase {
    func normalize(_ s: String, _ options: NormalizationOptions = NormalizationOptions()) throws -> NormalizedText {
        try Normalizer(options: options).normalize(s)
    }

    /// Every normalised scalar, through the offset map, is the scalar it came from (folded).
    func assertMapsBack(_ n: NormalizedText, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(n.originalStart.count, n.count, file: file, line: line)
        XCTAssertEqual(n.originalEnd.count, n.count, file: file, line: line)
        var previous = -1
        for k in 0..<n.count {
            let o = Int(n.originalStart[k])
            XCTAssertGreaterThan(o, previous, "originalStart is not strictly increasing at \(k)", file: file, line: line)
            XCTAssertGreaterThan(Int(n.originalEnd[k]), o, file: file, line: line)
            previous = o
            XCTAssertEqual(TestSupport.folded(n.source.scalars[o]), n.scalars[k], "normalised scalar \(k)", file: file, line: line)
        }
    }

    func testFullWidthDigitsAndLettersAreFolded() throws {
        let n = try normalize("１９９８年，ＡＢＣ公司ｘｙｚ")
        XCTAssertEqual(n.string, "1998年，ABC公司xyz")
        assertMapsBack(n)
    }

    func testChineseProsePunctuationIsKept() throws {
        let s = "一、指导思想（一）坚持，稳中求进；目标：发展？发展！"
        XCTAssertEqual(try normalize(s).string, s)
        // Full-width forms that are not prose punctuation fold: ％ ＋ ． ／ ＠ → % + . / @
        XCTAssertEqual(try normalize("增长３．５％，ａ＠ｂ／ｃ＋１").string, "增长3.5%，a@b/c+1")
    }

    func testIdeographicSpaceBecomesASpace() throws {
        let n = try normalize("\u{3000}\u{3000}各位代表：")
        XCTAssertEqual(n.string, "  各位代表：")
        XCTAssertEqual(n.count, 7)
        assertMapsBack(n)
    }

    func testFoldWidthCanBeTurnedOff() throws {
        let s = "１９９８年\u{3000}ＡＢＣ"
        XCTAssertEqual(try normalize(s, NormalizationOptions(foldWidth: false)).string, s)
    }

    func testZeroWidthCharactersAreDroppedAndOffsetsStillMapBack() throws {
        let s = "\u{FEFF}政\u{200B}协委\u{200B}\u{200B}员"
        let n = try normalize(s)
        XCTAssertEqual(n.string, "政协委员")
        // Original: FEFF 0, 政 1, 200B 2, 协 3, 委 4, 200B 5, 200B 6, 员 7.
        XCTAssertEqual(n.originalStart, [1, 3, 4, 7])
        XCTAssertEqual(n.originalEnd, [2, 4, 5, 8])
        assertMapsBack(n)
        // The range of 委员 in the normalised text covers the original 委 … 员 with the
        // invisible characters between them.
        let r = n.originalRange(of: TextRange(start: 2, end: 4))
        XCTAssertEqual(r, TextRange(start: 4, end: 8))
        XCTAssertEqual(n.source.text(in: r), "委\u{200B}\u{200B}员")
        // Kept when the option is off.
        XCTAssertEqual(try normalize(s, NormalizationOptions(dropInvisible: false)).count, s.unicodeScalars.count)
    }

    func testNewlinesAreUnified() throws {
        let n = try normalize("第一行\r\n第二行\r第三行\u{2028}第四行\n")
        XCTAssertEqual(n.string, "第一行\n第二行\n第三行\n第四行\n")
        // The CR LF pair is one normalised newline that maps to both original scalars.
        XCTAssertEqual(n.originalStart[3], 3)
        XCTAssertEqual(n.originalEnd[3], 5)
        XCTAssertEqual(n.originalStart[4], 5)  // 第 of line 2
        XCTAssertEqual(n.source.text(in: n.originalRange(of: TextRange(start: 3, end: 4))), "\r\n")
        assertMapsBack(n)
        XCTAssertEqual(try normalize("a\r\nb", NormalizationOptions(unifyNewlines: false)).string, "a\r\nb")
    }

    func testTraditionalToSimplifiedKeepsAOneToOneMap() throws {
        let s = "關於憲法草案的報告"
        let n = try normalize(s, NormalizationOptions(toSimplified: true))
        XCTAssertEqual(n.string, "关于宪法草案的报告")
        XCTAssertEqual(n.count, s.unicodeScalars.count)
        XCTAssertEqual(n.originalStart.map(Int.init), Array(0..<9))
        XCTAssertEqual(n.originalEnd.map(Int.init), Array(1..<10))
        // 報告 (original 7..<9) is 报告 in the normalised text.
        XCTAssertEqual(n.text(in: TextRange(start: 7, end: 9)), "报告")
        XCTAssertEqual(n.source.text(in: n.originalRange(of: TextRange(start: 7, end: 9))), "報告")
        // Off by default.
        XCTAssertEqual(try normalize(s).string, s)
    }

    func testOldVariantsICULeavesAreMappedByTheShippedTable() throws {
        // As printed in the 1954 State Council report: 衞生 敎育 選擧.
        let s = "衞生敎育和選擧工作"
        XCTAssertEqual(try normalize(s, NormalizationOptions(toSimplified: true)).string, "衞生敎育和选擧工作",
                       "ICU alone leaves 衞 敎 擧")
        var options = NormalizationOptions(toSimplified: true)
        options.variants = try SimplifiedVariants.load(contentsOf: TestSupport.dictionaries().simplifiedVariants)
        let n = try normalize(s, options)
        XCTAssertEqual(n.string, "卫生教育和选举工作")
        XCTAssertEqual(n.count, s.unicodeScalars.count)
        XCTAssertEqual(n.source.text(in: n.originalRange(of: TextRange(start: 0, end: 2))), "衞生")
        // Without toSimplified the table changes nothing.
        options.toSimplified = false
        XCTAssertEqual(try normalize(s, options).string, s)
    }

    func testABadVariantLineNamesTheFile() throws {
        let url = try TestSupport.makeTemporaryDirectory().appendingPathComponent("variants.txt")
        try "衞 卫\n敎教\n".write(to: url, atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try SimplifiedVariants.load(contentsOf: url)) { error in
            XCTAssertTrue(error.localizedDescription.contains(url.path), error.localizedDescription)
        }
    }

    func testTraditionalToSimplifiedWithWidthFoldingAndCRLF() throws {
        let s = "中華人民共和國\r\n１９５４年"
        let n = try normalize(s, NormalizationOptions(toSimplified: true))
        XCTAssertEqual(n.string, "中华人民共和国\n1954年")
        XCTAssertEqual(n.originalStart[8], 9)  // 1 came from １ after the CR LF pair
    }

    // MARK: Hard wraps

    func testHardWrapInsideAWordIsRejoinedInBlankLineParagraphs() throws {
        let s = "政府工作报\n告\n\n各位代表：\n\n现在，我代表国务院，向大会报告政府工作，\n请予审议。\n"
        let n = try normalize(s, .documents)
        XCTAssertTrue(n.string.hasPrefix("政府工作报告\n\n各位代表："), n.string)
        XCTAssertTrue(n.string.contains("向大会报告政府工作，请予审议。"), n.string)
        // 告 is normalised scalar 5 and original scalar 6 (after 报 and the removed line feed).
        XCTAssertEqual(n.text(in: TextRange(start: 5, end: 6)), "告")
        XCTAssertEqual(n.originalRange(of: TextRange(start: 5, end: 6)), TextRange(start: 6, end: 7))
        XCTAssertEqual(n.location(ofNormalized: 5), SourceLocation(offset: 6, line: 2, column: 1))
        // The word 报告 maps to the original 报\n告.
        XCTAssertEqual(n.source.text(in: n.originalRange(of: TextRange(start: 4, end: 6))), "报\n告")
        // Without the option nothing is joined.
        XCTAssertEqual(try normalize(s).string, s)
    }

    func testIndentationAfterAWrapIsRemoved() throws {
        let s = "\u{3000}\u{3000}在市委的领导下，市政协认真履行   \n\u{3000}\u{3000}政治协商职能。\n\n\u{3000}\u{3000}各项工作取得新的进展。\n\n\u{3000}\u{3000}今年的主要任务是：\n\n\u{3000}\u{3000}加强自身建设。"
        let n = try normalize(s, .documents)
        XCTAssertTrue(n.string.contains("市政协认真履行政治协商职能。"), n.string)
        let scalars = Array(n.string.unicodeScalars)
        let i = scalars.indices.first { scalars[$0] == "政" && scalars[$0 + 1] == "治" }!
        XCTAssertEqual(n.source.location(of: Int(n.originalStart[i])), SourceLocation(offset: Int(n.originalStart[i]), line: 2, column: 3))
    }

    func testHeadingLineIsNotJoined() throws {
        let s = "各位代表：\n\n现在我代表国务院作报告。\n\n一、指导思想\n以科学发展观为指导，全面贯彻落实\n各项方针政策。\n\n二、主要任务\n加快转变经济发展方式。\n"
        let n = try normalize(s, .documents)
        XCTAssertTrue(n.string.contains("一、指导思想\n以科学发展观为指导"), n.string)
        XCTAssertTrue(n.string.contains("二、主要任务\n加快转变"), n.string)
        // In the same (blank-line paragraph) file, a plain wrap is joined.
        XCTAssertTrue(n.string.contains("全面贯彻落实各项方针政策。"), n.string)
    }

    func testLineStartingWithAMarkerIsNotJoinedToThePreviousLine() throws {
        // Both lines end and start with characters that would continue a sentence.
        let s = "主要做了以下工作，包括\n1、加强组织领导，\n第二，提高办理质量\n\n第二段。\n\n第三段。\n"
        let n = try normalize(s, .documents)
        XCTAssertTrue(n.string.contains("包括\n1、加强组织领导，\n第二，提高"), n.string)
    }

    func testOneParagraphPerLineShortLineIsNotJoined() throws {
        let s = "一年来我们做了以下工作\n加强组织领导，完善工作机制。\n提高办理质量\n增强服务意识。\n"
        let n = try normalize(s, .documents)
        XCTAssertEqual(n.string, s)
    }

    func testOneParagraphPerLineLongLineEndingMidSentenceIsJoined() throws {
        let first = "在市委的坚强领导下，市政协认真履行政治协商、民主监督、参政议政"
        XCTAssertGreaterThanOrEqual(first.unicodeScalars.count, 24)
        let s = first + "\n职能，各项工作取得新进展。\n今年的主要任务是：\n加强自身建设。\n"
        let n = try normalize(s, .documents)
        XCTAssertEqual(n.string, first + "职能，各项工作取得新进展。\n今年的主要任务是：\n加强自身建设。\n")
        // 职 comes from the start of line 2.
        let k = first.unicodeScalars.count
        XCTAssertEqual(n.text(in: TextRange(start: k, end: k + 1)), "职")
        XCTAssertEqual(n.location(ofNormalized: k), SourceLocation(offset: k + 1, line: 2, column: 1))
        assertMapsBack(n)
    }

    func testLongLineEndingWithAFullStopIsNotJoined() throws {
        let s = "在市委的坚强领导下，市政协认真履行政治协商、民主监督、参政议政职能。\n各项工作取得新进展。\n"
        XCTAssertEqual(try normalize(s, .documents).string, s)
    }

    // MARK: Locations

    func testLocationOfNormalizedOffsets() throws {
        let s = "第一行\r\n\u{200B}第二行ＡＢ\n第三行"
        let n = try normalize(s)
        XCTAssertEqual(n.string, "第一行\n第二行AB\n第三行")
        // Normalised 4 is 第 of line 2: original offset 6 (after 第一行, CR, LF, ZWSP), column 2.
        XCTAssertEqual(n.location(ofNormalized: 4), SourceLocation(offset: 6, line: 2, column: 2))
        // Normalised 8 is B: original 10, column 6.
        XCTAssertEqual(n.location(ofNormalized: 8), SourceLocation(offset: 10, line: 2, column: 6))
        // Normalised 10 is 第 of line 3: original 12.
        XCTAssertEqual(n.location(ofNormalized: 10), SourceLocation(offset: 12, line: 3, column: 1))
        // The end of the text.
        XCTAssertEqual(n.location(ofNormalized: n.count), SourceLocation(offset: 15, line: 3, column: 4))
        XCTAssertEqual(n.location(ofNormalized: 0), SourceLocation(offset: 0, line: 1, column: 1))
    }

    func testSourceTextLineStarts() {
        let t = SourceText("a\r\nb\rc\nd\u{2029}e")
        XCTAssertEqual(t.lineStarts, [0, 3, 5, 7, 9])
        XCTAssertEqual(t.location(of: 4), SourceLocation(offset: 4, line: 2, column: 2))
        XCTAssertEqual(t.location(of: 9), SourceLocation(offset: 9, line: 5, column: 1))
        XCTAssertEqual(t.text(in: TextRange(start: 3, end: 6)), "b\rc")
    }

    func testEmptyText() throws {
        let n = try normalize("", .documents)
        XCTAssertEqual(n.count, 0)
        XCTAssertEqual(n.string, "")
        XCTAssertEqual(n.location(ofNormalized: 0), SourceLocation(offset: 0, line: 1, column: 1))
        XCTAssertEqual(n.originalRange(of: TextRange(start: 0, end: 0)), TextRange(start: 0, end: 0))
    }

    // MARK: Property test over the government work reports

    func testDocumentsNormalizationMapsBackOverGovReports() throws {
        let files = try TestSupport.govreportFiles()
        let normalizer = try Normalizer(options: .documents)
        var checked = 0
        for url in files {
            let decoded = try DocumentReader.read(url)
            let n = try normalizer.normalize(decoded.text)
            let name = url.lastPathComponent
            XCTAssertEqual(n.originalStart.count, n.count, name)
            // originalStart is strictly increasing, and each range is non-empty and in order.
            var previousEnd: Int32 = 0
            var previousStart: Int32 = -1
            var ok = true
            for k in 0..<n.count {
                let a = n.originalStart[k], b = n.originalEnd[k]
                if !(a > previousStart && b > a && a >= previousEnd) {
                    XCTFail("\(name): offset map not increasing at normalised \(k) (\(a)..<\(b) after \(previousStart)..<\(previousEnd))")
                    ok = false
                    break
                }
                previousStart = a
                previousEnd = b
            }
            if !ok { continue }
            // A sample of positions: the normalised scalar is the folded original scalar.
            for k in stride(from: 0, to: n.count, by: 97) {
                let o = Int(n.originalStart[k])
                if TestSupport.folded(n.source.scalars[o]) != n.scalars[k] {
                    XCTFail("\(name): normalised \(k) is U+\(String(n.scalars[k], radix: 16)) but original \(o) is U+\(String(n.source.scalars[o], radix: 16))")
                    break
                }
                checked += 1
            }
            // Nothing but removed line breaks, spaces and invisible characters disappears.
            var kept = [Bool](repeating: false, count: n.source.count)
            for k in 0..<n.count { for o in Int(n.originalStart[k])..<Int(n.originalEnd[k]) { kept[o] = true } }
            for (o, v) in n.source.scalars.enumerated() where !kept[o] {
                let c = CharacterClass.of(v)
                if !(c == .space || c == .newline || TestSupport.invisibles.contains(v)) {
                    XCTFail("\(name): original scalar \(o) U+\(String(v, radix: 16)) was dropped")
                    break
                }
            }
        }
        XCTAssertGreaterThan(checked, 1000)
    }
}
