import Foundation
import XCTest
@testable import WenshuText

final class LexiconTests: XCTestCase {
    func load(_ text: String, file: String = "user.txt") throws -> Lexicon {
        try load(Array(text.utf8), file: file)
    }

    func load(_ bytes: [UInt8], file: String = "user.txt") throws -> Lexicon {
        var b = LexiconBuilder()
        try b.load(Data(bytes), file: file)
        return b.build()
    }

    /// Every (length, word) that matches at `position` of `text`.
    func matches(_ lexicon: Lexicon, _ text: String, at position: Int) -> [String] {
        let scalars = text.unicodeScalars.map(\.value)
        var found: [String] = []
        scalars.withUnsafeBufferPointer { buf in
            lexicon.forEachMatch(in: buf, at: position) { len, entry in
                XCTAssertEqual(lexicon.entry(entry).word.unicodeScalars.count, len)
                found.append(lexicon.entry(entry).word)
            }
        }
        return found.sorted { $0.unicodeScalars.count < $1.unicodeScalars.count }
    }

    func testParsesTheThreeLineForms() throws {
        let lex = try load("政协 30000 j\n政协委员 6000\n参政议政\n")
        XCTAssertEqual(lex.count, 3)
        XCTAssertEqual(lex.lookup("政协"), LexiconEntry(word: "政协", frequency: 30000, tag: "j"))
        XCTAssertEqual(lex.lookup("政协委员"), LexiconEntry(word: "政协委员", frequency: 6000, tag: nil))
        XCTAssertEqual(lex.lookup("参政议政"), LexiconEntry(word: "参政议政", frequency: LexiconBuilder.defaultFrequency, tag: nil))
        XCTAssertEqual(LexiconBuilder.defaultFrequency, 100)
        XCTAssertNil(lex.lookup("委员"))
        XCTAssertNil(lex.lookup("政"))
        XCTAssertNil(lex.lookup(""))
        XCTAssertEqual(lex.maxWordLength, 4)
        XCTAssertEqual(lex.maxFrequency, 30000)
    }

    func testTabsAndRunsOfSpacesSeparateFields() throws {
        let lex = try load("  提案办理\t800\t  vn  \n民主监督   1200 n\n")
        XCTAssertEqual(lex.lookup("提案办理"), LexiconEntry(word: "提案办理", frequency: 800, tag: "vn"))
        XCTAssertEqual(lex.lookup("民主监督"), LexiconEntry(word: "民主监督", frequency: 1200, tag: "n"))
    }

    func testCommentsAndBlankLinesAreSkipped() throws {
        let lex = try load("# 领域词典\n\n   \n政协 100 j\n  # 缩进的注释 5 n\n\t\n委员 50\n")
        XCTAssertEqual(lex.count, 2)
        XCTAssertTrue(lex.contains("政协"))
        XCTAssertTrue(lex.contains("委员"))
        XCTAssertFalse(lex.contains("#"))
        XCTAssertFalse(lex.contains("缩进的注释"))
    }

    func testBOMAndCRLF() throws {
        let lex = try load([0xEF, 0xBB, 0xBF] + Array("政协 30000 j\r\n委员\r\n\r\n民主监督 1200\r\n".utf8))
        XCTAssertEqual(lex.count, 3)
        // The BOM is not part of the first word, the CR not part of the last field.
        XCTAssertEqual(lex.lookup("政协"), LexiconEntry(word: "政协", frequency: 30000, tag: "j"))
        XCTAssertEqual(lex.lookup("委员")?.frequency, LexiconBuilder.defaultFrequency)
        XCTAssertEqual(lex.lookup("民主监督")?.frequency, 1200)
        XCTAssertNil(lex.lookup("\u{FEFF}政协"))
    }

    func testLaterEntriesOverrideEarlierOnes() throws {
        let lex = try load("政协 30000 j\n委员 50 n\n政协 5 nt\n委员 70\n")
        XCTAssertEqual(lex.count, 2)
        XCTAssertEqual(lex.lookup("政协"), LexiconEntry(word: "政协", frequency: 5, tag: "nt"))
        // A later entry without a tag changes the frequency and keeps the tag.
        XCTAssertEqual(lex.lookup("委员"), LexiconEntry(word: "委员", frequency: 70, tag: "n"))
        XCTAssertEqual(lex.maxFrequency, 70)
    }

