import ArgumentParser
import Foundation
import WenshuAnalysis
import WenshuStore
import WenshuText

extension ArchiveKind: ExpressibleByArgument {}

/// `--store PATH|URL` of the corpus commands (default: $WENSHU_STORE, else the user's data directory).
struct StoreOptions: ParsableArguments {
    @Option(name: .customLong("store"), help: "The corpus store: an SQLite file, or a postgres://user@host:port/db URL (default: $WENSHU_STORE, else $XDG_DATA_HOME/wenshu/corpus.sqlite or ~/.local/share/wenshu/corpus.sqlite).")
    var store: String?

    var path: String { CorpusArchives.location(store) }

    func open(create: Bool = false) throws -> any CorpusArchive { try CorpusArchives.open(path, create: create) }
}

struct CorpusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "corpus",
        abstract: "The archive: an embedded SQLite store of documents, fingerprints and term counts.",
        discussion: """
        One SQLite file (WAL mode: reading while an import runs is fine). `check --store` and \
        `compare --store` detect copied passages against it. Exit status 0, or 2 on errors.
        """,
        subcommands: [Add.self, List.self, Show.self, Remove.self, Stats.self]
    )

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add files and folders (.txt, .docx, .doc, .wps, .odt, .rtf, .pdf); each page is split into its documents.",
            discussion: """
            Files are committed in transactions of whole files, about one a second, so a killed \
            import keeps every file committed and nothing half-done. Content already stored is \
            skipped; a file stored before whose content changed replaces its old documents. A file \
            that cannot be read is said and skipped, the others are imported, and the exit status \
            is 2.
            """
        )
        @Argument(help: "Files or folders.") var paths: [String]
        @Option(help: "template, report or draft.") var kind: ArchiveKind = .report
        @Option(help: "The year the documents are about (default: from each document's text or file name).") var year: Int?
        @Option(help: "The organisation the documents are from.") var org: String?
        @Flag(name: .customLong("no-terms"), help: "Do not count terms (faster; the store then has no term statistics for these documents).") var noTerms = false
        @OptionGroup var storeOptions: StoreOptions
        @OptionGroup var jobs: JobsOption
        @OptionGroup var dictionaryOptions: DictionaryOptions

        func run() throws {
            let files = try CorpusIndexer.files(under: paths)
            let store = try storeOptions.open(create: true)
            try store.requireWritable()
            let indexer = try CorpusIndexer(dictionaries: dictionaryOptions.locate(), countTerms: !noTerms)
            let importer = CorpusImporter(store: store, kind: kind, org: org)
            var unchanged = 0
            var unreadable = 0
            // Files are read and indexed on `--jobs` threads, a batch at a time, and handed to
            // the importer's writer in file order. A file that cannot be read or analysed is said
            // on standard error and skipped — one bad file in an archive of hundreds does not stop
            // the import — and the exit status is 2; an error of the store stops the import after
            // the files before it, as with one thread.
            let indexers = try jobs.workers(indexer) { try $0.copy() }
            do {
                var start = 0
                while start < files.count {
                    // A first small batch, so that the first file is committed within seconds.
                    let size = start == 0 ? indexers.count : 4 * indexers.count
                    let batch = Array(files[start..<min(files.count, start + size)])
                    start += batch.count
                    let prepared = try parallelMap(batch.count, workers: indexers) { indexer, k in
                        Result { () throws -> ImportOutcome in
                            let source: SourceDocument
                            do { source = try InputReader.read(batch[k]) } catch { return .unreadable(error) }
                            let hash = CorpusIndexer.fileHash(source)
                            if try store.isStored(sourcePath: source.file, fileHash: hash) { return .unchanged }
                            do {
                                return .prepared(PreparedFile(documents: try indexer.prepare(source, year: year), sourcePath: source.file, fileHash: hash))
                            } catch {
                                return .unreadable(error)
                            }
                        }
                    }
                    for result in prepared {
                        switch try result.get() {
                        case .prepared(let file): try importer.add(file)
                        case .unchanged: unchanged += 1
                        case .unreadable(let error):
                            unreadable += 1
                            FileHandle.standardError.write(Data("wenshu: not imported: \((error as? LocalizedError)?.errorDescription ?? "\(error)")\n".utf8))
                        }
                    }
                }
            } catch {
                // The files read before the store failed are stored, as when each file was its own transaction.
                _ = try? importer.finish()
                throw error
            }
            var total = try importer.finish()
            total.unchangedFiles += unchanged
            var message = "wenshu: \(files.count) file(s): \(total.added) document(s) added"
            if total.duplicates > 0 { message += ", \(total.duplicates) already stored" }
            if total.replaced > 0 { message += ", \(total.replaced) replaced (changed files)" }
            if total.unchangedFiles > 0 { message += ", \(total.unchangedFiles) file(s) unchanged" }
            if unreadable > 0 { message += ", \(unreadable) file(s) not imported (said above)" }
            print(message + " — \(store.path)")
            if unreadable > 0 { throw ExitCode(2) }
        }

        /// What became of one file of an import.
        enum ImportOutcome {
            case prepared(PreparedFile)
            /// Its content is stored already.
            case unchanged
            /// It could not be read or analysed: said, and skipped.
            case unreadable(Error)
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the stored documents.")
        @Option(help: "Only documents of this kind.") var kind: ArchiveKind?
        @Option(help: "Only documents of this year.") var year: Int?
        @Option(help: "Output format: text or json.") var format: ReportFormat = .text
        @OptionGroup var storeOptions: StoreOptions

        func run() throws {
            let docs = try storeOptions.open().list(kind: kind, year: year)
            switch format {
            case .json: print(try JSONReport.encode(docs))
            case .text:
                for d in docs {
                    print("\(d.id)\t\(d.kind.rawValue)\t\(d.year.map(String.init) ?? "-")\t\(d.title ?? "(untitled)")\t\(d.sourcePath)\(d.part > 0 ? "#\(d.part + 1)" : "")")
                }
            }
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show one stored document: metadata, sections, top terms and text.")
        @Argument(help: "The document's id (see `wenshu corpus list`).") var id: Int64
        @OptionGroup var storeOptions: StoreOptions

        func run() throws {
            let full = try storeOptions.open().document(id: id)
            let d = full.document
            print("#\(d.id) \(d.title ?? "(untitled)")")
            print("  kind \(d.kind.rawValue) · \(d.genre) · year \(d.year.map(String.init) ?? "unknown")\(d.org.map { " · \($0)" } ?? "")")
            print("  source \(d.sourcePath) (document \(d.part + 1) of the page, from character \(full.textStart)) · added \(d.addedAt)")
            print("  \(d.characters) characters, \(d.fingerprints) fingerprints · sha256 \(d.contentHash)")
            if !full.sections.isEmpty {
                print("  sections:")
                for s in full.sections { print("  " + String(repeating: "  ", count: s.level) + s.marker + s.title) }
            }
            if !full.topTerms.isEmpty { print("  terms: " + full.topTerms.map { "\($0.term) \($0.count)" }.joined(separator: " · ")) }
            print("")
            print(full.text)
        }
    }

    struct Remove: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Remove a stored document with its sections, fingerprints and term counts.")
        @Argument(help: "The document's id.") var id: Int64
        @OptionGroup var storeOptions: StoreOptions

        func run() throws {
            let store = try storeOptions.open()
            try store.requireWritable()
            try store.remove(id: id)
            print("wenshu: removed document \(id) from \(store.path)")
        }
    }

    struct Stats: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Count the stored documents by kind and year.")
        @Option(help: "Output format: text or json.") var format: ReportFormat = .text
        @OptionGroup var storeOptions: StoreOptions

        func run() throws {
            let store = try storeOptions.open()
            let s = try store.stats()
            switch format {
            case .json: print(try JSONReport.encode(s))
            case .text:
                print("\(store.path): \(s.documents) document(s), \(store.fileSize() / 1024) KB")
                print("  by kind: " + s.byKind.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: " · "))
                print("  by year: " + s.byYear.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: " · "))
            }
        }
    }
}
