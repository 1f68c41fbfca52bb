import Foundation
import WenshuAnalysis
import WenshuStore
import WenshuText

/// The corpus-store benchmark: synthetic work reports assembled from runs of State Council
/// report sentences with random edits (sentences swapped in from elsewhere, characters changed),
/// imported as `wenshu corpus add` does (a `CorpusImporter`: transactions of whole files about
/// once a second, committed while the next files are prepared); import time per 1,000
/// documents, store size, and the latency of checking one draft (a stored document edited
/// and spliced with others) at each size. The store is built once and reused: sizes already
/// reached are not imported again.
enum StoreBench {

    struct Generator {
        let reports: [[String]]  // sentences of each report
        let pool: [String]  // all sentences
        let han: [Character]

        init(dir: URL) throws {
            let files = try FileManager.default.contentsOfDirectory(at: dir, includingPropertiesForKeys: nil)
                .filter { $0.pathExtension == "txt" }.sorted { $0.path < $1.path }
            var reports: [[String]] = []
            var hanSet = Set<Character>()
            for f in files {
                let t = try String(contentsOf: f, encoding: .utf8)
                var out: [String] = [], cur = ""
                for ch in t {
                    if ch == "\n" || ch == "\r" { if cur.count >= 20 { out.append(cur) }; cur = ""; continue }
                    if ch != " " && ch != "\u{3000}" { cur.append(ch) }
                    if ch == "。" || ch == "；" || ch == "！" { if cur.count >= 20 { out.append(cur) }; cur = "" }
                }
                for s in out { for ch in s where ch.unicodeScalars.first.map({ CharacterClass.isHan($0.value) }) == true { hanSet.insert(ch) } }
                if out.count > 60 { reports.append(out) }
            }
            self.reports = reports
            pool = reports.flatMap { $0 }
            han = hanSet.sorted()
        }

        static let places = ["东", "西", "南", "北", "中", "新", "安", "平", "丰", "宁", "兴", "和", "华", "阳", "山", "河", "江", "城"]
        static let numerals = ["一", "二", "三", "四", "五", "六", "七", "八"]

        /// Document `i`: a title, then 4–6 headed sections of 4–8 sentences from a run of one
        /// report, a sentence in five replaced by one from anywhere, 4 % of characters changed.
        func document(_ i: Int) -> (text: String, year: Int) {
            var rng = SplitMix(seed: UInt64(i) &* 0x9E37_79B9 &+ 17)
            let year = 2000 + rng.int(25)
            let place = Self.places[rng.int(Self.places.count)] + Self.places[rng.int(Self.places.count)]
            var text = "\(place)县政协\(year)年工作总结\n"
            let report = reports[rng.int(reports.count)]
            var at = rng.int(max(1, report.count - 50))
            let sections = 4 + rng.int(3)
            for s in 0..<sections {
                text += "\(Self.numerals[s])、\(String(report[min(at, report.count - 1)].prefix(8 + rng.int(6))))\n"
                var paragraph = ""
                for _ in 0..<(4 + rng.int(5)) {
                    var sentence = rng.int(5) == 0 ? pool[rng.int(pool.count)] : report[at % report.count]
                    at += 1
                    sentence = String(sentence.map { ch -> Character in
                        rng.int(25) == 0 && ch.unicodeScalars.first.map({ CharacterClass.isHan($0.value) }) == true ? han[rng.int(han.count)] : ch
                    })
                    paragraph += sentence
                }
                text += paragraph + "\n"
            }
            return (text, year)
        }

        /// A draft copied from stored document `i`: light edits, a new title, a third of its
        /// sentences replaced by others.
        func draft(from i: Int, seed: UInt64) -> String {
            var rng = SplitMix(seed: seed)
            let lines = document(i).text.split(separator: "\n").dropFirst()
            var out = "某某县政协2025年工作总结\n"
            for line in lines {
                var l = String(line)
                if rng.int(3) == 0 { l = pool[rng.int(pool.count)] + pool[rng.int(pool.count)] }
                out += String(l.map { ch in rng.int(40) == 0 && ch.unicodeScalars.first.map({ CharacterClass.isHan($0.value) }) == true ? han[rng.int(han.count)] : ch }) + "\n"
            }
            return out
        }
    }

