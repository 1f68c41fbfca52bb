import Foundation
import XCTest
@testable import WenshuText

final class SegmenterTests: XCTestCase {
    var segmenter: Segmenter!

    override func setUpWithError() throws {
        segmenter = try TestSupport.segmenter()
    }

    /// The boundaries ICU's word break iterator alone puts in `text` (scalar offsets; BMP text only).
    func icuBoundaries(_ text: String) throws -> [Int] {
        XCTAssertTrue(text.unicodeScalars.allSatisfy { $0.value < 0x10000 })
        let it = try ICUBreakIterator(kind: .word, locale: "zh")
        return try it.boundaries(of: Array(text.utf16)).offsets.map(Int.init)
    }

    // MARK: The invariants, over real text

    /// Tokens tile the normalised text exactly, and each token's original range holds the
    /// original characters the token came from.
    func assertTokensCoverAndMapBack(_ tokens: [Token], _ n: NormalizedText, name: String, rejoined: Bool,
                                     file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(tokens.map(\.text).joined(), n.string, "\(name): tokens do not concatenate to the text", file: file, line: line)
        var position = 0, originalPosition = 0
        var failures = 0
        for (k, t) in tokens.enumerated() where failures < 5 {
            if t.range.start != position || t.range.isEmpty || t.text != n.text(in: t.range) {
                XCTFail("\(name): token \(k) \(t.range) \"\(t.text)\" does not follow \(position)", file: file, line: line)
                failures += 1
            }
            position = t.range.end
            if t.originalRange.start < originalPosition || t.originalRange.isEmpty {
                XCTFail("\(name): token \(k) \"\(t.text)\" original range \(t.originalRange) overlaps or is empty", file: file, line: line)
                failures += 1
            }
            originalPosition = t.originalRange.end
            let original = n.source.scalars[t.originalRange.start..<t.originalRange.end]
            let expected = TestSupport.expectedNormalization(of: original)
            let got = t.text.unicodeScalars.map(\.value)
            if expected == got { continue }
            // A rejoined hard wrap: the original also has the line break and indentation.
            let isBreak: (UInt32) -> Bool = { $0 == 0x0A || $0 == 0x20 || $0 == 0x09 }
            if rejoined && expected.contains(0x0A) && !got.contains(0x0A)
                && expected.filter({ !isBreak($0) }) == got.filter({ !isBreak($0) }) { continue }
            XCTFail("\(name): token \(k) \"\(t.text)\" came from \"\(n.source.text(in: t.originalRange))\"", file: file, line: line)
            failures += 1
        }
        XCTAssertEqual(position, n.count, file: file, line: line)
    }

    func testTokensCoverTheSeedAndMapBackToIt() throws {
        let text = try DocumentReader.read(TestSupport.seedFile).text
        for options in [NormalizationOptions(), NormalizationOptions.documents] {
            let n = try Normalizer(options: options).normalize(text)
            let tokens = try segmenter.segment(n)
            XCTAssertGreaterThan(tokens.count, 3000)
            assertTokensCoverAndMapBack(tokens, n, name: "seed", rejoined: options.rejoinWrappedLines)
            // Kept-whole spans from the seed.
            let words = TestSupport.words(tokens)
            XCTAssertTrue(words.contains("100%"))
            XCTAssertTrue(words.contains("参政议政"))
        }
    }

    func testTokensCoverGovReportsAndMapBack() throws {
        let files = try TestSupport.govreportFiles()
        // A few reports: the earliest (Traditional, hard-wrapped), one from the middle, the latest.
        let picked = Array(Set([files.first!, files[files.count / 2], files.last!])).sorted { $0.path < $1.path }
        let normalizer = try Normalizer(options: .documents)
        for url in picked {
            let n = try normalizer.normalize(try DocumentReader.read(url).text)
            let tokens = try segmenter.segment(n)
            XCTAssertGreaterThan(tokens.count, 1000, url.lastPathComponent)
            assertTokensCoverAndMapBack(tokens, n, name: url.lastPathComponent, rejoined: true)
        }
    }

