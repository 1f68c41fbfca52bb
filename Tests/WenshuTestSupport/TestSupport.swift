import Foundation
import XCTest
import WenshuText

/// Paths and helpers shared by the text-layer tests.
public enum TestSupport {
    /// The repository root: this file is Tests/WenshuTestSupport/TestSupport.swift.
    public static let repoRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// Tests/WenshuTextTests (its Golden files).
    public static let testsDirectory: URL = repoRoot.appendingPathComponent("Tests/WenshuTextTests")

    public static var seedFile: URL { repoRoot.appendingPathComponent("Corpus/seed/zhengxie-zongjie-5pian.txt") }

    public static var govreportsDirectory: URL {
        repoRoot.appendingPathComponent("../shared/corpus/govreports").standardized
    }

    /// ../shared/corpus/govreports; skips the test, saying what needs it, when the folder is absent.
    public static func requireGovreports(for what: String) throws -> URL {
        let dir = govreportsDirectory
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: dir.path, isDirectory: &isDir), isDir.boolValue else {
            throw XCTSkip("../shared/corpus/govreports not found (looked at \(dir.path)); \(what)")
        }
        return dir
    }

    /// The .txt files of ../shared/corpus/govreports, sorted; skips the test when the folder is absent.
    public static func govreportFiles() throws -> [URL] {
        let dir = try requireGovreports(for: "the property test needs it")
        let files = try FileManager.default.contentsOfDirectory(at: dir, includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "txt" }
            .sorted { $0.lastPathComponent < $1.lastPathComponent }
        if files.isEmpty { throw XCTSkip("../shared/corpus/govreports has no .txt files; the property test needs them") }
        return files
    }

    /// A fresh empty temporary directory.
    public static func makeTemporaryDirectory() throws -> URL {
        let url = URL(fileURLWithPath: NSTemporaryDirectory())
            .appendingPathComponent("wenshu-text-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    // MARK: An independent oracle for normalisation

    /// What the default normalisation should make of one original scalar (ignoring CR LF pairs
    /// and invisible characters, which the caller handles): CR, NEL, LS, PS → LF; U+3000 → space;
    /// full-width ASCII → ASCII except the Chinese prose punctuation ，；：？！（）.
    public static func folded(_ v: UInt32) -> UInt32 {
        switch v {
        case 0x0D, 0x85, 0x2028, 0x2029: return 0x0A
        case 0x3000: return 0x20
        case 0xFF0C, 0xFF1B, 0xFF1A, 0xFF1F, 0xFF01, 0xFF08, 0xFF09: return v
        case 0xFF01...0xFF5E: return v - 0xFEE0
        default: return v
        }
    }

    public static let invisibles: Set<UInt32> = [0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF, 0x00AD, 0x180E]

    /// The default normalisation of a run of original scalars, computed independently.
    public static func expectedNormalization<C: Collection>(of original: C) -> [UInt32] where C.Element == UInt32 {
        var out: [UInt32] = []
        let a = Array(original)
        var i = 0
        while i < a.count {
            let v = a[i]
            if invisibles.contains(v) { i += 1; continue }
            if v == 0x0D && i + 1 < a.count && a[i + 1] == 0x0A { out.append(0x0A); i += 2; continue }
            out.append(folded(v))
            i += 1
        }
        return out
    }

    // MARK: Segmentation helpers

    public static func dictionaries() throws -> Dictionaries { try Dictionaries.locate() }

    /// A segmenter with the bundled lexicon (unless `includeDefaultLexicon` is false) and the
    /// given user words written to a temporary lexicon file.
    public static func segmenter(userWords: [String] = [], includeDefaultLexicon: Bool = true) throws -> Segmenter {
        var lexicons: [URL] = []
        if !userWords.isEmpty {
            let dir = try makeTemporaryDirectory()
            let url = dir.appendingPathComponent("user.txt")
            try (userWords.joined(separator: "\n") + "\n").write(to: url, atomically: true, encoding: .utf8)
            lexicons.append(url)
        }
        return try Segmenter(dictionaries: dictionaries(), userLexicons: lexicons, includeDefaultLexicon: includeDefaultLexicon)
    }

    /// The texts of the tokens that are neither space nor newline.
    public static func words(_ tokens: [Token]) -> [String] {
        tokens.filter { $0.kind != .space && $0.kind != .newline }.map(\.text)
    }

    public static func words(_ text: String, _ segmenter: Segmenter) throws -> [String] {
        words(try segmenter.segment(text))
    }
}

extension Array where Element: Equatable {
    /// Does the array contain `part` as a contiguous run?
    public func containsRun(_ part: [Element]) -> Bool {
        guard !part.isEmpty, part.count <= count else { return part.isEmpty }
        for i in 0...(count - part.count) where Array(self[i..<(i + part.count)]) == part { return true }
        return false
    }
}
