import Foundation
import XCTest

@testable import GatekeeperKit

final class EngineTests: XCTestCase {
    private let unsorted = "import B\nimport A\n"

    func testSuppressionOnTheLineAndAbove() throws {
        let sameLine = try TestSupport.run(["a.swift": "import B // gatekeeper:ignore imports/order -- reason\nimport A\n"])
        XCTAssertEqual(sameLine.findings.map(\.ruleId), [])
        XCTAssertEqual(sameLine.suppressed, 1)
        let above = try TestSupport.run(["a.swift": "// gatekeeper:ignore imports\nimport B\nimport A\n"])
        XCTAssertEqual(above.findings.map(\.ruleId), [], "a check id covers all of its rules")
        let twoAbove = try TestSupport.run(["a.swift": "// gatekeeper:ignore imports/order\n\nimport B\nimport A\n"])
        XCTAssertEqual(twoAbove.findings.map(\.ruleId).sorted(), ["gatekeeper/unused-suppression", "imports/order"],
                       "a blank line between comment and finding breaks the link")
    }

    func testFileSuppression() throws {
        let report = try TestSupport.run(["a.swift": "let x = 1\n// gatekeeper:ignore-file imports/order, imports/duplicate\nimport B\nimport A\nimport A\n"])
        XCTAssertEqual(report.findings.map(\.ruleId), [])
        XCTAssertEqual(report.suppressed, 2)
    }

    func testUnknownAndUnusedSuppressions() throws {
        let report = try TestSupport.run(["a.swift": "import A // gatekeeper:ignore imports/ordr, imports/duplicate\n"], failOn: .info)
        XCTAssertEqual(report.findings.map(\.ruleId), ["gatekeeper/unknown-rule", "gatekeeper/unused-suppression"])
        XCTAssertEqual(report.findings.map(\.message), [
            "unknown rule id 'imports/ordr' in suppression (did you mean 'imports/order'?)",
            "suppression of imports/duplicate matched no finding; remove it",
        ])
        XCTAssertEqual(report.findings.last?.severity, .info)
        XCTAssertEqual(report.exitCode, 1, "unknown-rule is a warning")
        // A marker word that merely starts the same is not a suppression, nor is prose that mentions one.
        XCTAssertEqual(try TestSupport.run(["a.swift": "// gatekeeper:ignored imports\nlet x = 1\n"]).findings.count, 0)
        XCTAssertEqual(try TestSupport.run(["a.swift": "/// Write `// gatekeeper:ignore imports` to suppress.\nlet x = 1\n"]).findings.count, 0)
        XCTAssertEqual(try TestSupport.run(["a.swift": "import B /* gatekeeper:ignore imports/order */\nimport A\n"]).suppressed, 1)
    }

    func testUnusedSuppressionOnlyForRulesThatRan() throws {
        let report = try TestSupport.run(["a.swift": "let x = 1 // gatekeeper:ignore imports/order\n"], only: ["imports"])
        XCTAssertEqual(report.findings.map(\.ruleId), ["gatekeeper/unused-suppression"])
        let off = try TestSupport.configuration("{ rules: { \"imports/order\": \"off\" } }")
        XCTAssertEqual(try TestSupport.run(["a.swift": "let x = 1 // gatekeeper:ignore imports/order\n"], configuration: off).findings.count, 0)
    }

    func testSeverityOverridesAndOff() throws {
        let raised = try TestSupport.configuration("{ rules: { \"imports/order\": \"error\" } }")
        let report = try TestSupport.run(["a.swift": unsorted], configuration: raised)
        XCTAssertEqual(report.findings.map(\.severity), [.error])
        XCTAssertEqual(report.exitCode, 2)
        let checkWide = try TestSupport.configuration("{ rules: { imports: \"info\" } }")
        XCTAssertEqual(try TestSupport.run(["a.swift": unsorted], configuration: checkWide).exitCode, 0)
        let off = try TestSupport.configuration("{ rules: { \"imports/order\": \"off\" } }")
        XCTAssertEqual(try TestSupport.run(["a.swift": unsorted], configuration: off).findings.count, 0)
        let disabled = try TestSupport.configuration("{ checks: { imports: { enabled: false } } }")
        XCTAssertEqual(try TestSupport.run(["a.swift": unsorted], configuration: disabled).findings.count, 0)
    }

