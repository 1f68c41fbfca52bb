import XCTest
import WenshuTestSupport
@testable import WenshuAnalysis
import WenshuText
import ZIPFoundation

/// Builds real .docx files with ZIPFoundation in a temporary directory and reads them back.
final class DocxReaderTests: XCTestCase {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    private var directory: URL!

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("wenshu-docx-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        if let directory { try? FileManager.default.removeItem(at: directory) }
    }

    // MARK: - Building .docx files

    static let contentTypes = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">\
        <Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>\
        <Default Extension="xml" ContentType="application/xml"/>\
        <Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>\
        <Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>\
        </Types>
        """

    static let packageRels = DocxFixtures.packageRels

    static let documentRels = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
        <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>\
        </Relationships>
        """

    /// A document.xml around `body` (the children of w:body).
    static func document(_ body: String) -> String { DocxFixtures.document(body) }

    static func styles(_ styles: String) -> String {
        """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
        \(styles)
        </w:styles>
        """
    }

    /// Writes a ZIP with these entries (path → content), deflated.
    @discardableResult
    func makeZip(_ name: String, _ entries: [(String, String)]) throws -> URL {
        let url = directory.appendingPathComponent(name)
        let archive = try Archive(url: url, accessMode: .create)
        for (path, content) in entries {
            let data = Data(content.utf8)
            try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(data.count),
                                 compressionMethod: .deflate) { position, size in
                data.subdata(in: Int(position)..<Int(position) + size)
            }
        }
        return url
    }

    /// A .docx with this body, and styles.xml when given.
    func makeDocx(_ name: String, body: String, styles: String? = nil) throws -> URL {
        var entries = [("[Content_Types].xml", Self.contentTypes), ("_rels/.rels", Self.packageRels),
                       ("word/document.xml", Self.document(body))]
        if let styles {
            entries.append(("word/_rels/document.xml.rels", Self.documentRels))
            entries.append(("word/styles.xml", Self.styles(styles)))
        }
        return try makeZip(name, entries)
    }

    static func p(_ text: String, properties: String = "") -> String {
        "<w:p>\(properties.isEmpty ? "" : "<w:pPr>\(properties)</w:pPr>")<w:r><w:t>\(text)</w:t></w:r></w:p>"
    }

    // MARK: - A typical report

    /// Paragraphs of a short report, in the order they should come out.
    static let reportParagraphs = [
        "政协工作总结",
        "一、主要工作",
        "今年以来，我委认真履行职能。",
        "围绕中心工作建言献策",
        "表格中的内容",
        "第二格",
        "我们积极参政议政。",
        "会议于2024年3月1日召开 第二行",
        "（一）二级标题",
        "附件：\t委员名单",
    ]

    static let reportBody = [
        p("政协工作总结", properties: #"<w:jc w:val="center"/>"#),
        "<w:p/>",  // empty: dropped
        // Heading1 by style id (no styles.xml); a tab stop definition is not a tab.
        p("一、主要工作", properties: #"<w:pStyle w:val="Heading1"/><w:tabs><w:tab w:val="left" w:pos="420"/></w:tabs>"#),
        p("今年以来，我委认真履行职能。"),
        p("围绕中心工作建言献策", properties: #"<w:numPr><w:ilvl w:val="1"/><w:numId w:val="3"/></w:numPr>"#),
        "<w:tbl><w:tblPr/><w:tr><w:tc><w:tcPr/>\(p("表格中的内容"))</w:tc><w:tc>\(p("第二格"))</w:tc></w:tr></w:tbl>",
        // One word split across runs with formatting between them.
        "<w:p><w:r><w:t>我们积极</w:t></w:r><w:r><w:rPr><w:b/></w:rPr><w:t>参政</w:t></w:r>"
            + "<w:r><w:t>议政</w:t></w:r><w:r><w:t>。</w:t></w:r></w:p>",
        // A date field (instruction skipped, result kept), deleted and hidden text, a line break.
        "<w:p><w:r><w:t>会议于</w:t></w:r><w:r><w:fldChar w:fldCharType=\"begin\"/></w:r>"
            + "<w:r><w:instrText xml:space=\"preserve\"> DATE \\@ \"yyyy年M月d日\" </w:instrText></w:r>"
            + "<w:r><w:fldChar w:fldCharType=\"separate\"/></w:r><w:r><w:t>2024年3月1日</w:t></w:r>"
            + "<w:r><w:fldChar w:fldCharType=\"end\"/></w:r>"
            + "<w:del w:id=\"1\" w:author=\"张三\"><w:r><w:delText>删除的文字</w:delText></w:r></w:del>"
            + "<w:r><w:rPr><w:vanish/></w:rPr><w:t>隐藏文字</w:t></w:r>"
            + "<w:ins w:id=\"2\" w:author=\"张三\"><w:r><w:t>召开</w:t></w:r></w:ins>"
            + "<w:r><w:br/><w:t>第二行</w:t></w:r></w:p>",
        p("（一）二级标题", properties: #"<w:outlineLvl w:val="1"/>"#),
        "<w:p><w:r><w:t>附件：</w:t><w:tab/><w:t>委员名单</w:t></w:r></w:p>",
        "<w:p><w:r><w:t xml:space=\"preserve\">  </w:t></w:r></w:p>",  // blank: dropped
    ].joined(separator: "\n")

    func testReadsParagraphsAndHints() throws {
        let url = try makeDocx("report.docx", body: Self.reportBody)
        let doc = try DocxReader.read(url)
        XCTAssertEqual(doc.format, "docx")
        XCTAssertEqual(doc.file, url.path)
        XCTAssertEqual(doc.text, Self.reportParagraphs.joined(separator: "\n\n"))
        XCTAssertFalse(doc.text.hasSuffix("\n"))
        XCTAssertTrue(doc.text.contains("参政议政"))
        XCTAssertEqual(doc.hints, [
            ParagraphHint(line: 3, headingLevel: 1, listLevel: nil),
            ParagraphHint(line: 7, headingLevel: nil, listLevel: 1),
            ParagraphHint(line: 17, headingLevel: 2, listLevel: nil),
        ])
        // Each hint's line is the line its paragraph is on.
        let lines = doc.text.components(separatedBy: "\n")
        XCTAssertEqual(lines[2], "一、主要工作")
        XCTAssertEqual(lines[6], "围绕中心工作建言献策")
        XCTAssertEqual(lines[16], "（一）二级标题")
    }

    func testAutomaticNumberingIsWrittenAsWordDrawsIt() throws {
        // 一、 / （一） / 1. levels in Chinese counting and decimal, a second list starting at 四.
        let numbering = """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <w:numbering xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">\
            <w:abstractNum w:abstractNumId="0">\
            <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl>\
            <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%2）"/></w:lvl>\
            <w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%3."/></w:lvl>\
            </w:abstractNum>\
            <w:abstractNum w:abstractNumId="1"><w:lvl w:ilvl="0"><w:numFmt w:val="bullet"/><w:lvlText w:val="•"/></w:lvl></w:abstractNum>\
            <w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>\
            <w:num w:numId="2"><w:abstractNumId w:val="0"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="4"/></w:lvlOverride></w:num>\
            <w:num w:numId="3"><w:abstractNumId w:val="1"/></w:num>\
            </w:numbering>
            """
        func numbered(_ text: String, _ numId: Int, _ ilvl: Int) -> String {
            Self.p(text, properties: "<w:numPr><w:ilvl w:val=\"\(ilvl)\"/><w:numId w:val=\"\(numId)\"/></w:numPr>")
        }
        let body = [Self.p("区政协2023年工作总结"), numbered("主要工作", 1, 0), Self.p("一年来，我们组织开展了各项工作，取得了新成效。"),
                    numbered("加强学习", 1, 1), numbered("组织专题学习", 1, 2), numbered("举办培训班", 1, 2),
                    numbered("开展调研", 1, 1), Self.p("先后组织了三次专题调研，形成了调研报告。"),
                    numbered("存在问题", 1, 0), numbered("调研不够深入", 1, 1), numbered("委员履职", 3, 0),
                    numbered("下一步打算", 1, 0), Self.p("明年我们将继续加强学习，深入开展调研。"),
                    numbered("另一份清单", 2, 0)].joined()
        let url = try makeZip("numbered.docx", [("[Content_Types].xml", Self.contentTypes), ("_rels/.rels", Self.packageRels),
                                                ("word/document.xml", Self.document(body)), ("word/numbering.xml", numbering)])
        let doc = try DocxReader.read(url)
        XCTAssertEqual(doc.text.components(separatedBy: "\n\n"), [
            "区政协2023年工作总结", "一、主要工作", "一年来，我们组织开展了各项工作，取得了新成效。",
            "（一）加强学习", "1. 组织专题学习", "2. 举办培训班", "（二）开展调研", "先后组织了三次专题调研，形成了调研报告。",
            "二、存在问题", "（一）调研不够深入", "委员履职", "三、下一步打算", "明年我们将继续加强学习，深入开展调研。", "四、另一份清单",
        ])
        // The outline and the sections come from the numbers Word draws.
        let d = try Analyzer(dictionaries: Dictionaries(root: Self.root.appendingPathComponent("dictionaries"))).analyze(doc).documents[0]
        XCTAssertEqual(d.outline.roots.map(\.marker.text), ["一、", "二、", "三、", "四、"])
        XCTAssertEqual(d.outline.roots[0].children.map(\.marker.text), ["（一）", "（二）"])
        XCTAssertEqual(d.sections.first { $0.name == "存在问题" }?.evidence, .heading)
        XCTAssertEqual(NumberingCounter.format(3, "decimalEnclosedCircle"), "③")
        XCTAssertEqual(NumberingCounter.format(12, "chineseCounting"), "十二")
        XCTAssertEqual(NumberingCounter.format(2, "ideographTraditional"), "乙")
        XCTAssertEqual(NumberingCounter.format(4, "upperRoman"), "IV")
    }

    func testHeadingStylesWithoutNumbersMarkTheSections() throws {
        // Parts headed by styled paragraphs (Heading 1) with no number: found by their headings;
        // a heading with nothing under it before the next is an empty part.
        func heading(_ text: String) -> String { Self.p(text, properties: "<w:pStyle w:val=\"Heading1\"/>") }
        let body = [Self.p("区政协2023年工作总结"), heading("主要工作"), Self.p("一年来，我们组织开展了专题调研三次，形成了调研报告。"),
                    Self.p("举办了委员培训班两期，委员履职能力得到提高。"), heading("存在的问题"), Self.p("调研不够深入，成果转化不够。"),
                    heading("下一步打算")].joined()
        let doc = try DocxReader.read(try makeDocx("styled.docx", body: body))
        let d = try Analyzer(dictionaries: Dictionaries(root: Self.root.appendingPathComponent("dictionaries"))).analyze(doc).documents[0]
        let sections = Dictionary(uniqueKeysWithValues: d.sections.map { ($0.name, ($0.status, $0.evidence)) })
        XCTAssertEqual(sections["主要工作和成绩"]?.0, .present)
        XCTAssertEqual(sections["主要工作和成绩"]?.1, .heading)
        XCTAssertEqual(sections["存在问题"]?.0, .present)
        XCTAssertEqual(sections["存在问题"]?.1, .heading)
        XCTAssertEqual(sections["下一步打算"]?.0, .empty)
        XCTAssertTrue(d.findings.contains { $0.kind == "empty-section" && $0.text == "下一步打算" }, "\(d.findings.map { ($0.kind, $0.text) })")
        // The same text as plain lines has no styles: no part is found by a heading there.
        let plain = try Analyzer(dictionaries: Dictionaries(root: Self.root.appendingPathComponent("dictionaries")))
            .analyze(InputReader.read(text: doc.text, file: "styled.txt")).documents[0]
        XCTAssertNotEqual(plain.sections.first { $0.name == "存在问题" }?.evidence, .heading)
    }

    func testSameParagraphsAsUTF8Text() throws {
        let docx = try DocxReader.read(try makeDocx("same.docx", body: Self.reportBody))
        let txtURL = directory.appendingPathComponent("same.txt")
        try Data((Self.reportParagraphs.joined(separator: "\n") + "\n").utf8).write(to: txtURL)
        let txt = try DocumentReader.read(txtURL)
        let txtParagraphs = txt.text.components(separatedBy: "\n").filter { !$0.isEmpty }
        let docxParagraphs = docx.text.components(separatedBy: "\n\n")
        XCTAssertEqual(docxParagraphs, txtParagraphs)
        XCTAssertEqual(docxParagraphs.count, Self.reportParagraphs.count)
    }

    // MARK: - Styles

    func testStyleIdsResolvedThroughStylesXML() throws {
        let styles = """
            <w:style w:type="paragraph" w:default="1" w:styleId="a"><w:name w:val="Normal"/></w:style>
            <w:style w:type="paragraph" w:styleId="1"><w:name w:val="heading 1"/><w:basedOn w:val="a"/>\
            <w:pPr><w:outlineLvl w:val="0"/></w:pPr></w:style>
            <w:style w:type="paragraph" w:styleId="2"><w:name w:val="标题 2"/><w:basedOn w:val="a"/></w:style>
            <w:style w:type="paragraph" w:styleId="3"><w:name w:val="标题3"/></w:style>
            <w:style w:type="paragraph" w:styleId="a5"><w:name w:val="我的标题"/><w:basedOn w:val="1"/></w:style>
            <w:style w:type="paragraph" w:styleId="a6"><w:name w:val="大纲文字"/><w:pPr><w:outlineLvl w:val="3"/></w:pPr></w:style>
            <w:style w:type="paragraph" w:styleId="a7"><w:name w:val="List Paragraph"/>\
            <w:pPr><w:numPr><w:ilvl w:val="2"/><w:numId w:val="5"/></w:numPr></w:pPr></w:style>
            <w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/></w:style>
            <w:style w:type="character" w:styleId="10"><w:name w:val="标题 1 字符"/></w:style>
            """
        let body = [
            Self.p("关于加强协商工作的意见", properties: #"<w:pStyle w:val="Title"/>"#),
            Self.p("一、总体要求", properties: #"<w:pStyle w:val="1"/>"#),
            Self.p("（一）指导思想", properties: #"<w:pStyle w:val="2"/>"#),
            Self.p("1．基本原则", properties: #"<w:pStyle w:val="3"/>"#),
            Self.p("派生标题", properties: #"<w:pStyle w:val="a5"/>"#),
            Self.p("大纲级别四", properties: #"<w:pStyle w:val="a6"/>"#),
            Self.p("样式编号的列表", properties: #"<w:pStyle w:val="a7"/>"#),
            Self.p("取消编号", properties: #"<w:pStyle w:val="a7"/><w:numPr><w:numId w:val="0"/></w:numPr>"#),
            Self.p("正文段落", properties: #"<w:pStyle w:val="a"/>"#),
            Self.p("正文大纲", properties: #"<w:pStyle w:val="1"/><w:outlineLvl w:val="9"/>"#),
            Self.p("编号的标题", properties: #"<w:pStyle w:val="1"/><w:numPr><w:ilvl w:val="0"/><w:numId w:val="2"/></w:numPr>"#),
        ].joined()
        let doc = try DocxReader.read(try makeDocx("styles.docx", body: body, styles: styles))
        XCTAssertEqual(doc.text.components(separatedBy: "\n\n").count, 11)
        XCTAssertEqual(doc.hints, [
            ParagraphHint(line: 3, headingLevel: 1, listLevel: nil),
            ParagraphHint(line: 5, headingLevel: 2, listLevel: nil),
            ParagraphHint(line: 7, headingLevel: 3, listLevel: nil),
            ParagraphHint(line: 9, headingLevel: 1, listLevel: nil),   // based on heading 1
            ParagraphHint(line: 11, headingLevel: 4, listLevel: nil),  // outline level 3 in the style
            ParagraphHint(line: 13, headingLevel: nil, listLevel: 2),  // numbering from the style
            ParagraphHint(line: 21, headingLevel: 1, listLevel: 0),
        ])
    }

    func testHeadingNames() {
        XCTAssertEqual(StyleSheet.headingNumber("heading 1"), 1)
        XCTAssertEqual(StyleSheet.headingNumber("Heading 2"), 2)
        XCTAssertEqual(StyleSheet.headingNumber("Heading3"), 3)
        XCTAssertEqual(StyleSheet.headingNumber("标题 4"), 4)
        XCTAssertEqual(StyleSheet.headingNumber("标题5"), 5)
        XCTAssertEqual(StyleSheet.headingNumber("标题１"), 1)
        XCTAssertNil(StyleSheet.headingNumber("标题"))
        XCTAssertNil(StyleSheet.headingNumber("Title"))
        XCTAssertNil(StyleSheet.headingNumber("heading 10"))
        XCTAssertNil(StyleSheet.headingNumber("1"))
    }

    // MARK: - Text boxes, line breaks

    func testTextBoxReadOnceAndNewlinesFlattened() throws {
        let textBox = "<w:txbxContent>\(Self.p("文本框内容"))</w:txbxContent>"
        let body = [
            "<w:p><w:r><w:t>正文</w:t></w:r><w:r><mc:AlternateContent>"
                + "<mc:Choice Requires=\"wps\"><w:drawing><wps:txbx>\(textBox)</wps:txbx></w:drawing></mc:Choice>"
                + "<mc:Fallback><w:pict><v:textbox>\(textBox)</v:textbox></w:pict></mc:Fallback>"
                + "</mc:AlternateContent></w:r><w:r><w:t>继续</w:t></w:r></w:p>",
            "<w:p><w:r><w:t>甲\n乙\r\n丙</w:t><w:cr/><w:t>丁</w:t></w:r></w:p>",
            "<w:p><w:r><w:ruby><w:rubyPr/><w:rt><w:r><w:t>zhèng</w:t></w:r></w:rt>"
                + "<w:rubyBase><w:r><w:t>政</w:t></w:r></w:rubyBase></w:ruby></w:r><w:r><w:t>协</w:t></w:r></w:p>",
        ].joined()
        let doc = try DocxReader.read(try makeDocx("box.docx", body: body))
        XCTAssertEqual(doc.text, "文本框内容\n\n正文继续\n\n甲 乙 丙 丁\n\n政协")
        XCTAssertEqual(doc.hints, [])
    }

    // MARK: - Errors

    private func assertUnreadable(_ url: URL, reasonContains expected: String,
                                  file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertThrowsError(try DocxReader.read(url), file: file, line: line) { error in
            guard case let .unreadable(name, reason)? = error as? TextInputError else {
                return XCTFail("expected .unreadable, got \(error)", file: file, line: line)
            }
            XCTAssertEqual(name, url.path, file: file, line: line)
            XCTAssertTrue(reason.contains(expected), "reason: \(reason)", file: file, line: line)
            let message = (error as? LocalizedError)?.errorDescription ?? ""
            XCTAssertTrue(message.contains(url.path), "message: \(message)", file: file, line: line)
        }
    }

    func testTextFileRenamedDocx() throws {
        let url = directory.appendingPathComponent("notes.docx")
        try Data("今年以来，我委认真履行职能。\n".utf8).write(to: url)
        assertUnreadable(url, reasonContains: "not a .docx file (not a ZIP archive)")
    }

    func testZipWithoutDocumentXML() throws {
        let url = try makeZip("empty.docx", [("[Content_Types].xml", Self.contentTypes), ("_rels/.rels", Self.packageRels)])
        assertUnreadable(url, reasonContains: "the .docx has no word/document.xml")
    }

    func testMalformedDocumentXML() throws {
        let broken = """
            <?xml version="1.0" encoding="UTF-8"?>
            <w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>
            <w:p><w:r><w:t>政协</w:t></w:r></w:body></w:document>
            """
        let url = try makeZip("broken.docx", [("[Content_Types].xml", Self.contentTypes), ("_rels/.rels", Self.packageRels),
                                              ("word/document.xml", broken)])
        assertUnreadable(url, reasonContains: "word/document.xml is not well-formed XML at line 3")
    }

    func testOtherFailures() throws {
        // A missing file, an old binary .doc, an XML part that is not a Word document.
        assertUnreadable(directory.appendingPathComponent("missing.docx"), reasonContains: "no such file")
        let doc = directory.appendingPathComponent("old.docx")
        try Data([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1] + [UInt8](repeating: 0, count: 504)).write(to: doc)
        assertUnreadable(doc, reasonContains: "old binary Word .doc")
        let notWord = try makeZip("notword.docx", [("_rels/.rels", Self.packageRels), ("word/document.xml", "<html><p>x</p></html>")])
        assertUnreadable(notWord, reasonContains: "not a WordprocessingML document")
        let badStyles = try makeDocx("badstyles.docx", body: Self.p("正文"), styles: "<w:style>")
        assertUnreadable(badStyles, reasonContains: "word/styles.xml is not well-formed XML")
    }

    func testEmptyDocument() throws {
        let url = try makeDocx("blank.docx", body: "<w:p/><w:p><w:r><w:t>　　</w:t></w:r></w:p>")
        XCTAssertThrowsError(try DocxReader.read(url)) { error in
            XCTAssertEqual(error as? TextInputError, .empty(file: url.path))
        }
        let doc = try DocxReader.read(url, allowEmpty: true)
        XCTAssertEqual(doc.text, "")
        XCTAssertEqual(doc.hints, [])
    }

    // MARK: - Package relationships

    func testMainPartAndStylesFoundThroughRelationships() throws {
        let rels = Self.packageRels.replacingOccurrences(of: "Target=\"word/document.xml\"", with: "Target=\"/word/main.xml\"")
        let documentRels = Self.documentRels.replacingOccurrences(of: "Target=\"styles.xml\"", with: "Target=\"../word/my%20styles.xml\"")
        let styles = Self.styles(#"<w:style w:type="paragraph" w:styleId="1"><w:name w:val="heading 1"/></w:style>"#)
        let url = try makeZip("rels.docx", [
            ("[Content_Types].xml", Self.contentTypes), ("_rels/.rels", rels),
            ("word/main.xml", Self.document(Self.p("一、总体要求", properties: #"<w:pStyle w:val="1"/>"#))),
            ("word/_rels/main.xml.rels", documentRels), ("word/my styles.xml", styles),
        ])
        let doc = try DocxReader.read(url)
        XCTAssertEqual(doc.text, "一、总体要求")
        XCTAssertEqual(doc.hints, [ParagraphHint(line: 1, headingLevel: 1, listLevel: nil)])
    }
}
