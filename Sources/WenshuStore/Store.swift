import Foundation
import GRDB
import WenshuAnalysis
import WenshuText

/// Errors of the corpus store, each naming the store's file.
public enum StoreError: LocalizedError, Sendable, Equatable {
    case notAStore(path: String, reason: String)
    case damaged(path: String, reason: String)
    case missing(path: String)
    case newerSchema(path: String, migrations: [String])
    case noSuchDocument(path: String, id: Int64)
    case noTermCounts(path: String)
    case readOnly(path: String)
    /// Another connection held the store for writing longer than the busy timeout.
    case busy(path: String, seconds: Int)

    public var errorDescription: String? {
        switch self {
        case let .notAStore(path, reason): return "\(path): not a Wenshu corpus store: \(reason); name another file with --store"
        case let .damaged(path, reason): return "\(path): the corpus store is damaged or unreadable: \(reason)"
        case let .missing(path): return "\(path): no corpus store here; `wenshu corpus add PATH... --store \(path)` creates one"
        case let .newerSchema(path, migrations): return "\(path): the corpus store was written by a newer Wenshu (schema \(migrations.joined(separator: ", "))); upgrade wenshu"
        case let .noSuchDocument(path, id): return "\(path): no document with id \(id) in the corpus store"
        case let .readOnly(path): return "\(path): the corpus store is read-only for this user (the file or its folder cannot be written): it can be listed, shown and checked against, not changed; ask its owner, or copy it to a folder of your own"
        case let .busy(path, seconds): return "\(path): the corpus store is busy: another process has held it for writing for more than \(seconds) s (an import, or another program); try again when it is done"
        case let .noTermCounts(path): return "\(path): the corpus store has no term counts for an IDF table: it is empty, or its documents were added with --no-terms"
        }
    }
}

/// What a stored document is to the archive: a template (范文), an adopted report, a draft.
public enum ArchiveKind: String, Sendable, Codable, CaseIterable {
    case template, report, draft
}

/// A document of the archive, without its text (see `CorpusStore.document(id:)` for that).
public struct StoredDocument: Sendable, Codable, Equatable {
    public let id: Int64
    public let contentHash: String
    public let sourcePath: String
    /// Index of the document on its page (a scraped page holds several).
    public let part: Int
    public let title: String?
    public let kind: ArchiveKind
    /// What the title says it is: summary, plan, summary+plan, report, unknown.
    public let genre: String
    public let year: Int?
    public let org: String?
    /// ISO 8601, UTC.
    public let addedAt: String
    /// Characters of the fingerprinted stream (Han, letters, digits).
    public let characters: Int
    public let fingerprints: Int
}

/// A heading of a stored document's outline, with offsets into the stored text.
public struct StoredSection: Sendable, Codable, Equatable {
    public let level: Int
    public let marker: String
    public let title: String
    public let start: Int
    public let end: Int
}

/// The archive: one SQLite file in WAL mode (readers never wait for an import), schema
/// versioned with GRDB's migrator. Every file is imported in one transaction.
public final class CorpusStore: Sendable {
    public let path: String
    /// Reads go here: a read-only pool when the store was already whole (opening it took no
    /// lock another process's write could hold), else the writable one.
    let pool: DatabasePool
    /// The writable pool: the same as `pool`, or opened at the first write.
    private let writer: WriterSlot
    /// This user can write the store.
    private let writable: Bool

    /// `~/.local/share/wenshu/corpus.sqlite`, or `$XDG_DATA_HOME/wenshu/corpus.sqlite`.
    public static func defaultPath(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        let base: String
        if let x = environment["XDG_DATA_HOME"], !x.isEmpty { base = x } else {
            base = (environment["HOME"] ?? NSHomeDirectory()) + "/.local/share"
        }
        return base + "/wenshu/corpus.sqlite"
    }

    /// 'WSHN': marks the file as a Wenshu store (PRAGMA application_id).
    static let applicationID: Int32 = 0x5753_484E

