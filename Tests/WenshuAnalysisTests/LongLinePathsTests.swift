import Foundation
import XCTest
@testable import WenshuAnalysis
@testable import WenshuText

/// The quicker paths `check` takes on a long line (issue #13) give what the slower ones gave:
/// the years and the 一是 … 二是 … items found by ICU on the paragraph's UTF-16 in place, as
/// NSRegularExpression found them; the paragraph's UTF-16 made from its scalars, as from its
/// string; the formulation near-misses with the overlap checks by binary search, as by a pass.
final class LongLinePathsTests: XCTestCase {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let govreports = root.appendingPathComponent("../shared/corpus/govreports").standardized
    static let wild = root.appendingPathComponent("../shared/wild-dev/pages").standardized
    static let seed = root.appendingPathComponent("Corpus/seed/zhengxie-zongjie-5pian.txt")
    static let dictionaries = Dictionaries(root: root.appendingPathComponent("dictionaries"))

    /// The texts: the seed, the wild-dev pages and the reports when ../shared is there.
    func realTexts() throws -> [String] {
        var urls = [Self.seed]
        for folder in [Self.wild, Self.govreports] {
            if let names = try? FileManager.default.contentsOfDirectory(atPath: folder.path) {
                urls += names.filter { $0.hasSuffix(".txt") }.sorted().map { folder.appendingPathComponent($0) }
            }
        }
        guard urls.count > 100 else {
            throw XCTSkip("../shared/wild-dev or ../shared/corpus/govreports not found; this test needs the real pages and reports")
        }
        return try urls.map { try InputReader.read($0).text }
    }

    func paragraphs(_ text: String) throws -> [Paragraph] {
        ParagraphSplitter.paragraphs(of: try Normalizer(options: .documents).normalize(text))
    }

    /// Random text of the characters the patterns read (numerals, 是, 第, 年, digits, x, ○, the
    /// delimiters, spaces), with Han characters and characters beyond the BMP between.
    func randomTexts(_ count: Int) -> [String] {
        let pieces = Array("一二三四五六七八九十百〇○零是第年，,。；;：:、 \t　0123456789xX×＊*-—_－发展工作𠀀𪚥").map(String.init)
            + ["19", "20", "20", "xx", "××", "○○", "〇〇", "——", "年", "一是", "第二，", "二〇二一", "十一是", "百是", "第十、"]
        var rng = SplitMix(seed: 13)
        return (0..<count).map { _ in
            (0..<Int(rng.next() % 200)).map { _ in pieces[Int(rng.next() % UInt64(pieces.count))] }.joined()
        }
    }

    // The NSRegularExpression implementations the ICU ones replaced.

    static let cn = "[一二三四五六七八九十百]+"
    static let inlineRE = try! NSRegularExpression(pattern: "(^|[，,。；;：:、\\s])(?:(\(cn))是|第(\(cn))[，,、])")

    static func inlineItemsByFoundation(_ paragraph: String) -> [(value: Int, offset: Int, text: String)] {
        let ns = paragraph as NSString
        var items: [(Int, Int, String)] = []
        var ordinal: [(Int, Int, String)] = []
        func offset(_ location: Int) -> Int { ns.substring(to: location).unicodeScalars.count }
        for m in inlineRE.matches(in: paragraph, range: NSRange(location: 0, length: ns.length)) {
            let isOrdinal = m.range(at: 2).location == NSNotFound
            let r = isOrdinal ? m.range(at: 3) : m.range(at: 2)
            guard let v = ChineseNumeral.value(of: ns.substring(with: r)) else { continue }
            if isOrdinal {
                ordinal.append((v, offset(r.location - 1), "第" + ns.substring(with: r)))
            } else {
                items.append((v, offset(r.location), ns.substring(with: r) + "是"))
            }
        }
        return items.count >= ordinal.count ? items : ordinal
    }

    static let yearREs = YearInfo.patterns.map { try! NSRegularExpression(pattern: $0) }

    static func yearsByFoundation(_ p: String) -> (years: [Int], placeholders: [String]) {
        let ns = p as NSString
        let range = NSRange(location: 0, length: ns.length)
        var years: [Int] = [], placeholders: [String] = []
        for m in yearREs[0].matches(in: p, range: range) { if let y = Int(ns.substring(with: m.range(at: 1))) { years.append(y) } }
        for m in yearREs[1].matches(in: p, range: range) {
            if let y = ChineseNumeral.value(of: ns.substring(with: m.range(at: 1)), digitByDigit: true), y >= 1900, y <= 2100 { years.append(y) }
        }
        for m in yearREs[2].matches(in: p, range: range) { placeholders.append(ns.substring(with: m.range)) }
        return (years, placeholders)
    }

