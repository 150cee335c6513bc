import Foundation
import XCTest

@testable import GatekeeperKit

/// Runs the built `gatekeeper` binary on fixture trees copied to temporary folders.
class BinaryTestCase: XCTestCase {
    struct Result: Equatable {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    static let binary: URL = {
        // `swift test` runs the test bundle from the build folder, beside the executable.
        let candidates = [CommandLine.arguments[0], Bundle.main.bundlePath, Bundle.main.executablePath ?? ""]
            .map { URL(fileURLWithPath: $0).deletingLastPathComponent() }
        for directory in candidates + candidates.map({ $0.deletingLastPathComponent() }) {
            let binary = directory.appendingPathComponent("gatekeeper")
            if FileManager.default.isExecutableFile(atPath: binary.path) { return binary }
        }
        return URL(fileURLWithPath: "/nonexistent/gatekeeper")
    }()

    var workDirectory: URL!

    override func setUpWithError() throws {
        guard FileManager.default.isExecutableFile(atPath: Self.binary.path) else {
            XCTFail("the gatekeeper binary was not found beside the tests")
            return
        }
        workDirectory = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("gatekeeper-e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: workDirectory, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        if let workDirectory { try? FileManager.default.removeItem(at: workDirectory) }
    }

    /// Copies fixture tree `name` into the work folder and returns its path.
    func tree(_ name: String) throws -> URL {
        let destination = workDirectory.appendingPathComponent(name)
        try FileManager.default.copyItem(at: TestSupport.fixtures.appendingPathComponent("e2e").appendingPathComponent(name), to: destination)
        return destination
    }

    @discardableResult
    func run(_ arguments: [String], in directory: URL, environment: [String: String] = [:], executable: URL = BinaryTestCase.binary) throws -> Result {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.currentDirectoryURL = directory
        var env = ProcessInfo.processInfo.environment
        env.merge(environment) { $1 }
        process.environment = env
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self), stderr: String(decoding: stderr, as: UTF8.self))
    }

    /// Report text with run-dependent numbers (durations) replaced.
    func stable(_ text: String) -> String {
        text.replacingOccurrences(of: #"in \d+ ms"#, with: "in N ms", options: .regularExpression)
            .replacingOccurrences(of: #""durationMs": \d+"#, with: "\"durationMs\": 0", options: .regularExpression)
    }

    func golden(_ name: String) throws -> String {
        try String(contentsOf: TestSupport.fixtures.appendingPathComponent("e2e/expected/\(name)"), encoding: .utf8)
    }

    func write(_ text: String, to path: String, in directory: URL) throws {
        let url = directory.appendingPathComponent(path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try text.write(to: url, atomically: false, encoding: .utf8)
    }

    func read(_ path: String, in directory: URL) throws -> String {
        try String(contentsOf: directory.appendingPathComponent(path), encoding: .utf8)
    }

    func git(_ arguments: [String], in directory: URL) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git", "-c", "user.name=Test", "-c", "user.email=test@example.com", "-c", "commit.gpgsign=false"] + arguments
        process.currentDirectoryURL = directory
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 0, "git \(arguments.joined(separator: " "))")
    }

    /// A repository with one committed, clean file.
    func repository() throws -> URL {
        let directory = workDirectory.appendingPathComponent("repo")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try git(["init", "-q", "-b", "main"], in: directory)
        try write("import Dispatch\nimport Foundation\n\nlet a = 1\n", to: "Sources/A.swift", in: directory)
        try git(["add", "."], in: directory)
        try git(["commit", "-q", "-m", "initial"], in: directory)
        return directory
    }
}

final class EndToEndTests: BinaryTestCase {
    // MARK: - check

    func testCleanTreeExitsZero() throws {
        let result = try run(["check"], in: try tree("clean"))
        XCTAssertEqual(result.status, 0)
        XCTAssertEqual(stable(result.stdout), "Checked 1 file in N ms: 0 errors, 0 warnings, 0 info.\n")
        XCTAssertEqual(result.stderr, "")
    }

    func testTextReportGolden() throws {
        let result = try run([], in: try tree("unsorted"))
        XCTAssertEqual(result.status, 1)
        XCTAssertEqual(stable(result.stdout), try golden("unsorted.txt"))
        let sourceShown = try run(["check", "--show-source", "--quiet", "Sources/App/main.swift"], in: workDirectory.appendingPathComponent("unsorted"))
        XCTAssertEqual(sourceShown.stdout, try golden("unsorted-source.txt"))
    }

