import Foundation
import HTTPTypes
import Hummingbird
import Logging
import WenshuAnalysis
import WenshuText

/// `wenshu serve`: a page to paste or upload a draft and see its HTML report, and a JSON API.
///
/// - `GET /`: the form (paste text or upload a .txt/.docx), which posts to `POST /check`.
/// - `POST /check`: the HTML report of `wenshu check --format html` for the submitted draft,
///   in the language of the form's field `lang` (default: the page language, Chinese unless
///   `wenshu serve --lang` says otherwise).
/// - `POST /api/check`: a UTF-8 `text/plain` body or a `multipart/form-data` upload in field
///   `file`; answers with the JSON of `wenshu check --format json`. `?structure=NAME` (or a
///   form field `structure`) forces a reference structure; `?name=` names pasted text;
///   `?lang=en|zh` (or a form field `lang`) is the messages' language (default: the analyzer's).
/// - `GET /api/health`: `{"status":"ok"}`.
///
/// Errors are `{"code", "error", "status"}` with a 4xx status (an HTML page for `/check`).
public enum WenshuServer {
    public struct Limits: Sendable {
        /// Largest request body, in bytes.
        public var maxUploadBytes: Int
        /// Analyses run at once (each takes a thread); more wait their turn.
        public var concurrentAnalyses: Int
        /// Requests that may wait for an analysis; beyond that the server answers 503.
        public var maxWaiting: Int
        public init(maxUploadBytes: Int = 10 << 20, concurrentAnalyses: Int = max(2, ProcessInfo.processInfo.activeProcessorCount),
                    maxWaiting: Int = 256) {
            self.maxUploadBytes = maxUploadBytes
            self.concurrentAnalyses = concurrentAnalyses
            self.maxWaiting = maxWaiting
        }
    }

    /// The routes, over a service built once and shared by all requests.
    /// - Parameter pageLanguage: the language the form offers first and the report of `/check`
    ///   is in when the form does not say.
    public static func router(service: CheckService, limits: Limits = Limits(), allowedHosts: HostCheck = .loopback,
                              storeNote: String? = nil, pageLanguage: ReportLanguage = .zh) -> Router<BasicRequestContext> {
        let router = Router()
        router.middlewares.add(GuardMiddleware(hosts: allowedHosts))
        let worker = AnalysisWorker(concurrent: limits.concurrentAnalyses, maxWaiting: limits.maxWaiting)
        let reader = UploadReader(encoding: service.encoding)
        let index = Pages.index(structures: service.structureNames, maxUploadBytes: limits.maxUploadBytes, storeNote: storeNote,
                                language: pageLanguage)

        router.get("/") { _, _ in html(index) }
        router.get("/check") { _, _ in
            Response(status: .seeOther, headers: [.location: "/"])
        }
        router.get("/api/health") { _, _ in
            json("{\"status\":\"ok\"}\n")
        }
        router.post("/api/check") { request, _ in
            do {
                let body = try await collect(request, limit: limits.maxUploadBytes)
                var parsed = try reader.submission(body: body, contentType: request.headers[.contentType],
                                                   name: request.uri.queryParameters["name"].map(String.init))
                if let s = request.uri.queryParameters["structure"] { parsed.structure = String(s) }
                if let l = request.uri.queryParameters["lang"] { parsed.language = try UploadReader.language(String(l)) }
                let submission = parsed
                let report = try await worker.run {
                    try service.json(service.analyze(submission.source, structure: submission.structure, language: submission.language))
                }
                return json(report)
            } catch {
                return errorResponse(error, html: false)
            }
        }
        router.post("/check") { request, _ in
            do {
                let body = try await collect(request, limit: limits.maxUploadBytes)
                var pasted = reader
                pasted.pastedNames = [.zh: "粘贴的文稿", .en: "pasted text"]
                pasted.defaultLanguage = pageLanguage
                let submission = try pasted.submission(body: body, contentType: request.headers[.contentType])
                let language = submission.language ?? pageLanguage
                let report = try await worker.run {
                    try service.html(service.analyze(submission.source, structure: submission.structure, language: language))
                }
                return html(withBackLink(report, language: language))
            } catch {
                return errorResponse(error, html: true)
            }
        }
        return router
    }

