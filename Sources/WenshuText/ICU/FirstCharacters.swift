import CICU
import Foundation

/// What the first character of any match of a regular expression can be, read from the
/// pattern's syntax: its literal characters, and its single-character items (classes such as
/// `[\u4e00-\u9fa5]`, escapes such as `\d` or `\s`, `.`) as written, which `FirstUnits` hands to
/// ICU to learn exactly which characters they match.
///
/// `(范文|文库)(网|站)` can only begin with 范 or 文; `(?<=共)(万|千)?(余|多)?(平方米|亩)` with 万, 千,
/// 余, 多, 平 or 亩 (lookaround, anchors and optional items are looked through). A pattern list
/// searched on a long text then tries each pattern only where such a character stands
/// (`wenshu_regex_find_at`) instead of ICU testing every character against every pattern.
///
/// Conservative: nil for a pattern that can match the empty string, or that uses syntax this
/// reading does not model (flags such as `(?i)`, back references, `\Q…\E`, `\X`, `\R`, `\G`,
/// comments); such a pattern is searched whole, as before.
struct FirstCharacters: Equatable {
    /// Literal characters a match can begin with.
    var scalars: Set<UInt32> = []
    /// Single-character items a match can begin with, as written in the pattern (`[0-9]`, `\s`, `.`).
    var classes: Set<String> = []

    init(scalars: Set<UInt32> = [], classes: Set<String> = []) {
        self.scalars = scalars
        self.classes = classes
    }

    init?(pattern: String) {
        var parser = Parser(Array(pattern.unicodeScalars))
        guard let top = parser.alternation(), parser.i == parser.p.count, !top.nullable else { return nil }
        self = top.first
    }

    mutating func formUnion(_ other: FirstCharacters) {
        scalars.formUnion(other.scalars)
        classes.formUnion(other.classes)
    }

    /// What an item or a sequence contributes: the characters it can begin with, and whether it
    /// can match nothing (then what follows it can begin the match too).
    fileprivate struct Info {
        var first = FirstCharacters()
        var nullable: Bool
    }

