import Foundation
import WenshuText

/// Which words may be reported as keywords: not a stop word (dictionaries/stopwords.txt), not a
/// policy verb or boilerplate word (dictionaries/policy-verbs.txt), not a single character, not a
/// number (Arabic, or spelled with the Chinese numeral characters of patterns/segmentation.json:
/// 一百四十), not a template placeholder (xxx, xx县: patterns/placeholders.txt), and with at least
/// one Han character or Latin letter. The lists are data files.
public struct KeywordFilter: Sendable {
    public let stopWords: Set<String>
    public let policyVerbs: Set<String>
    public let numeralCharacters: ScalarSet
    public let placeholders: PatternList?
    /// Directional and resultative complements (起 出 好 …: dictionaries/phrases/complements.txt):
    /// a single character followed by one of them is a verb phrase, not a term (改 + 起).
    public let complements: Set<String>
    /// The placeholder patterns that are plain Han text (某某): all a pure Han term can match.
    let hanPlaceholders: [String]

    public init(stopWords: Set<String>, policyVerbs: Set<String>, numeralCharacters: ScalarSet = ScalarSet(), placeholders: PatternList? = nil, complements: Set<String> = []) {
        self.stopWords = stopWords
        self.complements = complements
        self.policyVerbs = policyVerbs
        self.numeralCharacters = numeralCharacters
        self.placeholders = placeholders
        hanPlaceholders = (placeholders?.entries ?? []).map(\.regex.pattern)
            .filter { !$0.isEmpty && $0.unicodeScalars.allSatisfy { CharacterClass.isHan($0.value) } }
    }

    public static func load(dictionaries: Dictionaries) throws -> KeywordFilter {
        let rules = try SegmentationRules.load(contentsOf: dictionaries.segmentationRules)
        return KeywordFilter(stopWords: Set(try WordList.load(contentsOf: dictionaries.stopWords)),
                             policyVerbs: Set(try WordList.load(contentsOf: dictionaries.policyVerbs)),
                             numeralCharacters: ScalarSet(rules.chineseDigits + rules.yearDigits),
                             placeholders: try PatternList.load(contentsOf: dictionaries.url("patterns/placeholders.txt")),
                             complements: Set(try WordList.load(contentsOf: dictionaries.url("phrases/complements.txt"))))
    }

    /// A term that can be a keyword.
    public func accepts(_ term: String) -> Bool {
        var count = 0, hanCount = 0, han = false, letter = false, digitsOnly = true, numeral = true
        for u in term.unicodeScalars {
            count += 1
            if !numeralCharacters.contains(u.value) { numeral = false }
            switch CharacterClass.of(u.value) {
            case .han: han = true; hanCount += 1; digitsOnly = false
            case .latin: letter = true; digitsOnly = false
            case .digit: break
            default: digitsOnly = false
            }
        }
        guard count >= 2, han || letter, !digitsOnly, !numeral else { return false }
        return !stopWords.contains(term) && !policyVerbs.contains(term) && !isPlaceholder(term, allHan: !letter && count == hanCount)
    }

    /// A term with a template placeholder in it (xxx, xx县, ○○). A pure Han term is tested only
    /// against the patterns that are plain Han text (某某), so the common case costs no regex.
    func isPlaceholder(_ term: String, allHan: Bool) -> Bool {
        guard let placeholders else { return false }
        if allHan { return hanPlaceholders.contains { term.contains($0) } }
        return !placeholders.matches(in: term).isEmpty
    }

    /// A token that may begin a multi-word phrase: a content word, not a policy verb.
    func canStartPhrase(_ token: String) -> Bool {
        !stopWords.contains(token) && !policyVerbs.contains(token) && hasContent(token)
    }

    /// A token that may continue a phrase: not a stop word (发展 in 绿色发展 may).
    func canContinuePhrase(_ token: String) -> Bool {
        !stopWords.contains(token) && hasContent(token)
    }

    /// A single-character complement (起 in 改起) that may not end a pair of single characters.
    func isComplement(_ token: String) -> Bool { complements.contains(token) }

    private func hasContent(_ token: String) -> Bool {
        token.unicodeScalars.contains { let c = CharacterClass.of($0.value); return c == .han || c == .latin }
    }
}
