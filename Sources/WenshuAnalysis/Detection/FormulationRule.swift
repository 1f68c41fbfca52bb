import Foundation
import WenshuText

/// The fixed formulations (提法) of official writing, read from
/// `dictionaries/phrases/formulations.txt`: the exact wording, the years it was current and,
/// for an enumeration (创新、协调、绿色、开放、共享), its items in order.
public struct FormulationList: Sendable {
    public struct Formulation: Sendable, Equatable {
        public let text: String
        public let scalars: [UInt32]
        /// First year it was current.
        public let from: Int
        /// Last year it was current; nil while it still is.
        public let until: Int?
        /// The items of an enumerated formulation (split at 、), in order; empty otherwise.
        public let items: [[UInt32]]
        /// How the line describes its use in the reference corpus (years and reports).
        public let used: String
    }
    public let formulations: [Formulation]
    /// Formulations shorter than this are not checked for single-character edits.
    public let minimumEditLength: Int
    /// Particles official writing adds to or drops from a formulation itself (的, 地):
    /// adding or dropping one is not a misquote.
    public let particles: Set<UInt32>

    public init(formulations: [Formulation], minimumEditLength: Int = 7, particles: Set<UInt32> = []) {
        self.formulations = formulations
        self.minimumEditLength = minimumEditLength
        self.particles = particles
    }

    /// The list and its particles (`phrases/formulations.txt`, `phrases/formulation-particles.txt`).
    public static func load(dictionaries: Dictionaries) throws -> FormulationList {
        let list = try load(contentsOf: dictionaries.url("phrases/formulations.txt"))
        let particles = try WordList.load(contentsOf: dictionaries.url("phrases/formulation-particles.txt"))
            .flatMap { $0.unicodeScalars.filter { !$0.properties.isWhitespace }.map(\.value) }
        return FormulationList(formulations: list.formulations, particles: Set(particles))
    }

    public static func load(contentsOf url: URL) throws -> FormulationList {
        var list: [Formulation] = []
        var seen = Set<String>()
        for entry in try DataFile.entries(of: url) {
            let line = entry.text, n = entry.number
            let f = line.split(separator: "\t", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            guard f.count >= 2, !f[0].isEmpty else {
                throw DictionaryError.malformed(file: url.path, reason: "line \(n) '\(line)' needs a formulation and its years, separated by a TAB")
            }
            let years = f[1].split(separator: "-", omittingEmptySubsequences: false)
            guard years.count == 2, let from = Int(years[0]), (1900...2100).contains(from) else {
                throw DictionaryError.malformed(file: url.path, reason: "line \(n) '\(f[0])': years '\(f[1])' must be FROM- or FROM-TO (four-digit years)")
            }
            var until: Int? = nil
            if !years[1].isEmpty {
                guard let to = Int(years[1]), to >= from, to <= 2100 else {
                    throw DictionaryError.malformed(file: url.path, reason: "line \(n) '\(f[0])': years '\(f[1])' must be FROM-TO with TO ≥ FROM")
                }
                until = to
            }
            guard seen.insert(f[0]).inserted else {
                throw DictionaryError.malformed(file: url.path, reason: "line \(n) '\(f[0])' is listed twice")
            }
            let parts = f[0].split(separator: "、").map { Array($0.unicodeScalars.map(\.value)) }
            list.append(Formulation(text: f[0], scalars: f[0].unicodeScalars.map(\.value), from: from, until: until,
                                    items: parts.count >= 3 ? parts : [], used: f.count > 2 ? f[2] : ""))
        }
        return FormulationList(formulations: list)
    }
}

/// Misquoted formulations (提法): a listed formulation with one character changed, dropped,
/// added, or two neighbours swapped, or an enumerated one with its items out of order, is an
/// error whose suggestion is the exact wording; a formulation current only in earlier years,
/// used in a document about a later year, is a warning naming those years.
public struct FormulationRule: DocumentRule {
    public let list: FormulationList
    public let kinds = [FindingKind.formulation]
    /// Years after a formulation was superseded during which a document may still quote it
    /// (a report early in a year reviews the year before).
    public let graceYears: Int
    /// Formulation text → index, to tell another listed formulation from a misquote.
    private let exact: [[UInt32]: Int]
    /// The characters a search starts from: the first of each formulation, of its second half
    /// (`nearMisses`) and of each item of an enumeration.
    private let starts: Set<UInt32>

