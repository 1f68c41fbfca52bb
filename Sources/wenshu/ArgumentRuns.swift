import ArgumentParser

/// The command line parsed in time linear in the number of file arguments. swift-argument-parser
/// adds each value of an array argument by copying the array and the set of input positions
/// parsed so far, so `check archive/*.txt` with 10,000 files spent 37 s (debug build) parsing
/// before reading a file (hostile tester, session 11; 5,000: 11 s).
///
/// Each run of three or more arguments that are not options is parsed as its first two and a
/// stand-in for the third; once parsed, the stand-in is replaced by the rest of the run in the
/// file list that received it (`check`, `segment`, `keywords`, `compare --all/--against`,
/// `themes`, `corpus add`). When a stand-in lands anywhere else, or the shortened line does not
/// parse, the whole line is parsed the usual way, so messages and meaning are never changed.
enum ArgumentRuns {
    /// Lines shorter than this are parsed as they are.
    static let threshold = 256

    static func parse(_ arguments: [String]) throws -> ParsableCommand {
        guard arguments.count >= threshold, let (shortened, runs) = shorten(arguments),
              let parsed = try? Wenshu.parseAsRoot(shortened), let command = expand(parsed, runs) else {
            return try Wenshu.parseAsRoot(arguments)
        }
        return command
    }

    /// A stand-in that no path or option value is.
    static func standIn(_ k: Int) -> String { "\u{1}wenshu-run-\(k)\u{1}" }

    /// The line with each long run of non-options cut to its first two and a stand-in, and the
    /// arguments each stand-in is for; nil when there is nothing to cut, or after `--`.
    static func shorten(_ arguments: [String]) -> ([String], [String: ArraySlice<String>])? {
        if arguments.contains("--") { return nil }
        var shortened: [String] = []
        var runs: [String: ArraySlice<String>] = [:]
        var i = 0
        while i < arguments.count {
            var j = i
            while j < arguments.count, arguments[j] == "-" || !arguments[j].hasPrefix("-") { j += 1 }
            if j - i >= 3 {
                let key = standIn(runs.count)
                shortened += arguments[i..<(i + 2)]
                shortened.append(key)
                runs[key] = arguments[(i + 2)..<j]
                i = j
            } else {
                shortened.append(arguments[i])
                i += 1
            }
        }
        return runs.isEmpty ? nil : (shortened, runs)
    }

    /// Every stand-in in a list replaced by the run it is for; nil when one is left anywhere.
    static func restore(_ list: [String], _ runs: [String: ArraySlice<String>], _ found: inout Int) -> [String] {
        guard list.contains(where: { runs[$0] != nil }) else { return list }
        var out: [String] = []
        out.reserveCapacity(list.count + runs.values.reduce(0) { $0 + $1.count })
        for a in list {
            if let run = runs[a] { out += run; found += 1 } else { out.append(a) }
        }
        return out
    }

    static func expand(_ command: ParsableCommand, _ runs: [String: ArraySlice<String>]) -> ParsableCommand? {
        var found = 0
        let result: ParsableCommand
        switch command {
        case var c as CheckCommand: c.files = restore(c.files, runs, &found); result = c
        case var c as SegmentCommand: c.files = restore(c.files, runs, &found); result = c
        case var c as KeywordsCommand: c.files = restore(c.files, runs, &found); result = c
        case var c as ThemesCommand: c.paths = restore(c.paths, runs, &found); result = c
        case var c as CorpusCommand.Add: c.paths = restore(c.paths, runs, &found); result = c
        case var c as CompareCommand:
            c.all = restore(c.all, runs, &found)
            c.against = restore(c.against, runs, &found)
            result = c
        default: return nil
        }
        return found == runs.count ? result : nil
    }
}