    /// A recursive-descent reading of ICU's regular-expression syntax (flags 0), only as far as
    /// first characters need: nil for anything it does not know.
    fileprivate struct Parser {
        let p: [Unicode.Scalar]
        var i = 0
        var depth = 0

        init(_ p: [Unicode.Scalar]) { self.p = p }

        func at(_ k: Int) -> Unicode.Scalar? { k < p.count ? p[k] : nil }

        /// branch | branch …, up to a `)` or the end (not consumed).
        mutating func alternation() -> Info? {
            depth += 1
            defer { depth -= 1 }
            guard depth <= 64 else { return nil }
            var result = Info(nullable: false)
            var firstBranch = true
            while true {
                guard let branch = sequence() else { return nil }
                result.first.formUnion(branch.first)
                result.nullable = firstBranch ? branch.nullable : (result.nullable || branch.nullable)
                firstBranch = false
                if at(i) == "|" { i += 1; continue }
                return result
            }
        }

        /// Items one after another, up to a `|`, a `)` or the end.
        mutating func sequence() -> Info? {
            var result = Info(nullable: true)
            while let c = at(i), c != "|", c != ")" {
                guard var item = self.item() else { return nil }
                guard let minimum = quantifier() else { return nil }
                if minimum == 0 { item.nullable = true }
                if result.nullable { result.first.formUnion(item.first) }
                result.nullable = result.nullable && item.nullable
            }
            return result
        }

        /// `?`, `*`, `+`, `{n}`, `{n,}`, `{n,m}`, each maybe lazy (`?`) or possessive (`+`):
        /// the least number of repetitions (1 without a quantifier); nil for a malformed one.
        mutating func quantifier() -> Int? {
            guard let c = at(i) else { return 1 }
            var minimum: Int
            switch c {
            case "?", "*": minimum = 0; i += 1
            case "+": minimum = 1; i += 1
            case "{":
                var j = i + 1, digits = ""
                while let d = at(j), ("0"..."9").contains(d) { digits.unicodeScalars.append(d); j += 1 }
                guard let m = Int(digits), digits.count <= 9 else { return nil }
                if at(j) == "," {
                    j += 1
                    while let d = at(j), ("0"..."9").contains(d) { j += 1 }
                }
                guard at(j) == "}" else { return nil }
                minimum = m
                i = j + 1
            default: return 1
            }
            if let m = at(i), m == "?" || m == "+" { i += 1 }
            // A quantifier on a quantifier is not modelled.
            if let m = at(i), "?*+{".unicodeScalars.contains(m) { return nil }
            return minimum
        }

        /// One item: a literal, a class, an escape, `.`, an anchor or a group.
        mutating func item() -> Info? {
            guard let c = at(i) else { return nil }
            switch c {
            case "(": return group()
            case "[":
                guard let end = classEnd(from: i) else { return nil }
                let text = String(String.UnicodeScalarView(p[i..<end]))
                i = end
                return Info(first: FirstCharacters(classes: [text]), nullable: false)
            case ".":
                i += 1
                return Info(first: FirstCharacters(classes: ["."]), nullable: false)
            case "^", "$":
                i += 1
                return Info(nullable: true)
            case "\\": return escape()
            case "?", "*", "+", "{", ")", "|": return nil
            default:
                i += 1
                return Info(first: FirstCharacters(scalars: [c.value]), nullable: false)
            }
        }

        /// `(…)`, `(?:…)`, `(?>…)`, `(?<name>…)`; lookaround `(?=…)`, `(?!…)`, `(?<=…)`, `(?<!…)`
        /// match no characters. Anything else (`(?i)`, `(?#…)`) is not modelled.
        mutating func group() -> Info? {
            i += 1
            var lookaround = false
            if at(i) == "?" {
                switch at(i + 1) {
                case ":", ">": i += 2
                case "=", "!": i += 2; lookaround = true
                case "<":
                    if at(i + 2) == "=" || at(i + 2) == "!" {
                        i += 3; lookaround = true
                    } else if let l = at(i + 2), ("a"..."z").contains(l) || ("A"..."Z").contains(l) {
                        // A named group: (?<name>…).
                        var j = i + 2
                        while let n = at(j), ("a"..."z").contains(n) || ("A"..."Z").contains(n) || ("0"..."9").contains(n) { j += 1 }
                        guard at(j) == ">" else { return nil }
                        i = j + 1
                    } else {
                        return nil
                    }
                default: return nil
                }
            }
            guard let inner = alternation(), at(i) == ")" else { return nil }
            i += 1
            return lookaround ? Info(nullable: true) : inner
        }

        /// The end (exclusive) of the class that opens at `start`, as ICU reads it
        /// (`RegexSyntax.setEnd`). nil when it does not close, or opens with `]` (read
        /// differently by different engines).
        func classEnd(from start: Int) -> Int? {
            var j = start + 1
            if at(j) == "^" { j += 1 }
            guard let f = at(j), f != "]" else { return nil }
            return RegexSyntax.setEnd(p, from: start)
        }

        /// A backslash escape.
        mutating func escape() -> Info? {
            guard let e = at(i + 1) else { return nil }
            let start = i
            func hex(_ from: Int, count: Int) -> UInt32? {
                guard from + count <= p.count else { return nil }
                return UInt32(String(String.UnicodeScalarView(p[from..<(from + count)])), radix: 16)
            }
            func literal(_ v: UInt32?, end: Int) -> Info? {
                guard let v, Unicode.Scalar(v) != nil else { return nil }
                i = end
                return Info(first: FirstCharacters(scalars: [v]), nullable: false)
            }
            func single(end: Int) -> Info {
                let text = String(String.UnicodeScalarView(p[start..<end]))
                i = end
                return Info(first: FirstCharacters(classes: [text]), nullable: false)
            }
            switch e {
            case "b", "B", "A", "z", "Z":
                i += 2
                return Info(nullable: true)
            case "d", "D", "s", "S", "w", "W", "h", "H", "v", "V", "t", "n", "r", "f", "e", "a":
                return single(end: i + 2)
            case "p", "P", "N":
                if at(i + 2) == "{" {
                    guard let close = p[(i + 2)...].firstIndex(of: "}") else { return nil }
                    return single(end: close + 1)
                }
                guard e != "N", at(i + 2) != nil else { return nil }
                return single(end: i + 3)
            case "u": return literal(hex(i + 2, count: 4), end: i + 6)
            case "U": return literal(hex(i + 2, count: 8), end: i + 10)
            case "x":
                if at(i + 2) == "{" {
                    guard let close = p[(i + 2)...].firstIndex(of: "}"), close - (i + 3) <= 6 else { return nil }
                    return literal(hex(i + 3, count: close - (i + 3)), end: close + 1)
                }
                return literal(hex(i + 2, count: 2), end: i + 4)
            default:
                // Any other letter or digit (back references, \Q, \X, \R, \G, \c, \0…) is not
                // modelled; any other character escaped is itself.
                if e.properties.isAlphabetic || ("0"..."9").contains(e) { return nil }
                return literal(e.value, end: i + 2)
            }
        }
    }
}

