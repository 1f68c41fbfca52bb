import Foundation
import Hummingbird
import WenshuText

/// A request the server cannot answer with a report: its HTTP status, a stable code and a
/// message that names what is wrong. Sent as `{"code": …, "error": …, "status": …}`.
public struct ServeError: Error, Sendable, Equatable, CustomStringConvertible {
    public let status: HTTPResponse.Status
    /// A stable machine-readable code: "empty-text", "binary-file", "invalid-utf8", "too-large" …
    public let code: String
    public let message: String

    public init(_ status: HTTPResponse.Status, _ code: String, _ message: String) {
        self.status = status
        self.code = code
        self.message = message
    }

    public var description: String { "\(status.code) \(code): \(message)" }

    /// A reading error of the library, as a client error about the upload.
    static func input(_ error: TextInputError) -> ServeError {
        let message = error.errorDescription ?? "\(error)"
        switch error {
        case .empty: return ServeError(.badRequest, "empty-text", message)
        case .binary: return ServeError(.badRequest, "binary-file", message)
        case .invalidUTF8: return ServeError(.badRequest, "invalid-utf8", message)
        case .undecodable: return ServeError(.badRequest, "undecodable-text", message)
        case .unknownEncoding: return ServeError(.badRequest, "unknown-encoding", message)
        case .tooLarge: return ServeError(.contentTooLarge, "too-large", message)
        case .unreadable: return ServeError(.badRequest, "unreadable-file", message)
        }
    }

    /// The JSON body (keys sorted, as every Wenshu JSON).
    var json: String {
        struct Body: Encodable { let code: String; let error: String; let status: Int }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let data = (try? encoder.encode(Body(code: code, error: message, status: status.code))) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self) + "\n"
    }
}

extension TextInputError {
    /// The same error about another file name (the upload's name instead of its temporary file).
    func renamed(_ name: String) -> TextInputError {
        switch self {
        case let .unreadable(_, reason): return .unreadable(file: name, reason: reason)
        case let .binary(_, offset): return .binary(file: name, byteOffset: offset)
        case let .invalidUTF8(_, line, offset): return .invalidUTF8(file: name, line: line, byteOffset: offset)
        case let .undecodable(_, encoding, line, offset): return .undecodable(file: name, encoding: encoding, line: line, byteOffset: offset)
        case let .unknownEncoding(_, guess): return .unknownEncoding(file: name, guess: guess)
        case let .tooLarge(_, bytes, limit): return .tooLarge(file: name, bytes: bytes, limit: limit)
        case .empty: return .empty(file: name)
        }
    }
}
