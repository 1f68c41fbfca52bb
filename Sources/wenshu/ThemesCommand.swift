import ArgumentParser
import Foundation
import WenshuAnalysis
import WenshuStore
import WenshuText

struct ThemesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "themes",
        abstract: "Themes of each document and paragraph; with --by-year, how themes and keywords move across years.",
        discussion: """
        Reads every file named (directories: every .txt file under them), splits scraped pages \
        into their documents, converts mostly-Traditional text to Simplified, and finds each \
        paragraph's themes by the seed terms of a taxonomy: dictionaries/themes/zhengfu.yaml \
        when most documents of known kind are 政府工作报告, else themes/zhengxie.yaml (the first \
        line says which and why); --themes zhengfu|zhengxie names one, --themes FILE extends the \
        政协 one. With --by-year, documents are grouped by year (the file \
        name when it is a year such as 2024.txt, else the year the text states first, else a \
        year in the file name) and the report gives per year the distinctive keywords and theme \
        shares and the terms it uses first, and per term its first year and trend; --term T \
        follows a term (精准脱贫, 新质生产力) year by year. --format html writes one self-contained \
        page with an SVG chart. With --store (and --by-year), the stored reports join the \
        files named (or stand alone when none is named): their years, term counts and themes.
        """
    )

    enum Format: String, ExpressibleByArgument { case text, json, html }

    @Argument(help: "Files or directories (.txt, .docx, .doc, .wps, .odt, .rtf, .pdf); none with --store reports over the archive alone.") var paths: [String] = []
    @Flag(name: .customLong("by-year"), help: "Group documents by year: keywords, themes and trends per year.") var byYear = false
    @Option(help: "zhengfu or zhengxie: that bundled taxonomy; a YAML file: extends the 政协 one. Default: chosen by the documents' kind.") var themes: String?
    @Option(help: "Keywords per year.") var top = 15
    @Option(name: .customLong("term"), help: "With --by-year: follow this term year by year (count, rate per 10,000 terms, first and peak year); repeatable.") var terms: [String] = []
    @Option(help: "An IDF table for keywords (the phrases beside it are used).") var idf: String?
    @Option(help: "Output format: text, json or html (html needs --by-year).") var format: Format = .text
    @Option(name: .shortAndLong, help: "Write the report to this file instead of standard output.") var output: String?
    @Option(name: .customLong("store"), help: "With --by-year: a corpus store (wenshu corpus add) whose documents join the files named.") var store: String?
    @Option(name: .customLong("kind"), help: "With --store: the kinds of stored documents to include (template, report, draft); repeatable. Default: report.") var kinds: [ArchiveKind] = []
    @Option(help: "The language of the HTML page's own words: en or zh (中文).") var lang: ReportLanguage = .en
    @OptionGroup var jobs: JobsOption
    @OptionGroup var dictionaryOptions: DictionaryOptions

    func validate() throws {
        if store != nil && !byYear { throw ValidationError("--store adds the archive's years to --by-year; give --by-year too") }
        if store == nil && !kinds.isEmpty { throw ValidationError("--kind selects stored documents; give --store too") }
        if !terms.isEmpty && !byYear { throw ValidationError("--term follows a term across years; give --by-year too") }
        if paths.isEmpty && store == nil { throw ValidationError("name at least one file or directory, or a corpus with --store and --by-year") }
    }

    struct DocumentEntry: Encodable {
        struct Paragraph: Encodable { let line: Int; let themes: [String] }
        let file: String
        let index: Int
        let title: String?
        let year: Int?
        let themes: [ThemeShare]
        let paragraphs: [Paragraph]
    }

    func run() throws {
        if format == .html && !byYear { throw ValidationError("--format html needs --by-year") }
        let dictionaries = try dictionaryOptions.locate()
        let library = try TaxonomyLibrary.load(directory: dictionaries.url("themes"))
        // Followed terms are cut out whole, so that a term the segmenter would split is counted.
        let extractor = try KeywordExtractor(dictionaries: dictionaries, idfFile: idf.map { URL(fileURLWithPath: $0) }, userWords: terms)
        let files = try InputFiles.expand(paths, extensions: Set(InputFormat.byExtension.keys))
        // The taxonomy: --themes (a bundled name, or a file that extends the default taxonomy),
        // else the one for the documents' kind (TaxonomyLibrary.select, as check and serve).
        var preread: [SourceDocument]? = nil
        let selection = try library.select(override: themes) {
            let genres = try GenreReader(dictionaries: dictionaries)
            let tokenizer = extractor.tokenizer
            // Each file is read once: kept for the second pass.
            let first = try parallelMap(files.count, workers: jobs.workers(tokenizer) { try $0.copy() }) { tokenizer, k in
                let source = try InputReader.read(files[k])
                return (source, genres.kinds(of: try tokenizer.normalize(source.text)))
            }
            preread = first.map(\.0)
            return first.flatMap(\.1)
        }
        let taxonomy = selection.taxonomy
        let taxonomyNote = selection.note
        let reader = TopicReader(extractor: extractor, taxonomy: taxonomy)
        let prereadSources = preread
        // Files are read and their topics found on `--jobs` threads, each with its own reader.
        let read = try parallelMap(files.count, workers: jobs.workers(reader) { try $0.copy() }) { reader, k in
            let source = try prereadSources?[k] ?? InputReader.read(files[k])
            return (source, try reader.read(source))
        }
        let sources = read.map(\.0)
        var documents = read.flatMap(\.1)
        var storedUndated = 0
        if let store {
            // The archive's years; a file named here and stored too is counted once, from the file.
            let archive = try CorpusArchives.open(store)
            let stored = try archive.topicYears(reader: reader, kinds: kinds.isEmpty ? [.report] : kinds,
                                                excludingFiles: Set(sources.map { URL(fileURLWithPath: $0.file).standardizedFileURL.path }),
                                                excludingFileHashes: Set(sources.map(CorpusIndexer.fileHash)))
            documents += stored.years
            storedUndated = stored.undated
        }
        var text: String
        if byYear {
            var settings = TrendReport.Settings()
            settings.top = top
            settings.tracked = terms
            let report = TrendReport.build(documents: documents, taxonomy: taxonomy, settings: settings)
            switch format {
            case .text:
                text = "taxonomy: \(taxonomyNote)\n" + report.text()
                let undated = documents.filter { $0.year == nil }
                if !undated.isEmpty { text += "without a year (left out): " + undated.map { "\($0.file)#\($0.index + 1)" }.joined(separator: ", ") + "\n" }
                if storedUndated > 0 { text += "stored documents without a year (left out): \(storedUndated)\n" }
            case .json: text = try JSONReport.encode(report) + "\n"
            case .html: text = HTMLTrendChart.html(report, themes: taxonomy.names, language: lang)
            }
        } else {
            let entries = documents.map { d in
                DocumentEntry(file: d.file, index: d.index, title: d.title, year: d.year,
                              themes: taxonomy.ranked(taxonomy.normalizedShares(d.themeWeights)),
                              paragraphs: d.paragraphs.map { .init(line: $0.line, themes: $0.themes) })
            }
            switch format {
            case .json: text = try JSONReport.encode(entries) + "\n"
            default:
                text = "taxonomy: \(taxonomyNote)\n"
                for e in entries {
                    text += "\(e.file) [\(e.index + 1)] \(e.title ?? "")\(e.year.map { " (\($0))" } ?? "")\n"
                    text += "  themes: " + e.themes.prefix(6).map { "\($0.theme) \(Int(($0.share * 100).rounded()))%" }.joined(separator: ", ") + "\n"
                }
            }
        }
        if let output {
            try OutputFile.write(text, to: output)
        } else {
            print(text, terminator: "")
        }
    }
}
