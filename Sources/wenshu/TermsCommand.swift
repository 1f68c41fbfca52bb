import ArgumentParser
import Foundation
import WenshuAnalysis
import WenshuText

struct TermsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "terms",
        abstract: "Find new domain terms in a corpus.",
        subcommands: [Discover.self, Phrases.self]
    )

    struct Discover: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Discover terms by cohesion (PMI) and boundary entropy; write them as a lexicon.",
            discussion: """
            Reads every .txt file under the paths given. A term must occur at least --min-count \
            times, every split of it must have a pointwise mutual information of at least \
            --min-cohesion, and the characters before and after it must have an entropy of at \
            least --min-entropy. Terms the segmenter already keeps whole are left out unless \
            --all is given. The output is a lexicon (word count tag) that `wenshu segment \
            --lexicon` loads.
            """
        )

        @Argument(help: "Files or directories of .txt files.") var paths: [String]
        @Option(name: .customLong("min-count")) var minCount = 3
        @Option(name: .customLong("min-cohesion")) var minCohesion = 3.0
        @Option(name: .customLong("min-entropy")) var minEntropy = 1.2
        @Option(name: .customLong("max-length")) var maxLength = 8
        @Option(name: .customLong("min-alignment"), help: "The least share of a term's occurrences that must start and end on the segmenter's token boundaries (drops fragments such as 民收入 from 国民收入).")
        var minAlignment = 0.5
        @Flag(name: .customLong("all"), help: "Keep terms the segmenter already keeps whole.") var all = false
        @Flag(name: .customLong("to-simplified")) var toSimplified = false
        @Option(name: .shortAndLong, help: "The lexicon to write (default: standard output).") var output: String?
        @OptionGroup var dictionaryOptions: DictionaryOptions

        func run() throws {
            let dictionaries = try dictionaryOptions.locate()
            let files = try InputFiles.expand(paths, extensions: ["txt"])
            var discovery = TermDiscovery()
            discovery.minCount = minCount
            discovery.minCohesion = minCohesion
            discovery.minBoundaryEntropy = minEntropy
            discovery.maxLength = maxLength
            let stop = try WordList.load(contentsOf: dictionaries.stopWords).filter { $0.unicodeScalars.count == 1 }
            discovery.edgeStopCharacters = Set(stop.flatMap { $0.unicodeScalars.map(\.value) })
            var options = NormalizationOptions(toSimplified: toSimplified, rejoinWrappedLines: true)
            if toSimplified { options.variants = try SimplifiedVariants.load(contentsOf: dictionaries.simplifiedVariants) }
            let normalizer = try Normalizer(options: options)
            var texts: [NormalizedText] = []
            for f in files {
                let text = try DocumentReader.read(f, allowEmpty: true).text
                let normalized = try normalizer.normalize(text)
                discovery.add(normalized.scalars)
                texts.append(normalized)
            }
            let segmenter = try Segmenter(dictionaries: dictionaries)
            let functionCharacters = Set(try WordList.load(contentsOf: dictionaries.functionCharacters).flatMap { $0.unicodeScalars.map(\.value) })
            let found = try TermAlignment.keep(discovery.terms(), in: texts, segmenter: segmenter,
                                               minAlignment: minAlignment, functionCharacters: functionCharacters)
            var lines = ["# Terms discovered by `wenshu terms discover` from \(files.count) file(s)",
                         "# min-count \(minCount), min-cohesion \(minCohesion), min-entropy \(minEntropy), max-length \(maxLength), min-alignment \(minAlignment)",
                         "# format: word count tag (tag nz: discovered term)"]
            var kept = 0
            for t in found {
                if !all {
                    let tokens = try segmenter.segment(t.term)
                    if tokens.count == 1 { continue }
                }
                lines.append("\(t.term) \(t.count) nz")
                kept += 1
            }
            let text = lines.joined(separator: "\n") + "\n"
            if let output {
                try OutputFile.write(text, to: output)
                FileHandle.standardError.write(Data("wenshu: wrote \(kept) terms to \(output)\n".utf8))
            } else {
                print(text, terminator: "")
            }
        }
    }

    struct Phrases: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Propose multi-word terms (数字 + 经济) learned from a corpus, with their evidence, for term granularity.",
            discussion: """
            Reads the files named (directories: every file under them Wenshu can read), cuts them \
            into words (word granularity) and learns the terms that are several words: adjacent \
            words that occur at least --min-count times in at least --min-documents documents, \
            with a pointwise mutual information of at least --min-pmi nats at every split and \
            making up at least --min-association of the rarer side's occurrences, whose neighbours \
            on both sides have an entropy of at least --min-entropy nats (stable boundaries: used \
            in many contexts), and that the keyword filter takes for a term (no verb phrase, \
            number or placeholder). Prints each with its evidence; `known` marks those term \
            granularity keeps whole already (a word of the lexicon, or on lexicon/terms.txt). \
            -o FILE writes the others as a term list (the format of lexicon/terms.txt, the \
            evidence as comments): put it at lexicon/terms-learned.txt of a dictionaries folder \
            and `segment --granularity term`, keywords and themes join them.
            """
        )
        enum Format: String, ExpressibleByArgument { case text, json }

        @Argument(help: "Files or directories.") var paths: [String]
        @Option(name: .customLong("min-count")) var minCount = 3
        @Option(name: .customLong("min-documents")) var minDocuments = 3
        @Option(name: .customLong("min-pmi")) var minPMI = 3.0
        @Option(name: .customLong("min-association")) var minAssociation = 0.2
        @Option(name: .customLong("min-entropy")) var minEntropy = 1.0
        @Option(help: "text (a table for review) or json.") var format: Format = .text
        @Option(name: .shortAndLong, help: "Write the proposed terms (not the known ones) as a term list to this file.") var output: String?
        @OptionGroup var dictionaryOptions: DictionaryOptions

        func validate() throws {
            if minCount < 1 || minDocuments < 1 { throw ValidationError("--min-count and --min-documents must be at least 1") }
        }

        func run() throws {
            let dictionaries = try dictionaryOptions.locate()
            let files = try InputFiles.expand(paths, extensions: Set(InputFormat.byExtension.keys))
            let words = try Segmenter(dictionaries: dictionaries, granularity: .word)
            let tokenizer = try TermTokenizer(segmenter: words, variants: SimplifiedVariants.load(contentsOf: dictionaries.simplifiedVariants))
            let documents = try files.map { try tokenizer.sequence(of: InputReader.read($0).text) }
            var settings = TermLearner.Settings()
            settings.minCount = minCount
            settings.minDocuments = minDocuments
            settings.minPMI = minPMI
            settings.minAssociation = minAssociation
            settings.minEntropy = minEntropy
            var terms = TermLearner.learn(from: documents, filter: try KeywordFilter.load(dictionaries: dictionaries), settings: settings)
            var list = LexiconBuilder()
            try list.load(contentsOf: dictionaries.url("lexicon/terms.txt"))
            let termList = list.build()
            for k in terms.indices {
                let tokens = try words.segment(terms[k].term).filter { $0.kind != .space }
                terms[k].known = termList.contains(terms[k].term) || tokens.count == 1
            }
            let proposed = terms.filter { !$0.known }
            switch format {
            case .json: print(try JSONReport.encode(terms))
            case .text:
                print("\(terms.count) terms learned from \(files.count) file(s), \(proposed.count) not kept whole by term granularity yet")
                print("term\twords\tcount\tdocuments\tPMI\tassociation\tleft entropy\tright entropy\tknown")
                for t in terms {
                    print([t.term, t.parts.joined(separator: "+"), String(t.count), String(t.documents), String(format: "%.2f", t.pmi),
                           String(format: "%.2f", t.association), String(format: "%.2f", t.leftEntropy), String(format: "%.2f", t.rightEntropy),
                           t.known ? "known" : "new"].joined(separator: "\t"))
                }
            }
            if let output {
                var lines = ["# Terms learned by `wenshu terms phrases` from \(files.count) file(s): min-count \(minCount), min-documents \(minDocuments), min-pmi \(minPMI), min-association \(minAssociation), min-entropy \(minEntropy).",
                             "# Term granularity joins the words into these terms (lexicon/terms-learned.txt). Format: word count tag (nz: learned);",
                             "# the comment above each entry is its evidence: words, documents, PMI and association at the weakest split, neighbour entropies."]
                for t in proposed {
                    lines.append(String(format: "# %@: %d documents, PMI %.2f, association %.2f, entropy %.2f / %.2f",
                                        t.parts.joined(separator: " + "), t.documents, t.pmi, t.association, t.leftEntropy, t.rightEntropy))
                    lines.append("\(t.term) \(t.count) nz")
                }
                try OutputFile.write((lines.joined(separator: "\n") + "\n"), to: output)
                FileHandle.standardError.write(Data("wenshu: wrote \(proposed.count) terms to \(output)\n".utf8))
            }
        }
    }
}
