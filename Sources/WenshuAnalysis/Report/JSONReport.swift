import Foundation
import WenshuText

/// The JSON contract of `wenshu check --format json` (documented in the README). Every range
/// is Unicode-scalar offsets (0-based, half-open) into the decoded input.
public enum JSONReport {
    /// The version of this contract, in every page (README: "JSON report"). 2: a finding's
    /// `replacement` (exact text for its range) and `advice` (prose) apart; `suggestion` stays.
    /// 3: each document checked for copies has a `copy` object (ratio, passages with their
    /// sources' text, per-section ratios); absent when no copy check ran.
    public static let version = 3

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
        /// What the copy check found; absent when none ran (no --templates, no --store).
        public var copy: Copy? = nil
    }
    /// A document's copy result (`CopyResult`): ratios rounded to 0.001, similarities to 0.01.
    public struct Copy: Codable, Equatable {
        public let ratio: Double
        /// Characters that count (Han, letters, digits) of the body, and those inside copied passages.
        public let characters: Int
        public let copiedCharacters: Int
        public let libraryDocuments: Int
        public let passages: [Passage]
        public let sections: [SectionRatio]
    }
    public struct Passage: Codable, Equatable {
        public let range: Range
        public let line: Int
        public let column: Int
        public let characters: Int
        public let similarity: Double
        public let source: PassageSource
    }
    public struct PassageSource: Codable, Equatable {
        public let file: String
        public let title: String?
        public let label: String?
        public let range: Range
        /// The source's text of `range`.
        public let excerpt: String
    }
    public struct SectionRatio: Codable, Equatable {
        public let title: String
        public let range: Range
        public let ratio: Double
        public let characters: Int
        public let copiedCharacters: Int
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
                         findings: d.findings, copy: d.copy.map { copy(of: $0, in: t) })
            })
        page.pageFurniture = a.furniture.isEmpty ? nil : a.furniture
        return page
    }

    /// The JSON form of a document's copy result.
    public static func copy(of c: CopyResult, in t: NormalizedText) -> Copy {
        func rounded(_ x: Double, _ scale: Double) -> Double { (x * scale).rounded() / scale }
        return Copy(
            ratio: rounded(c.ratio, 1000), characters: c.characters, copiedCharacters: c.copiedCharacters, libraryDocuments: c.libraryDocuments,
            passages: c.passages.map { p in
                let at = t.source.location(of: p.range.start)
                return Passage(range: Range(start: p.range.start, end: p.range.end), line: at.line, column: at.column,
                               characters: p.characters, similarity: rounded(p.similarity, 100),
                               source: PassageSource(file: p.source.file, title: p.source.title, label: p.source.label,
                                                     range: Range(start: p.source.range.start, end: p.source.range.end), excerpt: p.source.excerpt))
            },
            sections: c.sections.map { s in
                let o = t.originalRange(of: s.normalized)
                return SectionRatio(title: s.title, range: Range(start: o.start, end: o.end), ratio: rounded(s.ratio, 1000),
                                    characters: s.characters, copiedCharacters: s.copiedCharacters)
            })
    }

    public static func encode<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }
}
