import CICU
import Foundation

/// Regular expressions compiled once by ICU and matched on UTF-16 text in place — the syntax
/// and matching of `NSRegularExpression` (which is ICU too), without Foundation copying and
/// transcoding the string for every search, which made 138 patterns over a 50 MB line take
/// minutes. Thread-safe: each thread takes its own clones from a pool while it matches.
public final class ICURegexSet: @unchecked Sendable {
    public let patterns: [String]
    /// The compiled patterns, then the cores of the hoisted ones (`hoisted`).
    private let masters: [OpaquePointer]
    /// For a pattern of the shape `C{m,n}R` (see `LeadingRepetition`): the index of R's compiled
    /// core in `masters` and the repetition's bounds.
    private let hoisted: [(core: Int, minimum: Int32, maximum: Int32)?]
    /// Which patterns are searched from their first characters (`FirstCharacters`): for each
    /// UTF-16 unit, its slot (0: no pattern begins with it); for each slot, a bit per pattern
    /// (`words` 64-bit words a slot) of the patterns whose matches (their cores' when hoisted)
    /// can begin with it.
    private let slotOf: [UInt16]
    private let slotPatterns: [UInt64]
    private let words: Int
    private let searchedFromFirst: [Bool]
    private var pool: [[OpaquePointer]] = []
    private let lock = NSLock()
    /// How long one search may run, in ICU's ticks (10,000 steps of its engine each); nil: the backstop
    /// set by the C shim (10,000 ticks of 10,000 steps: a second or two).
    private let timeLimit: Int32?
    /// The time all the tries of one pattern in one text may take together, in nanoseconds:
    /// `budget.base` plus `budget.perUnit` for each UTF-16 unit of the text.
    private let budget: (base: Int64, perUnit: Int64)
    /// Two seconds, and a microsecond a unit: far above what a pattern of Wenshu's lists takes on
    /// any text (on a 50 MB line all of them together take a few seconds).
    public static let defaultBudget: (base: Int64, perUnit: Int64) = (2_000_000_000, 1_000)

    /// Compiles every pattern; a bad one throws `ICURegexError` with its index and ICU's reason.
    /// `timeLimit` (ICU's ticks, 10,000 steps of its engine each) overrides the backstop (a second or two) on
    /// each search; a search that runs out is reported by `search(in:)` as stopped.
    /// `budget` bounds the time of all the tries of one pattern in one text when it is tried
    /// only where a match can begin (each try has ICU's limit, but many add up): past it, the
    /// pattern is stopped the same way.
    public init(patterns: [String], timeLimit: Int32? = nil,
                budget: (base: Int64, perUnit: Int64) = ICURegexSet.defaultBudget) throws {
        self.timeLimit = timeLimit
        self.budget = budget
        var compiled: [OpaquePointer] = []
        for (k, p) in patterns.enumerated() {
            let units = Array(p.utf16)
            var status: Int32 = 0, offset: Int32 = 0
            guard let h = wenshu_regex_open(units, Int32(units.count), &offset, &status), status <= 0 else {
                compiled.forEach { wenshu_regex_close($0) }
                throw ICURegexError(index: k, pattern: p, reason: String(cString: wenshu_error_name(status)), offset: Int(offset))
            }
            if let timeLimit { wenshu_regex_set_time_limit(h, timeLimit) }
            compiled.append(h)
        }
        var hoisted: [(core: Int, minimum: Int32, maximum: Int32)?] = []
        for p in patterns {
            guard let shape = LeadingRepetition(pattern: p) else { hoisted.append(nil); continue }
            let units = Array(shape.rest.utf16)
            var status: Int32 = 0, offset: Int32 = 0
            // The rest of a valid pattern compiles; if ICU disagrees, the pattern is searched whole.
            guard let h = wenshu_regex_open(units, Int32(units.count), &offset, &status), status <= 0 else {
                hoisted.append(nil); continue
            }
            if let timeLimit { wenshu_regex_set_time_limit(h, timeLimit) }
            hoisted.append((compiled.count, Int32(shape.minimum), Int32(shape.maximum)))
            compiled.append(h)
        }
        masters = compiled
        self.hoisted = hoisted
        self.patterns = patterns
        // The units each pattern can begin with, when they are few (a leading Han class is not).
        var first: [FirstUnits?] = []
        for (k, p) in patterns.enumerated() {
            let scanned = hoisted[k] == nil ? p : (LeadingRepetition(pattern: p)?.rest ?? p)
            first.append(FirstCharacters(pattern: scanned).flatMap { FirstUnits($0) })
        }
        let words = (patterns.count + 63) / 64
        var slotOf = [UInt16](repeating: 0, count: 0x10000)
        var slotPatterns = [UInt64](repeating: 0, count: words)  // slot 0: none
        var searched = [Bool](repeating: false, count: patterns.count)
        for (k, f) in first.enumerated() {
            guard let f else { continue }
            // Slots are 16-bit; a list whose patterns begin with nearly every unit keeps ICU's scan.
            let fresh = f.units.filter { slotOf[Int($0)] == 0 }.count
            guard slotPatterns.count / words + fresh <= Int(UInt16.max) else { continue }
            searched[k] = true
            for u in f.units {
                if slotOf[Int(u)] == 0 {
                    slotOf[Int(u)] = UInt16(slotPatterns.count / words)
                    slotPatterns += [UInt64](repeating: 0, count: words)
                }
                slotPatterns[Int(slotOf[Int(u)]) * words + k / 64] |= 1 << UInt64(k % 64)
            }
        }
        self.slotOf = slotOf
        self.slotPatterns = slotPatterns
        self.words = words
        searchedFromFirst = searched
    }

