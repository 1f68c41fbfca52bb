import ArgumentParser
import Foundation
import WenshuAnalysis
import WenshuStore
import WenshuText

struct CompareCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "Find passages of a draft copied from templates or earlier reports, with a copy ratio.",
        discussion: """
        Compares the draft with every document of the files and folders given (a scraped page \
        counts as its separate documents). Shared winnowed character fingerprints (punctuation \
        ignored) are seeds; each is extended both ways by a banded character alignment to where \
        the copy really ends, through formulas, and a passage needs 20 characters under \
        fingerprints that few library documents share, so a formula alone is not a copy. Reports \
        each copied passage (first to last aligned character) with its source and a similarity, \
        and the copy ratio (copied characters over all characters, like 知网查重's 复制比) for the \
        draft and for each of its top-level sections. With --all, compares a whole batch: every \
        document against every other (and --against or --store), ranked pairs with both ratios, \
        clusters, as text, json or html. Exit status 0, or 2 on input errors.
        """
    )

    @Argument(help: "The draft (.txt, .docx, .doc, .wps, .odt, .rtf or .pdf).") var draft: String?
    @Option(name: .customLong("all"), parsing: .upToNextOption, help: "Compare a whole batch: every document of these files and folders against every other (and against --against or --store when given).") var all: [String] = []
    @Option(name: .customLong("against"), parsing: .upToNextOption, help: "Templates or earlier reports: files or folders.") var against: [String] = []
    @Option(name: .customLong("store"), help: "Compare against a corpus store (wenshu corpus add) instead of files.") var store: String?
    @Option(help: "Output format: text or json (and html with --all).") var format: CheckFormat = .text
    @Option(name: .shortAndLong, help: "Write the report to this file instead of standard output.") var output: String?
    @OptionGroup var jobs: JobsOption
    @Option(help: "Force the draft's encoding.") var encoding: TextEncoding?
    @Option(help: "The language of messages: en or zh (中文).") var lang: ReportLanguage = .en
    @OptionGroup var dictionaryOptions: DictionaryOptions

    struct Section: Encodable { let title: String; let copyRatio: Double }
    struct Report: Encodable { let file: String; let copyRatio: Double; let sections: [Section]; let findings: [Finding] }

    func validate() throws {
        if !against.isEmpty && store != nil { throw ValidationError("give either --against or --store, not both") }
        // A draft beside --all is refused in run(): here it would hide a misspelt option before
        // it (`--all DIR --bogus FILE` made FILE the draft and said only "not both").
        if !all.isEmpty { return }
        if draft == nil { throw ValidationError("name a draft, or a batch with --all") }
        if against.isEmpty && store == nil { throw ValidationError("name at least one template file or folder with --against, or a corpus with --store") }
        if format == .html { throw ValidationError("--format html is for a batch (--all); a draft's copies are in wenshu check --format html") }
    }

    func run() throws {
        if let draft, !all.isEmpty {
            throw ValidationError("'\(draft)' was read as a draft, and --all was given too: compare either one draft (wenshu compare DRAFT --against … or --store …) or a batch (wenshu compare --all FILES…); put every file of a batch right after --all")
        }
        let swaps = try SwapUndoer.load(contentsOf: dictionaryOptions.locate().url("phrases/synonyms.txt"))
        guard let draft else { return try runBatch(swaps: swaps) }
        let source = try InputReader.read(URL(fileURLWithPath: draft), encoding: encoding)
        let library: CopyLibrary
        var analyzer: Analyzer
        if let store {
            // The store's candidates for the whole draft, picked once and used for every section.
            let plain = try Analyzer(structures: StructureLibrary(structures: []), rules: []).analyze(source)
            let candidates = try CorpusArchives.open(store).candidates(
                for: plain.documents.flatMap(\.paragraphs), swaps: swaps, draftYear: plain.documents.first?.years.year)
            library = candidates.library
            analyzer = Analyzer(structures: StructureLibrary(structures: []), rules: [CandidateCopyRule(candidates: candidates)])
        } else {
            library = try CopyLibrary.load(against.map { URL(fileURLWithPath: $0) }, swaps: swaps)
            analyzer = Analyzer(structures: StructureLibrary(structures: []), rules: [CopyRule(library: library)])
        }
        analyzer.language = lang
        let page = try analyzer.analyze(source)
        // The copy check's results, kept in each document: the matcher ran once per document.
        let results = page.documents.compactMap(\.copy)
        let ratio = CopyResult.ratio(of: results)
        let findings = page.documents.flatMap(\.findings).filter(FindingKind.copiedText.matches)
        // Per top-level section: the share of its characters inside copied passages.
        let sections = results.flatMap(\.sections).map { Section(title: $0.title, copyRatio: ($0.ratio * 1000).rounded() / 1000) }
        let report = Report(file: source.file, copyRatio: (ratio * 1000).rounded() / 1000, sections: sections, findings: findings)
        switch format {
        case .json: try write(try JSONReport.encode(report) + "\n")
        case .text, .html:
            var text = String(format: "%@: copy ratio %.1f%% against %d library document(s)\n", source.file, ratio * 100, library.documents.count)
            for s in sections { text += String(format: "  %@ %.1f%%\n", s.title, s.copyRatio * 100) }
            for f in findings {
                text += "\(source.file):\(f.line):\(f.column): \(f.message)\n"
                if let src = f.source { text += "    source: \(src.file) [\(src.range.start)..<\(src.range.end)]\n" }
            }
            try write(text)
        }
    }

    /// The report to `-o FILE` or standard output.
    func write(_ report: String) throws {
        if let output { try OutputFile.write(report, to: output) } else { print(report, terminator: "") }
    }

    /// `--all`: the batch's documents (then the references) in one library, compared at once.
    func runBatch(swaps: SwapUndoer) throws {
        let batch = try CopyLibrary.loadDocuments(all.map { URL(fileURLWithPath: $0) }, swaps: swaps)
        var docs = batch.map(\.document)
        var origins = batch.map { CopyBatch.Origin(file: $0.document.file, index: $0.index) }
        if !against.isEmpty {
            let refs = try CopyLibrary.loadDocuments(against.map { URL(fileURLWithPath: $0) }, swaps: swaps)
            // A file both in the batch and among the references is compared once, as batch.
            let inBatch = Set(batch.map { URL(fileURLWithPath: $0.document.file).standardizedFileURL.path })
            for r in refs where !inBatch.contains(URL(fileURLWithPath: r.document.file).standardizedFileURL.path) {
                docs.append(r.document)
                origins.append(CopyBatch.Origin(file: r.document.file, index: r.index))
            }
        }
        if let store {
            // The store's candidates for each batch document, each stored document once.
            let corpus = try CorpusArchives.open(store)
            var seen = Set<Int64>()
            for d in batch {
                let paragraphs = ParagraphSplitter.paragraphs(of: d.document.text).filter { p in
                    d.document.stream.offsets.first.map { Int($0) <= p.range.end } ?? false && d.document.stream.offsets.last.map { p.range.start <= Int($0) } ?? false
                }
                let c = try corpus.candidates(for: paragraphs, swaps: swaps)
                for (k, id) in c.ids.enumerated() where seen.insert(id).inserted {
                    docs.append(c.library.documents[k])
                    origins.append(CopyBatch.Origin(file: c.library.documents[k].file, index: 0, shift: c.textStarts[k]))
                }
            }
        }
        var library = CopyLibrary(documents: docs, swaps: swaps)
        library.commonOnlyMinimum = CopyBatch.commonOnlyMinimum
        let result = try CopyBatch.compare(library: library, batchCount: batch.count, origins: origins, workers: jobs.jobs)
        switch format {
        case .json: try write(try JSONReport.encode(result) + "\n")
        case .text: try write(CopyBatchReport.text(result, batchCount: batch.count))
        case .html:
            try write(CopyBatchReport.html(result, batchCount: batch.count, texts: { i, r in
                let d = library.documents[i], shift = origins[i].shift
                let local = TextRange(start: max(0, r.start - shift), end: max(0, r.end - shift))
                return local.end <= d.text.source.count ? d.text.source.text(in: local) : ""
            }))
        }
    }
}
