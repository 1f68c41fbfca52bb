import Foundation
import XCTest
@testable import WenshuAnalysis
@testable import WenshuText

/// The trend page's theme chart (small multiples on one scale) and the choice of the theme
/// taxonomy by the documents' kind (issue 18, step 3).
final class TrendChartTests: XCTestCase {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let seed = root.appendingPathComponent("Corpus/seed/zhengxie-zongjie-5pian.txt")
    static let govreports = root.appendingPathComponent("../shared/corpus/govreports").standardized
    static let dictionaries = Dictionaries(root: root.appendingPathComponent("dictionaries"))
    static let library: TaxonomyLibrary = try! TaxonomyLibrary.load(directory: dictionaries.url("themes"))
    nonisolated(unsafe) static let extractor: KeywordExtractor = try! KeywordExtractor(dictionaries: dictionaries)

    static var reportFiles: [URL]? {
        guard FileManager.default.fileExists(atPath: govreports.path) else { return nil }
        return (try? FileManager.default.contentsOfDirectory(at: govreports, includingPropertiesForKeys: nil))?
            .filter { $0.pathExtension == "txt" }.sorted { $0.path < $1.path }
    }

    // MARK: the SVG, read back

    struct Label { let text: String; let x0: Double; let y0: Double; let x1: Double; let y1: Double }

    /// Every `<text class="label">` of the SVG as the box it takes (the chart's own width
    /// estimate, a line's height from the font size; the baseline at y).
    static func labels(in svg: String) throws -> [Label] {
        let re = try NSRegularExpression(pattern: "<text class=\"label\" x=\"([0-9.]+)\" y=\"([0-9.]+)\" font-size=\"([0-9.]+)\"(?: font-weight=\"bold\")?(?: text-anchor=\"(start|middle|end)\")?[^>]*>([^<]*)</text>")
        let ns = svg as NSString
        return re.matches(in: svg, range: NSRange(location: 0, length: ns.length)).map { m in
            let x = Double(ns.substring(with: m.range(at: 1)))!, y = Double(ns.substring(with: m.range(at: 2)))!
            let size = Double(ns.substring(with: m.range(at: 3)))!
            let anchor = m.range(at: 4).location == NSNotFound ? "start" : ns.substring(with: m.range(at: 4))
            let text = ns.substring(with: m.range(at: 5)).replacingOccurrences(of: "&amp;", with: "&")
            let w = HTMLTrendChart.labelWidth(text, fontSize: size)
            let x0 = anchor == "start" ? x : anchor == "end" ? x - w : x - w / 2
            return Label(text: text, x0: x0, y0: y - size, x1: x0 + w, y1: y + 0.25 * size)
        }
    }

    static func svgSize(_ svg: String) -> (Double, Double)? {
        guard let m = svg.range(of: "viewBox=\"0 0 [0-9]+ [0-9]+\"", options: .regularExpression) else { return nil }
        let parts = svg[m].dropFirst(9).dropLast().split(separator: " ").compactMap { Double($0) }
        return parts.count == 4 ? (parts[2], parts[3]) : nil
    }

