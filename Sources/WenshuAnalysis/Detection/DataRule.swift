import Foundation
import WenshuText
import Yams

/// A rule written as data, without Swift (as Vale's YAML styles): a YAML file in
/// `dictionaries/rules/` (the stock rules) or given with `--rules FILE` (an office's own).
///
/// ```yaml
/// type: existence            # flag these words or patterns; substitution: this → that
/// kind: office-term          # the finding kind (its id); a kind Wenshu declares (garbled-text)
///                            # keeps its declaration: no label, explanation, colour or fill then
/// severity: warning          # error | warning | info
/// scope: span                # span: one finding per occurrence; document: one per document with counts
/// page_text: true            # span rules: also the page's text outside every document (default false)
/// label: {en: office term, zh: 本单位用语}
/// explanation: {en: ..., zh: ...}
/// message: {en: "…{text}…", zh: "…{text}…"}
/// advice: {en: ..., zh: ...} # optional
/// tokens: [本市, 我县]        # existence: words (longest match first)
/// tokens_file: ../phrases/stock-phrases.txt   # or a word list file, relative to this one
/// patterns: ['20[Xx]{2}年']   # existence: regular expressions
/// patterns_file: ../patterns/garbled.txt  # or a pattern list, `REGEX<TAB>label<TAB>中文标签` a line
/// swap: {有关部门: 相关部门}     # substitution: wrong → right; the replacement is `right`
/// ```
///
/// In a message `{text}` is the matched text, `{replacement}` the right form and `{label}` the
/// label of the pattern that matched (from a patterns_file line, in the message's language; else
/// the kind's label); a document-scope rule has `{count}`, `{density}` (per 1,000 Han
/// characters, one decimal) and `{top}` (the five most frequent, `word×n`). Errors name the file
/// and the line.
public struct DataRule: DocumentRule, PageTextRule {
    public enum RuleType: String, Sendable { case existence, substitution }

    public let file: String
    public let type: RuleType
    public let kind: FindingKind
    public let message: Message
    public let advice: Message?
    /// Words (existence) or wrong forms (substitution), with the right form of each.
    let words: Lexicon
    /// Substitution: wrong → right.
    let rights: [String: String]
    let patterns: PatternList?
    /// Whether the rule reads the page's text outside every document too.
    public let pageText: Bool
    public var kinds: [FindingKind] { patterns == nil ? [kind] : [kind, .patternNotChecked] }

    // MARK: Loading

    /// Every `.yaml` file of a folder, in name order.
    public static func loadAll(directory: URL) throws -> [DataRule] {
        let files = (try? FileManager.default.contentsOfDirectory(at: directory, includingPropertiesForKeys: nil)) ?? []
        return try files.filter { $0.pathExtension == "yaml" || $0.pathExtension == "yml" }
            .sorted { $0.lastPathComponent < $1.lastPathComponent }
            .map { try load(contentsOf: $0) }
    }

    public static func load(contentsOf url: URL) throws -> DataRule {
        let text: String
        do throws(DataFile.Unreadable) { text = try DataFile.text(of: url, limit: YAMLGuard.maxBytes) } catch {
            throw DictionaryError.unreadable(file: error.file, reason: error.reason)
        }
        return try load(text: text, file: url)
    }

