import Foundation
import XCTest

@testable import GatekeeperKit

/// What ruff and SwiftLint users expect of a command line: suggestions for typos, `version`,
/// per-rule counts, shell completions, a next step after findings, compiler-format output
/// with absolute paths, a JUnit report that lists findings (not files), and a blocked commit
/// that says how to proceed.
final class CLIHabitsTests: BinaryTestCase {
    func testMistypedOptionsConfigKeysAndRuleIdsGetASuggestion() throws {
        let directory = try tree("clean")
        let option = try run(["check", "--formt", "json"], in: directory)
        XCTAssertEqual(option.status, 64)
        XCTAssertEqual(option.stderr.split(separator: "\n").first, "gatekeeper: error: unknown option '--formt' for 'gatekeeper check' (did you mean '--format'?)")
        // Far from every option: no guess.
        XCTAssertEqual(try run(["check", "--wibble"], in: directory).stderr.split(separator: "\n").first,
                       "gatekeeper: error: unknown option '--wibble' for 'gatekeeper check'")
        try write("{ exlude: [] }", to: ".gatekeeper.json", in: directory)
        XCTAssertEqual(try run(["check"], in: directory).stderr, "gatekeeper: error: .gatekeeper.json: unknown key exlude (did you mean 'exclude'?)\n")
        try write("{ rules: { \"insecure-http\": \"off\" } }", to: ".gatekeeper.json", in: directory)
        XCTAssertEqual(try run(["check"], in: directory).stderr,
                       "gatekeeper: error: .gatekeeper.json: rules.insecure-http: unknown rule id (did you mean 'security/insecure-http'?)\n")
        try write("{ checks: { imports: { stile: \"swift-format\" } } }", to: ".gatekeeper.json", in: directory)
        XCTAssertEqual(try run(["check"], in: directory).stderr,
                       "gatekeeper: error: .gatekeeper.json: unknown key checks.imports.stile (did you mean 'style'?)\n")
        try FileManager.default.removeItem(at: directory.appendingPathComponent(".gatekeeper.json"))
        // A rule id without its check prefix is accepted when one rule has that name.
        let bare = try run(["explain", "insecure-http"], in: directory)
        XCTAssertEqual(bare.status, 0)
        XCTAssertTrue(bare.stdout.hasPrefix("security/insecure-http ("), bare.stdout)
        let typo = try run(["explain", "hardcoded-secrt"], in: directory)
        XCTAssertEqual(typo.status, 64)
        XCTAssertTrue(typo.stderr.hasPrefix("gatekeeper: error: unknown rule id 'hardcoded-secrt' (did you mean 'security/hardcoded-secret'?)"), typo.stderr)
        XCTAssertEqual(try run(["explain", "security/no-such-thing-at-all"], in: directory).stderr.split(separator: "\n").first,
                       "gatekeeper: error: unknown rule id 'security/no-such-thing-at-all' (see 'gatekeeper rules')")
        XCTAssertTrue(try run(["help", "completion"], in: directory).stderr.contains("(did you mean 'completions'?)"))
        XCTAssertTrue(try run(["check", "--only", "securty"], in: directory).stderr.hasPrefix("gatekeeper: error: unknown check 'securty' (did you mean 'security'?)"))
        try write("{ checks: { improts: {} } }", to: ".gatekeeper.json", in: directory)
        XCTAssertTrue(try run(["check"], in: directory).stderr.hasPrefix("gatekeeper: error: .gatekeeper.json: unknown key checks.improts (did you mean 'imports'?)"))
    }

    func testASuppressionWithoutTheCheckPrefixIsReportedWithTheFullId() throws {
        let report = try TestSupport.run(["a.swift": "let u = \"http://api.weather-service.io\" // gatekeeper:ignore insecure-http\n"], failOn: .info)
        XCTAssertEqual(report.findings.map(\.message).filter { $0.hasPrefix("unknown rule id") },
                       ["unknown rule id 'insecure-http' in suppression (did you mean 'security/insecure-http'?)"])
    }

    func testVersionCommandAndOption() throws {
        let directory = try tree("clean")
        for arguments in [["version"], ["--version"], ["-V"]] {
            let result = try run(arguments, in: directory)
            XCTAssertEqual(result.status, 0)
            XCTAssertEqual(result.stdout, "gatekeeper \(Version.current)\n", "\(arguments)")
        }
    }