    func testExitCodesFollowFailOn() throws {
        XCTAssertEqual(try TestSupport.run(["a.swift": unsorted]).exitCode, 1)
        XCTAssertEqual(try TestSupport.run(["a.swift": unsorted], failOn: .error).exitCode, 0)
        XCTAssertEqual(try TestSupport.run(["a.swift": "import A\n"]).exitCode, 0)
    }

    func testConfigurationErrorsNameTheKey() {
        func message(_ json5: String) -> String {
            do {
                _ = try TestSupport.configuration(json5)
                return "no error"
            } catch {
                return "\(error)"
            }
        }
        XCTAssertEqual(message("{ colour: true }"), "unknown key colour")
        XCTAssertEqual(message("{ failOn: \"fatal\" }"), "failOn must be \"info\", \"warning\" or \"error\"")
        XCTAssertEqual(message("{ include: \"Sources/**\" }"), "include must be an array of strings, not a string")
        XCTAssertEqual(message("{ rules: { \"imports/sorting\": \"off\" } }"), "rules.imports/sorting: unknown rule id")
        XCTAssertEqual(message("{ rules: { \"imports/order\": \"loud\" } }"), "rules.imports/order must be \"info\", \"warning\", \"error\" or \"off\"")
        XCTAssertEqual(message("{ checks: { lint: {} } }"), "unknown key checks.lint (checks are imports)".replacingOccurrences(of: "imports)", with: CheckRegistry.checkTypes.map { $0.id }.joined(separator: ", ") + ", custom)"))
        XCTAssertEqual(message("{ checks: { imports: { enabled: \"yes\" } } }"), "checks.imports.enabled must be true or false, not a string")
        XCTAssertThrowsError(try Engine(configuration: try TestSupport.configuration("{ checks: { imports: { colour: 1 } } }"))) { error in
            XCTAssertEqual("\(error)", "unknown key checks.imports.colour")
        }
        XCTAssertThrowsError(try Engine(configuration: Configuration(rootDirectory: "/"), only: ["lint"]))
    }

    func testReportIsIdenticalWhateverTheParallelism() throws {
        var files: [String: String] = [:]
        for index in 0..<40 { files["f\(index).swift"] = index % 3 == 0 ? unsorted : "import A\nimport A\n" }
        let engine = try Engine(configuration: Configuration(rootDirectory: "/virtual"))
        let discovered = files.keys.sorted().map { Discovery.File(absolutePath: "/virtual/" + $0, displayPath: $0) }
        let contents = files
        func render(_ jobs: Int) throws -> String {
            var report = try engine.check(discovered, jobs: jobs, failOn: .warning, baseline: nil) { contents[$0.displayPath].map { Array($0.utf8) } }
            report.durationMs = 0
            return JSONReporter().render(report)
        }
        XCTAssertEqual(try render(1), try render(8))
    }

    func testExpandingWorkHandlesEveryItemOnceWhateverTheWorkers() {
        // A tree of 1 + 3 + 9 + 27 + 81 items, each leading to three more down to depth 4.
        let expected = (0...4).reduce(0) { $0 + Int(pow(3.0, Double($1))) }
        for jobs in [1, 2, 8] {
            let outputs = Parallel.expand([""], jobs: jobs) { path in
                (output: path, more: path.count < 4 ? ["a", "b", "c"].map { path + $0 } : [])
            }
            XCTAssertEqual(outputs.count, expected, "jobs \(jobs)")
            XCTAssertEqual(Set(outputs).count, expected, "jobs \(jobs): an item handled twice")
        }
        XCTAssertEqual(Parallel.expand([Int](), jobs: 4) { (output: $0, more: []) }, [], "no roots, no work, no hang")
    }

