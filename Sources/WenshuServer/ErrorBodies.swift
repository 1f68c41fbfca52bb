import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import NIOHTTP1

/// Every error the server answers carries a short body saying what is wrong (hostile tester,
/// session 10: a 404 had an empty body, and `HEAD /` was a 404): JSON `{"code", "error",
/// "status"}` under `/api/`, as every API error, plain text elsewhere.
enum ErrorBodies {
    /// The server's paths and the methods each answers (HEAD wherever GET is: the router makes it).
    static let routes: [String: [HTTPRequest.Method]] = [
        "/": [.get, .head],
        "/check": [.get, .head, .post],
        "/api/health": [.get, .head],
        "/api/check": [.post],
    ]

    /// The response to an error thrown while routing a request: no route (404), a route without
    /// this method (405 with `Allow`), another HTTP error of the framework, or a failure (500).
    static func response(for error: Error, request: Request) -> Response {
        let path = request.uri.path
        let e: ServeError
        var allow: String? = nil
        if let served = error as? ServeError {
            e = served
        } else if let http = error as? HTTPError, http.status == .notFound {
            if let methods = routes[path] {
                allow = methods.map(\.rawValue).joined(separator: ", ")
                e = ServeError(.methodNotAllowed, "method-not-allowed", "\(path) does not answer \(request.method.rawValue); it answers \(allow!)")
            } else {
                e = ServeError(.notFound, "not-found", "there is nothing at \(shown(path)); the form is at /, the API at POST /api/check and GET /api/health")
            }
        } else if let http = error as? HTTPError {
            e = ServeError(http.status, http.status.reasonPhrase.lowercased().replacingOccurrences(of: " ", with: "-"),
                           http.body ?? "the server could not answer this request (\(http.status.code) \(http.status.reasonPhrase))")
        } else {
            e = ServeError(.internalServerError, "internal-error", "the server failed: \(error)")
        }
        var response = path.hasPrefix("/api/") ? WenshuServer.json(e.json, status: e.status) : text(e)
        if let allow { response.headers[.allow] = allow }
        return response
    }

    /// A plain-text error: `404 Not Found: there is nothing at /x; …`.
    static func text(_ e: ServeError) -> Response {
        Response(status: e.status, headers: [.contentType: "text/plain; charset=utf-8", .cacheControl: "no-store"],
                 body: .init(byteBuffer: ByteBuffer(string: "\(e.status.code) \(e.status.reasonPhrase): \(e.message)\n")))
    }

    /// A path as a message shows it: at most 200 characters.
    static func shown(_ path: String) -> String {
        path.count <= 200 ? path : String(path.prefix(200)) + "…"
    }
}

/// Gives a body to the 400 that Hummingbird answers a request NIO cannot parse as HTTP/1.1
/// (garbage, a malformed header, a bad chunk size), which it sends with `Content-Length: 0`
/// before it closes the connection. Sits between NIO's HTTP/1 encoder and the conversion to
/// HTTPTypes; every other response passes untouched (the server's own 400s have bodies).
final class ParseErrorBody: ChannelOutboundHandler, RemovableChannelHandler {
    typealias OutboundIn = HTTPServerResponsePart
    typealias OutboundOut = HTTPServerResponsePart

    static let message = "400 Bad Request: the request is not valid HTTP/1.1 (a malformed request line, header or chunk); the connection is closed\n"
    private var pending = false

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        switch unwrapOutboundIn(data) {
        case .head(var head) where head.status == .badRequest && head.headers["content-length"] == ["0"]:
            pending = true
            head.headers.replaceOrAdd(name: "content-length", value: String(Self.message.utf8.count))
            head.headers.replaceOrAdd(name: "content-type", value: "text/plain; charset=utf-8")
            context.write(wrapOutboundOut(.head(head)), promise: promise)
        case .end where pending:
            pending = false
            context.write(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(string: Self.message)))), promise: nil)
            context.write(data, promise: promise)
        default:
            context.write(data, promise: promise)
        }
    }
}