    public init(list: FormulationList, graceYears: Int = 1) {
        self.list = list
        self.graceYears = graceYears
        var exact: [[UInt32]: Int] = [:]
        var starts = Set<UInt32>()
        for (k, f) in list.formulations.enumerated() {
            exact[f.scalars] = k
            if let c = f.scalars.first { starts.insert(c) }
            let n = f.scalars.count
            if n / 2 + 1 < n { starts.insert(f.scalars[n / 2 + 1]) }
            for item in f.items { if let c = item.first { starts.insert(c) } }
        }
        self.exact = exact
        self.starts = starts
    }

    /// Where each starting character (`starts`) stands in a run of scalars, in order: one pass
    /// over a paragraph instead of one per formulation (on a file that is one line of millions
    /// of characters, 58 formulations made 170 passes).
    struct StartIndex {
        private let positions: [UInt32: [Int]]

        init(_ s: [UInt32], starts: Set<UInt32>) {
            var positions: [UInt32: [Int]] = [:]
            // A bitmap of the starting characters of the BMP rules out most characters at once.
            var bits = [UInt64](repeating: 0, count: 1_024)
            var beyond = false
            for c in starts { if c < 0x10000 { bits[Int(c >> 6)] |= 1 << UInt64(c & 63) } else { beyond = true } }
            for (i, c) in s.enumerated() {
                if c < 0x10000 {
                    guard bits[Int(c >> 6)] & (1 << UInt64(c & 63)) != 0 else { continue }
                } else if !beyond || !starts.contains(c) {
                    continue
                }
                positions[c, default: []].append(i)
            }
            self.positions = positions
        }

        func positions(of c: UInt32) -> [Int] { positions[c] ?? [] }
    }

    /// The year the document is about, as the report gives it: from the title or the opening
    /// (the first two paragraphs only: the others are not searched).
    static func year(of d: DocumentContext) -> Int? {
        let title = d.title.map { [$0] } ?? []
        return YearInfo.find(in: Array((title + d.paragraphs).prefix(2)), title: d.title?.text, kind: .unknown).year
    }

    public func check(_ d: DocumentContext) -> [Finding] {
        let year = Self.year(of: d)
        var out: [Finding] = []
        for p in d.paragraphs {
            out += check(paragraph: p, year: year, d)
        }
        return out
    }

    /// The near-misses of the formulations in one run of scalars: (start, end, formulation index).
    /// Exposed for the benchmark, which plants edits in genuine text.
    public func nearMisses(in s: [UInt32]) -> [(start: Int, end: Int, formulation: Int, how: Edit)] {
        nearMisses(in: s, index: StartIndex(s, starts: starts))
    }

