import Foundation
import XCTest

@testable import GatekeeperKit

/// The verdict cannot be forged through the result cache: what a pull request's author controls
/// (the tree, the config, the cache folder inside the tree) never makes a cached run report less
/// than an uncached one, and the cache keeps no secret and deletes no file it did not write.
final class VerdictTests: BinaryTestCase {
    /// An AWS key id that no placeholder list knows.
    static let awsKey = "AKIA" + "QZ7XR4LMN2WPKD5T"

    private func checkJSON(_ directory: URL, _ extra: [String] = []) throws -> (report: String, status: Int32, stderr: String) {
        let result = try run(["check", "--format", "json", "--no-color", "--fail-on", "info"] + extra, in: directory)
        return (stable(result.stdout), result.status, result.stderr)
    }

    private func assertCachedEqualsUncached(_ directory: URL, _ step: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let cached = try checkJSON(directory)
        let uncached = try checkJSON(directory, ["--no-cache"])
        XCTAssertEqual(cached.report, uncached.report, step, file: file, line: line)
        XCTAssertEqual(cached.status, uncached.status, step, file: file, line: line)
    }

    private func runGit(_ arguments: [String], in directory: URL) throws {
        let result = try run(arguments, in: directory, executable: URL(fileURLWithPath: "/usr/bin/git"))
        XCTAssertEqual(result.status, 0, "git \(arguments.joined(separator: " ")): \(result.stderr)")
    }

    // MARK: - Forged content hashes

    func testAFileForgedToCollideWithTheOldContentHashIsAnalysed() throws {
        let directory = workDirectory.appendingPathComponent("forged")
        let clean = "// " + String(repeating: "x", count: 92) + "\nlet greeting = \"hello\"\n"
        try write(clean, to: "Sources/App/Config.swift", in: directory)
        XCTAssertEqual(try checkJSON(directory).status, 0)
        let forged = LegacyContentHash.forge(prefix: Array("let awsKey = \"\(Self.awsKey)\"\n//".utf8), matching: Array(clean.utf8))
        XCTAssertEqual(forged.count, clean.utf8.count)
        XCTAssertEqual(LegacyContentHash.hash(forged).0, LegacyContentHash.hash(Array(clean.utf8)).0, "the forgery collides under the old hash")
        XCTAssertEqual(LegacyContentHash.hash(forged).1, LegacyContentHash.hash(Array(clean.utf8)).1)
        try Data(forged).write(to: directory.appendingPathComponent("Sources/App/Config.swift"))
        // The solved block is no UTF-8, so the file fails as unreadable rather than for its key: either way not as clean.
        let cached = try checkJSON(directory)
        XCTAssertNotEqual(cached.status, 0, cached.report)
        XCTAssertEqual(cached.report, try checkJSON(directory, ["--no-cache"]).report)
    }

    // MARK: - A cache the repository brings

