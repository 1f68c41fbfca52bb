import ArgumentParser
import Foundation
import WenshuAnalysis
import WenshuStore
import WenshuText

struct ReferenceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reference",
        abstract: "Build the reference model of official language used by the spin check.",
        subcommands: [Build.self]
    )

    struct Build: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Count the character n-grams (1–4 Han characters) of genuine reports: one document a file.",
            discussion: """
            Reads every .txt file under the paths given (mostly-Traditional files are converted \
            to Simplified), counts every run of 1 to 4 Han characters, drops those seen fewer than \
            --min-count times, and writes `n-gram<TAB>count` lines after a header \
            '# wenshu reference: documents N characters C'. The shipped model, \
            dictionaries/reference/govreports.ngrams, was built by \
            `wenshu reference build ../shared/corpus/govreports -o dictionaries/reference/govreports.ngrams`. \
            Build one from your own archive of genuine reports and put it in place of the shipped \
            file (or in a copy of the dictionaries folder passed with --dictionaries) so the spin \
            check knows your reports' language. With --store, the reports of a corpus store (`wenshu corpus add --kind report`) are counted too, or alone when no path is given.
            """
        )

        @Argument(help: "Files or directories of .txt files.") var paths: [String] = []
        @Option(name: .customLong("store"), help: "A corpus store whose stored reports are counted too.") var store: String?
        @Option(name: .shortAndLong, help: "The model to write.") var output: String
        @Option(name: .customLong("min-count"), help: "Least count of an n-gram kept.") var minCount = 2
        @OptionGroup var dictionaryOptions: DictionaryOptions

        func run() throws {
            let dictionaries = try dictionaryOptions.locate()
            guard !paths.isEmpty || store != nil else { throw ValidationError("name at least one file or directory, or a corpus store with --store") }
            let files = paths.isEmpty ? [] : try InputFiles.expand(paths, extensions: ["txt"])
            guard !files.isEmpty || paths.isEmpty else { throw ValidationError("no .txt files under \(paths.joined(separator: ", "))") }
            guard minCount >= 1 else { throw ValidationError("--min-count must be at least 1") }
            let tokenizer = try TermTokenizer(dictionaries: dictionaries)
            var texts = try files.map { try tokenizer.normalize(DocumentReader.read($0, allowEmpty: true).text).string }
            if let store {
                let archive = try CorpusArchives.open(store)
                for d in try archive.list(kind: .report, year: nil) { texts.append(try tokenizer.normalize(archive.document(id: d.id).text).string) }
            }
            guard !texts.isEmpty else { throw ValidationError("no documents to count: the store holds no reports") }
            let model = ReferenceModel.build(texts: texts).pruned(minCount: minCount)
            try model.write(to: URL(fileURLWithPath: output), comment: [
                "built by `wenshu reference build` from \(texts.count) document(s): Han character n-grams of 1–4 characters seen at least \(minCount) times; format n-gram<TAB>count",
            ])
            FileHandle.standardError.write(Data("wenshu: wrote \(model.counts.count) n-grams from \(texts.count) documents to \(output)\n".utf8))
        }
    }
}
