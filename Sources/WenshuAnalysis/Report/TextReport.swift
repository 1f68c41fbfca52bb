import WenshuText

/// The readable report of `wenshu check` and `wenshu outline`: grouped by document, every
/// finding with line:column.
public enum TextReport {
    public static func check(_ a: PageAnalysis) -> String {
        var out = "\(a.file) (\(a.format)): \(a.documents.count) document\(a.documents.count == 1 ? "" : "s")"
        if !a.pageParagraphs.isEmpty {
            let lines = a.pageParagraphs.map { a.text.location(ofNormalized: $0.range.start).line }
            out += "; page-level text on line\(lines.count == 1 ? "" : "s") \(lines.map(String.init).joined(separator: ", "))"
        }
        out += "\n"
        for f in a.pageFindings { out += "  " + line(f, a.file) + "\n" }
        for d in a.documents {
            let start = a.text.location(ofNormalized: d.range.start).line
            let end = a.text.location(ofNormalized: max(d.range.start, d.range.end - 1)).line
            out += "\n[\(d.index + 1)] \(d.title ?? "(untitled)") — lines \(start)–\(end), \(d.kind.rawValue)"
            if let s = d.structure { out += ", checked as \(s.name)" }
            if let y = d.years.year { out += ", year \(y)" }
            if !d.years.placeholders.isEmpty { out += ", placeholder years \(Array(Set(d.years.placeholders)).sorted().joined(separator: " "))" }
            out += "\n"
            if !d.sections.isEmpty {
                out += "  sections: " + d.sections.map { s in
                    var t = "\(s.name) \(s.status.rawValue)"
                    if let r = s.range { t += " (\(s.evidence.rawValue), line \(a.text.location(ofNormalized: r.start).line))" }
                    return t
                }.joined(separator: " · ") + "\n"
            }
            if d.findings.isEmpty { out += "  no findings\n" }
            for f in d.findings { out += "  " + line(f, a.file) + "\n" }
        }
        return out
    }

    static func line(_ f: Finding, _ file: String) -> String {
        var s = "\(file):\(f.line):\(f.column): \(f.severity.rawValue) [\(f.kind)] \(f.message)"
        if let sug = f.suggestion { s += " — suggestion: \(sug)" }
        return s
    }

    public static func outline(_ a: PageAnalysis) -> String {
        var out = ""
        for d in a.documents {
            out += "[\(d.index + 1)] \(d.title ?? "(untitled)")\n"
            func walk(_ nodes: [OutlineNode], _ depth: Int) {
                for n in nodes {
                    let loc = a.text.location(ofNormalized: n.titleRange.start)
                    out += String(repeating: "  ", count: depth + 1) + "\(n.marker.text)\(n.title)  [\(loc.line):\(loc.column) \(n.form.rawValue)]\n"
                    walk(n.children, depth + 1)
                }
            }
            walk(d.outline.roots, 0)
            for list in d.outline.inlineLists {
                let loc = a.text.location(ofNormalized: list.items[0].range.start)
                out += "  inline list at \(loc.line):\(loc.column): " + list.items.map(\.text).joined(separator: " ") + "\n"
            }
            if d.outline.isEmpty && d.outline.inlineLists.isEmpty { out += "  (no headings)\n" }
        }
        return out
    }
}
