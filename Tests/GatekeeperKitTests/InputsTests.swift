import Foundation
import XCTest

@testable import GatekeeperKit

/// The engine owns every input: SQL migrations, the telemetry contract and docs go through the
/// same discovery, reading, suppressions and options as Swift files; links and special files
/// are handled, never skipped in silence. Runs the built binary in throw-away trees.
final class InputsTests: BinaryTestCase {
    private func lines(_ result: Result) -> [String] {
        result.stdout.split(separator: "\n").map { line in String(line.split(separator: " ").first ?? "") + " " + (line.split(separator: "[").last.map { "[" + $0 } ?? "") }
    }

    func testSQLMigrationsHonourExcludeExplicitPathsAndSuppressions() throws {
        let directory = workDirectory.appendingPathComponent("sql")
        try write("{}", to: ".gatekeeper.json", in: directory)
        try write("CREATE TABLE a (id INT);\n", to: "db/migrations/001_a.up.sql", in: directory)
        try write("CREATE TABLE b (id INT);\n-- gatekeeper:ignore migrations/irreversible -- never dropped\n", to: "db/migrations/002_b.up.sql", in: directory)
        let all = try run(["check", "--quiet", "--no-color"], in: directory)
        XCTAssertEqual(all.stdout, "db/migrations/001_a.up.sql:1:1: warning: SQL up migration `001_a.up.sql` has no down migration [migrations/irreversible]\n")
        // The SQL file named on the command line is checked like a Swift file would be.
        XCTAssertEqual(try run(["check", "--quiet", "--no-color", "db/migrations/001_a.up.sql"], in: directory).stdout, all.stdout)
        try write(#"{ exclude: ["db/**"] }"#, to: ".gatekeeper.json", in: directory)
        XCTAssertEqual(try run(["check", "--quiet"], in: directory).stdout, "", "exclude applies to SQL files")
        try write("{}", to: ".gatekeeper.json", in: directory)
        try Data([0x43, 0xFF, 0x0A]).write(to: directory.appendingPathComponent("db/migrations/003_c.up.sql"))
        XCTAssertTrue(try run(["check", "--quiet", "--no-color"], in: directory).stdout
            .contains("db/migrations/003_c.up.sql:1:1: warning: not valid UTF-8"), "an unreadable SQL file is reported")
    }

    func testTheStagedContractIsTheOneChecked() throws {
        let directory = try repository()
        try write(#"{ events: { "api.request": { required: ["status"] } } }"#, to: "telemetry-contract.json", in: directory)
        try write("import Logging\nlet log = Logger(label: \"a\")\nfunc f() { log.info(\"x\", metadata: [\"event\": \"api.request\"]) }\n",
                  to: "Sources/Emit.swift", in: directory)
        try git(["add", "."], in: directory)
        // The working tree's contract no longer requires the field; the staged one does.
        try write(#"{ events: { "api.request": { required: [] } } }"#, to: "telemetry-contract.json", in: directory)
        XCTAssertEqual(try run(["check", "--quiet"], in: directory).status, 0)
        let staged = try run(["check", "--staged", "--quiet", "--no-color"], in: directory)
        XCTAssertEqual(staged.status, 2, staged.stdout + staged.stderr)
        XCTAssertTrue(staged.stdout.contains("[telemetry/missing-field]"), staged.stdout)
    }

    func testALinkedFileIsCheckedOnceAndLinksOutOfTheTreeAreNotFollowed() throws {
        let directory = workDirectory.appendingPathComponent("links")
        let outside = workDirectory.appendingPathComponent("outside")
        try write("{}", to: ".gatekeeper.json", in: directory)
        try write("import B\nimport A\n", to: "Sources/Real.swift", in: directory)
        try write("import D\nimport C\n", to: "Elsewhere.swift", in: outside)
        let manager = FileManager.default
        try manager.createSymbolicLink(atPath: directory.appendingPathComponent("Sources/Alias.swift").path, withDestinationPath: "Real.swift")
        try manager.createSymbolicLink(atPath: directory.appendingPathComponent("Sources/Out.swift").path,
                                       withDestinationPath: outside.appendingPathComponent("Elsewhere.swift").path)
        let result = try run(["check", "--quiet", "--no-color"], in: directory)
        XCTAssertEqual(lines(result), ["Sources/Real.swift:1:1: [imports/order]"], result.stdout)
        // Named on the command line, a link out of the tree is followed.
        XCTAssertEqual(lines(try run(["check", "--quiet", "--no-color", "Sources/Out.swift"], in: directory)), ["Sources/Out.swift:1:1: [imports/order]"])
    }

    func testDanglingLinksAndFIFOsAreReportedNotSkippedOrWaitedOn() throws {
        let directory = workDirectory.appendingPathComponent("special")
        try write("{}", to: ".gatekeeper.json", in: directory)
        try write("import A\n", to: "Sources/Fine.swift", in: directory)
        try FileManager.default.createSymbolicLink(atPath: directory.appendingPathComponent("Sources/Gone.swift").path, withDestinationPath: "Missing.swift")
        try FileManager.default.createSymbolicLink(atPath: directory.appendingPathComponent("Sources/Loop.swift").path, withDestinationPath: "Loop.swift")
        XCTAssertEqual(mkfifo(directory.appendingPathComponent("Sources/Pipe.swift").path, 0o644), 0)
        let result = try run(["check", "--no-color", "--quiet"], in: directory)
        XCTAssertEqual(result.stdout, """
            Sources/Gone.swift:1:1: warning: cannot read the file: a broken symbolic link [gatekeeper/unreadable-file]
            Sources/Loop.swift:1:1: warning: cannot read the file: a symbolic link loop [gatekeeper/unreadable-file]
            Sources/Pipe.swift:1:1: warning: not checked: a FIFO [gatekeeper/unreadable-file]

            """)
    }

    func testAFileTooLargeForTheLexerIsReportedNotRead() throws {
        let directory = workDirectory.appendingPathComponent("large")
        try write("{}", to: ".gatekeeper.json", in: directory)
        try write("import A\n", to: "Sources/Fine.swift", in: directory)
        // Sparse: 3 GB on paper, no disk used; reading it would take minutes and gigabytes.
        let large = directory.appendingPathComponent("Sources/Huge.swift").path
        XCTAssertTrue(FileManager.default.createFile(atPath: large, contents: nil))
        XCTAssertEqual(truncate(large, 3_000_000_000), 0)
        let result = try run(["check", "--no-color", "--quiet"], in: directory)
        XCTAssertEqual(result.status, 1, result.stderr)
        XCTAssertEqual(result.stdout, "Sources/Huge.swift:1:1: warning: too large to check (3000000000 bytes; the limit is 2147483647); " +
            "the file was not checked [gatekeeper/unreadable-file]\n")
    }

    func testAFileWhoseNameIsNotUTF8IsChecked() throws {
        let directory = try repository()
        // The name holds the byte 0xFF; git tracks it like any other.
        _ = try run(["-c", "printf 'import B\\nimport A\\n' > \"Sources/$(printf '\\377').swift\""], in: directory, executable: URL(fileURLWithPath: "/bin/bash"))
        try git(["add", "."], in: directory)
        let result = try run(["check", "--no-color", "--quiet"], in: directory)
        XCTAssertEqual(result.status, 1, result.stdout + result.stderr)
        XCTAssertEqual(result.stdout, "Sources/\u{FFFD}.swift:1:1: warning: `import A` should come before `import B` (swift-format style) [imports/order]\n")
        // Outside git, the folder walk reads it by its bytes too (it was reported as a broken link).
        try FileManager.default.removeItem(at: directory.appendingPathComponent(".git"))
        let walked = try run(["check", "--no-color", "--quiet"], in: directory)
        XCTAssertEqual(walked.stdout, result.stdout, walked.stderr)
    }
}