    func testACacheCommittedToTheRepositoryIsNotRead() throws {
        let directory = workDirectory.appendingPathComponent("brought")
        let path = "Sources/App/Config.swift"
        try write("let greeting = \"hello\"\n", to: path, in: directory)
        try runGit(["init", "-q"], in: directory)
        XCTAssertEqual(try checkJSON(directory).status, 0)
        // The author swaps in a secret and rewrites the file's entry to the new content's hash, with no findings.
        let secret = Array("let greeting = \"\(Self.awsKey)\"\n".utf8)
        try Data(secret).write(to: directory.appendingPathComponent(path))
        let folder = directory.appendingPathComponent(".build/gatekeeper-cache")
        let name = try XCTUnwrap(CacheTests.cacheFiles(in: folder).first)
        var lines = try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8).components(separatedBy: "\n")
        let index = try XCTUnwrap(lines.firstIndex { $0.hasPrefix(path + "\t") })
        var fields = lines[index].components(separatedBy: "\t")
        (fields[1], fields[2], fields[3]) = ("\(secret.count)", "-", SHA256.hex(secret))
        lines[index] = fields.joined(separator: "\t")
        try lines.joined(separator: "\n").write(to: folder.appendingPathComponent(name), atomically: true, encoding: .utf8)
        // Outside a repository's reach (ignored, untracked), such a cache would be trusted: it is the gate's own.
        XCTAssertEqual(try checkJSON(directory).status, 0, "the forged entry is what a trusted cache would say")
        try runGit(["-c", "user.name=t", "-c", "user.email=t@t", "add", "-f", ".build/gatekeeper-cache", path], in: directory)
        let brought = try checkJSON(directory)
        XCTAssertEqual(brought.status, 2, brought.report)
        XCTAssertTrue(brought.stderr.contains("not using the result cache in"), brought.stderr)
        XCTAssertEqual(brought.report, try checkJSON(directory, ["--no-cache"]).report)
        // The same through a config naming a tracked folder.
        try write("{ cacheDirectory: \"Sources\" }", to: ".gatekeeper.json", in: directory)
        try runGit(["add", ".gatekeeper.json"], in: directory)
        XCTAssertEqual(try checkJSON(directory).status, 2)
        XCTAssertEqual(CacheTests.cacheFiles(in: directory.appendingPathComponent("Sources")), [], "nothing written to a tracked folder")
    }

    func testAFolderTheGateMakesIsIgnoredByGitSoItsCacheIsUsed() throws {
        let directory = workDirectory.appendingPathComponent("own")
        try write("let greeting = \"hello\"\n", to: "Sources/App/A.swift", in: directory)
        try runGit(["init", "-q"], in: directory)
        _ = try checkJSON(directory, ["--cache-dir", "gk-cache"])
        let again = try run(["check", "--cache-dir", "gk-cache", "--verbose"], in: directory)
        XCTAssertTrue(again.stderr.contains("result cache: 1 of 1 files reused"), again.stderr)
        XCTAssertFalse(again.stderr.contains("not using"), again.stderr)
        let status = try run(["status", "--porcelain"], in: directory, executable: URL(fileURLWithPath: "/usr/bin/git")).stdout
        XCTAssertFalse(status.contains("gk-cache"), status)
    }

    // MARK: - Cached equals uncached, whatever happens to sources and inputs

    /// A small project whose findings depend on every input the checks read: the manifest's test
    /// target (secrets in tests are not reported), the formatter configs (the import style).
    private func inputsProject() throws -> URL {
        let directory = workDirectory.appendingPathComponent("inputs")
        try write("""
        // swift-tools-version:5.9
        import PackageDescription
        let package = Package(name: "App", targets: [.target(name: "App"), .testTarget(name: "Specs", path: "Specs")])

        """, to: "Package.swift", in: directory)
        try write("{ \"version\": 1, \"rules\": { \"OrderedImports\": true } }\n", to: ".swift-format", in: directory)
        try write("--importgrouping testable-last\n", to: ".swiftformat", in: directory)
        try write("opt_in_rules:\n  - sorted_imports\n", to: ".swiftlint.yml", in: directory)
        try write("import XCTest\n@testable import App\nimport Foundation\n\nlet password = \"kR9#vQ2$mT7!pL4x\"\n", to: "Specs/LoginSpec.swift", in: directory)
        try write("import Foundation\nimport Dispatch\n\nlet value = 1\n", to: "Sources/App/Main.swift", in: directory)
        try write("@testable import App\nimport Foundation\n\nlet other = 2\n", to: "Sources/App/Other.swift", in: directory)
        try write("DEBUG=true\n", to: "Config/.env", in: directory)
        return directory
    }

    func testCachedRunsEqualUncachedRunsAfterAnySequenceOfEditsRenamesTouchesAndDeletions() throws {
        let directory = try inputsProject()
        let inputs = ["Package.swift", ".swift-format", ".swiftformat", ".swiftlint.yml"]
        var saved: [String: Data] = [:]
        for input in inputs { saved[input] = try Data(contentsOf: directory.appendingPathComponent(input)) }
        var sources = ["Specs/LoginSpec.swift", "Sources/App/Main.swift", "Sources/App/Other.swift"]
        var generator = SeededGenerator(seed: 2026)
        try assertCachedEqualsUncached(directory, "start")
        for step in 0..<32 {
            let file = manager
            let operation = Int.random(in: 0..<7, using: &generator)
            var description = ""
            switch operation {
            case 0:
                let input = inputs.randomElement(using: &generator)!
                let url = directory.appendingPathComponent(input)
                if file.fileExists(atPath: url.path) { try file.removeItem(at: url); description = "delete \(input)" } else {
                    try saved[input]!.write(to: url); description = "restore \(input)"
                }
            case 1:
                let source = sources.randomElement(using: &generator)!
                let handle = try FileHandle(forWritingTo: directory.appendingPathComponent(source))
                handle.seekToEndOfFile()
                handle.write(Data((Bool.random(using: &generator) ? "let token = \"\(Self.awsKey)\"\n" : "let n\(step) = \(step)\n").utf8))
                try handle.close()
                description = "append to \(source)"
            case 2:
                let index = Int.random(in: 0..<sources.count, using: &generator)
                let renamed = (sources[index].hasPrefix("Specs/") ? "Sources/App/" : "Specs/") + "Moved\(step).swift"
                try file.moveItem(at: directory.appendingPathComponent(sources[index]), to: directory.appendingPathComponent(renamed))
                description = "rename \(sources[index]) to \(renamed)"
                sources[index] = renamed
            case 3:
                let source = sources.randomElement(using: &generator)!
                try file.setAttributes([.modificationDate: Date(timeIntervalSinceNow: -86_400)], ofItemAtPath: directory.appendingPathComponent(source).path)
                description = "touch \(source) a day back"
            case 4:
                let source = sources.randomElement(using: &generator)!
                let url = directory.appendingPathComponent(source)
                // Same size, other content, the old time: only the content tells.
                var bytes = [UInt8](try Data(contentsOf: url))
                let dates = try file.attributesOfItem(atPath: url.path)[.modificationDate] as? Date
                if let import_ = bytes.firstIndex(of: UInt8(ascii: "\n")) { bytes.swapAt(0, import_ - 1) }
                try Data(bytes).write(to: url)
                if let dates { try file.setAttributes([.modificationDate: dates], ofItemAtPath: url.path) }
                description = "same-size edit of \(source)"
            case 5:
                // A text file read for secrets: clean, a secret, binary, the same size with other content.
                let contents = [Data("DEBUG=true\n".utf8), Data("GITHUB_TOKEN=ghp_\(String(repeating: "aB3", count: 12))\n".utf8),
                                Data([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]), Data("DEBUG=fals\n".utf8)]
                let index = Int.random(in: 0..<contents.count, using: &generator)
                try contents[index].write(to: directory.appendingPathComponent("Config/.env"))
                description = "text file content \(index)"
            default:
                let input = inputs.randomElement(using: &generator)!
                let url = directory.appendingPathComponent(input)
                try (saved[input]! + Data("\n# \(step)\n".utf8)).write(to: url)
                description = "edit \(input)"
            }
            try assertCachedEqualsUncached(directory, "step \(step): \(description)")
        }
    }

    func testDeletingTheManifestThatNamesATestTargetDropsTheCachedVerdict() throws {
        let directory = try inputsProject()
        let before = try checkJSON(directory)
        XCTAssertFalse(before.report.contains("Specs/LoginSpec.swift\", \"line\" : 5"), before.report)
        try manager.removeItem(at: directory.appendingPathComponent("Package.swift"))
        // Specs/ is production code now: its password is a finding, cached or not.
        try assertCachedEqualsUncached(directory, "manifest deleted")
    }

    // MARK: - What the cache keeps and deletes

    func testTheCacheAndFingerprintsHoldNoSecretInClear() throws {
        let directory = workDirectory.appendingPathComponent("secret")
        try write("let awsKey = \"\(Self.awsKey)\"\nlet password = \"hunter42\"\n", to: "Sources/App/Keys.swift", in: directory)
        let report = try checkJSON(directory)
        XCTAssertEqual(report.status, 2)
        let folder = directory.appendingPathComponent(".build/gatekeeper-cache")
        for name in try manager.contentsOfDirectory(atPath: folder.path) {
            let text = try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
            XCTAssertFalse(text.contains(Self.awsKey) || text.contains("QZ7XR4"), text)
            XCTAssertFalse(text.contains("hunter42"), text)
        }
        XCTAssertFalse(report.report.contains(Self.awsKey), report.report)
        XCTAssertEqual(report.report, try checkJSON(directory).report, "warm run, from the masked cache")
        // The fingerprint is no oracle for guesses of the secret: another password of the same shape fingerprints alike.
        try write("let awsKey = \"\(Self.awsKey)\"\nlet password = \"hunter99\"\n", to: "Sources/App/Keys.swift", in: directory)
        let guessed = try checkJSON(directory, ["--no-cache"]).report
        let fingerprints = { (json: String) in json.components(separatedBy: "\n").filter { $0.contains("\"fingerprint\"") } }
        XCTAssertEqual(fingerprints(guessed), fingerprints(report.report))
    }

    func testABaselinedProviderKeySwappedForAnotherIsNew() throws {
        let directory = workDirectory.appendingPathComponent("swap")
        let first = "ghp_" + "Lk8Qw3Er5Ty7Ui9Op2As4Df6Gh1Jk0Zx3Cv5", second = "ghp_" + "Lk8Qw3Er5Ty7Ui9Op2As4Df6Gh1Jk0Zx3Cw5"
        try write("let token = \"\(first)\"\n", to: "Sources/App/Keys.swift", in: directory)
        try write("GH=\(first)\n", to: "config/app.env", in: directory)
        XCTAssertEqual(try run(["baseline"], in: directory).status, 0)
        XCTAssertEqual(try run(["check"], in: directory).status, 0)
        try write("let token = \"\(second)\"\n", to: "Sources/App/Keys.swift", in: directory)
        try write("GH=\(second)\n", to: "config/app.env", in: directory)
        for extra in [["--no-cache"], []] {
            let swapped = try run(["check", "--format", "json"] + extra, in: directory)
            XCTAssertEqual(swapped.status, 2, swapped.stdout)
            XCTAssertEqual(swapped.stdout.components(separatedBy: "\"security/hardcoded-secret\"").count - 1, 2, swapped.stdout)
        }
    }

    func testMaskingIsIdempotentAndKeepsTheShapeOfTheLine() {
        let lines = ["let awsKey = \"\(Self.awsKey)\"", "AWS_SECRET_ACCESS_KEY=wJal" + "rXUtnFEMI/K7MDENG/bPxRfiCYzQ9aL3kT2d",
                     "x = 'it\\'s' + \"\" // don't", "<string>sk_live_0123456789abcdef</string>", "unterminated \"abc", "é = \"ü\""]
        for line in lines {
            let masked = Fingerprint.masked(line)
            XCTAssertEqual(Fingerprint.masked(masked), masked, line)
            XCTAssertFalse(masked.contains("AKIA") || masked.contains("wJal") || masked.contains("sk_live"), masked)
        }
        XCTAssertEqual(Fingerprint.masked("let awsKey = \"\(Self.awsKey)\""), "let awsKey = \"*\"")
        XCTAssertEqual(Fingerprint.masked("x = \"\""), "x = \"\"")
    }

    func testHousekeepingDeletesOnlyCacheFilesItWrote() throws {
        let directory = workDirectory.appendingPathComponent("housekeeping")
        try write("let a = 1\n", to: "Sources/A.swift", in: directory)
        let data = workDirectory.appendingPathComponent("data")
        for index in 0..<12 { try write("run,\(index)\n", to: "results-experiment-\(index).csv", in: data) }
        try write("not ours\n", to: "results-0000000000000000.cache", in: data)
        // Many run keys (--only combinations) write many cache files into the folder.
        for only in ["imports", "security", "migrations", "imports,security", "imports,migrations", "security,migrations",
                     "imports,security,migrations", "telemetry", "imports,telemetry", "security,telemetry"] {
            _ = try run(["check", "--cache-dir", data.path, "--only", only], in: directory)
        }
        let names = try manager.contentsOfDirectory(atPath: data.path)
        XCTAssertEqual(names.filter { $0.hasPrefix("results-experiment-") }.count, 12, names.description)
        XCTAssertTrue(names.contains("results-0000000000000000.cache"), names.description)
        XCTAssertEqual(CacheTests.cacheFiles(in: data).count, 8 + 1, names.description)
        XCTAssertFalse(names.contains(".gitignore"), "no file is added to a folder the gate did not make")
    }

    func testACraftedCacheEntryOutOfRangeIsIgnored() throws {
        let directory = workDirectory.appendingPathComponent("crafted")
        try write("import Foundation\nimport Dispatch\n", to: "Sources/A.swift", in: directory)
        let cold = try checkJSON(directory)
        let folder = directory.appendingPathComponent(".build/gatekeeper-cache")
        let name = try XCTUnwrap(CacheTests.cacheFiles(in: folder).first)
        let text = try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
        let crafted = text.replacingOccurrences(of: #"",1,1,1,"#, with: #"",9223372036854775807,9223372036854775807,1,"#)
        XCTAssertNotEqual(crafted, text)
        try crafted.write(to: folder.appendingPathComponent(name), atomically: true, encoding: .utf8)
        let shown = try run(["check", "--show-source", "--no-color"], in: directory)
        XCTAssertEqual(shown.status, 1, shown.stdout + shown.stderr)
        XCTAssertEqual(try checkJSON(directory).report, cold.report)
    }

    // MARK: - What the index holds, what the config says

    func testStagedContentIsJudgedWhateverTheWorkTreeHas() throws {
        let directory = workDirectory.appendingPathComponent("staged")
        try write("let greeting = \"hello\"\n", to: "Sources/App/Clean.swift", in: directory)
        try write("let awsKey = \"\(Self.awsKey)\"\n", to: "Sources/App/Keys.swift", in: directory)
        try runGit(["init", "-q"], in: directory)
        try runGit(["add", "Sources"], in: directory)
        XCTAssertEqual(try run(["check", "--staged"], in: directory).status, 2)
        // Deleted from the work tree, still in the commit.
        try manager.removeItem(at: directory.appendingPathComponent("Sources/App/Keys.swift"))
        let deleted = try run(["check", "--staged", "--no-color"], in: directory)
        XCTAssertEqual(deleted.status, 2, deleted.stdout + deleted.stderr)
        XCTAssertTrue(deleted.stdout.contains("Sources/App/Keys.swift:1:"), deleted.stdout)
        // Replaced by a link to a clean file, or by a dangling one.
        try manager.createSymbolicLink(atPath: directory.appendingPathComponent("Sources/App/Keys.swift").path, withDestinationPath: "Clean.swift")
        XCTAssertEqual(try run(["check", "--staged"], in: directory).status, 2)
        try manager.removeItem(at: directory.appendingPathComponent("Sources/App/Keys.swift"))
        try manager.createSymbolicLink(atPath: directory.appendingPathComponent("Sources/App/Keys.swift").path, withDestinationPath: "Nowhere.swift")
        XCTAssertEqual(try run(["check", "--staged", "--no-cache"], in: directory).status, 2)
    }

    func testTheIncludesOfAConfigFromElsewhereAreNeverIgnored() throws {
        let directory = workDirectory.appendingPathComponent("project")
        try write("let awsKey = \"\(Self.awsKey)\"\n", to: "Sources/Other/Keys.swift", in: directory)
        try write("let greeting = \"hello\"\n", to: "Sources/App/Clean.swift", in: directory)
        try write("{ include: [\"Sources/App/**\"] }", to: "elsewhere/.gatekeeper.json", in: workDirectory)
        let result = try run(["check", "--config", "../elsewhere/.gatekeeper.json"], in: directory)
        XCTAssertEqual(result.status, 64, result.stdout)
        XCTAssertTrue(result.stderr.contains("their globs are relative to"), result.stderr)
        XCTAssertTrue(result.stderr.contains("elsewhere"), result.stderr)
        // Named on the command line, a file is checked whatever the includes say.
        XCTAssertEqual(try run(["check", "--config", "../elsewhere/.gatekeeper.json", "Sources/Other/Keys.swift"], in: directory).status, 2)
    }

    // MARK: - External tools

    private static let tool = #"""
    #!/bin/sh
    case "$1" in
    unsuccessful) printf '{"version":"2.1.0","runs":[{"tool":{"driver":{"name":"t"}},"invocations":[{"executionSuccessful":false,'
                  printf '"toolExecutionNotifications":[{"level":"error","message":{"text":"config unreadable"}}]}],"results":[]}]}' ;;
    oops) printf '{"version":"2.1.0","runs":[{"tool":{"driver":{"name":"t"}},"results":"oops"}]}' ;;
    noresults) printf '{"version":"2.1.0","runs":[{"tool":{"driver":{"name":"t"}}}]}' ;;
    ownerror) echo "error: Could not read configuration file at .swiftlint.yml" >&2 ;;
    configerror) echo ".swiftlint.yml:1:1: error: invalid configuration" ;;
    outside) echo "../../../../etc/passwd:1:1: warning: look [x]"; echo "Sources/App/A.swift:1:1: warning: fine [y]" ;;
    shadow) printf '{"version":"2.1.0","runs":[{"tool":{"driver":{"name":"t"}},"results":[{"ruleId":"r","message":{"text":"m"},'
            printf '"locations":[{"physicalLocation":{"artifactLocation":{"uri":"file:///etc/shadow"}}}]}]}]}' ;;
    escape) printf 'Sources/App/A.swift:1:1: warning: \033]0;owned\007\033[2Jcleared [e]\n' ;;
    flood) yes "Sources/App/A.swift:1:1: warning: flood [f]" | head -c 20000000 ;;
    daemon) setsid sh -c 'echo $$ > daemon.pid; exec sleep 60' > /dev/null 2>&1 < /dev/null &
            sleep 0.3; echo "Sources/App/A.swift:1:1: warning: ran [d]" ;;
    hang) setsid sh -c 'echo $$ > daemon.pid; exec sleep 60' > /dev/null 2>&1 < /dev/null & sleep 60 ;;
    defaultlevel) printf '{"version":"2.1.0","runs":[{"tool":{"driver":{"name":"t","rules":[{"id":"r","defaultConfiguration":{"level":"error"}}]}},'
                  printf '"results":[{"ruleId":"r","message":{"text":"m"},"locations":[{"physicalLocation":{"artifactLocation":{"uri":"Sources/App/A.swift"}}}]}]}]}' ;;
    successstring) printf '{"version":"2.1.0","runs":[{"tool":{"driver":{"name":"t"}},"invocations":[{"executionSuccessful":"false"}],"results":[]}]}' ;;
    gkjson70) printf '{"version":1,"summary":{"exitCode":70},"findings":[]}' ;;
    notfound) echo "Sources/App/A.swift:1:1: warning: partial [p]"; exit 127 ;;
    ruleid) printf 'Sources/App/A.swift:1:1: warning: m [r\033]0;x\007]\n' ;;
    esac
    """#

    private func externalResult(_ mode: String, format: String, in directory: URL, extra: [String] = [], timeout: String = "") throws -> Result {
        try write("{ externalChecks: [{ id: \"tool\", command: [\"./tool.sh\", \"\(mode)\"], format: \"\(format)\"\(timeout) }] }",
                  to: ".gatekeeper.json", in: directory)
        return try run(["check", "--only", "tool", "--no-color", "--show-source"] + extra, in: directory)
    }

    private func toolProject() throws -> URL {
        let directory = workDirectory.appendingPathComponent("tools")
        try write("let greeting = \"hello\"\n", to: "Sources/App/A.swift", in: directory)
        try write(Self.tool, to: "tool.sh", in: directory)
        try manager.setAttributes([.posixPermissions: 0o755], ofItemAtPath: directory.appendingPathComponent("tool.sh").path)
        return directory
    }

    func testEveryWayAToolSaysItDidNotRunFailsTheGate() throws {
        let directory = try toolProject()
        let cases = [("unsuccessful", "sarif", "its SARIF says the run was not successful: config unreadable"),
                     ("oops", "sarif", "a SARIF run's `results` is not a list of results"), ("noresults", "sarif", "a SARIF run has no `results`"),
                     ("ownerror", "compiler", "it reported an error of its own: error: Could not read configuration file"),
                     ("configerror", "compiler", "it reported an error about .swiftlint.yml, no Swift source: invalid configuration"),
                     ("flood", "compiler", "wrote more than 16 MiB to a stream, and was stopped")]
        for (mode, format, expected) in cases {
            let result = try externalResult(mode, format: format, in: directory)
            XCTAssertEqual(result.status, 2, mode + ": " + result.stdout + result.stderr)
            XCTAssertTrue(result.stdout.contains("external check 'tool' failed: " + expected), mode + ": " + result.stdout)
        }
    }

    func testToolsCannotLowerTheirSeverityOrForgeRuleIds() throws {
        let directory = try toolProject()
        XCTAssertEqual(try externalResult("defaultlevel", format: "sarif", in: directory).status, 2, "the rule's default level is error")
        for (mode, format) in [("successstring", "sarif"), ("gkjson70", "gatekeeper-json"), ("notfound", "compiler")] {
            let result = try externalResult(mode, format: format, in: directory)
            XCTAssertEqual(result.status, 2, mode + ": " + result.stdout)
            XCTAssertTrue(result.stdout.contains("gatekeeper/external-check-failed"), mode + ": " + result.stdout)
        }
        let ruleId = try externalResult("ruleid", format: "compiler", in: directory)
        XCTAssertFalse(ruleId.stdout.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x07 }, ruleId.stdout)
        XCTAssertTrue(ruleId.stdout.contains("[tool/r--0-x-]"), ruleId.stdout)
    }

    func testALineHoldingASecretIsNeverShownByAnotherFinding() throws {
        let directory = workDirectory.appendingPathComponent("shared")
        try write("let u = \"http://api.prod-example.net/x\"; let token = \"\(ConfigSecretsTests.githubToken)\"\n", to: "Sources/A.swift", in: directory)
        for extra in [["--no-cache"], [], []] {
            let shown = try run(["check", "--show-source", "--no-color", "--fail-on", "info"] + extra, in: directory)
            XCTAssertTrue(shown.stdout.contains("security/insecure-http"), shown.stdout)
            XCTAssertFalse(shown.stdout.contains(ConfigSecretsTests.githubToken), shown.stdout)
        }
        let folder = directory.appendingPathComponent(".build/gatekeeper-cache")
        for name in CacheTests.cacheFiles(in: folder) {
            // The message's first four characters (`ghp_…`) are all a report ever shows.
            XCTAssertFalse(try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8).contains(ConfigSecretsTests.githubToken.prefix(8)))
        }
    }

    func testTheRepositorysConfigKeepsItsCacheInsideTheProjectAndNamesOnlyItsGroups() throws {
        let directory = workDirectory.appendingPathComponent("configured")
        try write("let a = 1\n", to: "Sources/A.swift", in: directory)
        try write("{ cacheDirectory: \"../elsewhere\" }", to: ".gatekeeper.json", in: directory)
        let outside = try run(["check"], in: directory)
        XCTAssertEqual(outside.status, 64)
        XCTAssertTrue(outside.stderr.contains("cacheDirectory must be a folder inside the project"), outside.stderr)
        XCTAssertFalse(manager.fileExists(atPath: workDirectory.appendingPathComponent("elsewhere").path))
        try write("{ customRules: [{ id: \"named\", message: \"m\", regex: \"(?<a>x)\", fix: \"${b}\" }] }", to: ".gatekeeper.json", in: directory)
        let named = try run(["check"], in: directory)
        XCTAssertEqual(named.status, 64)
        XCTAssertTrue(named.stderr.contains("names capture group ${b}"), named.stderr)
    }

    func testAFailedToolIsNeverBaselinedAndLosesNoBaselineEntries() throws {
        let directory = try toolProject()
        _ = try externalResult("outside", format: "compiler", in: directory)
        try write("{ externalChecks: [{ id: \"tool\", command: [\"./tool.sh\", \"escape\"], format: \"compiler\" }] }", to: ".gatekeeper.json",
                  in: directory)
        XCTAssertEqual(try run(["baseline"], in: directory).status, 0)
        let path = directory.appendingPathComponent(".gatekeeper-baseline.json")
        let recorded = try String(contentsOf: path, encoding: .utf8)
        XCTAssertTrue(recorded.contains("tool/e"), recorded)
        for _ in 0..<2 {
            try write("{ externalChecks: [{ id: \"tool\", command: [\"./tool.sh\", \"unsuccessful\"], format: \"sarif\" }] }", to: ".gatekeeper.json",
                      in: directory)
            let failing = try run(["check", "--no-color"], in: directory)
            XCTAssertEqual(failing.status, 2, failing.stdout)
            XCTAssertFalse(failing.stdout.contains("stale"), failing.stdout)
            XCTAssertEqual(try run(["baseline", "--prune"], in: directory).status, 0)
            XCTAssertEqual(try run(["baseline"], in: directory).status, 0)
            XCTAssertEqual(try String(contentsOf: path, encoding: .utf8), recorded, "the failure is not recorded, the tool's entries are kept")
        }
    }

    func testAFailedToolFailsTheGateUnderAnyScope() throws {
        let directory = try toolProject()
        try runGit(["init", "-q"], in: directory)
        try runGit(["add", "Sources"], in: directory)
        XCTAssertEqual(try externalResult("unsuccessful", format: "sarif", in: directory, extra: ["--staged"]).status, 2)
    }

    func testAToolCannotShowFilesOutsideTheProjectOrDriveTheTerminal() throws {
        let directory = try toolProject()
        let outside = try externalResult("outside", format: "compiler", in: directory)
        XCTAssertEqual(outside.status, 2)
        XCTAssertTrue(outside.stdout.contains("it reported 1 diagnostic about files outside the project"), outside.stdout)
        XCTAssertTrue(outside.stdout.contains("Sources/App/A.swift:1:1: warning: fine [tool/y]"), outside.stdout)
        XCTAssertFalse(outside.stdout.contains("root:"), "no line of /etc/passwd is shown")
        XCTAssertTrue(try externalResult("shadow", format: "sarif", in: directory).stdout.contains("about files outside the project"))
        let escape = try externalResult("escape", format: "compiler", in: directory)
        XCTAssertFalse(escape.stdout.contains("\u{1B}") || escape.stdout.contains("\u{07}"), escape.stdout)
        XCTAssertTrue(escape.stdout.contains("\\u{1B}]0;owned\\u{7}\\u{1B}[2Jcleared"), escape.stdout)
    }

    func testWhatAToolStartsDoesNotOutliveTheRun() throws {
        let directory = try toolProject()
        for (mode, timeout) in [("daemon", ""), ("hang", ", timeoutSeconds: 1")] {
            _ = try externalResult(mode, format: "compiler", in: directory, timeout: timeout)
            let pid = try XCTUnwrap(pid_t(try String(contentsOf: directory.appendingPathComponent("daemon.pid"), encoding: .utf8)
                .trimmingCharacters(in: .whitespacesAndNewlines)))
            XCTAssertNotEqual(kill(pid, 0), 0, "\(mode): the tool's setsid child \(pid) is still running")
            try manager.removeItem(at: directory.appendingPathComponent("daemon.pid"))
        }
    }

    // MARK: - Baselines of checks that did not run

    func testBaselineEntriesOfChecksThatDidNotRunAreNeitherStaleNorPruned() throws {
        let directory = workDirectory.appendingPathComponent("baseline")
        try write("import Foundation\nimport Dispatch\nlet awsKey = \"\(Self.awsKey)\"\n", to: "Sources/App/A.swift", in: directory)
        XCTAssertEqual(try run(["baseline"], in: directory).status, 0)
        let path = directory.appendingPathComponent(".gatekeeper-baseline.json")
        let original = try String(contentsOf: path, encoding: .utf8)
        XCTAssertTrue(original.contains("security/hardcoded-secret") && original.contains("imports/order"), original)
        for options in [["--skip", "security"], ["--only", "imports"]] {
            let checked = try run(["check", "--no-color"] + options, in: directory)
            XCTAssertEqual(checked.status, 0, checked.stdout)
            XCTAssertFalse(checked.stdout.contains("stale"), checked.stdout)
            XCTAssertEqual(try run(["baseline", "--prune"] + options, in: directory).status, 0)
            XCTAssertEqual(try String(contentsOf: path, encoding: .utf8), original, "baseline --prune \(options)")
            XCTAssertEqual(try run(["baseline"] + options, in: directory).status, 0)
            XCTAssertEqual(try String(contentsOf: path, encoding: .utf8), original, "baseline \(options)")
        }
        // A rule turned off did not run either.
        try write("{ rules: { \"security/hardcoded-secret\": \"off\" } }", to: ".gatekeeper.json", in: directory)
        XCTAssertEqual(try run(["baseline", "--prune"], in: directory).status, 0)
        XCTAssertEqual(try String(contentsOf: path, encoding: .utf8), original)
    }

    // MARK: - Fixes

    func testACustomFixThatNeverConvergesIsThatRulesProblemAndWritesNothing() throws {
        let directory = workDirectory.appendingPathComponent("converge")
        let source = "let a = \"banana\"\n"
        try write(source, to: "Sources/A.swift", in: directory)
        for (id, fix) in [("grows", "aa"), ("same", "a")] {
            try write("{ customRules: [{ id: \"\(id)\", message: \"m\", regex: \"a\", scope: \"string\", fix: \"\(fix)\" }] }",
                      to: ".gatekeeper.json", in: directory)
            let result = try run(["fix", "--only", "custom"], in: directory)
            XCTAssertEqual(result.status, 64, id + ": " + result.stderr)
            XCTAssertTrue(result.stderr.contains("the fix of custom/\(id) does not converge on Sources/A.swift"), result.stderr)
            XCTAssertFalse(result.stderr.contains("internal error"), result.stderr)
            XCTAssertEqual(try String(contentsOf: directory.appendingPathComponent("Sources/A.swift"), encoding: .utf8), source)
        }
    }

    func testAnImportFixKeepsEachLinesOwnEnding() throws {
        let directory = workDirectory.appendingPathComponent("endings")
        try write("import Foundation\r\nimport Dispatch\nimport Combine\r\n\nlet a = 1\r\n", to: "Sources/A.swift", in: directory)
        XCTAssertEqual(try run(["fix"], in: directory).status, 0)
        let fixed = try Data(contentsOf: directory.appendingPathComponent("Sources/A.swift"))
        XCTAssertEqual(String(decoding: fixed, as: UTF8.self), "import Combine\r\nimport Dispatch\nimport Foundation\r\n\nlet a = 1\r\n")
    }

    func testFixNeverWritesThroughALinkAndTypeChangesAreStaged() throws {
        let directory = workDirectory.appendingPathComponent("links")
        try write("[core]\n\tbare = false\n", to: "outside/config", in: workDirectory)
        try write("{ customRules: [{ id: \"own\", message: \"m\", regex: \"bare = false\", scope: \"any\", fix: \"bare = true\" }] }",
                  to: ".gatekeeper.json", in: directory)
        try manager.createDirectory(at: directory.appendingPathComponent("Sources"), withIntermediateDirectories: true)
        try manager.createSymbolicLink(atPath: directory.appendingPathComponent("Sources/c.swift").path, withDestinationPath: "../../outside/config")
        let fix = try run(["fix", "Sources/c.swift"], in: directory)
        XCTAssertNotEqual(fix.status, 0)
        XCTAssertTrue(fix.stderr.contains("is a symbolic link to"), fix.stderr)
        // Nor into the repository's own folder.
        try write("[core]\n\tbare = false\n", to: "Sources/.git/config", in: directory)
        try manager.createSymbolicLink(atPath: directory.appendingPathComponent("Sources/g.swift").path, withDestinationPath: ".git/config")
        XCTAssertNotEqual(try run(["fix", "Sources/g.swift"], in: directory).status, 0)
        XCTAssertEqual(try String(contentsOf: directory.appendingPathComponent("Sources/.git/config"), encoding: .utf8), "[core]\n\tbare = false\n")
        try manager.removeItem(at: directory.appendingPathComponent("Sources/g.swift"))
        try manager.removeItem(at: directory.appendingPathComponent("Sources/.git"))
        XCTAssertEqual(try String(contentsOf: workDirectory.appendingPathComponent("outside/config"), encoding: .utf8), "[core]\n\tbare = false\n")
        // A link replaced by a file holding a secret is a type change: staged, it is checked.
        try manager.removeItem(at: directory.appendingPathComponent(".gatekeeper.json"))
        try runGit(["init", "-q"], in: directory)
        try runGit(["add", "-A"], in: directory)
        try runGit(["-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "links"], in: directory)
        try manager.removeItem(at: directory.appendingPathComponent("Sources/c.swift"))
        try write("let awsKey = \"\(Self.awsKey)\"\n", to: "Sources/c.swift", in: directory)
        try runGit(["add", "-A"], in: directory)
        XCTAssertEqual(try run(["check", "--staged"], in: directory).status, 2)
    }

    private var manager: FileManager { FileManager.default }

    /// One byte that is not UTF-8 hides no key: a Swift file with one is not lexed but its text is
    /// read for secrets, and a text file in another encoding is read as text (adversarial finding).
    func testAnInvalidByteHidesNoSecret() throws {
        let directory = workDirectory.appendingPathComponent("invalid-bytes")
        let token = "ghp_" + "Z3d8Kq0LmN4vR7tY1wX9aB2cD5eF6gH8iJ0k"
        try write("let clean = 1\n", to: "Sources/App/Clean.swift", in: directory)
        try (Data("let token = \"\(token)\"\n// ".utf8) + Data([0xFF, 0xFE, 0x0A])).write(to: directory.appendingPathComponent("Sources/App/Key.swift"))
        try (Data("GITHUB_TOKEN=\(token)\n# caf".utf8) + Data([0xE9, 0x0A])).write(to: directory.appendingPathComponent(".env"))
        for arguments in [["--no-cache"], []] {
            let result = try run(["check", "--no-color", "--quiet"] + arguments, in: directory)
            XCTAssertEqual(result.status, 2, result.stderr)
            XCTAssertEqual(result.stdout.split(separator: "\n").map(String.init), [
                ".env:1:14: error: GitHub token in an environment file: ghp_… [security/hardcoded-secret]",
                "Sources/App/Key.swift:1:1: warning: not valid UTF-8 (first bad byte at line 2, column 4); only its secrets were checked "
                    + "[gatekeeper/unreadable-file]",
                "Sources/App/Key.swift:1:14: error: GitHub token in Key.swift: ghp_… [security/hardcoded-secret]",
            ])
            XCTAssertFalse(result.stdout.contains(token))
        }
    }

}

/// The content hash the cache used before SHA-256 (xxHash's round in two lanes): kept here to
/// forge what it could not tell apart.
enum LegacyContentHash {
    static let (prime1, prime2, prime3): (UInt64, UInt64, UInt64) = (0x9E37_79B1_85EB_CA87, 0xC2B2_AE3D_27D4_EB4F, 0x1656_67B1_9E37_79F9)

    static func hash(_ bytes: [UInt8]) -> (UInt64, UInt64) {
        var (first, second, offset) = (prime3 ^ UInt64(bytes.count), prime1 &+ UInt64(bytes.count), 0)
        while offset + 16 <= bytes.count {
            (first, second) = (round(first, word(bytes, offset)), round(second, word(bytes, offset + 8)))
            offset += 16
        }
        var (tail, shift): (UInt64, UInt64) = (0, 0)
        while offset < bytes.count {
            tail |= UInt64(bytes[offset]) << shift
            shift += 8
            if shift == 64 { (first, tail, shift) = (round(first, tail), 0, 0) }
            offset += 1
        }
        first = round(first, tail)
        second = round(second, first)
        return (avalanche(first), avalanche(second ^ first))
    }

    /// `prefix`, padded to whole blocks, one block solved so both lanes reach the state `target`
    /// has there, then the rest of `target`: the same size and hash as `target`.
    static func forge(prefix: [UInt8], matching target: [UInt8]) -> [UInt8] {
        var forged = prefix
        while forged.count % 16 != 0 { forged.append(UInt8(ascii: "x")) }
        let blocks = forged.count / 16
        let lanes = { (bytes: [UInt8]) -> (UInt64, UInt64) in
            var (first, second) = (prime3 ^ UInt64(target.count), prime1 &+ UInt64(target.count))
            for block in 0..<(bytes.count / 16) { (first, second) = (round(first, word(bytes, 16 * block)), round(second, word(bytes, 16 * block + 8))) }
            return (first, second)
        }
        let (from, to) = (lanes(forged), lanes(Array(target[..<(16 * (blocks + 1))])))
        for value in [solve(from.0, to.0), solve(from.1, to.1)] {
            forged += (0..<8).map { UInt8(truncatingIfNeeded: value >> (8 * UInt64($0))) }
        }
        return forged + target[(16 * (blocks + 1))...]
    }

    /// The input that takes a lane from `accumulator` to `result`: `round` is invertible.
    private static func solve(_ accumulator: UInt64, _ result: UInt64) -> UInt64 {
        let unrotated = result &* inverse(prime1)
        let mixed = (unrotated >> 31) | (unrotated << 33)
        return (mixed &- accumulator) &* inverse(prime2)
    }

    private static func inverse(_ odd: UInt64) -> UInt64 {
        var inverse: UInt64 = 1
        for _ in 0..<6 { inverse = inverse &* (2 &- odd &* inverse) }
        return inverse
    }

    private static func word(_ bytes: [UInt8], _ offset: Int) -> UInt64 {
        (0..<8).reduce(0) { $0 | UInt64(bytes[offset + $1]) << (8 * UInt64($1)) }
    }

    private static func round(_ accumulator: UInt64, _ input: UInt64) -> UInt64 {
        let mixed = accumulator &+ input &* prime2
        return ((mixed << 31) | (mixed >> 33)) &* prime1
    }

    private static func avalanche(_ value: UInt64) -> UInt64 {
        var hash = value
        hash ^= hash >> 33
        hash = hash &* prime2
        hash ^= hash >> 29
        hash = hash &* prime3
        hash ^= hash >> 32
        return hash
    }
}

/// A deterministic generator (SplitMix64), so a failing sequence can be run again.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var value = state
        value = (value ^ (value >> 30)) &* 0xBF58_476D_1CE4_E5B9
        value = (value ^ (value >> 27)) &* 0x94D0_49BB_1331_11EB
        return value ^ (value >> 31)
    }
}