    /// How many patterns are searched from their first characters rather than by ICU's scan.
    public var searchedFromFirstCount: Int { searchedFromFirst.filter { $0 }.count }

    /// Whether ICU compiles `pattern`.
    public static func compiles(_ pattern: String) -> Bool {
        let units = Array(pattern.utf16)
        var status: Int32 = 0, offset: Int32 = 0
        guard let h = wenshu_regex_open(units, Int32(units.count), &offset, &status) else { return false }
        wenshu_regex_close(h)
        return status <= 0
    }

    private static let sharedLock = NSLock()
    nonisolated(unsafe) private static var sharedSets: [[String]: ICURegexSet] = [:]

    /// The set of `patterns`, compiled once per process: for patterns a check reads for every
    /// document (a reference structure's cues and openings). Throws as `init` does.
    /// With `droppingInvalid`, the patterns ICU does not compile are left out instead.
    public static func shared(_ patterns: [String], droppingInvalid: Bool = false) throws -> ICURegexSet {
        let key = droppingInvalid ? patterns + ["\u{0}dropping invalid"] : patterns
        sharedLock.lock()
        if let s = sharedSets[key] { sharedLock.unlock(); return s }
        sharedLock.unlock()
        let s = try ICURegexSet(patterns: droppingInvalid ? patterns.filter(compiles) : patterns)
        sharedLock.lock()
        // Patterns come from data files (a user's structures): a bounded cache.
        if sharedSets.count >= 256 { sharedSets.removeAll() }
        sharedSets[key] = s
        sharedLock.unlock()
        return s
    }

    deinit {
        masters.forEach { wenshu_regex_close($0) }
        pool.joined().forEach { wenshu_regex_close($0) }
    }

    /// The non-empty matches of every pattern in `text` (UTF-16 units), as UTF-16 ranges,
    /// pattern by pattern, each pattern's in order — those found before a search that ICU stopped
    /// (`search(in:)` says which).
    public func matches(in text: [UInt16]) -> [[Range<Int>]] { search(in: text).ranges }

