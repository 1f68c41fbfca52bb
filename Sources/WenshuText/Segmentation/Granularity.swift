import Foundation

/// How coarse the tokens of a segmenter are.
///
/// - `word` (the default): words as the SIGHAN bakeoff standards cut them — a verb and its
///   object apart (优化 / 营商环境), a noun and 建设 apart.
/// - `term`: adjacent words joined into the domain's fixed terms and 提法 of the term list
///   (`dictionaries/lexicon/terms.txt`) and any phrases added (the learned phrases of an IDF
///   table): 防范化解重大风险, 稳中求进工作总基调, 脱贫攻坚. A term is joined only where its first
///   and last characters fall on word boundaries, so a term never cuts a word.
/// - `search`: the term tokens, each followed by the words inside it (jieba's
///   `cut_for_search`), each with its own offsets. The tokens overlap: they do not tile the text.
public enum Granularity: String, Sendable, CaseIterable, Codable {
    case word, term, search
}

extension Segmenter {
    /// Calls `body` with the tokens of `words` (one unit's word tokens, in order) joined into the
    /// terms of `terms` (longest match first, left to right); in `search` granularity each joined
    /// term is followed by the words inside it.
    static func joinTerms(_ t: UnsafeBufferPointer<UInt32>, _ words: [RawToken], terms: Lexicon, search: Bool,
                          endIndex: inout [Int32], _ body: (RawToken) throws -> Void) rethrows {
        let n = t.count
        if endIndex.count < n + 1 { endIndex = [Int32](repeating: -1, count: n + 1) }
        for (k, w) in words.enumerated() { endIndex[w.end] = Int32(k) }
        defer { for w in words { endIndex[w.end] = -1 } }
        var k = 0
        while k < words.count {
            let w = words[k]
            var last = -1
            if w.kind == .word || w.kind == .number || w.kind == .latin {
                terms.forEachMatch(in: t, at: w.start) { len, _ in
                    let m = Int(endIndex[w.start + len])
                    guard m > k else { return }
                    // Only words, numbers and Latin words inside (no space or punctuation).
                    for q in k...m where !(words[q].kind == .word || words[q].kind == .number || words[q].kind == .latin) { return }
                    last = m  // matches come shortest first: the last is the longest
                }
            }
            if last > k {
                try body(RawToken(start: w.start, end: words[last].end, kind: .word))
                if search { for q in k...last { try body(words[q]) } }
                k = last + 1
            } else {
                try body(w)
                k += 1
            }
        }
    }
}
