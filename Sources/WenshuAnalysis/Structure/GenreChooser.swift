import Foundation
import WenshuText

/// Texts that are none of the genres (a news item, a speech, a notice, an article on how to
/// write a summary, an abstract), read from `dictionaries/patterns/not-a-genre.txt`: a pattern,
/// where it is tried (the title or the opening) and the reason the report gives.
public struct NotAGenre: Sendable {
    public struct Entry: Sendable {
        public let pattern: String
        public let inTitle: Bool
        public let reason: Message
    }
    public let entries: [Entry]
    /// The entries' patterns, compiled once (entry k is pattern k).
    let patterns: PatternList?

    /// None: every text may be of a genre.
    public init() {
        entries = []
        patterns = nil
    }

    init(entries: [Entry], patterns: PatternList) {
        self.entries = entries
        self.patterns = patterns
    }

    public static func load(contentsOf url: URL) throws -> NotAGenre {
        let list = try PatternList.load(contentsOf: url)
        return NotAGenre(entries: try list.entries.map { e in
            guard e.fields.count >= 3, ["title", "opening"].contains(e.fields[0]) else {
                throw DictionaryError.malformed(file: e.line.map { "\(url.path):\($0)" } ?? url.path,
                                                reason: "the line for '\(e.pattern)' needs: regex<TAB>title|opening<TAB>reason in English<TAB>reason in Chinese")
            }
            return Entry(pattern: e.pattern, inTitle: e.fields[0] == "title", reason: Message(en: e.fields[1], zh: e.fields[2]))
        }, patterns: list)
    }

    /// The first entry whose pattern fits the title (when `inTitle`) or the opening.
    func match(title: String?, opening: String) -> Entry? {
        match(title: title, openingUnits: Array(opening.utf16))
    }

    /// The same, the opening given as UTF-16 units: made once, not once a pattern (on a file of
    /// one long line the opening is the whole line).
    func match(title: String?, openingUnits: [UInt16]) -> Entry? {
        var stopped: [Int] = []
        return match(title: title, openingUnits: openingUnits, stopped: &stopped)
    }

    /// The same; `stopped` gets the entries (indices) tried before the one found whose search
    /// ICU stopped: whether they fit is not known, and the text was not vetoed by them.
    func match(title: String?, openingUnits: [UInt16], stopped: inout [Int]) -> Entry? {
        guard let patterns else { return nil }
        let titleUnits = title.map { Array($0.utf16) }
        for k in entries.indices {
            guard let units = entries[k].inTitle ? titleUnits : openingUnits else { continue }
            switch patterns.matchesIfKnown(k, inUnits: units) {
            case true?: return entries[k]
            case false?: continue
            case nil: stopped.append(k)
            }
        }
        return nil
    }

    /// The `pattern-not-checked` warning for entry `k`, whose search was stopped on paragraph `p`
    /// (the title for a title pattern, the first paragraph for an opening one).
    func notChecked(_ k: Int, in p: Paragraph, factory: FindingFactory) -> [Finding] {
        guard let patterns, patterns.entries.indices.contains(k) else { return [] }
        return patterns.notChecked([patterns.entries[k]], in: p,
            what: Message(en: "a text of no genre (\(entries[k].reason.en))", zh: "非文书（\(entries[k].reason.zh)）"),
            consequence: Message(en: "the document was not ruled out as none of the genres by this pattern",
                                 zh: "没有按这条规则排除“不属于任何文书类型”的可能"),
            factory: factory)
    }
}

/// Chooses a document's reference structure from its title, its opening and its outline — or
/// none, with the reason, when the document is not one of the genres or nothing says which it is.
///
/// In order: (1) a title or opening that shows a text of no genre (news, speech, notice, how-to
/// article, abstract) or a page that is a list of lines without sentences: none. (2) The title's
/// words (highest priority). (3) The opening's phrases. (4) The outline: a structure every
/// required part of which (at least two) is named by a top-level heading, the most general such
/// structure (lowest priority) when several are; none when it is a tie between different kinds.
/// A structure is never picked on one heading or one cue alone.
public struct GenreChooser: Sendable {
    public let library: StructureLibrary
    public let notAGenre: NotAGenre

    public init(library: StructureLibrary, notAGenre: NotAGenre = NotAGenre()) {
        self.library = library
        self.notAGenre = notAGenre
    }

    public enum Decision: Sendable {
        case structure(ReferenceStructure, StructureChoice)
        /// No structure; `reason` says why (nil: nothing said what the document is).
        case none(reason: Message?)
    }

    public func choose(title: String?, body: [Paragraph], outline: Outline) -> Decision {
        var stopped: [(entry: Int, inTitle: Bool)] = []
        return choose(title: title, body: body, outline: outline, stopped: &stopped)
    }