    /// The non-empty matches of every pattern in `text` (UTF-16 units), as UTF-16 ranges,
    /// pattern by pattern, each pattern's in order; and the patterns whose search ICU stopped —
    /// it ran past the time limit (a second or two) or its backtrack stack — so that their
    /// matches are only those found before: the text was not (wholly) checked for them.
    ///
    /// A pattern whose matches can begin with only a few characters (`FirstCharacters`) is tried
    /// only where one stands: one pass over the text, block by block, finds for every such
    /// pattern at once the places to try (`slotOf`), and ICU tries the pattern anchored at each
    /// (`wenshu_regex_find_at`). The others are searched whole.
    public func search(in text: [UInt16]) -> (ranges: [[Range<Int>]], stopped: [Int]) {
        guard !masters.isEmpty else { return ([], []) }
        let set = checkOut()
        defer { checkIn(set) }
        var out = [[Range<Int>]](repeating: [], count: patterns.count)
        var stopped: [Int] = []
        var capacity = 64
        var starts = [Int32](repeating: 0, count: capacity), ends = [Int32](repeating: 0, count: capacity)
        func whole(_ k: Int) -> [Range<Int>] {
            let re = set[k]
            var status: Int32 = 0
            func find() -> Int {
                if let h = hoisted[k] {
                    return Int(wenshu_regex_find_all_hoisted(re, set[h.core], h.minimum, h.maximum, text, Int32(clamping: text.count),
                                                             &starts, &ends, Int32(capacity), &status))
                }
                return Int(wenshu_regex_find_all(re, text, Int32(clamping: text.count), &starts, &ends, Int32(capacity), &status))
            }
            var n = find()
            if n > capacity {
                capacity = n
                starts = [Int32](repeating: 0, count: capacity); ends = [Int32](repeating: 0, count: capacity)
                n = find()
            }
            // A failure inside matching (ICU's time or stack limit) ends that pattern's matches:
            // those found before it are kept, and the pattern is reported as stopped.
            if wenshu_regex_stopped(status) != 0 { stopped.append(k) }
            n = min(n, capacity)
            return (0..<n).map { Int(starts[$0])..<Int(ends[$0]) }
        }
        var fromFirst = searchedFromFirst
        for k in patterns.indices where !fromFirst[k] { out[k] = whole(k) }
        guard fromFirst.contains(true), !text.isEmpty, text.count < Int(Int32.max) else {
            for k in patterns.indices where fromFirst[k] { out[k] = whole(k) }
            return (out, stopped.sorted())
        }
        // The places to try, block by block (bounded memory on a line of megabytes).
        let block = 8_192
        var candidates = [[Int32]](repeating: [], count: patterns.count)
        var next = [Int32](repeating: 0, count: patterns.count)
        var touched: [Int] = []
        var halted = [Bool](repeating: false, count: patterns.count)
        var remaining = [Int64](repeating: allowance(for: text.count), count: patterns.count)
        let words = self.words
        text.withUnsafeBufferPointer { t in
            slotOf.withUnsafeBufferPointer { slotOf in
                slotPatterns.withUnsafeBufferPointer { slotPatterns in
                    var from = 0
                    while from < t.count {
                        let to = min(from + block, t.count)
                        for k in touched { candidates[k].removeAll(keepingCapacity: true) }
                        touched.removeAll(keepingCapacity: true)
                        for pos in from..<to {
                            let slot = Int(slotOf[Int(t[pos])])
                            if slot == 0 { continue }
                            for w in 0..<words {
                                var bits = slotPatterns[slot * words + w]
                                while bits != 0 {
                                    let k = w * 64 + bits.trailingZeroBitCount
                                    bits &= bits - 1
                                    if candidates[k].isEmpty { touched.append(k) }
                                    candidates[k].append(Int32(pos))
                                }
                            }
                        }
                        touched.sort()
                        for k in touched where fromFirst[k] && !halted[k] {
                            let core = hoisted[k].map { set[$0.core] }
                            let span = hoisted[k].map { Int($0.maximum - $0.minimum) + 1 } ?? 1
                            let room = candidates[k].count * span
                            if room > capacity {
                                capacity = room
                                starts = [Int32](repeating: 0, count: capacity); ends = [Int32](repeating: 0, count: capacity)
                            }
                            var status: Int32 = 0
                            let n = Int(wenshu_regex_find_at(set[k], core, hoisted[k]?.minimum ?? 0, hoisted[k]?.maximum ?? 0,
                                                             t.baseAddress, Int32(t.count), candidates[k], Int32(candidates[k].count),
                                                             &next[k], &starts, &ends, Int32(capacity), 0, &remaining[k], &status))
                            if wenshu_regex_stopped(status) != 0 {
                                // ICU's time or stack limit: keep what was found, try it no further.
                                for m in 0..<min(n, capacity) { out[k].append(Int(starts[m])..<Int(ends[m])) }
                                halted[k] = true
                                stopped.append(k)
                                continue
                            }
                            if n > capacity || status > 0 {
                                // Not expected (the room is counted above): search it whole.
                                fromFirst[k] = false
                                out[k] = whole(k)
                                continue
                            }
                            for m in 0..<n { out[k].append(Int(starts[m])..<Int(ends[m])) }
                        }
                        from = to
                    }
                }
            }
        }
        return (out, stopped.sorted())
    }

