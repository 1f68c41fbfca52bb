import Foundation

// Writes WenshuAnalysis's registry of rules and finding kinds (run by the RuleRegistry build
// plugin; usage: RuleRegistryGenerator OUTPUT SOURCE…). It reads the sources as text:
// - a rule is a type declared `struct|final class|enum NAME: … RegisteredRule …` (or
//   `extension NAME: … RegisteredRule`) at the start of a line;
// - a kind is a `static let NAME = FindingKind(…` inside an `extension FindingKind {` block
//   (the block ends at a `}` in column 0).
// Files are read in path order, declarations in file order; the analyzer orders rules by
// their `order`.

let args = CommandLine.arguments.dropFirst()
guard let outputPath = args.first else {
    FileHandle.standardError.write(Data("usage: RuleRegistryGenerator OUTPUT SOURCE…\n".utf8))
    exit(2)
}
let sources = args.dropFirst().sorted()

func firstCapture(_ pattern: String, _ line: String) -> String? {
    guard let re = try? NSRegularExpression(pattern: pattern),
          let m = re.firstMatch(in: line, range: NSRange(line.startIndex..., in: line)),
          let r = Range(m.range(at: 1), in: line) else { return nil }
    return String(line[r])
}

var rules: [String] = []
var kinds: [String] = []
for path in sources {
    guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
        FileHandle.standardError.write(Data("RuleRegistryGenerator: cannot read \(path)\n".utf8))
        exit(1)
    }
    var inKinds = false
    for line in text.components(separatedBy: "\n") {
        if line.hasPrefix("extension FindingKind {") { inKinds = true; continue }
        if inKinds && line.hasPrefix("}") { inKinds = false; continue }
        if inKinds, let name = firstCapture(#"^\s+(?:public\s+)?static\s+let\s+(\w+)\s*=\s*FindingKind\("#, line) {
            if !kinds.contains(name) { kinds.append(name) }
        }
        if let name = firstCapture(#"^(?:public\s+)?(?:final\s+)?(?:struct|class|enum|extension)\s+(\w+)\s*:[^{]*\bRegisteredRule\b"#, line) {
            if !rules.contains(name) { rules.append(name) }
        }
    }
}

let out = """
// Generated at build time by RuleRegistryGenerator (the RuleRegistry plugin) from the sources of
// WenshuAnalysis. Do not edit: declare a rule `: RegisteredRule` and its kinds in an
// `extension FindingKind { public static let … }` in the rule's own file.

extension FindingKind {
    /// Every kind declared in WenshuAnalysis, in the order of the files and declarations.
    public static var declared: [FindingKind] {
        [\(kinds.map { "." + $0 }.joined(separator: ", "))]
    }
}

extension RuleRegistry {
    /// Every rule type of WenshuAnalysis (`: RegisteredRule`), in file order.
    public static var types: [any RegisteredRule.Type] {
        [\(rules.map { $0 + ".self" }.joined(separator: ", "))]
    }
}

"""
let url = URL(fileURLWithPath: outputPath)
if (try? String(contentsOf: url, encoding: .utf8)) != out {
    do { try out.write(to: url, atomically: true, encoding: .utf8) } catch {
        FileHandle.standardError.write(Data("RuleRegistryGenerator: cannot write \(outputPath): \(error)\n".utf8))
        exit(1)
    }
}
