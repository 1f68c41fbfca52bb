import Foundation

extension String {
    /// Whether `other` occurs in this string, compared byte for byte in UTF-8.
    ///
    /// For normalised text this is what `contains` means, without Foundation's search, which on
    /// Linux goes through CFString, folds character clusters and copies — it was an eighth of
    /// `check`'s time when a reference structure's headings were looked for in every paragraph.
    public func containsLiteral(_ other: String) -> Bool {
        if other.isEmpty { return true }
        var haystack = self, needle = other
        return haystack.withUTF8 { h in
            needle.withUTF8 { n in
                guard n.count <= h.count, let hb = h.baseAddress, let nb = n.baseAddress else { return false }
                let first = n[0], last = h.count - n.count
                var i = 0
                while i <= last {
                    if h[i] == first && memcmp(hb + i, nb, n.count) == 0 { return true }
                    i += 1
                }
                return false
            }
        }
    }
}