    static var migrator: DatabaseMigrator {
        var m = DatabaseMigrator()
        m.registerMigration("v1") { db in
            try db.execute(sql: "PRAGMA application_id = \(applicationID)")
            try db.execute(sql: """
                CREATE TABLE documents (
                  id INTEGER PRIMARY KEY AUTOINCREMENT,
                  content_hash TEXT NOT NULL UNIQUE,
                  source_path TEXT NOT NULL,
                  file_hash TEXT NOT NULL,
                  part INTEGER NOT NULL,
                  title TEXT,
                  kind TEXT NOT NULL CHECK (kind IN ('template', 'report', 'draft')),
                  genre TEXT NOT NULL,
                  year INTEGER,
                  org TEXT,
                  added_at TEXT NOT NULL,
                  text TEXT NOT NULL,
                  text_start INTEGER NOT NULL,
                  characters INTEGER NOT NULL,
                  fingerprint_count INTEGER NOT NULL
                );
                CREATE INDEX documents_source ON documents(source_path);
                CREATE INDEX documents_year ON documents(year);
                CREATE TABLE sections (
                  document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
                  ordinal INTEGER NOT NULL,
                  level INTEGER NOT NULL,
                  marker TEXT NOT NULL,
                  title TEXT NOT NULL,
                  start INTEGER NOT NULL,
                  "end" INTEGER NOT NULL,
                  PRIMARY KEY (document_id, ordinal)
                ) WITHOUT ROWID;
                CREATE TABLE fingerprints (
                  hash INTEGER NOT NULL,
                  document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
                  position INTEGER NOT NULL,
                  PRIMARY KEY (hash, document_id, position)
                ) WITHOUT ROWID;
                CREATE INDEX fingerprints_document ON fingerprints(document_id);
                CREATE TABLE terms (
                  id INTEGER PRIMARY KEY,
                  term TEXT NOT NULL UNIQUE
                );
                CREATE TABLE term_counts (
                  document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
                  term_id INTEGER NOT NULL REFERENCES terms(id),
                  count INTEGER NOT NULL,
                  PRIMARY KEY (document_id, term_id)
                ) WITHOUT ROWID;
                CREATE INDEX term_counts_term ON term_counts(term_id);
                """)
        }
        return m
    }

