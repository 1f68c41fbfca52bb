import WenshuText

/// Broken numbering of headings and lists: gaps (一、 then 四、), restarts with no heading
/// between (1、2、 then 1、2、3、), duplicates and numbers going back ((四) then (三)), a
/// level used before the level above it ((一) before any 一、 that comes later), mixed marker
/// styles at one level (1. and 1、), and the same in inline lists (一是 … 三是 without 二是).
public struct NumberingRule: DocumentRule {
    public init() {}
    public let kinds: [FindingKind] = [.numberingGap, .numberingRestart, .numberingDuplicate, .headingLevel]
    /// How many paragraphs apart two items can be and still belong to one list.
    static let nearby = 4

    public func check(_ d: DocumentContext) -> [Finding] {
        var out: [Finding] = []
        let f = d.findings
        var contents = ContentsLines(d.paragraphs)
        func sequence(_ nodes: [OutlineNode], parent: OutlineNode?) {
            // Siblings of each family, in order.
            var last: [MarkerFamily: OutlineNode] = [:]
            // The last decimal number of two parts or more among these siblings: its chapter is
            // the one before a chapter number alone that follows (6.9, then 8 附则: 7 is missing).
            var lastSubsection: OutlineNode?
            for node in nodes {
                let fam = node.marker.family
                let v = node.marker.value
                // Decimal numbers of another chapter (1.5, then 2.1) are a list of their own.
                if let prev = last[fam], prev.marker.prefix != node.marker.prefix { last[fam] = nil }
                // The numbering starting again with a title written above it is the text after
                // its table of contents (总则 … 8 附则, then 1 总则), not a broken list.
                if let prev = last[fam], v == 1, contents.repeats(node.title, before: prev.paragraph) {
                    last[fam] = nil
                }
                // A list far from the previous item of its family (more than `nearby` paragraphs:
                // a whole part of unmarked text between) is a new list, not a broken one — old
                // reports head their parts with unmarked lines.
                if let prev = last[fam], v <= prev.marker.value, node.paragraph - prev.paragraph > NumberingRule.nearby {
                    last[fam] = nil
                }
                // A list that starts again under an unmarked heading line between (1988: 今后五年建设
                //和改革的目标、方针和任务) is a new list too.
                if let prev = last[fam], v == 1,
                   d.paragraphs[(prev.paragraph + 1)..<node.paragraph].contains(where: OutlineBuilder.isUnmarkedHeading) {
                    last[fam] = nil
                }
                if let prev = last[fam] {
                    let p = prev.marker.value
                    if v == p + 1 {
                        // in order
                    } else if v == 1 {
                        out.append(f.make(.numberingRestart, .warning, Message(
                            en: "\(node.marker.text) starts the numbering again after \(prev.marker.text) with no heading above it between them; a new list needs its own heading, or continue with \(node.marker.numbered(p + 1))",
                            zh: "\(prev.marker.text)之后又从\(node.marker.text)重新编号，两者之间没有上级标题；新的一组序号应有自己的标题，否则应接着编\(node.marker.numbered(p + 1))"),
                            normalized: node.titleRange, advice: Message(literal: node.marker.numbered(p + 1))))
                    } else if v > p + 1 {
                        out.append(NumberingRule.gap(f, node, after: prev, missingFrom: p + 1))
                    } else {
                        out.append(f.make(.numberingDuplicate, .error, Message(
                            en: "\(node.marker.text) comes again after \(prev.marker.text): the number \(node.marker.numbered(v)) is used twice at this level",
                            zh: "\(prev.marker.text)之后又出现\(node.marker.text)：同一层级的序号\(node.marker.numbered(v))用了两次"),
                            normalized: node.titleRange, advice: Message(literal: node.marker.numbered(p + 1))))
                    }
                } else if fam == .decimal1, let sub = lastSubsection, let chapter = sub.marker.prefix.first, v > 1 {
                    if v > chapter + 1 { out.append(NumberingRule.gap(f, node, after: sub, missingFrom: chapter + 1)) }
                } else if v != 1 && node.form != .item {
                    let under = parent.map { " under \($0.marker.text)" } ?? ""
                    let underZh = parent.map { "\($0.marker.text)下的" } ?? ""
                    let skipped = (1..<v).map { node.marker.numbered($0) }.joined(separator: " ")
                    out.append(f.make(.numberingGap, .error, Message(
                        en: "the numbering\(under) starts at \(node.marker.text): \(skipped) missing",
                        zh: "\(underZh)序号从\(node.marker.text)开始：缺了 \(skipped)"),
                        normalized: node.titleRange, advice: Message(literal: node.marker.numbered(1))))
                }
                last[fam] = node
                if (fam.decimalDepth ?? 0) >= 2 { lastSubsection = node }
                sequence(node.children, parent: node)
            }
        }
        sequence(d.outline.roots, parent: nil)

        // Level inversions and mixed styles.
        // (Decimal numbers are a system of their own, GB/T 1.1's, whose depth is in the number.)
        let order = d.outline.familyOrder.filter { $0.decimalDepth == nil }
        for (k, fam) in order.enumerated() {
            let firstNode = d.outline.flat.first { $0.marker.family == fam }!
            // A family of a higher standard rank first used after a lower one.
            if let lower = order[..<k].first(where: { $0.standardRank > fam.standardRank && $0 != .ordinal && fam != .ordinal }) {
                let firstLower = d.outline.flat.first { $0.marker.family == lower }!
                out.append(f.make(.headingLevel, .warning, Message(
                    en: "\(firstLower.marker.text) (level \(lower.standardRank) by GB/T 9704) appears before any \(fam.marker(1)) (level \(fam.standardRank)), which is used later: the heading levels are inverted",
                    zh: "\(firstLower.marker.text)（GB/T 9704 第\(lower.standardRank)层）出现在后文才用的\(fam.marker(1))（第\(fam.standardRank)层）之前：标题层级颠倒"),
                    normalized: firstLower.titleRange))
            }
            if let same = order[..<k].first(where: { $0.standardRank == fam.standardRank }) {
                out.append(f.make(.headingLevel, .warning, Message(
                    en: "\(firstNode.marker.text) and \(same.marker(1)) are two marker styles for one heading level; use one",
                    zh: "\(firstNode.marker.text)和\(same.marker(1))是同一层级标题的两种序号样式，应统一为一种"),
                    normalized: firstNode.titleRange, advice: Message(literal: same.marker(firstNode.marker.value))))
            }
        }

        // Inline lists: 一是 … 二是 … 三是 (or 第一，第二，) within one paragraph. A list that starts
        // past one continues a list of an earlier paragraph: checked at its start when its first
        // item opens the paragraph and an earlier paragraph nearby opened with the item before.
        // One run per style: 一是 … and 第一， … lists are followed apart.
        var opening: [Bool: (value: Int, text: String, line: Int, paragraph: Int)] = [:]
        for list in d.outline.inlineLists {
            let first = list.items[0]
            let ordinal = first.text.hasPrefix("第")
            let opens = first.range.start == d.paragraphs[list.paragraph].range.start
            if opens, first.value != 1, let o = opening[ordinal], list.paragraph - o.paragraph <= NumberingRule.nearby,
               let finding = NumberingRule.inlineBreak(f, first, after: o.value, gap: { skipped in Message(
                    en: "\(first.text) opens this paragraph after \(o.text) (line \(o.line)): \(skipped) missing",
                    zh: "本段以\(first.text)开头，前面第 \(o.line) 行是\(o.text)：缺了 \(skipped)") },
                   repeat: Message(en: "\(first.text) opens this paragraph after \(o.text) (line \(o.line)): the number comes twice",
                                   zh: "本段以\(first.text)开头，前面第 \(o.line) 行已是\(o.text)：序号重复")) {
                out.append(finding)
            }
            // What the next paragraph continues: the run of items in order from the opening item,
            // or from a 一是 inside the paragraph that starts a list of its own (…社会保障体系。一是…).
            if let start = opens ? 0 : list.items.lastIndex(where: { $0.value == 1 }) {
                var last = list.items[start]
                for item in list.items[(start + 1)...] { if item.value == last.value + 1 { last = item } else { break } }
                opening[ordinal] = (last.value, last.text, f.text.location(ofNormalized: last.range.start).line, list.paragraph)
            }

            // Within the paragraph; a 一是 may start a list of its own.
            for (p, item) in zip(list.items, list.items.dropFirst()) where item.value != 1 {
                if let finding = NumberingRule.inlineBreak(f, item, after: p.value, gap: { skipped in Message(
                        en: "\(item.text) follows \(p.text) in this paragraph: \(skipped) missing",
                        zh: "本段中\(p.text)之后是\(item.text)：缺了 \(skipped)") },
                    repeat: Message(en: "\(item.text) comes again after \(p.text) in this paragraph",
                                    zh: "本段中\(p.text)之后又出现\(item.text)")) {
                    out.append(finding)
                }
            }
        }
        return out
    }

