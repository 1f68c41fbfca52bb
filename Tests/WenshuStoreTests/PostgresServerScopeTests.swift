import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import WenshuAnalysis
import WenshuServer
import WenshuStore
import WenshuText
import XCTest

/// `wenshu serve` on a PostgreSQL store holding two organisations' documents: a server for one
/// organisation (`--org`) and a server whose tokens map requests to organisations (`--tokens`)
/// never find, quote or name the other organisation's documents.
final class PostgresServerScopeTests: XCTestCase {
    static let statistics = StoreFixtures.root.appendingPathComponent("Corpus/genres/工作总结-1.txt")
    static let tokenA = "renda-0123456789abcdef"
    static let tokenB = "zhengxie-fedcba9876543210"

    /// 人大 stores the seed page, 政协 the statistics bureau's summary; each draft copies one of them.
    struct Fixture {
        let url: String
        let draftA: String  // copied from 人大's seed document 4, 罗定 renamed 云安
        let draftB: String  // copied from 政协's summary, 县统计局 renamed 市统计局
    }

    static func fixture() throws -> Fixture {
        let pg = try PostgresTestServer.freshURL()
        let indexer = try CorpusIndexer(dictionaries: StoreFixtures.dictionaries, countTerms: false)
        let store = try PostgresCorpusStore(url: pg)
        for (file, org) in [(StoreFixtures.seed, "人大"), (statistics, "政协")] {
            let source = try InputReader.read(file)
            try store.add(indexer.prepare(source), sourcePath: source.file, fileHash: CorpusIndexer.fileHash(source), kind: .template, org: org)
        }
        let b = try String(contentsOf: statistics, encoding: .utf8).replacingOccurrences(of: "县统计局", with: "市统计局")
        return Fixture(url: pg, draftA: try StoreFixtures.draftText(), draftB: b)
    }

    static var quietLogger: Logger {
        var logger = Logger(label: "wenshu-serve-tests")
        logger.logLevel = .error
        return logger
    }

    static func check(_ client: some TestClientProtocol, _ text: String, token: String? = nil) async throws -> (status: HTTPResponse.Status, body: String) {
        var headers: HTTPFields = [.contentType: "text/plain; charset=utf-8"]
        if let token { headers[.authorization] = "Bearer \(token)" }
        let r = try await client.execute(uri: "/api/check", method: .post, headers: headers, body: ByteBuffer(string: text))
        return (r.status, String(buffer: r.body))
    }

    /// What of 人大's documents a response may show: the seed's file name, its place name.
    static let traceA = ["zhengxie-zongjie-5pian", "罗定"]
    /// What of 政协's: the summary's file name, the county bureau's name.
    static let traceB = ["工作总结-1", "县统计局"]

    static func assertShows(_ body: String, _ traces: [String], file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertTrue(body.contains("\"copied-text\""), "the organisation's own document is found", file: file, line: line)
        XCTAssertTrue(body.contains(traces[0]), "the finding names its stored source", file: file, line: line)
    }

    static func assertHides(_ body: String, _ traces: [String], file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertFalse(body.contains("\"copied-text\""), "another organisation's document is never matched", file: file, line: line)
        for t in traces { XCTAssertFalse(body.contains(t), "the response shows \(t) of another organisation", file: file, line: line) }
    }

    func testAServerForOneOrganisationNeverShowsAnotherOrganisationsText() async throws {
        let f = try Self.fixture()
        // As `wenshu serve --store URL --org 政协`.
        let store = try CorpusArchives.open(f.url, org: "政协")
        let service = try CheckService(dictionaries: StoreFixtures.dictionaries, store: store)
        let app = WenshuServer.application(service: service, host: "127.0.0.1", port: 0, logger: Self.quietLogger)
        try await app.test(.live) { client in
            let own = try await Self.check(client, f.draftB)
            XCTAssertEqual(own.status, .ok)
            Self.assertShows(own.body, Self.traceB)
            let other = try await Self.check(client, f.draftA)
            XCTAssertEqual(other.status, .ok)
            Self.assertHides(other.body, Self.traceA)
        }
    }