    /// The schema Wenshu's migrations make, name → (type, SQL): read from an in-memory database
    /// migrated the same way, so it follows the migrations.
    static let ownSchema: [String: SchemaObject] = {
        guard let queue = try? DatabaseQueue(), (try? migrator.migrate(queue)) != nil,
              let objects = try? queue.read({ try schema(of: $0) }) else { return [:] }
        return Dictionary(objects.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
    }()

    struct SchemaObject: Equatable {
        let type: String
        let name: String
        let sql: String?
    }

    static func schema(of db: Database) throws -> [SchemaObject] {
        try Row.fetchAll(db, sql: "SELECT type, name, sql FROM sqlite_master").map {
            SchemaObject(type: $0["type"], name: $0["name"], sql: $0["sql"])
        }
    }

    /// What in a store's schema Wenshu never makes, in words, or nil. A store can come from
    /// elsewhere (a colleague's archive, a download): a trigger or view in it would run its own
    /// SQL whenever Wenshu writes or reads (a recursive query in a trigger held `corpus add`
    /// forever). Every trigger and view, and every table and index except SQLite's own
    /// (`sqlite_…`), must be one of Wenshu's, with Wenshu's SQL once all migrations are applied.
    static func foreignSchema(_ db: Database, migrated: Bool) throws -> String? {
        let own = ownSchema
        if own.isEmpty { return nil }  // cannot happen: the in-memory migration always works
        for object in try schema(of: db) {
            let sqlites = object.name.lowercased().hasPrefix("sqlite_") && (object.type == "table" || object.type == "index")
            if sqlites { continue }
            guard let mine = own[object.name], mine.type == object.type else {
                let article = object.type == "index" ? "an" : "a"
                return "its schema holds \(article) \(object.type) '\(object.name)', which Wenshu never makes (a store from elsewhere could run SQL of its own whenever it is read or written)"
            }
            if (migrated || object.type == "trigger" || object.type == "view"), mine.sql != object.sql {
                return "its \(object.type) '\(object.name)' is not defined as Wenshu defines it"
            }
        }
        return nil
    }

    /// Opens the store at `path`, creating it (and its folder) when `create` is true; a file
    /// that is not SQLite, or an SQLite database of something else, is refused with its name.
    public init(path: String, create: Bool = true) throws {
        let path = URL(fileURLWithPath: path).standardizedFileURL.path
        self.path = path
        var isDir: ObjCBool = false
        let exists = FileManager.default.fileExists(atPath: path, isDirectory: &isDir)
        if isDir.boolValue { throw StoreError.notAStore(path: path, reason: "it is a directory") }
        if exists, let kind = Self.specialFileKind(path) {
            // SQLite would read a FIFO until a writer came, and beside /dev/null it would create
            // /dev/null-journal (hostile tester, session 10).
            throw StoreError.notAStore(path: path, reason: "it is \(kind), not a regular file")
        }
        if !exists {
            guard create else { throw StoreError.missing(path: path) }
            let dir = URL(fileURLWithPath: path).deletingLastPathComponent()
            do { try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true) } catch {
                throw StoreError.notAStore(path: path, reason: "cannot create \(dir.path): \(error.localizedDescription)")
            }
        } else {
            try Self.checkHeader(path)
        }
        var config = Configuration()
        // A store this user may only read (a shared archive, a read-only mount, another user's
        // file) is opened read-only: it can still be listed, shown and matched against.
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        config.readonly = exists && (access(path, W_OK) != 0 || access(folder, W_OK) != 0)
        // Waiting for another process's write: said after a second (`waitingNotice`), given up
        // after `busySeconds` with `StoreError.busy` (was 30 s of silence, then "damaged").
        config.busyMode = .callback(Self.busyCallback(path: path))
        config.foreignKeysEnabled = true
        config.prepareDatabase { db in
            // Functions with side effects never run from the schema (defence in depth beside
            // `foreignSchema`).
            try db.execute(sql: "PRAGMA trusted_schema = OFF")
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
            try db.execute(sql: "PRAGMA cache_size = -65536")  // 64 MB
        }
        // A new store may be created by two processes at the same moment (an import and a
        // reader, or two imports): SQLite then reports transient "locked" or schema races while
        // the other side sets up WAL and the schema. Such an open is retried whole; a foreign or
        // damaged file is refused at once.
        writable = !config.readonly
        if writable, exists, let reader = try Self.openWhole(path: path, configuration: config) {
            // Reading needs no write lock (a read-only command never waits for another
            // process's import: hostile tester, session 10); the writer comes when needed.
            pool = reader
            writer = WriterSlot(nil) { try Self.openRetrying(path: path, configuration: config) }
            return
        }
        pool = try Self.openRetrying(path: path, configuration: config)
        let opened = pool
        writer = WriterSlot(opened) { opened }
    }

    /// `open`, retried when another connection's set-up of the same new store gets in the way.
    static func openRetrying(path: String, configuration config: Configuration) throws -> DatabasePool {
        var attempt = 0
        let started = Date()
        while true {
            do {
                return try Self.open(path: path, configuration: config)
            } catch let e as StoreError {
                throw e
            } catch {
                attempt += 1
                // A lock another process held through the whole busy timeout is not retried.
                let waited = Date().timeIntervalSince(started) >= Double(Self.busySeconds)
                if attempt >= 8 || waited || !Self.isTransient(error) { throw Self.wrap(error, path: path) }
                Thread.sleep(forTimeInterval: 0.03 * Double(attempt))
            }
        }
    }

    /// Whether the store was opened for reading only (this user cannot write the file or its folder).
    public var isReadOnly: Bool { !writable }

    /// A store that exists and is whole (Wenshu's, every migration applied, no SQL of its own),
    /// opened read-only — no write is needed to open it, so no other process's write transaction
    /// is waited for; nil when it must be opened for writing (empty, new, to be migrated, or its
    /// WAL files absent: nobody else has it open, and the writable open will not wait).
    static func openWhole(path: String, configuration: Configuration) throws -> DatabasePool? {
        var reading = configuration
        reading.readonly = true
        do {
            let pool = try DatabasePool(path: path, configuration: reading)
            return try pool.read { try Self.isCurrent($0, path: path) } ? pool : nil
        } catch let e as StoreError {
            throw e
        } catch {
            return nil
        }
    }

