import Foundation
import WenshuText

/// Checks a regular expression read from a data file (a structure's title, opening and cue
/// patterns) for the shapes that make a backtracking matcher (ICU, behind NSRegularExpression)
/// take exponential or high-polynomial time, before it is ever run on a document:
///
/// - a repeated group (`*`, `+`, `{n,}`, `{n,m}` with m > 1) that holds a repetition or an
///   alternation inside it: `(.*.*)*X`, `(a+)+`, `(a|aa)*` (possessive, `(a|aa)*+`, is allowed);
/// - more than one unbounded quantifier (`*`, `+`, `{n,}`) in one pattern: `.*.*.*X` backtracks
///   over a long paragraph in n³ steps (write a bounded one, `.{0,40}`, instead);
/// - bounded repetitions whose product (each `{n,m}` counts m + 1, `?` 2) is above
///   `maxBacktrackProduct`: `.{0,1000}.{0,1000}.{0,1000}X`.
///
/// Wenshu's own patterns are far inside these limits (their largest product is about 50,000).
public enum PatternSafety {
    public static let maxBacktrackProduct = 1_000_000

    /// Why `pattern` is refused, or nil when it may run. With `polynomial: false` only the
    /// exponential shape (a repeated group holding a repetition or an alternation) is refused:
    /// for pattern lists, where many unbounded repetitions of disjoint classes (`\s*[0-9]+\s*页`)
    /// are linear, and what is merely slow is stopped by ICU's time limit and reported as not
    /// checked (`pattern-not-checked`).
    public static func problem(_ pattern: String, polynomial: Bool = true) -> String? {
        struct Frame { var repeats = false; var alternation = false; var start = 0; var body = 0..<0 }
        let p = Array(pattern.unicodeScalars)
        var frames = [Frame()]
        var lastGroup: Frame? = nil       // the group that just closed, if the last atom is one
        var unbounded = 0
        var product = 1.0
        var i = 0
        while i < p.count {
            let c = p[i]
            var atomIsGroup: Frame? = nil
            switch c {
            case "\\":
                i += 1
                if i < p.count, p[i] == "Q" {  // \Q…\E: literal text
                    while i + 1 < p.count && !(p[i] == "\\" && p[i + 1] == "E") { i += 1 }
                    i += 1
                } else if i + 1 < p.count, "pPxN".unicodeScalars.contains(p[i]), p[i + 1] == "{" {
                    while i < p.count && p[i] != "}" { i += 1 }
                }
                i += 1
            case "[":
                // A character class: one atom, with nested classes and escapes inside.
                i = classEnd(p, from: i)
            case "(":
                frames.append(Frame())
                i += 1
                if i < p.count && p[i] == "?" {  // (?: (?= (?! (?<= (?<! (?<name> (?> (?i)
                    i += 1
                    while i < p.count && !":=!>)".unicodeScalars.contains(p[i]) { i += 1 }
                    if i < p.count && p[i] != ")" { i += 1 }
                }
                frames[frames.count - 1].start = i
            case ")":
                if frames.count > 1 {
                    var closed = frames.removeLast()
                    closed.body = min(closed.start, i)..<i
                    frames[frames.count - 1].repeats = frames[frames.count - 1].repeats || closed.repeats
                    frames[frames.count - 1].alternation = frames[frames.count - 1].alternation || closed.alternation
                    atomIsGroup = closed
                }
                i += 1
            case "|":
                frames[frames.count - 1].alternation = true
                i += 1
            case "*", "+", "?", "{":
                // A quantifier on the last atom.
                var low = 0, high: Int? = nil
                if c == "*" { high = nil } else if c == "+" { low = 1; high = nil } else if c == "?" { high = 1 } else {
                    var j = i + 1, first = "", second: String? = nil
                    while j < p.count, p[j] != "}" {
                        if p[j] == "," { second = "" } else if second != nil { second!.unicodeScalars.append(p[j]) } else { first.unicodeScalars.append(p[j]) }
                        j += 1
                    }
                    guard j < p.count, let n = Int(first) else { i += 1; continue }  // a literal {
                    low = n
                    high = second.map { $0.isEmpty ? nil : Int($0) } ?? n
                    if let s = second, !s.isEmpty, high == nil { return "the repetition {\(first),\(s)} is too large" }
                    i = j
                }
                i += 1
                // Lazy (?) or possessive (+). A possessive repetition never gives back what it
                // took, so what follows cannot make it try the other splits of its group.
                let possessive = i < p.count && p[i] == "+"
                if i < p.count && (p[i] == "?" || p[i] == "+") { i += 1 }
                let repeats = high.map { $0 > 1 } ?? true
                if repeats, !possessive, let group = lastGroup, group.repeats || group.alternation,
                   !separated(String(String.UnicodeScalarView(p[group.body]))) {
                    return "a repeated group holds a repetition or an alternation (as in (.*.*)* or (a|aa)+), which can take exponential time; repeat a plain class or text instead"
                }
                if !polynomial {
                    // Only the nesting above is refused.
                } else if let high {
                    if high > low { product *= Double(high) + 1 }  // high may be Int.max: no Int sum
                } else {
                    unbounded += 1
                    if unbounded > 1 {
                        return "more than one unbounded repetition (*, + or {n,}), which backtracks for a very long time on a long paragraph; bound them, as in .{0,40}"
                    }
                }
                if product > Double(maxBacktrackProduct) {
                    return "its bounded repetitions together allow more than \(maxBacktrackProduct) ways to match; make them shorter"
                }
                frames[frames.count - 1].repeats = true  // any quantifier: (a?){n} backtracks as (a|)…
                lastGroup = nil
                continue
            default:
                i += 1
            }
            lastGroup = atomIsGroup
        }
        return nil
    }

