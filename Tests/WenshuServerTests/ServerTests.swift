import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import WenshuAnalysis
import WenshuText
import XCTest
import ZIPFoundation

@testable import WenshuServer

/// `wenshu serve` against a live server on an ephemeral port on loopback.
final class ServerTests: XCTestCase {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let seed = root.appendingPathComponent("Corpus/seed/zhengxie-zongjie-5pian.txt")
    static let dictionaries = Dictionaries(root: root.appendingPathComponent("dictionaries"))

    /// Built once, as `wenshu serve` builds it at start-up, and shared by every test's server.
    nonisolated(unsafe) static var sharedService: CheckService?
    static func service() throws -> CheckService {
        if let s = sharedService { return s }
        let s = try CheckService(dictionaries: dictionaries)
        sharedService = s
        return s
    }

    static var quietLogger: Logger {
        var logger = Logger(label: "wenshu-serve-tests")
        logger.logLevel = .error
        return logger
    }

    func app(maxUploadBytes: Int = 10 << 20, pageLanguage: ReportLanguage = .zh) throws -> some ApplicationProtocol {
        WenshuServer.application(service: try Self.service(), host: "127.0.0.1", port: 0,
                                 limits: .init(maxUploadBytes: maxUploadBytes), pageLanguage: pageLanguage, logger: Self.quietLogger)
    }

