import WenshuText

/// An item of a document's outline: a heading, a run-in heading (marker and title at the start
/// of a body paragraph), or a list item.
public struct OutlineNode: Sendable, Equatable {
    public enum Form: String, Sendable, Codable {
        /// A short marked paragraph of its own: 一、指导思想
        case heading
        /// A marked title sentence that a body continues in the same paragraph: （一）加强学习，筑牢基础。为全面推进…
        case runIn = "run-in"
        /// A marked paragraph that is one item of a list, not a heading.
        case item
    }

    public let level: Int
    public let marker: HeadingMarker
    public let title: String
    public let form: Form
    /// The paragraph's index in the document.
    public let paragraph: Int
    /// The marker and title, normalised range.
    public let titleRange: TextRange
    /// From the marker to the end of the node's content (up to the next node at the same or a higher level).
    public var range: TextRange
    public var children: [OutlineNode]

    /// Marker and title as a person reads them (一、主要工作; 1.1 编制目的, a decimal number
    /// set off by a space).
    public var heading: String { marker.text + (marker.family.decimalDepth == nil ? "" : " ") + title }
}

/// An inline list (一是 … 二是 … 三是) inside one paragraph.
public struct InlineList: Sendable, Equatable {
    public let paragraph: Int
    public let items: [(value: Int, range: TextRange, text: String)]
    public static func == (a: InlineList, b: InlineList) -> Bool {
        a.paragraph == b.paragraph && a.items.map(\.value) == b.items.map(\.value) && a.items.map(\.range) == b.items.map(\.range)
    }
}

/// A document's outline: the tree, the flat list of nodes in order, inline lists, and the level
/// assigned to each marker family.
public struct Outline: Sendable {
    public let roots: [OutlineNode]
    public let flat: [OutlineNode]
    public let inlineLists: [InlineList]
    /// Families in the order they first appeared.
    public let familyOrder: [MarkerFamily]

    public var isEmpty: Bool { flat.isEmpty }
}

/// Builds the outline of a document from its paragraphs.
public enum OutlineBuilder {
    /// `paragraphs` are the document's paragraphs; `end` is the normalised offset where it ends.
    public static func build(_ paragraphs: [Paragraph], end: Int) -> Outline {
        var marked: [(paragraph: Int, marker: HeadingMarker, title: String, titleRange: TextRange, form: OutlineNode.Form)] = []
        var inline: [InlineList] = []
        for (i, p) in paragraphs.enumerated() {
            if let m = MarkerParser.anyMarker(at: p.text) {
                let rest = String(String.UnicodeScalarView(p.text.unicodeScalars.dropFirst(m.length)))
                let (title, titleLength, form) = classify(rest, next: i + 1 < paragraphs.count ? paragraphs[i + 1] : nil)
                // A chapter number alone (1 总则) heads a short line of its own.
                if m.family != .decimal1 || form == .heading {
                    marked.append((i, m, title, TextRange(start: p.range.start, end: p.range.start + m.length + titleLength), form))
                }
            }
            // An inline list: two items or more, a 一是 alone, or an item opening the paragraph
            // (二是…, a list that runs across paragraphs).
            let items = MarkerParser.inlineItems(in: p)
            if items.count >= 2 || (items.count == 1 && (items[0].value == 1 || items[0].offset == 0)) {
                inline.append(InlineList(paragraph: i, items: items.map { item in
                    (item.value, TextRange(start: p.range.start + item.offset, end: p.range.start + item.offset + item.text.unicodeScalars.count), item.text)
                }))
            }
        }
        if !numbersDecimally(marked.map(\.marker)) { marked.removeAll { $0.marker.family.decimalDepth != nil } }
        var order: [MarkerFamily] = []
        for m in marked where !order.contains(m.marker.family) { order.append(m.marker.family) }
        let levels = nestingLevels(marked.map { ($0.marker, $0.form) })
        var flat = marked.enumerated().map { k, m in
            OutlineNode(level: levels[k], marker: m.marker, title: m.title, form: m.form, paragraph: m.paragraph,
                        titleRange: m.titleRange, range: paragraphs[m.paragraph].range, children: [])
        }
        // Ranges: a node runs to the next node at the same or a higher level (found for all nodes
        // in one pass from the end, with a stack of the nodes not yet closed by a higher one).
        var following: [Int] = []
        var next = [Int?](repeating: nil, count: flat.count)
        for k in flat.indices.reversed() {
            while let j = following.last, flat[j].level > flat[k].level { following.removeLast() }
            next[k] = following.last
            following.append(k)
        }
        for k in flat.indices {
            let stop = next[k].map { paragraphs[flat[$0].paragraph].range.start } ?? end
            flat[k].range = TextRange(start: flat[k].range.start, end: max(flat[k].range.end, stopBefore(stop, paragraphs)))
        }
        return Outline(roots: tree(flat), flat: flat, inlineLists: inline, familyOrder: order)
    }

