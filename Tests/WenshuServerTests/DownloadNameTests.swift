import Foundation
import XCTest
@testable import WenshuServer

/// The reviewed .docx's download name comes from the upload's name: markup and bidirectional
/// overrides in it are escaped and shown as codes (hostile tester, session 11: an RLO in the
/// name was written into the `download` attribute as it was).
final class DownloadNameTests: XCTestCase {
    func testTheDownloadNameIsEscaped() {
        let report = "<html><body>\n<p>report</p></body></html>"
        let page = WenshuServer.withDownload(report, Data([1, 2, 3]), name: "/tmp/x/a\"><script>b\u{202E}xcod.exe.txt", language: .en)
        let attribute = page.components(separatedBy: "download=\"").dropFirst().first.map { String($0.prefix { $0 != "\"" }) }
        XCTAssertEqual(attribute, "a&quot;&gt;&lt;script&gt;b⟨U+202E⟩xcod.exe-reviewed.docx")
        XCTAssertFalse(page.unicodeScalars.contains("\u{202E}"))
        XCTAssertFalse(page.contains("<script>"))
    }
}
