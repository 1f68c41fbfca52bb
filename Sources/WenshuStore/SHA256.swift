import Crypto
import Foundation

/// SHA-256 for content hashes, by swift-crypto (BoringSSL on Linux, CryptoKit on Apple
/// platforms). The lower-case hex digests are those the store has always kept.
enum SHA256 {
    static func hex<D: Collection>(_ data: D) -> String where D.Element == UInt8 {
        Crypto.SHA256.hash(data: Array(data)).map { String(format: "%02x", $0) }.joined()
    }

    static func hex(_ s: String) -> String { hex(Array(s.utf8)) }

    static func digest(_ message: [UInt8]) -> [UInt8] { Array(Crypto.SHA256.hash(data: message)) }
}
