import Foundation

/// Finds a byte string (a multipart delimiter) in a request body in time linear in the body,
/// whatever the two hold: Knuth–Morris–Pratt, which never looks at a byte of the body twice
/// except to fall back along the needle's own borders (at most one fall-back per byte read).
/// Foundation's `Data.range(of:)` compares the needle at every start, so a preamble of
/// near-misses of a 200-byte boundary (`---…-x` repeated) cost body × boundary comparisons.
struct ByteSearch: Sendable {
    let needle: [UInt8]
    /// `border[i]`: the length of the longest proper prefix of `needle[0...i]` that is also
    /// its suffix.
    private let border: [Int]

    init(_ needle: [UInt8]) {
        precondition(!needle.isEmpty, "an empty needle")
        self.needle = needle
        var border = [Int](repeating: 0, count: needle.count)
        var k = 0
        for i in 1..<max(1, needle.count) {
            while k > 0 && needle[i] != needle[k] { k = border[k - 1] }
            if needle[i] == needle[k] { k += 1 }
            border[i] = k
        }
        self.border = border
    }

    init(_ needle: Data) { self.init([UInt8](needle)) }

    /// The first occurrence of the needle in `data[range]` (the whole of `data` when nil), as
    /// indices of `data`. `steps` counts the comparisons made (at most twice the bytes
    /// searched), for the tests that hold the search to linear time.
    func firstRange(in data: Data, within range: Range<Data.Index>? = nil, steps: inout Int) -> Range<Data.Index>? {
        let r = range ?? data.startIndex..<data.endIndex
        guard r.count >= needle.count else { return nil }
        let base = data.startIndex
        return data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) -> Range<Data.Index>? in
            let bytes = raw.bindMemory(to: UInt8.self)
            let m = needle.count
            var j = 0
            var i = r.lowerBound - base
            let end = r.upperBound - base
            var count = 0
            defer { steps += count }
            while i < end {
                if j == 0 {
                    // Nothing matched yet: skip to the next byte that can start the needle.
                    guard let found = memchr(raw.baseAddress! + i, Int32(needle[0]), end - i) else {
                        count += end - i
                        return nil
                    }
                    let next = raw.baseAddress!.distance(to: UnsafeRawPointer(found))
                    count += next - i
                    i = next
                }
                let b = bytes[i]
                count += 1
                while j > 0 && b != needle[j] {
                    j = border[j - 1]
                    count += 1
                }
                if b == needle[j] {
                    j += 1
                    if j == m { return (base + i + 1 - m)..<(base + i + 1) }
                }
                i += 1
            }
            return nil
        }
    }

    func firstRange(in data: Data, within range: Range<Data.Index>? = nil) -> Range<Data.Index>? {
        var steps = 0
        return firstRange(in: data, within: range, steps: &steps)
    }
}
