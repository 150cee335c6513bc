// gatekeeper:ignore-file security/hardcoded-secret -- the fixtures hold fake keys on purpose
import Foundation
import XCTest

@testable import GatekeeperKit

/// Confidence on every finding: in every report, in `rules` and `explain`, through the cache,
/// and what `--min-confidence` / `minConfidence` let fail the build.
final class ConfidenceTests: BinaryTestCase {
    /// A provider-format key (high), a password whose only evidence is its name (low), and an
    /// unsorted import (high, a warning).
    private func mixedTree() throws -> URL {
        let directory = workDirectory.appendingPathComponent("mixed")
        try write("import Zeta\nimport Alpha\n\nlet password = \"aboba\"\n", to: "Sources/App/Low.swift", in: directory)
        try write("let client = Client(token: \"ghp_Z3d8Kq0LmN4vR7tY1wX9aB2cD5eF6gH8iJ0k\") // gatekeeper:ignore security/hardcoded-secret\n" +
                  "let other = Client(token: \"ghp_Q7w2Er5Ty8Ui1Op4As6Df9Gh3Jk0Lz2Xc5Vb\")\n", to: "Sources/App/High.swift", in: directory)
        return directory
    }

    private func findings(_ json: JSONValue?) -> [(rule: String, file: String, confidence: String)] {
        (json?["findings"]?.arrayValue ?? []).map {
            ($0["ruleId"]?.stringValue ?? "", $0["file"]?.stringValue ?? "", $0["confidence"]?.stringValue ?? "")
        }
    }

    func testJSONCarriesConfidenceAndTheGateIgnoresLowFindings() throws {
        let directory = try mixedTree()
        let result = try run(["check", "--format", "json", "--no-cache"], in: directory)
        XCTAssertEqual(result.status, 2, result.stdout)
        let json = try JSON5Parser.parse(result.stdout)
        let found = findings(json)
        XCTAssertEqual(found.map(\.rule), ["security/hardcoded-secret", "imports/order", "security/hardcoded-secret"])
        XCTAssertEqual(found.map(\.confidence), ["high", "high", "low"])
        XCTAssertEqual(json["summary"]?["minConfidence"], .string("medium"))
        XCTAssertEqual(json["summary"]?["notCounted"], .number(1))
        let schema = try String(contentsOf: TestSupport.packageRoot.appendingPathComponent("docs/report.schema.json"), encoding: .utf8)
        let validator = JSONSchemaValidator(root: try JSON5Parser.parse(schema))
        XCTAssertEqual(validator.validate(json), [])
        let unsure = result.stdout.replacingOccurrences(of: "\"confidence\": \"low\"", with: "\"confidence\": \"unsure\"")
        XCTAssertFalse(validator.validate(try JSON5Parser.parse(unsure)).isEmpty, "the schema names the levels")

        // With the provider key baselined, only the low finding is a new error: reported, not failing.
        try write("import Alpha\nimport Zeta\n", to: "Sources/App/Low.swift", in: directory)
        XCTAssertEqual(try run(["baseline", "--no-cache"], in: directory).status, 0)
        try write("import Alpha\nimport Zeta\n\nlet password = \"aboba\"\n", to: "Sources/App/Low.swift", in: directory)
        let baselined = try run(["check", "--no-cache", "--no-color"], in: directory)
        XCTAssertEqual(baselined.status, 0, baselined.stdout)
        XCTAssertEqual(baselined.stdout.components(separatedBy: "\n").first(where: { $0.contains("Low.swift") }) ?? "",
                       "Sources/App/Low.swift:4:17: error: possible hardcoded secret given to `password`: abob… (low confidence) [security/hardcoded-secret]",
                       "a low finding is still shown")
        XCTAssertTrue(baselined.stdout.contains("1 baselined, 1 suppressed, 1 below confidence medium not failing the run."), baselined.stdout)
        XCTAssertEqual(try run(["check", "--no-cache", "--min-confidence", "low"], in: directory).status, 2)
        try FileManager.default.removeItem(at: directory.appendingPathComponent(".gatekeeper-baseline.json"))
        let unbaselined = try run(["check", "--no-cache", "--no-color", "--skip", "imports"], in: directory)
        XCTAssertEqual(unbaselined.status, 2)
        XCTAssertTrue(unbaselined.stdout.contains("1 below confidence medium not failing the run."), unbaselined.stdout)
        // Low counts with --min-confidence low; only high counts with the config's minConfidence high.
        try write("{ baseline: \"b.json\" }", to: ".gatekeeper.json", in: directory)
        try write("let password = \"aboba\"\n", to: "Sources/App/High.swift", in: directory)
        XCTAssertEqual(try run(["check", "--no-cache"], in: directory).status, 0)
        XCTAssertEqual(try run(["check", "--no-cache", "--min-confidence", "low"], in: directory).status, 2)
        XCTAssertEqual(try run(["check", "--no-cache", "--min-confidence=medium"], in: directory).status, 0)
        XCTAssertEqual(try run(["fix", "--no-cache", "--min-confidence", "low"], in: directory).status, 2, "fix's exit code follows the gate")
        XCTAssertEqual(try run(["fix", "--no-cache"], in: directory).status, 0)
        try write("{ minConfidence: \"high\" }", to: ".gatekeeper.json", in: directory)
        try write("let apiKey = \"Zq8rT2vX9mKp4LwN\"\n", to: "Sources/App/High.swift", in: directory)
        XCTAssertEqual(try run(["check", "--no-cache"], in: directory).status, 0, "a medium finding under minConfidence high")
        XCTAssertEqual(try run(["check", "--no-cache", "--min-confidence", "medium"], in: directory).status, 2, "the option overrides the config")
    }

