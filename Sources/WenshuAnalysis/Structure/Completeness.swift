import Foundation
import WenshuText

/// A section of the reference structure and what the document has of it.
public struct SectionStatus: Sendable, Equatable {
    public enum Status: String, Sendable, Codable {
        case present, missing, empty
        case outOfOrder = "out-of-order"
        case notChecked = "not-checked"
    }
    public enum Evidence: String, Sendable, Codable { case heading, cue, none }

    public let name: String
    public let required: Bool
    public var status: Status
    public let evidence: Evidence
    /// Normalised range of the section (heading to end, or the paragraphs with cues), if found.
    public let range: TextRange?
}

/// Checks a document against a reference structure: each section present (by a heading whose
/// title has one of its words, or by cue phrases in the text), empty, missing, out of order —
/// or not checked when the document shows no structure at all (too short, no heading and no cue).
public struct CompletenessChecker: Sendable {
    public let structure: ReferenceStructure
    /// Each section's cue patterns (those ICU compiles), compiled once per process.
    private let cues: [ICURegexSet?]

    public init(structure: ReferenceStructure) {
        self.structure = structure
        cues = structure.sections.map { $0.cues.isEmpty ? nil : try? ICURegexSet.shared($0.cues, droppingInvalid: true) }
    }

    /// Where the first match of each of section `k`'s cues starts (UTF-16 offsets), the earliest.
    private func firstCue(_ k: Int, in units: [UInt16]) -> Int? {
        guard let set = cues[k] else { return nil }
        return set.patterns.indices.compactMap { set.firstMatchStart(pattern: $0, in: units) }.min()
    }

    /// Fewer Han characters than this from a part's phrase to the part's end: a remark, not a part.
    public static let thinPart = 60

    /// Scalar offset in the paragraph where the first of section `k`'s cue phrases matches.
    func cueStart(_ k: Int, in p: Paragraph) -> Int? {
        firstCue(k, in: [UInt16](utf16Of: p.scalars)).map { ScalarIndex(scalars: p.scalars).scalar($0) }
    }

