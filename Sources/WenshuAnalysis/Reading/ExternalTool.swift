import Foundation
import WenshuText

/// A reader that needs a program Wenshu does not ship (LibreOffice, poppler) and could not use it.
public enum ConverterError: LocalizedError, Sendable, Equatable {
    /// The program is not installed: `package` is the Debian package that brings it.
    case missing(file: String, format: String, program: String, package: String)
    /// The program ran and failed, or gave nothing.
    case failed(file: String, program: String, reason: String)
    /// The program ran longer than the time limit and was stopped.
    case timedOut(file: String, program: String, seconds: Int)
    /// A PDF whose pages have no text layer (a scan): there is nothing to check without OCR.
    case noTextLayer(file: String, pages: Int)
    /// The program wrote more than the output limit and was stopped.
    case tooMuchOutput(file: String, program: String, limit: Int)

    public var errorDescription: String? {
        switch self {
        case let .missing(file, format, program, package):
            return "\(file): reading .\(format) files needs \(program), which is not installed; install the Debian package \(package) (apt-get install \(package)), or save the file as .docx or .txt"
        case let .failed(file, program, reason):
            return "\(file): \(program) could not convert the file: \(reason)"
        case let .timedOut(file, program, seconds):
            return "\(file): \(program) took longer than \(seconds) s to convert the file and was stopped"
        case let .tooMuchOutput(file, program, limit):
            return "\(file): \(program) wrote more than \(limit / 1_048_576) MB converting the file and was stopped — far more than any document's text; not checked (the file is damaged or built to expand: save it again, or as .docx or .txt)"
        case let .noTextLayer(file, pages):
            return "\(file): no text layer (scanned?) — not checked: its \(pages) page\(pages == 1 ? "" : "s") hold no text, only images; Wenshu does no OCR, so run OCR first or give the original document"
        }
    }
}