    func testParallelResultsAreMovedOutOnceAndBackgroundValuesArriveOrRethrow() throws {
        final class Deinits: @unchecked Sendable {
            private let lock = NSLock()
            private var freed = 0
            var count: Int { lock.withLock { freed } }
            func add() { lock.withLock { freed += 1 } }
        }
        final class Tracked: Sendable {
            let value: Int
            let deinits: Deinits
            init(_ value: Int, _ deinits: Deinits) { (self.value, self.deinits) = (value, deinits) }
            deinit { deinits.add() }
        }
        let deinits = Deinits()
        do {
            let outputs = Parallel.map(Array(0..<1000), jobs: 4) { Tracked($0, deinits) }
            withExtendedLifetime(outputs) {
                XCTAssertEqual(outputs.map(\.value), Array(0..<1000))
                XCTAssertEqual(deinits.count, 0, "a result freed while the results hold it")
            }
        }
        XCTAssertEqual(deinits.count, 1000, "each result freed once, with the results")

        struct Refused: Error {}
        XCTAssertEqual(try Background { 42 }.value(), 42)
        XCTAssertThrowsError(try Background { () throws -> Int in throw Refused() }.value()) { XCTAssertTrue($0 is Refused) }
    }

    // MARK: - Baseline

    func testBaselineAbsorbsOldFindingsAndSurvivesShiftedLines() throws {
        let old = try TestSupport.run(["a.swift": "import Z\nimport Z\n"])
        let baseline = Baseline(findings: old.allFindings)
        XCTAssertEqual(baseline.entries.count, 1)
        let shifted = "// a new comment\n\nimport Z\nimport Z\n"
        let engine = try Engine(configuration: Configuration(rootDirectory: "/virtual"))
        let file = Discovery.File(absolutePath: "/virtual/a.swift", displayPath: "a.swift")
        // The override answers for the source only, as `--staged` does for staged files.
        func content(_ text: String) -> ContentOverride { { $0.displayPath == "a.swift" ? Array(text.utf8) : nil } }
        let report = try engine.check([file], jobs: 1, failOn: .warning, baseline: baseline, contentOverride: content(shifted))
        XCTAssertEqual(report.findings.count, 0)
        XCTAssertEqual(report.baselined, 1)
        // A second copy of the same problem is new: each entry matches one finding.
        let copied = "import Z\nimport Z\nimport Z\n"
        let grown = try engine.check([file], jobs: 1, failOn: .warning, baseline: baseline, contentOverride: content(copied))
        XCTAssertEqual(grown.findings.count, 1)
        XCTAssertEqual(grown.baselined, 1)
        // Fixed: the entry is stale.
        let fixed = try engine.check([file], jobs: 1, failOn: .warning, baseline: baseline, contentOverride: content("import Z\n"))
        XCTAssertEqual(fixed.staleBaselineEntries, 1)
    }

    func testBaselineFileIsDeterministicAndRoundTrips() throws {
        let entries = [
            Baseline.Entry(ruleId: "imports/order", file: "b.swift", fingerprint: "2", hint: "h"),
            Baseline.Entry(ruleId: "imports/duplicate", file: "a.swift", fingerprint: "1", hint: "quote \" and \\"),
        ]
        let text = Baseline(entries: entries).serialized()
        XCTAssertEqual(text, Baseline(entries: entries.reversed()).serialized())
        let path = NSTemporaryDirectory() + "/baseline-\(UUID().uuidString).json"
        defer { try? FileManager.default.removeItem(atPath: path) }
        try FileSystem.writeAtomically(Array(text.utf8), to: path)
        XCTAssertEqual(try Baseline.load(path).entries, Baseline(entries: entries).entries)
        XCTAssertFalse(text.contains("line"), "no line numbers that churn")
    }
}