    /// The writable pool, opened at the first write.
    final class WriterSlot: @unchecked Sendable {
        private let lock = NSLock()
        private var pool: DatabasePool?
        private let make: () throws -> DatabasePool

        init(_ pool: DatabasePool?, make: @escaping () throws -> DatabasePool) {
            self.pool = pool
            self.make = make
        }

        func get() throws -> DatabasePool {
            lock.lock()
            defer { lock.unlock() }
            if let pool { return pool }
            let made = try make()
            pool = made
            return made
        }
    }

    /// Throws `StoreError.readOnly` when the store cannot be changed: call it before a long import.
    public func requireWritable() throws {
        if isReadOnly { throw StoreError.readOnly(path: path) }
    }

    /// Longest wait for another process's write lock before `StoreError.busy`.
    nonisolated(unsafe) public static var busySeconds = 30

    /// Told once a connection has waited about a second for another process's write lock (the
    /// command line prints it on standard error); the store's path is given.
    nonisolated(unsafe) public static var waitingNotice: (@Sendable (String) -> Void)? = nil

    /// SQLite's busy handler: sleeps 20 ms a try, says so after a second, gives up after
    /// `busySeconds`.
    static func busyCallback(path: String) -> Database.BusyCallback {
        { tries in
            if tries == 50 { waitingNotice?(path) }
            guard tries < busySeconds * 50 else { return false }
            usleep(20_000)
            return true
        }
    }

    /// Whether the store is a complete Wenshu store of this version, seen in a read transaction:
    /// then opening it needs no write (a read-only command never waits for another process's
    /// import: hostile tester, session 10). Throws for a store of another application, a newer
    /// one, or one whose schema holds SQL of its own.
    static func isCurrent(_ db: Database, path: String) throws -> Bool {
        let appID = try Int32.fetchOne(db, sql: "PRAGMA application_id") ?? 0
        guard appID == Self.applicationID else {
            if appID != 0 { throw StoreError.notAStore(path: path, reason: String(format: "its application id is 0x%08x, not Wenshu's", appID)) }
            return false
        }
        if try migrator.hasBeenSuperseded(db) {
            throw StoreError.newerSchema(path: path, migrations: try migrator.appliedIdentifiers(db).sorted())
        }
        guard try migrator.hasCompletedMigrations(db) else { return false }
        if let foreign = try Self.foreignSchema(db, migrated: true) { throw StoreError.notAStore(path: path, reason: foreign) }
        return true
    }

    static func open(path: String, configuration: Configuration) throws -> DatabasePool {
        if configuration.readonly { return try openReadOnly(path: path, configuration: configuration) }
        let pool = try DatabasePool(path: path, configuration: configuration)
        // A store that is already whole is opened with a read: nothing to claim or migrate.
        if try pool.read({ try Self.isCurrent($0, path: path) }) { return pool }
        try pool.barrierWriteWithoutTransaction { db in
            // Check and claim in one write transaction, so that another process creating the
            // same new store at this moment is either seen whole or not at all.
            try db.inTransaction(.immediate) {
                let appID = try Int32.fetchOne(db, sql: "PRAGMA application_id") ?? 0
                let tables = try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
                if appID != Self.applicationID {
                    if appID != 0 { throw StoreError.notAStore(path: path, reason: String(format: "its application id is 0x%08x, not Wenshu's", appID)) }
                    if !tables.isEmpty {
                        throw StoreError.notAStore(path: path, reason: "it is an SQLite database with other tables (\(tables.prefix(5).joined(separator: ", ")))")
                    }
                    try db.execute(sql: "PRAGMA application_id = \(Self.applicationID)")
                }
                if let foreign = try Self.foreignSchema(db, migrated: false) { throw StoreError.notAStore(path: path, reason: foreign) }
                return .commit
            }
            let migrator = Self.migrator
            if try migrator.hasBeenSuperseded(db) {
                let applied = try migrator.appliedIdentifiers(db)
                throw StoreError.newerSchema(path: path, migrations: applied.sorted())
            }
        }
        // GRDB reads the applied list before it takes the write lock, so a concurrent creator
        // can make our migration fail; it rolls back whole and the retry finds nothing to apply.
        try Self.migrator.migrate(pool)
        if let foreign = try pool.read({ try Self.foreignSchema($0, migrated: true) }) { throw StoreError.notAStore(path: path, reason: foreign) }
        return pool
    }

