import Foundation
import HTTPTypes
import Hummingbird

/// The port the server listens on, once it is known (`--port 0` picks one at start-up), for the
/// Host check.
public final class ListeningPort: @unchecked Sendable {
    private let lock = NSLock()
    private var port: Int?

    public init(_ port: Int? = nil) { self.port = port }

    public var value: Int? {
        get { lock.lock(); defer { lock.unlock() }; return port }
        set { lock.lock(); port = newValue; lock.unlock() }
    }
}

/// The Host header of a request (RFC 9112 §3.2: exactly one, `host [":" port]`), read strictly:
/// a name of letters, digits, dots and hyphens, an IPv4 address or a bracketed IPv6 address, and
/// a port of digits. Anything else (`localhost:80 , evil`, `a b`, `localhost:x`) is not a Host.
struct HostHeader: Equatable {
    var host: String
    var port: Int?

    init(host: String, port: Int?) {
        self.host = host
        self.port = port
    }

    init?(_ authority: String) {
        var rest = Substring(authority)
        if rest.hasPrefix("[") {
            guard let close = rest.firstIndex(of: "]") else { return nil }
            host = String(rest[rest.index(after: rest.startIndex)..<close])
            guard !host.isEmpty, host.allSatisfy({ $0.isHexDigit || $0 == ":" || $0 == "." }) else { return nil }
            rest = rest[rest.index(after: close)...]
        } else {
            let end = rest.firstIndex(of: ":") ?? rest.endIndex
            host = String(rest[..<end])
            guard !host.isEmpty, host.unicodeScalars.allSatisfy({ ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) || $0 == "." || $0 == "-" }) else {
                return nil
            }
            rest = rest[end...]
        }
        if rest.isEmpty { port = nil; return }
        guard rest.first == ":" else { return nil }
        let digits = rest.dropFirst()
        if digits.isEmpty { port = nil; return }  // "host:" is allowed: no port
        guard digits.count <= 5, digits.allSatisfy({ $0.isASCII && $0.isNumber }), let p = Int(digits), p <= 65535 else { return nil }
        port = p
    }

    /// Why a request's Host is refused, as (status, code, message), or nil. Every request needs
    /// exactly one well-formed Host; on a loopback server it must name a loopback host and, when
    /// it gives a port, the port the server listens on (a port left out is accepted: some
    /// clients leave out a port that is not 80).
    static func problem(_ request: Request, hosts: HostCheck, listening: Int?) -> (HTTPResponse.Status, String, String)? {
        // The first Host header became the authority; any other is still among the headers.
        if request.headers[HTTPField.Name("Host")!] != nil {
            return (.badRequest, "duplicate-host", "the request has more than one Host header")
        }
        guard let authority = request.head.authority, !authority.isEmpty else {
            return (.badRequest, "missing-host", "the request has no Host header; HTTP/1.1 requires one (Host: 127.0.0.1:\(listening.map(String.init) ?? "PORT"))")
        }
        guard let host = HostHeader(authority) else {
            return (.badRequest, "malformed-host", "the Host header '\(authority.prefix(200))' is not a host name or address with an optional port")
        }
        guard hosts == .loopback else { return nil }
        if !WenshuServer.isLoopback(host.host) {
            return (.forbidden, "host-not-allowed", "this server answers requests to localhost only (Host: \(authority.prefix(200)))")
        }
        if let port = host.port, let listening, port != listening {
            return (.forbidden, "host-not-allowed", "this server listens on port \(listening), not \(port) (Host: \(authority.prefix(200))); through a tunnel or proxy, forward the same port number")
        }
        return nil
    }
}
