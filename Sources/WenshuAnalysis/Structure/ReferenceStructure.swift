import Foundation
import WenshuText
import Yams

/// The kind of document a structure describes.
public enum DocumentKind: String, Sendable, Codable {
    case summary, plan, report, unknown
    case summaryAndPlan = "summary+plan"
}

/// A reference structure: the sections a kind of document should have, in order, read from a
/// YAML file in `dictionaries/structures/` (or a user's file). See dictionaries/README.md.
public struct ReferenceStructure: Sendable, Codable, Equatable {
    public struct Section: Sendable, Codable, Equatable {
        public let name: String
        public let required: Bool
        /// Words that, found in a heading's title, mark the section (主要工作, 工作成效 …).
        public let headings: [String]
        /// Regular expressions that show an unheaded part (存在.{0,15}(不足|差距|问题)).
        public let cues: [String]
        /// How many paragraphs must show a cue before the section counts as present (default 1).
        public let minCueParagraphs: Int?
        /// Han characters a part found only by its phrase needs after the phrase before it counts
        /// as more than a remark in passing (default `CompletenessChecker.thinPart`, 60): 20 for a
        /// 提案办理 summary's 基本情况, which is one sentence of figures.
        public let minLength: Int?
    }

    public let name: String
    public let kind: DocumentKind
    /// Higher wins when several structures match a title.
    public let priority: Int
    /// Regular expressions matched against the document's title.
    public let match: [String]
    /// Regular expressions that say what the document is in its opening (its first paragraphs),
    /// for a document whose title says nothing or that has none: 共收到…提案 opens a 提案办理
    /// summary, 特制订以下工作计划 a plan. Optional.
    public let opening: [String]?
    public let sections: [Section]
    /// Where the structure comes from: a regulation, a template most offices follow, or a
    /// reading of real documents (which, how many). Optional.
    public let source: String?
    /// The file it was read from.
    public var file: String? = nil

    enum CodingKeys: String, CodingKey { case name, kind, priority, match, opening, sections, source }

    public static func load(contentsOf url: URL) throws -> ReferenceStructure {
        let text: String
        do throws(DataFile.Unreadable) { text = try DataFile.text(of: url, limit: YAMLGuard.maxBytes) } catch {
            throw DictionaryError.unreadable(file: error.file, reason: error.reason)
        }
        return try load(text: text, file: url.path)
    }

    /// A structure from the text of a YAML file named `file` in messages.
    public static func load(text: String, file: String) throws -> ReferenceStructure {
        let url = URL(fileURLWithPath: file)
        if let violation = YAMLGuard.check(text) {
            throw DictionaryError.malformed(file: "\(url.path):\(violation.line)", reason: violation.reason)
        }
        if (try? Yams.compose(yaml: text)) == .some(nil) {
            throw DictionaryError.malformed(file: url.path, reason: "the file is empty (no YAML in it); a structure needs name: and sections:")
        }
        var s: ReferenceStructure
        do { s = try YAMLDecoder().decode(ReferenceStructure.self, from: text) } catch {
            throw DictionaryError.malformed(file: url.path, reason: "\(error)")
        }
        for p in s.match + (s.opening ?? []) + s.sections.flatMap(\.cues) {
            let place = PatternSafety.line(of: p, in: text).map { "\(url.path):\($0)" } ?? url.path
            // The ICU that searches the cues checks them (an invalid cue must not match nothing silently).
            guard ICURegexSet.compiles(p) else {
                throw DictionaryError.malformed(file: place, reason: "the regular expression '\(p)' is invalid")
            }
            if let problem = PatternSafety.problem(p) {
                throw DictionaryError.malformed(file: place, reason: "the regular expression '\(p)' is refused: \(problem)")
            }
        }
        if s.sections.isEmpty { throw DictionaryError.malformed(file: url.path, reason: "a structure needs at least one section") }
        s.file = url.path
        return s
    }
}

/// The structures Wenshu knows: the bundled ones and any the user adds.
public struct StructureLibrary: Sendable {
    public let structures: [ReferenceStructure]

    public init(structures: [ReferenceStructure]) { self.structures = structures }

    /// Every .yaml/.yml file in a folder.
    public static func load(directory: URL) throws -> StructureLibrary {
        let files = ((try? FileManager.default.contentsOfDirectory(at: directory, includingPropertiesForKeys: nil)) ?? [])
            .filter { ["yaml", "yml"].contains($0.pathExtension.lowercased()) }
            .sorted { $0.path < $1.path }
        return StructureLibrary(structures: try files.map(ReferenceStructure.load))
    }

    public func named(_ name: String) -> ReferenceStructure? { structures.first { $0.name == name } }

    /// The structure whose title patterns match, highest priority first.
    public func structure(forTitle title: String) -> ReferenceStructure? {
        structures.filter { matches($0.match, title) }.max { $0.priority < $1.priority }
    }

    /// The structure whose opening patterns match the first paragraphs (`openingParagraphs` of
    /// them), highest priority first: for a document whose title says nothing.
    public func structure(forOpening paragraphs: [String]) -> ReferenceStructure? {
        let opening = paragraphs.prefix(StructureLibrary.openingParagraphs).joined(separator: "\n")
        return structure(forOpeningUnits: Array(opening.utf16))
    }

    /// The same, the opening (its paragraphs joined by line feeds) given as UTF-16 units.
    func structure(forOpeningUnits units: [UInt16]) -> ReferenceStructure? {
        structures.filter { matches($0.opening ?? [], units: units) }.max { $0.priority < $1.priority }
    }

    /// How many paragraphs of a document count as its opening.
    public static let openingParagraphs = 2

    /// Whether any of the patterns matches somewhere in `text` (a pattern that does not compile
    /// matches nothing). Compiled once (`ICURegexSet.shared`) and matched on the UTF-16 in place:
    /// on a file that is one long line the opening is the whole line.
    func matches(_ patterns: [String], _ text: String) -> Bool {
        matches(patterns, units: Array(text.utf16))
    }

    func matches(_ patterns: [String], units: [UInt16]) -> Bool {
        guard !patterns.isEmpty, let set = try? ICURegexSet.shared(patterns, droppingInvalid: true) else { return false }
        return set.patterns.indices.contains { set.firstMatchStart(pattern: $0, in: units) != nil }
    }
}