    func testTokensMapBackThroughWidthFoldingInvisiblesCRLFAndSupplementaryCharacters() throws {
        let s = "\u{FEFF}２０２１年，政\u{200B}协委员\r\n提出ＣＯＶＩＤ－１９防控提案𠀀𠀁字3.5％。\u{3000}\u{3000}完\r\n"
        let n = try Normalizer().normalize(s)
        let tokens = try segmenter.segment(n)
        assertTokensCoverAndMapBack(tokens, n, name: "synthetic", rejoined: false)
        let year = try XCTUnwrap(tokens.first { $0.text == "2021年" })
        XCTAssertEqual(n.source.text(in: year.originalRange), "２０２１年")
        let covid = try XCTUnwrap(tokens.first { $0.text == "COVID-19" })
        XCTAssertEqual(n.source.text(in: covid.originalRange), "ＣＯＶＩＤ－１９")
        XCTAssertEqual(covid.kind, .latin)
        let percent = try XCTUnwrap(tokens.first { $0.text == "3.5%" })
        XCTAssertEqual(n.source.text(in: percent.originalRange), "3.5％")
        XCTAssertEqual(tokens.filter { $0.kind == .newline }.count, 2)
    }

    /// Random lines mixing every kind of character the lattice treats differently — Han,
    /// digits, Latin, punctuation runs, spaces, supplementary characters — through a segmenter
    /// whose lexicon has words across those kinds, number shapes and single marks: the tokens
    /// must tile every line exactly, with no empty token.
    func testRandomMixedLinesAreTiledExactly() throws {
        let words = ["政协", "政协委员", "委员会", "协商", "民主监督", "5G网络", "COVID-19", "第一",
                     "３月", "５月", "８月", "１０万元", "２０万元", "３万元", "…", "—", "增加", "加到", "𠀀字",
                     "二〇二一年", "百分之五", "提案", "议政", "参政"]
        let closed = try TestSupport.segmenter(userWords: words, includeDefaultLexicon: false)
        let full = try TestSupport.segmenter(userWords: words)
        let alphabet = Array("政协委员会商民主监督参议提案增加到十百千万亿二〇一年月日第５０8３.%％-—…… ，。、“”aZ@/:𠀀字".unicodeScalars)
        var rng = SplitMix(seed: 42)
        for round in 0..<400 {
            let length = Int(rng.next() % 60)
            var line = String.UnicodeScalarView()
            for _ in 0..<length { line.append(alphabet[Int(rng.next() % UInt64(alphabet.count))]) }
            let text = String(line)
            let n = try Normalizer().normalize(text)
            for seg in [closed, full] {
                let tokens = try seg.segment(n)
                var position = 0
                for t in tokens {
                    XCTAssertEqual(t.range.start, position, "round \(round): \(text)")
                    XCTAssertGreaterThan(t.range.end, t.range.start, "round \(round): \(text)")
                    position = t.range.end
                }
                XCTAssertEqual(position, n.count, "round \(round): \(text)")
                XCTAssertEqual(tokens.map(\.text).joined(), n.string, "round \(round)")
            }
        }
    }

    func testEmptyInputGivesNoTokens() throws {
        XCTAssertEqual(try segmenter.segment(""), [])
        XCTAssertEqual(try segmenter.segment(try Normalizer().normalize("\u{200B}")), [])
        let newline = try segmenter.segment("\n")
        XCTAssertEqual(newline.map(\.kind), [.newline])
    }

    // MARK: Lexicon words against ICU

    func testLexiconWordCrossingICUBoundariesWins() throws {
        // ICU alone cuts 参政议政 (参政/议/政): it has a boundary inside the word.
        let inner = try icuBoundaries("参政议政").filter { $0 > 0 && $0 < 4 }
        XCTAssertFalse(inner.isEmpty)
        XCTAssertTrue(try segmenter.segment("积极参政议政").map(\.text).contains("参政议政"))
        let plain = try TestSupport.segmenter(includeDefaultLexicon: false)
        let words = try TestSupport.words("积极参政议政", plain)
        XCTAssertFalse(words.contains("参政议政"), "\(words)")
        XCTAssertEqual(words.joined(), "积极参政议政")
    }