    /// What a search for a first match found.
    public enum FirstMatch: Equatable, Sendable {
        /// A match starting at this UTF-16 offset.
        case at(Int)
        /// No match anywhere.
        case none
        /// ICU stopped the search (its time limit or backtrack stack) before it found one: not known.
        case stopped
    }

    /// Where the first match of pattern `k` in `text` (UTF-16 units) starts, a match of no
    /// characters included; nil when there is none or the search was stopped (`firstMatch`).
    public func firstMatchStart(pattern k: Int, in text: [UInt16]) -> Int? {
        if case .at(let s) = firstMatch(pattern: k, in: text) { return s }
        return nil
    }

    /// The first match of pattern `k` in `text` (UTF-16 units), a match of no characters
    /// included — NSRegularExpression's `firstMatch(in:range:)` over the whole text — tried only
    /// where a match can begin when the pattern is searched from its first characters; or
    /// `.stopped` when ICU's limits ended the search first.
    public func firstMatch(pattern k: Int, in text: [UInt16]) -> FirstMatch {
        guard masters.indices.contains(k), k < patterns.count, text.count < Int(Int32.max) else { return .none }
        let set = checkOut()
        defer { checkIn(set) }
        var status: Int32 = 0
        func whole(_ t: UnsafePointer<UInt16>?, _ count: Int) -> FirstMatch {
            var start: Int32 = 0
            let found = wenshu_regex_first(set[k], t, Int32(count), &start, &status) > 0
            if found { return .at(Int(start)) }
            return wenshu_regex_stopped(status) != 0 ? .stopped : .none
        }
        guard searchedFromFirst[k], !text.isEmpty else {
            return text.withUnsafeBufferPointer { whole($0.baseAddress, $0.count) }
        }
        // Such a pattern matches no empty string: its first match is the first non-empty one.
        let word = k / 64, bit = UInt64(1) << UInt64(k % 64), words = self.words
        let block = 8_192
        var candidates: [Int32] = []
        var next: Int32 = 0, start: Int32 = 0, end: Int32 = 0
        let core = hoisted[k].map { set[$0.core] }
        var remaining = allowance(for: text.count)
        return text.withUnsafeBufferPointer { t -> FirstMatch in
            var from = 0
            while from < t.count {
                let to = min(from + block, t.count)
                candidates.removeAll(keepingCapacity: true)
                for pos in from..<to {
                    let slot = Int(slotOf[Int(t[pos])])
                    if slot != 0, slotPatterns[slot * words + word] & bit != 0 { candidates.append(Int32(pos)) }
                }
                if !candidates.isEmpty {
                    let n = wenshu_regex_find_at(set[k], core, hoisted[k]?.minimum ?? 0, hoisted[k]?.maximum ?? 0, t.baseAddress, Int32(t.count),
                                                 candidates, Int32(candidates.count), &next, &start, &end, 1, 1, &remaining, &status)
                    if n > 0 { return .at(Int(start)) }
                    if wenshu_regex_stopped(status) != 0 { return .stopped }
                    if status > 0 { return whole(t.baseAddress, t.count) }
                }
                from = to
            }
            return .none
        }
    }

    /// Whether pattern `k` has a non-empty match in `text` (UTF-16 units); false for no such
    /// pattern, and when ICU stopped the search (`containsIfKnown` tells that apart).
    public func contains(pattern k: Int, in text: [UInt16]) -> Bool { containsIfKnown(pattern: k, in: text) ?? false }

    /// Whether pattern `k` has a non-empty match in `text`; nil when ICU stopped the search (its
    /// time limit or backtrack stack) before it found one: not known.
    public func containsIfKnown(pattern k: Int, in text: [UInt16]) -> Bool? {
        guard masters.indices.contains(k) else { return false }
        let set = checkOut()
        defer { checkIn(set) }
        var start: Int32 = 0, end: Int32 = 0, status: Int32 = 0
        if wenshu_regex_find_all(set[k], text, Int32(clamping: text.count), &start, &end, 1, &status) > 0 { return true }
        return wenshu_regex_stopped(status) != 0 ? nil : false
    }

