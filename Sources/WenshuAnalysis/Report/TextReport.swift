import WenshuText

/// The readable report of `wenshu check` and `wenshu outline`: grouped by document, every
/// finding with line:column.
public enum TextReport {
    public static func check(_ a: PageAnalysis) -> String {
        var out = ""
        check(a, into: &out)
        return out
    }

    /// The same report written piece by piece to a stream: `check` on a long line can have a
    /// million findings, whose report need not be held whole before it is written.
    public static func check<Out: TextOutputStream>(_ a: PageAnalysis, into out: inout Out) {
        let zh = a.language == .zh
        var head = "\(a.file) (\(a.format)): " + (zh ? "\(a.documents.count) 篇文书" : "\(a.documents.count) document\(a.documents.count == 1 ? "" : "s")")
        if !a.pageParagraphs.isEmpty {
            let lines = a.pageParagraphs.map { a.text.location(ofNormalized: $0.range.start).line }.map(String.init)
            head += zh ? "；不属于任何文书的文字在第 \(lines.joined(separator: "、")) 行"
                      : "; page-level text on line\(lines.count == 1 ? "" : "s") \(lines.joined(separator: ", "))"
        }
        out += head + "\n"
        for f in a.furniture {
            let pages = f.pages.count == 1 ? "\(f.pages[0])" : "\(f.pages.first!)–\(f.pages.last!)"
            let kind = zh ? ["header": "页眉", "footer": "页脚", "page-number": "页码"][f.kind.rawValue] ?? f.kind.rawValue : f.kind.rawValue
            out += zh ? "  版面文字（已从正文中去掉）：\(kind)“\(f.text)”，第 \(pages) 页（共 \(f.pages.count) 页）\n"
                      : "  page furniture (taken out of the text): \(kind) \"\(f.text)\" on pages \(pages) (\(f.pages.count))\n"
        }
        for f in a.pageFindings { out += "  "; out += line(f, a.file, a.language); out += "\n" }
        for d in a.documents {
            let start = a.text.location(ofNormalized: d.range.start).line
            let end = a.text.location(ofNormalized: max(d.range.start, d.range.end - 1)).line
            if zh {
                out += "\n[\(d.index + 1)] \(d.title ?? "（无标题）") — 第 \(start)–\(end) 行，\(ReportLabels.kinds[d.kind]?.zh ?? d.kind.rawValue)"
                if let s = d.structure { out += "，按“\(s.name)”检查" + (d.structureChoice == .opening ? "（据开头判断）" : d.structureChoice == .outline ? "（据提纲判断）" : "") }
                if let y = d.years.year { out += "，\(y) 年" }
                if !d.years.placeholders.isEmpty { out += "，占位年份 \(Array(Set(d.years.placeholders)).sorted().joined(separator: " "))" }
            } else {
                out += "\n[\(d.index + 1)] \(d.title ?? "(untitled)") — lines \(start)–\(end), \(d.kind.rawValue)"
                if let s = d.structure { out += ", checked as \(s.name)" + (d.structureChoice == .opening ? " (by its opening)" : d.structureChoice == .outline ? " (by its outline)" : "") }
                if let y = d.years.year { out += ", year \(y)" }
                if !d.years.placeholders.isEmpty { out += ", placeholder years \(Array(Set(d.years.placeholders)).sorted().joined(separator: " "))" }
            }
            out += "\n"
            if !d.sections.isEmpty {
                out += (zh ? "  各部分：" : "  sections: ") + d.sections.map { s in
                    let status = zh ? (ReportLabels.statuses[s.status]?.zh ?? s.status.rawValue) : s.status.rawValue
                    var t = "\(s.name) \(status)"
                    if let r = s.range {
                        let line = a.text.location(ofNormalized: r.start).line
                        t += zh ? "（\(ReportLabels.evidence[s.evidence]?.zh ?? s.evidence.rawValue)，第 \(line) 行）" : " (\(s.evidence.rawValue), line \(line))"
                    }
                    return t
                }.joined(separator: " · ") + "\n"
            }
            if d.findings.isEmpty { out += zh ? "  没有发现问题\n" : "  no findings\n" }
            for f in d.findings { out += "  "; out += line(f, a.file, a.language); out += "\n" }
        }
    }

    static func line(_ f: Finding, _ file: String, _ language: ReportLanguage = .en) -> String {
        let zh = language == .zh
        let severity = zh ? (ReportLabels.severities[f.severity]?.zh ?? f.severity.rawValue) : f.severity.rawValue
        var s = "\(file):\(f.line):\(f.column): \(severity) [\(f.kind)] \(f.message)"
        if let sug = f.suggestion { s += zh ? " — 建议：\(sug)" : " — suggestion: \(sug)" }
        return s
    }

    public static func outline(_ a: PageAnalysis) -> String {
        var out = ""
        for d in a.documents {
            out += "[\(d.index + 1)] \(d.title ?? "(untitled)")\n"
            func walk(_ nodes: [OutlineNode], _ depth: Int) {
                for n in nodes {
                    let loc = a.text.location(ofNormalized: n.titleRange.start)
                    out += String(repeating: "  ", count: depth + 1) + "\(n.heading)  [\(loc.line):\(loc.column) \(n.form.rawValue)]\n"
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

/// Text appended to a report's stream, as to a string.
fileprivate func += <Out: TextOutputStream>(out: inout Out, text: String) {
    out.write(text)
}
