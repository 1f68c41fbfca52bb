import ArgumentParser
import Foundation
import WenshuAnalysis
import WenshuStore
import WenshuText

extension KeywordMethod: ExpressibleByArgument {}

struct KeywordsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keywords",
        abstract: "Keywords of each document, with weights.",
        discussion: """
        Segments each file, merges multi-word phrases the IDF table's .phrases file lists, \
        drops stop words, policy verbs, single characters and numbers, and ranks the rest by \
        TF-IDF (default; the bundled table is built from the State Council's 政府工作报告) or \
        TextRank. A mostly-Traditional file is converted to Simplified first. With --store, \
        the IDF is the archive's: document frequencies of the terms stored with its documents. \
        A file that is a page of several documents (a scraped 范文 page: …【第一篇】…【第二篇】) \
        gets a list for the whole file and one for each document.
        """
    )

    @Argument(help: "Files (.txt in UTF-8/UTF-16/GB18030, or .docx); - reads standard input.") var files: [String]
    @Option(help: "How many keywords per file.") var top = 10
    @Option(help: "tfidf or textrank.") var method: KeywordMethod = .tfidf
    @Option(help: "An IDF table (word idf a line; see `wenshu idf build`); its .phrases file is loaded too.") var idf: String?
    @Option(name: .customLong("store"), help: "Use the IDF of a corpus store (wenshu corpus add) instead of a table.") var store: String?
    @Option(name: .customLong("lexicon"), help: "A user lexicon for segmentation; repeatable.") var lexicons: [String] = []
    @Option(help: "Output format: text or json.") var format: ReportFormat = .text
    @Option(help: "Force the input encoding (UTF-8, UTF-16LE, UTF-16BE, GB18030) instead of detecting it.") var encoding: TextEncoding?
    @OptionGroup var jobs: JobsOption
    @OptionGroup var dictionaryOptions: DictionaryOptions

    struct Entry: Encodable {
        let file: String
        let keywords: [Keyword]
        /// Each document's keywords, when the file is a page of several (left out otherwise).
        let documents: [PageKeywords.Document]?
    }

    func validate() throws {
        if idf != nil && store != nil { throw ValidationError("give either --idf or --store, not both") }
    }

    func run() throws {
        guard top > 0 else { throw ValidationError("--top must be at least 1") }
        let dictionaries = try dictionaryOptions.locate()
        var extractor = try KeywordExtractor(dictionaries: dictionaries, idfFile: idf.map { URL(fileURLWithPath: $0) },
                                             userLexicons: lexicons.map { URL(fileURLWithPath: $0) })
        if let store {
            // The archive's document frequencies; the bundled phrases, with which the store counted its terms.
            let table = try CorpusArchives.open(store).idfTable()
            extractor = KeywordExtractor(tokenizer: extractor.tokenizer, filter: extractor.filter, idf: table, phrases: extractor.phrases)
        }
        // Standard input is read once, up front; files are read on the threads.
        let stdin: SourceDocument? = try files.contains("-") ? InputReader.readStandardInput(encoding: encoding) : nil
        let entries = try parallelMap(files.count, workers: jobs.workers(extractor) { try $0.copy() }) { extractor, k in
            let f = files[k]
            let source = try f == "-" ? stdin! : InputReader.read(URL(fileURLWithPath: f), encoding: encoding)
            let page = try extractor.pageKeywords(of: source.text, method: method, top: top)
            return Entry(file: f, keywords: page.keywords, documents: page.documents.isEmpty ? nil : page.documents)
        }
        switch format {
        case .json:
            print(try JSONReport.encode(entries))
        case .text:
            for e in entries {
                print("\(e.file):")
                for k in e.keywords { print("  \(k.term)\t\(String(format: "%.4f", k.weight))") }
                for d in e.documents ?? [] {
                    print("  [\(d.index + 1)] \(d.title ?? "(untitled)") (line \(d.line)):")
                    for k in d.keywords { print("    \(k.term)\t\(String(format: "%.4f", k.weight))") }
                }
            }
        }
    }
}