    /// A store opened for reading only: it must already be Wenshu's, with every migration this
    /// version knows applied (none can be applied here).
    static func openReadOnly(path: String, configuration: Configuration) throws -> DatabasePool {
        // A store in WAL mode needs its -shm file to be read; where this user can create none (a
        // read-only folder), the file is read as immutable — as it is, without locks.
        let pool: DatabasePool
        do {
            let p = try DatabasePool(path: path, configuration: configuration)
            _ = try p.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM sqlite_master") }
            pool = p
        } catch let e as DatabaseError where e.resultCode == .SQLITE_READONLY || e.resultCode == .SQLITE_CANTOPEN {
            let escaped = path.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? path
            pool = try DatabasePool(path: "file:\(escaped)?immutable=1", configuration: configuration)
        }
        try pool.read { db in
            let appID = try Int32.fetchOne(db, sql: "PRAGMA application_id") ?? 0
            if appID != Self.applicationID {
                throw StoreError.notAStore(path: path, reason: appID == 0 ? "it is not a Wenshu store" : String(format: "its application id is 0x%08x, not Wenshu's", appID))
            }
            if try migrator.hasBeenSuperseded(db) {
                throw StoreError.newerSchema(path: path, migrations: try migrator.appliedIdentifiers(db).sorted())
            }
            if try !migrator.hasCompletedMigrations(db) {
                throw StoreError.damaged(path: path, reason: "it was made by an older Wenshu and needs an upgrade, which this user cannot write; open it once with write access")
            }
            if let foreign = try Self.foreignSchema(db, migrated: true) { throw StoreError.notAStore(path: path, reason: foreign) }
        }
        return pool
    }

    /// Errors another connection's set-up of the same new store can cause for a moment.
    static func isTransient(_ error: Error) -> Bool {
        guard let e = error as? DatabaseError else { return false }
        switch e.resultCode {
        case .SQLITE_BUSY, .SQLITE_LOCKED: return true
        case .SQLITE_ERROR:
            let m = e.message ?? ""
            return m.contains("already exists") || m.contains("no such table") || m.contains("schema")
        default: return false
        }
    }

    /// What a path that is not a regular file is (a device, a FIFO, a socket), or nil.
    static func specialFileKind(_ path: String) -> String? {
        var st = stat()
        guard stat(path, &st) == 0 else { return nil }
        switch st.st_mode & S_IFMT {
        case S_IFREG, S_IFDIR: return nil
        case S_IFCHR: return "a character device"
        case S_IFBLK: return "a block device"
        case S_IFIFO: return "a FIFO (named pipe)"
        case S_IFSOCK: return "a socket"
        default: return "a special file"
        }
    }

    /// An existing file must start with SQLite's header (an empty file becomes a new store).
    static func checkHeader(_ path: String) throws {
        guard let h = FileHandle(forReadingAtPath: path) else { throw StoreError.notAStore(path: path, reason: "the file cannot be read") }
        defer { try? h.close() }
        let head = h.readData(ofLength: 16)
        if head.isEmpty { return }
        if head != Data("SQLite format 3\0".utf8) {
            throw StoreError.notAStore(path: path, reason: "the file is not an SQLite database")
        }
    }

    static func wrap(_ error: Error, path: String) -> Error {
        if error is StoreError { return error }
        if let e = error as? DatabaseError {
            switch e.resultCode {
            case .SQLITE_NOTADB: return StoreError.notAStore(path: path, reason: "the file is not an SQLite database")
            case .SQLITE_READONLY: return StoreError.readOnly(path: path)
            case .SQLITE_BUSY: return StoreError.busy(path: path, seconds: busySeconds)
            case .SQLITE_CORRUPT: return StoreError.damaged(path: path, reason: e.message ?? "database disk image is malformed")
            default: return StoreError.damaged(path: path, reason: e.message ?? "\(e.resultCode)")
            }
        }
        return StoreError.damaged(path: path, reason: "\(error)")
    }