    func testBadLevelsAreUsageAndConfigurationErrors() throws {
        let directory = try mixedTree()
        let option = try run(["check", "--min-confidence", "sure"], in: directory)
        XCTAssertEqual(option.status, 64)
        XCTAssertTrue(option.stderr.contains("invalid value 'sure' for '--min-confidence' (expected low, medium, high)"), option.stderr)
        try write("{ minConfidence: \"sure\" }", to: ".gatekeeper.json", in: directory)
        let config = try run(["check"], in: directory)
        XCTAssertEqual(config.status, 64)
        XCTAssertTrue(config.stderr.contains(".gatekeeper.json: minConfidence must be \"low\", \"medium\" or \"high\""), config.stderr)
    }

    func testSARIFCarriesPrecisionAndRank() throws {
        let directory = try mixedTree()
        let sarif = try JSON5Parser.parse(try run(["check", "--format", "sarif", "--no-cache"], in: directory).stdout)
        let results = sarif["runs"]?.arrayValue?.first?["results"]?.arrayValue ?? []
        XCTAssertEqual(results.map { $0["properties"]?["precision"]?.stringValue ?? "" }, ["high", "very-high", "low"])
        XCTAssertEqual(results.map { $0["rank"] }, [.number(100), .number(60), .number(40)])
        let rules = sarif["runs"]?.arrayValue?.first?["tool"]?["driver"]?["rules"]?.arrayValue ?? []
        let precision = Dictionary(uniqueKeysWithValues: rules.map { ($0["id"]?.stringValue ?? "", $0["properties"]?["precision"]?.stringValue ?? "") })
        XCTAssertEqual(precision["security/hardcoded-secret"], "medium")
        XCTAssertEqual(precision["imports/order"], "very-high")
        XCTAssertEqual(precision["migrations/missing-table"], "medium")
    }

    func testRulesAndExplainShowTypicalConfidence() throws {
        let directory = try mixedTree()
        let text = try run(["rules"], in: directory).stdout
        XCTAssertTrue(text.contains("security/hardcoded-secret         security    error    medium           A secret"), text)
        let json = try JSON5Parser.parse(try run(["rules", "--format", "json"], in: directory).stdout)
        let unregistered = json["rules"]?.arrayValue?.first { $0["id"] == .string("migrations/unregistered") }
        XCTAssertEqual(unregistered?["confidence"], .string("medium"))
        XCTAssertEqual(unregistered?["precision"], .string("medium"))
        let explain = try run(["explain", "security/hardcoded-secret"], in: directory).stdout
        XCTAssertTrue(explain.hasPrefix("security/hardcoded-secret (error, medium confidence)\n"), explain)
    }

    func testConfidenceSurvivesTheCacheAndNeverChangesTheFingerprint() throws {
        let directory = try mixedTree()
        let cold = try run(["check", "--format", "json"], in: directory)
        let warm = try run(["check", "--format", "json", "--verbose"], in: directory)
        XCTAssertTrue(warm.stderr.contains("result cache: 2 of 2 files reused"), warm.stderr)
        XCTAssertEqual(stable(warm.stdout), stable(cold.stdout))
        XCTAssertEqual(findings(try JSON5Parser.parse(warm.stdout)).map(\.confidence), ["high", "high", "low"])
        XCTAssertEqual(warm.status, 2)

        var finding = Finding(rule: SecurityCheck.hardcodedSecret, message: "m", file: "a.swift", line: 1, column: 1)
        let before = Fingerprint.make(finding, lineText: "let a = 1")
        for level in Confidence.allCases {
            finding.confidence = level
            XCTAssertEqual(Fingerprint.make(finding, lineText: "let a = 1"), before)
        }
        // A stored finding keeps a confidence other than its rule's, and drops one equal to it.
        finding.confidence = .low
        let stored = try XCTUnwrap(StoredFinding(finding, lineText: "x"))
        let decoded = try JSONDecoder().decode(StoredFinding.self, from: try JSONEncoder().encode(stored))
        XCTAssertEqual(decoded.finding(rules: [finding.ruleId: finding.rule], file: "a.swift", size: 100)?.confidence, .low)
        finding.confidence = finding.rule.confidence
        XCTAssertNil(StoredFinding(finding, lineText: "x")?.confidence)
    }

    func testEveryFormatShowsANonHighConfidence() throws {
        let directory = try mixedTree()
        for format in ["text", "github", "junit", "checkstyle", "codeclimate"] {
            let output = try run(["check", "--format", format, "--no-cache", "--no-color"], in: directory).stdout
            // JUnit says it twice: in the failure's message and its text.
            XCTAssertEqual(output.components(separatedBy: "(low confidence)").count, format == "junit" ? 3 : 2, "\(format): \(output)")
            XCTAssertFalse(output.contains("(high confidence)"), format)
        }
    }
}
