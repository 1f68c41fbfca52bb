import Foundation
import XCTest
@testable import WenshuAnalysis
@testable import WenshuStore
@testable import WenshuText

/// Content hashes by swift-crypto: the FIPS 180-4 vectors, and the hash a store keeps for the
/// seed page is the file's `sha256sum` (what the hand-written SHA-256 stored before).
final class SHA256Tests: XCTestCase {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    func testKnownVectors() {
        XCTAssertEqual(SHA256.hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        XCTAssertEqual(SHA256.hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        XCTAssertEqual(SHA256.hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
                       "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        XCTAssertEqual(SHA256.hex(String(repeating: "a", count: 1_000_000)), "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
        XCTAssertEqual(SHA256.digest(Array("abc".utf8)).count, 32)
    }

    /// `sha256sum Corpus/seed/zhengxie-zongjie-5pian.txt`: the file hash stored for the seed stays the same.
    func testStoredFileHashOfTheSeedIsUnchanged() throws {
        let source = try InputReader.read(Self.root.appendingPathComponent("Corpus/seed/zhengxie-zongjie-5pian.txt"))
        XCTAssertEqual(CorpusIndexer.fileHash(source), "aacea62708f96e38b6f9fa71f2152912237da48c35fb9ac0fa3852a5f2e5035e")
    }
}