    /// `choose`; `stopped` gets the not-a-genre patterns whose search ICU stopped (entry index,
    /// and whether it was tried on the title or the opening): the document was not vetoed by
    /// them, and the analyzer says so (`NotAGenre.notChecked`).
    public func choose(title: String?, body: [Paragraph], outline: Outline, stopped: inout [(entry: Int, inTitle: Bool)]) -> Decision {
        // The opening (the first paragraphs, one a line) as UTF-16, made once from the scalars
        // when it is first needed.
        var openingUnits: [UInt16]? = nil
        func opening() -> [UInt16] {
            if let openingUnits { return openingUnits }
            var units: [UInt16] = []
            for (k, p) in body.prefix(StructureLibrary.openingParagraphs).enumerated() {
                if k == 0 { units = [UInt16](utf16Of: p.scalars); continue }
                units.append(0x0A)
                units += [UInt16](utf16Of: p.scalars)
            }
            openingUnits = units
            return units
        }
        let titleText = GenreChooser.titleLine(title: title, body: body) ?? ""
        // (1) No genre: a title or opening that says what else the text is. A title that names a
        // genre is tried first against the title vetoes only: a report whose opening quotes a
        // dateline (新华社…电 before a full 人大常委会工作报告) is still that report.
        var titleStopped: [Int] = []
        let titleVeto = notAGenre.match(title: titleText, openingUnits: [], stopped: &titleStopped)
        stopped += titleStopped.filter { notAGenre.entries[$0].inTitle }.map { ($0, true) }
        if let veto = titleVeto, veto.inTitle {
            return .none(reason: veto.reason)
        }
        if GenreChooser.isListOfLines(body) {
            return .none(reason: Message(en: "a list of titles or links, not a running text", zh: "标题或链接的列表，不是成篇的文书"))
        }
        if let s = library.structure(forTitle: titleText) { return .structure(s, .title) }
        var openingStopped: [Int] = []
        let openingVeto = notAGenre.match(title: nil, openingUnits: opening(), stopped: &openingStopped)
        stopped += openingStopped.map { ($0, false) }
        if let veto = openingVeto {
            return .none(reason: veto.reason)
        }
        if let s = library.structure(forOpeningUnits: opening()) { return .structure(s, .opening) }
        if let s = byOutline(outline) { return .structure(s, .outline) }
        return .none(reason: nil)
    }

    /// The line that names the document: its title, unless that is a site's navigation path
    /// (首页 > 工作计划); else, for an untitled text, a short line among its first two paragraphs
    /// that is not a sentence and not a numbered heading (教育局季度工作总结一 under a site's blurb).
    /// A long first paragraph is never read as a title: 2022年…番禺区计划生育协会… is no 计划.
    static func titleLine(title: String?, body: [Paragraph]) -> String? {
        let isPath = { (t: String) in t.contains(">") || t.contains("＞") || t.contains("»") }
        if let title, !isPath(title) { return title }
        return body.prefix(2).first { p in
            p.scalars.count <= 40 && !p.text.contains(where: { "。！？；!?;".contains($0) })
                && MarkerParser.marker(at: p.text) == nil && !isPath(p.text)
        }?.text
    }

    /// (4) The structures whose every required part (two or more) a top-level heading names.
    func byOutline(_ outline: Outline) -> ReferenceStructure? {
        let headings = outline.flat.filter { $0.form != .item }
        guard let top = headings.map(\.level).min() else { return nil }
        let titles = headings.filter { $0.level == top }.map(\.title)
        guard titles.count >= 2 else { return nil }
        let full = library.structures.filter { s in
            let required = s.sections.filter(\.required)
            return required.count >= 2 && required.allSatisfy { sec in titles.contains { t in sec.headings.contains { t.contains($0) } } }
        }
        if full.count == 1 { return full[0] }
        // Several: a summary's parts (主要工作, 存在问题, 下一步) are also a 述职报告's and a
        // 提案办理 summary's — the most general summary (lowest priority) is the safe reading.
        // Any other tie (工作回顾 + 今年工作 fit both a government's and a 政协's report) says nothing.
        guard full.allSatisfy({ $0.kind == .summary || $0.kind == .summaryAndPlan }) else { return nil }
        return full.min { $0.priority < $1.priority }
    }

    /// Lines without sentences: under a quarter of the Han characters stand in paragraphs that
    /// end a sentence (。！？；), over at least four paragraphs — a list of links or titles.
    static func isListOfLines(_ body: [Paragraph]) -> Bool {
        guard body.count >= 4 else { return false }
        var all = 0, inSentences = 0
        for p in body {
            let han = p.scalars.filter(CharacterClass.isHan).count
            all += han
            if p.text.contains(where: { "。！？；!?;".contains($0) }) { inSentences += han }
        }
        return all > 0 && inSentences * 4 < all
    }
}