    /// `node` follows `prev` with the numbers from `first` up to its own missing (一、 then 四、; 6.9
    /// then 8 附则): an error whose advice is the first missing number.
    static func gap(_ f: FindingFactory, _ node: OutlineNode, after prev: OutlineNode, missingFrom first: Int) -> Finding {
        let skipped = (first..<node.marker.value).map { node.marker.numbered($0) }.joined(separator: " ")
        return f.make(.numberingGap, .error, Message(
            en: "\(node.marker.text) follows \(prev.marker.text): \(skipped) missing",
            zh: "\(prev.marker.text)之后是\(node.marker.text)：缺了 \(skipped)"),
            normalized: node.titleRange, advice: Message(literal: node.marker.numbered(first)))
    }

    /// A gap (the skipped markers go into `gap`) or a number given again, between an inline item
    /// and the one before it; nil when it follows on.
    static func inlineBreak(_ f: FindingFactory, _ item: (value: Int, range: TextRange, text: String), after prevValue: Int,
                            gap: (String) -> Message, repeat: Message) -> Finding? {
        let next = Message(literal: MarkerFamily.inline.marker(prevValue + 1))
        if item.value > prevValue + 1 {
            let skipped = ((prevValue + 1)..<item.value).map { MarkerFamily.inline.marker($0) }.joined(separator: " ")
            return f.make(.numberingGap, .warning, gap(skipped), normalized: item.range, advice: next)
        }
        if item.value <= prevValue { return f.make(.numberingDuplicate, .warning, `repeat`, normalized: item.range, advice: next) }
        return nil
    }
}

