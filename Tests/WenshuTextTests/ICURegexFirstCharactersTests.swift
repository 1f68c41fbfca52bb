import CICU
import Foundation
import XCTest
@testable import WenshuText
import WenshuTestSupport

/// A pattern list tries each pattern only where a character its matches can begin with stands
/// (`FirstCharacters`, `wenshu_regex_find_at`): the matches must be exactly those of ICU
/// searching the whole text, for every shipped pattern, on real pages and on random text made
/// of the patterns' own characters.
final class ICURegexFirstCharactersTests: XCTestCase {
    private func first(_ p: String) -> FirstCharacters? { FirstCharacters(pattern: p) }
    private func scalars(_ s: String) -> Set<UInt32> { Set(s.unicodeScalars.map(\.value)) }

    func testFirstCharactersOfShapes() {
        XCTAssertEqual(first("(范文|文库)(网|站)"), FirstCharacters(scalars: scalars("范文")))
        // Lookaround, anchors and optional items are looked through.
        XCTAssertEqual(first("(?<=(共|合计))(万|千)?(余|多)?(平方米|亩)"), FirstCharacters(scalars: scalars("万千余多平亩")))
        XCTAssertEqual(first("^(?!.*印发)\\s*(通知|决定)$"), FirstCharacters(scalars: scalars("通决"), classes: ["\\s"]))
        XCTAssertEqual(first("(?:^|(?<=[\\s|｜]))(来源|作者)\\s*[:：]"), FirstCharacters(scalars: scalars("来作")))
        XCTAssertEqual(first("[0-9]*[xX×]+年"), FirstCharacters(classes: ["[0-9]", "[xX×]"]))
        XCTAssertEqual(first("a{0,3}b{2}c"), FirstCharacters(scalars: scalars("ab")))
        XCTAssertEqual(first("\\u4e00\\x{20000}\\.|\\p{Han}+?|[[a-z]&&[^q]]x|."), FirstCharacters(scalars: [0x4E00], classes: ["\\p{Han}", "[[a-z]&&[^q]]", "."]))
        XCTAssertEqual(first("(?<name>甲|乙)丙|(?>丁)"), FirstCharacters(scalars: scalars("甲乙丁")))
        XCTAssertEqual(first("\\b第[一二三]"), FirstCharacters(scalars: scalars("第")))
        XCTAssertEqual(first("[]]"), nil, "a class opening with ] is not read")
    }

    func testPatternsThatAreSearchedWhole() {
        // Can match nothing, or use syntax that is not modelled.
        for p in ["a?", "(a|)", "^$", "(?=x)", "a*b*", "(?i)abc", "(a)\\1", "\\Qa\\E", "\\X", "\\R", "\\Ga", "(?#c)a", "(?i:a)", "a{2", "[a-z", "(a", "a)"] {
            XCTAssertNil(first(p), p)
        }
    }

    func testUnitsOfClassesAreICUs() throws {
        let digits = try XCTUnwrap(FirstUnits(FirstCharacters(classes: ["[0-9]"])))
        XCTAssertEqual(Set(digits.units.filter { $0 < 0xD800 }), Set(UInt16(0x30)...UInt16(0x39)))
        XCTAssertTrue(digits.units.contains(0xD800), "a class may match beyond the BMP: every lead surrogate is a start")
        // \d is every decimal digit (fullwidth ７, Arabic-Indic ٣), as ICU matches it.
        let d = try XCTUnwrap(FirstUnits(FirstCharacters(classes: ["\\d"])))
        XCTAssertTrue(d.units.contains(0xFF17) && d.units.contains(0x0663))
        // A class of every Han character is too wide to be worth it; a literal beyond the BMP
        // starts with its lead surrogate.
        XCTAssertNil(FirstUnits(FirstCharacters(classes: ["[\\u4e00-\\u9fa5]"])))
        XCTAssertEqual(FirstUnits(FirstCharacters(scalars: [0x2000B]))?.units, [0xD840])
    }