    func testJSONReportGolden() throws {
        let directory = try tree("unsorted")
        let result = try run(["check", "--format", "json"], in: directory)
        XCTAssertEqual(result.status, 1)
        XCTAssertEqual(stable(result.stdout), try golden("unsorted.json"))
        // --output writes the same report to a file, and the text report goes to the terminal.
        let toFile = try run(["check", "--format=json", "--output", "report.json"], in: directory)
        XCTAssertEqual(stable(toFile.stdout), try golden("unsorted.txt"))
        XCTAssertEqual(stable(try String(contentsOf: directory.appendingPathComponent("report.json"), encoding: .utf8)), try golden("unsorted.json"))
    }

    func testFailOnAndSeverityExitCodes() throws {
        let directory = try tree("unsorted")
        XCTAssertEqual(try run(["--fail-on", "error"], in: directory).status, 0)
        try "{ rules: { \"imports/duplicate\": \"error\" } }".write(to: directory.appendingPathComponent(".gatekeeper.json"), atomically: false, encoding: .utf8)
        XCTAssertEqual(try run([], in: directory).status, 2)
        XCTAssertEqual(try run(["--only", "imports", "--fail-on=error"], in: directory).status, 2)
        XCTAssertEqual(try run(["--skip", "imports"], in: directory).status, 0)
    }

    func testUsageErrors() throws {
        let directory = try tree("clean")
        let unknown = try run(["check", "--colour"], in: directory)
        XCTAssertEqual(unknown.status, 64)
        XCTAssertEqual(unknown.stderr, "gatekeeper: error: unknown option '--colour' for 'gatekeeper check'\nUsage: gatekeeper check [options] [PATH...] (see 'gatekeeper help check')\n")
        XCTAssertEqual(try run(["--format", "xml"], in: directory).stderr.split(separator: "\n").first,
                       "gatekeeper: error: invalid value 'xml' for '--format' (expected text, json, sarif, github, junit, checkstyle, codeclimate, xcode)")
        XCTAssertEqual(try run(["--jobs", "0"], in: directory).status, 64)
        XCTAssertEqual(try run(["--format"], in: directory).stderr.split(separator: "\n").first, "gatekeeper: error: option '--format' needs a value")
        XCTAssertEqual(try run(["--only", "lint"], in: directory).stderr, "gatekeeper: error: unknown check 'lint' (checks are \(CheckRegistry.checkTypes.map { $0.id }.joined(separator: ", ")), custom)\n")
        let missing = try run(["check", "NoSuchFolder"], in: directory)
        XCTAssertEqual(missing.status, 64)
        XCTAssertEqual(missing.stderr, "gatekeeper: error: NoSuchFolder: no such file or directory\n")
        XCTAssertEqual(try run(["explain", "imports/nope"], in: directory).status, 64)
        XCTAssertEqual(try run(["explain"], in: directory).status, 64)
        // `--` ends options: a file named like an option.
        XCTAssertEqual(try run(["check", "--", "--weird.swift"], in: directory).stderr, "gatekeeper: error: --weird.swift: no such file or directory\n")
    }

    func testBadConfigIsOneClearLine() throws {
        let directory = try tree("clean")
        let config = directory.appendingPathComponent(".gatekeeper.json")
        try "{\n  failOn: \"warning\"\n  rules: {}\n}\n".write(to: config, atomically: false, encoding: .utf8)
        let syntax = try run([], in: directory)
        XCTAssertEqual(syntax.status, 64)
        XCTAssertEqual(syntax.stderr, "gatekeeper: error: .gatekeeper.json:3:3: invalid config: expected ',' or '}' after the value of 'failOn'\n")
        try "{ checks: { imports: { style: 3 } } }".write(to: config, atomically: false, encoding: .utf8)
        XCTAssertEqual(try run([], in: directory).stderr, "gatekeeper: error: .gatekeeper.json: checks.imports.style must be a string, not a number\n")
        try "{ checks: { imports: { colour: true } } }".write(to: config, atomically: false, encoding: .utf8)
        XCTAssertEqual(try run([], in: directory).stderr, "gatekeeper: error: .gatekeeper.json: unknown key checks.imports.colour\n")
        try "{ exclude: [\"Sources/[ab\"] }".write(to: config, atomically: false, encoding: .utf8)
        XCTAssertEqual(try run([], in: directory).stderr, "gatekeeper: error: .gatekeeper.json: exclude[0]: invalid glob \"Sources/[ab\": an unclosed '['\n")
        try "{ exclude: [], colour: true }".write(to: config, atomically: false, encoding: .utf8)
        XCTAssertEqual(try run([], in: directory).stderr, "gatekeeper: error: .gatekeeper.json: unknown key colour\n")
        // The config is found from a subfolder too.
        XCTAssertEqual(try run([], in: directory.appendingPathComponent("Sources")).status, 64)
        XCTAssertEqual(try run(["--config", "missing.json"], in: directory).stderr, "gatekeeper: error: missing.json: config file not found\n")
    }