    public func check(_ d: DocumentContext) -> (sections: [SectionStatus], findings: [Finding]) {
        let paragraphs = d.paragraphs
        let hanCount = paragraphs.reduce(0) { $0 + $1.scalars.filter(CharacterClass.isHan).count }
        var sections: [SectionStatus] = []
        var findings: [Finding] = []
        let documentRange = TextRange(start: paragraphs.first?.range.start ?? 0, end: paragraphs.last?.range.end ?? 0)
        if paragraphs.count < 2 || hanCount < 60 {
            sections = structure.sections.map { SectionStatus(name: $0.name, required: $0.required, status: .notChecked, evidence: .none, range: nil) }
            findings.append(d.findings.make(.structureNotChecked, .info, Message(
                en: "completeness against \(structure.name) was not checked: the document is too short to show a structure",
                zh: "未按“\(structure.name)”检查完整性：文书太短，看不出结构"),
                normalized: documentRange))
            return (sections, findings)
        }
        // 1. Headings.
        let headingNodes = d.outline.flat.filter { $0.form != .item && $0.level <= 2 }
        var byHeading: [Int: OutlineNode] = [:]
        var used = Set<Int>()
        for (k, section) in structure.sections.enumerated() {
            for node in headingNodes where !used.contains(node.paragraph) {
                if section.headings.contains(where: { node.title.containsLiteral($0) }) {
                    byHeading[k] = node
                    used.insert(node.paragraph)
                    break
                }
            }
        }
        // Headings a .docx styles without a number (工作回顾 in 标题 1): a section by heading too,
        // running to the next styled heading of its level or above.
        var byStyle: [Int: TextRange] = [:]
        let styled = d.styledHeadings.keys.sorted()
        for (k, section) in structure.sections.enumerated() where byHeading[k] == nil {
            for (n, i) in styled.enumerated() where !used.contains(i) && section.headings.contains(where: { paragraphs[i].text.containsLiteral($0) }) {
                let level = d.styledHeadings[i]!
                let next = styled[(n + 1)...].first { d.styledHeadings[$0]! <= level }
                let end = next.map { paragraphs[$0 - 1].range.end } ?? documentRange.end
                byStyle[k] = TextRange(start: paragraphs[i].range.start, end: end)
                used.insert(i)
                break
            }
        }
        let headingSpans = byHeading.values.map(\.range) + byStyle.values
        // 2. Cues, outside the spans of sections found by heading, and outside a paragraph that
        // names three parts or more (全文包括概述、主动公开…、存在的主要问题…): the document's
        // table of contents, not any one part.
        let contents = Set(paragraphs.indices.filter { i in
            structure.sections.filter { sec in sec.headings.contains { paragraphs[i].text.containsLiteral($0) } }.count >= 3
        })
        var byCue: [Int: [Int]] = [:]
        // A section whose cue search ICU stopped (its time limit) in a paragraph where no other cue
        // matched: the paragraph and the pattern. Not found, such a section is not checked, not missing.
        var stoppedCue: [Int: (paragraph: Int, pattern: String)] = [:]
        var units: [Int: [UInt16]] = [:]
        for (k, _) in structure.sections.enumerated() where byHeading[k] == nil && byStyle[k] == nil {
            guard let set = cues[k] else { continue }
            for (i, p) in paragraphs.enumerated() {
                if contents.contains(i) || headingSpans.contains(where: { $0.start <= p.range.start && p.range.end <= $0.end }) { continue }
                let u = units[i] ?? [UInt16](utf16Of: p.scalars)
                units[i] = u
                var stopped: Int? = nil
                let hit = set.patterns.indices.contains { j in
                    switch set.firstMatch(pattern: j, in: u) {
                    case .at: return true
                    case .stopped: stopped = stopped ?? j; return false
                    case .none: return false
                    }
                }
                if hit {
                    byCue[k, default: []].append(i)
                } else if let j = stopped, stoppedCue[k] == nil {
                    stoppedCue[k] = (i, set.patterns[j])
                }
            }
        }
        if byHeading.isEmpty && byStyle.isEmpty && byCue.isEmpty {
            sections = structure.sections.map { SectionStatus(name: $0.name, required: $0.required, status: .notChecked, evidence: .none, range: nil) }
            findings.append(d.findings.make(.structureNotChecked, .info, Message(
                en: "completeness against \(structure.name) was not checked: no heading and no phrase of any of its sections was found",
                zh: "未按“\(structure.name)”检查完整性：找不到其任何部分的标题或提示语"),
                normalized: documentRange))
            return (sections, findings)
        }
        // 3. Status of each section.
        for (k, section) in structure.sections.enumerated() {
            // By heading: a numbered outline heading, or a paragraph a .docx styles as one. Empty
            // when nothing follows the heading before the next one.
            let headed: (title: String, at: TextRange, range: TextRange, empty: Bool)? = byHeading[k].map { node in
                (node.heading, node.titleRange, node.range,
                 node.form == .heading && node.children.isEmpty && node.range.end <= paragraphs[node.paragraph].range.end)
            } ?? byStyle[k].map { r in
                let heading = paragraphs.first { $0.range.start == r.start }!
                return (heading.text, heading.range, r, r.end <= heading.range.end)
            }
            if let h = headed {
                sections.append(SectionStatus(name: section.name, required: section.required, status: h.empty ? .empty : .present,
                                              evidence: .heading, range: h.range))
                if h.empty {
                    findings.append(d.findings.make(.emptySection, .warning, Message(
                        en: "the section \(section.name) has a heading (\(h.title)) but no text under it",
                        zh: "“\(section.name)”部分有标题（\(h.title)），但标题下没有内容"),
                        normalized: h.at))
                }
            } else if let hits = byCue[k], hits.count >= (section.minCueParagraphs ?? 1) {
                let r = TextRange(start: paragraphs[hits.first!].range.start, end: paragraphs[hits.last!].range.end)
                sections.append(SectionStatus(name: section.name, required: section.required, status: .present, evidence: .cue, range: r))
            } else if let stopped = stoppedCue[k] {
                sections.append(SectionStatus(name: section.name, required: section.required, status: .notChecked, evidence: .none, range: nil))
                findings.append(d.findings.make(.patternNotChecked, Message(
                    en: "the \(section.name) section was not checked: the search for its phrase \(stopped.pattern) (structure \(structure.name)) was stopped on this paragraph by ICU's time limit for one search, so whether the part is there is not known",
                    zh: "未检查“\(section.name)”部分：在本段查找其提示语 \(stopped.pattern)（结构“\(structure.name)”）时超过 ICU 单次查找的时限被中止，不知道有没有这一部分"),
                    normalized: TextRange(start: paragraphs[stopped.paragraph].range.start,
                                          end: min(paragraphs[stopped.paragraph].range.end, paragraphs[stopped.paragraph].range.start + 20)),
                    advice: Message(en: "simplify that cue in the structure file (a repetition inside a repetition, such as (a+)+, backtracks exponentially)",
                                    zh: "简化结构文件中的这条提示语（如 (a+)+ 这种重复套重复会指数级回溯）")))
            } else {
                sections.append(SectionStatus(name: section.name, required: section.required, status: .missing, evidence: .none, range: nil))
                if section.required {
                    let at = paragraphs.last!.range
                    let examples = section.headings.prefix(3).joined(separator: "、")
                    let heading = section.headings.first ?? section.name
                    findings.append(d.findings.make(.missingSection, .error, Message(
                        en: "the document has no \(section.name) section, which a \(structure.name) needs (no heading such as \(examples) and no phrase that shows it)",
                        zh: "缺少“\(section.name)”部分，\(structure.name)必须有这一部分（没有\(examples)等标题，也没有表明这一部分的语句）"),
                        normalized: TextRange(start: at.end, end: at.end),
                        advice: Message(en: "add a part headed \(heading)", zh: "增加以“\(heading)”为题的部分")))
                }
            }
        }
        // 3b. A required part found only by its phrase, with almost nothing after it: 第二篇's
        // "…还存在一定差距。" and "在今后的办理工作中，我们将…做得更好。" mention problems and a
        // plan in passing and name none. The part runs from the phrase to the next part found (or
        // the document's end); under `thinPart` Han characters, with no list, it is empty.
        let starts = sections.compactMap { $0.range?.start }
        for k in sections.indices where sections[k].evidence == .cue && sections[k].status == .present && sections[k].required {
            guard let hits = byCue[k], hits.count == 1, let at = cueStart(k, in: paragraphs[hits[0]]) else { continue }
            let p = paragraphs[hits[0]]
            let end = starts.filter { $0 > p.range.start }.min() ?? documentRange.end
            let following = paragraphs[(hits[0] + 1)...].prefix { $0.range.start < end }
            if following.contains(where: { MarkerParser.marker(at: $0.text) != nil }) || !MarkerParser.inlineItems(in: p).isEmpty { continue }
            let han = p.scalars[at...].filter(CharacterClass.isHan).count + following.reduce(0) { $0 + $1.scalars.filter(CharacterClass.isHan).count }
            guard han < (structure.sections[k].minLength ?? CompletenessChecker.thinPart) else { continue }
            sections[k].status = .empty
            let remark = d.findings.text.text(in: TextRange(start: p.range.start + at, end: p.range.end))
            let line = d.findings.text.location(ofNormalized: p.range.start).line
            findings.append(d.findings.make(.emptySection, .warning, Message(
                en: "the \(sections[k].name) part is a remark in passing (line \(line): \(remark)): it names nothing concrete, and a \(structure.name) needs the part itself",
                zh: "“\(sections[k].name)”部分只是一句带过（第 \(line) 行：\(remark)），没有具体内容；\(structure.name)应写出这一部分"),
                normalized: TextRange(start: p.range.start + at, end: p.range.end),
                advice: Message(en: "write out the \(sections[k].name) part", zh: "写出“\(sections[k].name)”的具体内容")))
        }
        // 4. Order: a section that starts before one listed ahead of it.
        var latest: (start: Int, name: String)? = nil
        // An optional part known only by a phrase says little about where it stands (满意率 in the
        // opening figures of a 提案办理 summary is not its 办理成效 part out of place): left out.
        for k in sections.indices {
            guard let r = sections[k].range, sections[k].status == .present || sections[k].status == .empty,
                  sections[k].required || sections[k].evidence == .heading else { continue }
            if let l = latest, r.start < l.start {
                sections[k].status = .outOfOrder
                findings.append(d.findings.make(.sectionOrder, .warning, Message(
                    en: "\(sections[k].name) comes before \(l.name), but a \(structure.name) puts it after",
                    zh: "“\(sections[k].name)”出现在“\(l.name)”之前，但\(structure.name)应把它放在后面"),
                    normalized: TextRange(start: r.start, end: min(r.end, r.start + 20))))
            } else {
                latest = (r.start, sections[k].name)
            }
        }
        return (sections, findings)
    }
}

