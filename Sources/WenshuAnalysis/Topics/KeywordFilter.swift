import Foundation
import WenshuText

/// Which words may be reported as keywords: not a stop word (dictionaries/stopwords.txt), not a
/// policy verb or boilerplate word (dictionaries/policy-verbs.txt), not a single character, not a
/// number (Arabic, or spelled with the Chinese numeral characters of patterns/segmentation.json:
/// 一百四十), not a template placeholder (xxx, xx县: patterns/placeholders.txt), and with at least
/// one Han character or Latin letter. The lists are data files.
///
/// With a part-of-speech tagger (the default of `load`), a keyword must also be a **term**: a
/// nominal word or phrase (`isTerm`) — verbs (搭建), adverbs (更好), adjectives, numbers and
/// time words (五年来) and phrases that start with an adverb, a number or a function word
/// (更大力度, 更好发挥) are not keywords.
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
    /// Parts of speech; nil accepts terms whatever their part of speech.
    public let tagger: PartOfSpeechTagger?
    /// The least share of a verb's or adjective's occurrences in a document that must be uses as a
    /// noun for it to be a term there (`isTermByUse`); 0: one noun use is enough (measured best on
    /// the CSL benchmark, BENCHMARKS.md).
    public var minNominalShare = 0.0
    /// Whether verbs, adjectives and adverbs can be terms by use at all. Off for yearly keywords
    /// (`strict`): a year's report uses 增加, 保护, 团结 as nouns somewhere, yet they are not
    /// the year's terms.
    public var termsByUse = true

    /// The same filter with verbs, adjectives and adverbs never terms (yearly keywords).
    public var strict: KeywordFilter { var f = self; f.termsByUse = false; return f }

    public init(stopWords: Set<String>, policyVerbs: Set<String>, numeralCharacters: ScalarSet = ScalarSet(), placeholders: PatternList? = nil, complements: Set<String> = [],
                tagger: PartOfSpeechTagger? = nil) {
        self.tagger = tagger
        self.stopWords = stopWords
        self.complements = complements
        self.policyVerbs = policyVerbs
        self.numeralCharacters = numeralCharacters
        self.placeholders = placeholders
        hanPlaceholders = (placeholders?.entries ?? []).map(\.pattern)
            .filter { !$0.isEmpty && $0.unicodeScalars.allSatisfy { CharacterClass.isHan($0.value) } }
    }

    /// The bundled lists; with `partsOfSpeech`, the bundled tag table read after the domain
    /// lexicon's tags (`PartOfSpeechTagger.load`).
    public static func load(dictionaries: Dictionaries, partsOfSpeech: Bool = true) throws -> KeywordFilter {
        let rules = try SegmentationRules.load(contentsOf: dictionaries.segmentationRules)
        var tagger: PartOfSpeechTagger? = nil
        if partsOfSpeech {
            var domain = LexiconBuilder()
            try domain.load(contentsOf: dictionaries.domainLexicon)
            tagger = try PartOfSpeechTagger.load(dictionaries: dictionaries, lexicon: domain.build())
        }
        return KeywordFilter(stopWords: Set(try WordList.load(contentsOf: dictionaries.stopWords)),
                             policyVerbs: Set(try WordList.load(contentsOf: dictionaries.policyVerbs)),
                             numeralCharacters: ScalarSet(rules.chineseDigits + rules.yearDigits),
                             placeholders: try PatternList.load(contentsOf: dictionaries.url("patterns/placeholders.txt")),
                             complements: Set(try WordList.load(contentsOf: dictionaries.url("phrases/complements.txt"))),
                             tagger: tagger)
    }

    /// The same filter with another tagger (nil: no part-of-speech test).
    public func with(tagger: PartOfSpeechTagger?) -> KeywordFilter {
        KeywordFilter(stopWords: stopWords, policyVerbs: policyVerbs, numeralCharacters: numeralCharacters, placeholders: placeholders,
                      complements: complements, tagger: tagger)
    }

    /// A term that can be a keyword wherever it occurs (a verb or adjective that is a term only
    /// where it is used as a noun is not: see `isTermByUse`).
    public func accepts(_ term: String) -> Bool { acceptsWord(term) && termClass(term) == .term }

    /// The tests of the type's documentation other than the part of speech.
    public func acceptsWord(_ term: String) -> Bool {
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

    /// What the part of speech says about a term.
    public enum TermClass: Sendable, Equatable {
        /// Nominal: a keyword wherever it occurs.
        case term
        /// A verb or adjective (应用, 合成, 健康): a keyword only in a document that uses it as a
        /// noun (`isTermByUse`).
        case byUse
        /// Not a term: adverbs, numbers, time words, function words, phrases starting with them.
        case notTerm
    }

    /// Known tags whose words are terms only where a document uses them as nouns: verbs,
    /// adjectives, adverbs (the table tags some nouns d: 仿真, 首都), time words (清代, 青年) and
    /// localisers (南方, 沿海).
    static let byUseTags: Set<String> = ["v", "a", "d", "t", "f", "ad", "an", "vd", "vg", "ag", "dg", "tg"]
    /// Known tags of words that are never terms: numerals, classifiers, pronouns, prepositions,
    /// conjunctions, particles, interjections, onomatopoeia, prefixes and suffixes.
    static let functionTags: Set<Character> = ["m", "q", "r", "p", "c", "u", "y", "e", "o", "h", "k", "x", "w"]
    /// Heads that make a phrase no term (…到, …了, …地).
    static let badHeads: Set<Character> = ["d", "p", "c", "u", "y", "e", "o", "m", "q"]

    /// Whether a term is nominal (see `termClass`).
    public func isTerm(_ term: String) -> Bool { termClass(term) == .term }

    /// The part-of-speech class of a term (`.term` without a tagger or for a term with no Han
    /// character). The table's tags are noisy for technical words (周期 t, 几何 r, 重建 a), so the
    /// rules reject only what is clearly no term:
    ///
    /// - a word a lexicon tags: nominal, attributive (b) or descriptive (z) → term; a number,
    ///   classifier, pronoun or function word → not; a verb, adjective, adverb, time word or
    ///   localiser → `.byUse` (a time word that starts with a numeral, 五年, → not);
    /// - a phrase merged from several words, an unknown word, a set phrase (l, i): not a term when
    ///   it starts with an adverb and its head is a verb or adjective (更好 + 发挥), or with a
    ///   one-character adverb (更 + 大力度), or with a conjunction or particle; when it is a number and a time, place or unit
    ///   word (五年 + 来); when its head (longest known suffix of two or more characters, else the
    ///   guess) is a function word; or when a verb is followed by a verb no word is known for (增加 + 到). A verb
    ///   after a noun is a compound noun (数值 + 模拟, 脱贫 + 攻坚).
    public func termClass(_ term: String) -> TermClass {
        guard let tagger, term.unicodeScalars.contains(where: { CharacterClass.isHan($0.value) }) else { return .term }
        let w = term.unicodeScalars.map(\.value)
        if let tag = tagger.knownTag(w) {
            if PartOfSpeechTagger.isNominal(tag) || tag == "b" || tag == "z" { return .term }
            if tag.first == "t" && numeralCharacters.contains(w[0]) { return .notTerm }
            if KeywordFilter.byUseTags.contains(tag) { return .byUse }
            if tag != "l" && tag != "i" { return tag.first.map { KeywordFilter.functionTags.contains($0) } == true ? .notTerm : .term }
        }
        let first = tagger.firstWord(w)
        let knownHead = tagger.headTag(w)
        let head = knownHead ?? tagger.guess(w)
        if let first, let c = first.tag.first {
            // An adverb before a verb or adjective is a verb phrase (更好 + 发挥); a one-character
            // adverb before anything (更 + 大力度). 随机 + 算法, 快速 + 算法 are terms.
            if c == "d" && (first.length == 1 || head == "v" || head == "a") { return .notTerm }
            if (c == "c" || c == "u") && first.length >= 2 { return .notTerm }
            if (c == "m" || c == "t") && numeralCharacters.contains(w[0]) {
                let rest = Array(w[first.length...])
                let restTag = tagger.knownTag(rest)
                if rest.count == 1 || restTag.map({ ["t", "f", "q", "m"].contains($0.prefix(1)) }) == true { return .notTerm }
            }
        }
        if let h = head.first, KeywordFilter.badHeads.contains(h) { return .notTerm }
        // A verb and a verb or complement no word is known for (增加 + 到).
        if knownHead == nil && head == "v", let f = first?.tag, f == "v" { return .notTerm }
        if first == nil && knownHead == nil {
            // An unknown word with no known part: the guess decides.
            if PartOfSpeechTagger.isNominal(head) { return .term }
            return head == "v" || head == "a" ? .byUse : .term
        }
        return .term
    }

    /// Tokens after which a word is used as a noun (的应用, 之争).
    static let nominalBefore: Set<String> = ["的", "之"]
    /// Tokens before which a word is used as a noun (应用和, 合成与, 吸附的, 治疗中).
    static let nominalAfter: Set<String> = ["的", "和", "与", "及", "及其", "等", "中", "上", "方面", "过程", "研究", "技术", "方法", "问题"]

    /// Whether a `.byUse` term is used as a noun in `clauses` (a document): in at least half of
    /// its occurrences (`minNominalShare`; at least one) it follows 的/之 or comes before a conjunction, 的, 等 or a
    /// localiser (`nominalBefore`, `nominalAfter`). 搭建平台, 更好发挥作用 are verbs; 的合成, 吸附和
    /// are nouns. (`TermSequence.termCounts` applies the same test in one pass.)
    public func isTermByUse(_ term: String, in clauses: [[String]]) -> Bool {
        TermSequence(clauses: clauses).termCounts(filter: self)[term] != nil
    }

    /// A term with a template placeholder in it (xxx, xx县, ○○). A pure Han term is tested only
    /// against the patterns that are plain Han text (某某), so the common case costs no regex.
    /// A term a placeholder pattern matches. A term on which ICU stopped a pattern's search (a
    /// token of thousands of characters, a user's slow pattern) counts as one: it is not offered
    /// as a keyword, since what it is could not be checked (no note is made: keywords are a
    /// ranking, and such a token is no keyword).
    func isPlaceholder(_ term: String, allHan: Bool) -> Bool {
        guard let placeholders else { return false }
        if allHan { return hanPlaceholders.contains { term.contains($0) } }
        let (matches, stopped) = placeholders.search(in: term)
        return !matches.isEmpty || !stopped.isEmpty
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
