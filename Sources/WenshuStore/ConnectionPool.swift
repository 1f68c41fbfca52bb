import Foundation
import Logging
import PostgresNIO

/// A small pool of PostgreSQL connections for the synchronous store: a caller takes a
/// connection of its own for a statement or a transaction and gives it back; a connection is
/// opened when every open one is busy and fewer than `size` are open, else the caller waits.
/// A connection found closed (the server went away) is dropped, and the next caller opens a new
/// one. Callers block: never call it from an event loop.
final class ConnectionPool: @unchecked Sendable {
    typealias Connect = @Sendable (_ id: Int, _ logger: Logger) throws -> PostgresConnection

    let size: Int
    let logger: Logger
    private let connect: Connect
    private let condition = NSCondition()
    private var idle: [PostgresConnection] = []
    private var open = 0
    private var nextID = 1

    init(size: Int, logger: Logger, connect: @escaping Connect) {
        self.size = size
        self.logger = logger
        self.connect = connect
    }

    deinit {
        for c in idle { try? c.close().wait() }
    }

    var openCount: Int {
        condition.lock(); defer { condition.unlock() }
        return open
    }

    /// Runs `body` on a connection no other caller uses meanwhile.
    func with<T>(_ body: (PostgresConnection) throws -> T) throws -> T {
        let connection = try take()
        defer { give(connection) }
        return try body(connection)
    }

    private func take() throws -> PostgresConnection {
        condition.lock()
        while idle.isEmpty && open >= size { condition.wait() }
        if let c = idle.popLast() {
            condition.unlock()
            return c
        }
        open += 1
        let id = nextID
        nextID += 1
        condition.unlock()
        do {
            return try connect(id, logger)
        } catch {
            condition.lock()
            open -= 1
            condition.signal()
            condition.unlock()
            throw error
        }
    }

    private func give(_ c: PostgresConnection) {
        condition.lock()
        if c.isClosed { open -= 1 } else { idle.append(c) }
        condition.signal()
        condition.unlock()
    }
}
