// wenshu-bench — the benchmarks of Wenshu. Prints tables; BENCHMARKS.md records them.
//
//   wenshu-bench seg [--shared DIR] [--out DIR]       accuracy on SIGHAN 2005 PKU/MSR (official score script)
//   wenshu-bench speed [--shared DIR] [--mb N]        throughput vs a plain ICU word-break loop, same run
//   wenshu-bench lexicon [--shared DIR] [--entries N] load time of a large lexicon
//   wenshu-bench spin [--shared DIR]                  reference spin check held out on the State Council reports
//   wenshu-bench formulation [--shared DIR] [--seed N] misquoted formulations planted in genuine reports
//   wenshu-bench pos [--shared DIR]                   part-of-speech guess on words whose tag is hidden (PosBench.swift)
//   wenshu-bench granularity [--terms FILE]            terms kept whole at word and term granularity, reports after 2015
//
// Build it in release mode: swift build -c release --product wenshu-bench
import Foundation
import WenshuText
import WenshuAnalysis

let args = Array(CommandLine.arguments.dropFirst())
func option(_ name: String) -> String? {
    guard let i = args.firstIndex(of: name), i + 1 < args.count else { return nil }
    return args[i + 1]
}
let command = args.first ?? "help"
let shared = URL(fileURLWithPath: option("--shared") ?? "../shared")
let segDir = shared.appendingPathComponent("bench/seg")

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("wenshu-bench: \(message)\n".utf8))
    exit(2)
}

func now() -> Double { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 }
/// CPU time of the calling thread: what a contender costs, even when other work shares the cores.
func cpuNow() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
}

func readLines(_ url: URL) -> [String] {
    guard let data = try? Data(contentsOf: url), let s = String(data: data, encoding: .utf8) else { fail("cannot read \(url.path)") }
    // Split on scalars: in Swift "\r\n" is one Character, so splitting Characters on "\n" fails.
    var lines = s.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
        var v = String.UnicodeScalarView(line)
        if v.last == "\r" { v.removeLast() }
        return String(v)
    }
    if lines.last == "" { lines.removeLast() }
    return lines
}

let dictionaries: Dictionaries
do { dictionaries = try Dictionaries.locate() } catch { fail("\(error.localizedDescription)") }

func makeSegmenter(extra: [URL], includeDefaultLexicon: Bool = true) -> Segmenter {
    do { return try Segmenter(dictionaries: dictionaries, userLexicons: extra, includeDefaultLexicon: includeDefaultLexicon) } catch { fail("\(error.localizedDescription)") }
}

/// Segments lines in SIGHAN format (tokens separated by two spaces, original characters).
func segmentSIGHAN(_ lines: [String], with segmenter: Segmenter) -> String {
    let normalizer = try! Normalizer()
    var out = ""
    for line in lines {
        let n = try! normalizer.normalize(line)
        let tokens = try! segmenter.segment(n)
        out += tokens.filter { $0.kind != .space && $0.kind != .newline }
            .map { n.source.text(in: $0.originalRange) }.joined(separator: "  ")
        out += "\n"
    }
    return out
}

struct Score { var recall = 0.0, precision = 0.0, f = 0.0, oovRecall = 0.0, ivRecall = 0.0 }

func score(words: URL, gold: URL, result: URL) -> Score {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    p.arguments = ["perl", segDir.appendingPathComponent("score").path, words.path, gold.path, result.path]
    let pipe = Pipe()
    p.standardOutput = pipe
    p.standardError = FileHandle.nullDevice
    do { try p.run() } catch { fail("cannot run perl: \(error)") }
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    var s = Score()
    for line in String(decoding: data, as: UTF8.self).split(separator: "\n") {
        let parts = line.split(separator: "\t")
        guard parts.count == 2, let v = Double(parts[1].trimmingCharacters(in: .whitespaces)) else { continue }
        if line.hasPrefix("=== TOTAL TRUE WORDS RECALL") { s.recall = v }
        if line.hasPrefix("=== TOTAL TEST WORDS PRECISION") { s.precision = v }
        if line.hasPrefix("=== F MEASURE") { s.f = v }
        if line.hasPrefix("=== OOV Recall Rate") { s.oovRecall = v }
        if line.hasPrefix("=== IV Recall Rate") { s.ivRecall = v }
    }
    return s
}