    /// The time, in nanoseconds, all the tries of one pattern in a text of `units` may take.
    private func allowance(for units: Int) -> Int64 {
        let (m, o1) = budget.perUnit.multipliedReportingOverflow(by: Int64(units))
        let (s, o2) = budget.base.addingReportingOverflow(m)
        return o1 || o2 ? Int64.max : max(s, 0)
    }

    private func checkOut() -> [OpaquePointer] {
        lock.lock()
        if let set = pool.popLast() { lock.unlock(); return set }
        lock.unlock()
        return masters.map { m in
            var status: Int32 = 0
            guard let c = wenshu_regex_clone(m, &status) else { return m }
            if let timeLimit { wenshu_regex_set_time_limit(c, timeLimit) }
            return c
        }
    }

    private func checkIn(_ set: [OpaquePointer]) {
        // A clone that failed (the master stood in) is never pooled.
        guard zip(set, masters).allSatisfy({ $0 != $1 }) else { return }
        lock.lock(); pool.append(set); lock.unlock()
    }
}

/// A pattern that begins with a character class repeated a bounded number of times
/// (`[\u4e00-\u9fa5A-Za-z0-9]{0,8}(范文|文库)(网|站)`: up to eight characters of a site's name
/// before the word that gives it away), and has no `|` outside its groups. ICU tries such a
/// pattern at every character the class admits — on Chinese text, every character, with every
/// backtrack of the repetition — so it is searched from its rest instead
/// (`wenshu_regex_find_all_hoisted`), which finds exactly the same matches.
struct LeadingRepetition: Equatable {
    let rest: String
    let minimum: Int
    let maximum: Int

    /// The longest repetition searched this way; longer ones are searched whole.
    static let limit = 64
}

extension LeadingRepetition {
    init?(pattern: String) {
        let p = Array(pattern.unicodeScalars)
        guard p.first == "[" else { return nil }
        // The class, as ICU reads it (`RegexSyntax.setEnd`); one opening with `]` is left alone.
        var i = 1
        if i < p.count, p[i] == "^" { i += 1 }
        guard i < p.count, p[i] != "]", let end = RegexSyntax.setEnd(p, from: 0), end < p.count else { return nil }
        i = end
        // The repetition: {m,n}, {n} or ?; then an optional lazy or possessive mark.
        var minimum = 0, maximum = 0
        if p[i] == "?" {
            maximum = 1; i += 1
        } else if p[i] == "{" {
            guard let close = p[i...].firstIndex(of: "}") else { return nil }
            let inner = String(String.UnicodeScalarView(p[(i + 1)..<close]))
            let parts = inner.split(separator: ",", omittingEmptySubsequences: false)
            guard (1...2).contains(parts.count), let m = Int(parts[0]), let n = Int(parts.last!), m >= 0, m <= n else { return nil }
            minimum = m; maximum = n; i = close + 1
        } else {
            return nil
        }
        guard maximum <= LeadingRepetition.limit else { return nil }
        if i < p.count, p[i] == "?" || p[i] == "+" { i += 1 }
        guard i < p.count, !"{*+?".unicodeScalars.contains(p[i]) else { return nil }
        // No alternative outside the groups: `C{0,8}R|S` matches S without the class.
        var parens = 0, j = i
        while j < p.count {
            switch p[j] {
            case "\\": j += 1
            case "[":
                // A class is skipped whole: its `(`, `)` and `|` are members.
                guard let end = RegexSyntax.setEnd(p, from: j) else { return nil }
                j = end
                continue
            case "(": parens += 1
            case ")": parens -= 1
            case "|" where parens == 0: return nil
            default: break
            }
            j += 1
        }
        self.rest = String(String.UnicodeScalarView(p[i...]))
        self.minimum = minimum
        self.maximum = maximum
    }
}

/// A pattern ICU could not compile.
public struct ICURegexError: LocalizedError, Sendable {
    public let index: Int
    public let pattern: String
    public let reason: String
    public let offset: Int
    public var errorDescription: String? { "the regular expression '\(pattern)' is invalid (\(reason) at offset \(offset))" }
}