    public static func load(text: String, file url: URL) throws -> DataRule {
        let path = url.path
        func fail(_ line: Int?, _ reason: String) -> DictionaryError {
            .malformed(file: line.map { "\(path):\($0)" } ?? path, reason: reason)
        }
        if let violation = YAMLGuard.check(text) { throw fail(violation.line, violation.reason) }
        let root: Node
        do {
            guard let node = try Yams.compose(yaml: text) else { throw fail(nil, "the file is empty") }
            root = node
        } catch let e as DictionaryError { throw e } catch let e as YamlError {
            throw fail(yamlLine(e), "not valid YAML: \(e)")
        } catch { throw fail(nil, "not valid YAML: \(error)") }
        guard let map = root.mapping else { throw fail(line(root), "a rule is a mapping (type:, kind:, message: …)") }
        let known: Set<String> = ["type", "kind", "severity", "scope", "label", "explanation", "message", "advice", "tokens",
                                  "tokens_file", "patterns", "patterns_file", "swap", "colour", "fill", "page_text"]
        for (k, _) in map {
            guard let key = k.string, known.contains(key) else {
                throw fail(line(k), "unknown key '\(k.string ?? "?")'; known: \(known.sorted().joined(separator: ", "))")
            }
        }
        func string(_ key: String, required: Bool = true) throws -> String? {
            guard let n = map[key] else {
                if required { throw fail(line(root), "'\(key)' is missing") }
                return nil
            }
            guard let s = n.string, !s.isEmpty else { throw fail(line(n), "'\(key)' must be a non-empty string") }
            return s
        }
        func bilingual(_ key: String, required: Bool = true) throws -> Message? {
            guard let n = map[key] else {
                if required { throw fail(line(root), "'\(key)' is missing (en: and zh:)") }
                return nil
            }
            if let s = n.string { return Message(literal: s) }
            guard let m = n.mapping, let en = m["en"]?.string, let zh = m["zh"]?.string else {
                throw fail(line(n), "'\(key)' needs en: and zh: strings")
            }
            return Message(en: en, zh: zh)
        }
        guard let type = RuleType(rawValue: try string("type")!) else {
            throw fail(line(map["type"]!), "type must be existence or substitution")
        }
        let id = try string("kind")!
        guard id.unicodeScalars.allSatisfy({ ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }) else {
            throw fail(line(map["kind"]!), "a kind is lower-case letters, digits and '-' (office-term)")
        }
        // A kind Wenshu declares keeps its declaration (label, colour …); the rule may give it another severity.
        let declared = FindingKind.declared.first { $0.id == id }
        if declared != nil, let key = ["label", "explanation", "colour", "fill"].first(where: { map[$0] != nil }) {
            throw fail(line(map[key]!), "'\(id)' is a kind Wenshu declares: its \(key) comes from there (`wenshu kinds`); leave '\(key)' out or name a kind of your own")
        }
        let severityName = try string("severity", required: false) ?? declared?.severity.rawValue ?? "warning"
        guard let severity = Severity(rawValue: severityName) else { throw fail(line(map["severity"]!), "severity must be error, warning or info") }
        let scopeName = try string("scope", required: false) ?? declared?.scope.rawValue ?? "span"
        guard let scope = FindingKind.Scope(rawValue: scopeName) else { throw fail(line(map["scope"]!), "scope must be span or document") }
        if let declared, declared.scope != scope { throw fail(line(map["scope"]!), "'\(id)' marks a \(declared.scope.rawValue)") }
        var pageText = false
        if let n = map["page_text"] {
            guard let b = n.bool else { throw fail(line(n), "page_text is true or false") }
            if b && scope == .document { throw fail(line(n), "page_text needs scope span: a count is per document") }
            pageText = b
        }
        let message = try bilingual("message")!
        let label = try bilingual("label", required: false) ?? Message(literal: id)
        let kind: FindingKind
        if let d = declared {
            kind = FindingKind(id: id, severity: severity, label: d.label, explanation: d.explanation, colour: d.colour, fill: d.fill,
                               scope: d.scope, safeFix: d.safeFix)
        } else {
            kind = FindingKind(id: id, severity: severity, label: label,
                               explanation: try bilingual("explanation", required: false) ?? label,
                               colour: try string("colour", required: false) ?? "#5d4037",
                               fill: try string("fill", required: false) ?? "rgba(93, 64, 55, .16)",
                               scope: scope, safeFix: false)
        }

        var words: [String] = []
        var rights: [String: String] = [:]
        var patterns: [PatternList.Entry] = []
        switch type {
        case .existence:
            if let n = map["tokens"] {
                guard let seq = n.sequence else { throw fail(line(n), "tokens is a list of words") }
                for t in seq {
                    guard let w = t.string, !w.isEmpty else { throw fail(line(t), "a token must be a non-empty string") }
                    words.append(w)
                }
            }
            if let n = map["tokens_file"] {
                guard let rel = n.string else { throw fail(line(n), "tokens_file is a path") }
                let list = url.deletingLastPathComponent().appendingPathComponent(rel)
                words += try WordList.load(contentsOf: list)
            }
            if let n = map["patterns"] {
                guard let seq = n.sequence else { throw fail(line(n), "patterns is a list of regular expressions") }
                for p in seq {
                    guard let s = p.string, !s.isEmpty else { throw fail(line(p), "a pattern must be a non-empty string") }
                    // ICU first (an invalid pattern is said as such), then the backtracking check.
                    do { _ = try ICURegexSet(patterns: [s]) } catch {
                        let reason = (error as? ICURegexError).map { " (\($0.reason) at offset \($0.offset))" } ?? ""
                        throw fail(line(p), "the regular expression '\(s)' is invalid\(reason)")
                    }
                    if let problem = PatternSafety.problem(s) { throw fail(line(p), "the regular expression '\(s)' is refused: \(problem)") }
                    patterns.append(PatternList.Entry(pattern: s, fields: []))
                }
            }
            if let n = map["patterns_file"] {
                guard let rel = n.string else { throw fail(line(n), "patterns_file is a path") }
                let list = url.deletingLastPathComponent().appendingPathComponent(rel)
                patterns += try PatternList.load(contentsOf: list).entries
            }
            if words.isEmpty && patterns.isEmpty { throw fail(line(root), "an existence rule needs tokens, tokens_file, patterns or patterns_file") }
        case .substitution:
            guard let n = map["swap"], let m = n.mapping, !m.isEmpty else {
                throw fail(line(map["swap"] ?? root), "a substitution rule needs swap: a mapping of wrong: right")
            }
            for (k, v) in m {
                guard let wrong = k.string, !wrong.isEmpty, let right = v.string else { throw fail(line(k), "each swap is wrong: right, two strings") }
                words.append(wrong)
                rights[wrong] = right
            }
            if scope == .document { throw fail(line(map["scope"]!), "a substitution rule marks spans") }
        }
        var b = LexiconBuilder()
        for w in words { b.add(w, frequency: 1) }
        return DataRule(file: path, type: type, kind: kind, message: message, advice: try bilingual("advice", required: false),
                        words: b.build(), rights: rights, patterns: patterns.isEmpty ? nil : try PatternList(entries: patterns, file: path),
                        pageText: pageText)
    }

