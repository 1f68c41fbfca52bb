/// Rejoins lines that a hard wrap split inside a paragraph.
///
/// A file either separates paragraphs with blank lines (then any single line break inside a
/// paragraph is a wrap, as in the State Council reports: 政府工作报\n告) or puts one paragraph on
/// each line (then only a long line that stops mid-sentence is taken as wrapped). A break is
/// never removed after sentence-final punctuation, before a line that starts with a heading-like
/// marker, or after a short line in one-paragraph-per-line files. The removed line break (and
/// the indentation after it) simply disappears from the normalised text; offsets still map back.
enum HardWrapJoiner {
    static func rejoin(_ text: NormalizedText) -> NormalizedText {
        let s = text.scalars
        // Lines of the normalised text: [start, end) excluding the newline.
        var lines: [(start: Int, end: Int)] = []
        var start = 0
        for (i, v) in s.enumerated() where v == 0x0A {
            lines.append((start, i))
            start = i + 1
        }
        lines.append((start, s.count))
        // A line that held only invisible characters (a zero-width space, as some exported
        // reports put inside a wrapped sentence: 沒⏎\u{200B}⏎有) is no paragraph break: it is
        // left out, so the lines around it are taken as one wrap.
        lines = lines.enumerated().filter { k, l in
            guard l.start == l.end, k > 0, l.end < s.count else { return true }
            let before = Int(text.originalEnd[l.start - 1]), after = Int(text.originalStart[l.end])
            return after <= before
        }.map(\.element)
        if lines.count < 2 { return text }

        func trimmed(_ l: (start: Int, end: Int)) -> (start: Int, end: Int) {
            var a = l.start, b = l.end
            while a < b && CharacterClass.of(s[a]) == .space { a += 1 }
            while b > a && CharacterClass.of(s[b - 1]) == .space { b -= 1 }
            return (a, b)
        }
        let content = lines.map(trimmed)
        var singleBreaks = 0, blankSeparated = 0
        var k = 0
        while k < lines.count - 1 {
            if content[k].start == content[k].end { k += 1; continue }
            var j = k + 1
            while j < lines.count && content[j].start == content[j].end { j += 1 }
            if j >= lines.count { break }
            if j == k + 1 { singleBreaks += 1 } else { blankSeparated += 1 }
            k = j
        }
        let blankLineParagraphs = blankSeparated >= singleBreaks && blankSeparated > 0

        var remove = [Bool](repeating: false, count: s.count)
        var any = false
        for k in 0..<(lines.count - 1) {
            let a = content[k], b = content[k + 1]
            guard a.end > a.start, b.end > b.start else { continue }
            let last = s[a.end - 1], first = s[b.start]
            // In a file of blank-line paragraphs a line never opens with closing punctuation
            // (（草案）⏎》的说明): that break is a wrap whatever ends the line before.
            let closes = blankLineParagraphs && [0x300B, 0x300D, 0x300F, 0xFF09, 0x201D, 0x3011].contains(first)
            guard closes || continuesAfter(last), continuesBefore(first), !startsWithMarker(s, b.start, b.end) else { continue }
            // A short marked line is a heading: the paragraph after it is not its continuation.
            if startsWithMarker(s, a.start, a.end) && a.end - a.start <= 40 { continue }
            let aClauses = hasClausePunctuation(s, a.start, a.end), bClauses = hasClausePunctuation(s, b.start, b.end)
            if !blankLineParagraphs {
                // One paragraph per line: only a long line of prose that stops mid-sentence was
                // wrapped; a line without a single clause mark is a title (…工作计划 供借鉴).
                guard a.end - a.start >= 24, CharacterClass.isHan(last), CharacterClass.isHan(first), aClauses else { continue }
            } else if !aClauses && !bClauses && a.end - a.start >= 8 && b.end - b.start >= 8 {
                // Two title-like lines (a site's title over the document's): not one wrapped line.
                continue
            }
            // Remove the trailing spaces, the newline and the next line's indentation.
            for i in a.end..<b.start { remove[i] = true }
            any = true
        }
        guard any else { return text }
        var out: [UInt32] = [], starts: [Int32] = [], ends: [Int32] = [], joins: [Int] = []
        out.reserveCapacity(s.count)
        for i in 0..<s.count where !remove[i] {
            if i > 0 && remove[i - 1] { joins.append(out.count) }
            out.append(s[i]); starts.append(text.originalStart[i]); ends.append(text.originalEnd[i])
        }
        return NormalizedText(source: text.source, scalars: out, originalStart: starts, originalEnd: ends, rejoinedBreaks: joins)
    }

    /// Does the line hold a clause mark (，。、；：, ; :) — is it prose rather than a title?
    static func hasClausePunctuation(_ s: [UInt32], _ a: Int, _ b: Int) -> Bool {
        s[a..<b].contains { [0xFF0C, 0x3002, 0x3001, 0xFF1B, 0xFF1A, 0x2C, 0x3B, 0x3A].contains($0) }
    }

    /// Can a sentence go on after this character? (Not after 。！？；： or a closing quote.)
    static func continuesAfter(_ v: UInt32) -> Bool {
        switch CharacterClass.of(v) {
        case .han, .latin, .digit: return true
        case .punctuation:
            // Opening brackets and quotes, enumeration comma and comma leave the sentence open.
            return [0x300A, 0x300C, 0x300E, 0xFF08, 0x28, 0x201C, 0x2018, 0x3010, 0x3001, 0xFF0C, 0x2C, 0x2014].contains(v)
        default: return false
        }
    }

    /// Can this character continue a sentence begun on the previous line?
    static func continuesBefore(_ v: UInt32) -> Bool {
        switch CharacterClass.of(v) {
        case .han, .latin, .digit: return true
        case .punctuation:
            // Closing brackets and quotes and clause punctuation continue a sentence.
            return [0x300B, 0x300D, 0x300F, 0xFF09, 0x29, 0x201D, 0x2019, 0x3011, 0x3001, 0xFF0C, 0x2C, 0x3002, 0xFF1B, 0xFF1A].contains(v)
        default: return false
        }
    }

    /// Does the line start like a heading or list item (一、 （一） 1. 1、 第一 ①)?
    static func startsWithMarker(_ s: [UInt32], _ a: Int, _ b: Int) -> Bool {
        let v = s[a]
        if v == 0xFF08 || v == 0x28 || v == 0x3010 { return true }     // （ ( 【
        if (0x2460...0x2473).contains(v) { return true }                  // ① … ⑳
        if v == 0x7B2C { return true }                                    // 第
        // A run of numerals followed by 、 . ． or ，
        var i = a
        while i < b && (CharacterClass.of(s[i]) == .digit || isChineseNumeral(s[i])) { i += 1 }
        if i > a && i < b && [0x3001, 0x2E, 0xFF0E, 0xFF0C, 0x2C].contains(s[i]) { return true }
        return false
    }

    static func isChineseNumeral(_ v: UInt32) -> Bool {
        // 一二三四五六七八九十
        [0x4E00, 0x4E8C, 0x4E09, 0x56DB, 0x4E94, 0x516D, 0x4E03, 0x516B, 0x4E5D, 0x5341].contains(v)
    }
}
