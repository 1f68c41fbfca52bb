import Foundation

/// How topics move across years: per year the keywords that tell it from the other years, its
/// theme shares and the terms it uses first; per term the first year it appears and whether it
/// rises or falls; and the terms a user follows (`--term`), year by year.
///
/// - Distinctive keywords: TF-IDF with the years as the documents — `tf` a term's count in the
///   year over all accepted terms of the year, `idf = ln(Y / years the term occurs in)` — so a
///   term every year uses (发展 / 建设 would, were they not policy verbs already) weighs 0. A
///   term needs `minCount` occurrences in the year.
/// - Trend: the years are split into an earlier and a later half; a term is `rising` when its
///   rate (per accepted term) in the later half is more than twice that in the earlier half and
///   it occurs at least `minTrendCount` times there, `falling` the other way round, `steady`
///   otherwise.
public struct TrendReport: Sendable, Codable {
    public struct Year: Sendable, Codable {
        public let year: Int
        public let documents: Int
        public let keywords: [Keyword]
        public let themes: [ThemeShare]
        /// Terms used for the first time this year (in no earlier year of the report) that come
        /// back: in a later year too, or three times or more this year; ranked by count × years
        /// used × √length. Empty for the first `newTermBaseline` years.
        public let newTerms: [String]
    }
    /// A term followed through the years (`--term`).
    public struct Tracked: Sendable, Codable {
        public struct Point: Sendable, Codable {
            public let year: Int
            public let count: Int
            /// Occurrences per 10,000 accepted terms of the year.
            public let rate: Double
        }
        public let term: String
        /// Null when the term occurs in no year.
        public let firstYear: Int?
        public let lastYear: Int?
        /// The year of the highest rate.
        public let peakYear: Int?
        public let count: Int
        /// rising, falling or steady (earlier half against later half, as for `terms`).
        public let trend: String
        /// Every year of the report, zeros included.
        public let years: [Point]
    }
    public struct Term: Sendable, Codable {
        public let term: String
        public let firstYear: Int
        public let lastYear: Int
        public let count: Int
        /// rising, falling or steady.
        public let trend: String
    }

    public let years: [Year]
    public let terms: [Term]
    public let tracked: [Tracked]
    /// The name of the theme taxonomy the shares are of (`name:` of its file), if it has one.
    public var taxonomy: String? = nil

    /// Counts per year, for charts and tests: year → term → count, and year → total.
    public struct Counts: Sendable {
        public let years: [Int]
        public let counts: [Int: [String: Int]]
        public let totals: [Int: Int]
        /// Occurrences per 10,000 accepted terms of the year.
        public func rate(of term: String, in year: Int) -> Double {
            guard let t = totals[year], t > 0 else { return 0 }
            return Double(counts[year]?[term] ?? 0) * 10_000 / Double(t)
        }
    }

    public struct Settings: Sendable {
        public var top = 15
        public var minCount = 2
        public var minTrendCount = 5
        /// How many rising and how many falling terms to list besides the years' keywords.
        public var trendTerms = 30
        /// How many new terms to list per year.
        public var newTerms = 15
        /// New terms are listed from the year after this many years: the vocabulary they are new
        /// against (the second year of a report would list every common word).
        public var newTermBaseline = 3
        /// Terms to follow year by year, whether or not they are among the keywords.
        public var tracked: [String] = []
        public init() {}
    }

    public static func counts(of documents: [TopicDocument]) -> Counts {
        var counts: [Int: [String: Int]] = [:]
        var totals: [Int: Int] = [:]
        for d in documents {
            guard let y = d.year else { continue }
            for (t, c) in d.termCounts { counts[y, default: [:]][t, default: 0] += c; totals[y, default: 0] += c }
        }
        return Counts(years: counts.keys.sorted(), counts: counts, totals: totals)
    }