    func testUserLexiconWordStartingInsideAnICUTokenWins() throws {
        // ICU's dictionary gives 老年人 / 口: a boundary after 人, none after 年.
        let text = "老年人口比重上升"
        let b = try icuBoundaries(text)
        XCTAssertTrue(b.contains(3) && !b.contains(2), "ICU boundaries \(b)")
        let plain = try TestSupport.segmenter(includeDefaultLexicon: false)
        XCTAssertEqual(Array(try TestSupport.words(text, plain).prefix(2)), ["老年人", "口"])
        // 人口 starts inside ICU's 老年人: the lexicon word wins and 老年 is what is left.
        let user = try TestSupport.segmenter(userWords: ["人口"], includeDefaultLexicon: false)
        XCTAssertEqual(Array(try TestSupport.words(text, user).prefix(2)), ["老年", "人口"])
    }

    func testUserLexiconWordInsideAnICUTokenWins() throws {
        // ICU gives 增加到 as one token; the user's 增加 should cut it into 增加 / 到.
        let text = "收入增加到五万元"
        let b = try icuBoundaries(text)
        XCTAssertTrue(b.contains(2) && b.contains(5) && !b.contains(4), "ICU boundaries \(b)")
        let user = try TestSupport.segmenter(userWords: ["增加"], includeDefaultLexicon: false)
        XCTAssertTrue(try TestSupport.words(text, user).containsRun(["增加", "到"]))
        // A word strictly inside one ICU token (ICU keeps 中小企业 whole) re-segments it.
        let whole = try TestSupport.words("中小企业", TestSupport.segmenter(includeDefaultLexicon: false))
        XCTAssertEqual(whole, ["中小企业"])
        let inside = try TestSupport.words("中小企业", TestSupport.segmenter(userWords: ["小企业"], includeDefaultLexicon: false))
        XCTAssertEqual(inside, ["中", "小企业"])
    }

    func testUserLexiconWordOverridesTheDefaultCut() throws {
        let text = "推进国家治理体系和治理能力现代化"
        let plain = try TestSupport.words(text, TestSupport.segmenter(includeDefaultLexicon: false))
        XCTAssertFalse(plain.contains("治理能力"))
        let user = try TestSupport.segmenter(userWords: ["治理能力", "治理体系"], includeDefaultLexicon: false)
        let words = try TestSupport.words(text, user)
        XCTAssertTrue(words.contains("治理能力"), "\(words)")
        XCTAssertTrue(words.contains("治理体系"), "\(words)")
    }

    // MARK: Kept-whole spans

    func testNumbersDatesAndOrdinalsStayWhole() throws {
        let text = "二○○一年十二月三十一日，二〇二一年的生产总值增长3.5%，第三季度增长百分之五，2021年比１９９８年翻了一番。"
        let n = try Normalizer().normalize(text)
        let tokens = try segmenter.segment(n)
        let words = TestSupport.words(tokens)
        XCTAssertTrue(words.containsRun(["二○○一年", "十二月", "三十一日"]), "\(words)")
        for w in ["二〇二一年", "3.5%", "第三", "百分之五", "2021年", "1998年"] {
            XCTAssertTrue(words.contains(w), "\(w) not whole in \(words)")
        }
        for w in ["二○○一年", "十二月", "三十一日", "3.5%", "百分之五", "2021年"] {
            XCTAssertEqual(tokens.first { $0.text == w }?.kind, .number, w)
        }
        // The full-width year is one token whose original text is the full-width text.
        let year = try XCTUnwrap(tokens.first { $0.text == "1998年" })
        XCTAssertEqual(n.source.text(in: year.originalRange), "１９９８年")
    }

    func testMoreNumberForms() throws {
        let words = try TestSupport.words("第12条规定，百分之三点五，50万亿元，8时30分，12月1日，第十四个五年规划", segmenter)
        for w in ["第12", "百分之三点五", "50万亿", "8时", "30分", "12月", "1日", "第十四"] {
            XCTAssertTrue(words.contains(w), "\(w) not whole in \(words)")
        }
    }

    func testNumeralsThatAreNotDatesAreNotJoinedAsDates() throws {
        // 32 is not a month and 45 not a day: no date token.
        XCTAssertFalse(try TestSupport.words("三十二月", segmenter).contains("三十二月"))
        XCTAssertFalse(try TestSupport.words("四十五日", segmenter).contains("四十五日"))
        // 一九 is a digit-by-digit year only before 年, and a single digit before 年 is no year.
        XCTAssertTrue(try TestSupport.words("一九九八年", segmenter).contains("一九九八年"))
        XCTAssertFalse(try TestSupport.words("近三年来", segmenter).contains("三年来"))
    }

