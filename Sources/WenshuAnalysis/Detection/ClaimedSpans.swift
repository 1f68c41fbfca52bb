/// The spans of one paragraph already claimed by a finding, for rules that keep the first of
/// overlapping matches (junk, placeholders, word and pattern rules). Checking and claiming a span
/// cost its length, not the number of spans claimed so far: a paragraph holding a million
/// placeholders is checked in linear time (a list of the claimed ranges made it quadratic).
/// `overlaps` answers as `Range.overlaps` would against any claimed range: an empty range
/// overlaps nothing, and positions outside the paragraph are never claimed.
struct ClaimedSpans {
    private var covered: [Bool]

    init(length: Int) { covered = [Bool](repeating: false, count: max(0, length)) }

    private func clamped(_ r: Range<Int>) -> Range<Int> {
        let lower = min(max(r.lowerBound, 0), covered.count)
        return lower..<min(max(r.upperBound, lower), covered.count)
    }

    func overlaps(_ r: Range<Int>) -> Bool {
        clamped(r).contains { covered[$0] }
    }

    mutating func claim(_ r: Range<Int>) {
        for i in clamped(r) { covered[i] = true }
    }
}
