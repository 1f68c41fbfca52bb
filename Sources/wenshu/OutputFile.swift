import Foundation
import WenshuText
#if canImport(Glibc)
import Glibc
#endif

/// Writing a command's output (`-o FILE`, standard output) so that a failure is said, never
/// silent, and a special file is written to, never replaced (hostile tester, session 9: `check -o
/// /dev/full`, run as root, replaced the device with a regular file; `-o DIR` said
/// "NSCocoaErrorDomain error 512"; `segment > /dev/full` trapped in FileHandle; `keywords >
/// /dev/full` exited 0 with nothing written).
enum OutputFile {
    typealias Failure = OutputPath.Failure

    /// Writes `data` to `path` (`OutputPath`: a regular file replaced whole, a symbolic link
    /// followed, also to a file that does not exist yet, a device or FIFO written in place).
    static func write(_ data: Data, to path: String) throws { try OutputPath.write(data, to: path) }

    static func write(_ text: String, to path: String) throws { try OutputPath.write(text, to: path) }

    static func describe(_ error: Error) -> String { OutputPath.describe(error) }

    /// Ends the process with status 2 and a message when standard output could not be written
    /// (a full disk, /dev/full); called before every exit.
    static func checkStandardOutput() {
        // The C `stdout` variable, found by name: Swift 6 refuses to read the global directly
        // (shared mutable state), and its error flag is the only record of a write that failed
        // earlier (a long `print` is written straight through and dropped).
        let out = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "stdout")?.load(as: UnsafeMutablePointer<FILE>?.self)
        if fflush(nil) != 0 || (out.map { ferror($0) != 0 } ?? false) {
            let reason = String(cString: strerror(errno))
            FileHandle.standardError.write(Data("wenshu: cannot write the output (standard output): \(reason)\n".utf8))
            Foundation.exit(2)
        }
    }

    /// The same for a write through `FileHandle.standardOutput` that failed.
    static func standardOutputFailed(_ error: Error) -> Never {
        FileHandle.standardError.write(Data("wenshu: cannot write the output (standard output): \(describe(error))\n".utf8))
        Foundation.exit(2)
    }
}
