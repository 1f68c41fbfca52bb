import Foundation
import WenshuText

/// One document of a page, analysed.
public struct AnalyzedDocument: Sendable {
    public let index: Int
    public let title: String?
    public let kind: DocumentKind
    public let structure: ReferenceStructure?
    /// What chose the structure: its title, its opening, or `--structure`.
    public let structureChoice: StructureChoice?
    public let years: YearInfo
    /// Normalised range of the whole document.
    public let range: TextRange
    public let paragraphs: [Paragraph]
    public let outline: Outline
    public let sections: [SectionStatus]
    public var findings: [Finding]
    /// What the copy check found (ratio, passages with their sources' text, per-section ratios),
    /// computed once; nil when no copy check ran (no template library, no store).
    public var copy: CopyResult? = nil
}

/// What chose a document's reference structure.
public enum StructureChoice: String, Sendable, Codable {
    /// The title's words (政协工作总结和工作计划).
    case title
    /// The first paragraphs, when the title says nothing or there is none (共收到…提案).
    case opening
    /// The outline: top-level headings name every required part (一、基本情况 … 三、对策建议).
    case outline
    /// `--structure`.
    case option
}

/// A file, analysed: its documents and what belongs to none of them.
public struct PageAnalysis: Sendable {
    public let file: String
    public let format: String
    public let text: NormalizedText
    public let documents: [AnalyzedDocument]
    public let pageParagraphs: [Paragraph]
    public var pageFindings: [Finding]
    /// The language the findings' messages are in (and the text report's words).
    public var language: ReportLanguage = .en
    /// What the reader took out as printed page furniture (a PDF's running headers, page numbers).
    public var furniture: [PrintedFurniture] = []

    /// The kinds the analyzer can report: what the reports read labels, colours and scopes from.
    public var kinds = FindingKindRegistry([])

    /// The worst severity of any finding.
    public var worstSeverity: Severity? {
        // Read in place: a long line can have a million findings, not worth copying to compare.
        var worst = pageFindings.lazy.map(\.severity).max()
        for d in documents {
            if let w = d.findings.lazy.map(\.severity).max(), worst.map({ w > $0 }) ?? true { worst = w }
        }
        return worst
    }
}

/// The pipeline: source → normalised text → paragraphs → documents → outline and sections →
/// checks. Each stage runs once; later stages never re-read the file.
public struct Analyzer: Sendable {
    public let structures: StructureLibrary
    /// Texts of no genre (news, speeches, notices, how-to articles): no structure is chosen for them.
    public var notAGenre = NotAGenre()
    /// A structure forced for every document (--structure), instead of choosing by title.
    public var forcedStructure: ReferenceStructure?
    public var rules: [any DocumentRule]
    /// Patterns of template-site furniture, for the page-level text.
    public let junkPatterns: PatternList?
    public let normalization: NormalizationOptions
    /// Old printed variants ICU's Traditional → Simplified conversion leaves (衞 → 卫), for a
    /// text that is mostly Traditional (dictionaries/patterns/simplified-variants.txt).
    public var variants: [UInt32: UInt32] = [:]
    /// The language of finding messages and suggestions (`--lang`).
    public var language: ReportLanguage = .en
    /// Tells a dictionary word, for the checks that ask whether a space or a stop is inside one.
    public var words = WordOracle()
    /// Polled between the stages, the documents and the rules: set it (from another thread) to
    /// stop an analysis, which then throws `AnalysisCancelled`.
    public var cancellation: Cancellation? = nil

    public init(structures: StructureLibrary, forcedStructure: ReferenceStructure? = nil,
                rules: [any DocumentRule] = [NumberingRule()], junkPatterns: PatternList? = nil,
                normalization: NormalizationOptions = .documents) {
        self.structures = structures
        self.forcedStructure = forcedStructure
        self.rules = rules
        self.junkPatterns = junkPatterns
        self.normalization = normalization
    }

    /// Every check, with the data files of the dictionaries folder; `templates` (files or
    /// folders) turn on copy detection against them.
    public init(dictionaries: Dictionaries, forcedStructure: ReferenceStructure? = nil, templates: [URL] = []) throws {
        let junk = try PatternList.load(contentsOf: dictionaries.url("patterns/junk.txt"))
        // Every registered rule (RuleRegistry.types, generated at build time from the sources).
        let rules = try RuleRegistry.rules(RuleSetup(dictionaries: dictionaries, templates: templates))
        self.init(structures: try StructureLibrary.load(directory: dictionaries.url("structures")), forcedStructure: forcedStructure,
                  rules: rules, junkPatterns: junk)
        variants = try SimplifiedVariants.load(contentsOf: dictionaries.simplifiedVariants)
        var lexicon = LexiconBuilder()
        try lexicon.load(contentsOf: dictionaries.domainLexicon)
        words = WordOracle(lexicon: lexicon.build())
        notAGenre = try NotAGenre.load(contentsOf: dictionaries.url("patterns/not-a-genre.txt"))
    }

