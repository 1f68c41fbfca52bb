import Foundation
import WenshuAnalysis
import WenshuText

/// Speed of comparing a whole batch (`wenshu compare --all`): the 52 State Council reports and
/// synthetic submissions (6–10 edited passages of reports between filler, as the copy bench
/// makes them), one submission in ten a lightly edited copy of an earlier one, so the batch
/// has template clusters. Written to a folder, then loaded and compared as the command does.
enum BatchBench {
    static func run(shared: URL, dictionaries: Dictionaries, sizes: [Int], jobs: Int, keep: URL?) throws {
        let dir = shared.appendingPathComponent("corpus/govreports")
        let files = try FileManager.default.contentsOfDirectory(at: dir, includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "txt" }.sorted { $0.path < $1.path }
        let texts = try files.map { try String(contentsOf: $0, encoding: .utf8) }
        let (pools, usable, filler, swaps) = try CopyBench.material(shared: shared, files: files, texts: texts, dictionaries: dictionaries)
        let undoer = try SwapUndoer.load(contentsOf: dictionaries.url("phrases/synonyms.txt"))
        print("Batch comparison (wenshu compare --all): the 52 State Council reports plus synthetic submissions of 6–10 edited report passages between filler, one in ten an edited copy of an earlier submission; \(jobs) thread(s); seconds of wall time")
        print("| documents | characters | load s | compare s | total s | pairs | clusters | pairs of a copied submission found |")
        print("|---|---|---|---|---|---|---|---|")
        for size in sizes {
            let folder = keep ?? URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("wenshu-batch-\(size)")
            try? FileManager.default.removeItem(at: folder)
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            var rng = SplitMix(seed: 16)
            var spun = 0
            let synthetic = max(0, size - files.count)
            let (drafts, _) = CopyBench.makeDrafts(count: synthetic, pools: pools, usable: usable, filler: filler, swaps: swaps, seed: 1616, passages: 6...10)
            var bodies = drafts.map(\.text)
            var copiedFrom: [Int: Int] = [:]  // submission → the earlier one it copies
            for i in bodies.indices where i % 10 == 9 {
                let j = rng.int(i)
                bodies[i] = CopyBench.edit(bodies[j], swaps: swaps, rng: &rng, spun: &spun)
                copiedFrom[i] = j
            }
            var chars = 0
            for (k, t) in texts.prefix(size).enumerated() { try t.write(to: folder.appendingPathComponent("r-\(files[k].lastPathComponent)"), atomically: true, encoding: .utf8); chars += t.unicodeScalars.count }
            for (i, b) in bodies.enumerated() {
                try ("关于某项工作的总结\n\n" + b).write(to: folder.appendingPathComponent(String(format: "s-%05d.txt", i)), atomically: true, encoding: .utf8)
                chars += b.unicodeScalars.count
            }
            let t0 = now()
            let batch = try CopyLibrary.loadDocuments([folder], swaps: undoer)
            var library = CopyLibrary(documents: batch.map(\.document), swaps: undoer)
            library.commonOnlyMinimum = CopyBatch.commonOnlyMinimum
            let t1 = now()
            let result = try CopyBatch.compare(library: library, batchCount: batch.count,
                                               origins: batch.map { CopyBatch.Origin(file: $0.document.file, index: $0.index) }, workers: jobs)
            let t2 = now()
            // Each copied submission's pair with its original, found with a ratio ≥ 0.5 both ways?
            let idOf = Dictionary(batch.enumerated().map { (URL(fileURLWithPath: $0.element.document.file).lastPathComponent, $0.offset) }, uniquingKeysWith: { a, _ in a })
            var found = 0
            for (i, j) in copiedFrom {
                guard let a = idOf[String(format: "s-%05d.txt", i)], let b = idOf[String(format: "s-%05d.txt", j)] else { continue }
                if result.pairs.contains(where: { Set([$0.a, $0.b]) == Set([a, b]) && min($0.ratioA, $0.ratioB) >= 0.5 }) { found += 1 }
            }
            print("| \(batch.count) | \(chars) | \(String(format: "%.2f", t1 - t0)) | \(String(format: "%.2f", t2 - t1)) | **\(String(format: "%.2f", t2 - t0))** | \(result.pairs.count) | \(result.clusters.count) | \(found) / \(copiedFrom.count) |")
            if keep == nil { try? FileManager.default.removeItem(at: folder) }
        }
    }
}
