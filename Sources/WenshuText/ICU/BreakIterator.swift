import CICU

/// An ICU break iterator (word or sentence boundaries). Not thread-safe: one per thread.
/// The handle is closed when the value is released.
public final class ICUBreakIterator {
    public enum Kind: Int32, Sendable { case word = 1, sentence = 3 }

    /// ICU's rule status values for word segments (UWordBreakTag ranges).
    public enum WordStatus {
        public static let noneLimit: Int32 = 100     // spaces, punctuation
        public static let numberLimit: Int32 = 200   // numbers
        public static let letterLimit: Int32 = 300   // Latin and other letters
        public static let kanaLimit: Int32 = 400     // kana
        public static let ideoLimit: Int32 = 500     // ideographs (dictionary words)
    }

    private let handle: OpaquePointer
    /// The boundaries and rule statuses found by the last `fill`; valid up to the count it returned.
    public private(set) var boundaries: [Int32] = []
    public private(set) var statuses: [Int32] = []
    public let kind: Kind

    public init(kind: Kind, locale: String = "zh") throws {
        var status: Int32 = 0
        guard let h = wenshu_break_open(kind.rawValue, locale, &status) else {
            throw ICUError(code: status == 0 ? 1 : status, operation: "opening a \(kind) break iterator")
        }
        try ICUError.check(status, "opening a \(kind) break iterator")
        handle = h
        self.kind = kind
    }

    deinit { wenshu_break_close(handle) }

    /// Boundaries of a UTF-16 text (always including 0 and the length) and, per boundary, the
    /// rule status of the segment ending there.
    public func boundaries(of utf16: UnsafeBufferPointer<UInt16>) throws -> (offsets: [Int32], statuses: [Int32]) {
        let n = try fill(utf16)
        return (Array(boundaries[0..<n]), Array(statuses[0..<n]))
    }

    /// Finds the boundaries into `boundaries` and `statuses` without allocating; returns how many.
    public func fill(_ utf16: UnsafeBufferPointer<UInt16>) throws -> Int {
        let needed = max(utf16.count + 2, 16)
        if boundaries.count < needed {
            boundaries = [Int32](repeating: 0, count: needed)
            statuses = [Int32](repeating: 0, count: needed)
        }
        var status: Int32 = 0
        let capacity = Int32(boundaries.count)
        let n = boundaries.withUnsafeMutableBufferPointer { b in
            statuses.withUnsafeMutableBufferPointer { s in
                wenshu_break_all(handle, utf16.baseAddress, Int32(utf16.count), b.baseAddress, s.baseAddress, capacity, &status)
            }
        }
        try ICUError.check(status, "\(kind) break iteration")
        precondition(n <= capacity, "a text of n code units has at most n + 1 boundaries")
        return Int(n)
    }

    /// Boundaries of a UTF-16 array.
    public func boundaries(of utf16: [UInt16]) throws -> (offsets: [Int32], statuses: [Int32]) {
        try utf16.withUnsafeBufferPointer { try boundaries(of: $0) }
    }
}
