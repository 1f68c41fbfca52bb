import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Output written to a file named by `-o` as it is made, with `OutputPath`'s rules: a regular
/// file (or the file a symbolic link leads to) is written to a temporary file beside it and
/// renamed over it by `finish()` — a failure, or `abandon()`, leaves the old file whole, as
/// `OutputPath.write` does; a device, FIFO or socket is written in place. For reports too large
/// to hold whole (`check` over thousands of files).
///
/// `write` keeps the first error and writes nothing after it; `finish()` throws it.
public final class StreamedOutputFile: TextOutputStream {
    private let path: String
    private let target: String?
    private let temporary: String?
    private var fd: Int32
    private var buffer: [UInt8] = []
    private var failure: OutputPath.Failure?
    private static let block = 1 << 20

    public init(path: String) throws {
        self.path = path
        switch try OutputPath.destination(of: path) {
        case .inPlace:
            target = nil
            temporary = nil
            fd = open(path, O_WRONLY | O_CLOEXEC)
            guard fd >= 0 else { throw OutputPath.Failure(path: path, reason: String(cString: strerror(errno))) }
        case .replace(let file):
            target = file
            let folder = (file as NSString).deletingLastPathComponent
            let name = (file as NSString).lastPathComponent
            var made: (String, Int32)? = nil
            for _ in 0..<100 {
                let candidate = (folder.isEmpty ? "" : folder + "/") + ".\(name).\(getpid()).\(UInt32.random(in: 0...UInt32.max)).tmp"
                // 0666 less the umask, as a file the shell's `>` makes.
                let d = open(candidate, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o666)
                if d >= 0 { made = (candidate, d); break }
                if errno != EEXIST { throw OutputPath.Failure(path: path, reason: String(cString: strerror(errno))) }
            }
            guard let made else { throw OutputPath.Failure(path: path, reason: "no temporary file could be made beside it") }
            temporary = made.0
            fd = made.1
        }
        buffer.reserveCapacity(Self.block)
    }

    deinit { abandon() }

    public func write(_ string: String) { write(bytes: string.utf8) }

    public func write<Bytes: Sequence>(bytes: Bytes) where Bytes.Element == UInt8 {
        guard failure == nil, fd >= 0 else { return }
        buffer.append(contentsOf: bytes)
        if buffer.count >= Self.block { flushBuffer() }
    }

    private func flushBuffer() {
        guard failure == nil, fd >= 0, !buffer.isEmpty else { buffer.removeAll(keepingCapacity: true); return }
        buffer.withUnsafeBufferPointer { b in
            var at = 0
            while at < b.count {
                let n = Foundation.write(fd, b.baseAddress! + at, b.count - at)
                if n < 0 && errno == EINTR { continue }
                if n <= 0 {
                    failure = OutputPath.Failure(path: path, reason: n < 0 ? String(cString: strerror(errno)) : "nothing could be written")
                    return
                }
                at += n
            }
        }
        buffer.removeAll(keepingCapacity: true)
    }

    /// Writes what is left and puts the file in place; throws the first write error (the old
    /// file is then left whole).
    public func finish() throws {
        flushBuffer()
        if let failure { abandon(); throw failure }
        guard fd >= 0 else { return }
        let closed = close(fd)
        fd = -1
        if let temporary, let target {
            guard closed == 0 else {
                let reason = String(cString: strerror(errno))
                unlink(temporary)
                throw OutputPath.Failure(path: path, reason: reason)
            }
            if rename(temporary, target) != 0 {
                let reason = String(cString: strerror(errno))
                unlink(temporary)
                throw OutputPath.Failure(path: path, reason: reason)
            }
        }
    }

    /// Gives up: a regular file is left as it was (the temporary file removed); a device or FIFO
    /// keeps what was written to it.
    public func abandon() {
        if fd >= 0 {
            if temporary == nil { flushBuffer() }
            close(fd)
            fd = -1
            if let temporary { unlink(temporary) }
        }
        buffer.removeAll()
    }
}