    func nearMisses(in s: [UInt32], index: StartIndex) -> [(start: Int, end: Int, formulation: Int, how: Edit)] {
        // Exact occurrences of every formulation: a window overlapping one is quoted right.
        // (A formulation inside the one checked, 社会主义初级阶段 in 仍处于并将长期处于社会主义初级阶段,
        // does not count: it is quoted right in a misquote of the longer one.)
        var covered: [(Int, Int, [UInt32])] = []
        for f in list.formulations {
            for i in occurrences(of: f.scalars[...], in: s, index: index) { covered.append((i, i + f.scalars.count, f.scalars)) }
        }
        // By start, so that the occurrences a window overlaps are found by a binary search, not
        // by a pass over all of them (quadratic on a long line that quotes them thousands of times).
        covered.sort { $0.0 < $1.0 }
        let longest = covered.map { $0.1 - $0.0 }.max() ?? 0
        /// Whether an exact occurrence overlapping start..<end is not inside `f`.
        func overlapsOther(_ start: Int, _ end: Int, _ f: [UInt32]) -> Bool {
            // An occurrence overlapping the window starts after start - longest and before end.
            var lo = 0, hi = covered.count
            while lo < hi {
                let mid = (lo + hi) / 2
                if covered[mid].0 <= start - longest { lo = mid + 1 } else { hi = mid }
            }
            var k = lo
            while k < covered.count, covered[k].0 < end {
                if start < covered[k].1 && !Self.contains(f, covered[k].2) { return true }
                k += 1
            }
            return false
        }
        var found: [(Int, Int, Int, Edit)] = []
        var seen = Set<Int>()
        for (k, f) in list.formulations.enumerated() where f.scalars.count >= list.minimumEditLength {
            let n = f.scalars.count
            let a = n / 2 - 1, b = n / 2 + 1
            var windows: [(Int, Int)] = []
            for i in occurrences(of: f.scalars[0..<a], in: s, index: index) {
                for len in (n - 1)...(n + 1) where i + len <= s.count { windows.append((i, i + len)) }
            }
            for j in occurrences(of: f.scalars[b..<n], in: s, index: index) {
                let e = j + (n - b)
                for len in (n - 1)...(n + 1) where e - len >= 0 { windows.append((e - len, e)) }
            }
            for (start, end) in windows {
                let w = Array(s[start..<end])
                guard w != f.scalars, exact[w] == nil else { continue }
                guard !overlapsOther(start, end, f.scalars) else { continue }
                guard let edit = Self.singleEdit(from: f.scalars, to: w) else { continue }
                // The edited character must be a Han character: a comma or a line's end is
                // punctuation, not a misquote.
                if let c = edit.character, !CharacterClass.isHan(c) { continue }
                switch edit {
                case let .added(_, c) where list.particles.contains(c): continue
                case let .dropped(i) where list.particles.contains(f.scalars[i]): continue
                default: break
                }
                guard seen.insert(start * 4096 + k).inserted else { continue }
                found.append((start, end, k, edit))
            }
        }
        // One finding per place: the longest formulation explains it.
        found.sort { ($0.0, -($0.1 - $0.0)) < ($1.0, -($1.1 - $1.0)) }
        // The places kept do not overlap and come by start, so their ends rise too: a place
        // overlaps one of them exactly when it starts before the last one's end.
        var result: [(start: Int, end: Int, formulation: Int, how: Edit)] = []
        for f in found where !(result.last.map { f.0 < $0.end } ?? false) {
            result.append((f.0, f.1, f.2, f.3))
        }
        return result
    }

    /// Enumerations whose items appear in another order: (start, end, formulation index).
    public func reorderedEnumerations(in s: [UInt32]) -> [(start: Int, end: Int, formulation: Int)] {
        reorderedEnumerations(in: s, index: StartIndex(s, starts: starts))
    }

    func reorderedEnumerations(in s: [UInt32], index: StartIndex) -> [(start: Int, end: Int, formulation: Int)] {
        var out: [(start: Int, end: Int, formulation: Int)] = []
        let comma: UInt32 = 0x3001
        for (k, f) in list.formulations.enumerated() where !f.items.isEmpty {
            // An enumeration can only begin where one of its items does.
            let candidates = Set(f.items.compactMap(\.first)).flatMap { index.positions(of: $0) }.sorted()
            var c = 0
            var i = 0
            while c < candidates.count {
                if candidates[c] < i { c += 1; continue }
                i = candidates[c]
                var pos = i
                var got: [Int] = []
                while got.count < f.items.count {
                    guard let m = f.items.indices.filter({ !got.contains($0) && Self.hasPrefix(s, at: pos, f.items[$0]) })
                        .max(by: { f.items[$0].count < f.items[$1].count }) else { break }
                    got.append(m)
                    pos += f.items[m].count
                    if got.count < f.items.count {
                        guard pos < s.count, s[pos] == comma else { break }
                        pos += 1
                    }
                }
                if got.count == f.items.count {
                    if got != Array(f.items.indices) { out.append((i, pos, k)) }
                    i = pos
                } else {
                    i += 1
                }
            }
        }
        return out
    }

