import Foundation
import WenshuText

/// How keywords are scored.
public enum KeywordMethod: String, Sendable, CaseIterable {
    case tfidf, textrank
}

/// Keywords of documents: segmentation (`TermTokenizer`), phrase merging (`PhraseSet`: the
/// corpus's phrases, then those the document repeats), the
/// filters (`KeywordFilter`), then TF-IDF or TextRank.
///
/// Holds a tokenizer (a segmenter), so it is not thread-safe: use one per thread.
public final class KeywordExtractor {
    public let tokenizer: TermTokenizer
    public let filter: KeywordFilter
    public let idf: IDFTable
    public let phrases: PhraseSet

    public init(tokenizer: TermTokenizer, filter: KeywordFilter, idf: IDFTable, phrases: PhraseSet) {
        self.tokenizer = tokenizer
        self.filter = filter
        self.idf = idf
        self.phrases = phrases
    }

    /// An extractor with the same tables for another thread (its own segmenter).
    public func copy() throws -> KeywordExtractor {
        KeywordExtractor(tokenizer: try tokenizer.copy(), filter: filter, idf: idf, phrases: phrases)
    }

    /// The default IDF table and its phrases: dictionaries/idf/govreports.idf (.phrases).
    public static func defaultIDF(_ dictionaries: Dictionaries) -> URL { dictionaries.url("idf/govreports.idf") }

    /// An extractor with the bundled dictionaries and an IDF table (default: the bundled one);
    /// the table's companion `.phrases` file is loaded when it exists. `userWords` are cut out
    /// whole by the segmenter (terms a trend report follows).
    public convenience init(dictionaries: Dictionaries, idfFile: URL? = nil, userLexicons: [URL] = [], userWords: [String] = []) throws {
        let url = idfFile ?? KeywordExtractor.defaultIDF(dictionaries)
        let phraseFile = PhraseSet.companion(ofIDF: url)
        let phrases = FileManager.default.fileExists(atPath: phraseFile.path) ? try PhraseSet.load(contentsOf: phraseFile) : .empty
        try self.init(tokenizer: TermTokenizer(dictionaries: dictionaries, userLexicons: userLexicons, userWords: userWords),
                      filter: KeywordFilter.load(dictionaries: dictionaries),
                      idf: IDFTable.load(contentsOf: url), phrases: phrases)
    }

    /// The document's terms: the table's phrases merged, then the phrases the document repeats
    /// itself (`PhraseSet.withinDocument`).
    public func sequence(of text: String) throws -> TermSequence {
        PhraseSet.withinDocument(phrases.merge(try tokenizer.sequence(of: text)), filter: filter)
    }

    /// Keywords of a file and, when it is a page of several documents (a scraped 范文 page), of
    /// each document. Each stretch of text is segmented once: the documents, and the page-level
    /// text between them; the file's list is over all of it.
    public func pageKeywords(of text: String, method: KeywordMethod = .tfidf, top: Int = 10) throws -> PageKeywords {
        let normalized = try tokenizer.normalize(text)
        let page = PageText(source: SourceDocument(file: "", text: text, format: ""), text: normalized)
        let paragraphs = page.paragraphs, pageLevel = page.pageLevel
        let parts = page.documents
        func prepared(_ s: TermSequence) -> TermSequence { PhraseSet.withinDocument(phrases.merge(s), filter: filter) }
        guard parts.count > 1 else {
            let all = try tokenizer.sequence(of: normalized, in: TextRange(start: 0, end: normalized.count))
            return PageKeywords(keywords: keywords(of: prepared(all), method: method, top: top), documents: [])
        }
        var pieces: [(start: Int, sequence: TermSequence)] = []
        var documents: [PageKeywords.Document] = []
        for part in parts {
            let index = part.index
            let range = page.range(of: part)
            let sequence = try tokenizer.sequence(of: normalized, in: range)
            pieces.append((range.start, sequence))
            documents.append(.init(index: index, title: page.title(of: part)?.text,
                                   line: normalized.location(ofNormalized: range.start).line,
                                   keywords: keywords(of: prepared(sequence), method: method, top: top)))
        }
        for k in pageLevel { pieces.append((paragraphs[k].range.start, try tokenizer.sequence(of: normalized, in: paragraphs[k].range))) }
        let whole = TermSequence(clauses: pieces.sorted { $0.start < $1.start }.flatMap(\.sequence.clauses))
        return PageKeywords(keywords: keywords(of: prepared(whole), method: method, top: top), documents: documents)
    }

    public func keywords(of text: String, method: KeywordMethod = .tfidf, top: Int = 10) throws -> [Keyword] {
        keywords(of: try sequence(of: text), method: method, top: top)
    }

    public func keywords(of sequence: TermSequence, method: KeywordMethod, top: Int) -> [Keyword] {
        switch method {
        case .tfidf: return TFIDFExtractor(idf: idf, filter: filter).keywords(of: sequence, top: top)
        case .textrank: return TextRankExtractor(filter: filter).keywords(of: sequence, top: top)
        }
    }
}

/// Keywords of a file, and of each of its documents when it holds several.
public struct PageKeywords: Sendable {
    public struct Document: Sendable, Encodable {
        public let index: Int
        public let title: String?
        /// 1-based line where the document starts.
        public let line: Int
        public let keywords: [Keyword]
    }
    public let keywords: [Keyword]
    /// Empty when the file is one document.
    public let documents: [Document]
}