    /// Whether a document numbers its headings the decimal way (1.1 编制目的 1.2 编制依据): two
    /// decimal numbers of two parts or more, one following the other (the same prefix, the next
    /// number). A figure opening a hard-wrapped line (1.5亿元) is not a heading number.
    static func numbersDecimally(_ markers: [HeadingMarker]) -> Bool {
        var last: [MarkerFamily: HeadingMarker] = [:]
        for m in markers where (m.family.decimalDepth ?? 0) >= 2 {
            if let p = last[m.family], p.prefix == m.prefix, p.value + 1 == m.value { return true }
            last[m.family] = m
        }
        return false
    }

    /// The level of each marked paragraph, from a stack of the open headings.
    ///
    /// A marker continues the open heading of its family whose number it follows, else the
    /// nearest open heading of its family (popping what is inside it); a
    /// family not open yet goes one level below the innermost open heading. A 一 of a family
    /// already open starts a list of its own one level down, inside the innermost heading, when
    /// the outer numbering carries on after that list (二、 [一、二、三、] 三、: the State Council
    /// reports of the 1950s–80s nest 一、 lists under （一） and under 一、 itself), or when its
    /// items are list items of running text (一、…； 二、…；). Otherwise it stays at the open
    /// heading's level, where the numbering rule sees it restart. Items under an item restart there too.
    ///
    /// Decimal numbers (1 总则, 1.1, 1.1.1) carry their depth: one closes the open decimal
    /// headings deeper than itself, and a heading of another family numbered after the chapter of
    /// the open decimal ones (1.3, then 二、) closes them too (the chapter lines are often lost
    /// or written 一、 in a copied text).
    static func nestingLevels(_ markers: [(marker: HeadingMarker, form: OutlineNode.Form)]) -> [Int] {
        var stack: [(family: MarkerFamily, value: Int, level: Int, form: OutlineNode.Form, prefix: [Int])] = []
        var levels: [Int] = []
        let all = markers.map(\.marker)
        let breaks = numberingBreaks(all)
        for (k, m) in markers.enumerated() {
            let family = m.marker.family
            let depth = family.decimalDepth
            let level: Int
            if !stack.contains(where: { $0.family == family }) {
                let closed: Int?
                if let depth {
                    closed = stack.firstIndex { ($0.family.decimalDepth ?? 0) > depth }
                } else {
                    closed = stack.firstIndex { ($0.family.decimalDepth ?? 0) >= 2 && m.marker.value > 1 && $0.prefix.first.map { $0 + 1 } == m.marker.value }
                }
                if let closed { stack.removeSubrange(closed...) }
            }
            // The open heading this marker follows on from; else the nearest of its family.
            let continued = stack.lastIndex { $0.family == family && $0.value + 1 == m.marker.value && $0.prefix == m.marker.prefix }
            if let i = continued ?? stack.lastIndex(where: { $0.family == family }), let innermost = stack.last {
                let itemsUnderHeading = m.form == .item && innermost.form != .item
                if m.marker.value == 1 && depth == nil
                    && (itemsUnderHeading || stack[i].value > 1 && breaks[k].map { all[$0].value == stack[i].value + 1 } == true) {
                    level = innermost.level + 1
                } else {
                    level = stack[i].level
                    stack.removeSubrange(i...)
                }
            } else {
                level = (stack.last?.level ?? 0) + 1
            }
            // No deeper than Word's nine levels: a marker past them is a sibling at the ninth
            // (a file of alternating headings and items would otherwise nest without end).
            let bounded = min(level, maxDepth)
            while let last = stack.last, last.level >= bounded { stack.removeLast() }
            stack.append((family, m.marker.value, bounded, m.form, m.marker.prefix))
            levels.append(bounded)
        }
        return levels
    }

    /// The deepest level an outline node gets (Word numbers nine levels; 公文 use four to six).
    public static let maxDepth = 9