/// Runs a helper program found on PATH, with a time limit, and collects its output.
enum ExternalTool {
    /// The full path of `program` on PATH (or the environment variable `WENSHU_<PROGRAM>` if set,
    /// which tests use to hide a converter), nil when it is not installed.
    static func locate(_ program: String) -> String? {
        let env = ProcessInfo.processInfo.environment
        let override = "WENSHU_" + program.uppercased().replacingOccurrences(of: "-", with: "_")
        if let forced = env[override] { return FileManager.default.isExecutableFile(atPath: forced) ? forced : nil }
        for dir in (env["PATH"] ?? "/usr/local/bin:/usr/bin:/bin").split(separator: ":") {
            let path = "\(dir)/\(program)"
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        return nil
    }

    struct Output { let status: Int32; let stdout: Data; let stderr: Data }

    /// The most a converter may write (its output and the files it makes) before it is stopped:
    /// a 64 MB document's text as a PDF's XHTML with every word's box is about 800 MB.
    static let outputLimit = 1 << 30

    /// Runs `path` with `arguments`; stdout and stderr go to temporary files (no pipe can fill
    /// up). It is stopped — with every process it started (its process group: LibreOffice's
    /// `soffice` is a script that starts `soffice.bin`) — past `seconds`, when it has written more
    /// than `outputLimit` bytes into `workingDirectory`, or when the work it is part of is
    /// cancelled (`Cancellation.current`: a server's per-request time limit).
    /// With `stdoutFile` (in `workingDirectory`), its output is left in that file for the caller
    /// to read as it goes, and `Output.stdout` is empty.
    static func run(_ path: String, _ arguments: [String], seconds: Int, file: String, program: String, workingDirectory: URL,
                    outputLimit: Int = ExternalTool.outputLimit, stdoutFile: URL? = nil) throws -> Output {
        let fm = FileManager.default
        let out = stdoutFile ?? workingDirectory.appendingPathComponent("stdout-\(UUID().uuidString)")
        let err = workingDirectory.appendingPathComponent("stderr-\(UUID().uuidString)")
        fm.createFile(atPath: out.path, contents: nil)
        fm.createFile(atPath: err.path, contents: nil)
        defer { if stdoutFile == nil { try? fm.removeItem(at: out) }; try? fm.removeItem(at: err) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        process.currentDirectoryURL = workingDirectory
        process.standardInput = FileHandle.nullDevice
        do {
            process.standardOutput = try FileHandle(forWritingTo: out)
            process.standardError = try FileHandle(forWritingTo: err)
        } catch {
            throw ConverterError.failed(file: file, program: program, reason: "cannot create its output files: \(error.localizedDescription)")
        }
        let done = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in done.signal() }
        let cancellation = Cancellation.current
        do { try process.run() } catch {
            throw ConverterError.failed(file: file, program: program, reason: "cannot start \(path): \(error.localizedDescription)")
        }
        let started = DispatchTime.now()
        let deadline = started + .seconds(seconds)
        var polls = 0
        while done.wait(timeout: .now() + .milliseconds(50)) == .timedOut {
            polls += 1
            var stop: Error?
            if let cancellation, cancellation.isCancelled {
                do { try cancellation.check() } catch { stop = error }
            } else if DispatchTime.now() >= deadline {
                stop = ConverterError.timedOut(file: file, program: program, seconds: seconds)
            } else if size(of: out) > outputLimit || (polls % 10 == 0 && bytes(in: workingDirectory) > outputLimit) {
                stop = ConverterError.tooMuchOutput(file: file, program: program, limit: outputLimit)
            }
            if let stop {
                // Foundation starts the program as the leader of a process group of its own.
                kill(-process.processIdentifier, SIGKILL)
                kill(process.processIdentifier, SIGKILL)
                _ = done.wait(timeout: .now() + .seconds(5))
                throw stop
            }
        }
        let stdout = stdoutFile != nil ? Data() : (try? Data(contentsOf: out)) ?? Data()
        let stderr = (try? Data(contentsOf: err)) ?? Data()
        return Output(status: process.terminationStatus, stdout: stdout, stderr: stderr)
    }

    static func size(of file: URL) -> Int {
        ((try? FileManager.default.attributesOfItem(atPath: file.path))?[.size] as? Int) ?? 0
    }

    /// The bytes of the regular files in `folder` and below.
    static func bytes(in folder: URL) -> Int {
        guard let walk = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: [.fileSizeKey, .isRegularFileKey]) else { return 0 }
        var total = 0
        for case let url as URL in walk {
            guard let values = try? url.resourceValues(forKeys: [.fileSizeKey, .isRegularFileKey]), values.isRegularFile == true else { continue }
            total += values.fileSize ?? 0
        }
        return total
    }

    /// A private temporary folder (mode 700) that the caller removes.
    static func privateFolder(_ label: String, file: String) throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("wenshu-\(label)-\(getpid())-\(UUID().uuidString)", isDirectory: true)
        do {
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            throw TextInputError.unreadable(file: file, reason: "cannot create a temporary folder: \(error.localizedDescription)")
        }
        return dir
    }

    /// A regular file of at most `limit` bytes, not empty (a FIFO or device is refused: a
    /// converter would wait on it for ever).
    static func checkRegularFile(_ url: URL, limit: Int) throws {
        try DocumentReader.checkReadable(url)
        let attributes = (try? FileManager.default.attributesOfItem(atPath: url.resolvingSymlinksInPath().path)) ?? [:]
        if let type = attributes[.type] as? FileAttributeType, type != .typeRegular {
            throw TextInputError.unreadable(file: url.path, reason: "not a regular file (a device, FIFO or socket)")
        }
        let size = attributes[.size] as? Int ?? 0
        if size == 0 { throw TextInputError.empty(file: url.path) }
        if size > limit { throw TextInputError.tooLarge(file: url.path, bytes: size, limit: limit) }
    }

    /// The last lines of a program's error output, for a message.
    static func tail(_ data: Data) -> String {
        let text = String(decoding: data.suffix(2000), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        let lines = text.split(separator: "\n").suffix(3).joined(separator: " / ")
        return lines.isEmpty ? "no message" : lines
    }
}
