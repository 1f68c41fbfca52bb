import Foundation
import XCTest
@testable import WenshuAnalysis
@testable import WenshuText

/// Rules written as data (dictionaries/rules/*.yaml, `--rules FILE`): existence and substitution.
final class DataRuleTests: XCTestCase {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let seed = root.appendingPathComponent("Corpus/seed/zhengxie-zongjie-5pian.txt")
    static let govreports = root.appendingPathComponent("../shared/corpus/govreports").standardized
    static let dictionaries = Dictionaries(root: root.appendingPathComponent("dictionaries"))
    static let officeRule = root.appendingPathComponent("examples/rules/office-terms.yaml")

    func all(_ p: PageAnalysis) -> [Finding] { p.pageFindings + p.documents.flatMap(\.findings) }

    /// The README's example: an office's rule file flags its terms, with the right form as replacement.
    func testOfficeRuleFlagsItsTerms() throws {
        var analyzer = try Analyzer(dictionaries: Self.dictionaries)
        analyzer.rules.append(try DataRule.load(contentsOf: Self.officeRule))
        let text = "关于2023年工作的总结\n一、基本情况\n截止目前，做为牵头单位，我们完成了其它各项工作。\n"
        let page = try analyzer.analyze(SourceDocument(file: "draft.txt", text: text, format: "UTF-8"))
        let office = all(page).filter { $0.kind == "office-term" }
        XCTAssertEqual(office.map(\.text), ["截止目前", "做为", "其它"])
        XCTAssertEqual(office.map(\.replacement), ["截至目前", "作为", "其他"])
        XCTAssertEqual(office.first?.message, "截止目前: this office writes 截至目前")
        XCTAssertEqual(office.first?.column, 1)
        XCTAssertEqual(page.kinds["office-term"]?.label.zh, "本单位用语")
        // Positions are the original's: the text at each range is the flagged word.
        let scalars = Array(text.unicodeScalars)
        for f in office { XCTAssertEqual(String(String.UnicodeScalarView(scalars[f.range.start..<f.range.end])), f.text) }
    }

    /// On the State Council reports the office rule finds the 其它 they print (20 times in 1954–2025).
    func testOfficeRuleOnTheStateCouncilReports() throws {
        guard let files = try? FileManager.default.contentsOfDirectory(at: Self.govreports, includingPropertiesForKeys: nil).filter({ $0.pathExtension == "txt" }),
              !files.isEmpty else { throw XCTSkip("../shared/corpus/govreports not found; this test needs the State Council reports") }
        let rule = try DataRule.load(contentsOf: Self.officeRule)
        var analyzer = try Analyzer(dictionaries: Self.dictionaries)
        analyzer.rules = [rule]
        var count = 0, expected = 0
        for f in files {
            let source = try InputReader.read(f)
            expected += source.text.components(separatedBy: "其它").count - 1
            count += all(try analyzer.analyze(source)).filter { $0.kind == "office-term" && $0.text == "其它" }.count
        }
        XCTAssertGreaterThan(expected, 0)
        // A 其它 in a heading line the page splitter keeps apart may be missed; every flag is a real one.
        XCTAssertGreaterThanOrEqual(count, expected * 9 / 10, "\(count) of \(expected)")
        XCTAssertLessThanOrEqual(count, expected)
    }

