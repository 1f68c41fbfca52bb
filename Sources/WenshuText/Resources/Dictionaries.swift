import Foundation

/// What went wrong finding or reading a data file under dictionaries/.
public enum DictionaryError: LocalizedError, Sendable, Equatable {
    case notFound(searched: [String])
    case unreadable(file: String, reason: String)
    case malformed(file: String, reason: String)

    public var errorDescription: String? {
        switch self {
        case let .notFound(searched):
            return "cannot find Wenshu's dictionaries folder; set WENSHU_DICTIONARIES or pass --dictionaries DIR (looked in: \(searched.joined(separator: ", ")))"
        case let .unreadable(file, reason): return "\(file): cannot read: \(reason)"
        case let .malformed(file, reason): return "\(file): malformed: \(reason)"
        }
    }
}

/// The folder of data files (lexicons, stop words, patterns …) and the paths inside it.
///
/// Wenshu never relies on a resource bundle beside the binary. It looks, in order, at
/// `$WENSHU_DICTIONARIES`, `<binary>/../share/wenshu/dictionaries` (an installed tool),
/// `<binary>/dictionaries`, and any `dictionaries/` beside a Package.swift above the binary
/// (a build in the source tree), and says so clearly when none exists.
public struct Dictionaries: Sendable {
    public let root: URL

    public init(root: URL) { self.root = root }

    public var domainLexicon: URL { root.appendingPathComponent("lexicon/domain.txt") }
    public var standaloneCharacters: URL { root.appendingPathComponent("lexicon/standalone-characters.txt") }
    public var functionCharacters: URL { root.appendingPathComponent("lexicon/function-characters.txt") }
    public var suffixes: URL { root.appendingPathComponent("lexicon/suffixes.txt") }
    public var stopWords: URL { root.appendingPathComponent("stopwords.txt") }
    public var policyVerbs: URL { root.appendingPathComponent("policy-verbs.txt") }
    public var segmentationRules: URL { root.appendingPathComponent("patterns/segmentation.json") }
    public var simplifiedVariants: URL { root.appendingPathComponent("patterns/simplified-variants.txt") }

    public func url(_ relativePath: String) -> URL { root.appendingPathComponent(relativePath) }

    /// Finds the bundled dictionaries folder.
    public static func locate(environment: [String: String] = ProcessInfo.processInfo.environment,
                              executable: URL? = Bundle.main.executableURL) throws -> Dictionaries {
        var searched: [String] = []
        func accept(_ url: URL) -> Bool {
            searched.append(url.path)
            return FileManager.default.fileExists(atPath: url.appendingPathComponent("patterns/segmentation.json").path)
        }
        if let env = environment["WENSHU_DICTIONARIES"], !env.isEmpty {
            let url = URL(fileURLWithPath: env)
            if accept(url) { return Dictionaries(root: url) }
            throw DictionaryError.notFound(searched: searched)
        }
        if let exe = executable?.resolvingSymlinksInPath() {
            let dir = exe.deletingLastPathComponent()
            for candidate in [dir.appendingPathComponent("../share/wenshu/dictionaries").standardized,
                              dir.appendingPathComponent("dictionaries")] where accept(candidate) {
                return Dictionaries(root: candidate)
            }
            var up = dir
            for _ in 0..<8 {
                up = up.deletingLastPathComponent()
                if FileManager.default.fileExists(atPath: up.appendingPathComponent("Package.swift").path) {
                    let candidate = up.appendingPathComponent("dictionaries")
                    if accept(candidate) { return Dictionaries(root: candidate) }
                }
            }
        }
        // The source tree this library was built from (tests, `swift run`).
        let source = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../../dictionaries").standardized
        if accept(source) { return Dictionaries(root: source) }
        throw DictionaryError.notFound(searched: searched)
    }
}

/// Reads a word list: one entry a line, `#` comments and blank lines skipped, BOM allowed
/// (`DataFile.entries`, without the line numbers).
public enum WordList {
    public static func load(contentsOf url: URL) throws -> [String] {
        try DataFile.entries(of: url).map(\.text)
    }
}

/// Variant characters ICU's Traditional→Simplified conversion leaves unchanged, each with the
/// simplified character it stands for (`dictionaries/patterns/simplified-variants.txt`).
public enum SimplifiedVariants {
    public static func load(contentsOf url: URL) throws -> [UInt32: UInt32] {
        var map: [UInt32: UInt32] = [:]
        for entry in try DataFile.entries(of: url) {
            let line = entry.text
            let body = line.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false)[0]
            let fields = body.split(separator: " ")
            guard fields.count == 2, fields[0].unicodeScalars.count == 1, fields[1].unicodeScalars.count == 1,
                  let a = fields[0].unicodeScalars.first, let b = fields[1].unicodeScalars.first else {
                throw DictionaryError.malformed(file: url.path, reason: "line \(entry.number) '\(line)' is not `variant simplified`, one character each")
            }
            map[a.value] = b.value
        }
        return map
    }
}