    public static func build(documents: [TopicDocument], taxonomy: ThemeTaxonomy, settings: Settings = Settings()) -> TrendReport {
        let c = counts(of: documents)
        let nYears = Double(c.years.count)
        var yearsWith: [String: Int] = [:]
        for y in c.years { for t in c.counts[y]!.keys { yearsWith[t, default: 0] += 1 } }
        var first: [String: Int] = [:], last: [String: Int] = [:], all: [String: Int] = [:]
        for y in c.years {
            for (t, n) in c.counts[y]! {
                if first[t] == nil { first[t] = y }
                last[t] = y
                all[t, default: 0] += n
            }
        }
        var newTerms: [Int: [String]] = [:]
        // Only after `newTermBaseline` years: before that, every common word is "new".
        let baseline = Set(c.years.prefix(settings.newTermBaseline))
        for (t, y) in first where !baseline.contains(y) && (yearsWith[t]! >= 2 || all[t]! >= 3) { newTerms[y, default: []].append(t) }
        var years: [Year] = []
        var listed = Set<String>()
        for y in c.years {
            let total = Double(c.totals[y]!)
            var weights: [String: Double] = [:]
            for (t, n) in c.counts[y]! where n >= settings.minCount {
                let w = Double(n) / total * log(nYears / Double(yearsWith[t]!))
                if w > 0 { weights[t] = w }
            }
            let keywords = Keyword.ranked(weights, top: settings.top)
            listed.formUnion(keywords.map(\.term))
            var themeWeights = [Double](repeating: 0, count: taxonomy.themes.count)
            let docs = documents.filter { $0.year == y }
            for d in docs { for k in 0..<themeWeights.count { themeWeights[k] += d.themeWeights[k] } }
            // Most used first, a term that lasts into more years and a longer (more specific) one
            // weighing more: 新质生产力 over 用力.
            func salience(_ t: String) -> Double { Double(all[t]! * yearsWith[t]!) * Double(t.unicodeScalars.count).squareRoot() }
            let new = (newTerms[y] ?? []).sorted { (salience($0), $1) > (salience($1), $0) }
            years.append(Year(year: y, documents: docs.reduce(0) { $0 + $1.documents }, keywords: keywords,
                              themes: taxonomy.ranked(ThemeTaxonomy.normalized(themeWeights)),
                              newTerms: Array(new.prefix(settings.newTerms))))
        }
        // Trends: earlier half against later half.
        let half = c.years.count / 2
        let early = Array(c.years.prefix(half)), late = Array(c.years.dropFirst(half))
        func sum(_ ys: [Int], _ t: String) -> Int { ys.reduce(0) { $0 + (c.counts[$1]?[t] ?? 0) } }
        let earlyTotal = Double(max(early.reduce(0) { $0 + c.totals[$1]! }, 1))
        let lateTotal = Double(max(late.reduce(0) { $0 + c.totals[$1]! }, 1))
        func trend(_ t: String) -> (String, Double) {
            // One year has no earlier half: nothing rose or fell (every term was "rising").
            guard !early.isEmpty else { return ("steady", 0) }
            let e = Double(sum(early, t)), l = Double(sum(late, t))
            let score = log((l + 0.5) / lateTotal) - log((e + 0.5) / earlyTotal)
            if l >= Double(settings.minTrendCount) && l / lateTotal > 2 * e / earlyTotal { return ("rising", score) }
            if e >= Double(settings.minTrendCount) && e / earlyTotal > 2 * l / lateTotal { return ("falling", score) }
            return ("steady", score)
        }
        var trends: [String: (String, Double)] = [:]
        for t in all.keys where all[t]! >= settings.minTrendCount { trends[t] = trend(t) }
        let byScore = trends.sorted { $0.value.1 != $1.value.1 ? $0.value.1 > $1.value.1 : $0.key < $1.key }
        listed.formUnion(byScore.filter { $0.value.0 == "rising" }.prefix(settings.trendTerms).map(\.key))
        listed.formUnion(byScore.reversed().filter { $0.value.0 == "falling" }.prefix(settings.trendTerms).map(\.key))
        let terms = listed.sorted { (first[$0]!, $0) < (first[$1]!, $1) }.map { t in
            Term(term: t, firstYear: first[t]!, lastYear: last[t]!, count: all[t]!, trend: trends[t]?.0 ?? trend(t).0)
        }
        let tracked = settings.tracked.map { t -> Tracked in
            let points = c.years.map { y in Tracked.Point(year: y, count: c.counts[y]?[t] ?? 0, rate: c.rate(of: t, in: y)) }
            let peak = points.filter { $0.count > 0 }.max { $0.rate != $1.rate ? $0.rate < $1.rate : $0.year > $1.year }
            return Tracked(term: t, firstYear: first[t], lastYear: last[t], peakYear: peak?.year, count: all[t] ?? 0,
                           trend: trend(t).0, years: points)
        }
        return TrendReport(years: years, terms: terms, tracked: tracked, taxonomy: taxonomy.name)
    }

    /// Rising (or falling) terms of the report, most marked first.
    public func terms(trend: String) -> [Term] { terms.filter { $0.trend == trend } }

    /// The report as text.
    public func text() -> String {
        var out = ""
        for y in years {
            out += "\(y.year) (\(y.documents) document\(y.documents == 1 ? "" : "s"))\n"
            if years.count < 2 {
                // Distinctive keywords compare a year with the others: with one year there are none.
                out += "  keywords: (one year only: nothing to compare it with; `wenshu keywords` gives a document's keywords)\n"
            } else {
                out += "  keywords: " + y.keywords.map { "\($0.term) \(String(format: "%.4f", $0.weight))" }.joined(separator: ", ") + "\n"
            }
            out += "  themes:   " + y.themes.prefix(6).map { "\($0.theme) \(Int(($0.share * 100).rounded()))%" }.joined(separator: ", ") + "\n"
            if !y.newTerms.isEmpty { out += "  new terms: " + y.newTerms.joined(separator: ", ") + "\n" }
        }
        if years.count < 2 {
            out += "rising, falling: (one year only: nothing to compare it with)\n"
        } else {
            out += "rising:  " + terms(trend: "rising").map { "\($0.term) (\($0.firstYear)–)" }.joined(separator: ", ") + "\n"
            out += "falling: " + terms(trend: "falling").map { "\($0.term) (–\($0.lastYear))" }.joined(separator: ", ") + "\n"
        }
        for t in tracked {
            guard let firstYear = t.firstYear, let lastYear = t.lastYear, let peak = t.peakYear else {
                out += "\(t.term): in no year\n"
                continue
            }
            out += "\(t.term): \(t.count)× — first \(firstYear), peak \(peak), last \(lastYear), \(t.trend)\n  "
            out += t.years.filter { $0.count > 0 }.map { "\($0.year) \($0.count)" }.joined(separator: " · ") + "\n"
        }
        return out
    }
}
