/// Character alignment of a draft's stream against a source's stream, around matching seeds.
///
/// A seed (a shared winnowed fingerprint) says only that k characters agree. The passage around
/// it is found by extending the seed in both directions with a banded X-drop alignment (as
/// BLAST's gapped extension): each further character of the draft is aligned with the source
/// within a band of ±`band` characters, a matching character scores +1, a changed one −2, a
/// character inserted or left out −3 (so the alignment pays only while at least two characters
/// in three agree); the extension stops when the score falls `xDrop` below the
/// best score reached, and the passage ends at that best point — the last aligned character that
/// still pays for what precedes it. So a changed character, a word spun to one of another length
/// or two words swapped cost a little and the alignment continues past them, and any text the
/// source continues with (common formulas included) is covered while it agrees.
public enum CopyAligner {
    public static let band = 8
    public static let xDrop = 10
    static let matchScore: Int32 = 1, mismatchScore: Int32 = -2, gapScore: Int32 = -3

    /// How far an extension reached: characters of the draft and of the source it covers, and
    /// how many of them are aligned matches.
    public struct Reach: Sendable, Equatable {
        public var draft: Int
        public var source: Int
        public var matches: Int
    }

    /// Extends from draft position `i` and source position `j` forward (aligning `a[i...]` with
    /// `b[j...]`) or backward (aligning `a[..<i]` reversed with `b[..<j]` reversed).
    public static func extend(_ a: UnsafeBufferPointer<UInt32>, _ i: Int, _ b: UnsafeBufferPointer<UInt32>, _ j: Int,
                              forward: Bool) -> Reach {
        let n = forward ? a.count - i : i
        let m = forward ? b.count - j : j
        if n <= 0 || m <= 0 { return Reach(draft: 0, source: 0, matches: 0) }
        let width = 2 * band + 1
        let minusInf = Int32.min / 4
        // Row t (draft characters consumed), diagonal slot d: source characters u = t + d − band.
        var prevScore = [Int32](repeating: minusInf, count: width), prevMatch = [Int32](repeating: 0, count: width)
        var curScore = prevScore, curMatch = prevMatch
        for d in band..<width where d - band <= m { prevScore[d] = gapScore * Int32(d - band) }
        var best: Int32 = 0, bestT = 0, bestU = 0, bestMatches: Int32 = 0
        @inline(__always) func ch(_ s: UnsafeBufferPointer<UInt32>, _ start: Int, _ k: Int) -> UInt32 {
            forward ? s[start + k] : s[start - 1 - k]
        }
        var t = 1
        while t <= n {
            var rowBest = minusInf
            for d in 0..<width {
                let u = t + d - band
                if u < 0 || u > m { curScore[d] = minusInf; curMatch[d] = 0; continue }
                var s = minusInf, mt: Int32 = 0
                if u >= 1, prevScore[d] > minusInf {
                    let same = ch(a, i, t - 1) == ch(b, j, u - 1)
                    s = prevScore[d] + (same ? matchScore : mismatchScore); mt = prevMatch[d] + (same ? 1 : 0)
                }
                if d + 1 < width, prevScore[d + 1] > minusInf, prevScore[d + 1] + gapScore > s {
                    s = prevScore[d + 1] + gapScore; mt = prevMatch[d + 1]
                }
                if d > 0, curScore[d - 1] > minusInf, curScore[d - 1] + gapScore > s {
                    s = curScore[d - 1] + gapScore; mt = curMatch[d - 1]
                }
                if s < best - Int32(xDrop) { s = minusInf; mt = 0 }
                curScore[d] = s; curMatch[d] = mt
                if s > rowBest { rowBest = s }
                // Ties go to the longer extension: a changed character right before the end
                // does not cut off the matching characters after it.
                if s > minusInf, u >= 1, ch(a, i, t - 1) == ch(b, j, u - 1), s >= best {
                    best = s; bestT = t; bestU = u; bestMatches = mt
                }
            }
            if rowBest == minusInf { break }
            swap(&prevScore, &curScore); swap(&prevMatch, &curMatch)
            t += 1
        }
        return Reach(draft: bestT, source: bestU, matches: Int(bestMatches))
    }
}
