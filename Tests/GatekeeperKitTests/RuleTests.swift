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
        // Telemetry examples are written against the example contract of rules/.
        let directory = NSTemporaryDirectory() + "rule-examples-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let contract = directory + "/contract.json5"
        try RulePacks.text("telemetry/example-contract.json5")!.write(toFile: contract, atomically: true, encoding: .utf8)
        let docs = directory + "/telemetry.md"
        func configuration(docs docsContent: String?) throws -> Configuration {
            if let docsContent { try docsContent.write(toFile: docs, atomically: true, encoding: .utf8) }
            let docsKey = docsContent == nil ? "" : ", docs: \"\(docs)\""
            return try TestSupport.configuration("{ checks: { telemetry: { contract: \"\(contract)\"\(docsKey) } } }")
        }
        let fresh = try TelemetryContract.load(contract).markdown()
        // unreadable-file's trigger is invalid UTF-8, which a Swift string cannot hold; the
        // end-to-end tests cover it.
        for rule in CheckRegistry.allRules where rule.id != EngineRules.unreadableFile.id {
            // docs-drift is about the docs file: stale when triggering, fresh when not.
            let isDocs = rule.id == "telemetry/docs-drift"
            let triggered = try TestSupport.run(["Example.swift": rule.triggeringExample], configuration: configuration(docs: isDocs ? "# old\n" : nil), failOn: .info)
            XCTAssertTrue(triggered.findings.contains { $0.ruleId == rule.id },
                          "\(rule.id): the triggering example reports \(triggered.findings.map(\.ruleId))")
            let clean = try TestSupport.run(["Example.swift": rule.nonTriggeringExample], configuration: configuration(docs: isDocs ? fresh : nil), failOn: .info)
            XCTAssertFalse(clean.findings.contains { $0.ruleId == rule.id },
                           "\(rule.id): the non-triggering example reports \(clean.findings.map(\.message))")
        }
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
