import Foundation
import WenshuText
import Yams

/// A theme's share of a document or a year.
public struct ThemeShare: Sendable, Codable, Equatable {
    public let theme: String
    public let share: Double
}

/// A taxonomy of themes, each with seed terms, read from YAML (dictionaries/themes/*.yaml):
///
///     name: 政协与政府工作文书主题
///     themes:
///       - name: 提案工作
///         seeds: [提案, 提案办理, 办结率]
///
/// A paragraph has a theme when its text contains one of the theme's seeds; at each position the
/// longest seed wins (提案办理 over 提案), and a seed listed under two themes counts for both.
public struct ThemeTaxonomy: Sendable {
    public struct Theme: Sendable, Codable, Equatable {
        public let name: String
        public let seeds: [String]
    }
    struct File: Codable { let name: String?; let genres: [String]?; let themes: [Theme] }

    public let themes: [Theme]
    /// The taxonomy's name (`name:` in the file), if any.
    public let name: String?
    /// The reference structures (dictionaries/structures/) whose documents this taxonomy is
    /// meant for (`genres:` in the file): `wenshu themes` chooses it for them (`TaxonomyLibrary`).
    public let genres: [String]
    let matcher: Lexicon
    /// For each matcher entry, the themes whose seed it is.
    let entryThemes: [[Int]]

    public init(themes: [Theme], name: String? = nil, genres: [String] = []) {
        var builder = LexiconBuilder()
        var seedThemes: [String: [Int]] = [:]
        for (k, t) in themes.enumerated() {
            for s in t.seeds where !s.isEmpty {
                if !(seedThemes[s]?.contains(k) ?? false) { seedThemes[s, default: []].append(k) }
                builder.add(s)
            }
        }
        let m = builder.build()
        let entries = (0..<m.count).map { seedThemes[m.entry($0).word] ?? [] }
        self.themes = themes
        self.name = name
        self.genres = genres
        matcher = m
        entryThemes = entries
    }

    public var names: [String] { themes.map(\.name) }

    /// Reads a taxonomy file; malformed YAML, a theme without a name or without seeds is an error
    /// naming the file.
    public static func load(contentsOf url: URL) throws -> ThemeTaxonomy {
        let text: String
        do throws(DataFile.Unreadable) { text = try DataFile.text(of: url, limit: YAMLGuard.maxBytes) } catch {
            throw TopicsError.unreadable(file: error.file, reason: error.reason)
        }
        if let violation = YAMLGuard.check(text) {
            throw TopicsError.badLine(file: url.path, line: violation.line, reason: violation.reason)
        }
        if (try? Yams.compose(yaml: text)) == .some(nil) {
            throw TopicsError.malformed(file: url.path, reason: "the file is empty (no YAML in it); a theme taxonomy needs name: and themes:")
        }
        let file: File
        do { file = try YAMLDecoder().decode(File.self, from: text) } catch {
            throw TopicsError.malformed(file: url.path, reason: "not a theme taxonomy (name, themes: [{name, seeds: [...]}]): \(error)")
        }
        for t in file.themes {
            if t.name.trimmingCharacters(in: .whitespaces).isEmpty { throw TopicsError.malformed(file: url.path, reason: "a theme has an empty name") }
            if t.seeds.isEmpty { throw TopicsError.malformed(file: url.path, reason: "the theme '\(t.name)' has no seeds") }
        }
        if file.themes.isEmpty { throw TopicsError.malformed(file: url.path, reason: "no themes") }
        return ThemeTaxonomy(themes: file.themes, name: file.name, genres: file.genres ?? [])
    }

    /// This taxonomy extended by another: a theme of the same name gets the other's seeds too,
    /// a new name is appended.
    public func extended(with other: ThemeTaxonomy) -> ThemeTaxonomy {
        var merged = themes
        for t in other.themes {
            if let k = merged.firstIndex(where: { $0.name == t.name }) {
                let seeds = merged[k].seeds + t.seeds.filter { !merged[k].seeds.contains($0) }
                merged[k] = Theme(name: t.name, seeds: seeds)
            } else {
                merged.append(t)
            }
        }
        return ThemeTaxonomy(themes: merged, name: name, genres: genres)
    }

    /// Seed hits per theme in some text (longest seed at each position; matches do not overlap).
    public func hits(in scalars: ArraySlice<UInt32>) -> [Int] {
        var counts = [Int](repeating: 0, count: themes.count)
        Array(scalars).withUnsafeBufferPointer { t in
            var i = 0
            while i < t.count {
                var best = 0, entry = -1
                matcher.forEachMatch(in: t, at: i) { len, e in if len > best { best = len; entry = e } }
                if entry >= 0 {
                    for k in entryThemes[entry] { counts[k] += 1 }
                    i += best
                } else {
                    i += 1
                }
            }
        }
        return counts
    }

    /// Theme shares of a run of paragraphs: each paragraph's weight (its number of Han
    /// characters) is divided among its themes in proportion to their hits; shares are of the
    /// text that has any theme, so they sum to 1 (or are all 0 when no paragraph has a theme).
    public func shares(ofParagraphs paragraphs: [ArraySlice<UInt32>]) -> [Double] {
        var weights = [Double](repeating: 0, count: themes.count)
        for p in paragraphs { add(p, to: &weights) }
        return ThemeTaxonomy.normalized(weights)
    }

    /// Adds one paragraph's theme weight (see `shares`) to a running total.
    public func add(_ paragraph: ArraySlice<UInt32>, to weights: inout [Double]) {
        let h = hits(in: paragraph)
        let total = h.reduce(0, +)
        guard total > 0 else { return }
        let han = Double(paragraph.reduce(0) { $0 + (CharacterClass.isHan($1) ? 1 : 0) })
        for k in 0..<h.count where h[k] > 0 { weights[k] += han * Double(h[k]) / Double(total) }
    }

    /// Weights (see `add`) as shares summing to 1.
    public func normalizedShares(_ weights: [Double]) -> [Double] { ThemeTaxonomy.normalized(weights) }

    static func normalized(_ weights: [Double]) -> [Double] {
        let sum = weights.reduce(0, +)
        return sum > 0 ? weights.map { $0 / sum } : weights
    }

    /// Shares as a list, largest first (ties in taxonomy order), zero shares left out.
    public func ranked(_ shares: [Double]) -> [ThemeShare] {
        shares.enumerated().filter { $0.element > 0 }
            .sorted { $0.element != $1.element ? $0.element > $1.element : $0.offset < $1.offset }
            .map { ThemeShare(theme: themes[$0.offset].name, share: $0.element) }
    }
}