    func testNumeralEndingAWordIsNotADate() throws {
        XCTAssertTrue(try TestSupport.words("统一号召", segmenter).contains("统一"))
        XCTAssertTrue(try TestSupport.words("统一日程安排", segmenter).contains("统一"))
        // ICU itself cuts 万/一日 here; what matters is that 一日 is not made a kept-whole date.
        let tokens = try segmenter.segment("万一日后出现问题")
        XCTAssertFalse(tokens.contains { $0.kind == .number }, "\(tokens.map { ($0.text, $0.kind) })")
    }

    func testNumberConventionsAreLearnedFromALexicon() throws {
        let text = "共有３０万元投入，建成１２个站点，７月１日开通，今年５月３日验收，8个项目"
        // By default a number and its unit or measure word are two tokens (PKU's convention).
        let plain = try TestSupport.words(text, segmenter)
        XCTAssertTrue(plain.containsRun(["30万", "元"]), "\(plain)")
        XCTAssertTrue(plain.containsRun(["12", "个"]), "\(plain)")
        // A lexicon that lists numbers with what follows them, three times or more per shape
        // (MSR's convention, in full-width digits as MSR writes them), joins any number that way.
        let msrStyle = ["２０万元", "５万元", "１００万元", "８个", "２０个", "３个", "５月１２日", "１０月１日", "３月９日",
                        "今年６月", "今年１２月", "今年３月", "１个", "２项"]
        let learned = try TestSupport.segmenter(userWords: msrStyle, includeDefaultLexicon: false)
        let words = try TestSupport.words(text, learned)
        for w in ["30万元", "12个", "7月1日", "今年5月", "8个"] {
            XCTAssertTrue(words.contains(w), "\(w) not whole in \(words)")
        }
        // A shape listed fewer than three times (２项) teaches nothing.
        XCTAssertTrue(try TestSupport.words("完成3项任务", learned).containsRun(["3", "项"]))
        // The learned token is still a number, and maps back to the full-width original.
        let n = try Normalizer().normalize("投入３０万元")
        let token = try XCTUnwrap(try learned.segment(n).first { $0.text == "30万元" })
        XCTAssertEqual(token.kind, .number)
        XCTAssertEqual(n.source.text(in: token.originalRange), "３０万元")
    }

    func testDecimalNumbersAreOnePlaceholderInALearnedShape() throws {
        // PKU lists negative numbers with decimals (－０．５５, －１．２): the shape is -#, so
        // −5 and −0.8 are joined too; without such entries they stay apart.
        let text = "最低气温－5℃，跌幅－0.8"
        XCTAssertTrue(try TestSupport.words(text, segmenter).containsRun(["-", "5"]))
        let learned = try TestSupport.segmenter(userWords: ["－０．５５", "－１．２", "－３", "－１２"], includeDefaultLexicon: false)
        let words = try TestSupport.words(text, learned)
        XCTAssertTrue(words.contains("-5"), "\(words)")
        XCTAssertTrue(words.contains("-0.8"), "\(words)")
    }

    func testICUBoundariesBreakTiesBetweenLexiconPaths() throws {
        // A word list without frequencies (the SIGHAN training lists) gives every entry the same
        // cost, so 取得/了 and 取/得了 cost the same. ICU puts its boundaries at 取得|了 and 项目|的.
        XCTAssertEqual(try icuBoundaries("取得了成绩").prefix(3), [0, 2, 3])
        XCTAssertEqual(try icuBoundaries("这个项目的目的").prefix(4), [0, 2, 4, 5])
        let list = ["取", "得了", "取得", "了", "项", "目的", "项目", "的"]
        let closed = try TestSupport.segmenter(userWords: list, includeDefaultLexicon: false)
        XCTAssertEqual(try TestSupport.words("取得了成绩", closed).prefix(2), ["取得", "了"])
        XCTAssertTrue(try TestSupport.words("这个项目的目的", closed).containsRun(["项目", "的", "目的"]))
        // Without the tie-breaker the order of the lattice's edges chose, and chose the other path.
        var costs = SegmentationCosts.default
        costs.insideICU = 0
        let untied = try Segmenter(lexicon: closed.lexicon,
                                   rules: SegmentationRules.load(contentsOf: TestSupport.dictionaries().segmentationRules),
                                   standaloneCharacters: closed.standaloneCharacters, functionCharacters: closed.functionCharacters,
                                   suffixes: closed.suffixes, costs: costs)
        XCTAssertEqual(try TestSupport.words("取得了成绩", untied).prefix(2), ["取", "得了"])
        // A lexicon word that is cheaper than ICU's token still cuts it (增加 out of ICU's 增加到).
        let cut = try TestSupport.segmenter(userWords: ["增加", "到"], includeDefaultLexicon: false)
        XCTAssertEqual(try TestSupport.words("增加到十亿", cut).prefix(2), ["增加", "到"])
    }

