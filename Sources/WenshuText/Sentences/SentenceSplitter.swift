/// A sentence: its range in the normalised text.
public struct Sentence: Sendable, Equatable {
    public let range: TextRange
    public let text: String
}

/// Splits normalised text into sentences: ICU's sentence boundaries, plus the rules of Chinese
/// prose — a sentence ends after 。！？； (and their ASCII forms), after …… when the next character
/// starts something new, and at every line break; closing quotes and brackets that follow the
/// end stay with the sentence (他说：“好。”). White space between sentences belongs to none.
public final class SentenceSplitter {
    private let iterator: ICUBreakIterator

    public init() throws { iterator = try ICUBreakIterator(kind: .sentence, locale: "zh") }

    static func isTerminal(_ v: UInt32) -> Bool {
        [0x3002, 0xFF01, 0xFF1F, 0xFF1B, 0x21, 0x3F, 0x3B, 0xFF61].contains(v)
    }

    static func isClosing(_ v: UInt32) -> Bool {
        [0x201D, 0x2019, 0x300D, 0x300F, 0x300B, 0xFF09, 0x29, 0x3011, 0x22, 0x27].contains(v)
    }

    public func split(_ text: NormalizedText) throws -> [Sentence] {
        let s = text.scalars
        let n = s.count
        guard n > 0 else { return [] }
        var cut = [Bool](repeating: false, count: n + 1)
        cut[n] = true
        // ICU's boundaries.
        var utf16: [UInt16] = []
        var map: [Int] = []
        utf16.reserveCapacity(n)
        for (k, v) in s.enumerated() {
            map.append(k)
            appendUTF16(v, to: &utf16)
            if v >= 0x10000 { map.append(k) }
        }
        map.append(n)
        for b in try iterator.boundaries(of: utf16).offsets { cut[map[Int(b)]] = true }
        // Chinese prose rules.
        var i = 0
        while i < n {
            let v = s[i]
            if v == 0x0A { cut[i] = true; cut[i + 1] = true; i += 1; continue }
            var end = -1
            if SentenceSplitter.isTerminal(v) {
                end = i + 1
                while end < n && SentenceSplitter.isTerminal(s[end]) { end += 1 }
            } else if v == 0x2026 {  // …
                var j = i
                while j < n && s[j] == 0x2026 { j += 1 }
                if j - i >= 2 {
                    // …… ends a sentence only when what follows is not punctuation: ……， goes
                    // on, and ……。 ends after the 。.
                    var k = j
                    while k < n && SentenceSplitter.isClosing(s[k]) { k += 1 }
                    if k < n && SentenceSplitter.isTerminal(s[k]) {
                        end = k + 1
                        while end < n && SentenceSplitter.isTerminal(s[end]) { end += 1 }
                    } else if k >= n || CharacterClass.of(s[k]) != .punctuation {
                        end = j
                    } else {
                        for q in (i + 1)...k { cut[q] = false }
                        i = k
                        continue
                    }
                }
            }
            if end > 0 {
                while end < n && SentenceSplitter.isClosing(s[end]) { end += 1 }
                // Closing quotes and brackets go with the sentence, not the next one.
                for k in (i + 1)..<end { cut[k] = false }
                cut[end] = true
                i = end
                continue
            }
            i += 1
        }
        // ICU also cuts before closing quotes after a terminal; undo cuts before a closing mark.
        var sentences: [Sentence] = []
        var start = 0
        for k in 1...n where cut[k] {
            var a = start, b = k
            while a < b && (CharacterClass.of(s[a]) == .space || s[a] == 0x0A) { a += 1 }
            while b > a && (CharacterClass.of(s[b - 1]) == .space || s[b - 1] == 0x0A) { b -= 1 }
            if b > a {
                let r = TextRange(start: a, end: b)
                sentences.append(Sentence(range: r, text: text.text(in: r)))
            }
            start = k
        }
        return sentences
    }
}