/// The UTF-16 units that can begin a match, for a pattern's `FirstCharacters`: literal
/// characters as themselves (or the lead surrogate of one beyond the BMP), classes as ICU
/// matches them over every BMP character, plus every lead surrogate (a class may match a
/// character beyond the BMP).
struct FirstUnits {
    /// Sorted, distinct.
    let units: [UInt16]

    /// The largest number of units a pattern may begin with and still be searched from them;
    /// beyond it (a pattern that starts with any Han character) ICU's own scan is as quick.
    static let limit = 4_096

    /// nil when a class could not be compiled alone or matched other than one character at a
    /// time, or when there are more than `limit` units.
    init?(_ first: FirstCharacters, classes: ClassUnitCache = .shared) {
        var set = Set<UInt16>()
        for s in first.scalars {
            if s < 0x10000 {
                set.insert(UInt16(s))
            } else if let scalar = Unicode.Scalar(s) {
                set.insert(UTF16.leadSurrogate(scalar))
            }
        }
        if !first.classes.isEmpty {
            for c in first.classes {
                guard let units = classes.units(of: c) else { return nil }
                set.formUnion(units)
                if set.count > FirstUnits.limit { return nil }
            }
            set.formUnion(0xD800...0xDBFF)
        }
        guard set.count <= FirstUnits.limit else { return nil }
        units = set.sorted()
    }
}

/// The BMP characters each single-character item matches, learned from ICU once per item and
/// process: the item compiled alone and searched over a text of every BMP character
/// (surrogates left out).
final class ClassUnitCache: @unchecked Sendable {
    static let shared = ClassUnitCache()
    private var known: [String: [UInt16]?] = [:]
    private let lock = NSLock()
    private static let everyCharacter: [UInt16] = Array(0...0xD7FF) + Array(0xE000...0xFFFF)

    /// ICU's time limit (in its steps of about ten thousand match operations, counted over the
    /// whole search) for learning one item. A class takes about one operation a character, so
    /// one matching most of the BMP needs 7 steps; an item that is not what it seemed (a fuzzed
    /// `[b[…]\0\0…]*…F]`, read by ICU as more than one set) can take ICU seconds over the BMP.
    /// Such an item is stopped here, deterministically, and is not learned: its pattern is
    /// searched whole and `PatternSafety` does not count on it.
    static let stepLimit: Int32 = 64

    /// What learning an item gave: the characters it matches, or why there are none.
    enum Outcome: Equatable {
        case units([UInt16])
        /// ICU did not compile it alone, or it matched other than one character at a time.
        case notAnItem
        /// ICU ran past `stepLimit`.
        case stopped
    }