func pad(_ s: String, _ n: Int) -> String { s.count >= n ? s : s + String(repeating: " ", count: n - s.count) }
func f3(_ x: Double) -> String { String(format: "%.3f", x) }

switch command {
case "seg":
    guard FileManager.default.fileExists(atPath: segDir.path) else { fail("\(segDir.path) not found (pass --shared DIR)") }
    let outDir = URL(fileURLWithPath: option("--out") ?? NSTemporaryDirectory()).appendingPathComponent("wenshu-seg")
    try? FileManager.default.createDirectory(at: outDir, withIntermediateDirectories: true)
    print("Segmentation accuracy, SIGHAN 2005 (official score script); outputs in \(outDir.path)")
    print("| corpus | track | recall | precision | F1 | OOV recall | IV recall |")
    print("|---|---|---|---|---|---|---|")
    for corpus in ["pku", "msr"] {
        let words = segDir.appendingPathComponent("\(corpus)_training_words.utf8")
        let gold = segDir.appendingPathComponent("\(corpus)_test_gold.utf8")
        let lines = readLines(segDir.appendingPathComponent("\(corpus)_test.utf8"))
        // Closed track as SIGHAN defines it: the corpus's training words and nothing else the
        // team wrote (no domain lexicon); ICU's dictionary stays, as the base of every track.
        for (track, extra, domain) in [("default", [URL](), true), ("closed", [words], false)] {
            let out = outDir.appendingPathComponent("\(corpus)-\(track).txt")
            try! segmentSIGHAN(lines, with: makeSegmenter(extra: extra, includeDefaultLexicon: domain)).write(to: out, atomically: true, encoding: .utf8)
            let s = score(words: words, gold: gold, result: out)
            print("| \(corpus.uppercased()) | \(track) | \(f3(s.recall)) | \(f3(s.precision)) | **\(f3(s.f))** | \(f3(s.oovRecall)) | \(f3(s.ivRecall)) |")
        }
    }

case "speed":
    guard FileManager.default.fileExists(atPath: segDir.path) else { fail("\(segDir.path) not found (pass --shared DIR)") }
    let targetMB = Double(option("--mb") ?? "10") ?? 10
    var base = readLines(segDir.appendingPathComponent("pku_test.utf8")) + readLines(segDir.appendingPathComponent("msr_test.utf8"))
    base = base.filter { !$0.isEmpty }
    var lines: [String] = []
    var bytes = 0
    while Double(bytes) < targetMB * 1_000_000 {
        for l in base { lines.append(l); bytes += l.utf8.count + 1 }
    }
    let chars = lines.reduce(0) { $0 + $1.unicodeScalars.count }
    let utf16Lines = lines.map { Array($0.utf16) }
    let scalarLines = lines.map { $0.unicodeScalars.map(\.value) }
    let icu = try! ICUBreakIterator(kind: .word)
    let segmenter = makeSegmenter(extra: [])
    let closed = makeSegmenter(extra: [segDir.appendingPathComponent("pku_training_words.utf8")])
    let normalizer = try! Normalizer()
    var sink = 0
    func plainICU(_ r: Range<Int>) { for k in r { sink &+= try! icu.boundaries(of: utf16Lines[k]).offsets.count } }
    func lattice(_ s: Segmenter, _ r: Range<Int>) { for k in r { scalarLines[k].withUnsafeBufferPointer { try! s.forEachToken(in: $0) { _ in sink &+= 1 } } } }
    func full(_ s: Segmenter, _ r: Range<Int>) { for k in r { try! s.forEachToken(in: normalizer.normalize(lines[k])) { _ in sink &+= 1 } } }
    let rounds = Int(option("--rounds") ?? "3") ?? 3
    let runs: [(String, (Range<Int>) -> Void)] = [
        ("plain ICU word-break loop", plainICU),
        ("Wenshu lattice, default lexicon", { lattice(segmenter, $0) }),
        ("Wenshu lattice, + PKU training words (55k)", { lattice(closed, $0) }),
        ("Wenshu normalise + segment, default", { full(segmenter, $0) }),
    ]
    if let only = option("--only").flatMap(Int.init), runs.indices.contains(only) {  // for a profiler
        for _ in 0..<rounds { runs[only].1(0..<lines.count) }
        exit(0)
    }
    // Interleaved finely: the text is cut into chunks of ~200 k characters and every contender
    // runs each chunk in turn (the order rotating), so load changes on a shared machine hit all
    // contenders alike. Times are thread CPU seconds, summed per round.
    var chunks: [Range<Int>] = []
    var start = 0, size = 0
    for (k, l) in lines.enumerated() {
        size += l.unicodeScalars.count
        if size >= 200_000 { chunks.append(start..<(k + 1)); start = k + 1; size = 0 }
    }
    if start < lines.count { chunks.append(start..<lines.count) }
    var sums = [[Double]](repeating: [Double](repeating: 0, count: runs.count), count: rounds)
    for round in 0..<rounds {
        for (c, chunk) in chunks.enumerated() {
            for step in 0..<runs.count {
                let k = (step + c + round) % runs.count
                let t0 = cpuNow(); runs[k].1(chunk); sums[round][k] += cpuNow() - t0
            }
        }
    }
    print("Throughput on \(String(format: "%.1f", Double(bytes) / 1e6)) MB (\(chars) characters) of PKU+MSR test text; \(rounds) rounds, each contender run on each of \(chunks.count) chunks in rotating order; thread CPU seconds per round (median); ratio = median over rounds of the round's ratio")
    print("| contender | seconds | M chars/s | ratio to plain ICU (min–max over rounds) |")
    print("|---|---|---|---|")
    for (k, (name, _)) in runs.enumerated() {
        let t = sums.map { $0[k] }.sorted()[rounds / 2]
        let ratios = sums.map { $0[0] / $0[k] }.sorted()
        print("| \(name) | \(String(format: "%.2f", t)) | \(String(format: "%.2f", Double(chars) / t / 1e6)) | \(String(format: "%.2f", ratios[rounds / 2])) (\(String(format: "%.2f", ratios.first!))–\(String(format: "%.2f", ratios.last!))) |")
    }
    if sink == 42 { print("") }

case "copy":
    CopyBench.heavy = args.contains("--heavy")
    do { try CopyBench.run(shared: shared, dictionaries: dictionaries, drafts: Int(option("--drafts") ?? "200") ?? 200, verbose: args.contains("--verbose")) } catch { fail("\(error.localizedDescription)") }

case "batch":
    let sizes = (option("--docs") ?? "100,1000").split(separator: ",").compactMap { Int($0) }
    do {
        try BatchBench.run(shared: shared, dictionaries: dictionaries, sizes: sizes,
                           jobs: Int(option("--jobs") ?? "") ?? min(8, ProcessInfo.processInfo.activeProcessorCount),
                           keep: option("--keep").map { URL(fileURLWithPath: $0) })
    } catch { fail("\(error.localizedDescription)") }

case "formulation":
    do { try FormulationBench.run(shared: shared, dictionaries: dictionaries, seed: UInt64(option("--seed") ?? "15") ?? 15) } catch { fail("\(error.localizedDescription)") }

case "spin":
    do { try SpinBench.run(shared: shared, dictionaries: dictionaries) } catch { fail("\(error.localizedDescription)") }

case "keywords":
    do { try TopicsBench.keywords(shared: shared, dictionaries: dictionaries) } catch { fail("\(error.localizedDescription)") }

case "pos":
    do { try PosBench.run(shared: shared, dictionaries: dictionaries) } catch { fail("\(error.localizedDescription)") }

case "granularity":
    do {
        try GranularityBench.run(shared: shared, dictionaries: dictionaries,
                                 termsFile: URL(fileURLWithPath: option("--terms") ?? "bench/terms-after-2015.txt"))
    } catch { fail("\(error.localizedDescription)") }

case "termclass":  // wenshu-bench termclass WORD…: how the keyword filter sees each word
    do {
        let filter = try WenshuAnalysis.KeywordFilter.load(dictionaries: dictionaries)
        for w in args.dropFirst() {
            let v = w.unicodeScalars.map(\.value)
            let t = filter.tagger!
            print("\(w): \(filter.termClass(w)) known=\(t.knownTag(v) ?? "-") first=\(t.firstWord(v).map { "\($0.length):\($0.tag)" } ?? "-") head=\(t.headTag(v) ?? "-") guess=\(t.guess(v))")
        }
    } catch { fail("\(error.localizedDescription)") }

case "trends":
    do { try TopicsBench.trends(shared: shared, dictionaries: dictionaries) } catch { fail("\(error.localizedDescription)") }

case "store":
    let sizes = (option("--sizes") ?? "1000,10000,100000").split(separator: ",").compactMap { Int($0) }
    do {
        // --postgres URL: the same documents into a PostgreSQL store too, side by side in one table.
        let locations = [option("--db") ?? "/tmp/wenshu-bench-store.sqlite"] + (option("--postgres").map { [$0] } ?? [])
        try StoreBench.run(shared: shared, dictionaries: dictionaries, sizes: sizes,
                           locations: locations, countTerms: args.contains("--terms"),
                           pgWriters: max(1, Int(option("--pg-writers") ?? "1") ?? 1))
    } catch { fail("\((error as? LocalizedError)?.errorDescription ?? "\(error)")") }

case "lexicon":
    let entries = Int(option("--entries") ?? "500000") ?? 500000
    // A synthetic lexicon of random 2–6 character Han words with frequencies and tags.
    var rng = SystemRandomNumberGenerator()
    var text = ""
    text.reserveCapacity(entries * 20)
    for _ in 0..<entries {
        let len = Int.random(in: 2...6, using: &rng)
        for _ in 0..<len { text.unicodeScalars.append(Unicode.Scalar(UInt32.random(in: 0x4E00...0x9FA5, using: &rng))!) }
        text += " \(Int.random(in: 1...50000, using: &rng)) n\n"
    }
    let synthetic = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("wenshu-synthetic-lexicon.txt")
    try! text.write(to: synthetic, atomically: true, encoding: .utf8)
    var files = [("synthetic, \(entries) entries", synthetic)]
    let jieba = shared.appendingPathComponent("peers/jieba/dict.txt")
    if FileManager.default.fileExists(atPath: jieba.path) { files.append(("jieba dict.txt (349k entries)", jieba)) }
    print("Lexicon load time (parse + index), median of 3")
    print("| lexicon | entries | seconds |")
    print("|---|---|---|")
    for (name, url) in files {
        var ts: [Double] = []
        var count = 0
        for _ in 0..<3 {
            let t0 = now()
            var b = LexiconBuilder()
            try! b.load(contentsOf: url)
            count = b.build().count
            ts.append(now() - t0)
        }
        print("| \(name) | \(count) | \(String(format: "%.3f", ts.sorted()[1])) |")
    }

default:
    print("""
    usage: wenshu-bench seg|speed|lexicon [--shared DIR]
      seg      accuracy on SIGHAN 2005 PKU and MSR, default and closed tracks, with the official score script
      speed    throughput against a plain ICU word-break loop in the same run (--mb N, --rounds N)
      lexicon  load time of a 500k-entry lexicon (--entries N) and of jieba's dict.txt
      copy     copy detection on drafts built from the State Council reports (--drafts N, --heavy, --verbose)
      batch    compare --all on 100 and 1,000 documents (--docs N,M, --jobs N, --keep DIR)
      spin     reference spin check on each State Council report against a model of the other 51: false flags
      formulation  planted single-character edits in formulations of the State Council reports: recall, false flags (--seed N)
    """)
}