    /// The application: the router on `host:port`.
    public static func application(service: CheckService, host: String = "127.0.0.1", port: Int = 8080, limits: Limits = Limits(),
                                   storeNote: String? = nil, pageLanguage: ReportLanguage = .zh, logger: Logger? = nil,
                                   onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }) -> some ApplicationProtocol {
        let hosts: HostCheck = isLoopback(host) ? .loopback : .any
        return Application(router: router(service: service, limits: limits, allowedHosts: hosts, storeNote: storeNote,
                                          pageLanguage: pageLanguage),
                           configuration: .init(address: .hostname(host, port: port), serverName: "wenshu"),
                           onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? port) },
                           logger: logger)
    }

    /// 127.0.0.0/8, ::1 and localhost.
    public static func isLoopback(_ host: String) -> Bool {
        let h = host.lowercased().trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
        if h == "localhost" || h == "::1" || h.hasSuffix(".localhost") { return true }
        let octets = h.split(separator: ".", omittingEmptySubsequences: false)
        return octets.count == 4 && octets[0] == "127" && octets.allSatisfy { UInt8($0) != nil }
    }

    // MARK: - Helpers

    /// The request body, at most `limit` bytes (413 beyond, without reading the rest).
    static func collect(_ request: Request, limit: Int) async throws -> Data {
        func tooLarge(_ size: String) -> ServeError {
            ServeError(.contentTooLarge, "too-large", "the request body is \(size), more than the \(Pages.megabytes(limit)) limit (\(limit) bytes)")
        }
        if let length = request.headers[.contentLength].flatMap({ Int($0) }), length > limit {
            throw tooLarge("\(length) bytes")
        }
        var data = Data()
        for try await chunk in request.body {
            if data.count + chunk.readableBytes > limit { throw tooLarge("larger") }
            chunk.withUnsafeReadableBytes { data.append(contentsOf: $0) }
        }
        return data
    }

    static func json(_ body: String, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: "application/json; charset=utf-8", .cacheControl: "no-store"],
                 body: .init(byteBuffer: ByteBuffer(string: body)))
    }

    /// Pages allow nothing from elsewhere: no script, no fetch, inline style only, forms to this server.
    static let contentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"

    static func html(_ body: String, status: HTTPResponse.Status = .ok) -> Response {
        var headers: HTTPFields = [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"]
        headers[.contentSecurityPolicy] = contentSecurityPolicy
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: body)))
    }

    static func errorResponse(_ error: Error, html asHTML: Bool) -> Response {
        let e = (error as? ServeError) ?? ServeError(.internalServerError, "internal-error", "the server failed: \(describe(error))")
        return asHTML ? html(Pages.error(e), status: e.status) : json(e.json, status: e.status)
    }

    /// The report with a link back to the form after `<body>`.
    static func withBackLink(_ report: String, language: ReportLanguage = .zh) -> String {
        guard let body = report.range(of: "<body>\n") else { return report }
        return report.replacingCharacters(in: body, with: "<body>\n" + Pages.backLink(language))
    }
}

/// Which Host headers the server answers. Bound to loopback, it answers only requests to a
/// loopback name, so a web page elsewhere cannot reach it through DNS rebinding.
public enum HostCheck: Sendable {
    case loopback
    case any
}

/// Refuses requests for other hosts (see `HostCheck`) and marks every response nosniff.
struct GuardMiddleware<Context: RequestContext>: RouterMiddleware {
    let hosts: HostCheck

    /// A Host header (authority) naming a loopback host, with or without a port.
    static func isLoopback(authority: String) -> Bool {
        var host = authority
        if host.hasPrefix("["), let close = host.firstIndex(of: "]") {
            host = String(host[host.startIndex...close])
        } else if let colon = host.lastIndex(of: ":") {
            host = String(host[..<colon])
        }
        return WenshuServer.isLoopback(host)
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if hosts == .loopback, let authority = request.head.authority, !Self.isLoopback(authority: authority) {
            return WenshuServer.json(ServeError(.forbidden, "host-not-allowed",
                "this server answers requests to localhost only (Host: \(authority))").json, status: .forbidden)
        }
        var response = try await next(request, context)
        response.headers[.xContentTypeOptions] = "nosniff"
        response.headers[HTTPField.Name("Referrer-Policy")!] = "no-referrer"
        return response
    }
}

/// Runs analyses on threads of their own (not Swift concurrency's few cooperative threads,
/// which the server's I/O needs), at most `concurrent` at once; answers 503 when more than
/// `maxWaiting` requests wait.
final class AnalysisWorker: @unchecked Sendable {
    private let queue: OperationQueue
    private let lock = NSLock()
    private var waiting = 0
    private let maxWaiting: Int

    init(concurrent: Int, maxWaiting: Int) {
        queue = OperationQueue()
        queue.name = "wenshu-serve-analysis"
        queue.maxConcurrentOperationCount = max(1, concurrent)
        queue.qualityOfService = .userInitiated
        self.maxWaiting = maxWaiting
    }

    func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try enter()
        return try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, Error>) in
            queue.addOperation { [self] in
                let result = Result { try body() }
                leave()
                continuation.resume(with: result)
            }
        }
    }

    private func enter() throws {
        lock.lock(); defer { lock.unlock() }
        if waiting >= maxWaiting {
            throw ServeError(.serviceUnavailable, "busy", "the server is busy with \(waiting) drafts; try again in a moment")
        }
        waiting += 1
    }

    private func leave() {
        lock.lock(); defer { lock.unlock() }
        waiting -= 1
    }
}
