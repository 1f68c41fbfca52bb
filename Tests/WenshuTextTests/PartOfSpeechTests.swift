import Foundation
import XCTest
@testable import WenshuText

final class PartOfSpeechTests: XCTestCase {
    func tagger() throws -> PartOfSpeechTagger {
        var domain = LexiconBuilder()
        try domain.load(contentsOf: TestSupport.dictionaries().domainLexicon)
        return try PartOfSpeechTagger.load(dictionaries: TestSupport.dictionaries(), lexicon: domain.build())
    }

    /// Every token of the seed file has a part of speech; the kinds that are not words take
    /// their kind's tag; words take a tag of the ICTCLAS/jieba set.
    func testEveryTokenOfTheSeedFileIsTagged() throws {
        let segmenter = try TestSupport.segmenter()
        let text = try String(contentsOf: TestSupport.seedFile, encoding: .utf8)
        let tokens = try segmenter.segment(text)
        XCTAssertGreaterThan(tokens.count, 1000)
        let tags = Set(tokens.map(\.pos))
        for t in tokens {
            XCTAssertFalse(t.pos.isEmpty, "\(t.text) has no part of speech")
            switch t.kind {
            case .punctuation: XCTAssertEqual(t.pos, "w", t.text)
            case .number: XCTAssertEqual(t.pos, "m", t.text)
            case .word: XCTAssertTrue(t.pos.first!.isLetter, "\(t.text)/\(t.pos)")
            default: break
            }
        }
        XCTAssertTrue(tags.isSuperset(of: ["n", "v", "vn", "w"]), "tags seen: \(tags.sorted())")
    }

    /// Words of the table keep their table tag; the domain lexicon's tag comes first.
    func testKnownWords() throws {
        let t = try tagger()
        XCTAssertEqual(t.tag("经济"), "n")
        XCTAssertEqual(t.tag("发挥"), "v")
        XCTAssertEqual(t.tag("更好"), "d")
        XCTAssertEqual(t.tag("发展"), "vn")
        var mine = LexiconBuilder()
        mine.add("发挥", tag: "vn")
        XCTAssertEqual(t.reading(mine.build()).tag("发挥"), "vn", "a lexicon read first overrides the table")
        XCTAssertNil(t.knownTag("营商环境数字"))
    }

    /// Unknown compounds take their head word's tag; unknown short words a guess by characters.
    func testGuessForUnknownWords() throws {
        let t = try tagger()
        XCTAssertNil(t.knownTag("智慧康养环境"))
        var heads = t
        heads.useHeadWord = true
        XCTAssertEqual(heads.guess("智慧康养环境"), "n", "head 环境")
        XCTAssertEqual(heads.guess("数智化改造升级"), t.tag("升级"), "head 升级")
        XCTAssertEqual(t.headTag("数智化改造升级".unicodeScalars.map(\.value)), t.tag("升级"))
        // Two characters with no known head: the characters decide, and the answer is a tag.
        let g = t.guess("康养")
        XCTAssertFalse(g.isEmpty)
        XCTAssertTrue(["n", "v", "vn", "nz", "a", "l", "i", "nr", "ns", "j"].contains(g), g)
    }

    /// A segmenter without a tagger leaves `pos` empty; `tagging: false` builds one.
    func testUntaggedSegmenter() throws {
        let s = try Segmenter(dictionaries: TestSupport.dictionaries(), tagging: false)
        XCTAssertTrue(try s.segment("推进乡村振兴。").allSatisfy { $0.pos.isEmpty })
    }

    /// A malformed tag table is an error naming the file and line.
    func testMalformedTagTable() throws {
        var b = LexiconBuilder()
        XCTAssertThrowsError(try b.load(Data("经济 many n\n".utf8), file: "tags.txt")) { error in
            XCTAssertTrue(error.localizedDescription.contains("tags.txt:1"), error.localizedDescription)
        }
    }
}