    func testStatisticsCountsFindingsPerRule() throws {
        let directory = try tree("formats")
        let result = try run(["check", "--statistics", "--fail-on", "info", "--no-color"], in: directory)
        XCTAssertEqual(result.status, 2)
        let lines = stable(result.stdout).split(separator: "\n", omittingEmptySubsequences: false)
        XCTAssertEqual(Array(lines.prefix(5)), [
            "2  imports/order                  [*]",
            "1  gatekeeper/unused-suppression",
            "1  imports/duplicate              [*]",
            "1  security/insecure-http",
            "1  security/unsafe-shell",
        ].map { Substring($0) }, result.stdout)
        XCTAssertTrue(lines[5].hasPrefix("Checked 3 files in N ms: 1 error, 4 warnings, 1 info"), result.stdout)
    }

    func testNextStepFooterOnlyWithFindings() throws {
        let unsorted = try run(["check", "--no-color"], in: try tree("unsorted"))
        XCTAssertTrue(unsorted.stdout.hasSuffix("Next: `gatekeeper explain imports/duplicate` says why it matters; `gatekeeper fix` applies the 2 fixes; "
            + "`gatekeeper baseline` records the rest, so that only new findings fail.\n"), unsorted.stdout)
        let clean = try run(["check", "--no-color"], in: try tree("clean"))
        XCTAssertFalse(clean.stdout.contains("Next:"), clean.stdout)
        XCTAssertFalse(try run(["check", "--quiet"], in: workDirectory.appendingPathComponent("unsorted")).stdout.contains("Next:"))
    }

    func testCompletionScriptsNameEveryCommandAndAreValidShell() throws {
        let directory = try tree("clean")
        for shell in ["bash", "zsh", "fish"] {
            let result = try run(["completions", shell], in: directory)
            XCTAssertEqual(result.status, 0, shell)
            for command in CLI.commands { XCTAssertTrue(result.stdout.contains(command.name), "\(shell): \(command.name)") }
            XCTAssertTrue(result.stdout.contains("--changed-since"), shell)
            XCTAssertTrue(result.stdout.contains("codeclimate"), "\(shell): --format's values")
        }
        let unknown = try run(["completions", "tcsh"], in: directory)
        XCTAssertEqual(unknown.status, 64)
        XCTAssertTrue(unknown.stderr.hasPrefix("gatekeeper: error: unknown shell 'tcsh' (expected bash, zsh or fish)"))
        // bash parses it, and completing `gatekeeper check --fo` offers --format.
        let bash = try run(["completions", "bash"], in: directory).stdout
        try write(bash, to: "completion.bash", in: directory)
        let script = "source ./completion.bash; COMP_WORDS=(gatekeeper check --fo); COMP_CWORD=2; _gatekeeper; echo \"${COMPREPLY[@]}\"; " +
            "COMP_WORDS=(gatekeeper check --format s); COMP_CWORD=3; _gatekeeper; echo \"${COMPREPLY[@]}\""
        let completed = try run(["bash", "-c", script], in: directory, executable: URL(fileURLWithPath: "/usr/bin/env"))
        XCTAssertEqual(completed.stdout, "--format\nsarif\n", completed.stderr)
    }

    /// zsh and fish, where installed: zsh parses the script and `compinit` registers it from
    /// `$fpath`; fish completes options, their values and commands.
    func testZshAndFishCompletionsWhereInstalled() throws {
        let directory = try tree("clean")
        let shell = URL(fileURLWithPath: "/usr/bin/env")
        var ran = 0
        if try run(["sh", "-c", "command -v zsh"], in: directory, executable: shell).status == 0 {
            try write(try run(["completions", "zsh"], in: directory).stdout, to: "zfunctions/_gatekeeper", in: directory)
            XCTAssertEqual(try run(["zsh", "-n", "zfunctions/_gatekeeper"], in: directory, executable: shell).status, 0)
            let registered = try run(["zsh", "-f", "-c", "fpath=(zfunctions $fpath); autoload -U compinit; compinit -u -d zcompdump; print -r -- ${_comps[gatekeeper]}"],
                                     in: directory, executable: shell)
            XCTAssertEqual(registered.stdout, "_gatekeeper\n", registered.stderr)
            ran += 1
        }
        if try run(["sh", "-c", "command -v fish"], in: directory, executable: shell).status == 0 {
            try write(try run(["completions", "fish"], in: directory).stdout, to: "gatekeeper.fish", in: directory)
            let completed = try run(["fish", "--no-config", "-c", "source gatekeeper.fish; complete -C 'gatekeeper check --fo'; complete -C 'gatekeeper check --format s'; " +
                                     "complete -C 'gatekeeper ver'"], in: directory, executable: shell)
            XCTAssertEqual(completed.stdout.split(separator: "\n").map { String($0.prefix { $0 != "\t" }) }, ["--format", "sarif", "version"], completed.stderr)
            ran += 1
        }
        if ran == 0 { throw XCTSkip("neither zsh nor fish is installed") }
    }

