import Hummingbird
import WenshuServer

extension ServerTests {
    /// The server as `wenshu serve` runs it on loopback (the Host and cross-site checks, the
    /// closing channel), on a free port, logging nothing: what the tests on real sockets talk to.
    static func loopbackApp(limits: WenshuServer.Limits = .init()) throws -> some ApplicationProtocol {
        WenshuServer.application(service: try service(), host: "127.0.0.1", port: 0, limits: limits, logger: quietLogger)
    }
}
