import ArgumentParser
import Foundation
import WenshuAnalysis
import WenshuStore
import WenshuText

enum ReportFormat: String, ExpressibleByArgument { case text, json }

/// The formats of `wenshu check`: those of every report, and `html`, a self-contained page.
/// (A type of its own, so the commands that share ReportFormat need no html case.)
enum CheckFormat: String, ExpressibleByArgument { case text, json, html }

/// The formats of `wenshu check` alone: those and `docx`, the reviewed Word document.
enum CheckOutputFormat: String, ExpressibleByArgument { case text, json, html, docx }

/// Options shared by the commands that analyse documents.
struct AnalysisOptions: ParsableArguments {
    @Option(help: "Check every document against this structure: a name (see wenshu structures: 工作总结, 述职报告, 实施方案, 政府工作报告 …) or a YAML file.")
    var structure: String?
    @Option(help: "Force the input encoding (UTF-8, UTF-16LE, UTF-16BE, GB18030) instead of detecting it.")
    var encoding: TextEncoding?
    @Option(name: .customLong("templates"), help: "A template or earlier report (file or folder of .txt/.docx/.doc/.wps/.odt/.rtf/.pdf) to detect copied passages from; repeatable.")
    var templates: [String] = []
    @Option(help: "The language of messages, suggestions and the report's words: en or zh (中文). Default: en (serve: the page defaults to zh).")
    var lang: ReportLanguage?
    @Option(name: .customLong("rules"), help: "A rule file of your own (YAML: existence or substitution, see the README); repeatable.")
    var rules: [String] = []
    @Option(name: .customLong("reference"), help: "A reference model of your own archive (wenshu reference build DIR or --store STORE -o FILE) added to the shipped one for the spin check: collocations your reports use count as official wording; repeatable.")
    var references: [String] = []
    @OptionGroup var dictionaryOptions: DictionaryOptions

    func analyzer() throws -> Analyzer {
        let dictionaries = try dictionaryOptions.locate()
        let library = try StructureLibrary.load(directory: dictionaries.url("structures"))
        var forced: ReferenceStructure? = nil
        if let s = structure {
            if let named = library.named(s) { forced = named } else if FileManager.default.fileExists(atPath: s) {
                forced = try ReferenceStructure.load(contentsOf: URL(fileURLWithPath: s))
            } else {
                throw ValidationError("no structure named '\(s)' and no such file; known: \(library.structures.map(\.name).joined(separator: ", "))")
            }
        }
        var analyzer = try Analyzer(dictionaries: dictionaries, forcedStructure: forced, templates: templates.map { URL(fileURLWithPath: $0) })
        analyzer.language = lang ?? .en
        analyzer.rules += try rules.map { try DataRule.load(contentsOf: URL(fileURLWithPath: $0)) }
        for r in references { analyzer = analyzer.addingSpinReference(try ReferenceModel.load(contentsOf: URL(fileURLWithPath: r))) }
        return analyzer
    }

    func read(_ path: String) throws -> SourceDocument {
        if path == "-" { return try InputReader.readStandardInput(encoding: encoding) }
        return try InputReader.read(URL(fileURLWithPath: path), encoding: encoding)
    }
}

struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check documents for completeness and numbering.",
        discussion: """
        Splits each file into its documents (a scraped page may hold several), parses their \
        outline, checks numbering, and checks each against the reference structure of its genre, \
        chosen from its title, opening or outline (wenshu structures lists them), or none for a \
        text of no genre such as a news item or a speech; --structure NAME forces one. A file that \
        cannot be read is said and left out, and the others are checked. Exit status: 0 when no \
        finding has severity error, 1 when some do, 2 on usage or input errors (a file not read).
        """
    )

    @Argument(help: "Files to check (.txt in UTF-8/UTF-16/GB18030, .docx, .doc/.wps/.odt/.rtf through LibreOffice, .pdf through pdftotext); - reads standard input.") var files: [String]
    @Option(help: "Output format: text, json, html (one self-contained page: the text with findings marked, sections, outline, copied passages, themes), or docx (the document with a Word comment on each finding; needs -o and one file).")
    var format: CheckOutputFormat = .text
    @Option(name: .shortAndLong, help: "Write the report to this file instead of standard output.") var output: String?
    @OptionGroup var options: AnalysisOptions
    @Option(name: .customLong("store"), help: "A corpus store (an SQLite file or a postgres:// URL; wenshu corpus add) to detect copied passages from: its templates and reports of the draft's year or earlier.")
    var store: String?
    @Option(help: "The theme taxonomy of the HTML report: zhengfu or zhengxie (that bundled one) or a YAML file (extends the 政协 one). Default: chosen by the documents' kind, as wenshu themes chooses it.")
    var themes: String?
    @OptionGroup var jobs: JobsOption

    func run() throws {
        if themes != nil && format != .html { throw ValidationError("--themes is for --format html (the report's theme shares)") }
        let analyzer = try options.analyzer()
        if format == .docx { return try reviewed(analyzer) }
        // The HTML report's theme taxonomy (TaxonomyLibrary.select, as wenshu themes and serve):
        // --themes is read before any file is checked, so that a bad one stops the command.
        var library: TaxonomyLibrary? = nil
        var chosen: TaxonomyLibrary.Selection? = nil
        var unavailable: String? = nil
        if format == .html {
            do {
                library = try TaxonomyLibrary.load(directory: options.dictionaryOptions.locate().url("themes"))
                if let themes { chosen = try library?.select(override: themes) { [] } }
            } catch {
                if themes != nil { throw error }
                unavailable = (error as? LocalizedError)?.errorDescription ?? "\(error)"
            }
        }
        // Files are checked on `--jobs` threads, sharing one immutable analyzer; a store error
        // is thrown by the store's copy rule and ends the check.
        let corpus = try store.map { try CorpusArchives.open($0) }
        let swaps = try corpus.map { _ in try SwapUndoer.load(contentsOf: options.dictionaryOptions.locate().url("phrases/synonyms.txt")) }
        let checker = corpus.map { analyzer.adding(StoreCopyRule(store: $0, swaps: swaps)) } ?? analyzer
        let workers = [Analyzer](repeating: checker, count: files.contains("-") ? 1 : jobs.jobs)
        guard format == .html else { return try stream(workers) }
        // The HTML report is one page of every file (and their themes): it holds them all.
        let checked = try parallelMap(files.count, workers: workers) { worker, k in try check(k, worker) }
        var pages: [PageAnalysis] = []
        var notChecked: [String] = []
        for c in checked {
            switch c {
            case .page(let page): pages.append(page)
            case .unreadable(let error):
                Self.sayNotChecked(error)
                notChecked.append(Self.describe(error))
            }
        }
        // Not one file could be read: the error says so, and no report is written.
        if pages.isEmpty, !files.isEmpty { throw ExitCode(2) }
        let taxonomy = try chosen ?? library?.select(override: nil) { TaxonomyLibrary.kinds(of: pages) }
        let report = try HTMLReport.check(pages, themes: taxonomy?.taxonomy, themesUnavailable: unavailable, notChecked: notChecked)
        if let output {
            try OutputFile.write(report, to: output)
        } else {
            print(report, terminator: "")
        }
        if pages.count < files.count { throw ExitCode(2) }
        if pages.contains(where: { $0.worstSeverity == .error }) { throw ExitCode(1) }
    }

    /// One file checked, or the error that it could not be read.
    enum Checked {
        case page(PageAnalysis)
        /// It could not be read (damaged, empty, an encoding Wenshu cannot read…): said on
        /// standard error, left out of the report, and the exit status is 2.
        case unreadable(Error)
    }

    /// Reads and checks the `k`th file. An error of the analysis itself (the store's copy rule)
    /// is thrown and ends the check; a file that cannot be read is `.unreadable`.
    func check(_ k: Int, _ worker: Analyzer) throws -> Checked {
        let source: SourceDocument
        do { source = try options.read(files[k]) } catch { return .unreadable(error) }
        return .page(try worker.analyze(source))
    }

    static func describe(_ error: Error) -> String { (error as? LocalizedError)?.errorDescription ?? "\(error)" }

    static func sayNotChecked(_ error: Error) {
        FileHandle.standardError.write(Data("wenshu: \(describe(error))\n".utf8))
    }

    /// Text and JSON: each file's report is written as soon as it and those before it are done,
    /// and then let go, so that memory does not grow with the number of files (3,000 files held
    /// every analysis until the end; hostile tester, session 10). The bytes are those of the
    /// whole report made at once: text reports joined by a blank line; JSON one object for one
    /// file, else an array of them (JSONEncoder's pretty layout, two spaces deeper). A file that
    /// cannot be read is said on standard error in its turn and left out; the others are
    /// reported, and the exit status is 2. When no file could be read, or the check stops on an
    /// error (of the store), what was written stays (an array is closed, so it is valid JSON),
    /// except that a regular `-o` file is left as it was.
    func stream(_ workers: [Analyzer]) throws {
        var out = CheckReportStream(file: try output.map { try StreamedOutputFile(path: $0) })
        let array = format == .json && files.count != 1
        var anyError = false
        var written = 0, unreadable = 0
        do {
            if array { out.write("[") }
            try orderedStream(files.count, workers: workers, { worker, k in try check(k, worker) }, emit: { _, checked in
                guard case .page(let page) = checked else {
                    if case .unreadable(let error) = checked { Self.sayNotChecked(error) }
                    unreadable += 1
                    return
                }
                defer { written += 1 }
                if page.worstSeverity == .error { anyError = true }
                switch format {
                case .json:
                    let json = try JSONReport.encode(JSONReport.page(page))
                    if array {
                        out.write(written == 0 ? "\n" : ",\n")
                        // Two spaces deeper; the blank line inside an empty array stays blank.
                        for (n, line) in json.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                            if n > 0 { out.write("\n") }
                            if !line.isEmpty { out.write("  "); out.write(String(line)) }
                        }
                    } else {
                        out.write(json + "\n")
                    }
                default:
                    if written > 0 { out.write("\n") }
                    TextReport.check(page, into: &out)
                }
            })
            if array { out.write(written == 0 ? "\n\n]\n" : "\n]\n") }
        } catch {
            if array { out.write(written == 0 ? "\n\n]\n" : "\n]\n") }
            out.abandon()
            throw error
        }
        if written == 0 && unreadable > 0 {
            out.abandon()
            throw ExitCode(2)
        }
        try out.finish()
        if unreadable > 0 { throw ExitCode(2) }
        if anyError { throw ExitCode(1) }
    }

    /// --format docx: the reviewed document (ReviewedDocx) of one file, written to -o.
    func reviewed(_ analyzer: Analyzer) throws {
        guard let output else { throw ValidationError("--format docx writes a Word file: name it with -o FILE.docx") }
        guard files.count == 1 else { throw ValidationError("--format docx reviews one file at a time; \(files.count) were given") }
        let source = try options.read(files[0])
        var analyzer = analyzer
        if let store {
            let corpus = try CorpusStore(path: store, create: false)
            let swaps = try SwapUndoer.load(contentsOf: options.dictionaryOptions.locate().url("phrases/synonyms.txt"))
            analyzer = analyzer.adding(StoreCopyRule(store: corpus, swaps: swaps))
        }
        let page = try analyzer.analyze(source)
        let result = try ReviewedDocx.make(page, source: source, original: files[0] == "-" ? nil : URL(fileURLWithPath: files[0]))
        try OutputFile.write(result.data, to: output)
        if page.worstSeverity == .error { throw ExitCode(1) }
    }
}

struct OutlineCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "outline",
        abstract: "Print the outline (heading tree) of each document in a file."
    )

    @Argument(help: "The file (.txt, .docx, .doc, .wps, .odt, .rtf or .pdf); - reads standard input.") var file: String
    @Option(help: "Output format: text or json.") var format: ReportFormat = .text
    @OptionGroup var options: AnalysisOptions

    func run() throws {
        let page = try options.analyzer().analyze(options.read(file))
        switch format {
        case .text: print(TextReport.outline(page), terminator: "")
        case .json:
            let docs = JSONReport.page(page).documents.map { ["title": AnyEncodable($0.title), "outline": AnyEncodable($0.outline)] }
            print(try JSONReport.encode(docs))
        }
    }
}

/// Type-erased Encodable for small ad-hoc JSON objects.
struct AnyEncodable: Encodable, ExpressibleByStringLiteral {
    let encode: (Encoder) throws -> Void
    init<T: Encodable>(_ value: T) { encode = value.encode }
    init(stringLiteral value: String) { encode = value.encode }
    func encode(to encoder: Encoder) throws { try encode(encoder) }
}

extension ReportLanguage: ExpressibleByArgument {}
