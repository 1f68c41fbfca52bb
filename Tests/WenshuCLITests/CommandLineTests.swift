import Foundation
import XCTest
import WenshuTestSupport

/// Runs the built `wenshu` binary as a user would: exit statuses, error messages, an installed copy.
final class CommandLineTests: XCTestCase, WenshuShellTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The `wenshu` binary of the same build (WenshuTestSupport).
    var binary: URL { get throws { try WenshuBinary.url } }

    @discardableResult
    func run(_ exe: URL, _ args: [String], stdin: String? = nil, env: [String: String] = [:]) throws -> (status: Int32, out: String, err: String) {
        try WenshuBinary.run(exe, args, stdin: stdin, env: env)
    }

    func testCheckOnTheSeedExitsOneWithFindingsAndValidJSON() throws {
        let seed = Self.root.appendingPathComponent("Corpus/seed/zhengxie-zongjie-5pian.txt").path
        let r = try run(binary, ["check", seed, "--format", "json"])
        XCTAssertEqual(r.status, 1, r.err)
        let json = try JSONSerialization.jsonObject(with: Data(r.out.utf8)) as? [String: Any]
        XCTAssertEqual((json?["documents"] as? [Any])?.count, 5)
    }

    func testKeywordsOfAPageGiveEachDocumentAndThemesFollowTerms() throws {
        let seed = Self.root.appendingPathComponent("Corpus/seed/zhengxie-zongjie-5pian.txt").path
        let r = try run(binary, ["keywords", seed, "--format", "json", "--top", "5"])
        XCTAssertEqual(r.status, 0, r.err)
        let entries = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(r.out.utf8)) as? [[String: Any]])
        XCTAssertEqual((entries[0]["keywords"] as? [Any])?.count, 5)
        let documents = try XCTUnwrap(entries[0]["documents"] as? [[String: Any]])
        XCTAssertEqual(documents.map { $0["line"] as? Int }, [7, 17, 47, 95, 137])
        XCTAssertTrue(documents.allSatisfy { ($0["keywords"] as? [Any])?.count == 5 })
        let text = try run(binary, ["keywords", seed, "--top", "3"])
        XCTAssertTrue(text.out.contains("  [2] 政协工作总结和工作计划【第二篇】 (line 17):\n    提案\t"), text.out)
        // --term follows a term across years: it needs --by-year.
        let usage = try run(binary, ["themes", seed, "--term", "提案"])
        XCTAssertEqual(usage.status, 2)
        XCTAssertTrue(usage.err.contains("--by-year"), usage.err)
        let dir = try temp()
        for (year, text) in [(2020, "今年加强提案办理工作。委员提案质量提高。"), (2021, "提案办理工作成效明显，提案办理满意率提高。")] {
            try text.write(to: dir.appendingPathComponent("\(year).txt"), atomically: true, encoding: .utf8)
        }
        let followed = try run(binary, ["themes", dir.path, "--by-year", "--term", "提案办理", "--format", "json"])
        XCTAssertEqual(followed.status, 0, followed.err)
        let report = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(followed.out.utf8)) as? [String: Any])
        let tracked = try XCTUnwrap((report["tracked"] as? [[String: Any]])?.first)
        XCTAssertEqual(tracked["term"] as? String, "提案办理")
        XCTAssertEqual(tracked["firstYear"] as? Int, 2020)
        XCTAssertEqual((tracked["years"] as? [[String: Any]])?.map { $0["count"] as? Int }, [1, 2])
    }

    func testLangZhGivesChineseMessagesAndKeepsTheJSONContract() throws {
        let seed = Self.root.appendingPathComponent("Corpus/seed/zhengxie-zongjie-5pian.txt").path
        let r = try run(binary, ["check", seed, "--format", "json", "--lang", "zh"])
        XCTAssertEqual(r.status, 1, r.err)
        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(r.out.utf8)) as? [String: Any])
        let docs = try XCTUnwrap(json["documents"] as? [[String: Any]])
        let findings = docs.flatMap { ($0["findings"] as? [[String: Any]]) ?? [] }
        let missing = try XCTUnwrap(findings.first { $0["kind"] as? String == "missing-section" })
        XCTAssertTrue((missing["message"] as? String)?.hasPrefix("缺少") == true, "\(missing)")
        XCTAssertEqual(missing["severity"] as? String, "error")
        let bad = try run(binary, ["check", seed, "--lang", "fr"])
        XCTAssertEqual(bad.status, 2, "a language it does not know is a usage error: \(bad.err)")
        XCTAssertTrue(bad.err.contains("lang"), bad.err)
    }

    func testSegmentJobsGiveTheSameOutputAsOneThread() throws {
        // About 2.5 MB: three chunks of the stream reader, so two or three threads share the work.
        let seed = try String(contentsOf: Self.root.appendingPathComponent("Corpus/seed/zhengxie-zongjie-5pian.txt"), encoding: .utf8)
        let dir = try temp()
        let big = dir.appendingPathComponent("big.txt")
        try String(repeating: seed, count: max(1, 2_500_000 / seed.utf8.count)).write(to: big, atomically: true, encoding: .utf8)
        for format in ["text", "json"] {
            let one = try run(binary, ["segment", big.path, "--format", format, "--jobs", "1"])
            let three = try run(binary, ["segment", big.path, "--format", format, "--jobs", "3"])
            XCTAssertEqual(one.status, 0, one.err)
            XCTAssertEqual(three.status, 0, three.err)
            XCTAssertGreaterThan(one.out.count, 1_000_000)
            XCTAssertTrue(one.out == three.out, "--jobs 3 differs from --jobs 1 (\(format))")
            if format == "json" { XCTAssertNoThrow(try JSONSerialization.jsonObject(with: Data(three.out.utf8))) }
        }
        let zero = try run(binary, ["segment", big.path, "--jobs", "0"])
        XCTAssertEqual(zero.status, 2, zero.err)
    }

    func testKeywordsThemesAndIDFGiveTheSameOutputOnAnyNumberOfThreads() throws {
        let seed = Self.root.appendingPathComponent("Corpus/seed/zhengxie-zongjie-5pian.txt")
        let text = try String(contentsOf: seed, encoding: .utf8)
        let dir = try temp()
        // Three years of "reports": the seed page, each time with a different half dropped.
        var files: [String] = []
        for (k, year) in [2019, 2020, 2021].enumerated() {
            let lines = text.components(separatedBy: "\n")
            let kept = lines.enumerated().filter { $0.offset % 3 != k }.map(\.element)
            let url = dir.appendingPathComponent("\(year).txt")
            try kept.joined(separator: "\n").write(to: url, atomically: true, encoding: .utf8)
            files.append(url.path)
        }
        for args in [["keywords"] + files + ["--format", "json"],
                     ["themes", dir.path, "--by-year", "--format", "json"],
                     ["idf", "build", dir.path, "-o", dir.appendingPathComponent("t.idf").path]] {
            let one = try run(binary, args + ["--jobs", "1"])
            let idfOne = try? String(contentsOf: dir.appendingPathComponent("t.idf"), encoding: .utf8)
            let three = try run(binary, args + ["--jobs", "3"])
            let idfThree = try? String(contentsOf: dir.appendingPathComponent("t.idf"), encoding: .utf8)
            XCTAssertEqual(one.status, 0, "\(args[0]): \(one.err)")
            XCTAssertEqual(three.status, 0, "\(args[0]): \(three.err)")
            XCTAssertEqual(one.out, three.out, args[0])
            XCTAssertEqual(idfOne, idfThree, args[0])
            if args[0] != "idf" { XCTAssertGreaterThan(one.out.count, 200, one.out) }
        }
        // corpus add: the same documents, ids and term statistics in the store either way.
        var listings: [String] = []
        for jobs in ["1", "3"] {
            let store = dir.appendingPathComponent("store-\(jobs).sqlite").path
            let add = try run(binary, ["corpus", "add", dir.path, "--store", store, "--jobs", jobs])
            XCTAssertEqual(add.status, 0, add.err)
            let list = try run(binary, ["corpus", "list", "--store", store, "--format", "json"])
            XCTAssertEqual(list.status, 0, list.err)
            // Everything but the time each was added.
            listings.append(list.out.split(separator: "\n").filter { !$0.contains("\"addedAt\"") }.joined(separator: "\n"))
            let keywords = try run(binary, ["keywords", files[0], "--store", store, "--format", "json", "--jobs", "1"])
            XCTAssertEqual(keywords.status, 0, keywords.err)
            listings.append(keywords.out)
        }
        XCTAssertGreaterThan(listings[0].count, 100, listings[0])
        XCTAssertEqual(listings[0], listings[2], "corpus list")
        XCTAssertEqual(listings[1], listings[3], "keywords --store")
        // check: several files, findings with errors (exit 1) — the same report either way.
        let one = try run(binary, ["check"] + files + ["--format", "json", "--jobs", "1"])
        let three = try run(binary, ["check"] + files + ["--format", "json", "--jobs", "3"])
        XCTAssertEqual(one.status, 1, one.err)
        XCTAssertEqual(three.status, 1, three.err)
        XCTAssertEqual(one.out, three.out)
        XCTAssertEqual((try JSONSerialization.jsonObject(with: Data(three.out.utf8)) as? [Any])?.count, 3)
    }

    func testCompareReportsCopiedPassagesWithSourcesAsJSON() throws {
        let seed = Self.root.appendingPathComponent("Corpus/seed/zhengxie-zongjie-5pian.txt")
        let text = try String(contentsOf: seed, encoding: .utf8)
        let a = text.range(of: "政协工作总结和工作计划【第四篇】")!.upperBound
        let b = text.range(of: "政协工作总结和工作计划【第五篇】")!.lowerBound
        // 第四篇 with its place name changed everywhere: still a copy.
        let draft = try temp().appendingPathComponent("draft.txt")
        try ("宣传文体专委工作总结\n" + text[a..<b].replacingOccurrences(of: "罗定", with: "云安")).write(to: draft, atomically: true, encoding: .utf8)
        let r = try run(binary, ["compare", draft.path, "--against", seed.deletingLastPathComponent().path, "--format", "json"])
        XCTAssertEqual(r.status, 0, r.err)
        let json = try JSONSerialization.jsonObject(with: Data(r.out.utf8)) as? [String: Any]
        XCTAssertGreaterThan(json?["copyRatio"] as? Double ?? 0, 0.8, r.out)
        let findings = json?["findings"] as? [[String: Any]] ?? []
        XCTAssertFalse(findings.isEmpty)
        for f in findings {
            XCTAssertEqual(f["kind"] as? String, "copied-text")
            let source = f["source"] as? [String: Any]
            XCTAssertEqual(source?["file"] as? String, seed.path)
            XCTAssertNotNil((source?["range"] as? [String: Int])?["start"])
        }
        let missing = try run(binary, ["compare", draft.path])
        XCTAssertEqual(missing.status, 2, "no --against is a usage error")
    }

    func testCompareAllComparesABatchAsJSONTextAndHTML() throws {
        let seed = Self.root.appendingPathComponent("Corpus/seed/zhengxie-zongjie-5pian.txt")
        let text = try String(contentsOf: seed, encoding: .utf8)
        let a = text.range(of: "政协工作总结和工作计划【第四篇】")!.upperBound
        let b = text.range(of: "政协工作总结和工作计划【第五篇】")!.lowerBound
        let d = try temp()
        // Two submissions copied from 第四篇, with the place changed, and the seed page itself.
        try ("宣传文体专委工作总结\n" + text[a..<b].replacingOccurrences(of: "罗定", with: "云安")).write(to: d.appendingPathComponent("x.txt"), atomically: true, encoding: .utf8)
        try ("文史专委工作总结\n" + text[a..<b].replacingOccurrences(of: "罗定", with: "新兴")).write(to: d.appendingPathComponent("y.txt"), atomically: true, encoding: .utf8)
        let r = try run(binary, ["compare", "--all", d.path, "--against", seed.path, "--format", "json"])
        XCTAssertEqual(r.status, 0, r.err)
        let json = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(r.out.utf8)) as? [String: Any])
        XCTAssertEqual(Set(json.keys), ["documents", "pairs", "clusters"])
        let documents = try XCTUnwrap(json["documents"] as? [[String: Any]])
        XCTAssertEqual(documents.count, 2 + 5, "two submissions, the seed page's five documents")
        XCTAssertEqual(Set(documents[0].keys), ["id", "file", "index", "title"])
        let pairs = try XCTUnwrap(json["pairs"] as? [[String: Any]])
        XCTAssertFalse(pairs.isEmpty)
        XCTAssertEqual(Set(pairs[0].keys), ["a", "b", "ratioA", "ratioB", "passages"])
        // The strongest pair: the two submissions, each almost all in the other.
        XCTAssertEqual([pairs[0]["a"] as? Int, pairs[0]["b"] as? Int], [0, 1])
        XCTAssertGreaterThan(pairs[0]["ratioA"] as? Double ?? 0, 0.8)
        let passage = try XCTUnwrap((pairs[0]["passages"] as? [[String: Any]])?.first)
        XCTAssertEqual(Set(passage.keys), ["a", "b", "similarity"])
        XCTAssertNotNil((passage["a"] as? [String: Int])?["start"])
        // Sorted by the larger ratio.
        let larger = pairs.map { max($0["ratioA"] as? Double ?? 0, $0["ratioB"] as? Double ?? 0) }
        XCTAssertEqual(larger, larger.sorted(by: >))
        // Both submissions and 第四篇 (document 3 of the seed page, id 2 + 3) in one cluster.
        XCTAssertEqual(json["clusters"] as? [[Int]], [[0, 1, 5]])
        let html = try run(binary, ["compare", "--all", d.path, "--against", seed.path, "--format", "html"])
        XCTAssertEqual(html.status, 0, html.err)
        XCTAssertTrue(html.out.contains("<table class=\"matrix\">") && html.out.contains("href=\"#pair-0\"") && html.out.contains("id=\"pair-0\""))
        let plain = try run(binary, ["compare", "--all", d.path])
        XCTAssertEqual(plain.status, 0, plain.err)
        XCTAssertTrue(plain.out.hasPrefix("2 document(s) compared; 1 pair(s) share passages; 1 cluster(s)"), plain.out)
        XCTAssertEqual(try run(binary, ["compare", "--all", d.appendingPathComponent("missing").path]).status, 2)
    }

    func testBadInputExitsTwoNamingTheFile() throws {
        let d = try temp()
        let binaryFile = d.appendingPathComponent("report.txt")
        try Data([0x50, 0x4B, 0x03, 0x04, 0, 0, 0, 0]).write(to: binaryFile)
        var r = try run(binary, ["segment", binaryFile.path])
        XCTAssertEqual(r.status, 2)
        XCTAssertTrue(r.err.contains(binaryFile.path) && r.err.contains("binary"), r.err)
        r = try run(binary, ["check", d.appendingPathComponent("missing.txt").path])
        XCTAssertEqual(r.status, 2)
        XCTAssertTrue(r.err.contains("missing.txt"), r.err)
        let lexicon = d.appendingPathComponent("lex.txt")
        try "参政议政 100 n\n民主监督 abc n\n".write(to: lexicon, atomically: true, encoding: .utf8)
        r = try run(binary, ["segment", "--lexicon", lexicon.path], stdin: "文字")
        XCTAssertEqual(r.status, 2)
        XCTAssertTrue(r.err.contains("\(lexicon.path):2"), r.err)
        r = try run(binary, ["check", "--no-such-option", "x"])
        XCTAssertEqual(r.status, 2)
    }

    func testEmptyInputGivesEmptyOutput() throws {
        let r = try run(binary, ["segment"], stdin: "")
        XCTAssertEqual(r.status, 0, r.err)
        XCTAssertEqual(r.out, "")
    }

    func testSegmentJSONGivesTheNormalizedTextWhereItDiffers() throws {
        let r = try run(binary, ["segment", "--to-simplified", "--format", "json"], stdin: "衞生敎育，２０２１年\n")
        XCTAssertEqual(r.status, 0, r.err)
        let json = try JSONSerialization.jsonObject(with: Data(r.out.utf8)) as? [[String: Any]]
        let tokens = try XCTUnwrap(json?.first?["tokens"] as? [[String: Any]])
        let first = try XCTUnwrap(tokens.first)
        XCTAssertEqual(first["text"] as? String, "衞生")
        XCTAssertEqual(first["normalized"] as? String, "卫生")
        XCTAssertEqual(first["start"] as? Int, 0)
        let year = try XCTUnwrap(tokens.first { $0["text"] as? String == "２０２１年" })
        XCTAssertEqual(year["normalized"] as? String, "2021年")
        let comma = try XCTUnwrap(tokens.first { $0["text"] as? String == "，" })
        XCTAssertNil(comma["normalized"], "no field where nothing changed")
    }

    func testInstalledCopyFindsItsDictionariesAndSaysSoWhenThereAreNone() throws {
        let prefix = try temp()
        try FileManager.default.createDirectory(at: prefix.appendingPathComponent("bin"), withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: prefix.appendingPathComponent("share/wenshu"), withIntermediateDirectories: true)
        let installed = prefix.appendingPathComponent("bin/wenshu")
        try FileManager.default.copyItem(at: binary, to: installed)
        try FileManager.default.copyItem(at: Self.root.appendingPathComponent("dictionaries"), to: prefix.appendingPathComponent("share/wenshu/dictionaries"))
        let r = try run(installed, ["segment"], stdin: "政协委员积极参政议政\n")
        XCTAssertEqual(r.status, 0, r.err)
        XCTAssertEqual(r.out, "政协  委员  积极  参政议政\n")
        let none = try run(installed, ["segment"], stdin: "文字", env: ["WENSHU_DICTIONARIES": prefix.appendingPathComponent("nowhere").path])
        XCTAssertEqual(none.status, 2)
        XCTAssertTrue(none.err.contains("dictionaries"), none.err)
    }
}
