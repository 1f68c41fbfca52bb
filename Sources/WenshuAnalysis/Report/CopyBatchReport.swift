import Foundation
import WenshuText

/// The reports of `wenshu compare --all`: text (the ranked pairs and the clusters) and a
/// self-contained HTML page (a matrix of the documents most involved, the ranked pairs, each
/// linking to its passages side by side). Every string from the input is HTML-escaped.
public enum CopyBatchReport {
    static func name(_ d: CopyBatch.Document) -> String {
        let file = URL(fileURLWithPath: d.file).lastPathComponent
        return d.index > 0 || d.title != nil ? "\(file) [\(d.index + 1)]" + (d.title.map { " «\($0)»" } ?? "") : file
    }

    static func pct(_ x: Double) -> String { String(format: "%.1f%%", x * 100) }

    public static func text(_ batch: CopyBatch, batchCount: Int, limit: Int = 200) -> String {
        var out = "\(batchCount) document(s) compared"
        if batch.documents.count > batchCount { out += " (and \(batch.documents.count - batchCount) reference document(s))" }
        out += "; \(batch.pairs.count) pair(s) share passages; \(batch.clusters.count) cluster(s)\n"
        for (k, c) in batch.clusters.enumerated() {
            out += "cluster \(k + 1): " + c.map { "#\($0) \(name(batch.documents[$0]))" }.joined(separator: ", ") + "\n"
        }
        if !batch.pairs.isEmpty { out += "ratio a→b  ratio b→a  passages  a / b\n" }
        for p in batch.pairs.prefix(limit) {
            out += pct(p.ratioA).padding(toLength: 11, withPad: " ", startingAt: 0) + pct(p.ratioB).padding(toLength: 11, withPad: " ", startingAt: 0)
            out += String(p.passages.count).padding(toLength: 10, withPad: " ", startingAt: 0)
            out += "#\(p.a) \(name(batch.documents[p.a]))  /  #\(p.b) \(name(batch.documents[p.b]))\n"
        }
        if batch.pairs.count > limit { out += "… \(batch.pairs.count - limit) more pair(s) (all in --format json)\n" }
        return out
    }

