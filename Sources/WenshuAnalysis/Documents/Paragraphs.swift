import WenshuText

/// A paragraph: a non-empty line of the normalised text (hard wraps already rejoined), trimmed.
public struct Paragraph: Sendable, Equatable {
    /// Range in the normalised text.
    public let range: TextRange
    public let text: String
    /// The paragraph's scalars (normalised).
    public let scalars: [UInt32]
}

public enum ParagraphSplitter {
    public static func paragraphs(of text: NormalizedText) -> [Paragraph] {
        var result: [Paragraph] = []
        let s = text.scalars
        var start = 0
        func emit(_ a: Int, _ b: Int) {
            var x = a, y = b
            while x < y && CharacterClass.of(s[x]) == .space { x += 1 }
            while y > x && CharacterClass.of(s[y - 1]) == .space { y -= 1 }
            if y > x {
                let r = TextRange(start: x, end: y)
                result.append(Paragraph(range: r, text: text.text(in: r), scalars: Array(s[x..<y])))
            }
        }
        for (i, v) in s.enumerated() where v == 0x0A {
            emit(start, i)
            start = i + 1
        }
        emit(start, s.count)
        return result
    }
}
