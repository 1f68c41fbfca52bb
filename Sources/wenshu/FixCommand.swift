import ArgumentParser
import Foundation
import WenshuAnalysis
import WenshuText

struct FixCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fix",
        abstract: "Apply the fixes that need no person: watermark characters, page junk, spun phrases.",
        discussion: """
        Checks FILE, puts in the replacements of the kinds marked `wenshu fix: yes` in \
        `wenshu kinds` (deletes anti-copy watermark characters and template-site junk, turns spun \
        phrases back into their common form), checks again until nothing is left to fix, and \
        writes the text to OUT (or standard output). What it changed goes to standard error \
        (standard output with -o). Placeholders, missing sections and numbering stay for a person. \
        A .docx is written out as plain text.
        """
    )

    @Argument(help: "The file to fix (.txt or .docx); - reads standard input.") var file: String
    @Option(name: .shortAndLong, help: "Write the fixed text here (UTF-8) instead of standard output.") var output: String?
    @OptionGroup var options: AnalysisOptions

    func run() throws {
        let source = try options.read(file)
        let (text, changes) = try Fixer(analyzer: options.analyzer()).fix(source)
        var log = ""
        for c in changes {
            let shown = c.new.isEmpty ? "deleted" : "→ \(c.new)"
            log += "\(source.file):\(c.line):\(c.column): [\(c.kind)] \(c.old.replacingOccurrences(of: "\n", with: "⏎")) \(shown)" + (c.pass > 1 ? " (pass \(c.pass))" : "") + "\n"
        }
        log += "\(changes.count) change\(changes.count == 1 ? "" : "s")\n"
        if let output {
            try OutputFile.write(text, to: output)
            print(log, terminator: "")
        } else {
            print(text, terminator: "")
            FileHandle.standardError.write(Data(log.utf8))
        }
    }
}

struct KindsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kinds",
        abstract: "List the finding kinds `wenshu check` reports, with their default severity and meaning.")

    @Option(help: "Output format: text or markdown (the README's table).") var format: KindsFormat = .text
    @Option(help: "The language of labels and explanations: en or zh.") var lang: ReportLanguage = .en
    @Option(name: .customLong("update"),
            help: "Write the markdown table into this file (README.md) between its <!-- kinds:begin --> and <!-- kinds:end --> lines.")
    var updateFile: String?
    @OptionGroup var dictionaryOptions: DictionaryOptions

    enum KindsFormat: String, ExpressibleByArgument { case text, markdown }

    func run() throws {
        let registry = try Analyzer(dictionaries: dictionaryOptions.locate()).findingKinds
        if let updateFile {
            let url = URL(fileURLWithPath: updateFile)
            let text: String
            do throws(DataFile.Unreadable) { text = try DataFile.text(of: url) } catch {
                throw ValidationError("cannot read \(updateFile): \(error.reason)")
            }
            guard let updated = registry.replacingTable(in: text) else {
                throw ValidationError("\(updateFile) has no <!-- kinds:begin --> … <!-- kinds:end --> lines to put the table between")
            }
            if updated != text { try OutputFile.write(updated, to: updateFile) }
            print(updated == text ? "\(updateFile): the table of kinds is up to date" : "\(updateFile): the table of kinds was rewritten")
            return
        }
        switch format {
        case .markdown: print(registry.markdownTable, terminator: "")
        case .text:
            for k in registry.kinds {
                print("\(k.id)\t\(k.severity.rawValue)\t\(k.scope.rawValue)\(k.safeFix ? "\tfix" : "")\t\(k.label.text(in: lang)): \(k.explanation.text(in: lang))")
            }
        }
    }
}
