/// Spans that segmentation must keep whole: numbers, dates, percentages, ordinals, Latin words,
/// URLs and e-mail addresses, runs of white space, and runs of repeatable punctuation (—— ……).
/// No lattice edge may start or end strictly inside one of them.
struct AtomicSpanFinder {
    let rules: SegmentationRules.Compiled

    struct Span { var start: Int; var end: Int; var kind: TokenKind }

    func find(in t: UnsafeBufferPointer<UInt32>) -> [Span] {
        var spans: [Span] = []
        find(in: t, into: &spans)
        return spans
    }

    /// The spans of `t`, into a buffer the caller reuses.
    func find(in t: UnsafeBufferPointer<UInt32>, into spans: inout [Span]) {
        spans.removeAll(keepingCapacity: true)
        let n = t.count
        var i = 0
        while i < n {
            // Most characters are Han characters that start no number: skip them at once.
            let v = t[i]
            if v >= 0x4E00 && v <= 0x9FFF && !rules.numberStarts.contains(v) { i += 1; continue }
            if let s = span(at: i, t) {
                spans.append(s)
                i = s.end
            } else {
                i += 1
            }
        }
    }

    @inline(__always) func cls(_ v: UInt32) -> CharacterClass { CharacterClass.of(v) }

    func span(at i: Int, _ t: UnsafeBufferPointer<UInt32>) -> Span? {
        let n = t.count
        let v = t[i]
        switch cls(v) {
        case .space:
            var j = i + 1
            while j < n && cls(t[j]) == .space { j += 1 }
            return Span(start: i, end: j, kind: .space)
        case .newline:
            return Span(start: i, end: i + 1, kind: .newline)
        case .latin, .digit:
            return latinOrNumber(at: i, t)
        case .punctuation:
            if rules.repeatablePunctuation.contains(v) {
                var j = i + 1
                while j < n && t[j] == v { j += 1 }
                if j - i >= 2 { return Span(start: i, end: j, kind: .punctuation) }
            }
            return nil
        case .han:
            return chineseNumber(at: i, t)
        default:
            return nil
        }
    }

    /// Latin words (C919, 5G, COVID-19), URLs, e-mail addresses and Arabic numbers with their
    /// decimal part, percent sign, magnitude (万 亿) and unit of time (年 月 日 …).
    func latinOrNumber(at i: Int, _ t: UnsafeBufferPointer<UInt32>) -> Span? {
        let n = t.count
        // Run of URL/e-mail characters.
        var j = i
        var hasAt = false, hasLetter = false
        while j < n {
            let c = t[j]
            let k = cls(c)
            if k == .latin { hasLetter = true; j += 1; continue }
            if k == .digit { j += 1; continue }
            if c == 0x40 { hasAt = true; j += 1; continue }  // @
            if c == 0x3A && j + 2 < n && t[j + 1] == 0x2F && t[j + 2] == 0x2F { j += 3; continue }  // ://
            if AtomicSpanFinder.isURLInner(c) && j + 1 < n && AtomicSpanFinder.isAlnum(cls(t[j + 1])) { j += 1; continue }
            break
        }
        if hasLetter {
            let run = UnsafeBufferPointer(rebasing: t[i..<j])
            if startsWith(run, AtomicSpanFinder.http) || startsWith(run, AtomicSpanFinder.https) || startsWith(run, AtomicSpanFinder.www) {
                return Span(start: i, end: j, kind: .url)
            }
            if hasAt, let at = run.firstIndex(of: 0x40), at > 0, run[(at + 1)...].contains(0x2E) {
                return Span(start: i, end: j, kind: .url)
            }
        }
        // A Latin word: letters and digits, with inner - . _ ' & joining letters (COVID-19, U.S.).
        if cls(t[i]) == .latin || (cls(t[i]) == .digit && hasLetterAfterDigits(i, t)) {
            var e = i
            while e < n {
                let k = cls(t[e])
                if k == .latin || k == .digit { e += 1; continue }
                if AtomicSpanFinder.isWordInner(t[e]) && e + 1 < n && AtomicSpanFinder.isAlnum(cls(t[e + 1])) { e += 2; continue }
                break
            }
            // A number with placeholder digits (20xx年, 19XX年) takes the suffixes of a number.
            if cls(t[i]) == .digit && (i..<e).allSatisfy({ cls(t[$0]) == .digit || rules.placeholderDigits.contains(t[$0]) }) {
                var f = e
                if f < n && rules.percentSigns.contains(t[f]) { return Span(start: i, end: f + 1, kind: .number) }
                if f < n && rules.arabicSuffixes.contains(t[f]) { f += 1 }
                return Span(start: i, end: f, kind: .number)
            }
            return Span(start: i, end: e, kind: .latin)
        }
        // An Arabic number.
        var e = i
        while e < n && cls(t[e]) == .digit { e += 1 }
        while e + 1 < n && (t[e] == 0x2E || t[e] == 0x2C || t[e] == 0x3A) && cls(t[e + 1]) == .digit {
            e += 1
            while e < n && cls(t[e]) == .digit { e += 1 }
        }
        if e < n && rules.percentSigns.contains(t[e]) { return Span(start: i, end: e + 1, kind: .number) }
        while e < n && rules.magnitudes.contains(t[e]) { e += 1 }
        if e < n && rules.arabicSuffixes.contains(t[e]) { e += 1 }
        return Span(start: i, end: e, kind: .number)
    }