    func testLaterFilesOverrideEarlierFiles() throws {
        var b = LexiconBuilder()
        try b.load(Data("政协 30000 j\n".utf8), file: "a.txt")
        try b.load(Data("政协 10 n\n".utf8), file: "b.txt")
        b.add("政协委员")
        let lex = b.build()
        XCTAssertEqual(lex.lookup("政协"), LexiconEntry(word: "政协", frequency: 10, tag: "n"))
        XCTAssertEqual(lex.lookup("政协委员")?.frequency, LexiconBuilder.defaultFrequency)
    }

    func testBadFrequencyNamesFileAndLine() throws {
        let text = "政协 30000 j\n# 注释\n参政议政 abc n\n委员 10\n"
        XCTAssertThrowsError(try load(text, file: "domain.txt")) { error in
            XCTAssertEqual(error as? LexiconError, .badFrequency(file: "domain.txt", line: 3, text: "abc"))
            let d = (error as? LexiconError)?.errorDescription ?? ""
            XCTAssertTrue(d.contains("domain.txt:3"), d)
            XCTAssertTrue(d.contains("abc"), d)
        }
    }

    func testNegativeAndHugeFrequenciesAreBad() throws {
        XCTAssertThrowsError(try load("政协 -5\n")) { error in
            XCTAssertEqual(error as? LexiconError, .badFrequency(file: "user.txt", line: 1, text: "-5"))
        }
        XCTAssertThrowsError(try load("政协 1\n委员 99999999999999999999\n")) { error in
            // A whole number, too large: said so, not "not a whole number".
            XCTAssertEqual(error as? LexiconError, .badLine(file: "user.txt", line: 2,
                reason: "the frequency '99999999999999999999' is larger than the largest allowed, 1000000000"))
            XCTAssertFalse((error as? LexiconError)?.errorDescription?.contains("not a whole number") ?? true)
        }
    }

    func testTooManyFieldsIsABadLine() throws {
        XCTAssertThrowsError(try load("政协 100 j\n政协 委员 100 n\n")) { error in
            guard case let .badLine(file, line, _)? = error as? LexiconError else { return XCTFail("\(error)") }
            XCTAssertEqual(file, "user.txt")
            XCTAssertEqual(line, 2)
            XCTAssertTrue((error as? LexiconError)?.errorDescription?.contains("user.txt:2") == true)
        }
    }

    func testInvalidUTF8() throws {
        // 政 is E6 94 BF; the word here stops after two of its bytes.
        let bytes: [UInt8] = Array("政协 100\n委员 50\n".utf8) + [0xE6, 0x94] + Array(" 10 n\n".utf8)
        XCTAssertThrowsError(try load(bytes, file: "bad.txt")) { error in
            XCTAssertEqual(error as? LexiconError, .invalidUTF8(file: "bad.txt", line: 3))
            XCTAssertTrue((error as? LexiconError)?.errorDescription?.contains("bad.txt:3") == true)
        }
    }

    func testLoadFromFileAndUnreadableFile() throws {
        let dir = try TestSupport.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent("lexicon.txt")
        try "政协 100 j\n参政议政 x\n".write(to: url, atomically: true, encoding: .utf8)
        var b = LexiconBuilder()
        XCTAssertThrowsError(try b.load(contentsOf: url)) { error in
            XCTAssertEqual(error as? LexiconError, .badFrequency(file: url.path, line: 2, text: "x"))
        }
        let missing = dir.appendingPathComponent("missing.txt")
        XCTAssertThrowsError(try b.load(contentsOf: missing)) { error in
            guard case let .unreadable(file, _)? = error as? LexiconError else { return XCTFail("\(error)") }
            XCTAssertEqual(file, missing.path)
            XCTAssertTrue((error as? LexiconError)?.errorDescription?.contains("missing.txt") == true)
        }
    }

