import Foundation
import XCTest
import WenshuAnalysis
import WenshuText

/// The 75 annotated real pages of ../shared/wild-dev, read at test time (never copied into the
/// repository), and the checks run on them as `wenshu check` runs them.
public enum WildPages {
    public static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    public static let folder = root.appendingPathComponent("../shared/wild-dev").standardized
    public static let dictionaries = Dictionaries(root: root.appendingPathComponent("dictionaries"))

    public static func requireFolder() throws {
        guard FileManager.default.fileExists(atPath: folder.appendingPathComponent("expected.json").path) else {
            throw XCTSkip("../shared/wild-dev not found; this test needs the annotated real pages")
        }
    }

    /// Every finding of a page (page-level and per document), as `check` reports them.
    public static func findings(_ page: String, analyzer: Analyzer? = nil) throws -> (text: String, findings: [Finding]) {
        try requireFolder()
        let url = folder.appendingPathComponent("pages/\(page)")
        let a = try analyzer ?? Analyzer(dictionaries: dictionaries)
        let result = try a.analyze(InputReader.read(url))
        return (result.text.source.text(in: TextRange(start: 0, end: result.text.source.scalars.count)),
                result.pageFindings + result.documents.flatMap(\.findings))
    }

    /// Whether a finding of one of `kinds` overlaps occurrence `n` of `needle` on the page
    /// (Unicode-scalar offsets, as score.py counts them).
    public static func flagged(_ needle: String, in page: (text: String, findings: [Finding]), kinds: Set<String>, occurrence n: Int = 0) -> Bool {
        let hay = Array(page.text.unicodeScalars), pin = Array(needle.unicodeScalars)
        var seen = 0
        guard pin.count <= hay.count else { return false }
        for i in 0...(hay.count - pin.count) where Array(hay[i..<(i + pin.count)]) == pin {
            if seen == n {
                return page.findings.contains { kinds.contains($0.kind) && $0.range.start < i + pin.count && $0.range.end > i }
            }
            seen += 1
        }
        return false
    }

    public struct Expected: Decodable {
        public struct Span: Decodable { public let kind: String; public let text: String; public let n: Int?; public let accept: [String]? }
        public let must: [Span]?
        public let also: [Span]?
        public let clean: Bool?
    }

    public static func expected() throws -> [String: Expected] {
        try requireFolder()
        let data = try Data(contentsOf: folder.appendingPathComponent("expected.json"))
        let raw = try JSONSerialization.jsonObject(with: data) as? [String: Any] ?? [:]
        var out: [String: Expected] = [:]
        for (k, v) in raw where !k.hasPrefix("_") {
            out[k] = try JSONDecoder().decode(Expected.self, from: JSONSerialization.data(withJSONObject: v))
        }
        return out
    }
}