    /// The index just past the character class that opens at `start`, as ICU reads it
    /// (`RegexSyntax.setEnd`: nested classes, escapes, a `]` first or after `^` a member, in a
    /// nested class too); past the end of the pattern when the class does not close.
    static func classEnd(_ p: [Unicode.Scalar], from start: Int) -> Int {
        RegexSyntax.setEnd(p, from: start) ?? p.count + 1
    }

    /// Whether a repeated group's body (`[.．-][0-9xX]+`, from `(?:[.．-][0-9xX]+)*`) begins each
    /// time with one character that nothing else in it can match: then a text splits into its
    /// iterations one way only (each such character starts the next), and the repetition cannot
    /// backtrack exponentially. The body must be a sequence of single-character items (classes,
    /// escapes, literals), the first without a quantifier; no group, no alternative.
    ///
    /// Or the body is an alternation of plain words none of which begins another (`网友|用户`,
    /// from `(网友|用户)+`): such a set of words splits a text one way only as well.
    static func separated(_ body: String) -> Bool {
        let meta = Set("\\[](){}.*+?^$".unicodeScalars)
        if body.unicodeScalars.contains("|") {
            let words = body.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
            guard words.allSatisfy({ !$0.isEmpty && !$0.unicodeScalars.contains(where: meta.contains) }) else { return false }
            for (k, w) in words.enumerated() {
                for (j, v) in words.enumerated() where j != k && v.hasPrefix(w) { return false }
            }
            return true
        }
        let p = Array(body.unicodeScalars)
        var items: [(text: String, quantified: Bool)] = []
        var i = 0
        while i < p.count {
            let start = i
            switch p[i] {
            case "(", ")", "|", "^", "$": return false
            case "\\":
                i += 1
                guard i < p.count else { return false }
                if "pPx".unicodeScalars.contains(p[i]), i + 1 < p.count, p[i + 1] == "{" {
                    while i < p.count && p[i] != "}" { i += 1 }
                } else if p[i] == "u" {
                    i += 4
                } else if "bBAzZGQEkN0123456789".unicodeScalars.contains(p[i]) {
                    return false  // anchors, quoting, back references: not a single character
                }
                i += 1
            case "[":
                i = classEnd(p, from: i)
            default:
                i += 1
            }
            guard i <= p.count else { return false }
            let item = String(String.UnicodeScalarView(p[start..<i]))
            var quantified = false
            if i < p.count, "*+?{".unicodeScalars.contains(p[i]) {
                quantified = true
                if p[i] == "{" { while i < p.count && p[i] != "}" { i += 1 } }
                i += 1
                if i < p.count, p[i] == "?" || p[i] == "+" { i += 1 }
            }
            items.append((item, quantified))
        }
        guard let first = items.first, !first.quantified, items.count > 1,
              let separator = RegexItem.units(of: first.text) else { return false }
        let set = Set(separator)
        for item in items.dropFirst() {
            guard let units = RegexItem.units(of: item.text), set.isDisjoint(with: units) else { return false }
        }
        return true
    }

    /// The 1-based line of `file`'s text where `pattern` is written (as is, or with its
    /// backslashes doubled as in a double-quoted YAML string), if found.
    public static func line(of pattern: String, in text: String) -> Int? {
        let doubled = pattern.replacingOccurrences(of: "\\", with: "\\\\")
        for (n, line) in text.components(separatedBy: "\n").enumerated() where line.contains(pattern) || line.contains(doubled) {
            return n + 1
        }
        return nil
    }
}