    func testJUnitListsFindingsAndCleanChecksNotFiles() throws {
        let directory = try tree("clean")
        // A big tree with one finding: the report stays a handful of cases.
        for index in 0..<400 { try write("let value\(index) = \(index)\n", to: "Sources/File\(index).swift", in: directory) }
        try write("import B\nimport A\n", to: "Sources/Unsorted.swift", in: directory)
        let result = try run(["check", "--format", "junit"], in: directory)
        XCTAssertEqual(result.status, 1)
        let xml = result.stdout
        XCTAssertLessThan(xml.utf8.count, 3_000, xml)
        XCTAssertEqual(xml.components(separatedBy: "<testcase ").count - 1, CheckRegistry.checkTypes.count, xml)
        XCTAssertEqual(xml.components(separatedBy: "<failure ").count - 1, 1)
        XCTAssertTrue(xml.contains("<testcase name=\"imports/order at Sources/Unsorted.swift:1:1\" classname=\"gatekeeper.imports\""), xml)
        XCTAssertTrue(xml.contains("<testcase name=\"security: no findings in 402 files\" classname=\"gatekeeper.security\"/>"), xml)
        XCTAssertTrue(xml.contains("<testsuites name=\"gatekeeper\" tests=\"\(CheckRegistry.checkTypes.count)\" failures=\"1\""), xml)
        // Only the checks that ran are listed.
        let only = try run(["check", "--format", "junit", "--only", "security"], in: directory).stdout
        XCTAssertEqual(only.components(separatedBy: "<testsuite ").count - 1, 1, only)
    }

    func testXcodeFormatNamesFilesByAbsolutePath() throws {
        let directory = try tree("unsorted")
        let result = try run(["check", "--format", "xcode", "--quiet", "Sources"], in: directory)
        XCTAssertEqual(result.status, 1)
        let path = directory.appendingPathComponent("Sources/App/main.swift").path
        XCTAssertEqual(result.stdout.split(separator: "\n").first.map(String.init),
                       "\(path):1:1: warning: `import Dispatch` should come before `import Foundation` (swift-format style) [imports/order]")
    }

    func testABlockedCommitSaysSoAndHowToProceed() throws {
        let directory = try repository()
        XCTAssertEqual(try run(["install-hook"], in: directory).status, 0)
        try write("import B\nimport A\n", to: "Sources/B.swift", in: directory)
        try git(["add", "."], in: directory)
        // A real commit, through git: the hook runs and the commit does not happen.
        let commit = try run(["git", "-c", "user.name=T", "-c", "user.email=t@example.com", "commit", "-q", "-m", "try"], in: directory,
                             environment: ["PATH": "/usr/bin:/bin"], executable: URL(fileURLWithPath: "/usr/bin/env"))
        XCTAssertNotEqual(commit.status, 0)
        XCTAssertTrue(commit.stderr.contains("gatekeeper: commit blocked: 1 finding at or above warning in the staged changes."), commit.stderr)
        XCTAssertTrue(commit.stderr.contains("`// gatekeeper:ignore imports/order -- reason`"), commit.stderr)
        XCTAssertTrue(commit.stderr.contains("`gatekeeper baseline`"))
        XCTAssertTrue(commit.stderr.contains("`git commit --no-verify`, when your team allows it"))
        // A passing staged check says nothing of commits.
        try write("import A\nimport B\n", to: "Sources/B.swift", in: directory)
        try git(["add", "."], in: directory)
        let passing = try run(["check", "--staged"], in: directory)
        XCTAssertEqual(passing.status, 0)
        XCTAssertFalse(passing.stderr.contains("blocked"))
    }
}