    /// Every kind this analyzer can report, each once: its rules' (in their order), then every
    /// kind declared in WenshuAnalysis (`FindingKind.declared`, generated at build time).
    public var findingKinds: FindingKindRegistry {
        FindingKindRegistry(rules.flatMap(\.kinds) + FindingKind.declared)
    }

    public func analyze(_ source: SourceDocument) throws -> PageAnalysis {
        // A text mostly in Traditional characters (the 1954 report) is read as Simplified, as
        // every list and pattern of the checks is: one character for one, so positions stay the
        // original's. A page-level note says so.
        let original = SourceText(source.text)
        var options = normalization
        let traditional = try !options.toSimplified && TraditionalDetector().isMostlyTraditional(original.scalars)
        if traditional {
            options.toSimplified = true
            options.variants = variants
        }
        try cancellation?.check()
        let text = try Normalizer(options: options).normalize(original)
        try cancellation?.check()
        let junkPatterns = self.junkPatterns
        // Junk patterns stopped while a paragraph was classified as page furniture or not: the
        // junk rule says so at the paragraph (`DocumentContext.furnitureNotChecked`).
        var furnitureNotChecked: [Int: [PatternList.Entry]] = [:]
        let pageText = PageText(source: source, text: text) { p, beforeText in
            let (isFurniture, stopped) = PageFurniture.classify(p, patterns: junkPatterns, beforeText: beforeText)
            for e in stopped where !(furnitureNotChecked[p.range.start] ?? []).contains(where: { $0.pattern == e.pattern && $0.line == e.line }) {
                furnitureNotChecked[p.range.start, default: []].append(e)
            }
            return isFurniture
        }
        let paragraphs = pageText.paragraphs
        let factory = FindingFactory(text: text, language: language)
        let headingLines = Dictionary(source.hints.compactMap { h in h.headingLevel.map { (h.line, $0) } }, uniquingKeysWith: { a, _ in a })
        var documents: [AnalyzedDocument] = []
        // Copy detection runs only with a library; without one, each document says it was not checked.
        let looksForCopies = rules.contains { $0.kinds.contains(.copiedText) }
        for part in pageText.documents {
            try cancellation?.check()
            let index = part.index
            let title = pageText.title(of: part)?.text
            let body = Array(pageText.body(of: part))
            let all = Array(pageText.all(of: part))
            let end = all.last?.range.end ?? 0
            // The outline reads each paragraph without anti-scraping filler glued in front of
            // its marker (`5 t- a3 |- {( X& (二)典型经验…`), which FurnitureRule reports.
            let outline = OutlineBuilder.build(body.map(PageFurniture.withoutLeadingFiller), end: end)
            var context = DocumentContext(file: source.file, paragraphs: body, outline: outline, findings: factory)
            context.title = pageText.title(of: part)
            context.titleIsPartTitle = context.title.map(PageSplitter.isPartTitle) ?? false
            context.words = words
            context.furnitureNotChecked = furnitureNotChecked
            // Headings by a .docx's styles that carry no number: the sections can be found by them.
            if !headingLines.isEmpty {
                for (k, p) in body.enumerated() where MarkerParser.marker(at: p.text) == nil {
                    if let level = headingLines[text.location(ofNormalized: p.range.start).line] { context.styledHeadings[k] = level }
                }
            }
            var choice: (ReferenceStructure, StructureChoice)?
            var genreNotChecked: [Finding] = []
            var noGenre: Message? = nil
            var unconfirmed: String? = nil
            if let forcedStructure {
                choice = (forcedStructure, .option)
            } else {
                var stopped: [(entry: Int, inTitle: Bool)] = []
                switch GenreChooser(library: structures, notAGenre: notAGenre).choose(title: title, body: body, outline: outline, stopped: &stopped) {
                case .structure(let s, let how): choice = (s, how)
                case .none(let reason): choice = nil; noGenre = reason
                }
                // A veto pattern stopped by ICU's time limit: said at the title or the opening.
                for (k, inTitle) in stopped {
                    if let p = (inTitle ? context.title : nil) ?? body.first ?? context.title {
                        genreNotChecked += notAGenre.notChecked(k, in: p, factory: factory)
                    }
                }
            }
            var structure = choice?.0
            var findings: [Finding] = genreNotChecked
            var scans: [CopyScan] = []
            for rule in rules {
                try cancellation?.check()
                if let copyCheck = rule as? any CopyCheck {
                    let scan = try copyCheck.scan(context)
                    scans.append(scan)
                    findings += scan.findings(factory)
                } else {
                    // Moved, not copied, when it is the first: one rule can find a million things.
                    let found = try rule.check(context)
                    if findings.isEmpty { findings = found } else { findings += found }
                }
            }
            var sections: [SectionStatus] = []
            if let s = structure {
                let result = CompletenessChecker(structure: s).check(context)
                // An opening or an outline is weaker evidence than a title: the choice stands only
                // when one of the structure's required parts shows in the text (a news item that
                // mentions 提案 and 办理 in passing is no 提案办理 summary).
                if choice?.1 == .opening || choice?.1 == .outline,
                   !result.sections.contains(where: { $0.required && ($0.status == .present || $0.status == .empty || $0.status == .outOfOrder) }) {
                    structure = nil
                    choice = nil
                    unconfirmed = s.name
                } else {
                    sections = result.sections
                    findings += result.findings
                }
            }
            if structure == nil, let first = all.first {
                let names = structures.structures.map(\.name).joined(separator: ", ")
                let message = unconfirmed.map { name in Message(
                    en: "completeness was not checked: the opening or outline suggests a \(name), but none of its required parts shows in the text; pass --structure \(name) to check it as one",
                    zh: "未检查完整性：开头或提纲像\(name)，但正文看不出它的任何必备部分；如确是\(name)，请用 --structure \(name) 检查") }
                    ?? noGenre.map { reason in Message(
                    en: "completeness was not checked: this reads as \(reason.en), which is none of the genres Wenshu knows; pass --structure NAME to check it as one (\(names))",
                    zh: "未检查完整性：这是\(reason.zh)，不属于已知的文书类型；如要按某类文书检查，请用 --structure 指定（\(names)）") }
                    ?? Message(
                    en: "completeness was not checked: neither the title, the opening nor the outline says what kind of document this is; pass --structure NAME (\(names))",
                    zh: "未检查完整性：标题、开头和提纲都看不出是哪类文书；请用 --structure 指定结构（\(names)）")
                findings.append(factory.make(.structureNotChecked, .info, message, normalized: first.range))
            }
            if !looksForCopies, let first = all.first {
                findings.append(factory.make(.copyNotChecked, .info, Message(
                    en: "copied passages were not looked for: no template library was given (--templates DIR or FILE, or --store PATH)",
                    zh: "未检查抄袭：没有提供范文库（请用 --templates 指定文件或文件夹，或用 --store 指定语料库）"),
                    normalized: first.range))
            }
            findings.sortInReadingOrder()
            let kind = structure?.kind ?? .unknown
            documents.append(AnalyzedDocument(
                index: index, title: title, kind: kind, structure: structure, structureChoice: choice?.1,
                years: YearInfo.find(in: all, title: title, kind: kind),
                range: TextRange(start: all.first?.range.start ?? 0, end: end),
                paragraphs: body, outline: outline, sections: sections, findings: findings,
                copy: CopyResult(scans: scans, outline: outline)))
        }
        let pageParagraphs = pageText.pageParagraphs
        var pageFindings = JunkRule.pageFindings(pageParagraphs, patterns: junkPatterns, factory: factory, furnitureNotChecked: furnitureNotChecked)
        // Some rules read the page's own text too (garbled text: a mojibake header).
        for case let rule as any PageTextRule in rules {
            pageFindings += rule.check(pageText: pageParagraphs, factory: factory, words: words)
        }
        if traditional, let first = paragraphs.first {
            pageFindings.append(factory.make(.traditionalScript, .info, Message(
                en: "the text is in Traditional Chinese: it was checked as Simplified (every list and pattern is); lines, columns and quoted text are the original's",
                zh: "原文是繁体字：检查时转成简体字处理（各词表和规则都是简体）；行号、列号和引文仍按原文"),
                normalized: TextRange(start: first.range.start, end: first.range.start)))
        }
        var page = PageAnalysis(file: source.file, format: source.format, text: text, documents: documents,
                                pageParagraphs: pageParagraphs, pageFindings: pageFindings.inReadingOrder(), language: language,
                                kinds: findingKinds)
        page.furniture = source.furniture
        return page
    }
}

extension FindingKind {
    public static let copyNotChecked = FindingKind(
        "copy-not-checked", .info, label: ("copying not checked", "未检查抄袭"),
        explanation: ("copied passages were not looked for: no template library or store was given",
                      "没有提供范文库或语料库，未检查抄袭"),
        colour: "#2e7d32", alpha: 0.13, scope: .document)
    public static let traditionalScript = FindingKind(
        "traditional-script", .info, label: ("Traditional characters", "繁体原文"),
        explanation: ("the text is in Traditional characters and was checked as Simplified",
                      "原文是繁体字，按简体检查"),
        colour: "#888")
}
