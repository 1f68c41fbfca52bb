import Foundation
import WenshuAnalysis
import WenshuText

/// A document of a page, ready to store: its original text, outline, fingerprints, term counts.
public struct PreparedDocument: Sendable {
    public let part: Int
    public let title: String?
    public let genre: String
    public let year: Int?
    /// The document's original text (title included) and its offset in the file.
    public let text: String
    public let textStart: Int
    public let contentHash: String
    public let characters: Int
    public let fingerprints: [(hash: UInt64, position: Int32)]
    public let sections: [StoredSection]
    public let termCounts: [String: Int]
}

/// Turns files into `PreparedDocument`s: the page split into its documents as
/// `CopyLibrary.load` does, each fingerprinted the same way (spinner swaps undone), its outline
/// kept as sections, and its terms counted as `wenshu keywords` finds them (phrases merged,
/// stop words, policy verbs, numbers and single characters dropped).
public final class CorpusIndexer {
    let analyzer: Analyzer
    public let swaps: SwapUndoer?
    let fingerprinter = Fingerprinter()
    /// Counts terms as `wenshu keywords` sees them (bundled phrases and the phrases a document
    /// repeats merged), so the archive's document frequencies are those of keywords' terms.
    let extractor: KeywordExtractor?

    /// `countTerms: false` skips segmentation (the slowest step) and stores no term counts.
    public init(dictionaries: Dictionaries, countTerms: Bool = true) throws {
        analyzer = Analyzer(structures: try StructureLibrary.load(directory: dictionaries.url("structures")), rules: [])
        swaps = try SwapUndoer.load(contentsOf: dictionaries.url("phrases/synonyms.txt"))
        extractor = countTerms ? try KeywordExtractor(dictionaries: dictionaries) : nil
    }

    private init(analyzer: Analyzer, swaps: SwapUndoer?, extractor: KeywordExtractor?) {
        self.analyzer = analyzer
        self.swaps = swaps
        self.extractor = extractor
    }

    /// An indexer with the same tables for another thread (its own segmenter).
    public func copy() throws -> CorpusIndexer {
        CorpusIndexer(analyzer: analyzer, swaps: swaps, extractor: try extractor?.copy())
    }

    /// The hash of a file's text: unchanged files are skipped without being analysed again.
    public static func fileHash(_ source: SourceDocument) -> String { SHA256.hex(source.text) }

    /// Files under the paths (folders recursively), in the formats InputFormat knows, sorted,
    /// as standardised paths (`InputFiles.expand`).
    public static func files(under paths: [String]) throws -> [URL] {
        try InputFiles.expand(paths, standardized: true)
    }

    public func prepare(_ source: SourceDocument, year: Int? = nil) throws -> [PreparedDocument] {
        let page = try analyzer.analyze(source)
        let original = page.text.source
        let fileBase = URL(fileURLWithPath: source.file).deletingPathExtension().lastPathComponent
        var out: [PreparedDocument] = []
        for d in page.documents {
            let o = page.text.originalRange(of: d.range)
            let text = original.text(in: o)
            let stream = Fingerprinter.stream(of: d.paragraphs, undoing: swaps)
            var sections: [StoredSection] = []
            for node in d.outline.flat {
                let r = page.text.originalRange(of: node.range)
                sections.append(StoredSection(level: node.level, marker: node.marker.text, title: node.title,
                                              start: r.start - o.start, end: r.end - o.start))
            }
            var counts: [String: Int] = [:]
            if let extractor {
                counts = try extractor.sequence(of: text).termCounts(filter: extractor.filter.strict)  // as TopicReader counts
            }
            out.append(PreparedDocument(
                part: d.index, title: d.title, genre: d.kind.rawValue,
                year: year ?? TopicReader.year(fileBase: fileBase, text: d.years.year),
                text: text, textStart: o.start, contentHash: SHA256.hex(text), characters: stream.scalars.count,
                fingerprints: fingerprinter.fingerprints(stream.scalars), sections: sections, termCounts: counts))
        }
        return out
    }
}
