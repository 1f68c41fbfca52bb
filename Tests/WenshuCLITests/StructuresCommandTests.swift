import Foundation
import XCTest

/// `wenshu structures` and `check --structure NAME` for each structure, run as a user would.
extension CommandLineTests {
    func testStructuresListsEveryGenreAndCheckTakesEachByName() throws {
        let text = try run(binary, ["structures"])
        XCTAssertEqual(text.status, 0, text.err)
        for name in ["工作总结", "述职报告", "政府信息公开工作年度报告", "整改情况报告", "调研报告", "工作要点", "实施方案", "政府工作报告", "人大常委会工作报告"] {
            XCTAssertTrue(text.out.contains("\(name)  ("), name)
        }
        XCTAssertTrue(text.out.contains("收到和处理政府信息公开申请情况  required"))
        let json = try run(binary, ["structures", "--format", "json"])
        XCTAssertEqual(json.status, 0, json.err)
        let list = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(json.out.utf8)) as? [[String: Any]])
        XCTAssertEqual(list.count, 13)
        let names = list.compactMap { $0["name"] as? String }
        for s in list { XCTAssertNotNil(s["source"] as? String, "\(s["name"] ?? "")") }
        // check --structure takes each name.
        let doc = Self.root.appendingPathComponent("Corpus/genres/调研报告-1.txt").path
        for name in names {
            let r = try run(binary, ["check", doc, "--structure", name, "--format", "json"])
            XCTAssertTrue([0, 1].contains(r.status), "\(name): \(r.err)")
            XCTAssertTrue(r.out.contains("\"structure\" : \"\(name)\""), name)
        }
    }
}