    /// Unbuffered, so rows appear as they are measured even when redirected to a file.
    static func emit(_ line: String) { FileHandle.standardOutput.write(Data((line + "\n").utf8)) }

    /// Each size is reached in every store of `locations` (an SQLite path, a postgres:// URL):
    /// the files are prepared once, then written to each store in transactions of whole files
    /// (`batch` files each), timed per store; then the same drafts are checked against each.
    static func run(shared: URL, dictionaries: Dictionaries, sizes: [Int], locations: [String], countTerms: Bool, batch: Int = 250,
                    pgWriters: Int = 1) throws {
        let generator = try Generator(dir: shared.appendingPathComponent("corpus/govreports"))
        let stores = try locations.map { try CorpusArchives.open($0, create: true) }
        let indexer = try CorpusIndexer(dictionaries: dictionaries, countTerms: countTerms)
        let swaps = indexer.swaps
        let base = try Analyzer(dictionaries: dictionaries)
        let workers = max(2, ProcessInfo.processInfo.activeProcessorCount)
        emit("Corpus stores: \(stores.map(\.path).joined(separator: ", ")); synthetic documents from \(generator.reports.count) govreports (\(generator.pool.count) sentences); term counts \(countTerms ? "on" : "off"); \(batch) files per transaction; \(pgWriters) PostgreSQL transaction(s) at once")
        emit("| backend | stored documents | prepare s / 1,000 docs (wall, \(workers) threads) | store write s / 1,000 docs (this step) | import wall s / 1,000 docs (overlapped) | store size | MB per 1,000 docs | copy detection ms (median, p90) | whole check ms (median) | draft's source found |")
        emit("|---|---|---|---|---|---|---|---|---|---|")
        // Preparation runs on `workers` threads (each its own indexer); each store is written on
        // its own thread, one batch behind, so preparing, SQLite and PostgreSQL overlap.
        let indexers = Box([indexer] + (try (1..<workers).map { _ in try indexer.copy() }))
        // A PostgreSQL store takes `pgWriters` transactions at once (connections of its pool, as
        // concurrent `corpus add` runs would); SQLite has one writer.
        let writers = stores.map {
            DispatchQueue(label: "wenshu-bench.write.\($0.path)", attributes: CorpusArchives.isPostgres($0.path) ? .concurrent : [])
        }
        // Batches handed to a store and not yet written: SQLite's one running and one waiting;
        // PostgreSQL's all running.
        let inFlight = stores.map { CorpusArchives.isPostgres($0.path) ? pgWriters : 2 }
        for size in sizes {
            var have = try stores.map { try $0.stats().documents }
            let start = have.min() ?? 0
            var prepareSeconds = 0.0
            let written = Box([Double](repeating: 0, count: stores.count))
            let failure = Box<Error?>(nil)
            let lock = NSLock()
            let slots = inFlight.map { DispatchSemaphore(value: $0) }
            let running = Box([Int](repeating: 0, count: stores.count))
            let busySince = Box([Double](repeating: 0, count: stores.count))
            let writing = DispatchGroup()
            var next = start
            let t0 = now()
            while next < size {
                let t1 = now()
                let first = next
                let count = min(batch, size - next)
                let prepared = Box([PreparedFile?](repeating: nil, count: count))
                DispatchQueue.concurrentPerform(iterations: workers) { w in
                    for k in stride(from: w, to: count, by: workers) {
                        do {
                            let (text, _) = generator.document(first + k)
                            let source = try InputReader.read(text: text, file: "/synthetic/\(String(format: "%06d", first + k)).txt")
                            let file = PreparedFile(documents: try indexers.value[w].prepare(source), sourcePath: source.file, fileHash: CorpusIndexer.fileHash(source))
                            lock.lock(); prepared.value[k] = file; lock.unlock()
                        } catch { lock.lock(); failure.value = error; lock.unlock() }
                    }
                }
                if let e = failure.value { throw e }
                let files = prepared.value.compactMap { $0 }
                next += count
                prepareSeconds += now() - t1
                for (k, store) in stores.enumerated() where have[k] < next {
                    let mine = Array(files.dropFirst(max(0, have[k] - first)))
                    have[k] = next
                    slots[k].wait()
                    writing.enter()
                    let s = Box(store)
                    writers[k].async {
                        defer { slots[k].signal(); writing.leave() }
                        // The store's busy time: the union of its transactions' intervals.
                        lock.lock()
                        if running.value[k] == 0 { busySince.value[k] = now() }
                        running.value[k] += 1
                        lock.unlock()
                        do { try s.value.add(files: mine, kind: .report, org: "synthetic") } catch { lock.lock(); failure.value = error; lock.unlock() }
                        lock.lock()
                        running.value[k] -= 1
                        if running.value[k] == 0 { written.value[k] += now() - busySince.value[k] }
                        lock.unlock()
                    }
                }
                if let e = failure.value { throw e }
                if next % 5000 == 0 {
                    lock.lock(); let w = written.value; lock.unlock()
                    FileHandle.standardError.write(Data("  \(next) documents, \(Int(now() - t0)) s (preparing \(Int(prepareSeconds)) s; writing \(w.map { String(Int($0)) }.joined(separator: " / ")) s)\n".utf8))
                }
            }
            writing.wait()
            if let e = failure.value { throw e }
            var writeSeconds = written.value
            for (k, store) in stores.enumerated() {
                let t = now()
                try store.checkpoint()
                writeSeconds[k] += now() - t
            }
            let wall = now() - t0
            let imported = size - start
            for (k, store) in stores.enumerated() {
                let checker = base.adding(StoreCopyRule(store: store, swaps: swaps))
                let copyOnly = Analyzer(structures: StructureLibrary(structures: []), rules: [StoreCopyRule(store: store, swaps: swaps)])
                let n = try store.stats().documents
                // Drafts copied from stored documents spread over the store.
                var copyTimes: [Double] = [], checkTimes: [Double] = []
                var found = 0
                let drafts = 15
                for j in 0..<drafts {
                    let origin = (j * 7919) % n
                    let text = generator.draft(from: origin, seed: UInt64(j + 1))
                    let source = try InputReader.read(text: text, file: "/drafts/\(j).txt")
                    let t0 = now()
                    let page = try copyOnly.analyze(source)
                    copyTimes.append((now() - t0) * 1000)
                    let t1 = now()
                    _ = try checker.analyze(source)
                    checkTimes.append((now() - t1) * 1000)
                    let sources = Set(page.documents.flatMap(\.findings).compactMap { $0.source?.file })
                    if sources.contains("/synthetic/\(String(format: "%06d", origin)).txt") { found += 1 }
                }
                copyTimes.sort(); checkTimes.sort()
                let mb = Double(store.fileSize()) / 1e6
                let backend = CorpusArchives.isPostgres(store.path) ? "PostgreSQL" : "SQLite"
                let prep = imported > 0 ? String(format: "%.1f", prepareSeconds / Double(imported) * 1000) : ""
                let write = imported > 0 ? String(format: "%.1f", writeSeconds[k] / Double(imported) * 1000) : "(built earlier)"
                let wallRate = imported > 0 ? String(format: "%.1f", wall / Double(imported) * 1000) : ""
                emit("| \(backend) | \(n) | \(prep) | \(write) | \(wallRate) | \(String(format: "%.0f MB", mb)) | \(String(format: "%.1f", mb / Double(n) * 1000)) | \(String(format: "%.0f, %.0f", copyTimes[drafts / 2], copyTimes[drafts * 9 / 10])) | \(String(format: "%.0f", checkTimes[drafts / 2])) | \(found)/\(drafts) |")
            }
        }
    }
}

/// Hands a value to another thread (the bench's own synchronisation guards it).
final class Box<T>: @unchecked Sendable {
    var value: T
    init(_ value: T) { self.value = value }
}
