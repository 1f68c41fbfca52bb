import Foundation
import WenshuText

/// What the copy check found in one document, computed once by the rule that looks for copies
/// (`CopyRule`, the corpus store's rules) and kept in `AnalyzedDocument.copy`: the copy ratio,
/// each copied passage with its source and the source's text, and the ratio of each top-level
/// section. The reports, `compare` and `serve` read it; none of them runs the matcher again or
/// reads a source file.
///
/// The ratio is 知网查重's 复制比 over the document's body: its characters that count (Han,
/// letters, digits; punctuation and spaces left out) inside copied passages, over all of them.
public struct CopyResult: Sendable, Equatable {
    /// Characters of the body that count (Han, letters, digits).
    public let characters: Int
    /// Of those, the characters inside copied passages.
    public let copiedCharacters: Int
    /// Documents the body was compared with (for the store: the candidates picked).
    public let libraryDocuments: Int
    /// In reading order.
    public let passages: [CopiedPassage]
    /// One per top-level heading of the outline, in order (none when the outline has none).
    public let sections: [SectionCopy]

    /// Copied characters over all characters (0 for a body with no character that counts).
    public var ratio: Double { characters == 0 ? 0 : Double(copiedCharacters) / Double(characters) }

    public init(characters: Int, copiedCharacters: Int, libraryDocuments: Int, passages: [CopiedPassage], sections: [SectionCopy]) {
        self.characters = characters
        self.copiedCharacters = copiedCharacters
        self.libraryDocuments = libraryDocuments
        self.passages = passages
        self.sections = sections
    }

    /// The document's result from the scans of every copy check that ran (a template library
    /// and a corpus store may both be given): a character is copied when any scan found it in
    /// a passage. Sections are the top-level headings of `outline`.
    public init?(scans: [CopyScan], outline: Outline) {
        guard let first = scans.first else { return nil }
        var copied = first.copied
        for s in scans.dropFirst() where s.copied.count == copied.count {
            for (i, c) in s.copied.enumerated() where c { copied[i] = true }
        }
        let offsets = first.offsets
        var sections: [SectionCopy] = []
        for node in outline.roots {
            var all = 0, hit = 0
            for (i, o) in offsets.enumerated() where Int(o) >= node.range.start && Int(o) < node.range.end {
                all += 1
                if copied[i] { hit += 1 }
            }
            sections.append(SectionCopy(title: node.heading, normalized: node.range, characters: all, copiedCharacters: hit))
        }
        self.init(characters: copied.count, copiedCharacters: copied.filter { $0 }.count,
                  libraryDocuments: scans.map(\.libraryDocuments).max() ?? 0,
                  passages: scans.flatMap(\.passages).sorted { ($0.normalized.start, $0.normalized.end) < ($1.normalized.start, $1.normalized.end) },
                  sections: sections)
    }

    /// The copy ratio of several documents together (a file's, in `compare`): their copied
    /// characters over all their characters.
    public static func ratio(of results: [CopyResult]) -> Double {
        let all = results.reduce(0) { $0 + $1.characters }
        return all == 0 ? 0 : Double(results.reduce(0) { $0 + $1.copiedCharacters }) / Double(all)
    }
}

/// A passage of the document found in a template or earlier report.
public struct CopiedPassage: Sendable, Equatable {
    /// Normalised range of the passage in this document's text (first to last aligned character).
    public let normalized: TextRange
    /// The same range in the original text of this document's file (Unicode-scalar offsets).
    public let range: TextRange
    /// Characters of the passage that count (Han, letters, digits).
    public let characters: Int
    /// Measured on the alignment (1 for a word-for-word copy); unrounded.
    public let similarity: Double
    public let source: CopySource
}

/// Where a copied passage came from, with its text as it was when the library was read.
public struct CopySource: Sendable, Equatable {
    public let file: String
    /// The source document's title, when it has one.
    public let title: String?
    /// How the source is named besides its file ("corpus store #12"), when it has such a name.
    public let label: String?
    /// Range in the original text of the source file (Unicode-scalar offsets).
    public let range: TextRange
    /// The source's text of `range`.
    public let excerpt: String
}