    func check(_ p: Paragraph, file: String) {
        XCTAssertEqual([UInt16](utf16Of: p.scalars), Array(p.text.utf16), file)
        let fast = MarkerParser.inlineItems(in: p), slow = Self.inlineItemsByFoundation(p.text)
        XCTAssertEqual(fast.map { "\($0.value) \($0.offset) \($0.text)" }, slow.map { "\($0.value) \($0.offset) \($0.text)" }, file)
        XCTAssertEqual(MarkerParser.inlineItems(in: p.text).map(\.offset), slow.map(\.offset), file)
        let info = YearInfo.find(in: [p], title: nil, kind: .unknown)
        let expected = Self.yearsByFoundation(p.text)
        XCTAssertEqual(info.placeholders, expected.placeholders, file)
        XCTAssertEqual(info.stated, Array(Set(expected.years)).sorted(), file)
        XCTAssertEqual(info.year, expected.years.first, file)
    }

    func testInlineItemsAndYearsAreFoundAsNSRegularExpressionFoundThem() throws {
        var inline = 0, years = 0
        for (k, text) in try realTexts().enumerated() {
            for p in try paragraphs(text) {
                check(p, file: "text \(k)")
                inline += MarkerParser.inlineItems(in: p).count
                years += YearInfo.find(in: [p], title: nil, kind: .unknown).stated.count
            }
        }
        // The real texts have both to compare, many times over.
        XCTAssertGreaterThan(inline, 500)
        XCTAssertGreaterThan(years, 500)
        var placeholders = 0, items = 0
        for (k, text) in randomTexts(3_000).enumerated() {
            for p in try paragraphs(text) {
                check(p, file: "random \(k): \(p.text)")
                placeholders += YearInfo.find(in: [p], title: nil, kind: .unknown).placeholders.count
                items += MarkerParser.inlineItems(in: p).count
            }
        }
        XCTAssertGreaterThan(placeholders, 20)
        XCTAssertGreaterThan(items, 500)
    }

    func testUTF16FromScalarsLeavesOutWhatAStringLeavesOut() {
        let scalars: [UInt32] = [0x4E00, 0x20000, 0xD800, 0x41, 0x110000, 0xFFFF, 0x10FFFF, 0xDFFF, 0xE000]
        XCTAssertEqual([UInt16](utf16Of: scalars), Array(String(scalars: scalars).utf16))
        XCTAssertEqual([UInt16](utf16Of: scalars[1..<5]), Array(String(scalars: scalars[1..<5]).utf16))
        let index = ScalarIndex(scalars: scalars), byString = ScalarIndex(String(scalars: scalars))
        for u in 0...String(scalars: scalars).utf16.count { XCTAssertEqual(index.scalar(u), byString.scalar(u), "\(u)") }
    }

    /// The near-misses as they were found before: every window checked against every exact
    /// occurrence, every place kept against every place kept.
    static func nearMissesByPasses(_ rule: FormulationRule, in s: [UInt32]) -> [String] {
        let list = rule.list
        var exact: [[UInt32]: Int] = [:]
        for (k, f) in list.formulations.enumerated() { exact[f.scalars] = k }
        var covered: [(Int, Int, [UInt32])] = []
        for f in list.formulations {
            for i in FormulationRule.occurrences(of: f.scalars[...], in: s) { covered.append((i, i + f.scalars.count, f.scalars)) }
        }
        var found: [(Int, Int, Int, FormulationRule.Edit)] = []
        var seen = Set<Int>()
        for (k, f) in list.formulations.enumerated() where f.scalars.count >= list.minimumEditLength {
            let n = f.scalars.count
            let a = n / 2 - 1, b = n / 2 + 1
            var windows: [(Int, Int)] = []
            for i in FormulationRule.occurrences(of: f.scalars[0..<a], in: s) {
                for len in (n - 1)...(n + 1) where i + len <= s.count { windows.append((i, i + len)) }
            }
            for j in FormulationRule.occurrences(of: f.scalars[b..<n], in: s) {
                let e = j + (n - b)
                for len in (n - 1)...(n + 1) where e - len >= 0 { windows.append((e - len, e)) }
            }
            for (start, end) in windows {
                let w = Array(s[start..<end])
                guard w != f.scalars, exact[w] == nil else { continue }
                guard !covered.contains(where: { $0.0 < end && start < $0.1 && !FormulationRule.contains(f.scalars, $0.2) }) else { continue }
                guard let edit = FormulationRule.singleEdit(from: f.scalars, to: w) else { continue }
                if let c = edit.character, !CharacterClass.isHan(c) { continue }
                switch edit {
                case let .added(_, c) where list.particles.contains(c): continue
                case let .dropped(i) where list.particles.contains(f.scalars[i]): continue
                default: break
                }
                guard seen.insert(start * 4096 + k).inserted else { continue }
                found.append((start, end, k, edit))
            }
        }
        found.sort { ($0.0, -($0.1 - $0.0)) < ($1.0, -($1.1 - $1.0)) }
        var result: [(Int, Int, Int, FormulationRule.Edit)] = []
        for f in found where !result.contains(where: { $0.0 < f.1 && f.0 < $0.1 }) { result.append(f) }
        return result.map { "\($0.0)-\($0.1) \($0.2) \($0.3)" }
    }

