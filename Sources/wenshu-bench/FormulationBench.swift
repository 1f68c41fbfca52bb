import Foundation
import WenshuAnalysis
import WenshuText

/// The formulation benchmark: in every State Council report, each quotation of a listed
/// formulation (of at least the length the check edits) gets one planted edit — a character
/// substituted, dropped, added, or two neighbours swapped, in turn — at a random interior
/// position; `wenshu check` must flag each with a `formulation` finding. The same reports
/// unedited must raise no formulation finding (false flags), and neither may the edited ones
/// away from a planted edit.
enum FormulationBench {
    struct Rng {
        var state: UInt64
        mutating func next(_ n: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int((state >> 33) % UInt64(max(n, 1)))
        }
    }

    static func run(shared: URL, dictionaries: Dictionaries, seed: UInt64) throws {
        let dir = shared.appendingPathComponent("corpus/govreports")
        let files = try FileManager.default.contentsOfDirectory(at: dir, includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "txt" }.sorted { $0.path < $1.path }
        guard !files.isEmpty else { throw DictionaryError.notFound(searched: [dir.path]) }
        let analyzer = try Analyzer(dictionaries: dictionaries)
        let list = try FormulationList.load(dictionaries: dictionaries)
        let targets = list.formulations.filter { $0.scalars.count >= list.minimumEditLength }.map(\.scalars)
        var rng = Rng(state: seed)
        let kinds = ["substituted", "dropped", "added", "transposed"]
        var planted = [0, 0, 0, 0], found = [0, 0, 0, 0]
        var falseOnClean: [String] = [], falseOnEdited: [String] = []
        var characters = 0
        var missed: [String] = []
        let t0 = Date()
        for file in files {
            let text = try String(contentsOf: file, encoding: .utf8)
            let s = Array(text.unicodeScalars.map(\.value))
            characters += s.count
            let name = file.lastPathComponent
            // Unedited: every formulation finding is a false flag.
            let clean = try analyzer.analyze(InputReader.read(text: text, file: name))
            for f in clean.documents.flatMap(\.findings) where FindingKind.formulation.matches(f) { falseOnClean.append("\(name):\(f.line) \(f.text)") }
            // The quotations to edit, left to right, not overlapping.
            var spots: [(Int, [UInt32])] = []
            for f in targets {
                var i = 0
                while i + f.count <= s.count {
                    if s[i] == f[0], Array(s[i..<(i + f.count)]) == f { spots.append((i, f)); i += f.count } else { i += 1 }
                }
            }
            spots.sort { $0.0 < $1.0 }
            var chosen: [(Int, [UInt32])] = []
            for sp in spots where chosen.last.map({ $0.0 + $0.1.count <= sp.0 }) ?? true { chosen.append(sp) }
            guard !chosen.isEmpty else { continue }
            let hanPool = s.filter { CharacterClass.isHan($0) && !list.particles.contains($0) }
            var out: [UInt32] = []
            var cursor = 0
            var plants: [(start: Int, end: Int, kind: Int, text: String)] = []
            for (k, (start, f)) in chosen.enumerated() {
                out += s[cursor..<start]
                let kind = (k + Int(seed % 4)) % 4
                let n = f.count
                // Interior Han positions (not the first or last character, no particle to drop).
                let interior = (1..<(n - 1)).filter { CharacterClass.isHan(f[$0]) }
                var g = f
                switch kind {
                case 0:
                    let i = interior[rng.next(interior.count)]
                    var c = hanPool[rng.next(hanPool.count)]
                    while c == f[i] { c = hanPool[rng.next(hanPool.count)] }
                    g[i] = c
                case 1:
                    let cands = interior.filter { !list.particles.contains(f[$0]) }
                    g.remove(at: cands[rng.next(cands.count)])
                case 2:
                    let i = interior[rng.next(interior.count)]
                    g.insert(hanPool[rng.next(hanPool.count)], at: i)
                default:
                    let cands = interior.filter { $0 + 1 < n - 1 && CharacterClass.isHan(f[$0 + 1]) && f[$0] != f[$0 + 1] }
                    let i = cands[rng.next(cands.count)]
                    g.swapAt(i, i + 1)
                }
                plants.append((out.count, out.count + g.count, kind, String(String.UnicodeScalarView(g.compactMap(Unicode.Scalar.init)))))
                out += g
                cursor = start + n
            }
            out += s[cursor...]
            let edited = String(String.UnicodeScalarView(out.compactMap(Unicode.Scalar.init)))
            let page = try analyzer.analyze(InputReader.read(text: edited, file: name))
            let flags = page.documents.flatMap(\.findings).filter(FindingKind.formulation.matches)
            for p in plants {
                planted[p.kind] += 1
                if flags.contains(where: { $0.range.start < p.end && p.start < $0.range.end }) { found[p.kind] += 1 } else { missed.append("\(name) \(kinds[p.kind]): \(p.text)") }
            }
            for f in flags where !plants.contains(where: { f.range.start < $0.end && $0.start < f.range.end }) {
                falseOnEdited.append("\(name):\(f.line) \(f.text)")
            }
        }
        let elapsed = Date().timeIntervalSince(t0)
        print("Formulation benchmark: \(files.count) State Council reports (\(characters) characters), \(list.formulations.count) formulations, \(targets.count) of ≥\(list.minimumEditLength) characters edited, seed \(seed)")
        print("| edit | planted | found | recall |")
        print("|---|---:|---:|---:|")
        for k in 0..<4 {
            print("| \(kinds[k]) | \(planted[k]) | \(found[k]) | \(String(format: "%.3f", planted[k] == 0 ? 0 : Double(found[k]) / Double(planted[k]))) |")
        }
        let p = planted.reduce(0, +), f = found.reduce(0, +)
        print("| all | \(p) | \(f) | \(String(format: "%.3f", p == 0 ? 0 : Double(f) / Double(p))) |")
        print("False flags on the unedited reports: \(falseOnClean.count)\(falseOnClean.isEmpty ? "" : ": " + falseOnClean.joined(separator: "; "))")
        print("False flags on the edited reports away from an edit: \(falseOnEdited.count)\(falseOnEdited.isEmpty ? "" : ": " + falseOnEdited.joined(separator: "; "))")
        if !missed.isEmpty { print("Missed: " + missed.prefix(20).joined(separator: "; ")) }
        print(String(format: "Time: %.1f s for %d analyses", elapsed, files.count * 2))
    }
}
