import Foundation
import XCTest

@testable import GatekeeperKit

/// Custom rules (data, not code) and external checks pass the same gate as the built-in checks.
final class CustomRuleTests: XCTestCase {
    private func configuration(_ rules: String) throws -> Configuration {
        try TestSupport.configuration("{ customRules: [\(rules)] }")
    }

    func testEachScopeIsExact() throws {
        let configuration = try configuration("""
        { id: "in-code", message: "code", regex: "secret", scope: "code" },
        { id: "in-string", message: "string", regex: "secret", scope: "string" },
        { id: "in-comment", message: "comment", regex: "secret", scope: "comment" },
        { id: "anywhere", message: "any", regex: "secret", scope: "any" },
        """)
        let source = "let secret = 1\nlet b = \"a secret\"\n// secret\n/* a secret */\n"
        let report = try TestSupport.run(["A.swift": source], configuration: configuration, only: ["custom"], failOn: .info)
        let found = report.findings.map { "\($0.line):\($0.ruleId)" }.sorted()
        XCTAssertEqual(found, ["1:custom/anywhere", "1:custom/in-code", "2:custom/anywhere", "2:custom/in-string",
                               "3:custom/anywhere", "3:custom/in-comment", "4:custom/anywhere", "4:custom/in-comment"])
    }

