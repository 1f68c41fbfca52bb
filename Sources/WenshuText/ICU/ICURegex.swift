import CICU
import Foundation

/// Regular expressions compiled once by ICU and matched on UTF-16 text in place — the syntax
/// and matching of `NSRegularExpression` (which is ICU too), without Foundation copying and
/// transcoding the string for every search, which made 138 patterns over a 50 MB line take
/// minutes. Thread-safe: each thread takes its own clones from a pool while it matches.
public final class ICURegexSet: @unchecked Sendable {
    public let patterns: [String]
    private let masters: [OpaquePointer]
    private var pool: [[OpaquePointer]] = []
    private let lock = NSLock()

    /// Compiles every pattern; a bad one throws `ICURegexError` with its index and ICU's reason.
    public init(patterns: [String]) throws {
        var compiled: [OpaquePointer] = []
        for (k, p) in patterns.enumerated() {
            let units = Array(p.utf16)
            var status: Int32 = 0, offset: Int32 = 0
            guard let h = wenshu_regex_open(units, Int32(units.count), &offset, &status), status <= 0 else {
                compiled.forEach { wenshu_regex_close($0) }
                throw ICURegexError(index: k, pattern: p, reason: String(cString: wenshu_error_name(status)), offset: Int(offset))
            }
            compiled.append(h)
        }
        masters = compiled
        self.patterns = patterns
    }

    deinit {
        masters.forEach { wenshu_regex_close($0) }
        pool.joined().forEach { wenshu_regex_close($0) }
    }

    /// The non-empty matches of every pattern in `text` (UTF-16 units), as UTF-16 ranges,
    /// pattern by pattern, each pattern's in order.
    public func matches(in text: [UInt16]) -> [[Range<Int>]] {
        guard !masters.isEmpty else { return [] }
        let set = checkOut()
        defer { checkIn(set) }
        var out: [[Range<Int>]] = []
        out.reserveCapacity(set.count)
        var capacity = 64
        var starts = [Int32](repeating: 0, count: capacity), ends = [Int32](repeating: 0, count: capacity)
        for re in set {
            var status: Int32 = 0
            var n = Int(wenshu_regex_find_all(re, text, Int32(clamping: text.count), &starts, &ends, Int32(capacity), &status))
            if n > capacity {
                capacity = n
                starts = [Int32](repeating: 0, count: capacity); ends = [Int32](repeating: 0, count: capacity)
                n = Int(wenshu_regex_find_all(re, text, Int32(clamping: text.count), &starts, &ends, Int32(capacity), &status))
            }
            // A failure inside matching (ICU's time or stack limit) ends that pattern's matches.
            n = min(n, capacity)
            out.append((0..<n).map { Int(starts[$0])..<Int(ends[$0]) })
        }
        return out
    }

    /// Whether pattern `k` has a non-empty match in `text` (UTF-16 units); false for no such pattern.
    public func contains(pattern k: Int, in text: [UInt16]) -> Bool {
        guard masters.indices.contains(k) else { return false }
        let set = checkOut()
        defer { checkIn(set) }
        var start: Int32 = 0, end: Int32 = 0, status: Int32 = 0
        return wenshu_regex_find_all(set[k], text, Int32(clamping: text.count), &start, &end, 1, &status) > 0
    }

    private func checkOut() -> [OpaquePointer] {
        lock.lock()
        if let set = pool.popLast() { lock.unlock(); return set }
        lock.unlock()
        return masters.map { m in
            var status: Int32 = 0
            return wenshu_regex_clone(m, &status) ?? m
        }
    }

    private func checkIn(_ set: [OpaquePointer]) {
        // A clone that failed (the master stood in) is never pooled.
        guard zip(set, masters).allSatisfy({ $0 != $1 }) else { return }
        lock.lock(); pool.append(set); lock.unlock()
    }
}

/// A pattern ICU could not compile.
public struct ICURegexError: LocalizedError, Sendable {
    public let index: Int
    public let pattern: String
    public let reason: String
    public let offset: Int
    public var errorDescription: String? { "the regular expression '\(pattern)' is invalid (\(reason) at offset \(offset))" }
}