    func testTokensMapEachRequestToItsOrganisation() async throws {
        let f = try Self.fixture()
        let tokens = try AccessTokens.parse("# token organisation\n\(Self.tokenA) 人大\n\n\(Self.tokenB)\t政协\n", file: "tokens.txt")
        XCTAssertEqual(tokens.orgs, [Self.tokenA: "人大", Self.tokenB: "政协"])
        // As `wenshu serve --store URL --tokens FILE`: one unscoped store, scoped per token.
        let store = try CorpusArchives.open(f.url)
        let service = try CheckService(dictionaries: StoreFixtures.dictionaries, store: store)
        let scoped = try ScopedServices(service: service, tokens: tokens)
        let app = WenshuServer.application(service: service, host: "127.0.0.1", port: 0, scoped: scoped, logger: Self.quietLogger)
        try await app.test(.live) { client in
            // 人大's token: its own copy is found; 政协's summary is not there.
            let aa = try await Self.check(client, f.draftA, token: Self.tokenA)
            XCTAssertEqual(aa.status, .ok)
            Self.assertShows(aa.body, Self.traceA)
            let ab = try await Self.check(client, f.draftB, token: Self.tokenA)
            Self.assertHides(ab.body, Self.traceB)
            // 政协's token: the reverse.
            let bb = try await Self.check(client, f.draftB, token: Self.tokenB)
            Self.assertShows(bb.body, Self.traceB)
            let ba = try await Self.check(client, f.draftA, token: Self.tokenB)
            Self.assertHides(ba.body, Self.traceA)
            // Without a token, or with an unknown one, nothing is checked and nothing is shown.
            for token in [nil, "not-a-known-token-at-all", Self.tokenA + "x"] {
                let r = try await Self.check(client, f.draftA, token: token)
                XCTAssertEqual(r.status, .unauthorized, token ?? "no token")
                XCTAssertTrue(r.body.contains("\"code\":\"unauthorized\""), r.body)
                Self.assertHides(r.body, Self.traceA)
            }
            // Requests of both organisations at once each get their own scope.
            let results = try await withThrowingTaskGroup(of: (Int, String).self) { group in
                for i in 0..<6 {
                    group.addTask {
                        let r = try await Self.check(client, f.draftA, token: i % 2 == 0 ? Self.tokenA : Self.tokenB)
                        return (i, r.body)
                    }
                }
                var out: [Int: String] = [:]
                for try await (i, body) in group { out[i] = body }
                return out
            }
            for (i, body) in results {
                if i % 2 == 0 { Self.assertShows(body, Self.traceA) } else { Self.assertHides(body, Self.traceA) }
            }
        }
    }

    func testATokensFileIsCheckedLineByLine() throws {
        XCTAssertThrowsError(try AccessTokens.parse("short 人大\n", file: "t.txt")) { e in
            XCTAssertEqual((e as? AccessTokens.LoadError)?.line, 1)
        }
        XCTAssertThrowsError(try AccessTokens.parse("\(Self.tokenA) 人大 extra\n", file: "t.txt")) { e in
            XCTAssertTrue((e as? LocalizedError)?.errorDescription?.hasPrefix("t.txt:1: expected") == true, "\(e)")
        }
        XCTAssertThrowsError(try AccessTokens.parse("\(Self.tokenA) 人大\n\(Self.tokenA) 政协\n", file: "t.txt")) { e in
            XCTAssertEqual((e as? AccessTokens.LoadError)?.line, 2)
        }
        XCTAssertThrowsError(try AccessTokens.parse("# nothing\n", file: "t.txt"))
        // An SQLite store has no organisations to scope to.
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("wenshu-tokens-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let sqlite = try CorpusStore(path: dir.appendingPathComponent("c.sqlite").path)
        let service = CheckService(analyzer: Analyzer(structures: StructureLibrary(structures: []), rules: []), store: sqlite)
        XCTAssertThrowsError(try ScopedServices(service: service, tokens: AccessTokens(orgs: [Self.tokenA: "人大"])))
    }
}
