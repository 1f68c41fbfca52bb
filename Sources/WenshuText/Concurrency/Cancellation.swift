import Foundation

/// A flag that long work polls between its steps, so that a caller (a server's per-request time
/// limit, a client that went away) can really stop it instead of only ceasing to wait for it.
/// Set once from any thread; `check()` throws `AnalysisCancelled` once it is set.
public final class Cancellation: @unchecked Sendable {
    private let lock = NSLock()
    private var cancelled = false
    private var why: String = ""

    public init() {}

    /// Asks the work to stop at its next check; `reason` is what the thrown error says.
    public func cancel(reason: String = "the work was cancelled") {
        lock.lock(); defer { lock.unlock() }
        if !cancelled { cancelled = true; why = reason }
    }

    public var isCancelled: Bool { lock.lock(); defer { lock.unlock() }; return cancelled }

    /// Throws `AnalysisCancelled` when the flag is set.
    public func check() throws {
        lock.lock(); defer { lock.unlock() }
        if cancelled { throw AnalysisCancelled(reason: why) }
    }
}

/// Thrown by work that stopped because its `Cancellation` was set.
public struct AnalysisCancelled: LocalizedError, Sendable, Equatable {
    public let reason: String
    public var errorDescription: String? { reason }
}

extension Cancellation {
    private static let key = "wenshu.cancellation"

    /// The cancellation of the work running on this thread (`runAsCurrent`), for a step deep
    /// inside it that waits rather than computes — a converter program — to stop when the work
    /// is cancelled.
    public static var current: Cancellation? { Thread.current.threadDictionary[key] as? Cancellation }

    /// Runs `body` with this as `Cancellation.current` on this thread.
    public func runAsCurrent<T>(_ body: () throws -> T) rethrows -> T {
        let dictionary = Thread.current.threadDictionary
        let previous = dictionary[Cancellation.key]
        dictionary[Cancellation.key] = self
        defer { dictionary[Cancellation.key] = previous }
        return try body()
    }
}
