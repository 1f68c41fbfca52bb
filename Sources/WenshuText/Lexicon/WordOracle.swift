/// Answers "is this string one word?" from ICU's Chinese dictionary and a lexicon: the test the
/// text checks use to tell a space or a full stop inside a word (政 策, 促。 进) from one between
/// two words. Opens its own ICU break iterator for each question, so it is safe to share.
public struct WordOracle: Sendable {
    public let lexicon: Lexicon

    public init(lexicon: Lexicon = .empty) { self.lexicon = lexicon }

    /// Whether `word` (two or more Han characters) is a dictionary word: in the lexicon, or one
    /// ideographic word to ICU's dictionary segmentation.
    public func isWord(_ word: String) -> Bool {
        let scalars = Array(word.unicodeScalars)
        guard scalars.count >= 2, scalars.allSatisfy({ CharacterClass.isHan($0.value) }) else { return false }
        if lexicon.contains(word) { return true }
        guard let it = try? ICUBreakIterator(kind: .word, locale: "zh") else { return false }
        let utf16 = Array(word.utf16)
        guard let (offsets, statuses) = try? it.boundaries(of: utf16) else { return false }
        // One segment: boundaries 0 and the length, with an ideographic status.
        return offsets.count == 2 && Int(offsets[1]) == utf16.count
            && statuses[1] >= ICUBreakIterator.WordStatus.kanaLimit && statuses[1] < ICUBreakIterator.WordStatus.ideoLimit
    }

    /// Whether a word of two or more characters in the dictionary spans the point between
    /// `left` (the characters before it, nearest last) and `right` (those after it): 政|策,
    /// 建|设, 促|进. Tries every split into words of up to `maxLength` characters.
    public func wordSpans(left: [UInt32], right: [UInt32], maxLength: Int = 3) -> Bool {
        guard !left.isEmpty, !right.isEmpty, maxLength >= 2 else { return false }
        for a in 1...min(maxLength - 1, left.count) {
            for b in 1...max(1, min(maxLength - a, right.count)) where b <= right.count {
                let chars = left.suffix(a) + right.prefix(b)
                guard chars.allSatisfy(CharacterClass.isHan) else { continue }
                if isWord(String(String.UnicodeScalarView(chars.compactMap(Unicode.Scalar.init)))) { return true }
            }
        }
        return false
    }
}
