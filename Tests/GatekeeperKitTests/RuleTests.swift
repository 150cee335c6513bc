import Foundation
import XCTest

@testable import GatekeeperKit

/// Every rule's examples are tests: the triggering one must report that rule, the other not.
final class RuleTests: XCTestCase {
    func testEveryRuleHasIdSummaryAndExamples() {
        var ids = Set<String>()
        for rule in CheckRegistry.allRules {
            XCTAssertTrue(ids.insert(rule.id).inserted, "duplicate rule id \(rule.id)")
            XCTAssertNotNil(rule.id.range(of: #"^[a-z]+(-[a-z]+)*/[a-z]+(-[a-z]+)*$"#, options: .regularExpression), rule.id)
            XCTAssertFalse(rule.summary.isEmpty, rule.id)
            XCTAssertFalse(rule.description.isEmpty, rule.id)
            XCTAssertFalse(rule.triggeringExample.isEmpty, rule.id)
            XCTAssertFalse(rule.nonTriggeringExample.isEmpty, rule.id)
        }
        for type in CheckRegistry.checkTypes {
            XCTAssertTrue(type.rules.allSatisfy { $0.check == type.id }, "\(type.id) owns a rule of another check")
        }
    }

    func testExamplesTriggerAndDoNotTrigger() throws {
        // The same runner as `gatekeeper rules --test`; CustomRuleTests shows it catches a broken example.
        let result = try RuleExamples.test(customRules: [])
        XCTAssertEqual(result.failures.map(\.description), [])
        XCTAssertEqual(result.examples, CheckRegistry.allRules.filter { !RuleExamples.describedOnly.contains($0) }
            .map { $0.triggeringExamples.count + $0.nonTriggeringExamples.count }.reduce(0, +))
    }

    func testEmbeddedRulePacksMatchTheRulesFolder() throws {
        let rules = TestSupport.packageRoot.appendingPathComponent("rules")
        var onDisk: [String: String] = [:]
        let enumerator = FileManager.default.enumerator(atPath: rules.path)
        while let relative = enumerator?.nextObject() as? String {
            var isDirectory: ObjCBool = false
            let path = rules.appendingPathComponent(relative).path
            if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue {
                onDisk[relative] = try String(contentsOfFile: path, encoding: .utf8)
            }
        }
        XCTAssertFalse(onDisk.isEmpty)
        XCTAssertEqual(Set(onDisk.keys), Set(RulePacks.fileNames), "run .ci/embed-rules")
        for (name, text) in onDisk {
            XCTAssertEqual(RulePacks.text(name), text, "\(name) differs from its embedded copy: run .ci/embed-rules")
            XCTAssertNoThrow(try JSON5Parser.parse(text), name)
        }
    }
}
