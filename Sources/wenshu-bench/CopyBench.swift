import Foundation
import WenshuAnalysis
import WenshuText

/// The copy-detection benchmark. Drafts are built the way copying happens: passages of one or
/// two State Council reports, each edited as a copier edits (characters changed, clauses
/// reordered, words spun with the spinner table, a word put in or left out, formulas kept as
/// they are), between stretches of original filler (sentences of real 范文 and government pages
/// from wild-dev, and CSL abstracts). The truth is kept per character. Scoring is per Han
/// character of the draft: recall and precision of the characters reported copied, and whether
/// the reported source is the report the passage came from. Then every genuine report is
/// compared with all the others, and the time to check one draft.
enum CopyBench {
    struct Draft { let text: String; let truth: [(range: Range<Int>, file: Int)] }

    static func sentences(_ t: String) -> [String] {
        var out: [String] = [], cur = ""
        for ch in t {
            if ch == "\n" || ch == "\r" { if cur.count >= 12 { out.append(cur.trimmingCharacters(in: .whitespaces)) }; cur = ""; continue }
            cur.append(ch)
            if ch == "。" || ch == "！" || ch == "？" { if cur.count >= 12 { out.append(cur.trimmingCharacters(in: .whitespaces)) }; cur = "" }
        }
        return out
    }

    static func isHan(_ c: Character) -> Bool { c.unicodeScalars.count == 1 && CharacterClass.isHan(c.unicodeScalars.first!.value) }

    /// A copier's edits of one passage (a run of whole sentences).
    /// Heavier edits (`--heavy`): a character changed in every clause (two in clauses of more
    /// than 12), clauses swapped in every other sentence, a word put in or left out in a clause
    /// of four.
    nonisolated(unsafe) static var heavy = false

    static func edit(_ passage: String, swaps: [(String, String)], rng: inout SplitMix, spun: inout Int) -> String {
        let commonHan: [Character] = Array("的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经之进着等部度家力里如水化高自理起小物现实加量都体制机当使点从业本把性好应开合还因由其些然前外天政形相全表间样与关各重新线内数正心反明看原又利比或但质气第向道命此变条只没结解问意建月公无系军情者最立代想已通并提直题党程展果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别手角期根论运农指区强放决西被干做必战先回则任取据处府研")
        let insertions = ["进一步", "切实", "全面", "认真", "扎实", "着力", "不断", "积极"]
        var sentencesOut: [String] = []
        for sentence in sentences(passage).isEmpty ? [passage] : sentences(passage) {
            var clauses = sentence.split(separator: "，", omittingEmptySubsequences: false).map(String.init)
            // Two neighbouring clauses swapped in about one sentence of three.
            if clauses.count >= 3 && rng.int(heavy ? 2 : 3) == 0 {
                let i = rng.int(clauses.count - 2)
                clauses.swapAt(i, i + 1)
                // The sentence's end stays at its end.
                for k in clauses.indices { clauses[k] = clauses[k].replacingOccurrences(of: "。", with: "") }
                clauses[clauses.count - 1] += "。"
            }
            for k in clauses.indices {
                var chars = Array(clauses[k])
                let han = chars.indices.filter { isHan(chars[$0]) }
                // One character changed in about two clauses of three (two in long ones).
                if han.count > 4 && (heavy || rng.int(3) != 0) {
                    for _ in 0..<(han.count > (heavy ? 12 : 20) ? 2 : 1) { chars[han[1 + rng.int(han.count - 2)]] = commonHan[rng.int(commonHan.count)] }
                }
                // A word put in or a character left out now and then.
                if han.count > 8 && rng.int(heavy ? 4 : 8) == 0 {
                    let at = han[2 + rng.int(han.count - 4)]
                    if rng.int(2) == 0 { chars.insert(contentsOf: insertions[rng.int(insertions.count)], at: at) } else { chars.remove(at: at) }
                }
                clauses[k] = String(chars)
            }
            var s = clauses.joined(separator: "，")
            // About one spinner swap per sentence where the sentence has a word of the table.
            let applicable = swaps.filter { s.contains($0.0) }
            if !applicable.isEmpty {
                let (a, b) = applicable[rng.int(applicable.count)]
                if let r = s.range(of: a) { s.replaceSubrange(r, with: b); spun += 1 }
            }
            sentencesOut.append(s)
        }
        return sentencesOut.joined()
    }