    func read<T>(_ body: (Database) throws -> T) throws -> T {
        do { return try pool.read(body) } catch { throw Self.wrap(error, path: path) }
    }

    func write<T>(_ body: (Database) throws -> T) throws -> T {
        if !writable { throw StoreError.readOnly(path: path) }
        do { return try writer.get().write(body) } catch { throw Self.wrap(error, path: path) }
    }

    // MARK: Import

    public struct AddResult: Sendable, Equatable {
        public var added = 0
        /// Documents whose content was already stored (from this or another file).
        public var duplicates = 0
        /// Documents removed because their file changed.
        public var replaced = 0
        /// Files already stored unchanged.
        public var unchangedFiles = 0
        public init() {}
        public static func += (a: inout AddResult, b: AddResult) {
            a.added += b.added; a.duplicates += b.duplicates; a.replaced += b.replaced; a.unchangedFiles += b.unchangedFiles
        }
    }

    /// Whether the file at `sourcePath` is stored with exactly this file hash.
    public func isStored(sourcePath: String, fileHash: String) throws -> Bool {
        try read { db in
            let hashes = try String.fetchAll(db, sql: "SELECT DISTINCT file_hash FROM documents WHERE source_path = ?", arguments: [sourcePath])
            return hashes == [fileHash]
        }
    }

    /// Stores the documents of one file in one transaction: the file's earlier documents (if it
    /// changed) are removed, documents whose content is already stored are skipped.
    @discardableResult
    public func add(_ documents: [PreparedDocument], sourcePath: String, fileHash: String, kind: ArchiveKind, org: String?) throws -> AddResult {
        try add(files: [PreparedFile(documents: documents, sourcePath: sourcePath, fileHash: fileHash)], kind: kind, org: org)
    }

    /// Stores several whole files in one transaction (all of them or none), as `add` stores one.
    /// Fingerprints of all the files are inserted in hash order, so that the rows bound for one
    /// leaf of the hash-keyed index are written together: one transaction of many files writes
    /// each touched page once instead of once per file.
    @discardableResult
    public func add(files: [PreparedFile], kind: ArchiveKind, org: String?) throws -> AddResult {
        if files.isEmpty { return AddResult() }
        let now = ISO8601DateFormatter().string(from: Date())
        return try write { db in
            var result = AddResult()
            let oldHashes = try db.cachedStatement(sql: "SELECT DISTINCT file_hash FROM documents WHERE source_path = ?")
            let deleteFile = try db.cachedStatement(sql: "DELETE FROM documents WHERE source_path = ?")
            let insertDoc = try db.cachedStatement(sql: """
                INSERT INTO documents (content_hash, source_path, file_hash, part, title, kind, genre, year, org, added_at, text, text_start, characters, fingerprint_count)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(content_hash) DO NOTHING
                """)
            let insertPrint = try db.cachedStatement(sql: "INSERT OR IGNORE INTO fingerprints (hash, document_id, position) VALUES (?, ?, ?)")
            let insertSection = try db.cachedStatement(sql: "INSERT INTO sections (document_id, ordinal, level, marker, title, start, \"end\") VALUES (?, ?, ?, ?, ?, ?, ?)")
            let termID = try db.cachedStatement(sql: "INSERT INTO terms (term) VALUES (?) ON CONFLICT(term) DO UPDATE SET term = excluded.term RETURNING id")
            let insertCount = try db.cachedStatement(sql: "INSERT INTO term_counts (document_id, term_id, count) VALUES (?, ?, ?)")
            // Term ids of this transaction (a term is looked up once per transaction).
            var termIDs: [String: Int64] = [:]
            var rows: [FingerprintRow] = []
            for file in files {
                let old = try String.fetchAll(oldHashes, arguments: [file.sourcePath])
                if old == [file.fileHash] { result.unchangedFiles += 1; continue }
                if !old.isEmpty {
                    try deleteFile.execute(arguments: [file.sourcePath])
                    result.replaced += db.changesCount
                }
                for d in file.documents {
                    try insertDoc.execute(arguments: [d.contentHash, file.sourcePath, file.fileHash, d.part, d.title, kind.rawValue, d.genre, d.year, org, now,
                                                      d.text, d.textStart, d.characters, d.fingerprints.count])
                    if db.changesCount == 0 { result.duplicates += 1; continue }
                    let id = db.lastInsertedRowID
                    result.added += 1
                    rows.reserveCapacity(rows.count + d.fingerprints.count)
                    for (h, p) in d.fingerprints { rows.append(FingerprintRow(hash: Int64(bitPattern: h), document: id, position: Int64(p))) }
                    for (i, s) in d.sections.enumerated() {
                        try insertSection.execute(arguments: [id, i, s.level, s.marker, s.title, s.start, s.end])
                    }
                    for (term, count) in d.termCounts.sorted(by: { $0.key < $1.key }) {
                        let t: Int64
                        if let known = termIDs[term] { t = known } else {
                            guard let fetched = try Int64.fetchOne(termID, arguments: [term]) else { continue }
                            termIDs[term] = fetched
                            t = fetched
                        }
                        insertCount.setUncheckedArguments([id, t, count])
                        try insertCount.execute()
                    }
                }
            }
            rows.sort { ($0.hash, $0.document, $0.position) < ($1.hash, $1.document, $1.position) }
            for r in rows {
                insertPrint.setUncheckedArguments([r.hash, r.document, r.position])
                try insertPrint.execute()
            }
            return result
        }
    }