    func check(paragraph p: Paragraph, year: Int?, _ d: DocumentContext) -> [Finding] {
        var out: [Finding] = []
        let s = p.scalars
        let index = StartIndex(s, starts: starts)
        for m in nearMisses(in: s, index: index) {
            let f = list.formulations[m.formulation]
            let r = TextRange(start: p.range.start + m.start, end: p.range.start + m.end)
            let text = d.findings.text.text(in: r)
            out.append(d.findings.make(.formulation, .error, Message(
                en: "\(text) misquotes the formulation \(f.text) (\(m.how.en)); a formulation (提法) is quoted word for word",
                zh: "“\(text)”与规范提法“\(f.text)”不符（\(m.how.zh)），提法必须一字不差"),
                normalized: r, replacement: f.text))
        }
        for m in reorderedEnumerations(in: s, index: index) {
            let f = list.formulations[m.formulation]
            let r = TextRange(start: p.range.start + m.start, end: p.range.start + m.end)
            let text = d.findings.text.text(in: r)
            out.append(d.findings.make(.formulation, .error, Message(
                en: "\(text) lists the items of the formulation \(f.text) in another order; a formulation (提法) is quoted in its own order",
                zh: "“\(text)”的顺序与规范提法“\(f.text)”不同，提法的各项顺序不能调换"),
                normalized: r, replacement: f.text))
        }
        if let year {
            for f in list.formulations {
                guard let until = f.until, year > until + graceYears else { continue }
                for i in occurrences(of: f.scalars[...], in: s, index: index) {
                    let r = TextRange(start: p.range.start + i, end: p.range.start + i + f.scalars.count)
                    let newer = list.formulations.filter { $0.until == nil && $0.from >= until && $0.from <= until + 1 && Self.related($0.text, f.text) }.map(\.text)
                    let hint = newer.isEmpty ? "" : "; now: " + newer.joined(separator: ", ")
                    let hintZh = newer.isEmpty ? "" : "；现行提法：" + newer.joined(separator: "、")
                    out.append(d.findings.make(.formulation, .warning, Message(
                        en: "\(f.text) was the formulation of \(f.from)–\(until); this document is about \(year)\(hint)",
                        zh: "“\(f.text)”是 \(f.from)—\(until) 年的提法，本文写的是 \(year) 年\(hintZh)"),
                        normalized: r, advice: newer.first.map { Message(literal: $0) }))
                }
            }
        }
        return out
    }

    /// Two formulations about the same thing: they share half their characters.
    static func related(_ a: String, _ b: String) -> Bool {
        let x = Set(a.unicodeScalars), y = Set(b.unicodeScalars)
        return Double(x.intersection(y).count) >= 0.5 * Double(min(x.count, y.count))
    }

    static func contains(_ a: [UInt32], _ b: [UInt32]) -> Bool {
        guard b.count <= a.count else { return false }
        return (0...(a.count - b.count)).contains { hasPrefix(a, at: $0, b) }
    }

    static func hasPrefix(_ s: [UInt32], at i: Int, _ p: [UInt32]) -> Bool {
        guard i + p.count <= s.count, !p.isEmpty else { return false }
        for k in 0..<p.count where s[i + k] != p[k] { return false }
        return true
    }