    static func line(_ n: Node) -> Int? { n.mark.map { $0.line } }
    static func yamlLine(_ e: YamlError) -> Int? {
        switch e {
        // Where the construct that is broken starts (an unclosed {…} from its brace), else where it broke.
        case let .scanner(context, _, mark, _), let .parser(context, _, mark, _), let .composer(context, _, mark, _):
            return context?.mark.line ?? mark.line
        default: return nil
        }
    }

    // MARK: Checking

    public func check(_ d: DocumentContext) -> [Finding] {
        // A count over the document reads its body, as the density of 套话 always has; spans
        // are flagged in the title too.
        var stopped: [Finding] = []
        let hits = self.hits(in: kind.scope == .document ? d.paragraphs : d.textParagraphs, factory: d.findings, stopped: &stopped)
        let f = d.findings
        if kind.scope == .document {
            // A count that missed the matches of a stopped search says so beside its figure.
            guard !hits.isEmpty, let first = d.paragraphs.first, let last = d.paragraphs.last else { return stopped }
            let han = d.paragraphs.reduce(0) { $0 + $1.scalars.filter(CharacterClass.isHan).count }
            guard han > 0 else { return stopped }
            var counts: [String: Int] = [:]
            for h in hits { counts[f.text.text(in: h.range), default: 0] += 1 }
            let top = counts.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.prefix(5).map { "\($0.key)×\($0.value)" }.joined(separator: " ")
            let values = ["count": "\(hits.count)", "density": String(format: "%.1f", Double(hits.count) * 1000 / Double(han)), "top": top,
                          "label": kind.label.en]
            var zh = values
            zh["label"] = kind.label.zh
            return stopped + [f.make(kind, fill(message, en: values, zh: zh), normalized: TextRange(start: first.range.start, end: last.range.end),
                                     advice: advice.map { fill($0, en: values, zh: zh) })]
        }
        return stopped + spanFindings(hits, factory: f)
    }