    func testUnreadableFileIsAWarningAndTheRunGoesOn() throws {
        let directory = try tree("clean")
        try Data([0x69, 0x6D, 0xFF, 0x0A]).write(to: directory.appendingPathComponent("Sources/Broken.swift"))
        let result = try run(["--no-color"], in: directory)
        XCTAssertEqual(result.status, 1)
        XCTAssertTrue(result.stdout.hasPrefix("Sources/Broken.swift:1:1: warning: not valid UTF-8 (first bad byte at line 1, column 3); only its secrets were checked [gatekeeper/unreadable-file]\n"), result.stdout)
        XCTAssertTrue(result.stdout.contains("Checked 2 files"))
    }

    func testGitDiscoveryHonoursGitignoreAndSymlinkLoopsDoNotHang() throws {
        let directory = try tree("clean")
        try "import B\nimport A\n".write(to: directory.appendingPathComponent("Sources/Ignored.swift"), atomically: false, encoding: .utf8)
        try "Sources/Ignored.swift\n".write(to: directory.appendingPathComponent(".gitignore"), atomically: false, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: directory.appendingPathComponent("Sources/loop").path, withDestinationPath: "..")
        // Outside git the ignored file is checked (no .gitignore semantics)…
        XCTAssertEqual(try run([], in: directory).status, 1)
        // …inside a work tree git's view applies.
        let git = Process()
        git.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        git.arguments = ["git", "init", "-q", directory.path]
        try git.run()
        git.waitUntilExit()
        let result = try run([], in: directory)
        XCTAssertEqual(result.status, 0, result.stdout)
        XCTAssertTrue(result.stdout.contains("Checked 1 file"), result.stdout)
    }

    func testExplicitFileAndConfigGlobs() throws {
        let directory = try tree("unsorted")
        try "{ exclude: [\"Sources/App/main.swift\"] }".write(to: directory.appendingPathComponent(".gatekeeper.json"), atomically: false, encoding: .utf8)
        XCTAssertEqual(try run([], in: directory).status, 0)
        try "{ include: [\"Tests/**\"] }".write(to: directory.appendingPathComponent(".gatekeeper.json"), atomically: false, encoding: .utf8)
        // A run that checks nothing because of the configuration is an error, not a pass.
        let nothing = try run([], in: directory)
        XCTAssertEqual(nothing.status, 64)
        XCTAssertEqual(nothing.stderr, "gatekeeper: error: .gatekeeper.json: include and exclude leave none of the 2 files under . to check (their globs are relative to .)\n")
        // An explicit file is checked even outside `include`.
        XCTAssertEqual(try run(["Sources/App/main.swift"], in: directory).status, 1)
    }

    // MARK: - fix

    func testFixDryRunThenFix() throws {
        let directory = try tree("unsorted")
        let main = directory.appendingPathComponent("Sources/App/main.swift")
        let suppressed = directory.appendingPathComponent("Sources/App/Suppressed.swift")
        let before = try Data(contentsOf: main)
        let dryRun = try run(["fix", "--dry-run"], in: directory)
        XCTAssertEqual(dryRun.status, 1)
        XCTAssertEqual(dryRun.stdout, try golden("unsorted.diff"))
        XCTAssertEqual(try Data(contentsOf: main), before, "--dry-run wrote the file")
        let untouchedDate = try FileManager.default.attributesOfItem(atPath: suppressed.path)[.modificationDate] as? Date
        Thread.sleep(forTimeInterval: 0.01)
        let fix = try run(["fix"], in: directory)
        XCTAssertEqual(fix.status, 0, fix.stdout)
        XCTAssertEqual(fix.stderr, "fixed Sources/App/main.swift\nFixed 1 file.\n")
        XCTAssertEqual(try String(contentsOf: main, encoding: .utf8), "import Dispatch\nimport Foundation\n\nlet answer = 42\n")
        XCTAssertEqual(try FileManager.default.attributesOfItem(atPath: suppressed.path)[.modificationDate] as? Date, untouchedDate,
                       "a file the fix does not change is not rewritten")
        XCTAssertEqual(try run(["fix", "--dry-run"], in: directory).status, 0)
        XCTAssertEqual(try run(["check"], in: directory).status, 0)
    }

