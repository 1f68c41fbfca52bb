import Foundation
import Logging
import NIOCore
import NIOPosix
import PostgresNIO
import WenshuAnalysis
import WenshuText

/// The archive in a PostgreSQL database, shared by several importers and servers: the same
/// tables as the SQLite store (documents with their text and a content hash unique within an
/// organisation, sections, fingerprints hash-partitioned by hash, terms, term counts) and a
/// maintained document frequency per fingerprint and organisation (`fingerprint_df`), so the
/// common-formula cut-off is one index lookup. The schema is versioned by `wenshu_migrations`.
///
/// An import copies each batch of whole files into session staging tables (`COPY … FROM
/// STDIN`) and merges them in one transaction: a killed import leaves no part of a file.
/// Concurrent imports of the same document store it once (the unique content hash decides).
///
/// A store opened with `org` sees, lists and matches only that organisation's documents: every
/// read carries `org = $org` (the server's own filter; see the README on row protection).
public final class PostgresCorpusStore: CorpusArchive, @unchecked Sendable {
    /// The URL without its password.
    public let path: String
    /// The organisation this store is scoped to; nil sees every organisation.
    public let org: String?
    /// The connections: each caller (a server's request, an import) takes one of its own, so
    /// concurrent requests do not wait for each other's queries; stores scoped to different
    /// organisations (`scoped(to:)`) share it.
    let pool: ConnectionPool
    let logger: Logger
    /// The stores' own event loop: a caller (a server's handler) may block on a query's result,
    /// which must never happen on the loop that completes it.
    static let loops = MultiThreadedEventLoopGroup(numberOfThreads: 1)
    /// Fingerprint partitions (hash partitioning on `fingerprints.hash`).
    public static let fingerprintPartitions = 8

    /// A parsed `postgres://user[:password]@host[:port]/database[?host=/socket/dir]` URL.
    struct Address {
        var configuration: PostgresConnection.Configuration
        var shown: String
    }

    static func parse(_ url: String) throws -> Address {
        guard let c = URLComponents(string: url), c.scheme == "postgres" || c.scheme == "postgresql" else {
            throw StoreError.notAStore(path: url, reason: "not a postgres:// URL")
        }
        let user = c.user.flatMap { $0.removingPercentEncoding } ?? ProcessInfo.processInfo.environment["USER"] ?? "postgres"
        let password = c.password.flatMap { $0.removingPercentEncoding }
        var db = c.path
        if db.hasPrefix("/") { db.removeFirst() }
        let database = db.isEmpty ? user : db
        let port = c.port ?? 5432
        let socketDir = c.queryItems?.first { $0.name == "host" }?.value
        var shown = "\(c.scheme!)://\(user)@\(c.host ?? "")"
        if let p = c.port { shown += ":\(p)" }
        shown += "/\(database)"
        if let socketDir { shown += "?host=\(socketDir)" }
        var config: PostgresConnection.Configuration
        if let socketDir, socketDir.hasPrefix("/") {
            config = .init(unixSocketPath: socketDir + "/.s.PGSQL.\(port)", username: user, password: password, database: database)
        } else {
            let host = c.host.map { $0.isEmpty ? "localhost" : $0 } ?? "localhost"
            config = .init(host: host, port: port, username: user, password: password, database: database, tls: .disable)
        }
        return Address(configuration: config, shown: shown)
    }

    /// Connections a store opens at most, by default (`WENSHU_PG_CONNECTIONS` overrides it):
    /// one per analysis a server runs at once, and a few more.
    public static var defaultConnections: Int {
        if let v = ProcessInfo.processInfo.environment["WENSHU_PG_CONNECTIONS"].flatMap({ Int($0) }), v >= 1 { return min(v, 64) }
        return max(4, ProcessInfo.processInfo.activeProcessorCount + 2)
    }

    /// `connections`: at most this many connections, opened as concurrent callers need them.
    public init(url: String, create: Bool = true, org: String? = nil, connections: Int = PostgresCorpusStore.defaultConnections) throws {
        let address = try Self.parse(url)
        path = address.shown
        self.org = org
        var logger = Logger(label: "wenshu-store-postgres")
        logger.logLevel = .critical
        self.logger = logger
        let shown = address.shown, configuration = address.configuration
        pool = ConnectionPool(size: max(1, connections), logger: logger) { id, logger in
            let c: PostgresConnection
            do {
                c = try PostgresConnection.connect(on: PostgresCorpusStore.loops.next(), configuration: configuration, id: id, logger: logger).wait()
            } catch {
                throw StoreError.damaged(path: shown, reason: "cannot connect to the PostgreSQL server: \(PostgresCorpusStore.describe(error))")
            }
            do {
                try PostgresCorpusStore.createStagingTables(c, logger: logger)
            } catch {
                try? c.close().wait()
                throw StoreError.damaged(path: shown, reason: PostgresCorpusStore.describe(error))
            }
            return c
        }
        try migrate(create: create)
    }