    /// The page's text outside every document, for a span rule with `page_text: true`.
    public func check(pageText paragraphs: [Paragraph], factory: FindingFactory, words: WordOracle) -> [Finding] {
        guard pageText, kind.scope == .span else { return [] }
        var stopped: [Finding] = []
        let found = hits(in: paragraphs, factory: factory, stopped: &stopped)
        return stopped + spanFindings(found, factory: factory)
    }

    /// Each word (longest first) and each pattern match that overlaps no earlier one, by paragraph.
    /// A pattern whose search ICU stopped in a paragraph adds a `patternNotChecked` finding to `stopped`.
    func hits(in paragraphs: [Paragraph], factory: FindingFactory, stopped: inout [Finding]) -> [(range: TextRange, right: String?, entry: PatternList.Entry?)] {
        var hits: [(range: TextRange, right: String?, entry: PatternList.Entry?)] = []
        for p in paragraphs {
            var taken = ClaimedSpans(length: p.scalars.count)
            p.scalars.withUnsafeBufferPointer { buf in
                var i = 0
                while i < buf.count {
                    var best = 0
                    words.forEachMatch(in: buf, at: i) { len, _ in best = max(best, len) }
                    guard best > 0 else { i += 1; continue }
                    let len = best
                    taken.claim(i..<(i + len))
                    let right = type == .substitution ? rights[String(String.UnicodeScalarView(buf[i..<(i + len)].compactMap(Unicode.Scalar.init)))] : nil
                    hits.append((TextRange(start: p.range.start + i, end: p.range.start + i + len), right, nil))
                    i += len
                }
            }
            if let patterns {
                let (matches, halted) = patterns.search(in: p)
                stopped += patterns.notChecked(halted, in: p, what: kind.label, factory: factory)
                for (r, e) in matches where !r.isEmpty && !taken.overlaps(r) {
                    taken.claim(r)
                    hits.append((TextRange(start: p.range.start + r.lowerBound, end: p.range.start + r.upperBound), nil, e))
                }
            }
        }
        return hits
    }

    func spanFindings(_ hits: [(range: TextRange, right: String?, entry: PatternList.Entry?)], factory f: FindingFactory) -> [Finding] {
        hits.sorted { $0.range.start < $1.range.start }.map { h in
            // A pattern's label: its first field in English, its second (else the first) in Chinese.
            let fields = h.entry?.fields ?? []
            let en = ["text": f.text.text(in: h.range), "replacement": h.right ?? "", "label": fields.first ?? kind.label.en]
            var zh = en
            zh["label"] = fields.count > 1 ? fields[1] : fields.first ?? kind.label.zh
            return f.make(kind, fill(message, en: en, zh: zh), normalized: h.range, replacement: h.right,
                          advice: advice.map { fill($0, en: en, zh: zh) })
        }
    }

    /// The message with each `{name}` of `values` put in, in one pass (a value that holds a
    /// `{…}` of its own is left as it is); other braces stay.
    func fill(_ m: Message, en: [String: String], zh: [String: String]) -> Message {
        func sub(_ s: String, _ values: [String: String]) -> String {
            var out = ""
            var rest = s[...]
            while let open = rest.firstIndex(of: "{") {
                out += rest[..<open]
                if let close = rest[open...].firstIndex(of: "}"), let v = values[String(rest[rest.index(after: open)..<close])] {
                    out += v
                    rest = rest[rest.index(after: close)...]
                } else {
                    out.append("{")
                    rest = rest[rest.index(after: open)...]
                }
            }
            return out + rest
        }
        return Message(en: sub(m.en, en), zh: sub(m.zh, zh))
    }
}

extension DataRule: RegisteredRule {
    /// The stock rules written as data: every YAML file of dictionaries/rules/.
    public static let order = 900
    public static func rules(_ setup: RuleSetup) throws -> [any DocumentRule] {
        try DataRule.loadAll(directory: setup.dictionaries.url("rules"))
    }
}