    func hasLetterAfterDigits(_ i: Int, _ t: UnsafeBufferPointer<UInt32>) -> Bool {
        var e = i
        while e < t.count && cls(t[e]) == .digit { e += 1 }
        return e < t.count && cls(t[e]) == .latin && t[e] < 0x80
    }

    static let http = "http://".unicodeScalars.map(\.value)
    static let https = "https://".unicodeScalars.map(\.value)
    static let www = "www.".unicodeScalars.map(\.value)

    @inline(__always) static func isAlnum(_ c: CharacterClass) -> Bool { c == .latin || c == .digit }

    /// Characters that may stand inside a URL or e-mail address: . - _ / : % + ? = & # ~
    @inline(__always) static func isURLInner(_ c: UInt32) -> Bool {
        switch c {
        case 0x2E, 0x2D, 0x5F, 0x2F, 0x3A, 0x25, 0x2B, 0x3F, 0x3D, 0x26, 0x23, 0x7E: return true
        default: return false
        }
    }

    /// Characters that may join the parts of a Latin word: - . _ ' &
    @inline(__always) static func isWordInner(_ c: UInt32) -> Bool {
        switch c {
        case 0x2D, 0x2E, 0x5F, 0x27, 0x26: return true
        default: return false
        }
    }

    func startsWith(_ run: UnsafeBufferPointer<UInt32>, _ p: [UInt32]) -> Bool {
        guard run.count > p.count else { return false }
        for (k, c) in p.enumerated() {
            let r = run[k] >= 0x41 && run[k] <= 0x5A ? run[k] + 0x20 : run[k]
            if r != c { return false }
        }
        return true
    }