extension FindingKind {
    public static let missingSection = FindingKind(
        "missing-section", .error, label: ("missing section", "缺少部分"),
        explanation: ("a required part of the genre's structure is not in the document",
                      "文书缺少该类文书结构中必备的部分"),
        colour: "#3949ab")
    public static let emptySection = FindingKind(
        "empty-section", .warning, label: ("empty section", "空白部分"),
        explanation: ("a part has its heading but no text under it",
                      "某部分只有标题、没有内容"),
        colour: "#3949ab")
    public static let sectionOrder = FindingKind(
        "section-order", .warning, label: ("section order", "部分顺序"),
        explanation: ("the parts come in another order than the structure gives",
                      "各部分的顺序与结构规定的不同"),
        colour: "#3949ab")
    public static let structureNotChecked = FindingKind(
        "structure-not-checked", .info, label: ("structure not checked", "未检查结构"),
        explanation: ("completeness was not checked: no genre could be told (or it is none); --structure NAME forces one",
                      "未检查完整性：看不出（或不属于）哪类文书；可用 --structure 指定"),
        colour: "#3949ab", scope: .document)
}

extension CompletenessChecker {
    /// The kinds the completeness check reports.
    public static let kinds: [FindingKind] = [.missingSection, .emptySection, .sectionOrder, .structureNotChecked, .patternNotChecked]
}
