import Hummingbird
import HummingbirdCore
import Logging
import NIOCore
import NIOHTTP1
import NIOHTTPTypesHTTP1

/// HTTP/1.1 connections as Hummingbird's `HTTP1Channel` serves them, except that a request that
/// asks for the connection to end gets it ended after its response: every HTTP/1.0 request (a
/// 1.0 client without `Connection: keep-alive` expects the close; one with it expects a
/// `Connection: keep-alive` answer, which is not sent, so it expects the close too) and a 1.1
/// request whose Connection header holds the token `close` in any case (`Close`,
/// `close, TE`). Hummingbird sees requests as HTTPTypes, which carry no version, and ends the
/// connection only on the exact value `close`: the rest waited for the idle timeout.
struct ClosingHTTP1Channel: ServerChildChannel {
    typealias Value = HTTP1Channel.Value
    let inner: HTTP1Channel
    /// What `ExpectContinue` needs to know which requests will be refused.
    var maxBodyBytes: Int = 10 << 20
    var hosts: HostCheck = .loopback
    var listening: ListeningPort? = nil

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        inner.setup(channel: channel, logger: logger).flatMapThrowing { value in
            // Between NIO's HTTP/1 decoder (which knows the version) and the conversion to HTTPTypes.
            let decoder = try channel.pipeline.syncOperations.handler(type: ByteToMessageHandler<HTTPRequestDecoder>.self)
            try channel.pipeline.syncOperations.addHandler(ConnectionCloseMarker(), position: .after(decoder))
            // Outbound, between the HTTPTypes conversion and NIO's encoder: a body for the parse-error 400.
            try channel.pipeline.syncOperations.addHandler(ParseErrorBody(), position: .after(decoder))
            // After the conversion to HTTPTypes: 100 Continue for a body that will be read.
            let codec = try channel.pipeline.syncOperations.handler(type: HTTP1ToHTTPServerCodec.self)
            try channel.pipeline.syncOperations.addHandler(ExpectContinue(maxBodyBytes: maxBodyBytes, hosts: hosts, listening: listening),
                                                           position: .after(codec))
            return value
        }
    }

    func handle(value: Value, logger: Logger) async {
        await inner.handle(value: value, logger: logger)
    }

    static func builder(configuration: HTTP1Channel.Configuration, maxBodyBytes: Int = 10 << 20, hosts: HostCheck = .loopback,
                        listening: ListeningPort? = nil) -> HTTPServerBuilder {
        HTTPServerBuilder { responder in
            ClosingHTTP1Channel(inner: HTTP1Channel(responder: responder, configuration: configuration),
                                maxBodyBytes: maxBodyBytes, hosts: hosts, listening: listening)
        }
    }
}

/// Marks a request head `Connection: close` when its connection is to end after the response
/// (see `ClosingHTTP1Channel`), and gives a request target in absolute form its authority as
/// the Host (`absoluteAuthority`).
final class ConnectionCloseMarker: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias InboundOut = HTTPServerRequestPart

    /// Whether a request's connection ends after its response.
    static func closes(version: HTTPVersion, connection: [String]) -> Bool {
        if version.major < 1 || (version.major == 1 && version.minor == 0) { return true }
        return connection.contains { value in
            value.split(separator: ",").contains { $0.trimmingCharacters(in: .whitespaces).lowercased() == "close" }
        }
    }

    /// The authority of a request target in absolute form (`http://host:port/path`), or nil for
    /// the origin form (`/path`) and `*`. RFC 9112 §3.2.2: a server must then use it and ignore
    /// Host — the conversion to HTTPTypes keeps only the path, and took the authority from Host.
    static func absoluteAuthority(of uri: String) -> String? {
        guard !uri.hasPrefix("/"), let scheme = uri.range(of: "://") else { return nil }
        let rest = uri[scheme.upperBound...]
        let end = rest.firstIndex { $0 == "/" || $0 == "?" || $0 == "#" } ?? rest.endIndex
        return String(rest[..<end])
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard case .head(var head) = unwrapInboundIn(data) else {
            context.fireChannelRead(data)
            return
        }
        var changed = false
        if head.version.major == 1 && head.version.minor == 0 && head.headers.contains(name: "expect") {
            // RFC 9110 §10.1.1: an HTTP/1.0 request's 100-continue is ignored (no 100 is sent).
            head.headers.remove(name: "expect")
            changed = true
        }
        if Self.closes(version: head.version, connection: head.headers["connection"]), head.headers["connection"] != ["close"] {
            head.headers.replaceOrAdd(name: "connection", value: "close")
            changed = true
        }
        if let authority = Self.absoluteAuthority(of: head.uri) {
            // The Host check then reads the target's authority (an empty one is a missing Host).
            head.headers.remove(name: "host")
            if !authority.isEmpty { head.headers.add(name: "host", value: authority) }
            changed = true
        }
        context.fireChannelRead(changed ? wrapInboundOut(.head(head)) : data)
    }
}
