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
    /// the table's companion `.phrases` file is loaded when it exists.
    public convenience init(dictionaries: Dictionaries, idfFile: URL? = nil, userLexicons: [URL] = []) throws {
        let url = idfFile ?? KeywordExtractor.defaultIDF(dictionaries)
        let phraseFile = PhraseSet.companion(ofIDF: url)
        let phrases = FileManager.default.fileExists(atPath: phraseFile.path) ? try PhraseSet.load(contentsOf: phraseFile) : .empty
        try self.init(tokenizer: TermTokenizer(dictionaries: dictionaries, userLexicons: userLexicons),
                      filter: KeywordFilter.load(dictionaries: dictionaries),
                      idf: IDFTable.load(contentsOf: url), phrases: phrases)
    }

    /// The document's terms: the table's phrases merged, then the phrases the document repeats
    /// itself (`PhraseSet.withinDocument`).
    public func sequence(of text: String) throws -> TermSequence {
        PhraseSet.withinDocument(phrases.merge(try tokenizer.sequence(of: text)), filter: filter)
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
