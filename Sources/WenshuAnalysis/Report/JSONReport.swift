import Foundation
import WenshuText

/// The JSON contract of `wenshu check --format json` (documented in the README). Every range
/// is Unicode-scalar offsets (0-based, half-open) into the decoded input.
public enum JSONReport {
    /// The version of this contract, in every page (README: "JSON report"). 2: a finding's
    /// `replacement` (exact text for its range) and `advice` (prose) apart; `suggestion` stays.
    public static let version = 2

    public struct Range: Codable, Equatable { public let start: Int; public let end: Int }
    public struct Node: Codable, Equatable {
        public let level: Int
        public let marker: String
        public let title: String
        public let form: String
        public let range: Range
        public let line: Int
        public let children: [Node]
    }
    public struct Section: Codable, Equatable {
        public let name: String
        public let required: Bool
        public let status: String
        public let evidence: String
        public let range: Range?
    }
    public struct Years: Codable, Equatable {
        public let stated: [Int]
        public let placeholders: [String]
        public let planned: Int?
    }
    public struct Document: Codable, Equatable {
        public let index: Int
        public let title: String?
        public let kind: String
        public let structure: String?
        /// What chose the structure: title, opening or option.
        public let structureFrom: String?
        public let year: Int?
        public let years: Years
        public let range: Range
        public let outline: [Node]
        public let sections: [Section]
        public let findings: [Finding]
    }
    public struct Page: Codable, Equatable {
        public let version: Int
        public let file: String
        public let encoding: String
        public let pageText: [Range]
        public let pageFindings: [Finding]
        public let documents: [Document]
        /// A PDF's running headers, footers and page numbers, taken out of the text (absent when none).
        public var pageFurniture: [PrintedFurniture]? = nil
    }

    public static func page(_ a: PageAnalysis) -> Page {
        let t = a.text
        func range(_ r: TextRange) -> Range { let o = t.originalRange(of: r); return Range(start: o.start, end: o.end) }
        func node(_ n: OutlineNode) -> Node {
            Node(level: n.level, marker: n.marker.text, title: n.title, form: n.form.rawValue, range: range(n.range),
                 line: t.location(ofNormalized: n.range.start).line, children: n.children.map(node))
        }
        var page = Page(
            version: version, file: a.file, encoding: a.format,
            pageText: a.pageParagraphs.map { range($0.range) },
            pageFindings: a.pageFindings,
            documents: a.documents.map { d in
                Document(index: d.index, title: d.title, kind: d.kind.rawValue, structure: d.structure?.name,
                         structureFrom: d.structureChoice?.rawValue, year: d.years.year,
                         years: Years(stated: d.years.stated, placeholders: d.years.placeholders, planned: d.years.yearPlanned),
                         range: range(d.range), outline: d.outline.roots.map(node),
                         sections: d.sections.map { Section(name: $0.name, required: $0.required, status: $0.status.rawValue,
                                                            evidence: $0.evidence.rawValue, range: $0.range.map(range)) },
                         findings: d.findings)
            })
        page.pageFurniture = a.furniture.isEmpty ? nil : a.furniture
        return page
    }

    public static func encode<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }
}
