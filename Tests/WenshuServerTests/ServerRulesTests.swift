import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import WenshuAnalysis
import WenshuText
import XCTest

@testable import WenshuServer

/// `wenshu serve --rules FILE`: an office's own rule flags its terms in the JSON and the HTML page.
final class ServerRulesTests: XCTestCase {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let dictionaries = Dictionaries(root: root.appendingPathComponent("dictionaries"))

    func testOfficeRuleInServe() async throws {
        var analyzer = try Analyzer(dictionaries: Self.dictionaries)
        analyzer.rules.append(try DataRule.load(contentsOf: Self.root.appendingPathComponent("examples/rules/office-terms.yaml")))
        let service = try CheckService(dictionaries: Self.dictionaries, analyzer: analyzer)
        var logger = Logger(label: "wenshu-serve-rules-tests")
        logger.logLevel = .error
        let app = WenshuServer.application(service: service, host: "127.0.0.1", port: 0, limits: .init(maxUploadBytes: 1 << 20),
                                           pageLanguage: .zh, logger: logger)
        let text = "关于2023年工作的总结\n一、基本情况\n截止目前，做为牵头单位，我们完成了其它各项工作。\n"
        try await app.test(.live) { client in
            let r = try await client.execute(uri: "/api/check", method: .post, headers: [.contentType: "text/plain; charset=utf-8"],
                                             body: ByteBuffer(string: text))
            XCTAssertEqual(r.status, .ok, String(buffer: r.body))
            let page = try JSONDecoder().decode(JSONReport.Page.self, from: Data(buffer: r.body))
            let office = (page.pageFindings + page.documents.flatMap(\.findings)).filter { $0.kind == "office-term" }
            XCTAssertEqual(office.map(\.text), ["截止目前", "做为", "其它"])
            XCTAssertEqual(office.map(\.replacement), ["截至目前", "作为", "其他"])
            let (contentType, form) = ServerTests.form(text, lang: "zh")
            let html = try await client.execute(uri: "/check", method: .post, headers: [.contentType: contentType], body: form)
            XCTAssertEqual(html.status, .ok)
            let body = String(buffer: html.body)
            XCTAssertTrue(body.contains("本单位用语"), "the rule's label in the page")
            XCTAssertTrue(body.contains("class=\"f k-office-term"), "the terms marked in place")
        }
    }
}
