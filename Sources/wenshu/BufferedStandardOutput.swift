import Foundation
import WenshuText

/// Standard output as a text stream, written in blocks of 1 MiB: a report with a million lines
/// (`check` on one long line) goes out as it is made instead of being held whole first.
struct BufferedStandardOutput: TextOutputStream {
    private var buffer: [UInt8] = []
    private static let block = 1 << 20

    init() { buffer.reserveCapacity(Self.block) }

    mutating func write(_ string: String) {
        buffer.append(contentsOf: string.utf8)
        if buffer.count >= Self.block { flush() }
    }

    /// Writes what is buffered (call it once at the end).
    mutating func flush() {
        guard !buffer.isEmpty else { return }
        fflush(nil)  // anything printed before goes first
        buffer.withUnsafeBufferPointer { b in
            var at = 0
            while at < b.count {
                let n = Foundation.write(1, b.baseAddress! + at, b.count - at)
                if n < 0 && errno == EINTR { continue }
                if n < 0 && errno == EPIPE { break }  // a reader that went away (| head): nothing more to do
                if n <= 0 {
                    // A full disk, /dev/full: said, exit status 2 (never a report that seems written).
                    let reason = n < 0 ? String(cString: strerror(errno)) : "nothing could be written"
                    FileHandle.standardError.write(Data("wenshu: cannot write the output (standard output): \(reason)\n".utf8))
                    Foundation.exit(2)
                }
                at += n
            }
        }
        buffer.removeAll(keepingCapacity: true)
    }
}

/// Where `check` streams its text or JSON report: standard output, or the file `-o` names.
struct CheckReportStream: TextOutputStream {
    private var standard = BufferedStandardOutput()
    private let file: StreamedOutputFile?

    init(file: StreamedOutputFile?) { self.file = file }

    mutating func write(_ string: String) {
        if let file { file.write(string) } else { standard.write(string) }
    }

    /// Writes what is buffered; a `-o` file is put in place (its write error thrown).
    mutating func finish() throws {
        if let file { try file.finish() } else { standard.flush() }
    }

    /// After an error: standard output gets what was written; a regular `-o` file is left as it was.
    mutating func abandon() {
        if let file { file.abandon() } else { standard.flush() }
    }
}