    struct FingerprintRow {
        let hash: Int64
        let document: Int64
        let position: Int64
    }

    // MARK: Reading

    static let columns = "id, content_hash, source_path, part, title, kind, genre, year, org, added_at, characters, fingerprint_count"

    static func document(_ r: Row) -> StoredDocument {
        StoredDocument(id: r[0], contentHash: r[1], sourcePath: r[2], part: r[3], title: r[4],
                       kind: ArchiveKind(rawValue: r[5]) ?? .report, genre: r[6], year: r[7], org: r[8], addedAt: r[9],
                       characters: r[10], fingerprints: r[11])
    }

    public func list(kind: ArchiveKind? = nil, year: Int? = nil) throws -> [StoredDocument] {
        try read { db in
            var sql = "SELECT \(Self.columns) FROM documents"
            var conditions: [String] = []
            var args: [DatabaseValueConvertible?] = []
            if let kind { conditions.append("kind = ?"); args.append(kind.rawValue) }
            if let year { conditions.append("year = ?"); args.append(year) }
            if !conditions.isEmpty { sql += " WHERE " + conditions.joined(separator: " AND ") }
            sql += " ORDER BY id"
            return try Row.fetchAll(db, sql: sql, arguments: StatementArguments(args)).map(Self.document)
        }
    }

    public struct FullDocument: Sendable {
        public let document: StoredDocument
        public let text: String
        /// Offset (Unicode scalars) of `text` in its source file.
        public let textStart: Int
        public let sections: [StoredSection]
        /// The document's most frequent terms.
        public let topTerms: [(term: String, count: Int)]
    }

    public func document(id: Int64, topTerms: Int = 10) throws -> FullDocument {
        try read { db in
            guard let r = try Row.fetchOne(db, sql: "SELECT \(Self.columns), text, text_start FROM documents WHERE id = ?", arguments: [id]) else {
                throw StoreError.noSuchDocument(path: path, id: id)
            }
            let sections = try Row.fetchAll(db, sql: "SELECT level, marker, title, start, \"end\" FROM sections WHERE document_id = ? ORDER BY ordinal", arguments: [id])
                .map { StoredSection(level: $0[0], marker: $0[1], title: $0[2], start: $0[3], end: $0[4]) }
            let terms = try Row.fetchAll(db, sql: """
                SELECT t.term, c.count FROM term_counts c JOIN terms t ON t.id = c.term_id
                WHERE c.document_id = ? ORDER BY c.count DESC, t.term LIMIT ?
                """, arguments: [id, topTerms]).map { (term: $0[0] as String, count: $0[1] as Int) }
            return FullDocument(document: Self.document(r), text: r[12], textStart: r[13], sections: sections, topTerms: terms)
        }
    }