    func testAMatchAcrossScopesIsNotInEither() throws {
        // `"x" + y` spans a string and code: a code-scoped rule must not see the quote's inside.
        let configuration = try configuration(#"""
        { id: "plus", message: "m", regex: "x\" \\+ y", scope: "code" }, { id: "plus-string", message: "m", regex: "x\" \\+ y", scope: "string" },
        { id: "force", message: "m", regex: "Int\\([^)]*\\)!", scope: "code" }
        """#)
        let report = try TestSupport.run(["A.swift": "let a = \"x\" + y\nlet b = Int(\"1\")!\n"], configuration: configuration, only: ["custom"])
        // A match is in a scope when it starts and ends there: a literal inside a code match is fine.
        XCTAssertEqual(report.findings.map(\.ruleId), ["custom/force"])
    }

    func testIncludeExcludeSeverityAndSuppression() throws {
        let configuration = try configuration("""
        { id: "no-print", message: "use a Logger", regex: "\\\\bprint\\\\(", severity: "error", include: ["Sources/**"], exclude: ["**/Debug.swift"] }
        """)
        let files = ["Sources/A.swift": "print(1)\nprint(2) // gatekeeper:ignore custom/no-print\n", "Sources/Debug.swift": "print(1)\n",
                     "Tests/T.swift": "print(1)\n"]
        let report = try TestSupport.run(files, configuration: configuration, only: ["custom"])
        XCTAssertEqual(report.findings.map { "\($0.file):\($0.line) \($0.severity)" }, ["Sources/A.swift:1 error"])
        XCTAssertEqual(report.suppressed, 1)
    }

    func testFixTemplateUsesCaptureGroupsAndGoesThroughTheGate() throws {
        var configuration = try configuration(#"{ id: "https", message: "use https", regex: "http://([a-z.]+)", scope: "string", fix: "https://$1" }"#)
        let source = "let a = \"http://example.com\"\n// http://example.org\nlet b = \"http://x.org\" // gatekeeper:ignore custom/https\n"
        var run = try TestSupport.fix(["A.swift": Array(source.utf8)], configuration: configuration, only: ["custom"])
        XCTAssertEqual(run.files.map { String(decoding: $0.fixed, as: UTF8.self) },
                       ["let a = \"https://example.com\"\n// http://example.org\nlet b = \"http://x.org\" // gatekeeper:ignore custom/https\n"])
        // A rule that is off fixes nothing.
        configuration.ruleSeverities["custom/https"] = .some(nil)
        run = try TestSupport.fix(["A.swift": Array(source.utf8)], configuration: configuration, only: ["custom"])
        XCTAssertEqual(run.files.count, 0)
    }

    func testARegexThatBacktracksForeverIsStoppedAndSaidSo() throws {
        // `(a+)+b` on sixty `a`s takes longer than the age of the universe without a limit.
        let configuration = try configuration(#"{ id: "runaway", message: "m", regex: "(a+)+b", scope: "any" }"#)
        let report = try TestSupport.run(["A.swift": "let s = \"" + String(repeating: "a", count: 60) + "\"\n"], configuration: configuration,
                                         only: ["custom"])
        XCTAssertEqual(report.findings.map(\.message), ["the regex of custom/runaway was stopped after 2 s on this file (catastrophic "
                                                         + "backtracking?); simplify it: this file was not fully checked"])
    }

    /// Shapes no shape test catches: a nested group, a chain of stars with no group at all. The
    /// deadline binds every pattern, and names the rule and the file.
    func testEveryRegexIsBoundByTheDeadlineWhateverItsShape() throws {
        for (id, pattern, length) in [("nested", "((a+))+b", 200), ("stars", "a*a*a*a*a*c", 5_000)] {
            let configuration = try configuration("{ id: \"\(id)\", message: \"m\", regex: \"\(pattern)\", scope: \"any\" }")
            let started = Date()
            let report = try TestSupport.run(["A.swift": "let s = \"" + String(repeating: "a", count: length) + "\"\n"], configuration: configuration,
                                             only: ["custom"])
            XCTAssertLessThan(Date().timeIntervalSince(started), 30, pattern)
            XCTAssertEqual(report.findings.map(\.message), ["the regex of custom/\(id) was stopped after 2 s on this file (catastrophic "
                                                             + "backtracking?); simplify it: this file was not fully checked"])
            XCTAssertEqual(report.findings.map(\.file), ["A.swift"])
        }
    }

    func testARuleThatUsedItsRunsBudgetChecksNoMoreFilesAndSaysSo() throws {
        let configuration = try configuration(#"{ id: "spent", message: "m", regex: "x", scope: "any" }"#)
        let rule = try XCTUnwrap(configuration.customRules.first)
        rule.budget.spend(rule.budget.seconds * 1_000_000_000)
        let report = try TestSupport.run(["A.swift": "let x = 1\n"], configuration: configuration, only: ["custom"], failOn: .info)
        XCTAssertEqual(report.findings.map(\.message), ["the regex of custom/spent used its 20 s for this run on other files; this file was not "
                                                         + "checked: simplify the regex"])
    }

    func testARuleMatchingEverythingIsCappedPerFileAndSaysSo() throws {
        let configuration = try configuration(#"{ id: "every", message: "m", regex: ".", scope: "any" }"#)
        let report = try TestSupport.run(["A.swift": String(repeating: "x", count: 100_000) + "\n"], configuration: configuration,
                                         only: ["custom"], failOn: .info)
        XCTAssertEqual(report.findings.count, CustomRule.findingsPerFile + 1)
        XCTAssertTrue(report.findings.contains { $0.message.hasPrefix("\(100_000 - CustomRule.findingsPerFile) more matches of custom/every") })
    }

    func testAFixNamingACaptureGroupTheRegexLacksIsAConfigurationError() {
        XCTAssertThrowsError(try configuration(#"{ id: "seven", message: "m", regex: "print\\((x)\\)", fix: "log($7)" }"#)) { error in
            XCTAssertTrue("\(error)".contains("custom rule custom/seven: fix \"log($7)\" names capture group $7, but the regex has 1 group"), "\(error)")
        }
        XCTAssertNoThrow(try configuration(#"{ id: "one", message: "m", regex: "print\\((x)\\)", fix: "log($1) costs \\$7" }"#))
    }

    func testBadRulesAreConfigurationErrorsNamingTheRule() {
        let cases = [
            (#"{ id: "broken", message: "m", regex: "a(" }"#, "custom rule custom/broken: invalid regex"),
            (#"{ id: "scoped", message: "m", regex: "a", scope: "strings" }"#, "custom rule custom/scoped: unknown scope 'strings'"),
            (#"{ id: "Bad Name", message: "m", regex: "a" }"#, "must be custom/<name>"),
            (#"{ id: "nomessage", regex: "a" }"#, "custom rule custom/nomessage: message is required"),
            (#"{ id: "extra", message: "m", regex: "a", scopes: "code" }"#, "unknown key customRules[0].scopes"),
            (#"{ id: "twice", message: "m", regex: "a" }, { id: "custom/twice", message: "m", regex: "b" }"#, "custom rule custom/twice is defined twice"),
        ]
        for (rule, expected) in cases {
            XCTAssertThrowsError(try configuration(rule), rule) { error in
                XCTAssertTrue("\(error)".contains(expected), "\(error)")
            }
        }
    }

    func testCustomRuleIdsAreKnownToConfigAndSuppressions() throws {
        let configuration = try TestSupport.configuration("""
        { customRules: [{ id: "no-print", message: "m", regex: "print" }], rules: { "custom/no-print": "error" } }
        """)
        let report = try TestSupport.run(["A.swift": "let a = 1 // gatekeeper:ignore custom/no-print, custom/nope\n"], configuration: configuration,
                                         failOn: .info)
        XCTAssertEqual(report.findings.map(\.message).filter { $0.contains("unknown rule id") }, ["unknown rule id 'custom/nope' in suppression"])
    }

    func testRuleExamplesCatchABrokenCustomExample() throws {
        let configuration = try configuration("""
        { id: "no-print", message: "m", regex: "\\\\bprint\\\\(", scope: "code", include: ["Sources/**"],
          examples: { triggering: ["print(1)", "let x = 1"], nonTriggering: ["// print(1)", "debugPrint(1)", "print(2)"] } }
        """)
        let custom = try RuleExamples.test(customRules: configuration.customRules)
        XCTAssertEqual(custom.failures.map(\.description), [
            "custom/no-print: triggering example 2 does not report it (reported: nothing)",
            "custom/no-print: non-triggering example 3 reports it",
        ])
    }
}

final class ExternalOutputTests: XCTestCase {
    func testCompilerLinesOfTheToolsTeamsRun() {
        let lines = [
            "Sources/A.swift:3:7: warning: Line should be 120 characters or less [line_length]",   // gatekeeper, SwiftLint-like
            "Sources/A.swift:2:1: warning: [OrderedImports] sort import statements lexicographically",   // swift-format
            "/abs/B.swift:1:1: error: (sortImports) Sort and group import statements.",   // SwiftFormat
            "Sources/C.swift:9: note: no column here",
            "Linting Swift files in current working directory",
            "Sources/A.swift:3:7: warning: a [bracketed phrase] inside the message",
        ]
        let parsed = lines.map { ExternalOutput.compilerLine($0, root: "/project") }
        XCTAssertEqual(parsed.map { $0?.rule }, ["line_length", "OrderedImports", "sortImports", nil, nil, nil])
        XCTAssertEqual(parsed.map { $0?.severity }, [.warning, .warning, .error, .info, nil, .warning])
        XCTAssertEqual(parsed.map { $0?.file }, ["/project/Sources/A.swift", "/project/Sources/A.swift", "/abs/B.swift", "/project/Sources/C.swift", nil,
                                                 "/project/Sources/A.swift"])
        XCTAssertEqual(parsed[2]?.message, "Sort and group import statements.")
        XCTAssertEqual(parsed[3].map { [$0.line, $0.column] }, [9, 1])
        XCTAssertEqual(parsed[5]?.message, "a [bracketed phrase] inside the message")
    }
}

final class PluggableEndToEndTests: BinaryTestCase {
    func testCustomRulesAndExternalChecksShareTheGate() throws {
        let tree = try tree("pluggable")
        let result = try run(["check", "--no-color"], in: tree)
        XCTAssertEqual(result.stdout.split(separator: "\n").filter { !$0.hasPrefix("Checked ") && !$0.hasPrefix("Next: ") }.map(String.init), [
            "Sources/App.swift:1:3: error: line too long [scan/line_length]",
            "Sources/App.swift:3:1: error: do not force unwrap [lint/NeverForceUnwrap]",
            "Sources/App.swift:3:13: error: parse with a default instead of force-unwrapping [custom/no-force-unwrap-int]",
        ], result.stdout + result.stderr)
        XCTAssertEqual(result.status, 2)
        // The baseline takes external findings like any other.
        XCTAssertEqual(try run(["baseline"], in: tree).status, 0)
        XCTAssertEqual(try run(["check"], in: tree).status, 0)
        // fix applies the custom rule's template; it does not run the external tools (they have no fixes).
        XCTAssertEqual(try run(["fix", "--no-baseline"], in: tree).status, 0)
        XCTAssertEqual(try read("Sources/App.swift", in: tree), "import Foundation\nlet name = \"x\"   \nlet value = Int(\"1\") ?? 0\n")
    }

    func testRulesTestRunsTheTeamsExamples() throws {
        let tree = try tree("pluggable")
        var result = try run(["rules", "--test"], in: tree)
        XCTAssertEqual(result.status, 0, result.stdout)
        XCTAssertTrue(result.stdout.contains("(2 custom): all pass"), result.stdout)
        try write("""
        { rules: [{ id: "custom/broken", message: "m", regex: "never", examples: { triggering: ["let a = 1"] } }] }
        """, to: "rules/broken.json5", in: tree)
        result = try run(["rules", "--test"], in: tree)
        XCTAssertEqual(result.status, 1)
        XCTAssertTrue(result.stdout.contains("FAIL custom/broken: triggering example 1 does not report it"), result.stdout)
        XCTAssertTrue(try run(["rules"], in: tree).stdout.contains("custom/broken"))
    }

    func testEachOutputFormatAndEachFailure() throws {
        let tree = try tree("pluggable")
        func check(_ command: [String], format: String, paths: String = "none", timeout: String = "") throws -> Result {
            try write("""
            { externalChecks: [{ id: "tool", command: [\(command.map { "\"\($0)\"" }.joined(separator: ", "))], format: "\(format)", paths: "\(paths)"\(timeout) }] }
            """, to: "external.json", in: tree)
            return try run(["check", "--config", "external.json", "--only", "tool", "--format", "json", "--fail-on", "info"], in: tree)
        }
        func findings(_ result: Result) throws -> [String] {
            let report = try JSON5Parser.parse(result.stdout)
            return report["findings"]?.arrayValue?.map { finding in
                "\(finding["file"]?.stringValue ?? ""):\(finding["ruleId"]?.stringValue ?? "") \(finding["severity"]?.stringValue ?? "")"
            } ?? []
        }
        XCTAssertEqual(try findings(check(["./tool.sh", "sarif"], format: "sarif")), ["Sources/App.swift:tool/line_length error"])
        XCTAssertEqual(try findings(check(["./tool.sh", "gatekeeper-json"], format: "gatekeeper-json")), ["Sources/App.swift:tool/style/x info"])
        XCTAssertEqual(try findings(check(["./tool.sh", "compiler"], format: "compiler", paths: "all")),
                       ["Sources/App.swift:tool/trailing_whitespace warning", "Sources/App.swift:tool/NeverForceUnwrap error"])
        let failures = [
            (try check(["no-such-linter"], format: "sarif"), "executable 'no-such-linter' not found on PATH"),
            (try check(["./tool.sh", "garbage"], format: "sarif"), "its output is not JSON, expected SARIF"),
            (try check(["./tool.sh", "garbage"], format: "compiler"), "its output has no `path:line:col: severity: message` line"),
            (try check(["./tool.sh", "crash"], format: "sarif"), "crashed (signal 11)"),
            (try check(["./tool.sh", "slow"], format: "sarif", timeout: ", timeoutSeconds: 0.5"), "timed out after 0.5 s"),
        ]
        for (result, expected) in failures {
            XCTAssertEqual(result.status, 2, result.stdout + result.stderr)
            XCTAssertEqual(try findings(result), ["external.json:gatekeeper/external-check-failed error"])
            XCTAssertTrue(result.stdout.contains("external check 'tool' failed: \(expected)"), result.stdout)
        }
    }
}
