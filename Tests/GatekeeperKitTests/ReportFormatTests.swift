import Foundation
import XCTest

@testable import GatekeeperKit

final class ReportFormatTests: XCTestCase {
    private func sampleReport(baseline: Bool = false) throws -> RunReport {
        let files = [
            "Sources/App/A&B<C>.swift": "import Zeta\nimport Alpha\nimport Alpha\n",
            "Sources/App/Shell.swift": "func f(dir: String) {\n    system(\"ls \\(dir)\")\n    let s = \"é http://api.payments.io\"\n}\n",
        ]
        var report = try TestSupport.run(files, failOn: .info)
        if baseline {
            let absorbed = Array(report.findings.prefix(1))
            report.baselinedFindings = absorbed
            report.findings.removeFirst()
            report.baselineApplied = true
        }
        return report
    }

    func testSARIFIsValidAgainstTheOfficialSchema() throws {
        let schemaText = try String(contentsOf: TestSupport.fixtures.appendingPathComponent("sarif/sarif-schema-2.1.0.json"), encoding: .utf8)
        let validator = JSONSchemaValidator(root: try JSON5Parser.parse(schemaText))
        for baseline in [false, true] {
            let report = try sampleReport(baseline: baseline)
            var options = ReportFormat.Options()
            options.showBaselined = true
            let sarif = try JSON5Parser.parse(ReportFormat.sarif.reporter(options).render(report))
            XCTAssertEqual(validator.validate(sarif), [])
            let results = sarif["runs"]?.arrayValue?.first?["results"]?.arrayValue ?? []
            XCTAssertEqual(results.count, report.findings.count + report.baselinedFindings.count)
            XCTAssertEqual(results.compactMap { $0["baselineState"]?.stringValue }.sorted(), baseline ? ["new", "new", "unchanged"] : [])
            XCTAssertNotNil(results.first?["partialFingerprints"]?["primaryLocationLineHash"])
            let rules = sarif["runs"]?.arrayValue?.first?["tool"]?["driver"]?["rules"]?.arrayValue ?? []
            XCTAssertEqual(rules.count, CheckRegistry.allRules.count)
        }
        // The validator itself rejects what the schema forbids.
        XCTAssertFalse(validator.validate(.object([("version", .string("2.1.0"))])).isEmpty)
        XCTAssertFalse(validator.validate(.object([("version", .string("9.9")), ("runs", .array([]))])).isEmpty)
    }

    func testJSONReportIsValidAgainstTheDocumentedSchema() throws {
        let schemaText = try String(contentsOf: TestSupport.packageRoot.appendingPathComponent("docs/report.schema.json"), encoding: .utf8)
        let validator = JSONSchemaValidator(root: try JSON5Parser.parse(schemaText))
        for baseline in [false, true] {
            let json = try JSON5Parser.parse(ReportFormat.json.reporter(ReportFormat.Options()).render(try sampleReport(baseline: baseline)))
            XCTAssertEqual(validator.validate(json), [])
            XCTAssertFalse(json["findings"]?.arrayValue?.isEmpty ?? true)
        }
        // The schema is not vacuous: a finding without its rule id is refused.
        let broken = try JSON5Parser.parse(#"{"version": 1, "tool": {"name": "gatekeeper", "version": "1"}, "summary": {}, "findings": [{}]}"#)
        XCTAssertFalse(validator.validate(broken).isEmpty)
    }

    func testShownSourceIsCutAroundTheFindingAndTheCaretCountsCharacters() {
        let long = String(repeating: "a", count: 200) + "let key = 1" + String(repeating: "b", count: 200)
        let excerpt = TextReporter.excerpt(long, from: 201, to: 204)
        XCTAssertEqual(excerpt.text.count, TextReporter.sourceWidth + 2)
        XCTAssertTrue(excerpt.text.hasPrefix("…") && excerpt.text.hasSuffix("…"))
        let caret = excerpt.text.index(excerpt.text.startIndex, offsetBy: excerpt.caretIndent.count)
        XCTAssertTrue(excerpt.text[caret...].hasPrefix("let"), excerpt.text)
        XCTAssertEqual(excerpt.caretWidth, 3)
        // Multi-byte characters before the finding take one column each; tabs stay tabs.
        let short = TextReporter.excerpt("\té é x", from: 8, to: 9)
        XCTAssertEqual(short.text, "\té é x")
        XCTAssertEqual(short.caretIndent, "\t    ")
    }

    func testSARIFColumnsAreCodePoints() {
        XCTAssertEqual(SARIFReporter.codePointColumn("é = x", 5), 4, "é is two UTF-8 bytes, one code point")
        XCTAssertEqual(SARIFReporter.codePointColumn("abc", 2), 2)
    }

    func testGitHubEscapingAndAnnotationLimit() throws {
        XCTAssertEqual(GitHubReporter.escapeData("100% done\r\nnext"), "100%25 done%0D%0Anext")
        XCTAssertEqual(GitHubReporter.escapeProperty("a,b: c%"), "a%2Cb%3A c%25")
        var files: [String: String] = [:]
        for index in 0..<12 { files["f\(index).swift"] = "import B\nimport A\n" }
        let output = GitHubReporter(paths: ReportPaths()).render(try TestSupport.run(files))
        let lines = output.split(separator: "\n")
        XCTAssertEqual(lines.filter { $0.hasPrefix("::warning ") }.count, 12, "every finding is printed")
        XCTAssertEqual(lines.last, "::notice title=gatekeeper::GitHub shows only about 10 annotations of each kind per step; 2 warnings more are not shown. Upload a SARIF report (--report sarif:gatekeeper.sarif) to code scanning to see them all.")
    }

    func testXMLEscaping() {
        XCTAssertEqual(XML.escape("a<b & \"c\" 'd'>\n\u{1}"), "a&lt;b &amp; &quot;c&quot; &apos;d&apos;&gt;&#10;?")
    }

    func testCodeClimateFingerprintsAreUniqueAndSeveritiesMapped() throws {
        let report = try TestSupport.run(["a.swift": "import A\nimport A\nimport A\n", "b.swift": "system(cmd)\n"])
        let issues = try JSON5Parser.parse(CodeClimateReporter(paths: ReportPaths()).render(report)).arrayValue ?? []
        let fingerprints = issues.compactMap { $0["fingerprint"]?.stringValue }
        XCTAssertEqual(Set(fingerprints).count, fingerprints.count, "GitLab needs unique fingerprints")
        XCTAssertEqual(issues.compactMap { $0["severity"]?.stringValue }, ["minor", "minor", "critical"])
        XCTAssertEqual(issues.first?["location"]?["lines"]?["begin"], .number(2))
    }
}