    /// Removes a document with its sections, fingerprints and term counts.
    public func remove(id: Int64) throws {
        try write { db in
            try db.execute(sql: "DELETE FROM documents WHERE id = ?", arguments: [id])
            if db.changesCount == 0 { throw StoreError.noSuchDocument(path: path, id: id) }
        }
    }

    public struct Stats: Sendable, Codable, Equatable {
        public let documents: Int
        public let byKind: [String: Int]
        public let byYear: [String: Int]
    }

    public func stats() throws -> Stats {
        try read { db in
            let n = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM documents") ?? 0
            var byKind: [String: Int] = [:]
            for r in try Row.fetchAll(db, sql: "SELECT kind, COUNT(*) FROM documents GROUP BY kind") { byKind[r[0]] = r[1] }
            var byYear: [String: Int] = [:]
            for r in try Row.fetchAll(db, sql: "SELECT year, COUNT(*) FROM documents GROUP BY year") {
                let y: Int? = r[0]
                byYear[y.map(String.init) ?? "unknown"] = r[1]
            }
            return Stats(documents: n, byKind: byKind, byYear: byYear)
        }
    }

    /// SQLite's integrity check: ["ok"] when the file is sound.
    public func integrityCheck() throws -> [String] {
        try read { db in try String.fetchAll(db, sql: "PRAGMA integrity_check") }
    }

    /// Counts that must agree in a consistent store: fingerprint rows equal the documents'
    /// fingerprint counts (minus positions repeated within a document), no orphan rows.
    public func consistencyProblems() throws -> [String] {
        try read { db in
            var problems: [String] = []
            let orphanPrints = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM fingerprints WHERE document_id NOT IN (SELECT id FROM documents)") ?? 0
            if orphanPrints > 0 { problems.append("\(orphanPrints) fingerprints of no document") }
            let orphanSections = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM sections WHERE document_id NOT IN (SELECT id FROM documents)") ?? 0
            if orphanSections > 0 { problems.append("\(orphanSections) sections of no document") }
            let orphanTerms = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM term_counts WHERE document_id NOT IN (SELECT id FROM documents)") ?? 0
            if orphanTerms > 0 { problems.append("\(orphanTerms) term counts of no document") }
            let mismatched = try Int.fetchOne(db, sql: """
                SELECT COUNT(*) FROM documents d WHERE d.fingerprint_count > 0 AND NOT EXISTS (SELECT 1 FROM fingerprints f WHERE f.document_id = d.id)
                """) ?? 0
            if mismatched > 0 { problems.append("\(mismatched) documents without their fingerprints") }
            let fileParts = try Int.fetchOne(db, sql: """
                SELECT COUNT(*) FROM (SELECT source_path FROM documents GROUP BY source_path HAVING COUNT(DISTINCT file_hash) > 1)
                """) ?? 0
            if fileParts > 0 { problems.append("\(fileParts) files stored in two versions") }
            return problems
        }
    }

    /// Document frequencies of the stored terms, for an IDF table of the archive.
    public func termDocumentFrequencies() throws -> (frequencies: [String: Int], documents: Int) {
        try read { db in
            var df: [String: Int] = [:]
            let rows = try Row.fetchCursor(db, sql: "SELECT t.term, COUNT(*) FROM term_counts c JOIN terms t ON t.id = c.term_id GROUP BY c.term_id")
            while let r = try rows.next() { df[r[0]] = r[1] }
            let n = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM documents WHERE id IN (SELECT DISTINCT document_id FROM term_counts)") ?? 0
            return (df, n)
        }
    }

    /// The size of the store's files (database, WAL) in bytes.
    public func fileSize() -> Int64 {
        [path, path + "-wal"].reduce(0) { sum, p in
            sum + ((try? FileManager.default.attributesOfItem(atPath: p)[.size] as? Int64) ?? 0)
        }
    }

    /// Folds the WAL into the database file.
    public func checkpoint() throws {
        do { try writer.get().writeWithoutTransaction { db in _ = try db.checkpoint(.truncate) } } catch { throw Self.wrap(error, path: path) }
    }
}
