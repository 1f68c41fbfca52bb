import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes a file a user named for output (`-o FILE` of every command, `reference build -o`,
/// `idf build -o` and its phrase file, `kinds --update`) the one way: a failure is said, never
/// silent, and a special file is written to, never replaced (hostile tester, session 9: `check
/// -o /dev/full`, run as root, replaced the device with a regular file).
///
/// - A regular or new file is written beside and renamed over (a failed write leaves the old file
///   whole).
/// - A symbolic link is followed to the file it names, as a shell's `>` does, also when that file
///   does not exist yet (a dangling link: the file is created and the link kept); a loop of links
///   is refused.
/// - A device, FIFO or socket (`/dev/stdout`, a named pipe) is written in place.
/// - A directory, or a file whose folder does not exist, is refused with a clear reason.
public enum OutputPath {
    public struct Failure: LocalizedError, Sendable {
        public let path: String
        public let reason: String
        public init(path: String, reason: String) {
            self.path = path
            self.reason = reason
        }
        public var errorDescription: String? { "cannot write \(path): \(reason)" }
    }

    public static func write(_ text: String, to path: String) throws { try write(Data(text.utf8), to: path) }

    public static func write(_ data: Data, to path: String) throws {
        switch try destination(of: path) {
        case .inPlace:
            guard let handle = FileHandle(forWritingAtPath: path) else {
                throw Failure(path: path, reason: String(cString: strerror(errno)))
            }
            defer { try? handle.close() }
            do { try handle.write(contentsOf: data) } catch { throw Failure(path: path, reason: describe(error)) }
        case .replace(let target):
            do { try data.write(to: URL(fileURLWithPath: target), options: .atomic) } catch { throw Failure(path: path, reason: describe(error)) }
        }
    }

    /// Where output named `path` goes: written in place (a device, FIFO or socket), or a regular
    /// file `target` (the path, or the file its links lead to) replaced whole.
    public enum Destination: Equatable, Sendable {
        case inPlace
        case replace(target: String)
    }

    /// The checks every write makes before anything is written: a directory, a loop of links, a
    /// missing folder are refused with the reason.
    public static func destination(of path: String) throws -> Destination {
        var st = stat()
        if stat(path, &st) == 0 {
            switch st.st_mode & S_IFMT {
            case S_IFDIR: throw Failure(path: path, reason: "it is a directory; name a file")
            case S_IFREG: break
            default: return .inPlace
            }
        } else if errno == ELOOP {
            throw Failure(path: path, reason: "it is a symbolic link in a loop; name a file")
        }
        let target = try linkTarget(of: path)
        let folder = (target as NSString).deletingLastPathComponent
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder.isEmpty ? "." : folder, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw Failure(path: path, reason: target == path ? "its folder \(folder) does not exist"
                                                           : "it is a symbolic link to \(target), whose folder \(folder) does not exist")
        }
        if target != path {
            // A link to a directory that does not exist yet ("dir/"), or to nothing nameable.
            if target.hasSuffix("/") || (target as NSString).lastPathComponent.isEmpty {
                throw Failure(path: path, reason: "it is a symbolic link to \(target), which names a folder, not a file")
            }
        }
        return .replace(target: target)
    }

    /// The file a path names once its symbolic links (the last component's, one after another)
    /// are followed; the path itself when it is not a link. More than 40 links is a loop.
    static func linkTarget(of path: String) throws -> String {
        var current = path
        for _ in 0..<40 {
            var st = stat()
            guard lstat(current, &st) == 0, st.st_mode & S_IFMT == S_IFLNK else { return current }
            var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
            let n = readlink(current, &buffer, Int(PATH_MAX))
            guard n > 0 else { throw Failure(path: path, reason: "cannot read the symbolic link \(current): \(String(cString: strerror(errno)))") }
            let destination = String(decoding: buffer[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
            let folder = (current as NSString).deletingLastPathComponent
            current = destination.hasPrefix("/") || folder.isEmpty ? destination : folder + "/" + destination
        }
        throw Failure(path: path, reason: "it is a symbolic link in a loop; name a file")
    }

    /// The system's words for a file error (No space left on device, Permission denied), not
    /// Foundation's "The operation could not be completed".
    public static func describe(_ error: Error) -> String {
        let e = error as NSError
        if let underlying = e.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
            return String(cString: strerror(Int32(underlying.code)))
        }
        if e.domain == NSPOSIXErrorDomain { return String(cString: strerror(Int32(e.code))) }
        return e.localizedDescription
    }
}
