import Foundation
import WenshuText

/// What went wrong reading or writing the data files of keyword and theme analysis. Always
/// names the file, and the line where there is one.
public enum TopicsError: LocalizedError, Sendable, Equatable {
    case unreadable(file: String, reason: String)
    case badLine(file: String, line: Int, reason: String)
    case malformed(file: String, reason: String)
    case unwritable(file: String, reason: String)

    public var errorDescription: String? {
        switch self {
        case let .unreadable(file, reason): return "\(file): cannot read: \(reason)"
        case let .badLine(file, line, reason): return "\(file):\(line): \(reason)"
        case let .malformed(file, reason): return "\(file): \(reason)"
        case let .unwritable(file, reason): return "\(file): cannot write: \(reason)"
        }
    }

    /// The lines of a UTF-8 text file (BOM and CR LF accepted), numbered from 1 (`DataFile.lines`).
    static func lines(of url: URL) throws -> [(number: Int, text: Substring)] {
        do { return try DataFile.lines(of: url).map { ($0.number, Substring($0.text)) } } catch let e as DictionaryError {
            switch e {
            case let .unreadable(file, reason): throw TopicsError.unreadable(file: file, reason: reason)
            case let .malformed(file, reason): throw TopicsError.malformed(file: file, reason: reason)
            default: throw e
            }
        }
    }

    static func write(_ text: String, to url: URL) throws {
        // The output path of every command (a device or FIFO written in place, a link followed).
        do { try OutputPath.write(text, to: url.path) } catch let e as OutputPath.Failure {
            throw TopicsError.unwritable(file: url.path, reason: e.reason)
        }
    }
}