    /// The same as `occurrences(of:in:)`, from the positions of `p`'s first character.
    func occurrences(of p: ArraySlice<UInt32>, in s: [UInt32], index: StartIndex) -> [Int] {
        guard !p.isEmpty, p.count <= s.count, let first = p.first else { return [] }
        let pattern = Array(p)
        return index.positions(of: first).filter { $0 <= s.count - p.count && Self.hasPrefix(s, at: $0, pattern) }
    }

    /// Every position of `p` in `s`, in order.
    static func occurrences(of p: ArraySlice<UInt32>, in s: [UInt32]) -> [Int] {
        guard !p.isEmpty, p.count <= s.count, let first = p.first else { return [] }
        var out: [Int] = []
        let pattern = Array(p)
        for i in 0...(s.count - p.count) where s[i] == first && Self.hasPrefix(s, at: i, pattern) { out.append(i) }
        return out
    }

    /// What one edit turns the formulation into the text.
    public enum Edit: Sendable, Equatable {
        case substituted(at: Int, UInt32)
        case dropped(at: Int)
        case added(at: Int, UInt32)
        case transposed(at: Int)

        /// The character the text has instead, when one was put in.
        var character: UInt32? {
            switch self {
            case let .substituted(_, c), let .added(_, c): return c
            default: return nil
            }
        }
        var en: String {
            switch self {
            case let .substituted(i, c): return "character \(i + 1) changed to \(Self.str(c))"
            case let .dropped(i): return "character \(i + 1) dropped"
            case let .added(i, c): return "\(Self.str(c)) added after character \(i)"
            case let .transposed(i): return "characters \(i + 1) and \(i + 2) swapped"
            }
        }
        var zh: String {
            switch self {
            case let .substituted(i, c): return "第 \(i + 1) 字改成了“\(Self.str(c))”"
            case let .dropped(i): return "漏了第 \(i + 1) 字"
            case let .added(i, c): return "第 \(i) 字后多了“\(Self.str(c))”"
            case let .transposed(i): return "第 \(i + 1)、\(i + 2) 字颠倒"
            }
        }
        static func str(_ c: UInt32) -> String { Unicode.Scalar(c).map { String(Character($0)) } ?? "?" }
    }

    /// The single edit (substitution, deletion, insertion, adjacent transposition) that turns
    /// `f` into `w`, or nil when they differ by none or by more than one. Edits that only add or
    /// drop a character at either end are not misquotes: the text around a formulation
    /// continues it.
    public static func singleEdit(from f: [UInt32], to w: [UInt32]) -> Edit? {
        let n = f.count
        var i = 0
        while i < min(n, w.count), f[i] == w[i] { i += 1 }
        if w.count == n {
            guard i < n else { return nil }
            if Array(f[(i + 1)...]) == Array(w[(i + 1)...]) { return .substituted(at: i, w[i]) }
            if i + 1 < n, f[i] == w[i + 1], f[i + 1] == w[i], Array(f[(i + 2)...]) == Array(w[(i + 2)...]) { return .transposed(at: i) }
            return nil
        }
        if w.count == n - 1 {
            // f[i] dropped
            guard i > 0, i < n - 1, Array(f[(i + 1)...]) == Array(w[i...]) else { return nil }
            return .dropped(at: i)
        }
        if w.count == n + 1 {
            guard i > 0, i < n, Array(f[i...]) == Array(w[(i + 1)...]) else { return nil }
            return .added(at: i, w[i])
        }
        return nil
    }
}

extension FindingKind {
    public static let formulation = FindingKind(
        "formulation", .error, label: ("formulation", "提法"),
        explanation: ("a fixed political formulation (提法) misquoted, reordered, or out of date for the year",
                      "规范提法有误：字词不符、顺序调换，或已不是该年份的提法"),
        colour: "#7b1fa2")
}

extension FormulationRule: RegisteredRule {
    public static let order = 100
    public static func rules(_ setup: RuleSetup) throws -> [any DocumentRule] {
        [FormulationRule(list: try FormulationList.load(dictionaries: setup.dictionaries))]
    }
}