    /// Chinese percentages (百分之五, 百分之三点五), ordinals (第三, 第12), dates spelled in
    /// Chinese numerals (二○○一年, 十二月, 三十一日) and numerals containing 〇/○.
    func chineseNumber(at i: Int, _ t: UnsafeBufferPointer<UInt32>) -> Span? {
        let n = t.count
        // Most Han characters start no number: one bit test each.
        guard rules.numberStarts.contains(t[i]) else { return nil }
        for p in rules.percentPrefixes where i + p.count < n {
            var ok = true
            for (k, c) in p.enumerated() where t[i + k] != c { ok = false; break }
            if ok {
                let e = numeralRun(from: i + p.count, t, allowPoint: true)
                if e > i + p.count { return Span(start: i, end: e, kind: .number) }
            }
        }
        if rules.ordinalPrefixes.contains(t[i]) && i + 1 < n {
            var e = numeralRun(from: i + 1, t, allowPoint: false)
            if e == i + 1 { while e < n && cls(t[e]) == .digit { e += 1 } }
            if e > i + 1 { return Span(start: i, end: e, kind: .number) }
            return nil
        }
        guard rules.chineseDigits.contains(t[i]) else { return nil }
        // Only a whole numeral run is a number: 万一日后 has no date 一日 inside.
        if i > 0 && rules.chineseDigits.contains(t[i - 1]) { return nil }
        let e = numeralRun(from: i, t, allowPoint: false)
        let digits = Array(t[i..<e])
        if e < n && rules.dateSuffixes.contains(t[e]) {
            let suffix = t[e]
            if suffix == 0x5E74 {  // 年: a year spelled digit by digit
                if digits.count >= 2 && digits.allSatisfy({ rules.yearDigits.contains($0) }) {
                    return Span(start: i, end: e + 1, kind: .number)
                }
            } else if digits.count == 1 && i > 0 && CharacterClass.isHan(t[i - 1])
                        && !rules.dateSuffixes.contains(t[i - 1]) && !rules.chineseDigits.contains(t[i - 1]) {
                // A lone numeral after a Han character usually ends a word (统一号召, 万一日后).
                return nil
            } else if let value = ChineseNumeral.value(of: digits) {
                let limit = suffix == 0x6708 ? 12 : 31  // 月 or 日/号
                if value >= 1 && value <= limit { return Span(start: i, end: e + 1, kind: .number) }
            }
        }
        if digits.count >= 2 && digits.contains(where: { $0 == 0x3007 || $0 == 0x25CB }) {
            return Span(start: i, end: e, kind: .number)
        }
        return nil
    }

    func numeralRun(from i: Int, _ t: UnsafeBufferPointer<UInt32>, allowPoint: Bool) -> Int {
        var e = i
        while e < t.count && rules.chineseDigits.contains(t[e]) { e += 1 }
        if allowPoint && e > i && e + 1 < t.count && rules.decimalPoint.contains(t[e]) && rules.chineseDigits.contains(t[e + 1]) {
            e += 1
            while e < t.count && rules.chineseDigits.contains(t[e]) { e += 1 }
        }
        return e
    }
}

/// The value of a Chinese numeral up to the thousands (十二 → 12, 三十一 → 31, 一九 → nil).
public enum ChineseNumeral {
    /// The value of a numeral string, or of a year spelled digit by digit when `digitByDigit`
    /// (二〇二一 → 2021).
    public static func value(of s: String, digitByDigit: Bool = false) -> Int? {
        let v = s.unicodeScalars.map(\.value)
        if digitByDigit {
            var n = 0
            for c in v { guard let d = digit(c) else { return nil }; n = n * 10 + d }
            return v.isEmpty ? nil : n
        }
        return value(of: v)
    }

    /// Whether `v` is a Chinese digit (〇 ○ 零 一 … 九 两) or 十.
    public static func isDigit(_ v: UInt32) -> Bool { digit(v) != nil || v == 0x5341 }

    static func digit(_ v: UInt32) -> Int? {
        switch v {
        case 0x3007, 0x25CB, 0x96F6: return 0     // 〇 ○ 零
        case 0x4E00: return 1
        case 0x4E8C, 0x4E24: return 2             // 二 两
        case 0x4E09: return 3
        case 0x56DB: return 4
        case 0x4E94: return 5
        case 0x516D: return 6
        case 0x4E03: return 7
        case 0x516B: return 8
        case 0x4E5D: return 9
        default: return nil
        }
    }

    static func value(of s: [UInt32]) -> Int? {
        guard !s.isEmpty else { return nil }
        var total = 0, current = 0
        var sawUnit = false
        for v in s {
            if let d = digit(v) {
                if current != 0 && !sawUnit { return nil }  // 一九: digit-by-digit, not a value
                current = d
                sawUnit = false
            } else {
                let unit: Int
                switch v {
                case 0x5341: unit = 10    // 十
                case 0x767E: unit = 100   // 百
                case 0x5343: unit = 1000  // 千
                default: return nil
                }
                total += (current == 0 ? 1 : current) * unit
                current = 0
                sawUnit = true
            }
        }
        return total + current
    }
}
