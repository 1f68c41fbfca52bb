import Foundation
import WenshuText

/// The bundled theme taxonomies (dictionaries/themes/*.yaml) and the choice among them by the
/// kind of the documents read.
///
/// A taxonomy file may name the reference structures it is for (`genres: [政府工作报告]`). Each
/// document's kind is what the genre detection of `wenshu check` finds from its title, opening
/// and outline (`GenreChooser`); the taxonomy whose genres cover more than half of the documents
/// whose kind is known is chosen, else the default one (`zhengxie.yaml`, written for 政协 and
/// general government work documents). One taxonomy serves one report, so that the years'
/// shares are comparable.
public struct TaxonomyLibrary: Sendable {
    public struct Entry: Sendable {
        /// The file name in the themes folder (`zhengfu.yaml`).
        public let file: String
        public let taxonomy: ThemeTaxonomy
    }
    public let entries: [Entry]
    /// The file name of the taxonomy used when no other fits.
    public let defaultFile: String

    public static let standardDefault = "zhengxie.yaml"

    public init(entries: [Entry], defaultFile: String = TaxonomyLibrary.standardDefault) {
        self.entries = entries
        self.defaultFile = defaultFile
    }

    /// Every `.yaml` file of the folder (in name order); an unreadable or malformed one is an
    /// error naming it; the folder must hold the default taxonomy.
    public static func load(directory: URL, defaultFile: String = TaxonomyLibrary.standardDefault) throws -> TaxonomyLibrary {
        let names: [String]
        do { names = try FileManager.default.contentsOfDirectory(atPath: directory.path) } catch {
            throw TopicsError.unreadable(file: directory.path, reason: (error as NSError).localizedDescription)
        }
        let files = names.filter { $0.hasSuffix(".yaml") }.sorted()
        guard files.contains(defaultFile) else {
            throw TopicsError.unreadable(file: directory.appendingPathComponent(defaultFile).path, reason: "the default theme taxonomy is missing")
        }
        return TaxonomyLibrary(entries: try files.map { Entry(file: $0, taxonomy: try ThemeTaxonomy.load(contentsOf: directory.appendingPathComponent($0))) },
                               defaultFile: defaultFile)
    }

    public var defaultEntry: Entry { entries.first { $0.file == defaultFile } ?? entries[0] }

    /// The choice and why, for the report.
    public struct Choice: Sendable {
        public let entry: Entry
        /// Documents whose kind is known, and how many of them the chosen taxonomy is for.
        public let known: Int
        public let covered: Int
        /// Each kind found and its number of documents, most first.
        public let kinds: [(kind: String, documents: Int)]
        public var taxonomy: ThemeTaxonomy { entry.taxonomy }
    }

    /// The rule in the type's documentation; `kinds` holds one entry per document (nil: the
    /// genre detection abstained).
    public func choose(kinds: [String?]) -> Choice {
        var counts: [String: Int] = [:]
        for case let k? in kinds { counts[k, default: 0] += 1 }
        let known = counts.values.reduce(0, +)
        let sortedKinds = counts.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.map { (kind: $0.key, documents: $0.value) }
        var best: (entry: Entry, covered: Int)? = nil
        for e in entries where !e.taxonomy.genres.isEmpty {
            let covered = e.taxonomy.genres.reduce(0) { $0 + (counts[$1] ?? 0) }
            if covered * 2 > known, covered > (best?.covered ?? 0) { best = (e, covered) }
        }
        if let best { return Choice(entry: best.entry, known: known, covered: best.covered, kinds: sortedKinds) }
        let d = defaultEntry
        return Choice(entry: d, known: known, covered: d.taxonomy.genres.reduce(0) { $0 + (counts[$1] ?? 0) }, kinds: sortedKinds)
    }

    /// The taxonomy of one report and why it was taken.
    public struct Selection: Sendable {
        public let taxonomy: ThemeTaxonomy
        /// Which taxonomy and why, as `wenshu themes` prints it after `taxonomy: `.
        public let note: String
    }

    /// The taxonomy of one report, the same choice for `wenshu themes`, the HTML report of
    /// `wenshu check` and `wenshu serve`: `override` (`--themes`) when given — a bundled name
    /// (`zhengfu`, `zhengfu.yaml`) or a taxonomy file that extends the default one (an unreadable
    /// or malformed file is an error naming it) — else `choose(kinds:)` over the documents'
    /// kinds, which are read only then.
    public func select(override: String?, kinds: () throws -> [String?]) throws -> Selection {
        if let override {
            if let e = entries.first(where: { $0.file == override + ".yaml" || $0.file == override }) {
                return Selection(taxonomy: e.taxonomy, note: "\(e.taxonomy.name ?? e.file) (\(e.file), --themes)")
            }
            let d = defaultEntry
            return Selection(taxonomy: d.taxonomy.extended(with: try ThemeTaxonomy.load(contentsOf: URL(fileURLWithPath: override))),
                             note: "\(d.taxonomy.name ?? d.file) (\(d.file)) extended by \(override)")
        }
        let choice = choose(kinds: try kinds())
        var note = "\(choice.taxonomy.name ?? choice.entry.file) (\(choice.entry.file)): "
        let kindList = " (" + choice.kinds.map { "\($0.kind) \($0.documents)" }.joined(separator: ", ") + ")"
        if choice.known == 0 {
            note += "the default; no document's kind is known"
        } else if choice.entry.file == defaultFile && choice.covered * 2 <= choice.known {
            note += "the default; no other taxonomy is for most of the \(choice.known) documents of known kind" + kindList
        } else {
            note += "\(choice.covered) of the \(choice.known) documents of known kind are " + choice.taxonomy.genres.joined(separator: "/") + kindList
        }
        return Selection(taxonomy: choice.taxonomy, note: note)
    }

    /// The kind of each analysed document, for `select`: the name of the reference structure its
    /// check used (found from its title, opening or outline, or given by `--structure`); nil
    /// where none was.
    public static func kinds(of pages: [PageAnalysis]) -> [String?] {
        pages.flatMap { $0.documents.map { $0.structure?.name } }
    }
}

/// The kind (reference structure name) of each document of a source, as `wenshu check` finds it
/// from the title, opening and outline; nil where the detection abstains.
public struct GenreReader: Sendable {
    public let chooser: GenreChooser

    public init(chooser: GenreChooser) { self.chooser = chooser }

    public init(dictionaries: Dictionaries) throws {
        chooser = GenreChooser(library: try StructureLibrary.load(directory: dictionaries.url("structures")),
                               notAGenre: try NotAGenre.load(contentsOf: dictionaries.url("patterns/not-a-genre.txt")))
    }

    /// One entry per document of the text (a scraped page is split as everywhere else).
    public func kinds(of text: NormalizedText) -> [String?] {
        let paragraphs = ParagraphSplitter.paragraphs(of: text)
        let (parts, _) = PageSplitter.split(paragraphs)
        return parts.map { part in
            let title = part.title.map { paragraphs[$0].text }
            let bodyStart = part.title.map { $0 + 1 } ?? part.paragraphs.lowerBound
            let body = Array(paragraphs[bodyStart..<part.paragraphs.upperBound])
            let outline = OutlineBuilder.build(body.map(PageFurniture.withoutLeadingFiller), end: body.last?.range.end ?? 0)
            switch chooser.choose(title: title, body: body, outline: outline) {
            case .structure(let s, _): return s.name
            case .none: return nil
            }
        }
    }
}