    /// The checks every theme chart must pass: one panel and one line per theme, no two label
    /// boxes overlapping, every label and every point inside the picture.
    func assertReadable(_ svg: String, themes expected: [String], file: StaticString = #filePath, line: UInt = #line) throws {
        let (width, height) = try XCTUnwrap(Self.svgSize(svg), file: file, line: line)
        let panels = svg.components(separatedBy: "<g class=\"theme\"").dropFirst()
        XCTAssertEqual(panels.count, expected.count, file: file, line: line)
        for (panel, theme) in zip(panels, expected) {
            XCTAssertTrue(panel.hasPrefix(" data-theme=\"\(theme)\""), "panel order: \(panel.prefix(40)) for \(theme)", file: file, line: line)
            XCTAssertEqual(panel.components(separatedBy: "<polyline").count - 1, 1, "one line in \(theme)", file: file, line: line)
        }
        let labels = try Self.labels(in: svg)
        // A title per panel, three scale labels and at least the first and last year.
        XCTAssertGreaterThanOrEqual(labels.count, expected.count * 6, file: file, line: line)
        XCTAssertEqual(labels.filter { $0.text.hasSuffix("%") && $0.text.contains(" ") }.count, expected.count, "one title per panel", file: file, line: line)
        for l in labels {
            XCTAssertTrue(l.x0 >= 0 && l.x1 <= width && l.y0 >= 0 && l.y1 <= height, "\(l.text) outside the picture", file: file, line: line)
        }
        for i in labels.indices {
            for j in labels.indices where j > i {
                let a = labels[i], b = labels[j]
                let overlap = a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1
                XCTAssertFalse(overlap, "labels overlap: '\(a.text)' and '\(b.text)'", file: file, line: line)
            }
        }
        let re = try NSRegularExpression(pattern: "points=\"([^\"]*)\"")
        let ns = svg as NSString
        for m in re.matches(in: svg, range: NSRange(location: 0, length: ns.length)) {
            for p in ns.substring(with: m.range(at: 1)).split(separator: " ") {
                let xy = p.split(separator: ",").compactMap { Double($0) }
                XCTAssertTrue(xy.count == 2 && (0...width).contains(xy[0]) && (0...height).contains(xy[1]), "point \(p)", file: file, line: line)
            }
        }
        // One scale: every panel's top grid label is the same.
        let tops = Set(labels.filter { $0.text.hasSuffix("%") && !$0.text.contains(" ") && $0.text != "0%" }.map(\.text))
        XCTAssertEqual(tops.count, 2, "half and top of one shared scale: \(tops)", file: file, line: line)
    }

    /// A report made by hand: three themes over four years, one of them never used, and a long
    /// theme name that must be shortened to fit its panel.
    func testSmallMultiplesOnASharedScaleWithoutOverlappingLabels() throws {
        let names = ["经济增长与宏观调控", "农业农村", "一个名字很长很长很长很长很长很长很长很长的主题", "没有出现的主题"]
        let taxonomy = ThemeTaxonomy(themes: names.map { .init(name: $0, seeds: [$0]) }, name: "测试")
        let weights: [Int: [Double]] = [1954: [1, 3, 0.5, 0], 1978: [2, 2, 0.5, 0], 2000: [3, 1, 0.5, 0], 2025: [4, 1, 1, 0]]
        let documents = weights.map { y, w in
            TopicDocument(file: "\(y).txt", index: 0, title: nil, year: y, termCounts: ["词\(y)": 2], themeWeights: w, paragraphs: [])
        }
        let report = TrendReport.build(documents: documents, taxonomy: taxonomy)
        XCTAssertEqual(report.taxonomy, "测试")
        let series = HTMLTrendChart.series(report, themes: taxonomy.names)
        // Largest mean share first; the unused theme has no panel.
        XCTAssertEqual(series.map(\.theme), [names[0], names[1], names[2]])
        let svg = HTMLTrendChart.svg(report, themes: taxonomy.names)
        try assertReadable(svg, themes: series.map(\.theme))
        XCTAssertTrue(svg.contains("…"), "the long name is shortened")
        // The shared scale's top is the largest share rounded up to a tenth: 4/6.5 → 70%.
        XCTAssertTrue(svg.contains(">70%</text>"))
        // Narrow pictures keep the labels apart too (two columns).
        try assertReadable(HTMLTrendChart.svg(report, themes: taxonomy.names, width: 480, columns: 2), themes: series.map(\.theme))
        let html = HTMLTrendChart.html(report, themes: taxonomy.names, language: .zh)
        XCTAssertTrue(html.contains("主题分类：测试"))
    }

    // MARK: the taxonomy by the documents' kind

