import Foundation
import HTTPTypes
import WenshuStore
import WenshuText

/// `wenshu serve --tokens FILE`: which organisation each bearer token speaks for. The file has
/// one `token org` per line (blank lines and lines starting with `#` ignored); a request to
/// `/check` or `/api/check` must then carry `Authorization: Bearer TOKEN`, and its draft is
/// matched against that organisation's documents only (the store scoped to the org, sharing the
/// server's database connections).
public struct AccessTokens: Sendable, Equatable {
    /// token → organisation.
    public let orgs: [String: String]

    /// Tokens shorter than this are refused: a token is a secret, not a name.
    public static let minimumLength = 16

    public init(orgs: [String: String]) {
        self.orgs = orgs
    }

    public struct LoadError: Error, LocalizedError, Equatable {
        public let file: String
        public let line: Int?
        public let reason: String
        public var errorDescription: String? { "\(file)\(line.map { ":\($0)" } ?? ""): \(reason)" }
    }

    public static func load(contentsOf url: URL) throws -> AccessTokens {
        let file = url.path
        let data: Data
        do throws(DataFile.Unreadable) { data = try DataFile.data(of: url) } catch {
            throw LoadError(file: file, line: nil, reason: "cannot read the tokens file (\(error.reason))")
        }
        guard let text = String(data: data, encoding: .utf8) else { throw LoadError(file: file, line: nil, reason: "not UTF-8 text") }
        return try parse(text, file: file)
    }

    public static func parse(_ text: String, file: String) throws -> AccessTokens {
        var orgs: [String: String] = [:]
        for (i, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespacesAndNewlines)
            if line.isEmpty || line.hasPrefix("#") { continue }
            let fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
            guard fields.count == 2 else {
                throw LoadError(file: file, line: i + 1, reason: "expected 'token organisation' (two fields separated by spaces), found \(fields.count) field\(fields.count == 1 ? "" : "s")")
            }
            let (token, org) = (fields[0], fields[1])
            guard token.count >= minimumLength, token.unicodeScalars.allSatisfy({ $0.isASCII && $0.value > 32 && $0.value < 127 }) else {
                throw LoadError(file: file, line: i + 1, reason: "a token is at least \(minimumLength) printable ASCII characters (for example from `openssl rand -hex 24`)")
            }
            guard orgs[token] == nil else { throw LoadError(file: file, line: i + 1, reason: "this token is listed twice") }
            orgs[token] = org
        }
        guard !orgs.isEmpty else { throw LoadError(file: file, line: nil, reason: "no tokens (lines 'token organisation')") }
        return AccessTokens(orgs: orgs)
    }

    /// The organisation of a request's `Authorization: Bearer TOKEN`; a missing or unknown token
    /// is a 401 that does not say which tokens exist.
    func org(of authorization: String?) throws -> String {
        guard let authorization, authorization.lowercased().hasPrefix("bearer ") else {
            throw ServeError(.unauthorized, "unauthorized", "this server needs an organisation's token: send Authorization: Bearer TOKEN")
        }
        let token = authorization.dropFirst("bearer ".count).trimmingCharacters(in: .whitespaces)
        // Every known token is compared in full, so the time taken does not tell how much matched.
        var found: String?
        for (known, org) in orgs where Self.equal(known, token) { found = org }
        guard let found else { throw ServeError(.unauthorized, "unauthorized", "the token is not known to this server") }
        return found
    }

    static func equal(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        var diff = x.count ^ y.count
        for i in 0..<max(x.count, y.count) { diff |= Int((i < x.count ? x[i] : 0) ^ (i < y.count ? y[i] : 0)) }
        return diff == 0
    }
}

/// The services a token-guarded server answers with: one per organisation, each with the store
/// scoped to it. Built at start-up, so a token's request never reaches an unscoped store.
public struct ScopedServices: Sendable {
    let tokens: AccessTokens
    let byOrg: [String: CheckService]

    /// Throws when the service has no store, or one that cannot be scoped (an SQLite file).
    public init(service: CheckService, tokens: AccessTokens) throws {
        guard let store = service.store else {
            throw ServeError(.internalServerError, "no-store", "--tokens maps tokens to organisations of a corpus store; give --store postgres://…")
        }
        var byOrg: [String: CheckService] = [:]
        for org in Set(tokens.orgs.values) {
            byOrg[org] = CheckService(analyzer: service.analyzer, themes: service.themes, themesUnavailable: service.themesUnavailable,
                                      store: try store.scoped(to: org), swaps: service.swaps, encoding: service.encoding)
        }
        self.tokens = tokens
        self.byOrg = byOrg
    }

    /// The service of the request's token (401 without a known one).
    func service(authorization: String?) throws -> CheckService {
        let org = try tokens.org(of: authorization)
        guard let s = byOrg[org] else { throw ServeError(.unauthorized, "unauthorized", "the token is not known to this server") }
        return s
    }
}
