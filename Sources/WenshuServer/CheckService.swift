import Foundation
import WenshuAnalysis
import WenshuStore
import WenshuText

/// What the server does with a draft, without HTTP: reads it, analyses it and renders the
/// reports. Built once at start-up and shared by every request.
///
/// Thread safety: `Analyzer` is a Sendable value whose rules hold only immutable data (pattern
/// lists, tables); `Analyzer.analyze` makes its own `Normalizer` (and with it any ICU
/// transliterator) for each call, and no rule keeps an ICU break iterator, so concurrent calls
/// share nothing mutable. The corpus store is a GRDB `DatabasePool` (concurrent readers) or a
/// PostgreSQL store with a pool of connections (one per concurrent request, up to its size); its
/// copy rule throws a store error, which answers 500 `store-failed`.
public struct CheckService: Sendable {
    public let analyzer: Analyzer
    /// The theme taxonomies; each report's is chosen by its documents' kind (as `wenshu check`).
    public let themes: TaxonomyLibrary?
    public let themesUnavailable: String?
    public let store: (any CorpusArchive)?
    public let swaps: SwapUndoer?
    /// Encoding forced for uploaded .txt files (nil: detected).
    public let encoding: TextEncoding?

    public init(analyzer: Analyzer, themes: TaxonomyLibrary? = nil, themesUnavailable: String? = nil,
                store: (any CorpusArchive)? = nil, swaps: SwapUndoer? = nil, encoding: TextEncoding? = nil) {
        self.analyzer = analyzer
        self.themes = themes
        self.themesUnavailable = themesUnavailable
        self.store = store
        self.swaps = swaps
        self.encoding = encoding
    }

    /// Every check with the dictionaries folder's data and its theme taxonomies (as `wenshu check`).
    public init(dictionaries: Dictionaries, analyzer: Analyzer? = nil, store: (any CorpusArchive)? = nil,
                encoding: TextEncoding? = nil) throws {
        let analyzer = try analyzer ?? Analyzer(dictionaries: dictionaries)
        var themes: TaxonomyLibrary? = nil
        var unavailable: String? = nil
        do {
            themes = try TaxonomyLibrary.load(directory: dictionaries.url("themes"))
        } catch {
            unavailable = (error as? LocalizedError)?.errorDescription ?? "\(error)"
        }
        let swaps = try store.map { _ in try SwapUndoer.load(contentsOf: dictionaries.url("phrases/synonyms.txt")) }
        self.init(analyzer: analyzer, themes: themes, themesUnavailable: unavailable, store: store, swaps: swaps,
                  encoding: encoding)
    }

    /// Names of the reference structures a request may force.
    public var structureNames: [String] { analyzer.structures.structures.map(\.name) }

    /// Analyses one draft; `structure` forces a reference structure by name; `language` is that
    /// of the messages and of the HTML report's words (default: the analyzer's, `--lang`).
    public func analyze(_ source: SourceDocument, structure: String? = nil, language: ReportLanguage? = nil,
                        cancellation: Cancellation? = nil) throws -> PageAnalysis {
        var analyzer = self.analyzer
        analyzer.cancellation = cancellation
        if let language { analyzer.language = language }
        if let structure, !structure.isEmpty {
            guard let forced = analyzer.structures.named(structure) else {
                throw ServeError(.badRequest, "unknown-structure",
                                 "no structure named '\(structure)'; known: \(structureNames.joined(separator: ", "))")
            }
            analyzer.forcedStructure = forced
        }
        if let store { analyzer = analyzer.adding(StoreCopyRule(store: store, swaps: swaps)) }
        let page: PageAnalysis
        do { page = try analyzer.analyze(source) } catch let e as ServeError { throw e } catch let e as AnalysisCancelled {
            throw ServeError(.serviceUnavailable, "analysis-timeout", e.reason)
        } catch let e as StoreCopyRule.Failure {
            throw ServeError(.internalServerError, "store-failed", "the corpus store failed: " + describe(e))
        } catch {
            throw ServeError(.unprocessableContent, "analysis-failed", describe(error))
        }
        return page
    }

    /// The JSON of `wenshu check --format json` for one file.
    public func json(_ page: PageAnalysis) throws -> String {
        try JSONReport.encode(JSONReport.page(page)) + "\n"
    }

    /// The HTML report of `wenshu check --format html`, in the page's language, with the theme
    /// taxonomy for its documents' kind (`TaxonomyLibrary.select`, as `wenshu check`).
    public func html(_ page: PageAnalysis) throws -> String {
        let taxonomy = try themes?.select(override: nil) { TaxonomyLibrary.kinds(of: [page]) }.taxonomy
        return try HTMLReport.check([page], themes: taxonomy, themesUnavailable: themesUnavailable)
    }
}

/// A library error's message.
func describe(_ error: Error) -> String {
    if let e = error as? LocalizedError, let d = e.errorDescription { return d }
    return "\(error)"
}