    /// Learning an item's characters is bounded in ICU's own steps (deterministic, not a clock):
    /// every kind of class a pattern list uses, however wide, is learned within the limit and
    /// learns the same characters as with a limit 150 times larger; an item ICU reads as more
    /// than one set (found by the `patterns` fuzz target: it held ICU for 1.7 s at the default
    /// limit, 33 s without one) is stopped and not learned.
    func testLearningAnItemIsBounded() {
        for item in ["[^a]", "\\p{L}", ".", "\\w", "\\s", "\\d", "[\\u4e00-\\u9fa5]", "[[\\p{L}&&[^\\p{Han}]]\\d]",
                     "[\\p{P}\\p{S}]", "[^\\p{Han}\\s]", "\\P{Han}", "[0-9xX]", "[.．-]"] {
            let bounded = ClassUnitCache.match(item)
            guard case .units(let units) = bounded else { return XCTFail("\(item): \(bounded) at \(ClassUnitCache.stepLimit) steps") }
            XCTAssertFalse(units.isEmpty, item)
            XCTAssertEqual(bounded, ClassUnitCache.match(item, stepLimit: 10_000), item)
        }
        XCTAssertEqual(ClassUnitCache.match("[^a]"), .units((0...0xD7FF).filter { $0 != 0x61 } + Array(0xE000...0xFFFF)))
        let nuls = String(repeating: "\0", count: 100)
        let fuzzed = "[b[\u{10}-\u{FFFD}\\Q[\u{FFFD}\u{FFFD}\\E\u{FFFD}2e15\0]" + nuls + "\u{1}\0\0\0\0]*\u{1}\u{1}\0\0F]"
        XCTAssertEqual(ClassUnitCache.match(fuzzed), .stopped)
        XCTAssertNil(RegexItem.units(of: fuzzed))
        XCTAssertNil(FirstUnits(FirstCharacters(classes: [fuzzed])), "a pattern beginning with it is searched whole")
        XCTAssertEqual(ClassUnitCache.match("[a"), .notAnItem)
        XCTAssertEqual(ClassUnitCache.match("ab"), .notAnItem)
    }

    /// The shipped pattern lists: most are searched from their first characters.
    private func shippedPatterns() throws -> [String] {
        var patterns: [String] = []
        for name in ["junk", "placeholders", "broken", "garbled", "not-a-genre"] {
            let text = try String(contentsOf: TestPaths.root.appendingPathComponent("dictionaries/patterns/\(name).txt"), encoding: .utf8)
            patterns += text.split(separator: "\n").map { String($0.split(separator: "\t", omittingEmptySubsequences: false).first ?? "") }
                .filter { !$0.isEmpty && !$0.hasPrefix("#") }
        }
        return patterns
    }

    /// Every class a shipped pattern begins with is learned within the step limit: the limit
    /// stops only items that are not what they seem, never one Wenshu ships.
    func testShippedClassesAreLearnedWithinTheLimit() throws {
        let classes = Set(try shippedPatterns().compactMap { FirstCharacters(pattern: $0) }.flatMap(\.classes))
        XCTAssertGreaterThan(classes.count, 5)
        for item in classes {
            let outcome = ClassUnitCache.match(item)
            XCTAssertNotEqual(outcome, .stopped, item)
            XCTAssertEqual(outcome, ClassUnitCache.match(item, stepLimit: 10_000), item)
        }
    }

    /// Each pattern searched whole by ICU, as before (`wenshu_regex_find_all`, no prefilter).
    private func plainMatches(_ patterns: [String], _ units: [UInt16]) -> [[Range<Int>]] {
        patterns.map { p in
            let pu = Array(p.utf16)
            var status: Int32 = 0, offset: Int32 = 0
            guard let re = wenshu_regex_open(pu, Int32(pu.count), &offset, &status) else { return [] }
            defer { wenshu_regex_close(re) }
            var capacity = 256
            while true {
                var s = [Int32](repeating: 0, count: capacity), e = [Int32](repeating: 0, count: capacity)
                let n = Int(wenshu_regex_find_all(re, units, Int32(units.count), &s, &e, Int32(capacity), &status))
                if n > capacity { capacity = n; continue }
                return (0..<n).map { Int(s[$0])..<Int(e[$0]) }
            }
        }
    }

