import Foundation

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

    /// The lines of a UTF-8 text file (BOM and CR LF accepted), numbered from 1.
    static func lines(of url: URL) throws -> [(number: Int, text: Substring)] {
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw TopicsError.unreadable(file: url.path, reason: (error as NSError).localizedDescription)
        }
        guard var text = String(data: data, encoding: .utf8) else {
            throw TopicsError.malformed(file: url.path, reason: "not valid UTF-8")
        }
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        var result: [(Int, Substring)] = []
        var number = 0
        // In Swift "\r\n" is one Character: split on it as well as on "\n".
        for line in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }) {
            number += 1
            result.append((number, line.hasSuffix("\r") ? line.dropLast() : line))
        }
        return result
    }

    static func write(_ text: String, to url: URL) throws {
        do { try text.write(to: url, atomically: true, encoding: .utf8) } catch {
            throw TopicsError.unwritable(file: url.path, reason: (error as NSError).localizedDescription)
        }
    }
}
