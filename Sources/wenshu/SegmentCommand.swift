import ArgumentParser
import Foundation
import WenshuText

struct SegmentCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "segment",
        abstract: "Segment Chinese text into words.",
        discussion: """
        Reads the files named, or standard input when none is. Text output has one line per input \
        line with tokens separated by two spaces (the SIGHAN bakeoff format); JSON output gives \
        every token with its offsets: Unicode-scalar offsets into the decoded input (0-based, \
        half-open), 1-based line and column, and part of speech (`pos`: ICTCLAS/jieba tags such as n, \
        v, vn, a, d, m; from the lexicon's tag, the bundled table derived from jieba, or a guess by head \
        word and characters for unknown words). Input streams: memory stays bounded.

        --granularity word (default) cuts words as the SIGHAN bakeoff standards do (优化  营商环境); \
        term joins them into the domain's terms and 提法 (dictionaries/lexicon/terms.txt and the \
        phrases learned from the State Council reports, dictionaries/idf/govreports.phrases): \
        防范化解重大风险, 脱贫攻坚; search writes each term and then the words inside it, each with its \
        own offsets (the tokens overlap).
        """
    )

    enum Format: String, ExpressibleByArgument { case text, json }

    @Argument(help: "Files to segment (default: standard input).") var files: [String] = []
    @Option(name: .customLong("lexicon"), help: "A user lexicon (word [freq] [tag] a line); repeatable.") var lexicons: [String] = []
    @Flag(name: .customLong("no-default-lexicon"), help: "Do not load the bundled domain lexicon.") var noDefaultLexicon = false
    @Flag(name: .customLong("to-simplified"), help: "Convert Traditional to Simplified characters before segmenting.") var toSimplified = false
    @Option(help: "Output format: text or json.") var format: Format = .text
    @Option(help: "word (default), term or search.") var granularity: Granularity = .word
    @Flag(help: "In text output, write each token's part of speech after it (word/tag; JSON always has \"pos\").") var pos = false
    @Option(help: "Force the input encoding (UTF-8, UTF-16LE, UTF-16BE, GB18030) instead of detecting it.") var encoding: TextEncoding?
    @OptionGroup var dictionaryOptions: DictionaryOptions

    @OptionGroup var jobs: JobsOption

    func run() throws {
        let dictionaries = try dictionaryOptions.locate()
        let first = try Segmenter(dictionaries: dictionaries, userLexicons: lexicons.map { URL(fileURLWithPath: $0) },
                                  includeDefaultLexicon: !noDefaultLexicon, granularity: granularity,
                                  extraTerms: granularity == .word ? [] : try SegmentCommand.learnedPhrases(dictionaries))
        var options = NormalizationOptions(toSimplified: toSimplified)
        if toSimplified { options.variants = try SimplifiedVariants.load(contentsOf: dictionaries.simplifiedVariants) }
        // One segmenter and normaliser per thread (each holds ICU objects); the lexicon is shared.
        let workers = try jobs.workers((first, try Normalizer(options: options))) { try ($0.0.copy(), Normalizer(options: options)) }
        let out = OutputBuffer()
        let inputs: [(String, () throws -> TextStreamReader)] = files.isEmpty
            ? [("<stdin>", { TextStreamReader(handle: .standardInput, file: "<stdin>", chunkSize: 1 << 20, encoding: encoding) })]
            : files.map { f in
                f == "-" ? ("<stdin>", { TextStreamReader(handle: .standardInput, file: "<stdin>", chunkSize: 1 << 20, encoding: encoding) })
                         : (f, { try TextStreamReader(url: URL(fileURLWithPath: f), chunkSize: 1 << 20, encoding: encoding) })
            }
        if format == .json { out.write("[") }
        defer { out.flush() }
        for (index, (name, open)) in inputs.enumerated() {
            let reader: TextStreamReader
            do { reader = try open() } catch {
                if format == .json { out.write("\n]\n") }
                throw error
            }
            if format == .json {
                out.write((index > 0 ? ",\n" : "\n") + "{\"file\": \(jsonString(name)), \"tokens\": [")
            }
            var firstToken = true
            // Read up to `jobs` chunks, segment them in parallel, write them in order: memory
            // stays bounded by `jobs` chunks of about a megabyte.
            var batch: [TextStreamReader.Chunk] = []
            func flushBatch() throws {
                let rendered = try parallelMap(batch.count, workers: workers) { worker, k in try render(batch[k], worker.0, worker.1) }
                for bytes in rendered where !bytes.isEmpty {
                    // In JSON every token is written as ",\n{…}": the file's first loses its comma.
                    out.write(bytes: format == .json && firstToken ? Array(bytes.dropFirst()) : bytes)
                    firstToken = false
                }
                batch.removeAll(keepingCapacity: true)
            }
            do {
                while let chunk = try reader.next() {
                    batch.append(chunk)
                    if batch.count == workers.count { try flushBatch() }
                }
                if !batch.isEmpty { try flushBatch() }
            } catch {
                // The JSON written so far is closed, so it stays valid; the error goes to stderr.
                if format == .json { out.write("\n]}\n]\n") }
                throw error
            }
            if format == .json { out.write("\n]}") }
        }
        if format == .json { out.write("\n]\n") }
    }

    /// The phrases learned from the State Council reports (idf/govreports.phrases), joined: what
    /// term granularity adds to the term list. Lines are `token token … count`.
    static func learnedPhrases(_ dictionaries: Dictionaries) throws -> [String] {
        let url = dictionaries.url("idf/govreports.phrases")
        guard FileManager.default.fileExists(atPath: url.path) else { return [] }
        return try DataFile.entries(of: url).compactMap { line in
            let fields = line.text.split(separator: " ")
            return fields.count >= 3 ? fields.dropLast().joined() : nil
        }
    }

    /// One chunk's output: text lines with tokens separated by two spaces, or JSON tokens each
    /// preceded by ",\n".
    func render(_ chunk: TextStreamReader.Chunk, _ segmenter: Segmenter, _ normalizer: Normalizer) throws -> [UInt8] {
        var out = ByteBuffer()
        let normalized = try normalizer.normalize(chunk.text)
        let source = normalized.source
        var lineHasToken = false
        try segmenter.forEachToken(in: normalized) { t in
            if t.kind == .space { return }
            let original = normalized.originalRange(of: TextRange(start: t.start, end: t.end))
            switch format {
            case .text:
                if t.kind == .newline { out.write("\n"); lineHasToken = false; return }
                if lineHasToken { out.write("  ") }
                out.write(scalars: source.scalars[original.start..<original.end])
                if pos { out.write("/" + segmenter.pos(of: t, in: normalized.scalars)) }
                lineHasToken = true
            case .json:
                if t.kind == .newline { return }
                let loc = source.location(of: original.start)
                let text = source.text(in: original)
                // What segmentation saw, when it differs (--to-simplified, full-width folding).
                let seen = normalized.text(in: TextRange(start: t.start, end: t.end))
                let extra = seen == text ? "" : ", \"normalized\": \(jsonString(seen))"
                out.write(",\n  {\"text\": \(jsonString(text))\(extra), \"start\": \(chunk.firstOffset + original.start), \"end\": \(chunk.firstOffset + original.end), \"line\": \(chunk.firstLine + loc.line - 1), \"column\": \(loc.line == 1 ? chunk.firstColumn - 1 + loc.column : loc.column), \"kind\": \"\(t.kind.rawValue)\", \"pos\": \"\(segmenter.pos(of: t, in: normalized.scalars))\"}")
            }
        }
        return out.bytes
    }
}
extension Granularity: ExpressibleByArgument {}
