import Foundation
import XCTest

@testable import GatekeeperKit

/// `fix` changes only what `check` with the same options reports: each filter of the engine's
/// gate (rule off, check off, severity, inline suppression, baseline, changed lines, staged
/// files) holds for fixes too. Runs the built binary in throw-away trees.
final class FixGateTests: BinaryTestCase {
    private let unsorted = "import Foundation\nimport Dispatch\nimport Foundation\n"

    private func project(_ files: [String: String], config: String = "{}") throws -> URL {
        let directory = workDirectory.appendingPathComponent("project")
        try write(config, to: ".gatekeeper.json", in: directory)
        for (path, text) in files { try write(text, to: path, in: directory) }
        return directory
    }

    func testARuleTurnedOffIsNotFixed() throws {
        let directory = try project(["A.swift": unsorted], config: #"{ rules: { "imports/order": "off" } }"#)
        let check = try run(["check", "--quiet", "--no-color"], in: directory)
        XCTAssertEqual(check.stdout, "A.swift:3:1: warning: duplicate `import Foundation` (already imported on line 1) [imports/duplicate]\n")
        let dryRun = try run(["fix", "--dry-run"], in: directory)
        XCTAssertEqual(dryRun.status, 1)
        XCTAssertEqual(dryRun.stdout, "--- a/A.swift\n+++ b/A.swift\n@@ -1,3 +1,2 @@\n import Foundation\n import Dispatch\n-import Foundation\n")
        XCTAssertEqual(try run(["fix"], in: directory).status, 0)
        XCTAssertEqual(try read("A.swift", in: directory), "import Foundation\nimport Dispatch\n", "the imports were reordered although order is off")
    }

    func testACheckTurnedOffOrSkippedIsNotFixed() throws {
        let directory = try project(["A.swift": unsorted], config: "{ checks: { imports: { enabled: false } } }")
        XCTAssertEqual(try run(["fix", "--dry-run"], in: directory).stdout, "")
        try write("{}", to: ".gatekeeper.json", in: directory)
        XCTAssertEqual(try run(["fix", "--dry-run", "--skip", "imports"], in: directory).stdout, "")
        XCTAssertEqual(try run(["fix", "--dry-run", "--only", "security"], in: directory).stdout, "")
        XCTAssertEqual(try read("A.swift", in: directory), unsorted)
    }

    func testASeverityOverrideKeepsTheFixAndOffRemovesIt() throws {
        let directory = try project(["A.swift": unsorted], config: #"{ rules: { imports: "info" } }"#)
        XCTAssertEqual(try run(["fix"], in: directory).status, 0)
        XCTAssertEqual(try read("A.swift", in: directory), "import Dispatch\nimport Foundation\n")
        try write(unsorted, to: "A.swift", in: directory)
        try write(#"{ rules: { imports: "off" } }"#, to: ".gatekeeper.json", in: directory)
        XCTAssertEqual(try run(["fix"], in: directory).status, 0)
        XCTAssertEqual(try read("A.swift", in: directory), unsorted)
    }

    func testAnInlineSuppressionIsNotFixed() throws {
        let suppressed = "import B\nimport A\nimport B // gatekeeper:ignore imports/duplicate -- kept on purpose\n"
        let directory = try project(["A.swift": suppressed, "C.swift": "// gatekeeper:ignore imports/order\nimport D\nimport C\n"])
        XCTAssertEqual(try run(["fix"], in: directory).status, 0)
        XCTAssertEqual(try read("A.swift", in: directory), "import A\nimport B\nimport B // gatekeeper:ignore imports/duplicate -- kept on purpose\n")
        XCTAssertEqual(try read("C.swift", in: directory), "// gatekeeper:ignore imports/order\nimport D\nimport C\n")
        XCTAssertEqual(try run(["check", "--fail-on", "info"], in: directory).status, 0)
    }

    func testBaselinedFindingsAreNotFixedUnlessAsked() throws {
        let directory = try project(["Old.swift": "import Z\nimport Y\n"])
        XCTAssertEqual(try run(["baseline"], in: directory).status, 0)
        try write("import Q\nimport P\n", to: "New.swift", in: directory)
        let fix = try run(["fix"], in: directory)
        XCTAssertEqual(fix.stderr, "fixed New.swift\nFixed 1 file.\n")
        XCTAssertEqual(try read("Old.swift", in: directory), "import Z\nimport Y\n", "a baselined finding was fixed")
        XCTAssertEqual(try read("New.swift", in: directory), "import P\nimport Q\n")
        XCTAssertEqual(try run(["fix", "--no-baseline"], in: directory).status, 0)
        XCTAssertEqual(try read("Old.swift", in: directory), "import Y\nimport Z\n")
        let pruned = try run(["baseline", "--prune"], in: directory)
        XCTAssertEqual(pruned.stderr, "Pruned 1 stale entry; 0 remain in .gatekeeper-baseline.json.\n")
    }

    func testOnlyChangedLinesAreFixed() throws {
        let directory = try repository()
        try write("import Z\nimport Y\n\nlet old = 1\n", to: "Sources/Old.swift", in: directory)
        try git(["add", "."], in: directory)
        try git(["commit", "-q", "-m", "old problem"], in: directory)
        try git(["checkout", "-q", "-b", "feature"], in: directory)
        let edited = "import Z\nimport Y\n\nlet old = 1\n\nimport Foundation\nimport Foundation\nimport Dispatch\n"
        try write(edited, to: "Sources/Old.swift", in: directory)
        let fix = try run(["fix", "--changed-since", "main", "--changed-lines"], in: directory)
        XCTAssertEqual(fix.status, 0, fix.stdout + fix.stderr)
        // The new run is de-duplicated, then sorted (two passes, the changed lines carried
        // through the first); the old unsorted run is left alone.
        XCTAssertEqual(try read("Sources/Old.swift", in: directory), "import Z\nimport Y\n\nlet old = 1\n\nimport Dispatch\nimport Foundation\n")
    }

    func testOnlyStagedFilesAreFixed() throws {
        let directory = try repository()
        try write("import B\nimport A\n", to: "Sources/Staged.swift", in: directory)
        try write("import D\nimport C\n", to: "Sources/Unstaged.swift", in: directory)
        try git(["add", "Sources/Staged.swift"], in: directory)
        XCTAssertEqual(try run(["fix", "--staged", "--dry-run"], in: directory).stdout,
                       "--- a/Sources/Staged.swift\n+++ b/Sources/Staged.swift\n@@ -1,2 +1,2 @@\n-import B\n import A\n+import B\n")
    }

    func testTheFixableCountIsWhatFixFixes() throws {
        // A suppressed order finding over a run that also holds a duplicate: the duplicate is fixable.
        let directory = try project(["A.swift": "// gatekeeper:ignore imports/order\nimport B\nimport A\nimport B\n"])
        let check = try run(["check", "--no-color"], in: directory)
        XCTAssertTrue(check.stdout.contains("1 fixable with `gatekeeper fix`"), check.stdout)
        XCTAssertEqual(try run(["fix"], in: directory).stderr, "fixed A.swift\nFixed 1 file.\n")
        XCTAssertEqual(try read("A.swift", in: directory), "// gatekeeper:ignore imports/order\nimport B\nimport A\n")
        XCTAssertFalse(try run(["check", "--no-color"], in: directory).stdout.contains("fixable"))
    }
}
