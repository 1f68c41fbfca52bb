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
    public static func svg(_ report: TrendReport, themes: [String], title: String = "Theme shares per year",
                           width: Int = 960, height: Int = 420) -> String {
        let series = themes.map { theme in
            (name: theme, points: report.years.map { y in (y.year, y.themes.first { $0.theme == theme }?.share ?? 0) })
        }
        return lineChart(series, title: title, percent: true, width: width, height: height)
    }

    /// The line chart of the followed terms (`--term`): occurrences per 10,000 terms of each year.
    public static func trackedSVG(_ report: TrendReport, title: String = "Followed terms per 10,000 terms",
                                  width: Int = 960, height: Int = 320) -> String {
        let series = report.tracked.map { t in (name: t.term, points: t.years.map { ($0.year, $0.rate) }) }
        return lineChart(series, title: title, percent: false, width: width, height: height)
    }

    static let trendWords = ["rising": "上升", "falling": "下降", "steady": "平稳"]

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

    /// The page, its own words in `language` (`themes --lang`).
    public static func html(_ report: TrendReport, themes: [String], language: ReportLanguage = .en, title: String? = nil) -> String {
        let ui = HTMLReport.UI(language)
        let title = title ?? ui("Wenshu — themes and keywords by year", "Wenshu 历年主题和关键词")
        let sharesTitle = ui("Theme shares per year", "历年主题占比")
        var out = """
        <!DOCTYPE html>
        <html lang="\(ui.htmlLang)"><head><meta charset="utf-8"><title>\(escape(title))</title>
        <style>body{font-family:sans-serif;margin:24px;max-width:1100px}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:3px 6px;vertical-align:top;font-size:13px}th{background:#f4f4f4}</style>
        </head><body>
        <h1>\(escape(title))</h1>
        <h2>\(sharesTitle)</h2>

        """
        out += svg(report, themes: themes, title: sharesTitle) + "\n"
        if !report.tracked.isEmpty {
            out += "<h2>" + ui("Followed terms", "跟踪的词语") + "</h2>\n"
            out += trackedSVG(report, title: ui("Followed terms per 10,000 terms", "每万词出现次数")) + "\n<p>"
            out += escape(report.tracked.map { t in
                guard let first = t.firstYear, let peak = t.peakYear else { return t.term + ui(": in no year", "：各年都没有出现") }
                return ui("\(t.term): \(t.count)×, first \(first), peak \(peak), \(t.trend)",
                          "\(t.term)：\(t.count) 次，\(first) 年首次出现，\(peak) 年最多，\(trendWords[t.trend] ?? t.trend)")
            }.joined(separator: ui("; ", "；"))) + "</p>\n"
        }
        out += "<h2>" + ui("Keywords that distinguish each year", "各年的特色关键词") + "</h2>\n<table><tr><th>"
        out += [ui("year", "年份"), ui("documents", "文书数"), ui("keywords", "关键词"), ui("new terms", "新出现的词语"), ui("top themes", "主要主题")]
            .joined(separator: "</th><th>") + "</th></tr>\n"
        for y in report.years {
            out += "<tr><td>\(y.year)</td><td>\(y.documents)</td><td>\(escape(y.keywords.map(\.term).joined(separator: "、")))</td>"
            out += "<td>\(escape(y.newTerms.joined(separator: "、")))</td><td>"
            out += escape(y.themes.prefix(3).map { "\($0.theme) \(Int(($0.share * 100).rounded()))%" }.joined(separator: "; ")) + "</td></tr>\n"
        }
        out += "</table>\n"
        for (name, trend) in [(ui("Rising terms", "上升的词语"), "rising"), (ui("Falling terms", "下降的词语"), "falling")] {
            out += "<h2>\(name)</h2>\n<p>" + escape(report.terms(trend: trend).map { "\($0.term) (\($0.firstYear)–\($0.lastYear))" }.joined(separator: "、")) + "</p>\n"
        }
        return out + "</body></html>\n"
    }
}