    func testRunsOfPunctuationSplitWhenALexiconListsOnlyTheSingleMark() throws {
        let text = "等等……还有——"
        XCTAssertTrue(try TestSupport.words(text, segmenter).contains("……"))
        // MSR's word list has … but not ……: its runs are split, one mark a token.
        let msrStyle = try TestSupport.segmenter(userWords: ["…"], includeDefaultLexicon: false)
        let words = try TestSupport.words(text, msrStyle)
        XCTAssertTrue(words.containsRun(["…", "…"]), "\(words)")
        XCTAssertTrue(words.contains("——"), "a mark the lexicon does not list keeps its runs whole: \(words)")
        let both = try TestSupport.segmenter(userWords: ["…", "……"], includeDefaultLexicon: false)
        XCTAssertTrue(try TestSupport.words(text, both).contains("……"))
    }

    func testLexiconWordCannotCutANumber() throws {
        let user = try TestSupport.segmenter(userWords: ["21年", "年的"])
        let words = try TestSupport.words("2021年的工作", user)
        XCTAssertEqual(words.first, "2021年")
        XCTAssertFalse(words.contains("21年"))
    }

    func testLatinWordsURLsAndEmailStayWhole() throws {
        let text = "抗击COVID-19疫情，C919大飞机首飞，详见https://www.gov.cn/a.html，或致信mail@gov.cn。"
        let tokens = try segmenter.segment(text)
        func kind(_ w: String) -> TokenKind? { tokens.first { $0.text == w }?.kind }
        XCTAssertEqual(kind("COVID-19"), .latin)
        XCTAssertEqual(kind("C919"), .latin)
        XCTAssertEqual(kind("https://www.gov.cn/a.html"), .url)
        XCTAssertEqual(kind("mail@gov.cn"), .url)
        XCTAssertEqual(kind("，"), .punctuation)
        XCTAssertEqual(kind("。"), .punctuation)
    }

    func testUserLexiconWordWithDigitsAndLatinStaysWhole() throws {
        let text = "加快5G网络建设"
        XCTAssertEqual(try TestSupport.words(text, segmenter).prefix(3), ["加快", "5G", "网络"])
        let user = try TestSupport.segmenter(userWords: ["5G网络"])
        let tokens = try user.segment(text)
        XCTAssertEqual(TestSupport.words(tokens), ["加快", "5G网络", "建设"])
        XCTAssertEqual(tokens.first { $0.text == "5G网络" }?.kind, .word)
    }

    func testRepeatedPunctuationAndSpacesAreOneToken() throws {
        let tokens = try segmenter.segment("根本法——宪法……  完")
        XCTAssertTrue(tokens.contains { $0.text == "——" && $0.kind == .punctuation })
        XCTAssertTrue(tokens.contains { $0.text == "……" && $0.kind == .punctuation })
        XCTAssertTrue(tokens.contains { $0.text == "  " && $0.kind == .space })
    }

    func testSegmentsLineByLine() throws {
        // A word never crosses a line break, even one the lexicon knows.
        XCTAssertTrue(try segmenter.segment("积极参政议政").contains { $0.text == "参政议政" })
        let tokens = try segmenter.segment("积极参政\n议政")
        XCTAssertFalse(tokens.contains { $0.text.contains("参政议政") })
        let newline = try XCTUnwrap(tokens.first { $0.kind == .newline })
        XCTAssertEqual(newline.range, TextRange(start: 4, end: 5))
        XCTAssertEqual(newline.text, "\n")
        XCTAssertTrue(tokens.allSatisfy { $0.kind == .newline || (!$0.text.contains("\n") && ($0.range.end <= 4 || $0.range.start >= 5)) })
    }
}
