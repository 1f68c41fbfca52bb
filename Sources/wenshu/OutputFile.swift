import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Writing a command's output (`-o FILE`, standard output) so that a failure is said, never
/// silent, and a special file is written to, never replaced (hostile tester, session 9: `check -o
/// /dev/full`, run as root, replaced the device with a regular file; `-o DIR` said
/// "NSCocoaErrorDomain error 512"; `segment > /dev/full` trapped in FileHandle; `keywords >
/// /dev/full` exited 0 with nothing written).
enum OutputFile {
    struct Failure: LocalizedError {
        let path: String
        let reason: String
        var errorDescription: String? { "cannot write \(path): \(reason)" }
    }

    /// Writes `data` to `path`: a regular or new file is written beside and renamed over it (so a
    /// failed write leaves the old file whole), through a symbolic link to the file it names; a
    /// device, FIFO or socket (`/dev/stdout`, a named pipe) is written in place.
    static func write(_ data: Data, to path: String) throws {
        var st = stat()
        if stat(path, &st) == 0 {
            switch st.st_mode & S_IFMT {
            case S_IFDIR: throw Failure(path: path, reason: "it is a directory; name a file")
            case S_IFREG: break
            default:
                guard let handle = FileHandle(forWritingAtPath: path) else {
                    throw Failure(path: path, reason: String(cString: strerror(errno)))
                }
                defer { try? handle.close() }
                do { try handle.write(contentsOf: data) } catch { throw Failure(path: path, reason: describe(error)) }
                return
            }
        }
        let target = URL(fileURLWithPath: path).resolvingSymlinksInPath()
        var isDirectory: ObjCBool = false
        let folder = target.deletingLastPathComponent().path
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw Failure(path: path, reason: "its folder \(folder) does not exist")
        }
        do { try data.write(to: target, options: .atomic) } catch { throw Failure(path: path, reason: describe(error)) }
    }

    static func write(_ text: String, to path: String) throws { try write(Data(text.utf8), to: path) }

    /// The system's words for a file error (No space left on device, Permission denied), not
    /// Foundation's "The operation could not be completed".
    static func describe(_ error: Error) -> String {
        let e = error as NSError
        if let underlying = e.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
            return String(cString: strerror(Int32(underlying.code)))
        }
        if e.domain == NSPOSIXErrorDomain { return String(cString: strerror(Int32(e.code))) }
        return e.localizedDescription
    }

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