    func testTheChoiceRule() {
        let lib = Self.library
        XCTAssertEqual(lib.entries.map(\.file), ["zhengfu.yaml", "zhengxie.yaml"])
        XCTAssertEqual(lib.choose(kinds: ["政府工作报告", "政府工作报告", nil, "工作总结"]).entry.file, "zhengfu.yaml")
        // Half is not more than half.
        XCTAssertEqual(lib.choose(kinds: ["政府工作报告", "政协常委会工作报告"]).entry.file, "zhengxie.yaml")
        XCTAssertEqual(lib.choose(kinds: [nil, nil]).entry.file, "zhengxie.yaml")
        XCTAssertEqual(lib.choose(kinds: []).entry.file, "zhengxie.yaml")
    }

    func testThe政协SeedPageKeepsThe政协Taxonomy() throws {
        let genres = try GenreReader(dictionaries: Self.dictionaries)
        let kinds = genres.kinds(of: try Self.extractor.tokenizer.normalize(try InputReader.read(Self.seed).text))
        XCTAssertEqual(kinds.count, 5)
        XCTAssertFalse(kinds.contains("政府工作报告"))
        XCTAssertEqual(Self.library.choose(kinds: kinds).entry.file, "zhengxie.yaml")
    }

    func testStateCouncilReportsGetTheGovernmentTaxonomyAndAReadableChart() throws {
        guard let files = Self.reportFiles else { throw XCTSkip("../shared/corpus/govreports is absent") }
        let genres = try GenreReader(dictionaries: Self.dictionaries)
        let sources = try files.map { try InputReader.read($0) }
        let kinds = try sources.flatMap { genres.kinds(of: try Self.extractor.tokenizer.normalize($0.text)) }
        XCTAssertEqual(kinds.count, 52)
        let choice = Self.library.choose(kinds: kinds)
        XCTAssertEqual(choice.entry.file, "zhengfu.yaml")
        XCTAssertEqual(choice.taxonomy.name, "政府工作报告主题")
        XCTAssertGreaterThanOrEqual(choice.covered, 40, "\(choice.kinds)")
        // The shares by the government taxonomy.
        let reader = TopicReader(extractor: Self.extractor, taxonomy: choice.taxonomy)
        let documents = try sources.flatMap { try reader.read($0) }
        let report = TrendReport.build(documents: documents, taxonomy: choice.taxonomy)
        func top(_ year: Int) -> String? { report.years.first { $0.year == year }?.themes.first?.theme }
        // 1960 is the report on the agricultural programme; 1978 the first after the 文化大革命.
        XCTAssertEqual(top(1960), "农业农村")
        XCTAssertTrue(report.years.first { $0.year == 1978 }!.themes.prefix(4).map(\.theme).contains("社会主义改造与政治运动"))
        // The eras: reform leads the late 1980s, livelihood is among the first three themes once
        // 民生 becomes a chapter of its own (2008–2013).
        for y in [1986, 1987, 1988] { XCTAssertEqual(top(y), "改革开放", "\(y)") }
        for y in 2008...2013 { XCTAssertTrue(report.years.first { $0.year == y }!.themes.prefix(3).map(\.theme).contains("民生社保"), "\(y)") }
        for y in report.years { XCTAssertEqual(y.themes.map(\.share).reduce(0, +), 1, accuracy: 1e-6) }
        let series = HTMLTrendChart.series(report, themes: choice.taxonomy.names)
        XCTAssertEqual(series.count, choice.taxonomy.themes.count)
        let svg = HTMLTrendChart.svg(report, themes: choice.taxonomy.names)
        try assertReadable(svg, themes: series.map(\.theme))
        XCTAssertTrue(svg.contains(">1954</text>") && svg.contains(">2025</text>") && svg.contains(">2000</text>"))
        // A dot for each year with a report, in each panel.
        XCTAssertEqual(svg.components(separatedBy: "<circle").count - 1, 52 * series.count)
    }
}
