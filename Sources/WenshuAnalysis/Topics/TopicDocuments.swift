import Foundation
import WenshuText

/// A document as the trend report sees it: its year, its term counts and its theme shares.
public struct TopicDocument: Sendable {
    public struct ParagraphThemes: Sendable {
        /// 1-based line in the input.
        public let line: Int
        public let themes: [String]
    }
    public let file: String
    public let index: Int
    public let title: String?
    public let year: Int?
    /// Accepted terms (after phrase merging) and their counts.
    public let termCounts: [String: Int]
    /// Theme weights (Han characters of text about each theme; see `ThemeTaxonomy.shares`).
    public let themeWeights: [Double]
    public let paragraphs: [ParagraphThemes]
    /// How many documents this one stands for: 1, or more for the sum of several documents of
    /// one year (a corpus store's year, aggregated where it is stored).
    public var documents: Int = 1

    public init(file: String, index: Int, title: String?, year: Int?, termCounts: [String: Int], themeWeights: [Double],
                paragraphs: [ParagraphThemes], documents: Int = 1) {
        self.file = file
        self.index = index
        self.title = title
        self.year = year
        self.termCounts = termCounts
        self.themeWeights = themeWeights
        self.paragraphs = paragraphs
        self.documents = documents
    }
}

/// Reads files into topic documents: page split (a scraped page holds several documents),
/// Traditional → Simplified when mostly Traditional, themes per paragraph, terms with phrases.
///
/// The year of a document: the file name when it is a year (2024.txt — the State Council
/// reports' text states the year reviewed first); else the year `YearInfo` finds in the
/// document's title or opening; else a 19xx/20xx year in the file name; else none.
public final class TopicReader {
    public let extractor: KeywordExtractor
    public let taxonomy: ThemeTaxonomy

    public init(extractor: KeywordExtractor, taxonomy: ThemeTaxonomy) {
        self.extractor = extractor
        self.taxonomy = taxonomy
    }

    /// A reader with the same extractor tables and taxonomy for another thread.
    public func copy() throws -> TopicReader { TopicReader(extractor: try extractor.copy(), taxonomy: taxonomy) }

    public func read(_ source: SourceDocument) throws -> [TopicDocument] {
        let text = try extractor.tokenizer.normalize(source.text)
        let page = PageText(source: source, text: text)
        let base = URL(fileURLWithPath: source.file).deletingPathExtension().lastPathComponent
        var result: [TopicDocument] = []
        for part in page.documents {
            let index = part.index
            let all = Array(page.all(of: part))
            let title = page.title(of: part)?.text
            let year = TopicReader.year(fileBase: base, text: YearInfo.find(in: all, title: title, kind: .unknown).year)
            var weights = [Double](repeating: 0, count: taxonomy.themes.count)
            var paragraphThemes: [TopicDocument.ParagraphThemes] = []
            for p in all {
                let hits = taxonomy.hits(in: p.scalars[...])
                taxonomy.add(p.scalars[...], to: &weights)
                let names = hits.enumerated().filter { $0.element > 0 }
                    .sorted { $0.element != $1.element ? $0.element > $1.element : $0.offset < $1.offset }
                    .map { taxonomy.themes[$0.offset].name }
                if !names.isEmpty { paragraphThemes.append(.init(line: text.location(ofNormalized: p.range.start).line, themes: names)) }
            }
            let range = TextRange(start: all.first?.range.start ?? 0, end: all.last?.range.end ?? 0)
            var sequence = extractor.phrases.merge(try extractor.tokenizer.sequence(of: text, in: range))
            sequence = PhraseSet.withinDocument(sequence, filter: extractor.filter)
            result.append(TopicDocument(file: source.file, index: index, title: title, year: year,
                                        termCounts: sequence.termCounts(filter: extractor.filter.strict),
                                        themeWeights: weights, paragraphs: paragraphThemes))
        }
        return result
    }

    static let yearInName = try! NSRegularExpression(pattern: "(?<![0-9])(19[0-9]{2}|20[0-9]{2})(?![0-9])")

    /// The rule in the type's documentation.
    public static func year(fileBase: String, text: Int?) -> Int? {
        if fileBase.count == 4, let y = Int(fileBase), (1900...2100).contains(y) { return y }
        if let text { return text }
        let ns = fileBase as NSString
        if let m = yearInName.firstMatch(in: fileBase, range: NSRange(location: 0, length: ns.length)) {
            return Int(ns.substring(with: m.range(at: 1)))
        }
        return nil
    }
}