    /// For each marker, the first later marker of its family that breaks the count: neither
    /// the next number after the family's previous marker nor a new 一. After a list restarting
    /// at 一 at `k` under an open heading numbered `outer`, the list was nested, not a restart,
    /// when that break goes on from the heading (`outer + 1`). Whether a marker breaks depends
    /// only on the one before it in its family, so one pass from the end finds them all.
    static func numberingBreaks(_ markers: [HeadingMarker]) -> [Int?] {
        var previous: [MarkerFamily: Int] = [:]
        var isBreak = [Bool](repeating: false, count: markers.count)
        for (k, m) in markers.enumerated() {
            if let p = previous[m.family] { isBreak[k] = m.value != 1 && m.value != p + 1 }
            previous[m.family] = m.value
        }
        var nearest: [MarkerFamily: Int] = [:]
        var result = [Int?](repeating: nil, count: markers.count)
        for k in markers.indices.reversed() {
            result[k] = nearest[markers[k].family]
            if isBreak[k] { nearest[markers[k].family] = k }
        }
        return result
    }

    /// A heading line without a marker: a short paragraph of Han text with no punctuation of a
    /// sentence (过去五年国内工作的基本总结).
    public static func isUnmarkedHeading(_ p: Paragraph) -> Bool {
        let n = p.scalars.count
        guard n >= 4 && n <= 30, MarkerParser.anyMarker(at: p.text) == nil else { return false }
        return !p.scalars.contains(where: sentencePunctuation.contains) && p.scalars.filter(CharacterClass.isHan).count * 2 > n
    }

    /// 。，；：！？ and their ASCII forms: a line with one is a sentence, not a heading.
    static let sentencePunctuation: Set<UInt32> = [0x3002, 0xFF0C, 0xFF1B, 0xFF1A, 0xFF01, 0xFF1F, 0x2C, 0x2E, 0x3B, 0x3A, 0x21, 0x3F]

    /// The end of the last paragraph that starts before `offset`.
    static func stopBefore(_ offset: Int, _ paragraphs: [Paragraph]) -> Int {
        // Paragraphs are in text order: the last one starting before `offset`, by bisection.
        var low = 0, high = paragraphs.count
        while low < high {
            let mid = low + (high - low) / 2
            if paragraphs[mid].range.start < offset { low = mid + 1 } else { high = mid }
        }
        return low > 0 ? paragraphs[low - 1].range.end : 0
    }

    /// Title, its length in scalars, and the form of a marked paragraph.
    static func classify(_ rest: String, next: Paragraph?) -> (String, Int, OutlineNode.Form) {
        let scalars = Array(rest.unicodeScalars)
        // The first sentence: up to 。！？； (a heading may end with its own 。).
        var cut = scalars.count
        for (k, s) in scalars.enumerated() where [0x3002, 0xFF01, 0xFF1F, 0xFF1B, 0x21, 0x3F, 0x3B].contains(s.value) {
            cut = k
            break
        }
        var title = String(String.UnicodeScalarView(scalars[0..<cut]))
        let trimmed = title.trimmingCharacters(in: .whitespaces)
        let leading = title.unicodeScalars.count - title.unicodeScalars.drop { $0 == " " }.count
        title = trimmed
        let sentenceEnd = cut < scalars.count ? cut + 1 : cut
        let restAfter = scalars.count - sentenceEnd
        let titleLength = leading + trimmed.unicodeScalars.count
        if restAfter > 0 && scalars[sentenceEnd...].contains(where: { CharacterClass.isHan($0.value) }) {
            // A title sentence, then body text in the same paragraph.
            return (title, titleLength, cut <= 40 ? .runIn : .item)
        }
        // One clause ending in ；: an item of a list in running text (一、节约能源；二、…；), not a heading.
        if cut < scalars.count, [0xFF1B, 0x3B].contains(scalars[cut].value) {
            return (title, titleLength, .item)
        }
        // One sentence. A short one followed by an unmarked paragraph is a heading.
        if title.unicodeScalars.count <= 30, let next, MarkerParser.marker(at: next.text) == nil {
            return (title, titleLength, .heading)
        }
        return (title, titleLength, title.unicodeScalars.count <= 20 ? .heading : .item)
    }

    static func tree(_ flat: [OutlineNode]) -> [OutlineNode] {
        // Build bottom-up with a stack of (node, children).
        var roots: [OutlineNode] = []
        var stack: [OutlineNode] = []
        func closeTop() {
            let node = stack.removeLast()
            if stack.isEmpty { roots.append(node) } else { stack[stack.count - 1].children.append(node) }
        }
        for node in flat {
            while let top = stack.last, top.level >= node.level { _ = top; closeTop() }
            stack.append(node)
        }
        while !stack.isEmpty { closeTop() }
        return roots
    }
}
