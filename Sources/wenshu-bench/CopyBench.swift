import Foundation
import WenshuAnalysis
import WenshuText

/// The copy-detection benchmark: drafts assembled from passages of several State Council
/// reports with edits (one character changed per clause, clauses swapped, words spun), plus
/// unrelated filler, so the truth is known; then span precision and recall, the copy ratio
/// between genuinely different years, and the time to check one draft against the corpus.
enum CopyBench {
    static func run(shared: URL, dictionaries: Dictionaries, drafts draftCount: Int) throws {
        let dir = shared.appendingPathComponent("corpus/govreports")
        let files = try FileManager.default.contentsOfDirectory(at: dir, includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "txt" && (Int($0.deletingPathExtension().lastPathComponent) ?? 0) >= 1978 }
            .sorted { $0.path < $1.path }
        let t0 = Date()
        let undoer = try SwapUndoer.load(contentsOf: dictionaries.url("phrases/synonyms.txt"))
        let library = try CopyLibrary.load(files, swaps: undoer)
        let loadTime = Date().timeIntervalSince(t0)
        let texts = try files.map { try String(contentsOf: $0, encoding: .utf8) }
        // Sentences of each report (Han-rich), to draw passages from.
        func sentences(_ t: String) -> [String] {
            var out: [String] = [], cur = ""
            for ch in t {
                if ch == "\n" { if cur.count > 20 { out.append(cur) }; cur = ""; continue }
                cur.append(ch)
                if ch == "。" { if cur.count >= 20 { out.append(cur.trimmingCharacters(in: .whitespaces)) }; cur = "" }
            }
            return out
        }
        let pools = texts.map(sentences)
        var filler: [String] = []
        let csl = shared.appendingPathComponent("bench/keywords/csl_kg.jsonl")
        if let data = try? String(contentsOf: csl, encoding: .utf8) {
            for line in data.split(separator: "\n").prefix(400) {
                if let obj = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], let t = obj["text"] as? String {
                    filler.append(contentsOf: sentences(t.replacingOccurrences(of: "\n", with: "")))
                }
            }
        }
        // Spinner swaps (原词 → 替换词) from the synonym table, applied where a passage has the word.
        let swaps: [(String, String)] = try WordList.load(contentsOf: dictionaries.url("phrases/synonyms.txt"))
            .compactMap { l in let f = l.split(separator: " "); return f.count >= 2 ? (String(f[0]), String(f[1])) : nil }
        var spun = 0
        var rng = SplitMix(seed: 2026)
        let commonHan = Array("的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处理府研质")
        var tp = 0, fp = 0, fn = 0, attributed = 0, predictedTotal = 0
        var times: [Double] = []
        for _ in 0..<draftCount {
            // 3 passages of 3–6 sentences from 3 different reports, with filler between.
            var draft = ""
            var truth: [(Range<Int>, Int)] = []  // character ranges (in Characters of draft) → source file index
            var used = Set<Int>()
            for _ in 0..<3 {
                var f = rng.int(files.count)
                while used.contains(f) || pools[f].count < 10 { f = rng.int(files.count) }
                used.insert(f)
                if !filler.isEmpty { draft += filler[rng.int(filler.count)] + "\n\n" }
                let start = rng.int(pools[f].count - 6)
                var passage = pools[f][start..<(start + 3 + rng.int(4))].joined()
                // Edits: one character changed in every clause; two clauses swapped now and then.
                var clauses = passage.split(separator: "，", omittingEmptySubsequences: false).map(String.init)
                for k in clauses.indices {
                    var chars = Array(clauses[k])
                    let han = chars.indices.filter { ("\u{4E00}"..."\u{9FFF}").contains(String(chars[$0])) }
                    if han.count > 4 { chars[han[1 + rng.int(han.count - 2)]] = commonHan[rng.int(commonHan.count)] }
                    clauses[k] = String(chars)
                }
                if clauses.count > 3 && rng.int(2) == 0 { clauses.swapAt(1, 2) }
                passage = clauses.joined(separator: "，")
                // About one spinner swap per sentence, as spinning tools do.
                let sentencesInPassage = passage.filter { $0 == "。" }.count
                var applicable = swaps.filter { $0.0.count >= 2 && passage.contains($0.0) }
                for _ in 0..<sentencesInPassage where !applicable.isEmpty {
                    let (a, b) = applicable.remove(at: rng.int(applicable.count))
                    if let r = passage.range(of: a) { passage.replaceSubrange(r, with: b); spun += 1 }
                }
                let a = draft.count
                draft += passage
                truth.append((a..<draft.count, f))
                draft += "\n\n"
            }
            // Segment the draft as Wenshu does and map its normalised offsets to Characters.
            let source = try InputReader.read(text: draft, file: "draft")
            let analyzer = Analyzer(structures: StructureLibrary(structures: []), rules: [])
            let page = try analyzer.analyze(source)
            let paragraphs = page.documents.flatMap(\.paragraphs)
            let t1 = Date()
            let (matches, _, _) = library.matches(for: paragraphs)
            times.append(Date().timeIntervalSince(t1))
            // Character-level scoring on Han characters (scalar offsets == Character offsets here).
            let scalars = Array(draft.unicodeScalars)
            var truthOf = [Int](repeating: -1, count: scalars.count)
            for (r, f) in truth { for i in r where i < scalars.count { truthOf[i] = f } }
            var predOf = [Int](repeating: -1, count: scalars.count)
            for m in matches {
                let orig = page.text.originalRange(of: m.range)
                let file = library.documents[m.document].file
                let fi = files.firstIndex { $0.path == file } ?? -2
                for i in orig.start..<orig.end { predOf[i] = fi }
            }
            for i in scalars.indices where CharacterClass.isHan(scalars[i].value) {
                let t = truthOf[i] >= 0, p = predOf[i] != -1
                if t && p { tp += 1; if predOf[i] == truthOf[i] { attributed += 1 } }
                if !t && p { fp += 1 }
                if t && !p { fn += 1 }
                if p { predictedTotal += 1 }
            }
        }
        let precision = Double(tp) / Double(max(1, tp + fp)), recall = Double(tp) / Double(max(1, tp + fn))
        let f1 = 2 * precision * recall / max(1e-9, precision + recall)
        print("Copy detection on \(draftCount) drafts (3 passages each from 3 of \(files.count) reports 1978–2025, one character changed per clause, clauses swapped in half, \(spun) spinner word swaps, unrelated filler between)")
        print("| span precision | span recall | span F1 | source attributed correctly |")
        print("|---|---|---|---|")
        print(String(format: "| %.3f | %.3f | **%.3f** | %.3f |", precision, recall, f1, Double(attributed) / Double(max(1, tp))))
        // Genuine different years against each other.
        var ratios: [(String, Double)] = []
        for (k, f) in files.enumerated() {
            let text = try Normalizer(options: .documents).normalize(texts[k])
            let paragraphs = ParagraphSplitter.paragraphs(of: text)
            let r = library.matches(for: paragraphs, excludingFile: f.path)
            ratios.append((f.deletingPathExtension().lastPathComponent, r.streamLength == 0 ? 0 : Double(r.copied.filter { $0 }.count) / Double(r.streamLength)))
        }
        let sorted = ratios.map(\.1).sorted()
        print("")
        print("Copy ratio of each genuine report against all the others (\(files.count) reports)")
        print("| median | max | reports above 10% |")
        print("|---|---|---|")
        print(String(format: "| %.1f%% | %.1f%% (%@) | %d |", sorted[sorted.count / 2] * 100, sorted.last! * 100,
                     ratios.max { $0.1 < $1.1 }!.0, ratios.filter { $0.1 > 0.10 }.count))
        times.sort()
        print("")
        print(String(format: "Library: %d documents indexed in %.2f s; checking one draft: median %.1f ms, max %.1f ms", library.documents.count, loadTime, times[times.count / 2] * 1000, times.last! * 1000))
    }
}