    static func makeDrafts(count: Int, pools: [[String]], usable: [Int], filler: [String], swaps: [(String, String)], seed: UInt64,
                           passages passageRange: ClosedRange<Int> = 2...4) -> (drafts: [Draft], spun: Int) {
        var rng = SplitMix(seed: seed)
        var spun = 0
        var drafts: [Draft] = []
        for _ in 0..<count {
            let sources = rng.int(2) == 0 ? [usable[rng.int(usable.count)]] : [usable[rng.int(usable.count)], usable[rng.int(usable.count)]]
            var text = ""
            var truth: [(Range<Int>, Int)] = []
            let passages = passageRange.lowerBound + rng.int(passageRange.count)
            for n in 0..<passages {
                // Original filler: 1–3 sentences.
                var fill = ""
                for _ in 0..<(1 + rng.int(3)) { fill += filler[rng.int(filler.count)] }
                text += fill + (rng.int(2) == 0 ? "\n\n" : "")
                let f = sources[n % sources.count]
                let pool = pools[f]
                // 2–7 sentences; the report's closing sentences (its formulas) in one passage of six.
                let length = 2 + rng.int(6)
                let start = rng.int(6) == 0 ? max(0, pool.count - length) : rng.int(pool.count - length)
                let passage = edit(pool[start..<(start + length)].joined(), swaps: swaps, rng: &rng, spun: &spun)
                let a = text.unicodeScalars.count
                text += passage
                truth.append((a..<text.unicodeScalars.count, f))
                text += rng.int(2) == 0 ? "\n\n" : ""
            }
            text += filler[rng.int(filler.count)]
            drafts.append(Draft(text: text, truth: truth))
        }
        return (drafts, spun)
    }