    func testForEachMatchFindsEveryWordStartingAtAPosition() throws {
        let lex = try load("政协\n政协委员\n政协委员会\n委员\n委员会\n会议\n协商\n")
        let text = "市政协委员会议"
        XCTAssertEqual(matches(lex, text, at: 0), [])
        XCTAssertEqual(matches(lex, text, at: 1), ["政协", "政协委员", "政协委员会"])
        XCTAssertEqual(matches(lex, text, at: 2), [])
        XCTAssertEqual(matches(lex, text, at: 3), ["委员", "委员会"])
        XCTAssertEqual(matches(lex, text, at: 5), ["会议"])
        XCTAssertEqual(matches(lex, text, at: 6), [])
        // A word longer than the rest of the text does not match.
        XCTAssertEqual(matches(lex, "政协委", at: 0), ["政协"])
    }

    func testPrefixAddedAfterTheLongerWord() throws {
        var b = LexiconBuilder()
        b.add("政协委员会", frequency: 3)
        b.add("政协", frequency: 5)
        let lex = b.build()
        XCTAssertEqual(matches(lex, "政协委员会", at: 0), ["政协", "政协委员会"])
        XCTAssertEqual(lex.lookup("政协")?.frequency, 5)
        XCTAssertNil(lex.lookup("政协委员"))
    }

    func testWordsWithDigitsLatinAndSupplementaryCharacters() throws {
        let lex = try load("5G网络 100 n\nCOVID-19 50 nz\n𠀀字 3\n")
        XCTAssertEqual(matches(lex, "建设5G网络", at: 2), ["5G网络"])
        XCTAssertEqual(matches(lex, "COVID-19疫情", at: 0), ["COVID-19"])
        XCTAssertEqual(matches(lex, "的𠀀字", at: 1), ["𠀀字"])
    }

    /// The trie's hash table grows many times while 20,000 words go in and is compacted at the
    /// end: every lookup must still agree with a plain set of the words.
    func testMatchesAgreeWithASetOfTheWordsThroughGrowthAndCompaction() throws {
        var rng = SplitMix(seed: 7)
        // A small alphabet, so words share prefixes and nodes have many children.
        let alphabet = Array("政协委员会议提案民主监督参政议改革发展𠀀".unicodeScalars)
        func randomWord() -> String {
            var s = String.UnicodeScalarView()
            for _ in 0..<(1 + Int(rng.next() % 6)) { s.append(alphabet[Int(rng.next() % UInt64(alphabet.count))]) }
            return String(s)
        }
        var b = LexiconBuilder()
        var expected: [String: Int] = [:]
        for k in 0..<20_000 {
            let w = randomWord()
            b.add(w, frequency: k)
            expected[w] = k  // a word added again takes the later frequency
        }
        let lex = b.build()
        XCTAssertEqual(lex.count, expected.count)
        for (w, f) in expected { XCTAssertEqual(lex.lookup(w)?.frequency, f, w) }
        for _ in 0..<300 {
            let text = Array((0..<12).map { _ in alphabet[Int(rng.next() % UInt64(alphabet.count))] })
            let string = String(String.UnicodeScalarView(text))
            for i in 0..<text.count {
                let want = (1...min(text.count - i, lex.maxWordLength)).compactMap { len -> String? in
                    let w = String(String.UnicodeScalarView(text[i..<(i + len)]))
                    return expected[w] != nil ? w : nil
                }
                XCTAssertEqual(matches(lex, string, at: i), want, "\(string) at \(i)")
            }
        }
    }

    func testEmptyLexicon() {
        XCTAssertEqual(Lexicon.empty.count, 0)
        XCTAssertEqual(matches(Lexicon.empty, "政协", at: 0), [])
        XCTAssertNil(Lexicon.empty.lookup("政协"))
    }

    func testBundledDomainLexiconLoads() throws {
        var b = LexiconBuilder()
        try b.load(contentsOf: TestSupport.dictionaries().domainLexicon)
        let lex = b.build()
        XCTAssertGreaterThan(lex.count, 500)
        XCTAssertEqual(lex.lookup("政协"), LexiconEntry(word: "政协", frequency: 30000, tag: "j"))
        XCTAssertTrue(lex.contains("参政议政"))
    }
}
