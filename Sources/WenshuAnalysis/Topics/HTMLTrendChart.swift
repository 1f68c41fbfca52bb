import Foundation

/// The trend report as one self-contained HTML file: an inline SVG line chart of theme shares
/// per year, one of the followed terms (`--term`), the years' distinctive keywords and new
/// terms, and the rising and falling terms. No script, no style sheet or font from the network.
public enum HTMLTrendChart {
    static let palette = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f",
                          "#bcbd22", "#17becf", "#393b79", "#637939", "#8c6d31", "#843c39", "#7b4173", "#3182bd",
                          "#e6550d", "#31a354", "#756bb1", "#636363"]

    static func escape(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }

    /// The line chart of theme shares: x = year (to scale), y = share of the year's themed text.
    public static func svg(_ report: TrendReport, themes: [String], width: Int = 960, height: Int = 420) -> String {
        let series = themes.map { theme in
            (name: theme, points: report.years.map { y in (y.year, y.themes.first { $0.theme == theme }?.share ?? 0) })
        }
        return lineChart(series, title: "Theme shares per year", percent: true, width: width, height: height)
    }

    /// The line chart of the followed terms (`--term`): occurrences per 10,000 terms of each year.
    public static func trackedSVG(_ report: TrendReport, width: Int = 960, height: Int = 320) -> String {
        let series = report.tracked.map { t in (name: t.term, points: t.years.map { ($0.year, $0.rate) }) }
        return lineChart(series, title: "Followed terms per 10,000 terms", percent: false, width: width, height: height)
    }

    /// Lines over the years (x to scale), one colour each, with a legend on the right.
    static func lineChart(_ series: [(name: String, points: [(Int, Double)])], title: String, percent: Bool, width: Int, height: Int) -> String {
        let left = 50.0, right = 220.0, top = 20.0, bottom = 40.0
        let w = Double(width) - left - right, h = Double(height) - top - bottom
        let years = series.flatMap { $0.points.map(\.0) }
        guard let y0 = years.min(), let y1 = years.max() else { return "<svg xmlns=\"http://www.w3.org/2000/svg\"/>" }
        let span = Double(max(y1 - y0, 1))
        var maxValue = series.flatMap { $0.points.map(\.1) }.max() ?? 0
        // A round top of the scale: tenths for shares, a 1-2-5 step for rates.
        if percent {
            maxValue = max(0.1, (maxValue * 10).rounded(.up) / 10)
        } else {
            let magnitude = pow(10, floor(log10(max(maxValue, 1e-9))))
            maxValue = [1.0, 2, 5, 10].map { $0 * magnitude }.first { $0 >= maxValue } ?? maxValue
        }
        func x(_ year: Int) -> Double { left + Double(year - y0) / span * w }
        func yPos(_ v: Double) -> Double { top + h - v / maxValue * h }
        var out = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(width)\" height=\"\(height)\" viewBox=\"0 0 \(width) \(height)\" font-family=\"sans-serif\" font-size=\"11\">\n"
        out += "<title>\(escape(title))</title>\n"
        // Axes and grid.
        for k in 0...5 {
            let g = maxValue * Double(k) / 5
            let label = percent ? "\(Int((g * 100).rounded()))%" : (maxValue >= 5 ? String(Int(g.rounded())) : String(format: "%.1f", g))
            out += String(format: "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#ddd\"/>", left, yPos(g), left + w, yPos(g))
            out += String(format: "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\">%@</text>\n", left - 4, yPos(g) + 4, label)
        }
        let step = max(1, (y1 - y0) / 12)
        var yr = y0
        while yr <= y1 {
            out += String(format: "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%d</text>\n", x(yr), top + h + 16, yr)
            yr += step
        }
        out += String(format: "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#333\"/>\n", left, top + h, left + w, top + h)
        for (k, line) in series.enumerated() {
            let color = palette[k % palette.count]
            let points = line.points.map { String(format: "%.1f,%.1f", x($0.0), yPos($0.1)) }
            out += "<polyline fill=\"none\" stroke=\"\(color)\" stroke-width=\"1.6\" points=\"\(points.joined(separator: " "))\"><title>\(escape(line.name))</title></polyline>\n"
            let ly = top + Double(k) * 18
            out += String(format: "<rect x=\"%.1f\" y=\"%.1f\" width=\"12\" height=\"3\" fill=\"%@\"/>", left + w + 12, ly + 4, color)
            out += String(format: "<text x=\"%.1f\" y=\"%.1f\">%@</text>\n", left + w + 30, ly + 9, escape(line.name))
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
        if !report.tracked.isEmpty {
            out += "<h2>Followed terms</h2>\n" + trackedSVG(report) + "\n<p>"
            out += escape(report.tracked.map { t in
                guard let first = t.firstYear, let peak = t.peakYear else { return "\(t.term): in no year" }
                return "\(t.term): \(t.count)×, first \(first), peak \(peak), \(t.trend)"
            }.joined(separator: "; ")) + "</p>\n"
        }
        out += "<h2>Keywords that distinguish each year</h2>\n<table><tr><th>year</th><th>documents</th><th>keywords</th><th>new terms</th><th>top themes</th></tr>\n"
        for y in report.years {
            out += "<tr><td>\(y.year)</td><td>\(y.documents)</td><td>\(escape(y.keywords.map(\.term).joined(separator: "、")))</td>"
            out += "<td>\(escape(y.newTerms.joined(separator: "、")))</td><td>"
            out += escape(y.themes.prefix(3).map { "\($0.theme) \(Int(($0.share * 100).rounded()))%" }.joined(separator: "; ")) + "</td></tr>\n"
        }
        out += "</table>\n"
        for (name, trend) in [("Rising terms", "rising"), ("Falling terms", "falling")] {
            out += "<h2>\(name)</h2>\n<p>" + escape(report.terms(trend: trend).map { "\($0.term) (\($0.firstYear)–\($0.lastYear))" }.joined(separator: "、")) + "</p>\n"
        }
        return out + "</body></html>\n"
    }
}