    /// What drafts are made of: each report's sentences, the reports passages come from,
    /// filler sentences and the spinner swaps.
    static func material(shared: URL, files: [URL], texts: [String], dictionaries: Dictionaries) throws
        -> (pools: [[String]], usable: [Int], filler: [String], swaps: [(String, String)]) {
        // Sentences of each report to draw passages from; a sentence found word for word in
        // five reports or more is the archive's page furniture (Wikisource's licence note), not
        // report text, and is left out.
        var counts: [String: Int] = [:]
        for t in texts { for s in Set(sentences(t)) { counts[s, default: 0] += 1 } }
        let pools = texts.map { sentences($0).filter { counts[$0, default: 0] < 5 } }
        // Sources of passages: reports 1978 on in simplified characters (1954–1975 are partly
        // traditional or abstracts), with enough sentences.
        let usable = files.indices.filter { (Int(files[$0].deletingPathExtension().lastPathComponent) ?? 0) >= 1978 && pools[$0].count >= 40 }
        var filler: [String] = []
        let wild = shared.appendingPathComponent("wild-dev/pages")
        for f in (try? FileManager.default.contentsOfDirectory(at: wild, includingPropertiesForKeys: nil)) ?? [] where f.pathExtension == "txt" {
            if let t = try? String(contentsOf: f, encoding: .utf8) { filler += sentences(t).filter { $0.filter(isHan).count >= 12 } }
        }
        let csl = shared.appendingPathComponent("bench/keywords/csl_kg.jsonl")
        if let data = try? String(contentsOf: csl, encoding: .utf8) {
            for line in data.split(separator: "\n").prefix(300) {
                if let obj = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], let t = obj["text"] as? String {
                    filler += sentences(t.replacingOccurrences(of: "\n", with: ""))
                }
            }
        }
        guard !filler.isEmpty, !usable.isEmpty else { throw TextInputError.unreadable(file: shared.path, reason: "no filler or no reports") }
        let swaps: [(String, String)] = try WordList.load(contentsOf: dictionaries.url("phrases/synonyms.txt"))
            .compactMap { l in let f = l.split(separator: " "); return f.count >= 2 ? (String(f[0]), String(f[1])) : nil }
        return (pools, usable, filler, swaps)
    }

    static func run(shared: URL, dictionaries: Dictionaries, drafts draftCount: Int, verbose: Bool) throws {
        let dir = shared.appendingPathComponent("corpus/govreports")
        let files = try FileManager.default.contentsOfDirectory(at: dir, includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "txt" }
            .sorted { $0.path < $1.path }
        let t0 = Date()
        let undoer = try SwapUndoer.load(contentsOf: dictionaries.url("phrases/synonyms.txt"))
        let library = try CopyLibrary.load(files, swaps: undoer)
        let loadTime = Date().timeIntervalSince(t0)
        let texts = try files.map { try String(contentsOf: $0, encoding: .utf8) }
        let (pools, usable, filler, swaps) = try material(shared: shared, files: files, texts: texts, dictionaries: dictionaries)
        let (drafts, spun) = makeDrafts(count: draftCount, pools: pools, usable: usable, filler: filler, swaps: swaps, seed: 2026)
        var tp = 0, fp = 0, fn = 0, attributed = 0
        var times: [Double] = []
        let analyzer = Analyzer(structures: StructureLibrary(structures: []), rules: [])
        for (n, draft) in drafts.enumerated() {
            let source = try InputReader.read(text: draft.text, file: "draft")
            let page = try analyzer.analyze(source)
            let paragraphs = page.documents.flatMap(\.paragraphs)
            let t1 = Date()
            let (matches, _, _) = library.matches(for: paragraphs)
            times.append(Date().timeIntervalSince(t1))
            let chars = Array(draft.text.unicodeScalars)
            var truthOf = [Int](repeating: -1, count: chars.count)
            for (r, f) in draft.truth { for i in r where i < chars.count { truthOf[i] = f } }
            var predOf = [Int](repeating: -1, count: chars.count)
            for m in matches {
                let orig = page.text.originalRange(of: m.range)
                let fi = files.firstIndex { $0.path == library.documents[m.document].file } ?? -2
                for i in orig.start..<min(orig.end, chars.count) where predOf[i] == -1 { predOf[i] = fi }
            }
            var dtp = 0, dfp = 0, dfn = 0
            for i in chars.indices where CharacterClass.isHan(chars[i].value) {
                let t = truthOf[i] >= 0, p = predOf[i] != -1
                if t && p { dtp += 1; if predOf[i] == truthOf[i] { attributed += 1 } }
                if !t && p { dfp += 1 }
                if t && !p { dfn += 1 }
            }
            tp += dtp; fp += dfp; fn += dfn
            if verbose && (dfp > 0 || dfn > 10) {
                print("draft \(n): tp \(dtp) fp \(dfp) fn \(dfn)")
                var line = ""
                for i in chars.indices { line += truthOf[i] >= 0 ? (predOf[i] != -1 ? String(chars[i]) : "[\(chars[i])]") : (predOf[i] != -1 ? "{\(chars[i])}" : "·") }
                print(line)
            }
        }
        let precision = Double(tp) / Double(max(1, tp + fp)), recall = Double(tp) / Double(max(1, tp + fn))
        print("Copy detection on \(draftCount) drafts: 2–4 passages of 2–7 sentences from one or two of \(usable.count) reports (1978–2025), edited (a character changed in two clauses of three, neighbouring clauses swapped in a sentence of three, a word put in or a character left out in a clause of eight, \(spun) spinner swaps, formulas kept), between original filler (wild-dev pages, CSL abstracts); library: all \(files.count) reports")
        print("| char recall | char precision | source right | copied chars | reported chars |")
        print("|---|---|---|---|---|")
        print(String(format: "| %.3f | %.3f | %.3f | %d | %d |", recall, precision, Double(attributed) / Double(max(1, tp)), tp + fn, tp + fp))
        // Genuine reports against each other.
        var ratios: [(String, Double, [CopyLibrary.Match])] = []
        for (k, f) in files.enumerated() {
            let text = try Normalizer(options: .documents).normalize(texts[k])
            let paragraphs = ParagraphSplitter.paragraphs(of: text)
            let r = library.matches(for: paragraphs, excludingFile: f.path)
            ratios.append((f.deletingPathExtension().lastPathComponent, r.streamLength == 0 ? 0 : Double(r.copied.filter { $0 }.count) / Double(r.streamLength), r.matches))
        }
        let sorted = ratios.map(\.1).sorted()
        print("")
        print("Copy ratio of each genuine report against all the others (\(files.count) reports)")
        print("| median | max | reports above 5% |")
        print("|---|---|---|")
        let top = ratios.max { $0.1 < $1.1 }!
        print(String(format: "| %.1f%% | %.1f%% (%@) | %d |", sorted[sorted.count / 2] * 100, top.1 * 100, top.0, ratios.filter { $0.1 > 0.05 }.count))
        for (year, ratio, matches) in ratios where ratio > 0.05 || verbose {
            let text = try Normalizer(options: .documents).normalize(texts[files.firstIndex { $0.deletingPathExtension().lastPathComponent == year }!])
            print(String(format: "  %@: %.1f%%", year, ratio * 100))
            for m in matches.sorted(by: { $0.characters > $1.characters }).prefix(verbose ? 3 : 6) {
                let src = library.documents[m.document].file
                let excerpt = text.source.text(in: text.originalRange(of: m.range))
                print("    \(m.characters) chars from \(URL(fileURLWithPath: src).deletingPathExtension().lastPathComponent) (sim \(String(format: "%.2f", m.similarity))): \(excerpt.prefix(80))")
            }
        }
        times.sort()
        print("")
        print(String(format: "Library: %d documents indexed in %.2f s; checking one draft: median %.1f ms, max %.1f ms", library.documents.count, loadTime, times[times.count / 2] * 1000, times.last! * 1000))
    }
}
