import Foundation
import XCTest

/// `wenshu fix`, `wenshu kinds` and `wenshu check --rules` run as a user runs them.
extension CommandLineTests {

    func testCheckWithAnOfficeRuleFile() throws {
        let dir = try temp()
        let draft = dir.appendingPathComponent("draft.txt")
        try "关于2023年工作的总结\n一、基本情况\n截止目前，做为牵头单位，我们完成了其它各项工作。\n".write(to: draft, atomically: true, encoding: .utf8)
        let rule = Self.root.appendingPathComponent("examples/rules/office-terms.yaml").path
        let r = try run(binary, ["check", draft.path, "--rules", rule])
        XCTAssertTrue(r.out.contains("\(draft.path):3:1: warning [office-term] 截止目前: this office writes 截至目前 — suggestion: 截至目前"), r.out + r.err)
        XCTAssertTrue(r.out.contains("[office-term] 其它"), r.out)
        let without = try run(binary, ["check", draft.path])
        XCTAssertFalse(without.out.contains("office-term"))
        // A broken rule file: exit status 2, the file and line named.
        let bad = dir.appendingPathComponent("bad.yaml")
        try "type: existence\nkind: office-term\nmessage: m\npatterns:\n  - '(b'\n".write(to: bad, atomically: true, encoding: .utf8)
        let e = try run(binary, ["check", draft.path, "--rules", bad.path])
        XCTAssertEqual(e.status, 2, e.err)
        XCTAssertTrue(e.err.contains("\(bad.path):5:"), e.err)
    }

    func testFixTheSeedAndCheckItClean() throws {
        let dir = try temp()
        let seed = Self.root.appendingPathComponent("Corpus/seed/zhengxie-zongjie-5pian.txt").path
        let out = dir.appendingPathComponent("fixed.txt").path
        let r = try run(binary, ["fix", seed, "-o", out])
        XCTAssertEqual(r.status, 0, r.err)
        XCTAssertTrue(r.out.contains("[spun-phrase] 分散共识 → 凝聚共识"), r.out)
        XCTAssertTrue(r.out.contains("[watermark] . deleted"), r.out)
        let after = try run(binary, ["check", out, "--format", "json"])
        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(after.out.utf8)) as? [String: Any])
        let docs = try XCTUnwrap(json["documents"] as? [[String: Any]])
        let kinds = ((json["pageFindings"] as? [[String: Any]] ?? []) + docs.flatMap { $0["findings"] as? [[String: Any]] ?? [] }).compactMap { $0["kind"] as? String }
        XCTAssertFalse(kinds.contains("spun-phrase") || kinds.contains("watermark") || kinds.contains("scrape-junk"), "\(Set(kinds))")
        XCTAssertTrue(kinds.contains("placeholder"), "placeholders stay for a person")
        XCTAssertEqual(json["version"] as? Int, 3)
        // Without -o: the text on standard output, the changes on standard error.
        let piped = try run(binary, ["fix", seed])
        XCTAssertEqual(piped.out, try String(contentsOfFile: out, encoding: .utf8))
        XCTAssertTrue(piped.err.contains("changes"), piped.err)
    }

    func testKindsPrintsTheRegistry() throws {
        let r = try run(binary, ["kinds", "--format", "markdown"])
        XCTAssertEqual(r.status, 0, r.err)
        let readme = try String(contentsOf: Self.root.appendingPathComponent("README.md"), encoding: .utf8)
        XCTAssertTrue(readme.contains(r.out), "README's table is `wenshu kinds --format markdown`")
        // `--update FILE` is the one step that regenerates the table: an out-of-date copy of the
        // README is rewritten to the README, an up-to-date one left alone, a file without markers refused.
        let dir = try temp()
        let stale = dir.appendingPathComponent("README.md")
        try readme.replacingOccurrences(of: "| `placeholder` |", with: "| `old-kind` |").write(to: stale, atomically: true, encoding: .utf8)
        let u = try run(binary, ["kinds", "--update", stale.path])
        XCTAssertEqual(u.status, 0, u.err)
        XCTAssertTrue(u.out.contains("rewritten"), u.out)
        XCTAssertEqual(try String(contentsOf: stale, encoding: .utf8), readme)
        XCTAssertTrue(try run(binary, ["kinds", "--update", stale.path]).out.contains("up to date"))
        let plain = dir.appendingPathComponent("plain.md")
        try "no table\n".write(to: plain, atomically: true, encoding: .utf8)
        let e = try run(binary, ["kinds", "--update", plain.path])
        XCTAssertNotEqual(e.status, 0)
        XCTAssertTrue(e.err.contains("kinds:begin"), e.err)
    }
}
