import ArgumentParser
import Foundation
import WenshuAnalysis

/// `wenshu structures`: the reference structures `check` knows, with their parts.
struct StructuresCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "structures",
        abstract: "List the reference structures (genres) check knows, with their parts.",
        discussion: """
        Each structure is read from a YAML file in the dictionaries' structures/ folder; an \
        office adds its own by putting a file there (or passes one with check --structure FILE). \
        The name is what check --structure NAME takes.
        """
    )

    @Option(help: "Output format: text or json.") var format: ReportFormat = .text
    @OptionGroup var dictionaryOptions: DictionaryOptions

    func run() throws {
        let library = try StructureLibrary.load(directory: dictionaryOptions.locate().url("structures"))
        let structures = library.structures.sorted { ($0.priority, $0.name) > ($1.priority, $1.name) }
        switch format {
        case .json:
            print(try JSONReport.encode(structures))
        case .text:
            var out = ""
            for s in structures {
                out += "\(s.name)  (\(s.kind.rawValue), priority \(s.priority))\n"
                out += "  title: \(s.match.joined(separator: " | "))\n"
                if let o = s.opening, !o.isEmpty { out += "  opening: \(o.joined(separator: " | "))\n" }
                for (k, section) in s.sections.enumerated() {
                    out += "  \(k + 1). \(section.name)  \(section.required ? "required" : "optional")"
                    out += section.headings.isEmpty ? "\n" : "  headings: \(section.headings.joined(separator: "、"))\n"
                }
                if let source = s.source { out += "  source: \(source)\n" }
                if let file = s.file { out += "  file: \(file)\n" }
                out += "\n"
            }
            print(out, terminator: "")
        }
    }
}
