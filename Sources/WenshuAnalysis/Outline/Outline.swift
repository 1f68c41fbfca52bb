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
    /// Family → level, from the order in which families first appear.
    public let levels: [MarkerFamily: Int]
    /// Families in the order they first appeared.
    public let familyOrder: [MarkerFamily]

    public var isEmpty: Bool { flat.isEmpty }
}

/// Builds the outline of a document from its paragraphs.
public enum OutlineBuilder {
    /// `paragraphs` are the document's paragraphs; `end` is the normalised offset where it ends.
    public static func build(_ paragraphs: [Paragraph], end: Int) -> Outline {
        var flat: [OutlineNode] = []
        var levels: [MarkerFamily: Int] = [:]
        var order: [MarkerFamily] = []
        var inline: [InlineList] = []
        for (i, p) in paragraphs.enumerated() {
            if let m = MarkerParser.marker(at: p.text) {
                if levels[m.family] == nil { order.append(m.family); levels[m.family] = order.count }
                let rest = String(String.UnicodeScalarView(p.text.unicodeScalars.dropFirst(m.length)))
                let (title, titleLength, form) = classify(rest, next: i + 1 < paragraphs.count ? paragraphs[i + 1] : nil)
                let titleRange = TextRange(start: p.range.start, end: p.range.start + m.length + titleLength)
                flat.append(OutlineNode(level: levels[m.family]!, marker: m, title: title, form: form, paragraph: i,
                                        titleRange: titleRange, range: p.range, children: []))
            }
            let items = MarkerParser.inlineItems(in: p.text)
            if items.count >= 2 || (items.count == 1 && items[0].value == 1) {
                inline.append(InlineList(paragraph: i, items: items.map { item in
                    (item.value, TextRange(start: p.range.start + item.offset, end: p.range.start + item.offset + item.text.unicodeScalars.count), item.text)
                }))
            }
        }
        // Ranges: a node runs to the next node at the same or a higher level.
        for k in 0..<flat.count {
            var stop = end
            for j in (k + 1)..<max(k + 1, flat.count) where flat[j].level <= flat[k].level {
                stop = paragraphs[flat[j].paragraph].range.start
                break
            }
            flat[k].range = TextRange(start: flat[k].range.start, end: max(flat[k].range.end, stopBefore(stop, paragraphs)))
        }
        return Outline(roots: tree(flat), flat: flat, inlineLists: inline, levels: levels, familyOrder: order)
    }

    /// The end of the last paragraph that starts before `offset`.
    static func stopBefore(_ offset: Int, _ paragraphs: [Paragraph]) -> Int {
        var e = 0
        for p in paragraphs where p.range.start < offset { e = p.range.end }
        return e
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
