import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdCore
import NIOCore
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
        /// Longest time a request may take to send its body; a slower or lying client gets 408.
        public var bodyTimeout: Duration
        /// Longest time one draft's reading and analysis may take before the request is answered
        /// 503; the work keeps its place in the pool until it ends, so the pool stays bounded.
        public var analysisTimeout: Duration
        /// A connection that sends nothing for this long between requests is closed.
        public var idleTimeout: Duration
        /// Open connections at most; more wait in the listen queue (kept below the fd limit).
        public var maxConnections: Int
        public init(maxUploadBytes: Int = 10 << 20, concurrentAnalyses: Int = max(2, ProcessInfo.processInfo.activeProcessorCount),
                    maxWaiting: Int = 256, bodyTimeout: Duration = .seconds(10), analysisTimeout: Duration = .seconds(60),
                    idleTimeout: Duration = .seconds(15), maxConnections: Int = WenshuServer.defaultMaxConnections) {
            self.maxUploadBytes = maxUploadBytes
            self.concurrentAnalyses = concurrentAnalyses
            self.maxWaiting = maxWaiting
            self.bodyTimeout = bodyTimeout
            self.analysisTimeout = analysisTimeout
            self.idleTimeout = idleTimeout
            self.maxConnections = maxConnections
        }
    }

    /// The routes, over a service built once and shared by all requests.
    /// - Parameter pageLanguage: the language the form offers first and the report of `/check`
    ///   is in when the form does not say.
    /// - Parameter scoped: with tokens (`serve --tokens`), `/check` and `/api/check` answer only a
    ///   request with a known bearer token, with its organisation's scoped store; `service` is then
    ///   used for nothing that reads the store.
    public static func router(service: CheckService, limits: Limits = Limits(), allowedHosts: HostCheck = .loopback,
                              storeNote: String? = nil, pageLanguage: ReportLanguage = .zh,
                              scoped: ScopedServices? = nil, listening: ListeningPort? = nil) -> Router<BasicRequestContext> {
        // HEAD answers as GET, without the body.
        let router = Router(options: .autoGenerateHeadEndpoints)
        @Sendable func serviceFor(_ request: Request) throws -> CheckService {
            guard let scoped else { return service }
            return try scoped.service(authorization: request.headers[.authorization])
        }
        router.middlewares.add(GuardMiddleware(hosts: allowedHosts, listening: listening))
        let worker = AnalysisWorker(concurrent: limits.concurrentAnalyses, maxWaiting: limits.maxWaiting)
        let reader = UploadReader(encoding: service.encoding, docxTextLimit: limits.maxUploadBytes)
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
                let service = try serviceFor(request)
                let body = try await collect(request, limit: limits.maxUploadBytes, timeout: limits.bodyTimeout)
                let contentType = request.headers[.contentType]
                let name = request.uri.queryParameters["name"].map(String.init)
                let structure = request.uri.queryParameters["structure"].map(String.init)
                let language = try request.uri.queryParameters["lang"].map { try UploadReader.language(String($0)) }
                // Reading the upload (a .docx is unzipped and parsed) is work too: in the pool.
                let report = try await worker.run(timeLimit: limits.analysisTimeout) { cancellation in
                    var submission = try reader.submission(body: body, contentType: contentType, name: name)
                    try cancellation.check()
                    if let structure { submission.structure = structure }
                    if let language { submission.language = language }
                    return try service.json(service.analyze(submission.source, structure: submission.structure, language: submission.language, cancellation: cancellation))
                }
                return json(report)
            } catch {
                return errorResponse(error, html: false)
            }
        }
        router.post("/check") { request, _ in
            do {
                let service = try serviceFor(request)
                let body = try await collect(request, limit: limits.maxUploadBytes, timeout: limits.bodyTimeout)
                var pasted = reader
                pasted.pastedNames = [.zh: "粘贴的文稿", .en: "pasted text"]
                pasted.defaultLanguage = pageLanguage
                let formReader = pasted
                let contentType = request.headers[.contentType]
                let (report, language) = try await worker.run(timeLimit: limits.analysisTimeout) { cancellation in
                    let submission = try formReader.submission(body: body, contentType: contentType)
                    try cancellation.check()
                    let language = submission.language ?? pageLanguage
                    let page = try service.analyze(submission.source, structure: submission.structure, language: language, cancellation: cancellation)
                    // The reviewed .docx (a comment on each finding) as a download beside the report.
                    let reviewed = try? ReviewedDocx.make(page, source: submission.source, docx: submission.docx)
                    return (withDownload(try service.html(page), reviewed?.data, name: submission.source.file, language: language), language)
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
                                   storeNote: String? = nil, pageLanguage: ReportLanguage = .zh, scoped: ScopedServices? = nil,
                                   logger: Logger? = nil, onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }) -> some ApplicationProtocol {
        let hosts: HostCheck = isLoopback(host) ? .loopback : .any
        let connectionLogger = logger ?? Logger(label: "wenshu-serve")
        let listening = ListeningPort(port == 0 ? nil : port)
        return Application(router: router(service: service, limits: limits, allowedHosts: hosts, storeNote: storeNote,
                                          pageLanguage: pageLanguage, scoped: scoped, listening: listening),
                           server: ClosingHTTP1Channel.builder(configuration: .init(idleTimeout: .seconds(max(1, limits.idleTimeout.components.seconds))),
                                                               maxBodyBytes: limits.maxUploadBytes, hosts: hosts, listening: listening),
                           configuration: .init(address: .hostname(host, port: port), serverName: "wenshu",
                                                availableConnectionsDelegate: MaximumAvailableConnections(limits.maxConnections,
                                                                                                         logger: connectionLogger)),
                           onServerRunning: { channel in
                               listening.value = channel.localAddress?.port ?? listening.value
                               await onServerRunning(channel.localAddress?.port ?? port)
                           },
                           logger: logger)
    }

    /// 127.0.0.0/8, ::1 and localhost.
    public static func isLoopback(_ host: String) -> Bool {
        let h = host.lowercased().trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
        if h == "localhost" || h == "::1" || h.hasSuffix(".localhost") { return true }
        let octets = h.split(separator: ".", omittingEmptySubsequences: false)
        return octets.count == 4 && octets[0] == "127" && octets.allSatisfy { UInt8($0) != nil }
    }

    /// Open connections at most by default: a quarter of the process's file-descriptor limit,
    /// between 16 and 512, so that connections can never use up the descriptors.
    public static var defaultMaxConnections: Int {
        var limit = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0 else { return 256 }
        let soft = limit.rlim_cur >= UInt64(Int32.max) ? 4096 : Int(clamping: limit.rlim_cur)
        return min(512, max(16, soft / 4))
    }

    // MARK: - Helpers

    /// The request body, at most `limit` bytes (413 beyond, without reading the rest), within
    /// `timeout` (408 after it: a client that announces more than it sends cannot hold the
    /// request); a body that ends before its Content-Length is a 400.
    static func collect(_ request: Request, limit: Int, timeout: Duration = .seconds(30)) async throws -> Data {
        func tooLarge(_ size: String) -> ServeError {
            ServeError(.contentTooLarge, "too-large", "the request body is \(size), more than the \(Pages.megabytes(limit)) limit (\(limit) bytes)")
        }
        let announced = request.headers[.contentLength].flatMap { Int($0) }
        if let length = announced, length > limit {
            throw tooLarge("\(length) bytes")
        }
        let body = request.body
        let data: Data
        do {
            data = try await withThrowingTaskGroup(of: Data?.self) { group in
                group.addTask {
                    var data = Data()
                    for try await chunk in body {
                        if data.count + chunk.readableBytes > limit { throw tooLarge("larger") }
                        chunk.withUnsafeReadableBytes { data.append(contentsOf: $0) }
                    }
                    return data
                }
                group.addTask {
                    try await Task.sleep(for: timeout)
                    return nil
                }
                defer { group.cancelAll() }
                guard let first = try await group.next(), let data = first else {
                    throw ServeError(.requestTimeout, "body-timeout",
                                     "the request body did not arrive within \(timeout.components.seconds) s" + (announced.map { " (\($0) bytes were announced)" } ?? ""))
                }
                return data
            }
        } catch let e as ServeError {
            throw e
        } catch {
            throw ServeError(.badRequest, "incomplete-body",
                             "the request body ended early" + (announced.map { ", before the \($0) bytes its Content-Length announced" } ?? "") + " (\(error))")
        }
        if let announced, data.count < announced {
            throw ServeError(.badRequest, "incomplete-body", "the request body has \(data.count) bytes, fewer than the \(announced) its Content-Length announced")
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
    /// The report with a link that downloads the reviewed .docx (a data: URL, so the server keeps
    /// nothing between requests), after the opening of the body.
    static func withDownload(_ report: String, _ docx: Data?, name: String, language: ReportLanguage) -> String {
        guard let docx, let body = report.range(of: "<body>\n") else { return report }
        let base = ((name as NSString).lastPathComponent as NSString).deletingPathExtension
        let file = (base.isEmpty || base.hasPrefix("<") ? "draft" : base) + (language == .zh ? "-审阅.docx" : "-reviewed.docx")
        // Escaped as all report text: a bidi override in an upload's name is shown as its code,
        // so the saved name cannot be drawn reversed (`…\u{202E}xcod.exe`).
        let escapedFile = HTMLReport.esc(file)
        let text = language == .zh ? "下载带批注的 Word 文档（每条意见一条批注）" : "Download the reviewed Word document (a comment on each finding)"
        let link = """
            <nav style="font: 15px/1.6 sans-serif; margin: 0 0 1rem; padding: .5rem .8rem; background: #eef6ee; border-radius: .4rem;" class="serve-download no-print"><a id="reviewed-docx" download="\(escapedFile)" href="data:application/vnd.openxmlformats-officedocument.wordprocessingml.document;base64,\(docx.base64EncodedString())">\(text)</a></nav>

            """
        return report.replacingCharacters(in: body, with: "<body>\n" + link)
    }

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
    /// The port the server listens on, when known (the Host check compares a Host's port with it).
    var listening: ListeningPort? = nil

    /// A Host header (authority) naming a loopback host, with or without a port.
    static func isLoopback(authority: String) -> Bool {
        HostHeader(authority).map { WenshuServer.isLoopback($0.host) } ?? false
    }

    /// Methods that change nothing: a page elsewhere may link to them.
    static var safeMethods: Set<HTTPRequest.Method> { [.get, .head, .options] }

    /// Why a request is refused as cross-site, or nil. A browser says where a request comes from:
    /// `Sec-Fetch-Site` (same-origin, same-site, cross-site, none) and `Origin` (the page's
    /// scheme://host:port, or "null" for a sandboxed or file page). A state-changing request is
    /// refused unless it comes from this server's own pages (or from no page: a command-line
    /// client sends neither header). `Sec-Fetch-Site: same-origin` settles it (no page can set
    /// that header): the server's pages are served with `Referrer-Policy: no-referrer`, under
    /// which Chromium sends `Origin: null` with the page's own form.
    static func crossSiteProblem(_ request: Request) -> String? {
        if safeMethods.contains(request.method) { return nil }
        if let site = request.headers[HTTPField.Name("Sec-Fetch-Site")!]?.lowercased() {
            if site == "same-origin" { return nil }
            if site != "none" { return "the request comes from another site (Sec-Fetch-Site: \(site)); submit drafts from this server's own page" }
        }
        if let origin = request.headers[HTTPField.Name("Origin")!] {
            let authority = request.head.authority ?? ""
            let host = origin.lowercased().split(separator: "/", omittingEmptySubsequences: true).dropFirst().first.map(String.init)
            if origin == "null" || host == nil || host != authority.lowercased() {
                return "the request comes from another site (Origin: \(origin)); submit drafts from this server's own page"
            }
        }
        return nil
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if let (status, code, message) = HostHeader.problem(request, hosts: hosts, listening: listening?.value) {
            return Self.closing(request, WenshuServer.json(ServeError(status, code, message).json, status: status))
        }
        if let problem = Self.crossSiteProblem(request) {
            return Self.closing(request, WenshuServer.json(ServeError(.forbidden, "cross-site", problem).json, status: .forbidden))
        }
        var response: Response
        do {
            response = try await next(request, context)
        } catch {
            // No route (404), another method (405), an error of the framework: said in the body.
            response = ErrorBodies.response(for: error, request: request)
        }
        response.headers[.xContentTypeOptions] = "nosniff"
        response.headers[HTTPField.Name("Referrer-Policy")!] = "no-referrer"
        return Self.closing(request, response)
    }

    /// The response says `Connection: close` when the connection ends after it (an HTTP/1.0
    /// request or `Connection: close`: `ClosingHTTP1Channel`). A HEAD request gets the headers
    /// alone, its Content-Length that of the body a GET would get.
    static func closing(_ request: Request, _ response: Response) -> Response {
        var response = response
        response.headers[.xContentTypeOptions] = "nosniff"
        if request.headers[.connection] == "close" { response.headers[.connection] = "close" }
        return request.method == .head ? response.createHeadResponse() : response
    }
}

/// Runs analyses on threads of their own, at most `concurrent` at once; answers 503 when more
/// than `maxWaiting` requests wait. The threads are plain threads started for the work, not
/// Dispatch's: on Linux, Swift concurrency's threads (the server's I/O and every handler) and
/// OperationQueue's are both Dispatch's global pool, as wide as the machine has processors, so
/// analyses run on an OperationQueue took every thread of a 2-core machine: `/api/health` and the
/// time limit's timer waited until they ended (hostile tester, session 10: 15 s, and a 503 after
/// 113 s instead of 60).
final class AnalysisWorker: @unchecked Sendable {
    private let lock = NSLock()
    private var waiting = 0
    private let maxWaiting: Int
    private let concurrent: Int
    /// Threads working or about to; `pending` work waits for one of them, first come first served.
    private var threads = 0
    private var pending: [@Sendable () -> Void] = []

    init(concurrent: Int, maxWaiting: Int) {
        self.concurrent = max(1, concurrent)
        self.maxWaiting = maxWaiting
    }

    /// Starts `job` on a new thread when fewer than `concurrent` work, else queues it.
    private func submit(_ job: @escaping @Sendable () -> Void) {
        lock.lock()
        guard threads < concurrent else {
            pending.append(job)
            lock.unlock()
            return
        }
        threads += 1
        lock.unlock()
        let thread = Thread { [self] in
            var next: (@Sendable () -> Void)? = job
            while let work = next {
                work()
                lock.lock()
                if pending.isEmpty { threads -= 1; next = nil } else { next = pending.removeFirst() }
                lock.unlock()
            }
        }
        thread.name = "wenshu-serve-analysis"
        thread.stackSize = 8 << 20
        thread.start()
    }

    /// Runs `body` in the pool. At the time limit, or when the request's task is cancelled (the
    /// client went away), the caller is answered at once and `body`'s `Cancellation` is set, so
    /// the analysis stops at its next check instead of running on unseen.
    func run<T: Sendable>(timeLimit: Duration? = nil, _ body: @escaping @Sendable (Cancellation) throws -> T) async throws -> T {
        try enter()
        let once = ResumeOnce<T>()
        let cancellation = Cancellation()
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, Error>) in
                once.set(continuation)
                submit { [self] in
                    // Answered already (the time limit passed while it waited): the work is not done.
                    if once.isFinished { leave(); return }
                    let result = Result { try cancellation.runAsCurrent { try body(cancellation) } }
                    leave()
                    once.resume(with: result)
                }
                if let timeLimit {
                    let c = timeLimit.components
                    let nanoseconds = Double(c.seconds) * 1e9 + Double(c.attoseconds) / 1e9
                    DispatchQueue.global().asyncAfter(deadline: .now() + .nanoseconds(Int(min(nanoseconds, 1e15)))) {
                        let reason = "reading and checking the draft took more than \(c.seconds) s; send a smaller draft"
                        cancellation.cancel(reason: reason)
                        once.resume(with: .failure(ServeError(.serviceUnavailable, "analysis-timeout", reason)))
                    }
                }
            }
        } onCancel: {
            cancellation.cancel(reason: "the request was cancelled")
            once.resume(with: .failure(CancellationError()))
        }
    }

    /// Analyses still running in the pool (started and not yet stopped or finished).
    var inFlight: Int { lock.lock(); defer { lock.unlock() }; return waiting }

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

/// Resumes a continuation once: with the work's result or, first, with the time limit's error.
private final class ResumeOnce<T: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var continuation: CheckedContinuation<T, Error>?

    private var finished = false

    func set(_ c: CheckedContinuation<T, Error>) { lock.lock(); continuation = c; lock.unlock() }

    var isFinished: Bool { lock.lock(); defer { lock.unlock() }; return finished }

    func resume(with result: Result<T, Error>) {
        lock.lock()
        let c = continuation
        continuation = nil
        finished = true
        lock.unlock()
        c?.resume(with: result)
    }
}
