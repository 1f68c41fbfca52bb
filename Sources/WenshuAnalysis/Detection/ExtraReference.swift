import Foundation
import WenshuText

extension ReferenceModel {
    /// This model with another's counts added (a user's own archive next to the shipped
    /// reports): counts, documents and characters are summed, saturating at the largest value
    /// a count can hold instead of overflowing.
    public func merged(with other: ReferenceModel) -> ReferenceModel {
        var counts = self.counts
        for (k, v) in other.counts {
            let (sum, overflow) = (counts[k] ?? 0).addingReportingOverflow(v)
            counts[k] = overflow ? Int32.max : sum
        }
        let (documents, o1) = self.documents.addingReportingOverflow(other.documents)
        let (characters, o2) = self.characters.addingReportingOverflow(other.characters)
        return ReferenceModel(counts: counts, documents: o1 ? Int.max : documents, characters: o2 ? Int.max : characters)
    }
}

extension Analyzer {
    /// The same analyzer whose spin check also knows the wording of `extra` (a model built by
    /// `wenshu reference build` from the user's own archive or corpus store): a collocation seen
    /// there vouches for the draft's word, and one the archive uses with a near-synonym counts as
    /// official usage. Analyzers without a reference-based spin check are returned unchanged.
    public func addingSpinReference(_ extra: ReferenceModel) -> Analyzer {
        var copy = self
        copy.rules = rules.map { rule in
            guard let spin = rule as? SpunPhraseRule, var reference = spin.reference else { return rule }
            reference.model = reference.model.merged(with: extra)
            return SpunPhraseRule(table: spin.table, reference: reference, documentThreshold: spin.documentThreshold,
                                  agreeingSwaps: spin.agreeingSwaps, swapSpan: spin.swapSpan)
        }
        return copy
    }
}
