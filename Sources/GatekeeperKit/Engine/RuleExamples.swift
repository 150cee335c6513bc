import Foundation

/// Runs every rule's examples through the whole engine, as `gatekeeper rules --test` and the
/// tests do: each triggering example must report its rule, each non-triggering one must not.
/// Built-in and custom rules are tested alike.
public enum RuleExamples {
    public struct Failure: Sendable, CustomStringConvertible {
        public var ruleId: String
        public var triggering: Bool
        /// 1-based, among the rule's examples of that kind.
        public var number: Int
        /// The rule ids of the rule's check the example reported.
        public var reported: [String]

        public var description: String {
            let others = reported.isEmpty ? "nothing" : reported.joined(separator: ", ")
            return triggering ? "\(ruleId): triggering example \(number) does not report it (reported: \(others))"
                : "\(ruleId): non-triggering example \(number) reports it"
        }
    }

    /// Rules whose examples describe a situation that no Swift text can hold (invalid UTF-8, a
    /// tool that cannot run); the end-to-end tests cover them.
    public static let describedOnly: [Rule] = [EngineRules.unreadableFile, EngineRules.externalCheckFailed]

    /// Where the examples live: nothing is read from or written to this folder.
    private static let root = "/gatekeeper-rule-examples"

    /// Tests the built-in rules and `customRules` (their include/exclude globs aside: an example
    /// has no real path); returns how many examples ran and the ones that failed.
    public static func test(customRules: [CustomRule]) throws -> (examples: Int, failures: [Failure]) {
        // Telemetry examples are written against the example contract of rules/, with docs
        // rendered from it (stale only for docs-drift's triggering example).
        let contractText = RulePacks.text("telemetry/example-contract.json5") ?? ""
        let contract = try TelemetryContract.parse(bytes: Array(contractText.utf8), path: root + "/contract.json5")
        var configuration = Configuration(rootDirectory: root)
        configuration.checks[TelemetryCheck.id] = .init(members: [("contract", .string("contract.json5")), ("docs", .string("telemetry.md"))])
        configuration.customRules = customRules.map { rule in
            var rule = rule
            (rule.include, rule.exclude) = ([], [])
            return rule
        }
        let engine = try Engine(configuration: configuration)
        let example = Discovery.File(absolutePath: root + "/Example.swift", displayPath: "Example.swift")
        var examples = 0
        var failures: [Failure] = []
        for rule in configuration.allRules where !describedOnly.contains(rule) {
            for (triggering, texts) in [(true, rule.triggeringExamples), (false, rule.nonTriggeringExamples)] {
                for (number, text) in texts.enumerated() {
                    let docs = rule == TelemetryCheck.docsDrift && triggering ? "# old\n" : contract.markdown()
                    let files = ["Example.swift": text, "contract.json5": contractText, "telemetry.md": docs]
                    let report = try engine.check([example], jobs: 1, failOn: .info, baseline: nil) { file in
                        files[String(file.absolutePath.dropFirst(root.count + 1))].map { Array($0.utf8) }
                    }
                    examples += 1
                    // What the rule's own check reported: other checks' findings on an example are noise here.
                    let reported = report.findings.map(\.ruleId).filter { $0.hasPrefix(rule.check + "/") }
                    if reported.contains(rule.id) != triggering {
                        failures.append(Failure(ruleId: rule.id, triggering: triggering, number: number + 1, reported: reported))
                    }
                }
            }
        }
        return (examples, failures)
    }
}
