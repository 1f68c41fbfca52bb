import Foundation

/// Works through `count` items on one thread per worker and hands each result to `emit` on the
/// calling thread, in item order, as soon as it and every earlier one are done — so that a
/// command over thousands of files writes each file's report as it is made and holds at most
/// `window` results at once (`parallelMap` keeps them all until the end: `check` on 3,000 files
/// held every file's analysis; hostile tester, session 10).
///
/// Workers take items in order and never run more than `window` items ahead of the one `emit` is
/// waiting for. The first error (by item order) thrown by `body`, or any error thrown by `emit`,
/// stops the workers taking new items; the ones in progress finish, and it is rethrown. Items
/// after a failed one are never emitted.
public func orderedStream<Worker, Result>(_ count: Int, workers: [Worker], window: Int? = nil,
                                          _ body: (Worker, Int) throws -> Result,
                                          emit: (Int, Result) throws -> Void) throws {
    precondition(!workers.isEmpty, "orderedStream needs at least one worker")
    if workers.count == 1 || count <= 1 {
        for i in 0..<count { try emit(i, try body(workers[0], i)) }
        return
    }
    // The threads are joined before this returns (the defer below), so `body` does not escape.
    try withoutActuallyEscaping(body) { body in
        nonisolated(unsafe) let body = body
        try stream(count, workers: workers, window: window, body, emit: emit)
    }
}

private func stream<Worker, Result>(_ count: Int, workers: [Worker], window: Int?,
                                    _ body: @escaping (Worker, Int) throws -> Result,
                                    emit: (Int, Result) throws -> Void) throws {
    // The threads reach `body` through the state, which lets go of it once they have exited
    // (a Thread keeps its block: captured there, the closure would outlive this call).
    let state = OrderedStreamState<Worker, Result>(window: max(window ?? 2 * workers.count, workers.count), body: body)
    var threads: [Thread] = []
    for w in workers.indices {
        nonisolated(unsafe) let worker = workers[w]
        let thread = Thread {
            while let (i, body) = state.take(count) {
                let result = Swift.Result { try body(worker, i) }
                state.put(i, result)
            }
            state.finished()
        }
        thread.stackSize = 8 << 20  // as the main thread: the outline and the XML reader recurse
        threads.append(thread)
    }
    threads.forEach { $0.start() }
    defer { state.stopAndWait(threads: threads.count) }
    for i in 0..<count {
        let result = state.wait(for: i)
        try emit(i, try result.get())
    }
}

/// The shared state of `orderedStream`, behind one condition.
private final class OrderedStreamState<Worker, Result>: @unchecked Sendable {
    private let condition = NSCondition()
    private var body: ((Worker, Int) throws -> Result)?
    private var next = 0          // the next item a worker takes
    private var emitted = 0       // the item the caller waits for
    private var done: [Int: Swift.Result<Result, any Error>] = [:]
    private var stopped = false
    private var running = 0
    private var exited = 0
    private let window: Int

    init(window: Int, body: @escaping (Worker, Int) throws -> Result) {
        self.window = window
        self.body = body
    }

    /// The next item for a worker, waiting while it would run too far ahead; nil when there is
    /// none left or the stream was stopped.
    func take(_ count: Int) -> (Int, (Worker, Int) throws -> Result)? {
        condition.lock()
        defer { condition.unlock() }
        while !stopped && next < count && next >= emitted + window { condition.wait() }
        guard !stopped, next < count, let body else { return nil }
        next += 1
        running += 1
        return (next - 1, body)
    }

    func put(_ i: Int, _ result: Swift.Result<Result, any Error>) {
        condition.lock()
        done[i] = result
        running -= 1
        // A failed item: no worker need start another (the caller rethrows it once it is reached).
        if case .failure = result { stopped = true }
        condition.broadcast()
        condition.unlock()
    }

    func finished() {
        condition.lock()
        exited += 1
        condition.broadcast()
        condition.unlock()
    }

    /// Item `i`'s result, once it is done; the window moves past it.
    func wait(for i: Int) -> Swift.Result<Result, any Error> {
        condition.lock()
        defer { condition.unlock() }
        while done[i] == nil { condition.wait() }
        let result = done.removeValue(forKey: i)!
        emitted = i + 1
        condition.broadcast()
        return result
    }

    /// Stops the workers taking items and waits until every one has exited.
    func stopAndWait(threads: Int) {
        condition.lock()
        stopped = true
        condition.broadcast()
        while exited < threads { condition.wait() }
        body = nil
        condition.unlock()
    }
}
