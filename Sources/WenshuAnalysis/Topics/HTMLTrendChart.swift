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

    /// A theme's share over the report's years, and its mean share (the order of the panels).
    public struct ThemeSeries: Sendable {
        public let theme: String
        public let points: [(year: Int, share: Double)]
        public let mean: Double
    }

    /// The themes of the chart, largest mean share over the years first; a theme with no share
    /// in any year is left out, and at most `limit` are kept.
    public static func series(_ report: TrendReport, themes: [String], limit: Int = 12) -> [ThemeSeries] {
        let n = Double(max(report.years.count, 1))
        let all = themes.enumerated().map { k, theme -> (Int, ThemeSeries) in
            let points = report.years.map { y in (year: y.year, share: y.themes.first { $0.theme == theme }?.share ?? 0) }
            return (k, ThemeSeries(theme: theme, points: points, mean: points.reduce(0) { $0 + $1.share } / n))
        }
        return all.filter { $0.1.mean > 0 }
            .sorted { $0.1.mean != $1.1.mean ? $0.1.mean > $1.1.mean : $0.0 < $1.0 }
            .prefix(limit).map(\.1)
    }

    /// Estimated width of a label in the chart's sans-serif font: a Han (or other wide)
    /// character one em, anything else 0.6 em. The tests check label boxes with the same measure.
    public static func labelWidth(_ text: String, fontSize: Double) -> Double {
        text.unicodeScalars.reduce(0) { $0 + ($1.value >= 0x2E80 ? fontSize : 0.6 * fontSize) }
    }

    /// The theme shares as small multiples: one small line chart per theme (largest mean share
    /// first, `columns` to a row), all on one shared scale, each titled with its theme and mean
    /// share above its plot, so no legend and no line crosses another theme's.
    public static func svg(_ report: TrendReport, themes: [String], title: String = "Theme shares per year",
                           width: Int = 960, columns: Int = 4, limit: Int = 12) -> String {
        let lines = series(report, themes: themes, limit: limit)
        let years = report.years.map(\.year)
        guard let y0 = years.min(), let y1 = years.max(), !lines.isEmpty else {
            return "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(width)\" height=\"20\"><title>\(escape(title))</title></svg>"
        }
        let cols = max(1, min(columns, lines.count))
        let rows = (lines.count + cols - 1) / cols
        let cellW = Double(width) / Double(cols), cellH = 150.0
        // Inside a cell: the title above, the axis labels left and below.
        let padLeft = 38.0, padRight = 14.0, padTop = 26.0, padBottom = 22.0
        let plotW = cellW - padLeft - padRight, plotH = cellH - padTop - padBottom
        let span = Double(max(y1 - y0, 1))
        let maxShare = lines.flatMap { $0.points.map(\.share) }.max() ?? 0
        // One scale for every panel: the largest share rounded up to a tenth.
        let top = max(0.1, (maxShare * 10).rounded(.up) / 10)
        let height = Int(Double(rows) * cellH) + 4
        var out = "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"small-multiples\" width=\"\(width)\" height=\"\(height)\" viewBox=\"0 0 \(width) \(height)\" font-family=\"sans-serif\">\n"
        out += "<title>\(escape(title))</title>\n"
        let titleSize = 13.0, axisSize = 10.0
        for (k, line) in lines.enumerated() {
            let ox = Double(k % cols) * cellW, oy = Double(k / cols) * cellH
            let left = ox + padLeft, bottom = oy + padTop + plotH
            func x(_ year: Int) -> Double { left + Double(year - y0) / span * plotW }
            func y(_ v: Double) -> Double { bottom - v / top * plotH }
            let color = palette[k % palette.count]
            out += "<g class=\"theme\" data-theme=\"\(escape(line.theme))\">\n"
            // The title: the theme and its mean share, shortened to the cell's width.
            var name = line.theme
            let suffix = " \(Int((line.mean * 100).rounded()))%"
            while labelWidth(name + suffix, fontSize: titleSize) > cellW - 12, name.count > 2 { name = String(name.dropLast(2)) + "…" }
            out += String(format: "<text class=\"label\" x=\"%.1f\" y=\"%.1f\" font-size=\"%.0f\" font-weight=\"bold\" fill=\"#222\">%@</text>\n",
                          ox + 6, oy + 16, titleSize, escape(name + suffix))
            // Grid at 0, half and the top of the shared scale, labelled at the left.
            for g in [0.0, top / 2, top] {
                out += String(format: "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%@\"/>", left, y(g), left + plotW, y(g), g == 0 ? "#888" : "#e3e3e3")
                out += String(format: "<text class=\"label\" x=\"%.1f\" y=\"%.1f\" font-size=\"%.0f\" text-anchor=\"end\" fill=\"#555\">%d%%</text>\n",
                              left - 4, y(g) + 3.5, axisSize, Int((g * 100).rounded()))
            }
            // The first and last year under the ends of the axis, and the round twentieth years
            // between them where they leave room, each with a tick.
            let yearWidth = labelWidth("0000", fontSize: axisSize)
            var ticks = [(y0, "start"), (y1, "end")]
            for yr in stride(from: (y0 / 20 + 1) * 20, to: y1, by: 20)
            where x(yr) - x(y0) > 1.5 * yearWidth + 6 && x(y1) - x(yr) > 1.5 * yearWidth + 6 { ticks.append((yr, "middle")) }
            for (yr, anchor) in ticks {
                out += String(format: "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#888\"/>", x(yr), bottom, x(yr), bottom + 3)
                out += String(format: "<text class=\"label\" x=\"%.1f\" y=\"%.1f\" font-size=\"%.0f\" text-anchor=\"%@\" fill=\"#555\">%d</text>\n",
                              x(yr), bottom + 14, axisSize, anchor, yr)
            }
            let points = line.points.map { String(format: "%.1f,%.1f", x($0.year), y($0.share)) }
            out += "<polyline fill=\"none\" stroke=\"\(color)\" stroke-width=\"1.8\" points=\"\(points.joined(separator: " "))\"><title>\(escape(line.theme))</title></polyline>\n"
            // A dot on each year with a document, so that a span without documents (1964–1975)
            // shows as a straight line between two dots, not as data.
            for p in line.points {
                out += String(format: "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"1.7\" fill=\"%@\"><title>%d: %d%%</title></circle>", x(p.year), y(p.share), color, p.year, Int((p.share * 100).rounded()))
            }
            out += "\n"
            out += "</g>\n"
        }
        return out + "</svg>"
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
        if let name = report.taxonomy {
            out += "<p>" + escape(ui("Taxonomy: \(name). One chart per theme, largest mean share first, all on one scale; a share is of the year's text that has a theme.",
                                     "主题分类：\(name)。每个主题一张小图，按历年平均占比从大到小排列，纵轴相同；占比指当年有主题的文字中该主题所占的比例。")) + "</p>\n"
        }
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