    // MARK: - Other commands

    func testRulesExplainTokensInitVersionHelp() throws {
        let directory = try tree("clean")
        let rules = try run(["rules"], in: directory)
        XCTAssertEqual(rules.status, 0)
        for rule in CheckRegistry.allRules { XCTAssertTrue(rules.stdout.contains(rule.id), rule.id) }
        XCTAssertTrue(rules.stdout.contains("imports/order                     imports     warning  high    fixable  "), rules.stdout)
        let json = try JSON5Parser.parse(try run(["rules", "--format", "json"], in: directory).stdout)
        XCTAssertEqual(json["rules"]?.arrayValue?.count, CheckRegistry.allRules.count)

        let explain = try run(["explain", "imports/order"], in: directory)
        XCTAssertTrue(explain.stdout.hasPrefix("imports/order (warning, high confidence, fixable)\n"))
        XCTAssertTrue(explain.stdout.contains("Triggers:\n    import Foundation\n    import Dispatch"))

        let tokens = try run(["tokens", "Sources/main.swift", "--format", "json"], in: directory)
        let parsed = try JSON5Parser.parse(tokens.stdout)
        XCTAssertEqual(parsed["file"], .string("Sources/main.swift"))
        XCTAssertEqual(parsed["tokens"]?.arrayValue?.first, .object([("kind", .string("keyword")), ("scope", .string("code")), ("start", .number(0)), ("end", .number(6)), ("line", .number(1)), ("column", .number(1))]))
        XCTAssertTrue(try run(["tokens", "Sources/main.swift"], in: directory).stdout.hasPrefix("1:1\tkeyword\tcode\t[0, 6)\t\"import\"\n"))

        XCTAssertEqual(try run(["init"], in: directory).status, 0)
        let written = try String(contentsOf: directory.appendingPathComponent(".gatekeeper.json"), encoding: .utf8)
        XCTAssertNoThrow(try TestSupport.configuration(written), "the starter config must be valid")
        XCTAssertEqual(try run(["init"], in: directory).status, 64, "init never overwrites")
        XCTAssertEqual(try run([], in: directory).status, 0, "the starter config runs")

        XCTAssertEqual(try run(["--version"], in: directory).stdout, "gatekeeper \(Version.current)\n")
        XCTAssertTrue(try run(["--help"], in: directory).stdout.contains("Commands:"))
        for command in ["check", "fix", "baseline", "rules", "explain", "tokens", "init"] {
            let help = try run(["help", command], in: directory)
            XCTAssertEqual(help, try run([command, "--help"], in: directory).stdout.isEmpty ? help : help)
            XCTAssertTrue(help.stdout.contains("Usage: gatekeeper \(command)"), command)
            for option in CLI.commands.first(where: { $0.name == command })!.options {
                XCTAssertTrue(help.stdout.contains(option.name), "\(command) --help lacks \(option.name)")
            }
        }
    }

    func testBaselineCommandAndPrune() throws {
        let directory = try tree("unsorted")
        let written = try run(["baseline"], in: directory)
        XCTAssertEqual(written.status, 0)
        XCTAssertEqual(written.stderr, "Wrote 2 findings to .gatekeeper-baseline.json.\n")
        let checked = try run([], in: directory)
        XCTAssertEqual(checked.status, 0, checked.stdout)
        XCTAssertTrue(checked.stdout.contains("2 baselined"))
        XCTAssertEqual(try run(["--no-baseline"], in: directory).status, 1)
        // Fix one finding: its entry is stale, and prune drops it.
        try "import Dispatch\nimport Foundation\n\nlet answer = 42\n".write(to: directory.appendingPathComponent("Sources/App/main.swift"), atomically: false, encoding: .utf8)
        XCTAssertTrue(try run([], in: directory).stdout.contains("2 stale baseline entries"))
        XCTAssertEqual(try run(["baseline", "--prune"], in: directory).stderr, "Pruned 2 stale entries; 0 remain in .gatekeeper-baseline.json.\n")
    }
}
