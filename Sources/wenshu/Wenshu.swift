import ArgumentParser
import Foundation
import WenshuStore
import WenshuText

/// `wenshu` — reads Chinese official work documents and says what is wrong and what they say.
///
/// Exit status: 0 success (and, for checks, no finding of severity error), 1 findings of
/// severity error, 2 usage or input errors.
@main
struct Wenshu: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "wenshu",
        abstract: "Reads Chinese official work documents (工作总结, 工作计划, 工作报告) and says what is wrong and what they say.",
        discussion: "Exit status: 0 success, 1 findings of severity error, 2 usage or input errors.",
        version: "0.1.0 (ICU \(ICU.version))",
        subcommands: [CheckCommand.self, FixCommand.self, KindsCommand.self, StructuresCommand.self, CompareCommand.self, OutlineCommand.self, SegmentCommand.self, TermsCommand.self, KeywordsCommand.self, IDFCommand.self, ReferenceCommand.self, ThemesCommand.self, CorpusCommand.self, ServeCommand.self]
    )

    static func main() {
        // A store another process is writing to: said once the wait passes a second.
        CorpusStore.waitingNotice = { path in
            FileHandle.standardError.write(Data("wenshu: \(path): another process is writing to the corpus store; waiting for it (at most \(CorpusStore.busySeconds) s)…\n".utf8))
        }
        do {
            var command = try ArgumentRuns.parse(Array(CommandLine.arguments.dropFirst()))
            try command.run()
            OutputFile.checkStandardOutput()
        } catch let error as ExitCode {
            OutputFile.checkStandardOutput()
            Foundation.exit(error.rawValue)
        } catch {
            let code = exitCode(for: error)
            if code == .success {
                print(fullMessage(for: error))
                Foundation.exit(0)
            }
            let message: String
            if let e = error as? LocalizedError, let d = e.errorDescription { message = d } else { message = fullMessage(for: error) }
            FileHandle.standardError.write(Data(("wenshu: " + message + "\n").utf8))
            // Usage errors and bad input both exit 2, so a pipeline can tell them from findings.
            Foundation.exit(2)
        }
    }
}

/// Options every command that reads dictionaries shares.
struct DictionaryOptions: ParsableArguments {
    @Option(name: .customLong("dictionaries"), help: "The dictionaries folder (default: the bundled one, or $WENSHU_DICTIONARIES).")
    var dictionaries: String?

    func locate() throws -> Dictionaries {
        if let d = dictionaries {
            let url = URL(fileURLWithPath: d)
            guard FileManager.default.fileExists(atPath: url.appendingPathComponent("patterns/segmentation.json").path) else {
                throw DictionaryError.notFound(searched: [url.path])
            }
            return Dictionaries(root: url)
        }
        return try Dictionaries.locate()
    }
}

extension TextEncoding: ExpressibleByArgument {
    public init?(argument: String) {
        switch argument.uppercased().replacingOccurrences(of: "-", with: "") {
        case "UTF8": self = .utf8
        case "UTF16LE", "UTF16": self = .utf16LE
        case "UTF16BE": self = .utf16BE
        case "GB18030", "GBK", "GB2312": self = .gb18030
        default: return nil
        }
    }
}

/// `--jobs N`: how many files (or chunks of a stream) are worked on at once, one thread each.
struct JobsOption: ParsableArguments {
    @Option(help: "Work on this many files (segment: chunks of about 1 MB) at once, one thread each (default: the number of processors, at most 8). The output is the same for any number.")
    var jobs: Int = min(8, ProcessInfo.processInfo.activeProcessorCount)

    func validate() throws {
        if jobs < 1 { throw ValidationError("--jobs must be at least 1") }
    }

    /// `first` and `jobs − 1` copies of it, one for each thread.
    func workers<W>(_ first: W, copy: (W) throws -> W) rethrows -> [W] {
        var all = [first]
        for _ in 1..<jobs { all.append(try copy(first)) }
        return all
    }
}

/// UTF-8 bytes built up in memory (one chunk's output, rendered on any thread).
struct ByteBuffer {
    var bytes: [UInt8] = []

    mutating func write(_ s: String) { bytes.append(contentsOf: s.utf8) }

    mutating func write(scalars: ArraySlice<UInt32>) {
        for v in scalars { appendUTF8(v) }
    }

    @inline(__always) mutating func appendUTF8(_ v: UInt32) {
        switch v {
        case 0..<0x80: bytes.append(UInt8(v))
        case 0x80..<0x800:
            bytes.append(UInt8(0xC0 | (v >> 6))); bytes.append(UInt8(0x80 | (v & 0x3F)))
        case 0x800..<0x10000:
            bytes.append(UInt8(0xE0 | (v >> 12))); bytes.append(UInt8(0x80 | ((v >> 6) & 0x3F))); bytes.append(UInt8(0x80 | (v & 0x3F)))
        default:
            bytes.append(UInt8(0xF0 | (v >> 18))); bytes.append(UInt8(0x80 | ((v >> 12) & 0x3F)))
            bytes.append(UInt8(0x80 | ((v >> 6) & 0x3F))); bytes.append(UInt8(0x80 | (v & 0x3F)))
        }
    }
}

/// Buffered writing to stdout.
final class OutputBuffer {
    private var buffer = ByteBuffer()
    private let handle = FileHandle.standardOutput

    init() { buffer.bytes.reserveCapacity(1 << 20) }

    func write(_ s: String) {
        buffer.write(s)
        if buffer.bytes.count >= 1 << 20 { flush() }
    }

    func write(bytes: [UInt8]) {
        buffer.bytes.append(contentsOf: bytes)
        if buffer.bytes.count >= 1 << 20 { flush() }
    }

    func flush() {
        guard !buffer.bytes.isEmpty else { return }
        do { try handle.write(contentsOf: Data(buffer.bytes)) } catch { OutputFile.standardOutputFailed(error) }
        buffer.bytes.removeAll(keepingCapacity: true)
    }

    deinit { flush() }
}

/// A JSON string literal.
func jsonString(_ s: String) -> String {
    var out = "\""
    for u in s.unicodeScalars {
        switch u {
        case "\"": out += "\\\""
        case "\\": out += "\\\\"
        case "\n": out += "\\n"
        case "\r": out += "\\r"
        case "\t": out += "\\t"
        default:
            if u.value < 0x20 { out += String(format: "\\u%04x", u.value) } else { out.unicodeScalars.append(u) }
        }
    }
    return out + "\""
}