    func testShippedPatternsFindWhatAWholeSearchFinds() throws {
        let patterns = try shippedPatterns()
        let set = try ICURegexSet(patterns: patterns)
        XCTAssertGreaterThan(set.searchedFromFirstCount, patterns.count * 3 / 4, "most shipped patterns are searched from their first characters")
        var texts: [String] = [try String(contentsOf: TestPaths.seed, encoding: .utf8)]
        let pages = TestPaths.wildDev.appendingPathComponent("pages")
        if let names = try? FileManager.default.contentsOfDirectory(atPath: pages.path) {
            for n in names.sorted() where n.hasSuffix(".txt") { texts.append(try String(contentsOf: pages.appendingPathComponent(n), encoding: .utf8)) }
        }
        for year in ["2017", "1954"] {
            if let t = try? String(contentsOf: TestPaths.govreports.appendingPathComponent("\(year).txt"), encoding: .utf8) { texts.append(t) }
        }
        // Random text over the patterns' own characters (and digits, x, spaces, line breaks,
        // a character beyond the BMP), long enough to cross the 8,192-unit blocks.
        var alphabet = Array(Set(patterns.joined().unicodeScalars.filter { !"\\[](){}|?*+^$.".unicodeScalars.contains($0) }))
            .sorted { $0.value < $1.value }.map(String.init)
        alphabet += ["1", "2", "0", "x", "X", "×", " ", " ", "\n", "。", "，", "：", "𠀋", "年", "月", "日"]
        var state: UInt64 = 0xF1257
        func next() -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int(truncatingIfNeeded: state >> 33)
        }
        for round in 0..<24 {
            let length = round < 20 ? 200 + next() % 400 : 20_000
            texts.append((0..<length).map { _ in alphabet[next() % alphabet.count] }.joined())
        }
        // Words of the patterns glued together, so that the long alternations match whole.
        let words = patterns.flatMap { $0.split(whereSeparator: { "\\[](){}|?*+^$.:".contains($0) }) }.map(String.init)
        texts.append((0..<4_000).map { _ in words[next() % words.count] + (next() % 3 == 0 ? "：" : "") }.joined())

        var compared = 0
        for text in texts {
            let units = Array(text.utf16)
            let got = set.matches(in: units)
            let expected = plainMatches(patterns, units)
            for k in patterns.indices where got[k] != expected[k] {
                XCTFail("pattern \(patterns[k]): \(got[k].prefix(5)) vs \(expected[k].prefix(5)) in a text of \(units.count) units")
            }
            compared += expected.reduce(0) { $0 + $1.count }
        }
        XCTAssertGreaterThan(compared, 3_000, "the texts exercise the patterns")
    }

    /// Shapes the shipped lists do not have: anchors at a tried place, `\b`, a character beyond
    /// the BMP, a hoisted pattern whose rest is searched from its first characters.
    func testOtherShapesFindWhatAWholeSearchFinds() throws {
        let patterns = ["^ab", "ab$", "(?<=a)b+", "(?<!b)a[bc]", "\\bab", "𠀋a", "[𠀋a]b", "[a-c]{0,2}(网|站)", "(?=a)[ab]{2}", "a(?=b)",
                        "\\s+b", ".b", "(x|ab)c?", "[^a]b"]
        let set = try ICURegexSet(patterns: patterns)
        XCTAssertEqual(set.searchedFromFirstCount, patterns.count - 2, "all but .b and [^a]b (too many first characters)")
        let alphabet = ["a", "b", "c", "x", " ", "\n", "𠀋", "网", "站"]
        var state: UInt64 = 7
        func next() -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int(truncatingIfNeeded: state >> 33)
        }
        for round in 0..<200 {
            let length = round < 195 ? next() % 40 : 17_000
            let units = Array((0..<length).map { _ in alphabet[next() % alphabet.count] }.joined().utf16)
            let got = set.matches(in: units), expected = plainMatches(patterns, units)
            for k in patterns.indices { XCTAssertEqual(got[k], expected[k], "pattern \(patterns[k])") }
        }
    }
}