    /// The stock phrases moved onto an existence rule (dictionaries/rules/stock-phrases.yaml):
    /// one info finding per document with count, density and the most frequent.
    func testStockPhrasesAreADataRule() throws {
        let page = try Analyzer(dictionaries: Self.dictionaries).analyze(InputReader.read(Self.seed))
        let stock = page.documents.compactMap { $0.findings.first { $0.kind == "stock-phrase" } }
        XCTAssertEqual(stock.count, page.documents.count)
        for f in stock {
            XCTAssertEqual(f.severity, .info)
            XCTAssertNotNil(f.message.range(of: #"^\d+ stock phrases \(套话\), \d+\.\d per 1,000 characters: \S+×\d+"#, options: .regularExpression), f.message)
        }
        XCTAssertEqual(page.kinds["stock-phrase"]?.scope, .document)
    }

    /// An existence rule with patterns flags each match.
    func testExistenceRuleWithPatterns() throws {
        let yaml = """
        type: existence
        kind: vague-word
        severity: info
        message: {en: "vague: {text}", zh: "含糊：{text}"}
        tokens: [基本上]
        patterns: ['大约\\d+']
        """
        let rule = try DataRule.load(text: yaml, file: URL(fileURLWithPath: "/tmp/vague.yaml"))
        var analyzer = try Analyzer(dictionaries: Self.dictionaries)
        analyzer.rules = [rule]
        let page = try analyzer.analyze(SourceDocument(file: "t.txt", text: "工作基本上完成，大约30项。\n", format: "UTF-8"))
        XCTAssertEqual(all(page).filter { $0.kind == "vague-word" }.map(\.text), ["基本上", "大约30"])
    }

    /// garbled.txt's patterns as a data rule (rules/garbled-text.yaml): the kind is Wenshu's own
    /// garbled-text, `{label}` is each pattern's label in the message's language, and the page's
    /// text outside every document is read too (page_text).
    func testGarbledPatternsAreADataRule() throws {
        let rule = try DataRule.load(contentsOf: Self.dictionaries.url("rules/garbled-text.yaml"))
        XCTAssertEqual(rule.kind.id, FindingKind.garbledText.id)
        XCTAssertEqual(rule.kind.label, FindingKind.garbledText.label)
        XCTAssertEqual(rule.kind.severity, .warning)
        XCTAssertTrue(rule.pageText)
        let text = "工作网站&nbsp;导航\n\n关于扶贫工作的总结\n一、主要工作\n我镇积极筹措，，开展&ldquo;精准扶贫&rdquo;活动。\n"
        for lang in ReportLanguage.allCases {
            var analyzer = try Analyzer(dictionaries: Self.dictionaries)
            analyzer.rules = [rule]
            analyzer.language = lang
            let page = try analyzer.analyze(SourceDocument(file: "t.txt", text: text, format: "UTF-8"))
            let inDocs = page.documents.flatMap(\.findings).filter { $0.kind == "garbled-text" }
            XCTAssertEqual(inDocs.map(\.text), ["&nbsp;", "，，", "&ldquo;", "&rdquo;"])
            let doubled = try XCTUnwrap(inDocs.first { $0.text == "，，" })
            XCTAssertEqual(doubled.message, lang == .en ? "garbled text (doubled punctuation): ，，" : "乱码（标点重复）：，，")
            XCTAssertEqual(doubled.advice, lang == .en ? "retype this text from the original" : "按原文重新录入")
            XCTAssertEqual(inDocs.first?.message, lang == .en ? "garbled text (HTML entity): &nbsp;" : "乱码（HTML 实体）：&nbsp;")
            let scalars = Array(text.unicodeScalars)
            for f in inDocs { XCTAssertEqual(String(String.UnicodeScalarView(scalars[f.range.start..<f.range.end])), f.text) }
            // Page text (paragraphs outside every document) is read the same way; a rule without
            // page_text leaves it alone.
            let factory = FindingFactory(text: page.text, language: lang)
            let paragraphs = page.documents.flatMap(\.paragraphs)
            XCTAssertEqual(rule.check(pageText: paragraphs, factory: factory, words: WordOracle()).map(\.text), ["，，", "&ldquo;", "&rdquo;"])
            let url = Self.dictionaries.url("rules/garbled-text.yaml")
            let off = try DataRule.load(text: try String(contentsOf: url, encoding: .utf8).replacingOccurrences(of: "page_text: true", with: "page_text: false"), file: url)
            XCTAssertFalse(off.pageText)
            XCTAssertEqual(off.check(pageText: paragraphs, factory: factory, words: WordOracle()).count, 0)
        }
    }

    /// Errors in a rule file name the file and the line.
    func testErrorsNameTheFileAndLine() {
        let cases: [(String, Int, String)] = [
            ("type: existence\nkind: x\nmessage: m\ntokens: [a]\ncolor: red\n", 5, "unknown key 'color'"),
            ("type: existence\nkind: x\nmessage: m\npatterns:\n  - 'a'\n  - '(b'\n", 6, "invalid"),
            ("type: substitution\nkind: x\nmessage: m\nswap: [a, b]\n", 4, "swap"),
            ("type: existence\nkind: x\nseverity: fatal\nmessage: m\ntokens: [a]\n", 3, "severity"),
            ("type: existence\nkind: x\nmessage: {en: a\n", 3, "YAML"),
            ("type: existence\nkind: garbled-text\nlabel: mine\nmessage: m\ntokens: [a]\n", 3, "a kind Wenshu declares"),
            ("type: existence\nkind: x\nscope: document\npage_text: true\nmessage: m\ntokens: [a]\n", 4, "page_text"),
            ("type: existence\nkind: x\nmessage: m\npatterns_file: no-such-file.txt\n", 0, "no-such-file"),
        ]
        for (yaml, line, words) in cases {
            XCTAssertThrowsError(try DataRule.load(text: yaml, file: URL(fileURLWithPath: "/tmp/office.yaml"))) { e in
                let text = (e as? LocalizedError)?.errorDescription ?? "\(e)"
                if line > 0 { XCTAssertTrue(text.hasPrefix("/tmp/office.yaml:\(line):"), "\(text) (expected line \(line))") }
                XCTAssertTrue(text.contains(words), text)
            }
        }
    }
}
