import Foundation

/// The trend report as one self-contained HTML file: an inline SVG line chart of theme shares
/// per year, the years' distinctive keywords, and the rising and falling terms. No script, no
/// style sheet or font from the network.
public enum HTMLTrendChart {
    static let palette = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f",
                          "#bcbd22", "#17becf", "#393b79", "#637939", "#8c6d31", "#843c39", "#7b4173", "#3182bd",
                          "#e6550d", "#31a354", "#756bb1", "#636363"]

    static func escape(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }

    /// The line chart: x = year (to scale), y = share of the year's themed text.
    public static func svg(_ report: TrendReport, themes: [String], width: Int = 960, height: Int = 420) -> String {
        let left = 50.0, right = 220.0, top = 20.0, bottom = 40.0
        let w = Double(width) - left - right, h = Double(height) - top - bottom
        guard let y0 = report.years.first?.year, let y1 = report.years.last?.year else { return "<svg xmlns=\"http://www.w3.org/2000/svg\"/>" }
        let span = Double(max(y1 - y0, 1))
        var maxShare = 0.0
        for y in report.years { for t in y.themes { maxShare = max(maxShare, t.share) } }
        maxShare = max(0.1, (maxShare * 10).rounded(.up) / 10)
        func x(_ year: Int) -> Double { left + Double(year - y0) / span * w }
        func yPos(_ share: Double) -> Double { top + h - share / maxShare * h }
        var out = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(width)\" height=\"\(height)\" viewBox=\"0 0 \(width) \(height)\" font-family=\"sans-serif\" font-size=\"11\">\n"
        out += "<title>Theme shares per year</title>\n"
        // Axes and grid.
        var g = 0.0
        while g <= maxShare + 1e-9 {
            out += String(format: "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#ddd\"/>", left, yPos(g), left + w, yPos(g))
            out += String(format: "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\">%d%%</text>\n", left - 4, yPos(g) + 4, Int((g * 100).rounded()))
            g += maxShare / 5
        }
        let step = max(1, (y1 - y0) / 12)
        var yr = y0
        while yr <= y1 {
            out += String(format: "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%d</text>\n", x(yr), top + h + 16, yr)
            yr += step
        }
        out += String(format: "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#333\"/>\n", left, top + h, left + w, top + h)
        for (k, theme) in themes.enumerated() {
            let color = palette[k % palette.count]
            let points = report.years.map { y -> String in
                let share = y.themes.first { $0.theme == theme }?.share ?? 0
                return String(format: "%.1f,%.1f", x(y.year), yPos(share))
            }
            out += "<polyline fill=\"none\" stroke=\"\(color)\" stroke-width=\"1.6\" points=\"\(points.joined(separator: " "))\"><title>\(escape(theme))</title></polyline>\n"
            let ly = top + Double(k) * 18
            out += String(format: "<rect x=\"%.1f\" y=\"%.1f\" width=\"12\" height=\"3\" fill=\"%@\"/>", left + w + 12, ly + 4, color)
            out += String(format: "<text x=\"%.1f\" y=\"%.1f\">%@</text>\n", left + w + 30, ly + 9, escape(theme))
        }
        return out + "</svg>"
    }

    public static func html(_ report: TrendReport, themes: [String], title: String = "Wenshu — themes and keywords by year") -> String {
        var out = """
        <!DOCTYPE html>
        <html lang="zh-CN"><head><meta charset="utf-8"><title>\(escape(title))</title>
        <style>body{font-family:sans-serif;margin:24px;max-width:1100px}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:3px 6px;vertical-align:top;font-size:13px}th{background:#f4f4f4}</style>
        </head><body>
        <h1>\(escape(title))</h1>
        <h2>Theme shares per year</h2>

        """
        out += svg(report, themes: themes) + "\n"
        out += "<h2>Keywords that distinguish each year</h2>\n<table><tr><th>year</th><th>documents</th><th>keywords</th><th>top themes</th></tr>\n"
        for y in report.years {
            out += "<tr><td>\(y.year)</td><td>\(y.documents)</td><td>\(escape(y.keywords.map(\.term).joined(separator: "、")))</td><td>"
            out += escape(y.themes.prefix(3).map { "\($0.theme) \(Int(($0.share * 100).rounded()))%" }.joined(separator: "; ")) + "</td></tr>\n"
        }
        out += "</table>\n"
        for (name, trend) in [("Rising terms", "rising"), ("Falling terms", "falling")] {
            out += "<h2>\(name)</h2>\n<p>" + escape(report.terms(trend: trend).map { "\($0.term) (\($0.firstYear)–\($0.lastYear))" }.joined(separator: "、")) + "</p>\n"
        }
        return out + "</body></html>\n"
    }
}
