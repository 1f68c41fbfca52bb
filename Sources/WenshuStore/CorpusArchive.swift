import Foundation
import WenshuAnalysis
import WenshuText

/// The corpus archive's interface, whatever holds it: `CorpusStore` (one SQLite file) or
/// `PostgresCorpusStore` (a PostgreSQL database shared by many importers and servers). Both give
/// the same answers on the same documents.
public protocol CorpusArchive: AnyObject, Sendable {
    /// Where the store is: a file path, or a `postgres://` URL without its password.
    var path: String { get }
    func isStored(sourcePath: String, fileHash: String) throws -> Bool
    /// Stores several whole files in one transaction (all of them or none).
    @discardableResult
    func add(files: [PreparedFile], kind: ArchiveKind, org: String?) throws -> CorpusStore.AddResult
    func list(kind: ArchiveKind?, year: Int?) throws -> [StoredDocument]
    func document(id: Int64, topTerms: Int) throws -> CorpusStore.FullDocument
    func remove(id: Int64) throws
    func stats() throws -> CorpusStore.Stats
    /// ["ok"] when the store is sound.
    func integrityCheck() throws -> [String]
    /// Counts that must agree in a consistent store; [] when they do.
    func consistencyProblems() throws -> [String]
    func termDocumentFrequencies() throws -> (frequencies: [String: Int], documents: Int)
    /// Bytes the store takes on disk.
    func fileSize() -> Int64
    /// Folds logs into the store (SQLite's WAL); a no-op where there is nothing to fold.
    func checkpoint() throws
    /// Throws `StoreError.readOnly` when this user cannot change the store (call it before an
    /// import); a store whose writes the server refuses says so on its first write instead.
    func requireWritable() throws
    func candidates(for paragraphs: [Paragraph], swaps: SwapUndoer?, draftYear: Int?,
                    limit: Int, fingerprinter: Fingerprinter) throws -> CandidateLibrary
    func topicYears(reader: TopicReader, kinds: [ArchiveKind], excludingFiles: Set<String>,
                    excludingFileHashes: Set<String>) throws -> (years: [TopicDocument], undated: Int)
    /// The same store seeing and matching only organisation `org`'s documents (a server
    /// answering a request whose token belongs to `org`).
    func scoped(to org: String) throws -> any CorpusArchive
}

extension CorpusArchive {
    public func requireWritable() throws {}

    public func scoped(to org: String) throws -> any CorpusArchive {
        throw StoreError.notAStore(path: path, reason: "an SQLite store is one office's archive and has no organisation scope; organisations need a postgres:// store")
    }

    @discardableResult
    public func add(_ documents: [PreparedDocument], sourcePath: String, fileHash: String, kind: ArchiveKind, org: String?) throws -> CorpusStore.AddResult {
        try add(files: [PreparedFile(documents: documents, sourcePath: sourcePath, fileHash: fileHash)], kind: kind, org: org)
    }

    public func list() throws -> [StoredDocument] { try list(kind: nil, year: nil) }

    public func document(id: Int64) throws -> CorpusStore.FullDocument { try document(id: id, topTerms: 10) }

    public func candidates(for paragraphs: [Paragraph], swaps: SwapUndoer?, draftYear: Int? = nil) throws -> CandidateLibrary {
        try candidates(for: paragraphs, swaps: swaps, draftYear: draftYear, limit: 24, fingerprinter: Fingerprinter())
    }

    public func topicYears(reader: TopicReader, kinds: [ArchiveKind] = [.report], excludingFiles: Set<String> = [],
                           excludingFileHashes: Set<String> = []) throws -> (years: [TopicDocument], undated: Int) {
        try topicYears(reader: reader, kinds: kinds, excludingFiles: excludingFiles, excludingFileHashes: excludingFileHashes)
    }

    /// The archive's IDF table: `idf = ln(N / df)` over the N stored documents that have term
    /// counts (documents added with `--no-terms` have none and do not count). Terms are those
    /// `wenshu keywords` accepts, phrases merged, so a draft's keywords are weighed against
    /// the archive: a term every stored document uses weighs 0.
    public func idfTable() throws -> IDFTable {
        let (df, n) = try termDocumentFrequencies()
        guard n > 0, !df.isEmpty else { throw StoreError.noTermCounts(path: path) }
        return IDFTable(documentFrequencies: df, documentCount: n)
    }
}

/// Opens a corpus archive named on the command line or in `WENSHU_STORE`: a `postgres://` or
/// `postgresql://` URL opens `PostgresCorpusStore`, anything else is the path of an SQLite file.
public enum CorpusArchives {
    /// Whether `location` names a PostgreSQL database rather than a file.
    public static func isPostgres(_ location: String) -> Bool {
        location.hasPrefix("postgres://") || location.hasPrefix("postgresql://")
    }

    /// `--store` when given, else `WENSHU_STORE`, else the default SQLite file.
    public static func location(_ given: String?, environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let given, !given.isEmpty { return given }
        if let e = environment["WENSHU_STORE"], !e.isEmpty { return e }
        return CorpusStore.defaultPath(environment: environment)
    }

    /// `org`: a PostgreSQL store opened for one organisation sees and matches only its documents.
    public static func open(_ location: String, create: Bool = false, org: String? = nil) throws -> any CorpusArchive {
        if isPostgres(location) { return try PostgresCorpusStore(url: location, create: create, org: org) }
        if org != nil {
            throw StoreError.notAStore(path: location, reason: "an SQLite store is one office's archive and has no organisation scope; --org needs a postgres:// store")
        }
        return try CorpusStore(path: location, create: create)
    }
}
extension CorpusStore: CorpusArchive {}
