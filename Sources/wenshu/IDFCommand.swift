import ArgumentParser
import Foundation
import WenshuAnalysis
import WenshuText

struct IDFCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "idf",
        abstract: "Build IDF tables for keyword extraction.",
        subcommands: [Build.self]
    )

    struct Build: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Build an IDF table (and its phrases) from a corpus: one document a file.",
            discussion: """
            Reads every .txt file under the paths given (one file, one document), segments it \
            as `wenshu keywords` does (mostly-Traditional files are converted to Simplified), \
            learns multi-word phrases from adjacent tokens (count ≥ --min-count in ≥ \
            --min-documents files with PMI ≥ --min-pmi, making up ≥ --min-association of the rarer \
            token's occurrences), merges them and the phrases each file repeats itself, and writes `word idf` \
            lines with idf = ln(N / df) after a header line '# wenshu idf: documents N'. The \
            phrases go to the same path with the extension .phrases (unless --no-phrases); \
            `wenshu keywords --idf FILE` loads both.
            """
        )

        @Argument(help: "Files or directories of .txt files.") var paths: [String]
        @Option(name: .shortAndLong, help: "The IDF table to write.") var output: String
        @Option(name: .customLong("min-count"), help: "Phrases: times a phrase must occur.") var minCount = 3
        @Option(name: .customLong("min-documents"), help: "Phrases: files a phrase must occur in.") var minDocuments = 2
        @Option(name: .customLong("min-pmi"), help: "Phrases: least pointwise mutual information (nats).") var minPMI = 3.0
        @Option(name: .customLong("min-association"), help: "Phrases: least share of the rarer token's occurrences the phrase makes up.") var minAssociation = 0.2
        @Flag(name: .customLong("no-phrases"), help: "Do not learn phrases.") var noPhrases = false
        @Option(name: .customLong("lexicon"), help: "A user lexicon for segmentation; repeatable.") var lexicons: [String] = []
        @OptionGroup var jobs: JobsOption
        @OptionGroup var dictionaryOptions: DictionaryOptions

        func run() throws {
            let dictionaries = try dictionaryOptions.locate()
            let files = try InputFiles.expand(paths, extensions: ["txt"])
            guard !files.isEmpty else { throw ValidationError("no .txt files under \(paths.joined(separator: ", "))") }
            let tokenizer = try TermTokenizer(dictionaries: dictionaries, userLexicons: lexicons.map { URL(fileURLWithPath: $0) })
            let filter = try KeywordFilter.load(dictionaries: dictionaries)
            var documents = try parallelMap(files.count, workers: jobs.workers(tokenizer) { try $0.copy() }) { tokenizer, k in
                try tokenizer.sequence(of: DocumentReader.read(files[k], allowEmpty: true).text)
            }
            var phrases = PhraseSet.empty
            if !noPhrases {
                var settings = PhraseSet.Learning()
                settings.minCount = minCount
                settings.minDocuments = minDocuments
                settings.minPMI = minPMI
                settings.minAssociation = minAssociation
                phrases = PhraseSet.learn(from: documents, filter: filter, settings: settings)
                documents = documents.map(phrases.merge)
            }
            // As `wenshu keywords` sees documents: with the phrases each repeats merged too.
            documents = documents.map { PhraseSet.withinDocument($0, filter: filter) }
            let table = IDFTable.build(from: documents)
            let out = URL(fileURLWithPath: output)
            let note = ["built by `wenshu idf build` from \(files.count) file(s); idf = ln(N / df); words not listed get the median, \(String(format: "%.6f", table.median))"]
            try table.write(to: out, comment: note)
            var message = "wenshu: wrote \(table.values.count) words from \(files.count) documents to \(output)"
            if !noPhrases {
                let phraseFile = PhraseSet.companion(ofIDF: out)
                try phrases.write(to: phraseFile, comment: ["learned by `wenshu idf build` from \(files.count) file(s): min-count \(minCount), min-documents \(minDocuments), min-pmi \(minPMI), min-association \(minAssociation)"])
                message += " and \(phrases.phrases.count) phrases to \(phraseFile.path)"
            }
            FileHandle.standardError.write(Data((message + "\n").utf8))
        }
    }
}