    /// - Parameters:
    ///   - texts: the text of a document's file in a range (for the passages side by side).
    public static func html(_ batch: CopyBatch, batchCount: Int, texts: (Int, TextRange) -> String,
                            matrixSize: Int = 60, pairLimit: Int = 500) -> String {
        let esc = HTMLReport.esc
        var out = """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <meta name="generator" content="wenshu compare --all --format html">
        <title>Wenshu batch comparison</title>
        <style>\(css)</style>
        </head>
        <body>
        <h1>Wenshu batch comparison</h1>

        """
        out += "<p class=\"summary\">\(batchCount) document(s) compared"
        if batch.documents.count > batchCount { out += " with \(batch.documents.count - batchCount) reference document(s)" }
        out += " · \(batch.pairs.count) pair(s) share passages · \(batch.clusters.count) cluster(s). "
        out += "A cell is the share of the row's document found in the column's document (its copy ratio against it).</p>\n"
        // Documents.
        out += "<h2>Documents</h2>\n<ol class=\"docs\" start=\"0\">\n"
        for d in batch.documents {
            out += "<li id=\"d\(d.id)\">\(esc(name(d)))\(d.id >= batchCount ? " <small>(reference)</small>" : "")</li>\n"
        }
        out += "</ol>\n"
        // Clusters.
        out += "<h2>Clusters <small>documents linked where one has ≥ \(Int(CopyBatch.clusterRatio * 100))% of its text in the other</small></h2>\n"
        if batch.clusters.isEmpty { out += "<p class=\"none\">None.</p>\n" }
        out += "<ol>\n" + batch.clusters.map { c in "<li>" + c.map { "<a href=\"#d\($0)\">#\($0)</a>" }.joined(separator: ", ") + "</li>\n" }.joined() + "</ol>\n"
        // Matrix of the documents in the strongest pairs.
        var involved: [Int] = []
        for p in batch.pairs {
            for x in [p.a, p.b] where !involved.contains(x) && involved.count < matrixSize { involved.append(x) }
            if involved.count >= matrixSize { break }
        }
        involved.sort()
        var pairIndex: [[Int]: Int] = [:]
        for (k, p) in batch.pairs.prefix(pairLimit).enumerated() { pairIndex[[p.a, p.b]] = k }
        var ratio: [[Int]: Double] = [:]
        for p in batch.pairs { ratio[[p.a, p.b]] = p.ratioA; ratio[[p.b, p.a]] = p.ratioB }
        if !involved.isEmpty {
            out += "<h2>Matrix <small>the \(involved.count) documents of the strongest pairs</small></h2>\n<div class=\"scroll\"><table class=\"matrix\">\n<tr><th></th>"
            out += involved.map { "<th><a href=\"#d\($0)\">\($0)</a></th>" }.joined() + "</tr>\n"
            for r in involved {
                out += "<tr><th><a href=\"#d\(r)\">\(r)</a></th>"
                for c in involved {
                    if r == c { out += "<td class=\"self\"></td>"; continue }
                    guard let x = ratio[[r, c]] else { out += "<td></td>"; continue }
                    let k = pairIndex[[min(r, c), max(r, c)]]
                    let alpha = String(format: "%.2f", 0.1 + 0.9 * min(1, x))
                    let cell = String(format: "%.0f", x * 100)
                    out += "<td style=\"background: rgba(46, 125, 50, \(alpha))\" title=\"#\(r) in #\(c): \(pct(x))\">"
                    out += k.map { "<a href=\"#pair-\($0)\">\(cell)</a>" } ?? cell
                    out += "</td>"
                }
                out += "</tr>\n"
            }
            out += "</table></div>\n"
        }
        // Ranked pairs with their passages side by side.
        out += "<h2>Pairs <small>ranked by the larger ratio</small></h2>\n"
        if batch.pairs.isEmpty { out += "<p class=\"none\">No two documents share a passage.</p>\n" }
        for (k, p) in batch.pairs.prefix(pairLimit).enumerated() {
            let a = batch.documents[p.a], b = batch.documents[p.b]
            out += "<section class=\"pair\" id=\"pair-\(k)\"><h3>\(k + 1). <a href=\"#d\(a.id)\">#\(a.id)</a> \(esc(name(a))) — <a href=\"#d\(b.id)\">#\(b.id)</a> \(esc(name(b)))</h3>\n"
            out += "<p class=\"meta\">\(pct(p.ratioA)) of #\(a.id) is in #\(b.id); \(pct(p.ratioB)) of #\(b.id) is in #\(a.id); \(p.passages.count) passage(s)</p>\n"
            out += "<table class=\"side\"><tr><th>#\(a.id)</th><th>#\(b.id)</th></tr>\n"
            for s in p.passages {
                out += "<tr><td><small>\(s.a.start)–\(s.a.end)</small> \(esc(texts(p.a, s.a)))</td><td><small>\(s.b.start)–\(s.b.end) · similarity \(String(format: "%.2f", s.similarity))</small> \(esc(texts(p.b, s.b)))</td></tr>\n"
            }
            out += "</table></section>\n"
        }
        if batch.pairs.count > pairLimit { out += "<p class=\"none\">… \(batch.pairs.count - pairLimit) more pair(s): see --format json.</p>\n" }
        out += "</body>\n</html>\n"
        return out
    }

    static let css = """
    body { font: 15px/1.6 system-ui, "Noto Sans CJK SC", sans-serif; margin: 1.5em auto; max-width: 72em; padding: 0 1em; color: #222; }
    h2 small, h3 small { font-weight: normal; color: #666; font-size: .8em; }
    .summary, .meta { color: #444; }
    .none { color: #666; font-style: italic; }
    .scroll { overflow-x: auto; }
    table.matrix { border-collapse: collapse; font-size: 12px; }
    table.matrix td, table.matrix th { border: 1px solid #ddd; min-width: 2.2em; text-align: center; padding: 1px 2px; }
    table.matrix td.self { background: #eee; }
    table.matrix a { color: #000; text-decoration: none; }
    table.side { border-collapse: collapse; width: 100%; table-layout: fixed; }
    table.side td, table.side th { border: 1px solid #ddd; vertical-align: top; padding: .4em .6em; }
    table.side td small { display: block; color: #666; }
    section.pair { margin: 1.5em 0; }
    """
}
