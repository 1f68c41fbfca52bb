import ArgumentParser
import Foundation
import WenshuAnalysis
import WenshuText

struct TermsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "terms",
        abstract: "Find new domain terms in a corpus.",
        subcommands: [Discover.self]
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
                do { try text.write(toFile: output, atomically: true, encoding: .utf8) } catch {
                    throw ValidationError("cannot write \(output): \(error.localizedDescription)")
                }
                FileHandle.standardError.write(Data("wenshu: wrote \(kept) terms to \(output)\n".utf8))
            } else {
                print(text, terminator: "")
            }
        }
    }
}