/// The copy ratio of one top-level section.
public struct SectionCopy: Sendable, Equatable {
    /// Its heading's marker and title (一、基本情况).
    public let title: String
    /// Normalised range of the section (its heading and everything under it).
    public let normalized: TextRange
    public let characters: Int
    public let copiedCharacters: Int
    public var ratio: Double { characters == 0 ? 0 : Double(copiedCharacters) / Double(characters) }
}

/// What one copy check found in one document: its passages and, per character of the body's
/// stream (Han, letters, digits), whether it is inside one. The analyzer merges the scans of
/// the copy checks into the document's `CopyResult`.
public struct CopyScan: Sendable {
    public let passages: [CopiedPassage]
    /// Per stream character: inside a copied passage.
    public let copied: [Bool]
    /// Per stream character: its normalised offset.
    public let offsets: [Int32]
    public let libraryDocuments: Int

    public init(passages: [CopiedPassage], copied: [Bool], offsets: [Int32], libraryDocuments: Int) {
        self.passages = passages
        self.copied = copied
        self.offsets = offsets
        self.libraryDocuments = libraryDocuments
    }

    public var ratio: Double { copied.isEmpty ? 0 : Double(copied.filter { $0 }.count) / Double(copied.count) }

    /// One `copied-text` finding per passage, stating the scan's copy ratio: an error when half
    /// the document is copied.
    public func findings(_ factory: FindingFactory) -> [Finding] {
        guard !passages.isEmpty, !copied.isEmpty else { return [] }
        let ratio = self.ratio
        return passages.map { p in
            let src = p.source
            let title = src.title.map { " «\($0)»" } ?? ""
            let label = src.label.map { "\($0); " } ?? ""
            return factory.make(.copiedText, ratio >= 0.5 ? .error : .warning, Message(
                en: String(format: "%d characters copied from %@%@ (%@similarity %.2f; the document's copy ratio is %.0f%%)",
                           p.characters, src.file, title, label, p.similarity, ratio * 100),
                zh: String(format: "%d 字抄自 %@%@（%@相似度 %.2f；全文复制比 %.0f%%）",
                           p.characters, src.file, title, label, p.similarity, ratio * 100)),
                normalized: p.normalized,
                source: FindingSource(file: src.file, range: src.range, similarity: (p.similarity * 100).rounded() / 100))
        }
    }
}

/// A rule that looks for copied passages: the analyzer keeps what it found in the document
/// (`AnalyzedDocument.copy`) besides its findings.
public protocol CopyCheck: DocumentRule {
    func scan(_ document: DocumentContext) throws -> CopyScan
}

extension CopyLibrary {
    /// The copied passages of a document's body, as a scan: each with its source's file, title,
    /// range in the source file (shifted by `sourceShifts`, for a stored document that keeps
    /// only its own text) and text.
    public func scan(_ d: DocumentContext, sourceShifts: [Int]? = nil, sourceLabels: [String]? = nil) -> CopyScan {
        let stream = Fingerprinter.stream(of: d.paragraphs, undoing: swaps)
        let (found, length, copied) = matches(for: stream, excludingFile: d.file)
        var passages: [CopiedPassage] = []
        if length > 0 {
            for m in found {
                let lib = documents[m.document]
                let r = lib.text.originalRange(of: m.sourceRange)
                let shift = sourceShifts?[m.document] ?? 0
                let excerpt = r.end <= lib.text.source.count ? lib.text.source.text(in: r) : ""
                passages.append(CopiedPassage(
                    normalized: m.range, range: d.findings.text.originalRange(of: m.range), characters: m.characters, similarity: m.similarity,
                    source: CopySource(file: lib.file, title: lib.title, label: sourceLabels?[m.document],
                                       range: TextRange(start: r.start + shift, end: r.end + shift), excerpt: excerpt)))
            }
        }
        return CopyScan(passages: passages, copied: copied, offsets: stream.offsets, libraryDocuments: documents.count)
    }
}
