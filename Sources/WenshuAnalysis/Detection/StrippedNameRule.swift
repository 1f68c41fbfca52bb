import Foundation
import WenshuText

/// Leaders' names that template sites cut out of the formulations that hold them, read from
/// `dictionaries/phrases/leader-names.txt`: each name with the titles a site may leave in its
/// place (习近平 主席 总书记).
public struct LeaderNames: Sendable {
    public struct Name: Sendable {
        public let name: [UInt32]
        /// Titles that may stand where the name was (主席新时代…).
        public let titles: [[UInt32]]
    }
    public let names: [Name]

    public init(names: [Name]) { self.names = names }

    public static func load(contentsOf url: URL) throws -> LeaderNames {
        var names: [Name] = []
        for entry in try DataFile.entries(of: url) {
            let f = entry.text.split(whereSeparator: { $0 == " " || $0 == "\t" }).map { Array($0.unicodeScalars.map(\.value)) }
            guard let name = f.first, name.count >= 2, name.allSatisfy(CharacterClass.isHan) else {
                throw DictionaryError.malformed(file: url.path, reason: "line \(entry.number) '\(entry.text)' must begin with a name of at least two Han characters")
            }
            names.append(Name(name: name, titles: Array(f.dropFirst())))
        }
        return LeaderNames(names: names)
    }
}

/// A formulation with the leader's name cut out (`broken-text`, an error): template sites strip
/// leaders' names from what they publish, so a copied text reads 学习贯彻主席新时代中国特色社会主义思想
/// or 以同志为核心的党中央. Each formulation of `formulations.txt` that holds a name of
/// `leader-names.txt` gives the part after the name (at least six characters, no name in it);
/// that part, where no listed name stands before it — nothing, or only a title the site left
/// (主席, 总书记) — is flagged from the title (or the formulation's opening, 以) to its end, with
/// the formulation as the replacement. When several formulations share the part (以江泽民同志为核心的党中央,
/// 以习近平同志为核心的党中央), the one current in the document's year is suggested, else the
/// current one.
public struct StrippedNameRule: DocumentRule {
    public let kinds = [FindingKind.brokenText]

    struct Tail {
        let tail: [UInt32]
        /// The formulations with this tail: (text before the name, name, formulation).
        let forms: [(head: [UInt32], name: [UInt32], formulation: FormulationList.Formulation)]
    }
    let tails: [Tail]
    let names: LeaderNames
    /// The shortest part after a name that is looked for alone.
    public static let minimumTail = 6

    public init(formulations: FormulationList, names: LeaderNames) {
        self.names = names
        var byTail: [[UInt32]: Tail] = [:]
        var order: [[UInt32]] = []
        for f in formulations.formulations {
            for n in names.names {
                guard let at = FormulationRule.occurrences(of: n.name[...], in: f.scalars).first else { continue }
                let tail = Array(f.scalars[(at + n.name.count)...])
                guard tail.count >= Self.minimumTail, let first = tail.first, CharacterClass.isHan(first),
                      !names.names.contains(where: { FormulationRule.contains(tail, $0.name) }) else { continue }
                let form = (head: Array(f.scalars[..<at]), name: n.name, formulation: f)
                if byTail[tail] == nil { order.append(tail) }
                byTail[tail] = Tail(tail: tail, forms: (byTail[tail]?.forms ?? []) + [form])
            }
        }
        self.tails = order.compactMap { byTail[$0] }
    }

    public func check(_ d: DocumentContext) -> [Finding] {
        guard !tails.isEmpty else { return [] }
        let year = FormulationRule.year(of: d)
        var out: [Finding] = []
        for p in d.textParagraphs {
            let s = p.scalars
            var taken = 0  // a place is flagged once, for the longest tail
            var hits: [(start: Int, end: Int, replacement: String, name: String, tail: String)] = []
            for t in tails {
                for at in FormulationRule.occurrences(of: t.tail[...], in: s) {
                    if let hit = hit(t, at: at, in: s, year: year) { hits.append(hit) }
                }
            }
            hits.sort { ($0.start, -$0.end) < ($1.start, -$1.end) }
            for h in hits where h.start >= taken {
                taken = h.end
                let r = TextRange(start: p.range.start + h.start, end: p.range.start + h.end)
                let text = d.findings.text.text(in: r)
                out.append(d.findings.make(.brokenText, .error, Message(
                    en: "\(text): the name \(h.name) is missing from the formulation \(h.replacement) — template sites cut leaders' names out of what they publish; a formulation (提法) is quoted whole",
                    zh: "“\(text)”缺了“\(h.name)”，规范提法是“\(h.replacement)”——范文网站会删去领导人姓名，提法必须完整"),
                    normalized: r, replacement: h.replacement))
            }
        }
        return out
    }

    /// The occurrence of `t` at `at` as a formulation whose name was cut out, or nil when a
    /// listed name stands before it (directly or before a title).
    func hit(_ t: Tail, at: Int, in s: [UInt32], year: Int?) -> (start: Int, end: Int, replacement: String, name: String, tail: String)? {
        func endsWith(_ w: [UInt32], at end: Int) -> Bool {
            end >= w.count && FormulationRule.hasPrefix(s, at: end - w.count, w)
        }
        if names.names.contains(where: { endsWith($0.name, at: at) }) { return nil }
        // A title the site left where the name was, unless the name is still before it.
        var start = at
        for n in names.names {
            for title in n.titles where endsWith(title, at: at) {
                if names.names.contains(where: { endsWith($0.name, at: at - title.count) }) { return nil }
                start = min(start, at - title.count)
            }
        }
        // The formulation for the year, else the current one, else the first.
        let form = t.forms.first { f in year.map { f.formulation.from <= $0 && (f.formulation.until ?? Int.max) >= $0 } ?? false }
            ?? t.forms.first { $0.formulation.until == nil } ?? t.forms[0]
        // Its opening (以) is part of the place when the text has it.
        if !form.head.isEmpty, endsWith(form.head, at: start) { start -= form.head.count }
        return (start, at + t.tail.count, form.formulation.text, String(scalars: form.name), String(scalars: t.tail))
    }
}

extension StrippedNameRule: RegisteredRule {
    public static let order = 101
    public static func rules(_ setup: RuleSetup) throws -> [any DocumentRule] {
        let d = setup.dictionaries
        return [StrippedNameRule(formulations: try FormulationList.load(dictionaries: d),
                                 names: try LeaderNames.load(contentsOf: d.url("phrases/leader-names.txt")))]
    }
}
