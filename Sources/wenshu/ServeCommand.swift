import ArgumentParser
import Foundation
import Logging
import WenshuAnalysis
import WenshuServer
import WenshuStore

struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve a local web page to paste or upload a draft and see its report, and a JSON API.",
        discussion: """
        GET / is the page (paste text or upload a .txt/.docx; it shows the HTML report of check \
        --format html). POST /api/check takes a UTF-8 text/plain body or a multipart/form-data \
        upload in field 'file' and answers with the JSON of check --format json; GET /api/health \
        answers {"status":"ok"}. Binds to 127.0.0.1 (this machine only) unless --host says \
        otherwise; there is no authentication (unless --tokens, with a postgres:// --store), so bind \
        elsewhere only on a trusted network. \
        Ctrl-C (SIGINT) or SIGTERM stops it.
        """
    )

    @Option(help: "The address to listen on (default: loopback only).") var host = "127.0.0.1"
    @Option(help: "The port to listen on (0: any free port, printed at start-up).") var port = 8080
    @Option(name: .customLong("max-upload-mb"), help: "The largest request body accepted, in megabytes.") var maxUploadMB = 10.0
    @Option(name: .customLong("store"), help: "A corpus store (wenshu corpus add) to detect copied passages from, as check --store does.")
    var store: String?
    @Option(help: "With a postgres:// --store: the organisation this server is for; it sees and matches only that organisation's documents.")
    var org: String?
    @Option(help: "With a postgres:// --store: a file of lines 'token organisation'; /check and /api/check then need Authorization: Bearer TOKEN and match only the token's organisation's documents.")
    var tokens: String?
    @OptionGroup var options: AnalysisOptions

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be 0…65535") }
        if org != nil && store == nil { throw ValidationError("--org scopes the corpus store; give --store too") }
        if tokens != nil && store == nil { throw ValidationError("--tokens maps tokens to organisations of the corpus store; give --store too") }
        if tokens != nil && org != nil { throw ValidationError("--tokens and --org both choose the organisation; give one of them") }
        guard maxUploadMB > 0, maxUploadMB <= 1024 else { throw ValidationError("--max-upload-mb must be more than 0 and at most 1024") }
    }

    func run() throws {
        let dictionaries = try options.dictionaryOptions.locate()
        let corpus = try store.map { try CorpusArchives.open($0, org: org) }
        let service = try CheckService(dictionaries: dictionaries, analyzer: options.analyzer(), store: corpus, encoding: options.encoding)
        let limits = WenshuServer.Limits(maxUploadBytes: Int(maxUploadMB * 1024 * 1024))
        let scoped = try tokens.map { try ScopedServices(service: service, tokens: AccessTokens.load(contentsOf: URL(fileURLWithPath: $0))) }
        let storeNote = corpus.map { "复制检测：与语料库 \($0.path) 中的文书比对。" }
        var logger = Logger(label: "wenshu-serve", factory: { label in StreamLogHandler.standardError(label: label) })
        logger.logLevel = Logger.Level.notice
        let host = self.host
        if !WenshuServer.isLoopback(host) {
            let warning = scoped == nil
                ? "anyone who can reach this address can submit drafts (there is no authentication)"
                : "tokens travel in clear text (no TLS here): put a TLS proxy in front"
            FileHandle.standardError.write(Data("wenshu serve: warning: listening on \(host), not loopback: \(warning)\n".utf8))
        }
        // The page is for office staff: Chinese unless --lang says otherwise. The API answers in
        // the analyzer's language (--lang, default en, as check), or its request's ?lang=.
        let app = WenshuServer.application(service: service, host: host, port: port, limits: limits, storeNote: storeNote,
                                           pageLanguage: options.lang ?? .zh, scoped: scoped, logger: logger) { port in
            let shown = host.contains(":") ? "[\(host)]" : host
            FileHandle.standardOutput.write(Data("wenshu serve: listening on http://\(shown):\(port)/ (Ctrl-C stops)\n".utf8))
        }
        // SIGTERM or SIGINT starts a graceful shutdown (the server's own handler: in-flight requests
        // are answered); should that take longer than `shutdownGrace`, the process exits anyway.
        var forcedExit: [DispatchSourceSignal] = []
        for number in [SIGTERM, SIGINT] {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler {
                DispatchQueue.global().asyncAfter(deadline: .now() + ServeCommand.shutdownGrace) {
                    FileHandle.standardError.write(Data("wenshu serve: stopped (requests still running after \(Int(ServeCommand.shutdownGrace)) s were dropped)\n".utf8))
                    Foundation.exit(0)
                }
            }
            source.resume()
            forcedExit.append(source)
        }
        defer { forcedExit.forEach { $0.cancel() } }
        // The command line is synchronous; the server runs in a task until a signal stops it.
        let outcome = Outcome()
        let done = DispatchSemaphore(value: 0)
        Task {
            do { try await app.runService() } catch { outcome.set(error) }
            done.signal()
        }
        done.wait()
        if let error = outcome.error {
            throw ServeFailure(errorDescription: "cannot serve on \(host):\(port): \(error)")
        }
    }
}

extension ServeCommand {
    /// Seconds a stopping server waits for running requests before it exits anyway.
    static let shutdownGrace: Double = 10
}

struct ServeFailure: LocalizedError { let errorDescription: String? }

/// The error a server task ended with.
private final class Outcome: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: Error?
    var error: Error? { lock.lock(); defer { lock.unlock() }; return stored }
    func set(_ e: Error) { lock.lock(); stored = e; lock.unlock() }
}
