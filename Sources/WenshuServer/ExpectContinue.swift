import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import NIOHTTPTypes

/// `Expect: 100-continue` (RFC 9110 §10.1.1): a client that asks it (curl does for a body over
/// 1 MB) waits for `100 Continue` before it sends the body — a second, then it sends anyway; the
/// server sent none (hostile tester, session 10). Sits after the conversion to HTTPTypes and
/// answers from the request's head:
///
/// - a request that will be read (a POST to `/check` or `/api/check` from this server's host and
///   site, its Content-Length within the upload limit) gets `100 Continue` at once — once the
///   responses to the requests before it on the connection have been written, so answers stay
///   in order;
/// - one that will be refused (too large, cross-site, a bad Host, a path or method that takes no
///   body) gets no 100: its final status comes without the body being read, and the connection
///   is closed after it (marked `Connection: close`), since the client may still send the body.
///
/// An HTTP/1.0 request's expectation is ignored (`ConnectionCloseMarker` removes it).
final class ExpectContinue: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    let maxBodyBytes: Int
    let hosts: HostCheck
    let listening: ListeningPort?

    /// Requests read on this connection, responses ended; requests waiting for their 100.
    private var requests = 0
    private var answered = 0
    private var waiting: Set<Int> = []

    init(maxBodyBytes: Int, hosts: HostCheck, listening: ListeningPort?) {
        self.maxBodyBytes = maxBodyBytes
        self.hosts = hosts
        self.listening = listening
    }

    /// Whether the head asks for 100-continue.
    static func expectsContinue(_ head: HTTPRequest) -> Bool {
        head.headerFields[values: .expect].contains { $0.trimmingCharacters(in: .whitespaces).lowercased() == "100-continue" }
    }

    /// Why the request will be refused before its body is read, or nil when it will be read.
    func refusal(_ head: HTTPRequest) -> String? {
        let request = Request(head: head, body: .init(buffer: ByteBuffer()))
        if let (_, code, _) = HostHeader.problem(request, hosts: hosts, listening: listening?.value) { return code }
        if GuardMiddleware<BasicRequestContext>.crossSiteProblem(request) != nil { return "cross-site" }
        let path = head.path.map { String($0.prefix { $0 != "?" && $0 != "#" }) } ?? ""
        guard head.method == .post, ErrorBodies.routes[path]?.contains(.post) == true else { return "no-body-here" }
        if let length = head.headerFields[.contentLength].flatMap({ Int($0) }), length > maxBodyBytes { return "too-large" }
        return nil
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard case .head(var head) = unwrapInboundIn(data) else {
            context.fireChannelRead(data)
            return
        }
        let number = requests
        requests += 1
        guard Self.expectsContinue(head) else {
            context.fireChannelRead(data)
            return
        }
        if refusal(head) != nil {
            // The final status is answered without reading the body; then the connection ends.
            head.headerFields[.connection] = "close"
            context.fireChannelRead(wrapInboundOut(.head(head)))
            return
        }
        if number == answered {
            sendContinue(context)
        } else {
            waiting.insert(number)
        }
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        switch unwrapOutboundIn(data) {
        case .head(let response) where response.status.kind != .informational:
            // A final answer before the 100 was sent: none is due any more.
            waiting.remove(answered)
            context.write(data, promise: promise)
        case .end:
            context.write(data, promise: promise)
            answered += 1
            if waiting.remove(answered) != nil { sendContinue(context) }
        default:
            context.write(data, promise: promise)
        }
    }

    private func sendContinue(_ context: ChannelHandlerContext) {
        context.writeAndFlush(wrapOutboundOut(.head(HTTPResponse(status: .continue))), promise: nil)
    }
}
