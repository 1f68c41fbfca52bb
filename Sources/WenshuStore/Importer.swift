import Foundation

/// The documents of one file, ready to store together.
public struct PreparedFile: Sendable {
    public let documents: [PreparedDocument]
    public let sourcePath: String
    public let fileHash: String

    public init(documents: [PreparedDocument], sourcePath: String, fileHash: String) {
        self.documents = documents
        self.sourcePath = sourcePath
        self.fileHash = fileHash
    }
}

/// A bulk import: files are handed in one by one as they are prepared and committed in
/// transactions of several whole files — when the oldest waiting file has waited `interval`
/// seconds, or `maxFiles` files or `maxDocuments` documents wait (the first file at once, so that
/// a kill in the first seconds keeps it). A commit runs on its own
/// thread while the caller prepares the next files; at most one commit is in flight.
///
/// A transaction holds whole files only, so a `kill -9` loses at most the files of the commit in
/// flight and of the batch being gathered (about the last second or two of work), never part of
/// a file, and never a file whose commit finished.
public final class CorpusImporter: @unchecked Sendable {
    public let store: any CorpusArchive
    public let kind: ArchiveKind
    public let org: String?
    /// Seconds the oldest waiting file may wait before its batch is committed.
    public var interval: TimeInterval
    public var maxFiles: Int
    public var maxDocuments: Int

    private var pending: [PreparedFile] = []
    private var pendingDocuments = 0
    private var pendingSince: Date?
    private let queue = DispatchQueue(label: "wenshu.corpus-import")
    private let group = DispatchGroup()
    private let lock = NSLock()
    private var total = CorpusStore.AddResult()
    private var failure: Error?
    private var commitCount = 0
    private var started = false

    public init(store: any CorpusArchive, kind: ArchiveKind, org: String?, interval: TimeInterval = 1, maxFiles: Int = 2000, maxDocuments: Int = 4000) {
        self.store = store
        self.kind = kind
        self.org = org
        self.interval = interval
        self.maxFiles = maxFiles
        self.maxDocuments = maxDocuments
    }

    /// Queues a prepared file; commits the batch when it is due. Throws the error of an earlier
    /// commit, if one failed.
    public func add(_ file: PreparedFile) throws {
        try rethrowFailure()
        if pendingSince == nil { pendingSince = Date() }
        pending.append(file)
        pendingDocuments += file.documents.count
        // The first file is committed at once, so that a kill in the first seconds of an import
        // keeps it; after it, whole batches.
        if !started || pending.count >= maxFiles || pendingDocuments >= maxDocuments || Date().timeIntervalSince(pendingSince!) >= interval {
            started = true
            try commit()
        }
    }

    /// Starts committing the waiting files (after the commit in flight, if any, finished).
    public func commit() throws {
        group.wait()
        try rethrowFailure()
        guard !pending.isEmpty else { return }
        let batch = pending
        pending = []
        pendingDocuments = 0
        pendingSince = nil
        group.enter()
        queue.async { [self] in
            defer { group.leave() }
            do {
                let r = try store.add(files: batch, kind: kind, org: org)
                lock.lock(); total += r; commitCount += 1; lock.unlock()
            } catch {
                lock.lock(); if failure == nil { failure = error }; lock.unlock()
            }
        }
    }

    /// Commits what waits and waits for it; the result of the whole import.
    @discardableResult
    public func finish() throws -> CorpusStore.AddResult {
        try commit()
        group.wait()
        try rethrowFailure()
        return result
    }

    /// What the finished commits stored.
    public var result: CorpusStore.AddResult {
        lock.lock(); defer { lock.unlock() }
        return total
    }

    /// Transactions committed so far.
    public var commits: Int {
        lock.lock(); defer { lock.unlock() }
        return commitCount
    }

    /// Files queued and not yet committed.
    public var waitingFiles: Int { pending.count }

    private func rethrowFailure() throws {
        lock.lock(); defer { lock.unlock() }
        if let failure { throw failure }
    }
}
