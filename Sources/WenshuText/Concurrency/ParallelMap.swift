import Dispatch

/// Maps `count` items on one thread per worker, each worker used by its thread alone — for
/// values that are not thread-safe, such as a `Segmenter` and its ICU break iterator: make one
/// per thread (`Segmenter.copy()`) and pass them as `workers`. Worker `w` takes items `w`,
/// `w + workers.count`, …; the results come back in item order, so output does not depend on
/// how many workers there are. The first error thrown (by item order) is rethrown.
public func parallelMap<Worker, Result>(_ count: Int, workers: [Worker],
                                        _ body: (Worker, Int) throws -> Result) throws -> [Result] {
    precondition(!workers.isEmpty, "parallelMap needs at least one worker")
    if workers.count == 1 || count <= 1 {
        return try (0..<count).map { try body(workers[0], $0) }
    }
    var results = [Swift.Result<Result, any Error>?](repeating: nil, count: count)
    try withoutActuallyEscaping(body) { body in
        nonisolated(unsafe) let body = body
        nonisolated(unsafe) let workers = workers
        results.withUnsafeMutableBufferPointer { buffer in
            // Each item's slot is written by exactly one thread.
            nonisolated(unsafe) let slots = buffer
            DispatchQueue.concurrentPerform(iterations: min(workers.count, count)) { w in
                var i = w
                while i < count {
                    slots[i] = Swift.Result { try body(workers[w], i) }
                    i += workers.count
                }
            }
        }
    }
    return try results.map { try $0!.get() }
}
