import Foundation
import XCTest
@testable import WenshuAnalysis
@testable import WenshuText

/// The HTML report of a text built to break out of it (hostile tester, session 11): markup in
/// the text, the title and the file name is escaped everywhere, and bidirectional overrides are
/// shown as codes instead of reordering what the reviewer sees.
final class HTMLHostileTextTests: XCTestCase {
    static let dictionaries = Dictionaries(root: URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("dictionaries"))

    func testMarkupAndBidiControlsInTheTextAndNameAreShownNotObeyed() throws {
        let text = """
            <script>alert(1)</script>2023年工作总结</textarea><img src=x onerror=alert(2)>
            一、工作情况
            今年我们完成了任务\u{202E}<b>粗体</b>"quote"&amp;'，在xx县20xx年\u{2067}开展调研\u{2069}。
            </style><style>body{display:none}</style><!-- x -->]]>
            二、存在问题
            问题较多\u{202D}。</title>
            """
        let name = "<img src=x onerror=alert(3)>\"&\u{202E}.txt"
        let page = try Analyzer(dictionaries: Self.dictionaries).analyze(SourceDocument(file: name, text: text, format: "UTF-8"))
        XCTAssertFalse(page.documents.flatMap(\.findings).isEmpty, "findings are marked inside the hostile text")
        let html = try HTMLReport.check([page])
        var body = html
        if let a = body.range(of: "<style>"), let b = body.range(of: "</style>", range: a.upperBound..<body.endIndex) {
            body.removeSubrange(a.lowerBound..<b.upperBound)  // the report's own style sheet
        }
        // (The report's own markup has <b> and <mark>; the text's tags must not come through.)
        for raw in ["<script", "<img", "<textarea", "</textarea>", "<b>粗体", "</style>", "<style>", "<!-- x", "]]>"] {
            XCTAssertFalse(body.contains(raw), "\(raw) is in the report unescaped")
        }
        XCTAssertEqual(body.components(separatedBy: "<title>").count, 2, "one title element")
        XCTAssertEqual(body.components(separatedBy: "</title>").count, 2, "one title element")
        XCTAssertTrue(body.contains("&lt;b&gt;粗体&lt;/b&gt;"), "the text's markup is shown as text")
        XCTAssertTrue(body.contains("&lt;img src=x onerror=alert(3)&gt;&quot;&amp;⟨U+202E⟩.txt"), "the file name is escaped")
        for control in ["\u{202A}", "\u{202B}", "\u{202C}", "\u{202D}", "\u{202E}", "\u{2066}", "\u{2067}", "\u{2068}", "\u{2069}"] {
            XCTAssertFalse(html.unicodeScalars.contains(control.unicodeScalars.first!), "U+\(String(control.unicodeScalars.first!.value, radix: 16)) left in")
        }
        for shown in ["⟨U+202E⟩", "⟨U+2067⟩", "⟨U+2069⟩", "⟨U+202D⟩"] { XCTAssertTrue(body.contains(shown), shown) }
        XCTAssertEqual(HTMLReport.esc("a\u{202E}b\u{200F}c"), "a⟨U+202E⟩b\u{200F}c", "a right-to-left mark (no embedding) is kept")
    }
}