    /// The lines of the seed page from the line that contains `from` up to (not including) the one
    /// that contains `to`.
    static func seedLines(from: String, to: String) throws -> String {
        let lines = try String(contentsOf: seed, encoding: .utf8).components(separatedBy: "\n")
        let start = try XCTUnwrap(lines.firstIndex { $0.contains(from) })
        let end = try XCTUnwrap(lines[start...].firstIndex { $0.contains(to) })
        return lines[start..<end].joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines) + "\n"
    }

    /// The second seed document, title and body: the part between 【第二篇】 and 【第三篇】.
    static func secondDocument() throws -> String { try seedLines(from: "【第二篇】", to: "【第三篇】") }

    /// The first seed document, which has no 存在问题 and no 工作计划 part.
    static func firstDocument() throws -> String { try seedLines(from: "【第一篇】", to: "【第二篇】") }

    /// Text as a browser submits a textarea: every line break CR LF.
    static func asBrowserSends(_ text: String) -> String {
        text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\n", with: "\r\n")
    }

    /// The form's fields as a browser sends them: the text, an empty file input, the automatic
    /// structure, and the language menu's choice (left out: a form without the menu).
    static func form(_ text: String, lang: String? = nil) -> (contentType: String, body: ByteBuffer) {
        var parts: [FormPart] = [
            .field(name: "text", value: asBrowserSends(text)),
            .file(name: "file", filename: "", contentType: "application/octet-stream", data: Data()),
            .field(name: "structure", value: ""),
        ]
        if let lang { parts.append(.field(name: "lang", value: lang)) }
        return multipart(parts)
    }

    /// English words of the report's own labels, none of which a Chinese report may show.
    static let englishLabels = ["check report", "Sections", "Outline", "Copy ratio", "Themes", "present", "missing", "required",
                                "Suggestion", "suggestion", "warning", "error", "Page-level", "This draft", "by a cue phrase",
                                "checked as", "Marks", "Back", "pasted text"]

    /// The page's text outside tags and style (the draft's text is Chinese; so are the zh messages).
    static func visibleText(_ html: String) -> String {
        var body = html
        if let a = body.range(of: "<style>"), let b = body.range(of: "</style>") { body.removeSubrange(a.lowerBound..<b.upperBound) }
        return body.replacingOccurrences(of: "<[^>]*>", with: "\n", options: .regularExpression)
    }

    /// The shared seed page (../shared/seed/), the page the bundled copy was taken from; skips
    /// the test, saying so, when it is absent.
    static func requireSharedSeed() throws -> URL {
        let url = root.appendingPathComponent("../shared/seed/000_8956e7602875bb07.txt").standardized
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw XCTSkip("../shared/seed/000_8956e7602875bb07.txt not found (looked at \(url.path)); this test pastes the second document of the shared seed page")
        }
        return url
    }

    static func decodePage(_ response: TestResponse, file: StaticString = #filePath, line: UInt = #line) throws -> JSONReport.Page {
        XCTAssertEqual(response.status, .ok, String(buffer: response.body), file: file, line: line)
        XCTAssertEqual(response.headers[.contentType], "application/json; charset=utf-8", file: file, line: line)
        return try JSONDecoder().decode(JSONReport.Page.self, from: Data(buffer: response.body))
    }

    struct ErrorBody: Decodable { let code: String; let error: String; let status: Int }

    static func decodeError(_ response: TestResponse, _ status: HTTPResponse.Status, code: String,
                            file: StaticString = #filePath, line: UInt = #line) throws -> ErrorBody {
        XCTAssertEqual(response.status, status, String(buffer: response.body), file: file, line: line)
        XCTAssertEqual(response.headers[.contentType], "application/json; charset=utf-8", file: file, line: line)
        let e = try JSONDecoder().decode(ErrorBody.self, from: Data(buffer: response.body))
        XCTAssertEqual(e.code, code, e.error, file: file, line: line)
        XCTAssertEqual(e.status, Int(status.code), file: file, line: line)
        return e
    }

    /// Asserts what the second seed document must show: its placeholder year, the numbering
    /// restart (1、 after 2、 at line 31 of the page, line 15 of the document alone) and its sections.
    static func assertSecondDocument(_ page: JSONReport.Page, file: StaticString = #filePath, line: UInt = #line) throws {
        XCTAssertEqual(page.documents.count, 1, file: file, line: line)
        let d = try XCTUnwrap(page.documents.first)
        XCTAssertEqual(d.title, "政协工作总结和工作计划【第二篇】", file: file, line: line)
        XCTAssertEqual(d.structure, "工作总结和工作计划", file: file, line: line)
        XCTAssertEqual(d.years.placeholders, ["20xx年"], file: file, line: line)
        let placeholder = try XCTUnwrap(d.findings.first { $0.kind == "placeholder" }, file: file, line: line)
        XCTAssertEqual(placeholder.text, "20xx", file: file, line: line)
        XCTAssertEqual(placeholder.severity, .error, file: file, line: line)
        let restart = try XCTUnwrap(d.findings.first { $0.kind == "numbering-restart" }, file: file, line: line)
        XCTAssertEqual(restart.suggestion, "3、", file: file, line: line)
        XCTAssertTrue(restart.text.hasPrefix("1、"), restart.text, file: file, line: line)
        XCTAssertEqual(d.sections.map(\.name), ["主要工作和成绩", "存在问题", "工作计划"], file: file, line: line)
        // 存在问题 and 工作计划 are one remark each (还存在一定差距。/ 在今后的办理工作中…): empty parts.
        XCTAssertEqual(d.sections.map(\.status), ["present", "empty", "empty"], file: file, line: line)
        XCTAssertEqual(d.findings.filter { $0.kind == "empty-section" }.count, 2, file: file, line: line)
        XCTAssertEqual(d.sections.map(\.evidence), ["cue", "cue", "cue"], file: file, line: line)
    }

    // MARK: - Requests

    func testHealth() async throws {
        try await app().test(.live) { client in
            let r = try await client.execute(uri: "/api/health", method: .get)
            XCTAssertEqual(r.status, .ok)
            XCTAssertEqual(r.headers[.contentType], "application/json; charset=utf-8")
            XCTAssertEqual(String(buffer: r.body), "{\"status\":\"ok\"}\n")
            XCTAssertEqual(r.headers[.xContentTypeOptions], "nosniff")
        }
    }

    func testIndexPageIsSelfContainedWithTheForm() async throws {
        try await app().test(.live) { client in
            let r = try await client.execute(uri: "/", method: .get)
            XCTAssertEqual(r.status, .ok)
            XCTAssertEqual(r.headers[.contentType], "text/html; charset=utf-8")
            XCTAssertNotNil(r.headers[.contentSecurityPolicy])
            let page = String(buffer: r.body)
            XCTAssertTrue(page.contains("<html lang=\"zh-CN\">"))
            XCTAssertTrue(page.contains("action=\"/check\""))
            XCTAssertTrue(page.contains("enctype=\"multipart/form-data\""))
            XCTAssertTrue(page.contains("<textarea id=\"text\" name=\"text\""))
            XCTAssertTrue(page.contains("<input id=\"file\" name=\"file\" type=\"file\""))
            XCTAssertTrue(page.contains("<option value=\"工作总结和工作计划\">"))
            // Every genre's structure is in the menu (issue #17).
            for name in ["述职报告", "政府信息公开工作年度报告", "整改情况报告", "调研报告", "工作要点", "实施方案", "政府工作报告", "人大常委会工作报告"] {
                XCTAssertTrue(page.contains("<option value=\"\(name)\">"), name)
            }
            // The report language, Chinese first.
            XCTAssertTrue(page.contains("<select id=\"lang\" name=\"lang\">"))
            XCTAssertTrue(page.contains("<option value=\"zh\" selected>中文</option>"))
            XCTAssertTrue(page.contains("<option value=\"en\">"))
            for external in ["http://", "https://", "<script", " src=", "<link", "@import", "url("] {
                XCTAssertFalse(page.contains(external), "the page refers to \(external)")
            }
        }
    }

    func testSecondSeedDocumentAsPlainTextGivesTheCheckJSON() async throws {
        let text = try Self.secondDocument()
        try await app().test(.live) { client in
            let r = try await client.execute(uri: "/api/check", method: .post, headers: [.contentType: "text/plain; charset=utf-8"],
                                             body: ByteBuffer(string: text))
            let page = try Self.decodePage(r)
            XCTAssertEqual(page.file, "<text>")
            XCTAssertEqual(page.encoding, "UTF-8")
            try Self.assertSecondDocument(page)
            // Byte for byte what `wenshu check --format json` prints for the same text.
            let direct = try Analyzer(dictionaries: Self.dictionaries).analyze(InputReader.read(text: text, file: "<text>"))
            XCTAssertEqual(String(buffer: r.body), try JSONReport.encode(JSONReport.page(direct)) + "\n")
        }
    }

    func testStructureAndNameParameters() async throws {
        // The body alone, without its title: the structure must be named.
        let body = try Self.secondDocument().components(separatedBy: "\n").dropFirst().joined(separator: "\n")
        try await app().test(.live) { client in
            let forced = try await client.execute(uri: "/api/check?structure=%E5%B7%A5%E4%BD%9C%E6%80%BB%E7%BB%93%E5%92%8C%E5%B7%A5%E4%BD%9C%E8%AE%A1%E5%88%92&name=draft.txt",
                                                  method: .post, headers: [.contentType: "text/plain"], body: ByteBuffer(string: body))
            let page = try Self.decodePage(forced)
            XCTAssertEqual(page.file, "draft.txt")
            XCTAssertEqual(page.documents.first?.structure, "工作总结和工作计划")
            XCTAssertEqual(page.documents.first?.sections.map(\.status), ["present", "empty", "empty"])

            let unknown = try await client.execute(uri: "/api/check?structure=nonsense", method: .post,
                                                   headers: [.contentType: "text/plain"], body: ByteBuffer(string: body))
            let e = try Self.decodeError(unknown, .badRequest, code: "unknown-structure")
            XCTAssertTrue(e.error.contains("工作总结"), e.error)
        }
    }

    func testMultipartTextUploadsInUTF8AndUTF16() async throws {
        let text = try Self.secondDocument()
        var bytes = Data([0xFF, 0xFE])
        for unit in text.utf16 { bytes.append(UInt8(unit & 0xFF)); bytes.append(UInt8(unit >> 8)) }
        let utf16 = bytes
        try await app().test(.live) { client in
            for (name, data, encoding) in [("总结.txt", Data(text.utf8), "UTF-8"), ("draft-utf16.txt", utf16, "UTF-16LE")] {
                let (contentType, body) = Self.multipart([.file(name: "file", filename: name, contentType: "text/plain", data: data)])
                let r = try await client.execute(uri: "/api/check", method: .post, headers: [.contentType: contentType], body: body)
                let page = try Self.decodePage(r)
                XCTAssertEqual(page.file, name)
                XCTAssertEqual(page.encoding, encoding)
                try Self.assertSecondDocument(page)
            }
        }
    }

    func testMultipartDocxUpload() async throws {
        let paragraphs = try Self.secondDocument().components(separatedBy: "\n").filter { !$0.isEmpty }
        let docx = try Self.makeDocx(paragraphs)
        let before = try Self.uploadTempFolders()
        try await app().test(.live) { client in
            let (contentType, body) = Self.multipart([
                .file(name: "file", filename: "C:\\Users\\张三\\政协总结.docx",
                      contentType: "application/vnd.openxmlformats-officedocument.wordprocessingml.document", data: docx)])
            let r = try await client.execute(uri: "/api/check", method: .post, headers: [.contentType: contentType], body: body)
            let page = try Self.decodePage(r)
            XCTAssertEqual(page.file, "政协总结.docx", "the folder of the client's file name is dropped")
            XCTAssertEqual(page.encoding, "docx")
            try Self.assertSecondDocument(page)
        }
        XCTAssertEqual(try Self.uploadTempFolders(), before, "the upload's temporary file is deleted")
    }

    func testFormPostAnswersWithTheHTMLReportInChineseByDefault() async throws {
        let text = try Self.secondDocument()
        try await app().test(.live) { client in
            // As a browser sends the form (CR LF line breaks), with no language: the page's, Chinese.
            for lang in [nil, "zh"] {
                let (contentType, body) = Self.form(text, lang: lang)
                let r = try await client.execute(uri: "/check", method: .post, headers: [.contentType: contentType], body: body)
                XCTAssertEqual(r.status, .ok)
                XCTAssertEqual(r.headers[.contentType], "text/html; charset=utf-8")
                let html = String(buffer: r.body)
                XCTAssertTrue(html.contains("<html lang=\"zh-CN\">"))
                XCTAssertTrue(html.contains("返回，检查另一篇"))
                XCTAssertTrue(html.contains("<h2 class=\"filename\">粘贴的文稿 "))
                // Marked where they are: the placeholder on 20xx (line 3 of the pasted text), the
                // restart on 1、健全办理制度 (line 15), the watermark's '.' (line 17), each with its note.
                Self.assertMarked(html, kind: "placeholder", severity: "error", text: "20xx", line: 3, label: "错误 · 模板占位符")
                Self.assertMarked(html, kind: "numbering-restart", severity: "warning", text: "1、健全办理制度", line: 15, label: "警告 · 序号重起")
                Self.assertMarked(html, kind: "watermark", severity: "warning", text: ".", line: 17, label: "警告 · 防复制水印")
                // The sections, found by cue phrases, tagged where they start: the review present,
                // the problems and the plan empty (a remark each).
                for (name, line, status, word) in [("主要工作和成绩", 3, "present", ""), ("存在问题", 27, "empty", "，空"), ("工作计划", 29, "empty", "，空")] {
                    XCTAssertTrue(html.contains("<div class=\"ln\">\(line)</div><div class=\"body\"><span class=\"sec-tag st-\(status)\""), "\(name) at line \(line)")
                    XCTAssertTrue(html.contains("§ \(name) <span class=\"how\">据提示语\(word)</span>"), name)
                }
                XCTAssertEqual(html.components(separatedBy: "<span class=\"status st-present\">有</span>").count - 1, 1)
                XCTAssertEqual(html.components(separatedBy: "<span class=\"status st-empty\">").count - 1, 2)
                let visible = Self.visibleText(html)
                for label in Self.englishLabels { XCTAssertNil(visible.range(of: "\\b\(label)\\b", options: .regularExpression), label) }
                XCTAssertFalse(html.contains("<script"))
            }

            let empty = try await client.execute(uri: "/check", method: .post, headers: [.contentType: "text/plain"], body: ByteBuffer(string: " \n"))
            XCTAssertEqual(empty.status, .badRequest)
            XCTAssertEqual(empty.headers[.contentType], "text/html; charset=utf-8")
            XCTAssertTrue(String(buffer: empty.body).contains("无法检查"))
        }
    }

    func testFormPostInEnglishWhenChosenAndTheServersDefault() async throws {
        let text = try Self.secondDocument()
        for (pageLanguage, lang) in [(ReportLanguage.zh, "en"), (.en, nil)] {
            try await app(pageLanguage: pageLanguage).test(.live) { client in
                let index = String(buffer: try await client.execute(uri: "/", method: .get).body)
                XCTAssertEqual(index.contains("<option value=\"en\" selected>"), pageLanguage == .en)
                let (contentType, body) = Self.form(text, lang: lang)
                let r = try await client.execute(uri: "/check", method: .post, headers: [.contentType: contentType], body: body)
                XCTAssertEqual(r.status, .ok)
                let html = String(buffer: r.body)
                XCTAssertTrue(html.contains("<html lang=\"en\">"))
                XCTAssertTrue(html.contains("Back: check another draft"))
                XCTAssertTrue(html.contains("<h2 class=\"filename\">pasted text "))
                XCTAssertTrue(html.contains("<h3>Sections <small>工作总结和工作计划</small></h3>"))
                Self.assertMarked(html, kind: "placeholder", severity: "error", text: "20xx", line: 3, label: "error · template placeholder")
                Self.assertMarked(html, kind: "numbering-restart", severity: "warning", text: "1、健全办理制度", line: 15, label: "warning · numbering restarts")
                for label in ["建议：", "返回", "粘贴的文稿", "据提示语", "<h3>提纲"] { XCTAssertFalse(html.contains(label), label) }
            }
        }
        try await app().test(.live) { client in
            let (contentType, body) = Self.form(text, lang: "fr")
            let r = try await client.execute(uri: "/check", method: .post, headers: [.contentType: contentType], body: body)
            XCTAssertEqual(r.status, .badRequest)
            XCTAssertTrue(String(buffer: r.body).contains("unknown-language"))
        }
    }

    /// A finding of `kind` marked on `text` in line `line` of the report's text, with its note
    /// (tooltip starting with `label`).
    static func assertMarked(_ html: String, kind: String, severity: String, text: String, line: Int, label: String,
                             file: StaticString = #filePath, line sourceLine: UInt = #line) {
        guard let row = html.range(of: "<div class=\"ln\">\(line)</div>") else {
            return XCTFail("no line \(line) in the report", file: file, line: sourceLine)
        }
        let end = html[row.upperBound...].range(of: "<div class=\"para\">")?.lowerBound ?? html.endIndex
        let para = String(html[row.upperBound..<end])
        let mark = "<mark class=\"f k-\(kind) sev-\(severity)\" id=\""
        guard let m = para.range(of: mark) else { return XCTFail("no \(kind) mark on line \(line)", file: file, line: sourceLine) }
        let rest = para[m.upperBound...]
        XCTAssertTrue(rest.contains("title=\"[\(label)]"), "\(kind): tooltip", file: file, line: sourceLine)
        let marked = rest.drop { $0 != ">" }.dropFirst().prefix { $0 != "<" }
        XCTAssertEqual(String(marked), HTMLReport.esc(text), "\(kind): the marked text", file: file, line: sourceLine)
        XCTAssertTrue(para.contains("<li class=\"note f k-\(kind) sev-\(severity)\"") || para.contains("<li class=\"note k-\(kind) sev-\(severity)\""),
                      "\(kind): its note beside line \(line)", file: file, line: sourceLine)
    }

    func testSecondAndFirstSeedDocumentsThroughTheAPIAndTheForm() async throws {
        let second = try Self.secondDocument()
        let first = try Self.firstDocument()
        try await app().test(.live) { client in
            // The API in Chinese: the same finding kinds and JSON keys, messages in Chinese.
            let zh = try Self.decodePage(try await client.execute(uri: "/api/check?lang=zh", method: .post,
                                                                  headers: [.contentType: "text/plain; charset=utf-8"], body: ByteBuffer(string: second)))
            let en = try Self.decodePage(try await client.execute(uri: "/api/check", method: .post,
                                                                  headers: [.contentType: "text/plain; charset=utf-8"], body: ByteBuffer(string: second)))
            try Self.assertSecondDocument(zh)
            try Self.assertSecondDocument(en)
            XCTAssertEqual(zh.documents[0].findings.map(\.kind), en.documents[0].findings.map(\.kind))
            // The server has no template library unless --store is given: copying is "not checked".
            XCTAssertEqual(Set(zh.documents[0].findings.map(\.kind)), ["placeholder", "numbering-restart", "watermark", "stock-phrase", "copy-not-checked", "empty-section"])
            XCTAssertTrue(zh.documents[0].findings.first { $0.kind == "placeholder" }!.message.contains("模板占位符"))
            XCTAssertTrue(en.documents[0].findings.first { $0.kind == "placeholder" }!.message.contains("placeholder"))
            _ = try Self.decodeError(try await client.execute(uri: "/api/check?lang=de", method: .post,
                                                              headers: [.contentType: "text/plain"], body: ByteBuffer(string: second)),
                                     .badRequest, code: "unknown-language")

            // 第二篇 has all three parts (by cue phrases); 第一篇 lacks 存在问题 and 工作计划: two
            // missing-section errors, pinned at the end of the text, where the parts should follow.
            let page = try Self.decodePage(try await client.execute(uri: "/api/check?lang=zh", method: .post,
                                                                    headers: [.contentType: "text/plain; charset=utf-8"], body: ByteBuffer(string: first)))
            let d = try XCTUnwrap(page.documents.first)
            XCTAssertEqual(d.sections.map(\.status), ["present", "missing", "missing"])
            let missing = d.findings.filter { $0.kind == "missing-section" }
            XCTAssertEqual(missing.map(\.severity), [.error, .error])
            XCTAssertTrue(missing[0].message.contains("缺少“存在问题”部分"), missing[0].message)
            XCTAssertTrue(missing[1].message.contains("缺少“工作计划”部分"), missing[1].message)

            let (contentType, body) = Self.form(first)
            let html = String(buffer: try await client.execute(uri: "/check", method: .post, headers: [.contentType: contentType], body: body).body)
            XCTAssertEqual(html.components(separatedBy: "<span class=\"pin f k-missing-section sev-error\"").count - 1, 2)
            XCTAssertTrue(html.contains("title=\"[错误 · 缺少部分] 缺少“存在问题”部分"))
            XCTAssertEqual(html.components(separatedBy: "<span class=\"status st-missing\">缺</span>").count - 1, 2)
            XCTAssertTrue(html.contains("<mark class=\"f k-missing-section\" data-kind=\"missing-section\">缺少部分</mark>"), "in the legend")
        }
    }

    func testSharedSeedPagesSecondDocumentPastedInTheForm() async throws {
        let url = try Self.requireSharedSeed()
        let lines = try String(contentsOf: url, encoding: .utf8).components(separatedBy: "\n")
        let start = try XCTUnwrap(lines.firstIndex { $0.contains("【第二篇】") })
        let end = try XCTUnwrap(lines[start...].firstIndex { $0.contains("【第三篇】") })
        let text = lines[start..<end].joined(separator: "\n")
        try await app().test(.live) { client in
            let (contentType, body) = Self.form(text)
            let html = String(buffer: try await client.execute(uri: "/check", method: .post, headers: [.contentType: contentType], body: body).body)
            Self.assertMarked(html, kind: "placeholder", severity: "error", text: "20xx", line: 3, label: "错误 · 模板占位符")
            Self.assertMarked(html, kind: "numbering-restart", severity: "warning", text: "1、健全办理制度", line: 15, label: "警告 · 序号重起")
            Self.assertMarked(html, kind: "watermark", severity: "warning", text: ".", line: 17, label: "警告 · 防复制水印")
            let json = try Self.decodePage(try await client.execute(uri: "/api/check", method: .post,
                                                                    headers: [.contentType: "text/plain; charset=utf-8"], body: ByteBuffer(string: text)))
            try Self.assertSecondDocument(json)
        }
    }

    // MARK: - Bad requests

    func testOversizedBodyIs413() async throws {
        try await app(maxUploadBytes: 64 << 10).test(.live) { client in
            let big = String(repeating: "政协委员积极参政议政。\n", count: 3000)  // ≈ 96 KB
            let r = try await client.execute(uri: "/api/check", method: .post, headers: [.contentType: "text/plain"], body: ByteBuffer(string: big))
            let e = try Self.decodeError(r, .contentTooLarge, code: "too-large")
            XCTAssertTrue(e.error.contains("65536 bytes"), e.error)
            // The server goes on answering.
            let health = try await client.execute(uri: "/api/health", method: .get)
            XCTAssertEqual(health.status, .ok)
        }
    }

    func testEmptyBinaryAndBadTextAre400() async throws {
        try await app().test(.live) { client in
            func post(_ body: Data, _ contentType: String = "text/plain; charset=utf-8") async throws -> TestResponse {
                try await client.execute(uri: "/api/check", method: .post, headers: [.contentType: contentType], body: ByteBuffer(bytes: body))
            }
            _ = try Self.decodeError(try await post(Data()), .badRequest, code: "empty-text")
            _ = try Self.decodeError(try await post(Data(" \n\u{3000}\n".utf8)), .badRequest, code: "empty-text")
            let png = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52])
            let binary = try Self.decodeError(try await post(png), .badRequest, code: "binary-file")
            XCTAssertTrue(binary.error.contains("binary"), binary.error)
            var gbk = Data("政协工作总结\n".utf8)
            gbk.append(contentsOf: [0xD5, 0xFE, 0xD0, 0xAD])  // 政协 in GBK: not UTF-8
            let invalid = try Self.decodeError(try await post(gbk), .badRequest, code: "invalid-utf8")
            XCTAssertTrue(invalid.error.contains("invalid UTF-8"), invalid.error)
            _ = try Self.decodeError(try await post(Data("{}".utf8), "application/json"), .unsupportedMediaType, code: "unsupported-media-type")
            _ = try Self.decodeError(try await client.execute(uri: "/api/check", method: .post, body: ByteBuffer(string: "text")),
                                     .unsupportedMediaType, code: "unsupported-media-type")

            // Uploads.
            func upload(_ filename: String, _ data: Data) async throws -> TestResponse {
                let (contentType, body) = Self.multipart([.file(name: "file", filename: filename, contentType: "application/octet-stream", data: data)])
                return try await post(Data(buffer: body), contentType)
            }
            let binaryFile = try Self.decodeError(try await upload("photo.txt", png), .badRequest, code: "binary-file")
            XCTAssertTrue(binaryFile.error.hasPrefix("photo.txt:"), binaryFile.error)
            _ = try Self.decodeError(try await upload("empty.txt", Data()), .badRequest, code: "empty-text")
            let notZip = try Self.decodeError(try await upload("draft.docx", Data("not a zip".utf8)), .badRequest, code: "unreadable-file")
            XCTAssertTrue(notZip.error.contains("draft.docx") && notZip.error.contains("not a ZIP"), notZip.error)
            XCTAssertFalse(notZip.error.contains("wenshu-serve-"), "no temporary path in the message: \(notZip.error)")
            let damaged = try Self.decodeError(try await upload("damaged.docx", Data([0x50, 0x4B, 0x03, 0x04]) + Data(repeating: 7, count: 100)),
                                               .badRequest, code: "unreadable-file")
            XCTAssertTrue(damaged.error.hasPrefix("damaged.docx:"), damaged.error)
            _ = try Self.decodeError(try await upload("photo.png", png), .unsupportedMediaType, code: "unsupported-file-type")
            // .doc and .pdf are read through converters (ServerConverterTests); a damaged one is 400.
            let doc = try Self.decodeError(try await upload("old.doc", Data([0xD0, 0xCF, 0x11, 0xE0])), .badRequest, code: "unreadable-file")
            XCTAssertTrue(doc.error.hasPrefix("old.doc:") && doc.error.contains("not a .doc file"), doc.error)
            if PDFReader.isAvailable {
                let pdf = try Self.decodeError(try await upload("scan.pdf", Data("%PDF-1.4".utf8)), .badRequest, code: "unreadable-file")
                XCTAssertTrue(pdf.error.hasPrefix("scan.pdf:"), pdf.error)
            }

            // Malformed multipart bodies.
            let boundary = "----wenshu-test"
            let unclosed = Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.txt\"\r\n\r\n政协工作总结\r\n".utf8)
            let e1 = try Self.decodeError(try await post(unclosed, "multipart/form-data; boundary=\(boundary)"), .badRequest, code: "malformed-multipart")
            XCTAssertTrue(e1.error.contains("closing boundary"), e1.error)
            _ = try Self.decodeError(try await post(unclosed, "multipart/form-data"), .badRequest, code: "malformed-multipart")
            _ = try Self.decodeError(try await post(Data("garbage".utf8), "multipart/form-data; boundary=\(boundary)"), .badRequest, code: "malformed-multipart")
            let noHeaders = Data("--\(boundary)\r\nContent-Disposition form-data\r\n\r\nx\r\n--\(boundary)--\r\n".utf8)
            _ = try Self.decodeError(try await post(noHeaders, "multipart/form-data; boundary=\(boundary)"), .badRequest, code: "malformed-multipart")
            let (ct, other) = Self.multipart([.field(name: "document", value: "政协工作总结")])
            let missing = try Self.decodeError(try await post(Data(buffer: other), ct), .badRequest, code: "missing-file")
            XCTAssertTrue(missing.error.contains("document"), missing.error)

            let health = try await client.execute(uri: "/api/health", method: .get)
            XCTAssertEqual(health.status, .ok, "still serving after every bad request")
        }
    }

    func testOtherHostsAreRefusedOnLoopback() throws {
        typealias Guard = GuardMiddleware<BasicRequestContext>
        XCTAssertTrue(Guard.isLoopback(authority: "localhost:8080"))
        XCTAssertTrue(Guard.isLoopback(authority: "127.0.0.1:8080"))
        XCTAssertTrue(Guard.isLoopback(authority: "[::1]:8080"))
        XCTAssertTrue(Guard.isLoopback(authority: "localhost"))
        XCTAssertFalse(Guard.isLoopback(authority: "attacker.example:8080"), "DNS rebinding")
        XCTAssertFalse(Guard.isLoopback(authority: "127.0.0.1.attacker.example"))
        XCTAssertTrue(WenshuServer.isLoopback("127.0.0.1"))
        XCTAssertTrue(WenshuServer.isLoopback("[::1]"))
        XCTAssertFalse(WenshuServer.isLoopback("0.0.0.0"))
        XCTAssertFalse(WenshuServer.isLoopback("127.example.com"))
    }

    // MARK: - Concurrency

    func testTwentyConcurrentRequestsAreAllAnsweredCorrectly() async throws {
        let second = try Self.secondDocument()
        let fifth = try Self.seedLines(from: "【第五篇】", to: "1553982")
        let service = try Self.service()
        let expectedSecond = try service.json(service.analyze(InputReader.read(text: second, file: "<text>")))
        let expectedFifth = try service.json(service.analyze(InputReader.read(text: fifth, file: "<text>")))
        XCTAssertNotEqual(expectedSecond, expectedFifth)
        try await app().test(.ahc(.http)) { client in
            try await withThrowingTaskGroup(of: (Int, String, HTTPResponse.Status).self) { group in
                for i in 0..<20 {
                    group.addTask {
                        let r = try await client.execute(uri: "/api/check", method: .post, headers: [.contentType: "text/plain; charset=utf-8"],
                                                         body: ByteBuffer(string: i % 2 == 0 ? second : fifth))
                        return (i, String(buffer: r.body), r.status)
                    }
                }
                var answered = 0
                for try await (i, body, status) in group {
                    XCTAssertEqual(status, .ok, "request \(i)")
                    XCTAssertEqual(body, i % 2 == 0 ? expectedSecond : expectedFifth, "request \(i)")
                    answered += 1
                }
                XCTAssertEqual(answered, 20)
            }
        }
    }

    // MARK: - Multipart parsing

    func testMultipartParserDetails() throws {
        // Quoted boundary with a space, preamble, LF-only lines, a UTF-8 file name and filename*.
        let body = Data("preamble\r\n--a b\nContent-Disposition: form-data; name=\"file\"; filename=\"x.txt\"; filename*=UTF-8''%E6%80%BB%E7%BB%93.txt\nContent-Type: text/plain\n\n政协\n--a b--\n".utf8)
        let submission = try UploadReader().submission(body: body, contentType: "multipart/form-data; boundary=\"a b\"")
        XCTAssertEqual(submission.source.file, "总结.txt")
        XCTAssertEqual(submission.source.text, "政协")
        XCTAssertEqual(UploadReader.safeName("../../etc/passwd"), "passwd")
        XCTAssertEqual(UploadReader.safeName(".."), "upload")
        XCTAssertEqual(UploadReader.safeName(nil), "upload")
        let params = HeaderParameters.parse(HeaderParameters.split("form-data; name=\"a;b\"; filename=\"c\\\"d.txt\"").dropFirst())
        XCTAssertEqual(params["name"], "a;b")
        XCTAssertEqual(params["filename"], "c\"d.txt")
    }

    // MARK: - Helpers

    enum FormPart {
        case field(name: String, value: String)
        case file(name: String, filename: String, contentType: String, data: Data)
    }

    /// A multipart/form-data body as browsers and curl send it.
    static func multipart(_ parts: [FormPart]) -> (contentType: String, body: ByteBuffer) {
        let boundary = "----WenshuBoundary\(UUID().uuidString.prefix(8))"
        var data = Data()
        for part in parts {
            data.append(Data("--\(boundary)\r\n".utf8))
            switch part {
            case let .field(name, value):
                data.append(Data("Content-Disposition: form-data; name=\"\(name)\"\r\n\r\n".utf8))
                data.append(Data(value.utf8))
            case let .file(name, filename, contentType, content):
                data.append(Data("Content-Disposition: form-data; name=\"\(name)\"; filename=\"\(filename.replacingOccurrences(of: "\"", with: "%22"))\"\r\nContent-Type: \(contentType)\r\n\r\n".utf8))
                data.append(content)
            }
            data.append(Data("\r\n".utf8))
        }
        data.append(Data("--\(boundary)--\r\n".utf8))
        return ("multipart/form-data; boundary=\(boundary)", ByteBuffer(bytes: data))
    }

    static func uploadTempFolders() throws -> Set<String> {
        Set(try FileManager.default.contentsOfDirectory(atPath: FileManager.default.temporaryDirectory.path).filter { $0.hasPrefix("wenshu-serve-") || $0.hasPrefix("wenshu-upload-\(getpid())-") })
    }

    // The minimal .docx of DocxReaderTests.
    static let contentTypes = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">\
        <Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>\
        <Default Extension="xml" ContentType="application/xml"/>\
        <Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>\
        </Types>
        """

    static let packageRels = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
        <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>\
        </Relationships>
        """

    static func document(_ body: String) -> String {
        """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
        <w:body>
        \(body)
        <w:sectPr><w:pgSz w:w="11906" w:h="16838"/></w:sectPr>
        </w:body>
        </w:document>
        """
    }

    static func xmlEscape(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
    }

    /// A .docx with one paragraph per string, as bytes.
    static func makeDocx(_ paragraphs: [String]) throws -> Data {
        let body = paragraphs.map { "<w:p><w:r><w:t>\(xmlEscape($0))</w:t></w:r></w:p>" }.joined(separator: "\n")
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("wenshu-serve-test-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent("draft.docx")
        let archive = try Archive(url: url, accessMode: .create)
        for (path, content) in [("[Content_Types].xml", contentTypes), ("_rels/.rels", packageRels), ("word/document.xml", document(body))] {
            let data = Data(content.utf8)
            try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(data.count), compressionMethod: .deflate) { position, size in
                data.subdata(in: Int(position)..<Int(position) + size)
            }
        }
        return try Data(contentsOf: url)
    }
}