    func testFormulationNearMissesAreThoseOfTheOverlapPasses() throws {
        let rule = FormulationRule(list: try FormulationList.load(dictionaries: Self.dictionaries))
        let formulations = rule.list.formulations.map(\.scalars).filter { $0.count >= rule.list.minimumEditLength }
        XCTAssertGreaterThan(formulations.count, 20)
        // Text made of formulations whole, misquoted (a character changed, dropped, added or two
        // swapped), cut in halves and run into each other, with Han characters and particles
        // between: exact occurrences overlap the windows of near-misses in every way.
        var rng = SplitMix(seed: 13)
        func pick<T>(_ a: [T]) -> T { a[Int(rng.next() % UInt64(a.count))] }
        let filler = Array("的地和在发展工作，。、".unicodeScalars.map(\.value))
        var total = 0
        for round in 0..<60 {
            var s: [UInt32] = []
            for _ in 0..<(40 + Int(rng.next() % 80)) {
                var f = pick(formulations)
                let i = Int(rng.next() % UInt64(f.count - 1))
                switch rng.next() % 7 {
                case 0: f[i] = pick(filler)
                case 1: f.remove(at: i)
                case 2: f.insert(pick(filler), at: i + 1)
                case 3: f.swapAt(i, i + 1)
                case 4: f = Array(f[..<(f.count / 2 + Int(rng.next() % 2))])
                case 5: f = Array(f[(f.count / 2 - Int(rng.next() % 2))...])
                default: break
                }
                s += f
                if rng.next() % 3 == 0 { s.append(pick(filler)) }
            }
            let fast = rule.nearMisses(in: s).map { "\($0.start)-\($0.end) \($0.formulation) \($0.how)" }
            XCTAssertEqual(fast, Self.nearMissesByPasses(rule, in: s), "round \(round)")
            total += fast.count
        }
        XCTAssertGreaterThan(total, 200)
        // And on the real texts.
        for (k, text) in try realTexts().enumerated() {
            for p in try paragraphs(text) {
                XCTAssertEqual(rule.nearMisses(in: p.scalars).map { "\($0.start)-\($0.end) \($0.formulation) \($0.how)" },
                               Self.nearMissesByPasses(rule, in: p.scalars), "text \(k)")
            }
        }
    }

    /// `MarkerParser.marker(at:)` searches only a paragraph that starts with a character a marker
    /// can start with; on every paragraph of the real texts, and on random ones made of markers'
    /// pieces, it answers what the search of every pattern answers.
    func testHeadingMarkersAreFoundAsTheSearchOfEveryPatternFoundThem() throws {
        func same(_ text: String, _ file: String) -> HeadingMarker? {
            let quick = MarkerParser.marker(at: text), searched = MarkerParser.searchedMarker(at: text)
            XCTAssertEqual(quick, searched, "\(file): \(text.prefix(30))")
            return quick
        }
        var real = 0, families = Set<MarkerFamily>()
        for (k, text) in try realTexts().enumerated() {
            for p in try paragraphs(text) {
                if let m = same(p.text, "text \(k)") { real += 1; families.insert(m.family) }
            }
        }
        // The real texts open 842 paragraphs with a marker, of every family but the inline ones.
        XCTAssertGreaterThan(real, 800)
        XCTAssertEqual(families, Set(MarkerParser.patterns.map(\.0)))
        let pieces = Array("一二三四五六七八九十百第部分章节（()）、．.0123456789①⑤⑳⑴❶１　 \t工作发展").map(String.init)
        var rng = SplitMix(seed: 29)
        var random = 0
        for k in 0..<20_000 {
            let text = (0..<Int(rng.next() % 8)).map { _ in pieces[Int(rng.next() % UInt64(pieces.count))] }.joined()
            if same(text, "random \(k)") != nil { random += 1 }
        }
        XCTAssertGreaterThan(random, 1_000)
        // Each family, and the decimal numbers that `anyMarker(at:)` adds.
        let cases: [(String, MarkerFamily, Int)] = [("第三部分 成绩", .part, 3), ("二、存在问题", .chineseComma, 2), ("（十一）加强学习", .chineseParen, 11),
                                                    ("(4) 调研", .arabicParen, 4), ("12、 视察", .arabicComma, 12), ("3．提案", .arabicDot, 3),
                                                    ("⑳协商", .circled, 20), ("2.3.1 办公室职责", .decimal3, 1)]
        for (text, family, value) in cases {
            XCTAssertEqual(MarkerParser.anyMarker(at: text).map { [$0.family.rawValue, "\($0.value)"] }, [family.rawValue, "\(value)"], text)
        }
        XCTAssertNil(MarkerParser.marker(at: "2.3.1 办公室职责"))
        for prose in ["今年以来，在县委的坚强领导下", "　一、前有空格", "", "2023年工作总结", "１、全角数字"] {
            XCTAssertNil(MarkerParser.anyMarker(at: prose), prose)
        }
    }
}