    func units(of item: String) -> [UInt16]? {
        lock.lock()
        if let k = known[item] { lock.unlock(); return k }
        lock.unlock()
        let u: [UInt16]?
        if case .units(let found) = Self.match(item) { u = found } else { u = nil }
        lock.lock()
        // Items come from data files: a bounded cache.
        if known.count >= 4_096 { known.removeAll() }
        known[item] = u
        lock.unlock()
        return u
    }

    static func match(_ item: String, stepLimit: Int32 = ClassUnitCache.stepLimit) -> Outcome {
        let pattern = Array(item.utf16)
        var status: Int32 = 0, offset: Int32 = 0
        guard let re = wenshu_regex_open(pattern, Int32(pattern.count), &offset, &status), status <= 0 else { return .notAnItem }
        defer { wenshu_regex_close(re) }
        wenshu_regex_set_time_limit(re, stepLimit)
        let text = everyCharacter
        // Room for every character at once: a class matching most of the BMP is searched once,
        // not counted first and searched again.
        var capacity = text.count
        while true {
            var starts = [Int32](repeating: 0, count: capacity), ends = [Int32](repeating: 0, count: capacity)
            let n = Int(wenshu_regex_find_all(re, text, Int32(text.count), &starts, &ends, Int32(capacity), &status))
            if wenshu_regex_stopped(status) != 0 { return .stopped }
            guard status <= 0 else { return .notAnItem }
            if n > capacity { capacity = n; continue }
            var out: [UInt16] = []
            out.reserveCapacity(n)
            for k in 0..<n {
                // One character at a time, or the item is not what it seemed.
                guard ends[k] - starts[k] == 1 else { return .notAnItem }
                out.append(text[Int(starts[k])])
            }
            return .units(out)
        }
    }
}

/// ICU's reading of the syntax of a regular expression where the hand-written readings of a
/// pattern (`FirstCharacters`, `LeadingRepetition`, `PatternSafety`) need it.
public enum RegexSyntax {
    /// The index just past the `]` that closes the set `[` … `]` opening at `start`, as ICU reads
    /// it, or nil when it does not close: sets nest (`[[a-z]&&[^q]]`, `[[:alpha:]]`), a backslash
    /// escapes the next character (`\Q…\E` everything up to `\E`), and a `]` right after an opening `[` or `[^`, outer or nested,
    /// is a member (`[]a]`, `[k[^]m]]`: ICU reads `[\0[]]{4}]` as one set holding `{`, `4`, `}`).
    public static func setEnd(_ p: [Unicode.Scalar], from start: Int) -> Int? {
        var depth = 0
        var j = start
        while j < p.count {
            switch p[j] {
            case "\\":
                // `\Q…\E` quotes everything up to `\E`, inside a set as outside: ICU reads
                // `[[\Q]\0\E]{6}]` as one set (found by the `patterns` fuzz target).
                if j + 1 < p.count, p[j + 1] == "Q" {
                    var k = j + 2
                    while k + 1 < p.count, !(p[k] == "\\" && p[k + 1] == "E") { k += 1 }
                    j = k + 2
                    continue
                }
                j += 2
                continue
            case "[":
                depth += 1
                j += 1
                if j < p.count, p[j] == "^" { j += 1 }
                if j < p.count, p[j] == "]" { j += 1 }
                continue
            case "]":
                depth -= 1
                if depth == 0 { return j + 1 }
            default: break
            }
            j += 1
        }
        return nil
    }
}

/// Single-character items of a regular expression (`[0-9]`, `\s`, `.`, `－`) and the characters
/// they match, learned from ICU (the BMP, once per item and process).
public enum RegexItem {
    /// The BMP characters `item` matches, sorted; nil when ICU does not compile it or it does not
    /// match one character at a time.
    public static func units(of item: String) -> [UInt16]? { ClassUnitCache.shared.units(of: item) }
}