/// The short lines of a document by their text, marker taken off (总则, 一、总则 and 1 总则 are
/// all 总则): is a heading's title the text of a line in a table of contents above it? Indexed
/// the first time it is asked, so a file of thousands of restarts costs one pass, not one per restart.
struct ContentsLines {
    let paragraphs: [Paragraph]
    var index: [String: [Int]]?
    /// How far back a heading's title is looked for in a table of contents, in paragraphs.
    static let reach = 400
    /// A line of a table of contents is short.
    static let longest = 60

    init(_ paragraphs: [Paragraph]) { self.paragraphs = paragraphs }

    /// Whether `title` is the text of a line among the `reach` paragraphs before `paragraph`.
    mutating func repeats(_ title: String, before paragraph: Int) -> Bool {
        guard title.unicodeScalars.count >= 2 else { return false }
        if index == nil {
            var lines: [String: [Int]] = [:]
            for (k, p) in paragraphs.enumerated() where p.scalars.count <= Self.longest {
                let marker = MarkerParser.anyMarker(at: p.text)
                let rest = String(String.UnicodeScalarView(p.text.unicodeScalars.dropFirst(marker?.length ?? 0)))
                lines[rest.trimmingCharacters(in: .whitespaces), default: []].append(k)
            }
            index = lines
        }
        // The first line with this text at or after `paragraph - reach` (indices ascending), by bisection.
        guard let at = index?[title] else { return false }
        let from = paragraph - Self.reach
        var low = 0, high = at.count
        while low < high {
            let mid = low + (high - low) / 2
            if at[mid] < from { low = mid + 1 } else { high = mid }
        }
        return low < at.count && at[low] < paragraph
    }
}

extension FindingKind {
    public static let numberingGap = FindingKind(
        "numbering-gap", .error, label: ("numbering gap", "序号跳号"),
        explanation: ("a heading or list item skips numbers (一、 then 三、)",
                      "标题或列举的序号跳了号（一、之后是三、）"),
        colour: "#1565c0")
    public static let numberingRestart = FindingKind(
        "numbering-restart", .warning, label: ("numbering restarts", "序号重起"),
        explanation: ("the numbering starts again at 1 with no heading above it in between",
                      "没有上级标题却又从 1 重新编号"),
        colour: "#1565c0")
    public static let numberingDuplicate = FindingKind(
        "numbering-duplicate", .error, label: ("numbering repeated", "序号重复"),
        explanation: ("the same number used twice at one level",
                      "同一层级的序号用了两次"),
        colour: "#1565c0")
    public static let headingLevel = FindingKind(
        "heading-level", .warning, label: ("heading level", "标题层级"),
        explanation: ("heading levels inverted ((一) before 一、), or two marker styles for one level",
                      "标题层级颠倒（（一）出现在一、之前），或同一层级用了两种序号样式"),
        colour: "#1565c0")
}

extension NumberingRule: RegisteredRule {
    public static let order = 10
    public static func rules(_ setup: RuleSetup) throws -> [any DocumentRule] { [NumberingRule()] }
}