    /// The same database and connections, seeing only organisation `org`'s documents.
    init(sharing other: PostgresCorpusStore, org: String) {
        path = other.path
        self.org = org
        logger = other.logger
        pool = other.pool
    }

    /// This store scoped to one organisation (a server answering a token of `org`): it shares the
    /// connections; every read it makes carries `org = $org`.
    public func scoped(to org: String) throws -> any CorpusArchive {
        if let own = self.org, own != org {
            throw StoreError.notAStore(path: path, reason: "this store is opened for organisation \(own); it cannot be scoped to \(org)")
        }
        return PostgresCorpusStore(sharing: self, org: org)
    }

    /// Connections open now (tests).
    public var openConnections: Int { pool.openCount }

    /// Creates an empty database `name` on the server of `serverURL` (tests and benchmarks give
    /// each run its own); returns its URL.
    public static func createDatabase(_ name: String, serverURL: String) throws -> String {
        guard name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }) else {
            throw StoreError.notAStore(path: name, reason: "a database name of letters, digits and _ only")
        }
        let address = try parse(serverURL)
        let logger = Logger(label: "wenshu-store-postgres")
        do {
            let c = try PostgresConnection.connect(on: loops.next(), configuration: address.configuration, id: 1, logger: logger).wait()
            defer { try? c.close().wait() }
            let f: EventLoopFuture<PostgresQueryResult> = c.query(PostgresQuery(unsafeSQL: "CREATE DATABASE \(name)"), logger: logger)
            _ = try f.wait()
        } catch { throw StoreError.damaged(path: address.shown, reason: describe(error)) }
        guard var c = URLComponents(string: serverURL) else { return serverURL }
        c.path = "/" + name
        return c.string ?? serverURL
    }

    // MARK: Queries

    static func describe(_ error: Error) -> String {
        if let e = error as? PSQLError {
            if let m = e.serverInfo?[.message] { return m }
            return String(describing: e.code)
        }
        return "\(error)"
    }

    func wrap(_ error: Error) -> Error {
        if error is StoreError { return error }
        return StoreError.damaged(path: path, reason: Self.describe(error))
    }

    static func query(_ sql: String, _ binds: [any PostgresThrowingDynamicTypeEncodable]) throws -> PostgresQuery {
        var b = PostgresBindings(capacity: binds.count)
        for v in binds { try b.append(v) }
        return PostgresQuery(unsafeSQL: sql, binds: b)
    }

    /// Runs one statement on a connection of the pool.
    func rows(_ sql: String, _ binds: [any PostgresThrowingDynamicTypeEncodable] = []) throws -> [PostgresRandomAccessRow] {
        do {
            let q = try Self.query(sql, binds)
            let logger = self.logger
            return try pool.with { connection in
                let f: EventLoopFuture<PostgresQueryResult> = connection.query(q, logger: logger)
                return try f.wait().rows.map { $0.makeRandomAccess() }
            }
        } catch { throw wrap(error) }
    }

    func int(_ sql: String, _ binds: [any PostgresThrowingDynamicTypeEncodable] = []) throws -> Int {
        guard let r = try rows(sql, binds).first else { return 0 }
        return try r[0].decode(Int?.self) ?? 0
    }

    /// `AND d.org = $n` when scoped (with the bind appended), else "".
    func scope(_ alias: String, _ binds: inout [any PostgresThrowingDynamicTypeEncodable]) -> String {
        guard let org else { return "" }
        binds.append(org)
        return " AND \(alias)org = $\(binds.count)"
    }

    /// Runs `body` in one transaction on the connection; rolled back if it throws.
    func transaction<T: Sendable>(_ body: @escaping @Sendable (PostgresConnection) async throws -> T) throws -> T {
        var attempt = 0
        while true {
            do { return try transactionOnce(body) } catch {
                // Two imports that touch the same rows in different orders: PostgreSQL ends one
                // of them; its transaction rolled back whole, it is run again.
                attempt += 1
                guard attempt < 6, Self.isRetryable(error) else { throw wrap(error) }
                Thread.sleep(forTimeInterval: 0.05 * Double(attempt))
            }
        }
    }

    static func isRetryable(_ error: Error) -> Bool {
        guard let e = error as? PSQLError, let state = e.serverInfo?[.sqlState] else { return false }
        return state == "40P01" || state == "40001"
    }

    func transactionOnce<T: Sendable>(_ body: @escaping @Sendable (PostgresConnection) async throws -> T) throws -> T {
        try pool.with { connection in try Self.transaction(on: connection, logger: logger, body) }
    }

    /// Runs `body` in one transaction on `connection`, waiting for it (never on an event loop).
    static func transaction<T: Sendable>(on connection: PostgresConnection, logger: Logger,
                                         _ body: @escaping @Sendable (PostgresConnection) async throws -> T) throws -> T {
        let box = ResultBox<T>()
        let done = DispatchSemaphore(value: 0)
        Task.detached {
            do {
                _ = try await connection.query("BEGIN", logger: logger)
                do {
                    let value = try await body(connection)
                    _ = try await connection.query("COMMIT", logger: logger)
                    box.result = .success(value)
                } catch {
                    _ = try? await connection.query("ROLLBACK", logger: logger)
                    throw error
                }
            } catch {
                box.result = .failure(error)
            }
            done.signal()
        }
        done.wait()
        return try box.result!.get()
    }

    final class ResultBox<T>: @unchecked Sendable { var result: Result<T, Error>? }

    // MARK: Schema

    /// The migrations, in order; each is applied once, in one transaction.
    static let migrations: [(id: String, sql: String)] = [
        ("v1", """
        CREATE TABLE documents (
          id BIGSERIAL PRIMARY KEY,
          content_hash TEXT NOT NULL,
          source_path TEXT NOT NULL,
          file_hash TEXT NOT NULL,
          part BIGINT NOT NULL,
          title TEXT,
          kind TEXT NOT NULL CHECK (kind IN ('template', 'report', 'draft')),
          genre TEXT NOT NULL,
          year BIGINT,
          org TEXT NOT NULL DEFAULT '',
          added_at TEXT NOT NULL,
          text TEXT NOT NULL,
          text_start BIGINT NOT NULL,
          characters BIGINT NOT NULL,
          fingerprint_count BIGINT NOT NULL,
          UNIQUE (org, content_hash)
        );
        CREATE INDEX documents_source ON documents(source_path);
        CREATE INDEX documents_file_hash ON documents(file_hash);
        CREATE INDEX documents_year ON documents(year);
        CREATE TABLE sections (
          document_id BIGINT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
          ordinal BIGINT NOT NULL,
          level BIGINT NOT NULL,
          marker TEXT NOT NULL,
          title TEXT NOT NULL,
          start BIGINT NOT NULL,
          "end" BIGINT NOT NULL,
          PRIMARY KEY (document_id, ordinal)
        );
        CREATE TABLE fingerprints (
          hash BIGINT NOT NULL,
          document_id BIGINT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
          position INTEGER NOT NULL,
          PRIMARY KEY (hash, document_id, position)
        ) PARTITION BY HASH (hash);
        \((0..<fingerprintPartitions).map { "CREATE TABLE fingerprints_p\($0) PARTITION OF fingerprints FOR VALUES WITH (MODULUS \(fingerprintPartitions), REMAINDER \($0));" }.joined(separator: "\n"))
        CREATE INDEX fingerprints_document ON fingerprints(document_id);
        CREATE TABLE fingerprint_df (
          org TEXT NOT NULL,
          hash BIGINT NOT NULL,
          df BIGINT NOT NULL,
          PRIMARY KEY (hash, org)
        );
        CREATE TABLE terms (
          id BIGSERIAL PRIMARY KEY,
          term TEXT NOT NULL UNIQUE
        );
        CREATE TABLE term_counts (
          document_id BIGINT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
          term_id BIGINT NOT NULL REFERENCES terms(id),
          count BIGINT NOT NULL,
          PRIMARY KEY (document_id, term_id)
        );
        CREATE INDEX term_counts_term ON term_counts(term_id);
        """),
    ]

    /// 'WSHN', the advisory lock under which the schema is checked and migrated.
    static let schemaLock: Int64 = 0x5753_484E

    func migrate(create: Bool) throws {
        let known = Self.migrations.map(\.id)
        let path = self.path
        try transaction { c in
            _ = try await c.query("SELECT pg_advisory_xact_lock(\(Self.schemaLock))", logger: self.logger)
            let hasTable = try await c.query("SELECT to_regclass('wenshu_migrations') IS NOT NULL", logger: self.logger)
                .collect().first?.decode(Bool.self) ?? false
            var applied: [String] = []
            if hasTable {
                applied = try await c.query("SELECT id FROM wenshu_migrations ORDER BY id", logger: self.logger).collect().map { try $0.decode(String.self) }
            } else {
                let others = try await c.query("SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename LIMIT 5", logger: self.logger)
                    .collect().map { try $0.decode(String.self) }
                if !others.isEmpty {
                    throw StoreError.notAStore(path: path, reason: "the database has other tables (\(others.joined(separator: ", "))) and no wenshu_migrations")
                }
                guard create else { throw StoreError.missing(path: path) }
                _ = try await c.query("CREATE TABLE wenshu_migrations (id TEXT PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())", logger: self.logger)
            }
            if applied.contains(where: { !known.contains($0) }) { throw StoreError.newerSchema(path: path, migrations: applied) }
            for m in Self.migrations where !applied.contains(m.id) {
                // One statement per query (the extended protocol takes no lists); none holds a ';'.
                for statement in m.sql.split(separator: ";").map({ $0.trimmingCharacters(in: .whitespacesAndNewlines) }) where !statement.isEmpty {
                    _ = try await c.query(PostgresQuery(unsafeSQL: statement), logger: self.logger)
                }
                _ = try await c.query("INSERT INTO wenshu_migrations (id) VALUES (\(m.id))", logger: self.logger)
            }
        }
    }

    /// The staging tables of one connection's session, emptied at each commit.
    static func createStagingTables(_ c: PostgresConnection, logger: Logger) throws {
        func run(_ sql: String) throws {
            let f: EventLoopFuture<PostgresQueryResult> = c.query(PostgresQuery(unsafeSQL: sql), logger: logger)
            _ = try f.wait()
        }
        // Staging tables of this session: emptied at each commit.
        try run("""
            CREATE TEMP TABLE IF NOT EXISTS stage_documents (seq BIGINT, content_hash TEXT, source_path TEXT, file_hash TEXT, part BIGINT, title TEXT,
              genre TEXT, year BIGINT, text TEXT, text_start BIGINT, characters BIGINT, fingerprint_count BIGINT) ON COMMIT DELETE ROWS
            """)
        try run("CREATE TEMP TABLE IF NOT EXISTS stage_fingerprints (seq BIGINT, hash BIGINT, position INTEGER) ON COMMIT DELETE ROWS")
        try run("CREATE TEMP TABLE IF NOT EXISTS stage_sections (seq BIGINT, ordinal BIGINT, level BIGINT, marker TEXT, title TEXT, start BIGINT, \"end\" BIGINT) ON COMMIT DELETE ROWS")
        try run("CREATE TEMP TABLE IF NOT EXISTS stage_terms (seq BIGINT, term TEXT, count BIGINT) ON COMMIT DELETE ROWS")
        try run("CREATE TEMP TABLE IF NOT EXISTS stage_ids (seq BIGINT PRIMARY KEY, id BIGINT) ON COMMIT DELETE ROWS")
    }

    // MARK: Import

    public func isStored(sourcePath: String, fileHash: String) throws -> Bool {
        var binds: [any PostgresThrowingDynamicTypeEncodable] = [sourcePath]
        let s = scope("", &binds)
        let hashes = try rows("SELECT DISTINCT file_hash FROM documents WHERE source_path = $1\(s)", binds).map { try $0[0].decode(String.self) }
        return hashes == [fileHash]
    }

    /// COPY text format: backslash, tab, newline and carriage return escaped; nil is \N.
    static func field(_ s: String?) -> String {
        guard let s else { return "\\N" }
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for ch in s.unicodeScalars {
            switch ch {
            case "\\": out += "\\\\"
            case "\t": out += "\\t"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            default: out.unicodeScalars.append(ch)
            }
        }
        return out
    }

    static func copy(_ c: PostgresConnection, table: String, columns: [String], lines: [String], logger: Logger) async throws {
        guard !lines.isEmpty else { return }
        try await c.copyFrom(table: table, columns: columns, logger: logger) { writer in
            var buffer = ByteBuffer()
            for line in lines {
                buffer.writeString(line)
                buffer.writeString("\n")
                if buffer.readableBytes > 1 << 20 {
                    try await writer.write(buffer)
                    buffer = ByteBuffer()
                }
            }
            if buffer.readableBytes > 0 { try await writer.write(buffer) }
        }
    }

    /// Removes documents (by id) keeping `fingerprint_df` in step; returns how many.
    static func removeDocuments(_ c: PostgresConnection, where condition: String, _ binds: PostgresBindings, logger: Logger) async throws -> Int {
        _ = try await c.query(PostgresQuery(unsafeSQL: """
            UPDATE fingerprint_df f SET df = f.df - x.n FROM (
              SELECT d.org, p.hash, COUNT(DISTINCT p.document_id) AS n FROM fingerprints p JOIN documents d ON d.id = p.document_id
              WHERE \(condition) GROUP BY d.org, p.hash) x
            WHERE f.org = x.org AND f.hash = x.hash
            """, binds: binds), logger: logger)
        let deleted = try await c.query(PostgresQuery(unsafeSQL: "WITH gone AS (DELETE FROM documents d WHERE \(condition) RETURNING 1) SELECT COUNT(*) FROM gone", binds: binds), logger: logger)
            .collect().first?.decode(Int.self) ?? 0
        _ = try await c.query("DELETE FROM fingerprint_df WHERE df <= 0", logger: logger)
        return deleted
    }

    @discardableResult
    public func add(files: [PreparedFile], kind: ArchiveKind, org: String?) throws -> CorpusStore.AddResult {
        if files.isEmpty { return CorpusStore.AddResult() }
        if let scoped = self.org, org != scoped {
            throw StoreError.notAStore(path: path, reason: "this store is opened for organisation \(scoped); it cannot add documents of \(org ?? "no organisation")")
        }
        let now = ISO8601DateFormatter().string(from: Date())
        let orgKey = org ?? ""
        let logger = self.logger
        return try transaction { c in
            var result = CorpusStore.AddResult()
            var docLines: [String] = [], printLines: [String] = [], sectionLines: [String] = [], termLines: [String] = []
            var seq = 0
            var staged = 0
            for file in files {
                var b = PostgresBindings(); b.append(file.sourcePath); b.append(orgKey)
                let old = try await c.query(PostgresQuery(unsafeSQL: "SELECT DISTINCT file_hash FROM documents WHERE source_path = $1 AND org = $2", binds: b), logger: logger)
                    .collect().map { try $0.decode(String.self) }
                if old == [file.fileHash] { result.unchangedFiles += 1; continue }
                if !old.isEmpty {
                    result.replaced += try await Self.removeDocuments(c, where: "d.source_path = $1 AND d.org = $2", b, logger: logger)
                }
                for d in file.documents {
                    seq += 1
                    staged += 1
                    docLines.append([String(seq), Self.field(d.contentHash), Self.field(file.sourcePath), Self.field(file.fileHash), String(d.part),
                                     Self.field(d.title), Self.field(d.genre), d.year.map(String.init) ?? "\\N", Self.field(d.text), String(d.textStart),
                                     String(d.characters), String(d.fingerprints.count)].joined(separator: "\t"))
                    for (h, p) in d.fingerprints { printLines.append("\(seq)\t\(Int64(bitPattern: h))\t\(p)") }
                    for (i, s) in d.sections.enumerated() {
                        sectionLines.append("\(seq)\t\(i)\t\(s.level)\t\(Self.field(s.marker))\t\(Self.field(s.title))\t\(s.start)\t\(s.end)")
                    }
                    for (term, count) in d.termCounts.sorted(by: { $0.key < $1.key }) { termLines.append("\(seq)\t\(Self.field(term))\t\(count)") }
                }
            }
            if staged == 0 { return result }
            try await Self.copy(c, table: "stage_documents", columns: ["seq", "content_hash", "source_path", "file_hash", "part", "title", "genre", "year", "text", "text_start", "characters", "fingerprint_count"], lines: docLines, logger: logger)
            try await Self.copy(c, table: "stage_fingerprints", columns: ["seq", "hash", "position"], lines: printLines, logger: logger)
            try await Self.copy(c, table: "stage_sections", columns: ["seq", "ordinal", "level", "marker", "title", "start", "end"], lines: sectionLines, logger: logger)
            try await Self.copy(c, table: "stage_terms", columns: ["seq", "term", "count"], lines: termLines, logger: logger)
            // Merge: the first of each content (in file order) not stored yet; ids in file order.
            var b = PostgresBindings(); b.append(kind.rawValue); b.append(orgKey); b.append(now)
            let added = try await c.query(PostgresQuery(unsafeSQL: """
                WITH fresh AS (
                  SELECT DISTINCT ON (s.content_hash) s.* FROM stage_documents s
                  WHERE NOT EXISTS (SELECT 1 FROM documents d WHERE d.org = $2 AND d.content_hash = s.content_hash)
                  ORDER BY s.content_hash, s.seq),
                ins AS (
                  INSERT INTO documents (content_hash, source_path, file_hash, part, title, kind, genre, year, org, added_at, text, text_start, characters, fingerprint_count)
                  SELECT content_hash, source_path, file_hash, part, title, $1, genre, year, $2, $3, text, text_start, characters, fingerprint_count
                  FROM fresh ORDER BY seq
                  ON CONFLICT (org, content_hash) DO NOTHING
                  RETURNING id, content_hash)
                INSERT INTO stage_ids (seq, id)
                SELECT f.seq, ins.id FROM ins JOIN fresh f ON f.content_hash = ins.content_hash
                """, binds: b), logger: logger)
            _ = added
            let n = try await c.query("SELECT COUNT(*) FROM stage_ids", logger: logger).collect().first?.decode(Int.self) ?? 0
            result.added = n
            result.duplicates = staged - n
            if n == 0 { return result }
            _ = try await c.query("""
                INSERT INTO fingerprints (hash, document_id, position)
                SELECT f.hash, i.id, f.position FROM stage_fingerprints f JOIN stage_ids i ON i.seq = f.seq
                ORDER BY 1, 2, 3 ON CONFLICT DO NOTHING
                """, logger: logger)
            var o = PostgresBindings(); o.append(orgKey)
            _ = try await c.query(PostgresQuery(unsafeSQL: """
                INSERT INTO fingerprint_df (org, hash, df)
                SELECT $1, f.hash, COUNT(DISTINCT i.id) FROM stage_fingerprints f JOIN stage_ids i ON i.seq = f.seq
                GROUP BY f.hash ORDER BY f.hash
                ON CONFLICT (hash, org) DO UPDATE SET df = fingerprint_df.df + excluded.df
                """, binds: o), logger: logger)
            _ = try await c.query("""
                INSERT INTO sections (document_id, ordinal, level, marker, title, start, "end")
                SELECT i.id, s.ordinal, s.level, s.marker, s.title, s.start, s."end" FROM stage_sections s JOIN stage_ids i ON i.seq = s.seq
                """, logger: logger)
            _ = try await c.query("""
                INSERT INTO terms (term) SELECT DISTINCT t.term FROM stage_terms t JOIN stage_ids i ON i.seq = t.seq
                WHERE NOT EXISTS (SELECT 1 FROM terms x WHERE x.term = t.term) ORDER BY t.term ON CONFLICT (term) DO NOTHING
                """, logger: logger)
            _ = try await c.query("""
                INSERT INTO term_counts (document_id, term_id, count)
                SELECT i.id, x.id, t.count FROM stage_terms t JOIN stage_ids i ON i.seq = t.seq JOIN terms x ON x.term = t.term
                """, logger: logger)
            return result
        }
    }

    // MARK: Reading

    static let columns = "d.id, d.content_hash, d.source_path, d.part, d.title, d.kind, d.genre, d.year, d.org, d.added_at, d.characters, d.fingerprint_count"

    static func document(_ r: PostgresRandomAccessRow) throws -> StoredDocument {
        let org = try r[8].decode(String.self)
        return StoredDocument(id: try r[0].decode(Int64.self), contentHash: try r[1].decode(String.self), sourcePath: try r[2].decode(String.self),
                              part: try r[3].decode(Int.self), title: try r[4].decode(String?.self),
                              kind: ArchiveKind(rawValue: try r[5].decode(String.self)) ?? .report, genre: try r[6].decode(String.self),
                              year: try r[7].decode(Int?.self), org: org.isEmpty ? nil : org, addedAt: try r[9].decode(String.self),
                              characters: try r[10].decode(Int.self), fingerprints: try r[11].decode(Int.self))
    }

    public func list(kind: ArchiveKind? = nil, year: Int? = nil) throws -> [StoredDocument] {
        var binds: [any PostgresThrowingDynamicTypeEncodable] = []
        var sql = "SELECT \(Self.columns) FROM documents d WHERE TRUE"
        if let kind { binds.append(kind.rawValue); sql += " AND d.kind = $\(binds.count)" }
        if let year { binds.append(year); sql += " AND d.year = $\(binds.count)" }
        sql += scope("d.", &binds) + " ORDER BY d.id"
        do { return try rows(sql, binds).map(Self.document) } catch { throw wrap(error) }
    }

    public func document(id: Int64, topTerms: Int = 10) throws -> CorpusStore.FullDocument {
        var binds: [any PostgresThrowingDynamicTypeEncodable] = [id]
        let s = scope("d.", &binds)
        guard let r = try rows("SELECT \(Self.columns), d.text, d.text_start FROM documents d WHERE d.id = $1\(s)", binds).first else {
            throw StoreError.noSuchDocument(path: path, id: id)
        }
        do {
            let sections = try rows("SELECT level, marker, title, start, \"end\" FROM sections WHERE document_id = $1 ORDER BY ordinal", [id]).map {
                StoredSection(level: try $0[0].decode(Int.self), marker: try $0[1].decode(String.self), title: try $0[2].decode(String.self),
                              start: try $0[3].decode(Int.self), end: try $0[4].decode(Int.self))
            }
            // Ties in count are broken by the term's code points, as SQLite's BINARY collation does.
            let terms = try rows("""
                SELECT t.term, c.count FROM term_counts c JOIN terms t ON t.id = c.term_id
                WHERE c.document_id = $1 ORDER BY c.count DESC, t.term COLLATE "C" LIMIT $2
                """, [id, topTerms]).map { (term: try $0[0].decode(String.self), count: try $0[1].decode(Int.self)) }
            return CorpusStore.FullDocument(document: try Self.document(r), text: try r[12].decode(String.self), textStart: try r[13].decode(Int.self),
                                            sections: sections, topTerms: terms)
        } catch { throw wrap(error) }
    }

    public func remove(id: Int64) throws {
        let org = self.org
        let logger = self.logger
        let path = self.path
        try transaction { c in
            var b = PostgresBindings(); b.append(id)
            var condition = "d.id = $1"
            if let org { b.append(org); condition += " AND d.org = $2" }
            let n = try await Self.removeDocuments(c, where: condition, b, logger: logger)
            if n == 0 { throw StoreError.noSuchDocument(path: path, id: id) }
        }
    }

    public func stats() throws -> CorpusStore.Stats {
        var binds: [any PostgresThrowingDynamicTypeEncodable] = []
        let s = scope("", &binds)
        do {
            let n = try int("SELECT COUNT(*) FROM documents WHERE TRUE\(s)", binds)
            var byKind: [String: Int] = [:]
            for r in try rows("SELECT kind, COUNT(*) FROM documents WHERE TRUE\(s) GROUP BY kind", binds) { byKind[try r[0].decode(String.self)] = try r[1].decode(Int.self) }
            var byYear: [String: Int] = [:]
            for r in try rows("SELECT year, COUNT(*) FROM documents WHERE TRUE\(s) GROUP BY year", binds) {
                byYear[try r[0].decode(Int?.self).map(String.init) ?? "unknown"] = try r[1].decode(Int.self)
            }
            return CorpusStore.Stats(documents: n, byKind: byKind, byYear: byYear)
        } catch { throw wrap(error) }
    }

    /// ["ok"] when the schema is the current one and the server answers.
    public func integrityCheck() throws -> [String] {
        let applied = try rows("SELECT id FROM wenshu_migrations ORDER BY id").map { try $0[0].decode(String.self) }
        return applied == Self.migrations.map(\.id) ? ["ok"] : ["schema migrations \(applied.joined(separator: ", "))"]
    }

    public func consistencyProblems() throws -> [String] {
        var problems: [String] = []
        let orphanPrints = try int("SELECT COUNT(*) FROM fingerprints WHERE document_id NOT IN (SELECT id FROM documents)")
        if orphanPrints > 0 { problems.append("\(orphanPrints) fingerprints of no document") }
        let orphanSections = try int("SELECT COUNT(*) FROM sections WHERE document_id NOT IN (SELECT id FROM documents)")
        if orphanSections > 0 { problems.append("\(orphanSections) sections of no document") }
        let orphanTerms = try int("SELECT COUNT(*) FROM term_counts WHERE document_id NOT IN (SELECT id FROM documents)")
        if orphanTerms > 0 { problems.append("\(orphanTerms) term counts of no document") }
        let mismatched = try int("SELECT COUNT(*) FROM documents d WHERE d.fingerprint_count > 0 AND NOT EXISTS (SELECT 1 FROM fingerprints f WHERE f.document_id = d.id)")
        if mismatched > 0 { problems.append("\(mismatched) documents without their fingerprints") }
        let fileParts = try int("SELECT COUNT(*) FROM (SELECT source_path FROM documents GROUP BY org, source_path HAVING COUNT(DISTINCT file_hash) > 1) x")
        if fileParts > 0 { problems.append("\(fileParts) files stored in two versions") }
        let dfWrong = try int("""
            SELECT COUNT(*) FROM (SELECT d.org, f.hash, COUNT(DISTINCT f.document_id) AS n FROM fingerprints f JOIN documents d ON d.id = f.document_id GROUP BY d.org, f.hash) x
            FULL JOIN fingerprint_df g ON g.org = x.org AND g.hash = x.hash WHERE x.n IS DISTINCT FROM g.df
            """)
        if dfWrong > 0 { problems.append("\(dfWrong) fingerprint document frequencies out of step") }
        return problems
    }

    public func termDocumentFrequencies() throws -> (frequencies: [String: Int], documents: Int) {
        var binds: [any PostgresThrowingDynamicTypeEncodable] = []
        let s = scope("d.", &binds)
        var df: [String: Int] = [:]
        let join = org == nil ? "" : " JOIN documents d ON d.id = c.document_id WHERE TRUE\(s)"
        do {
            for r in try rows("SELECT t.term, COUNT(*) FROM term_counts c JOIN terms t ON t.id = c.term_id\(join) GROUP BY t.term", binds) {
                df[try r[0].decode(String.self)] = try r[1].decode(Int.self)
            }
        } catch { throw wrap(error) }
        let n = try int("SELECT COUNT(*) FROM documents d WHERE d.id IN (SELECT DISTINCT document_id FROM term_counts)\(s)", binds)
        return (df, n)
    }

    /// The database's size on disk.
    public func fileSize() -> Int64 {
        (try? rows("SELECT pg_database_size(current_database())::bigint").first?[0].decode(Int64.self)) ?? 0
    }

    /// Refreshes the planner's statistics after a bulk import (nothing to fold, unlike SQLite's WAL).
    public func checkpoint() throws { _ = try rows("ANALYZE") }

    // MARK: Copy detection

    public func candidates(for paragraphs: [Paragraph], swaps: SwapUndoer?, draftYear: Int? = nil,
                           limit: Int = 24, fingerprinter: Fingerprinter = Fingerprinter()) throws -> CandidateLibrary {
        let picker = CandidatePicker(paragraphs: paragraphs, swaps: swaps, fingerprinter: fingerprinter)
        var scopeBinds: [any PostgresThrowingDynamicTypeEncodable] = []
        let s = scope("d.", &scopeBinds)
        let total = try int("SELECT COUNT(*) FROM documents d WHERE TRUE\(s)", scopeBinds)
        do {
            return try picker.pick(total: total, limit: limit, draftYear: draftYear, postings: { hashes, maxDF in
                // One round trip: each hash's maintained frequency (one index probe), and the
                // postings of the rare ones only. The postings are read per hash in a lateral
                // join, so each probe is pruned to the one partition holding that hash (with
                // `hash = ANY($1)` every hash would be looked up in all partitions).
                var binds: [any PostgresThrowingDynamicTypeEncodable] = [hashes, maxDF]
                let dfScope = org == nil ? "" : " AND org = $3"
                let docScope = org == nil ? "" : " JOIN documents d ON d.id = f.document_id AND d.org = $3"
                if let org { binds.append(org) }
                var out: [Int64: [Int64]] = [:]
                for r in try rows("""
                    SELECT g.hash, g.df, p.document_id FROM
                      (SELECT hash, SUM(df)::bigint AS df FROM fingerprint_df WHERE hash = ANY($1)\(dfScope) GROUP BY hash) g
                    LEFT JOIN LATERAL (
                      SELECT DISTINCT f.document_id FROM fingerprints f\(docScope) WHERE f.hash = g.hash AND g.df <= $2) p ON TRUE
                    """, binds) {
                    let hash = try r[0].decode(Int64.self), df = try r[1].decode(Int.self)
                    if df > maxDF {
                        out[hash] = [Int64](repeating: -1, count: maxDF + 1)
                    } else if let doc = try r[2].decode(Int64?.self) {
                        out[hash, default: []].append(doc)
                    }
                }
                return out
            }, later: { ids, year in
                Set(try rows("SELECT id FROM documents WHERE id = ANY($1) AND year > $2 AND kind != 'template'", [ids, year]).map { try $0[0].decode(Int64.self) })
            }, texts: { ids in
                var binds: [any PostgresThrowingDynamicTypeEncodable] = [ids]
                let ts = scope("d.", &binds)
                var out: [Int64: CandidatePicker.StoredText] = [:]
                for r in try rows("SELECT d.id, d.source_path, d.title, d.text, d.text_start FROM documents d WHERE d.id = ANY($1)\(ts)", binds) {
                    out[try r[0].decode(Int64.self)] = CandidatePicker.StoredText(sourcePath: try r[1].decode(String.self), title: try r[2].decode(String?.self),
                                                                                  text: try r[3].decode(String.self), textStart: try r[4].decode(Int.self))
                }
                return out
            })
        } catch { throw wrap(error) }
    }

    // MARK: Topics

    public func topicYears(reader: TopicReader, kinds: [ArchiveKind] = [.report], excludingFiles: Set<String> = [],
                           excludingFileHashes: Set<String> = []) throws -> (years: [TopicDocument], undated: Int) {
        guard !kinds.isEmpty else { return ([], 0) }
        var binds: [any PostgresThrowingDynamicTypeEncodable] = [kinds.map(\.rawValue), Array(excludingFiles), Array(excludingFileHashes)]
        let s = scope("d.", &binds)
        let filter = "d.kind = ANY($1) AND NOT d.source_path = ANY($2) AND NOT d.file_hash = ANY($3)\(s)"
        do {
            var ub: [any PostgresThrowingDynamicTypeEncodable] = [kinds.map(\.rawValue)]
            let us = scope("d.", &ub)
            let undated = try int("SELECT COUNT(*) FROM documents d WHERE d.year IS NULL AND d.kind = ANY($1)\(us)", ub)
            var acc = TopicYearAccumulator(reader: reader, file: path)
            for r in try rows("""
                SELECT d.year, t.term, SUM(c.count)::bigint FROM term_counts c
                JOIN documents d ON d.id = c.document_id JOIN terms t ON t.id = c.term_id
                WHERE d.year IS NOT NULL AND \(filter) GROUP BY d.year, t.term
                """, binds) {
                acc.addTermSum(year: try r[0].decode(Int.self), term: try r[1].decode(String.self), count: try r[2].decode(Int.self))
            }
            for r in try rows("""
                SELECT d.year, d.text, EXISTS (SELECT 1 FROM term_counts c WHERE c.document_id = d.id) FROM documents d
                WHERE d.year IS NOT NULL AND \(filter) ORDER BY d.id
                """, binds) {
                try acc.addText(year: try r[0].decode(Int.self), text: try r[1].decode(String.self), hasTermCounts: try r[2].decode(Bool.self))
            }
            return (acc.years(), undated)
        } catch { throw wrap(error) }
    }
}
