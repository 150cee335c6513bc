import Foundation
import XCTest

@testable import GatekeeperKit

/// What a gate must never do to the tree around it: replace a FIFO or a link with a regular
/// file, change a file's owner or mode, write over an edit made during a fix, leave temporary
/// files behind, or stop at the first file it cannot write.
final class TrustTests: BinaryTestCase {
    private func project() throws -> URL {
        let directory = workDirectory.appendingPathComponent("trust")
        try write("{}", to: ".gatekeeper.json", in: directory)
        try write("import B\nimport A\n", to: "Sources/A.swift", in: directory)
        return directory
    }

    /// Runs the binary as `nobody` when this process is root (root ignores permissions, which
    /// would hide what these tests are about); as the current user otherwise.
    private func runUnprivileged(_ arguments: [String], in directory: URL) throws -> Result {
        guard geteuid() == 0 else { return try run(arguments, in: directory) }
        _ = try run(["-R", "nobody:nogroup", workDirectory.path], in: directory, executable: URL(fileURLWithPath: "/bin/chown"))
        return try run(["--reuid=nobody", "--regid=nogroup", "--clear-groups", Self.binary.path] + arguments, in: directory,
                       environment: ["HOME": "/tmp"], executable: URL(fileURLWithPath: "/usr/bin/setpriv"))
    }

    private func mode(_ url: URL) throws -> Int {
        (try FileManager.default.attributesOfItem(atPath: url.path)[.posixPermissions] as? NSNumber)?.intValue ?? -1
    }

    func testReportsAreWrittenThroughLinksAndFIFOs() throws {
        let directory = try project()
        try FileManager.default.createSymbolicLink(atPath: directory.appendingPathComponent("report.json").path, withDestinationPath: "real.json")
        XCTAssertEqual(try run(["check", "--format", "json", "--output", "report.json"], in: directory).status, 1)
        XCTAssertEqual(try FileManager.default.destinationOfSymbolicLink(atPath: directory.appendingPathComponent("report.json").path), "real.json")
        XCTAssertTrue(try read("real.json", in: directory).contains("\"ruleId\": \"imports/order\""))
        // A FIFO stays a FIFO: the report is written into it.
        let fifo = directory.appendingPathComponent("report.fifo").path
        XCTAssertEqual(mkfifo(fifo, 0o644), 0)
        let received = Received()
        let reader = Thread {
            let handle = FileHandle(forReadingAtPath: fifo)
            received.text = String(decoding: handle?.readDataToEndOfFile() ?? Data(), as: UTF8.self)
        }
        reader.start()
        XCTAssertEqual(try run(["check", "--report", "sarif:report.fifo", "--quiet"], in: directory).status, 1)
        while !reader.isFinished { usleep(10_000) }
        XCTAssertTrue(received.text.contains("\"version\": \"2.1.0\""))
        var status = stat()
        XCTAssertEqual(lstat(fifo, &status), 0)
        XCTAssertEqual(status.st_mode & S_IFMT, S_IFIFO)
    }

    private final class Received: @unchecked Sendable { var text = "" }

    func testFixWritesTheLinkTargetAndKeepsOwnerAndMode() throws {
        let directory = try project()
        let target = directory.appendingPathComponent("Sources/A.swift")
        try FileManager.default.createSymbolicLink(atPath: directory.appendingPathComponent("Link.swift").path, withDestinationPath: "Sources/A.swift")
        XCTAssertEqual(chmod(target.path, 0o640), 0)
        if geteuid() == 0 { XCTAssertEqual(chown(target.path, 65534, 65534), 0) }
        XCTAssertEqual(try run(["fix", "Link.swift"], in: directory).status, 0)
        XCTAssertEqual(try FileManager.default.destinationOfSymbolicLink(atPath: directory.appendingPathComponent("Link.swift").path), "Sources/A.swift")
        XCTAssertEqual(try read("Sources/A.swift", in: directory), "import A\nimport B\n")
        XCTAssertEqual(try mode(target), 0o640)
        if geteuid() == 0 {
            let attributes = try FileManager.default.attributesOfItem(atPath: target.path)
            XCTAssertEqual((attributes[.ownerAccountID] as? NSNumber)?.intValue, 65534, "fix made root the owner")
        }
    }

    func testFixNeverWritesOverAnEditMadeAfterItsRead() throws {
        let path = try project().appendingPathComponent("Sources/A.swift").path
        let original = try FileSystem.read(path)
        let snapshot = try XCTUnwrap(FileSystem.snapshot(path, bytes: original))
        try "import B\nimport A\nlet edited = true\n".write(toFile: path, atomically: false, encoding: .utf8)
        XCTAssertThrowsError(try FileSystem.writeAtomically(Array("import A\nimport B\n".utf8), to: path, expected: snapshot)) { error in
            XCTAssertTrue(error is FileSystem.ChangedError, "\(error)")
        }
        XCTAssertEqual(try String(contentsOfFile: path, encoding: .utf8), "import B\nimport A\nlet edited = true\n")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: (path as NSString).deletingLastPathComponent), ["A.swift"])
    }

    func testStaleTemporaryFilesAreRemovedAndNeverChecked() throws {
        let directory = try project()
        // Left by a fix that was killed: its process (a pid far above any real one) is gone.
        try write("import Z\nimport Y\n", to: "Sources/.gatekeeper-fix-A.swift-2147483000-7", in: directory)
        XCTAssertEqual(try run(["check", "--quiet", "--no-color"], in: directory).stdout.components(separatedBy: "\n").filter { !$0.isEmpty }.count, 1)
        XCTAssertEqual(try run(["fix"], in: directory).status, 0)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: directory.appendingPathComponent("Sources").path), ["A.swift"])
    }

    func testAReadOnlyFolderStopsNothingElse() throws {
        let directory = try project()
        try write("import D\nimport C\n", to: "Locked/L1.swift", in: directory)
        try write("import F\nimport E\n", to: "Locked/L2.swift", in: directory)
        _ = try runUnprivileged(["--version"], in: directory)
        XCTAssertEqual(chmod(directory.appendingPathComponent("Locked").path, 0o555), 0)
        defer { chmod(directory.appendingPathComponent("Locked").path, 0o755) }
        let result = try runUnprivileged(["fix"], in: directory)
        XCTAssertEqual(result.status, 64, result.stderr)
        XCTAssertTrue(result.stderr.contains("Locked/L1.swift: cannot write a temporary file in Locked: Permission denied"), result.stderr)
        XCTAssertTrue(result.stderr.contains("Locked/L2.swift: cannot write a temporary file in Locked: Permission denied"), result.stderr)
        XCTAssertTrue(result.stderr.contains("fixed Sources/A.swift\n"), result.stderr)
        XCTAssertEqual(try read("Sources/A.swift", in: directory), "import A\nimport B\n")
        XCTAssertEqual(try read("Locked/L1.swift", in: directory), "import D\nimport C\n")
    }
}

/// The baseline and cross-file checks hold however the gate is called: from a subfolder, with
/// file arguments (as the pre-commit framework calls hooks), or over the whole tree.
final class PartialRunTests: BinaryTestCase {
    private func project() throws -> URL {
        let directory = workDirectory.appendingPathComponent("partial")
        try write("{}", to: ".gatekeeper.json", in: directory)
        try write("import B\nimport A\n", to: "Sources/App/A.swift", in: directory)
        try write("import D\nimport C\n", to: "Sources/Lib/L.swift", in: directory)
        XCTAssertEqual(try run(["baseline"], in: directory).status, 0)
        return directory
    }

    func testBaselinedFindingsStayBaselinedFromASubfolderAndWithFileArguments() throws {
        let directory = try project()
        for (arguments, folder) in [(["check"], "Sources/App"), (["check", "Sources/App/A.swift"], ""), (["check", "App/A.swift"], "Sources")] {
            let result = try run(arguments + ["--no-color"], in: directory.appendingPathComponent(folder))
            XCTAssertEqual(result.status, 0, "\(arguments) in \(folder): \(result.stdout)")
            XCTAssertTrue(result.stdout.contains("1 baselined"), result.stdout)
            XCTAssertFalse(result.stdout.contains("stale"), "entries of files not checked are not stale: \(result.stdout)")
        }
    }

    func testBaselineAndPruneOfSomeFilesKeepTheOtherFilesEntries() throws {
        let directory = try project()
        try write("import A\nimport B\n", to: "Sources/App/A.swift", in: directory)
        let pruned = try run(["baseline", "--prune", "Sources/Lib/L.swift"], in: directory)
        XCTAssertEqual(pruned.stderr, "Pruned 0 stale entries; 2 remain in .gatekeeper-baseline.json.\n")
        XCTAssertEqual(try run(["baseline", "--prune", "Sources/App/A.swift"], in: directory).stderr,
                       "Pruned 1 stale entry; 1 remain in .gatekeeper-baseline.json.\n")
        try write("import B\nimport A\n", to: "Sources/App/A.swift", in: directory)
        let written = try run(["baseline", "Sources/App/A.swift"], in: directory)
        XCTAssertEqual(written.stderr, "Wrote 1 finding to .gatekeeper-baseline.json (kept 1 of files not checked).\n")
        XCTAssertEqual(try run(["check"], in: directory).status, 0, "both files' findings are baselined")
    }

    func testACrossFileCheckOnOneFileStillSeesTheWholeProject() throws {
        let directory = workDirectory.appendingPathComponent("fluent")
        try FileManager.default.copyItem(at: TestSupport.fixtures.appendingPathComponent("migrations/fluent-ok"), to: directory)
        try write("{}", to: ".gatekeeper.json", in: directory)
        let model = try run(["check", "--only", "migrations", "--fail-on", "info", "Sources/App/Models/User.swift"], in: directory)
        XCTAssertEqual(model.status, 0, model.stdout)
        XCTAssertTrue(model.stdout.hasPrefix("Checked 1 file"), model.stdout)
        // Its migration gone, the model's table is reported, on the file asked for only.
        try FileManager.default.removeItem(at: directory.appendingPathComponent("Sources/App/Migrations"))
        let missing = try run(["check", "--only", "migrations", "--no-color", "--quiet", "Sources/App/Models/User.swift"], in: directory)
        XCTAssertEqual(missing.status, 2)
        let reported = missing.stdout.split(separator: "\n")
        XCTAssertFalse(reported.isEmpty)
        XCTAssertTrue(reported.allSatisfy { $0.hasPrefix("Sources/App/Models/User.swift:") }, missing.stdout)
    }
}

/// Errors are one clear line (what, where, why) with the right exit code; nothing is skipped
/// in silence.
final class ErrorTests: BinaryTestCase {
    func testUsageErrorsNameWhatIsWrong() throws {
        let directory = try repository()
        let typo = try run(["chekc"], in: directory)
        XCTAssertEqual(typo.status, 64)
        XCTAssertEqual(typo.stderr, "gatekeeper: error: unknown command 'chekc' (did you mean 'check'?)\nRun 'gatekeeper --help' for the commands.\n")
        let subcommand = try run(["telemetry", "bogus"], in: directory)
        XCTAssertEqual(subcommand.status, 64)
        XCTAssertTrue(subcommand.stderr.hasPrefix("gatekeeper: error: unknown subcommand 'bogus' for 'gatekeeper telemetry' (expected events or docs)\n"))
        let reference = try run(["check", "--changed-since", "no-such-ref"], in: directory)
        XCTAssertEqual(reference.status, 64)
        XCTAssertEqual(reference.stderr, "gatekeeper: error: --changed-since: unknown revision 'no-such-ref' (a branch, tag or commit of this repository)\n")
        let nothing = try run(["check", "--only", "imports", "--skip", "imports"], in: directory)
        XCTAssertEqual(nothing.status, 64)
        XCTAssertTrue(nothing.stderr.hasPrefix("gatekeeper: error: no check to run"), nothing.stderr)
    }

    func testEnvironmentErrorsAreOneLineNeverACrash() throws {
        let directory = try repository()
        let full = try run(["check", "--format", "json", "--output", "/dev/full"], in: directory)
        XCTAssertEqual(full.status, 64)
        XCTAssertEqual(full.stderr, "gatekeeper: error: /dev/full: cannot write: No space left on device\n")
        // Standard output itself on a full disk.
        let shell = try run(["-c", "'\(Self.binary.path)' check > /dev/full"], in: directory, executable: URL(fileURLWithPath: "/bin/sh"))
        XCTAssertEqual(shell.status, 64)
        XCTAssertEqual(shell.stderr, "gatekeeper: error: cannot write to standard output: No space left on device\n")
        // `.git/hooks` that is a file.
        try FileManager.default.removeItem(at: directory.appendingPathComponent(".git/hooks"))
        try write("not a folder", to: ".git/hooks", in: directory)
        let hook = try run(["install-hook"], in: directory)
        XCTAssertEqual(hook.status, 64)
        XCTAssertEqual(hook.stderr, "gatekeeper: error: .git/hooks: is not a folder, so no hook can be installed in it\n")
    }

    func testTheHookRunsGatekeeperByAnAbsolutePathThatExists() throws {
        let directory = try repository()
        XCTAssertEqual(try run(["install-hook"], in: directory).status, 0)
        let hook = try read(".git/hooks/pre-commit", in: directory)
        let line = try XCTUnwrap(hook.split(separator: "\n").last { $0.hasPrefix("exec '") })
        let path = String(line.dropFirst("exec '".count).prefix { $0 != "'" })
        XCTAssertTrue(path.hasPrefix("/"), path)
        XCTAssertTrue(FileManager.default.isExecutableFile(atPath: path), path)
    }

    func testNoSwiftFilesIsFineAndSaysSo() throws {
        let directory = workDirectory.appendingPathComponent("empty")
        try write("{}", to: ".gatekeeper.json", in: directory)
        let result = try run(["check"], in: directory)
        XCTAssertEqual(result.status, 0)
        XCTAssertEqual(result.stderr, "note: no Swift files to check under .\n")
    }

    func testARepositoryGitRefusesStillHonoursGitignore() throws {
        guard geteuid() == 0 else { throw XCTSkip("needs root to give the repository to another user") }
        let directory = try repository()
        try write("Sources/Ignored.swift\n", to: ".gitignore", in: directory)
        try write("import B\nimport A\n", to: "Sources/Ignored.swift", in: directory)
        XCTAssertEqual(chown(directory.path, 65534, 65534), 0)
        XCTAssertEqual(chown(directory.appendingPathComponent(".git").path, 65534, 65534), 0)
        let result = try run(["check", "--no-color"], in: directory, environment: ["GIT_CONFIG_GLOBAL": "/dev/null"])
        XCTAssertEqual(result.status, 0, result.stdout + result.stderr)
        XCTAssertTrue(result.stderr.hasPrefix("note: git refuses"), result.stderr)
        XCTAssertEqual(result.stderr.components(separatedBy: "note: git refuses").count, 2, "said once")
    }
}

/// Hostile conditions over real code (set GATEKEEPER_CORPUS): `fix` while other processes
/// append to the files, and `fix` killed at random points. No byte may be lost, no file left
/// half-written, no temporary file left behind.
final class HostileFixTests: BinaryTestCase {
    /// The corpus files `fix` changes, with their fixed text: computed once for all tests.
    private nonisolated(unsafe) static var corpusFixes: [Engine.FixedFile]?

    /// Up to `limit` corpus files that `fix` changes, copied into a fresh tree; with the fixed text.
    private func corpusTree(limit: Int) throws -> (root: URL, originals: [String: [UInt8]], fixed: [String: [UInt8]]) {
        guard let corpus = ProcessInfo.processInfo.environment["GATEKEEPER_CORPUS"] else { throw XCTSkip("GATEKEEPER_CORPUS is not set") }
        if Self.corpusFixes == nil {
            var files: [String: [UInt8]] = [:]
            let enumerator = FileManager.default.enumerator(atPath: corpus)
            while let relative = enumerator?.nextObject() as? String {
                guard relative.hasSuffix(".swift"), !relative.contains("/.git/"), let bytes = try? FileSystem.read(corpus + "/" + relative),
                      UTF8Validation.firstInvalidByte(in: bytes) == nil else { continue }
                files[relative] = bytes
            }
            Self.corpusFixes = try TestSupport.fix(files, configuration: try TestSupport.configuration("{}"), only: ["imports"]).files
        }
        let chosen = (Self.corpusFixes ?? []).prefix(limit)
        let root = workDirectory.appendingPathComponent("hostile-\(UUID().uuidString)")
        var originals: [String: [UInt8]] = [:], fixed: [String: [UInt8]] = [:]
        for file in chosen {
            let path = file.file.displayPath
            try FileManager.default.createDirectory(at: root.appendingPathComponent(path).deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(file.original).write(to: root.appendingPathComponent(path))
            (originals[path], fixed[path]) = (file.original, file.fixed)
        }
        try write("{ checks: { imports: {} } }", to: ".gatekeeper.json", in: root)
        return (root, originals, fixed)
    }

    /// `gatekeeper fix` started in `root`, not waited for.
    private func startFix(in root: URL) throws -> Process {
        let process = Process()
        process.executableURL = Self.binary
        process.arguments = ["fix", "--only", "imports", "--jobs", "1", "--quiet"]
        process.currentDirectoryURL = root
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }

    private func strayTemporaries(_ root: URL) -> [String] {
        (FileManager.default.enumerator(atPath: root.path)?.allObjects as? [String] ?? []).filter { $0.contains(FileSystem.temporaryPrefix) }
    }

    func testConcurrentEditsAreNeverLost() throws {
        let (root, originals, fixed) = try corpusTree(limit: 300)
        let process = try startFix(in: root)
        var appended: [String: [String]] = [:]
        var generator = SplitMix64(seed: 11)
        let paths = originals.keys.sorted()
        var round = 0
        // Paced (a few hundred edits while fix runs), as editors and generators write.
        while (process.isRunning && round < 2_000) || round < 20 {
            usleep(2_000)
            let path = paths[Int(generator.next() % UInt64(paths.count))]
            let line = "// appended \(round)\n"
            let handle = try FileHandle(forWritingTo: root.appendingPathComponent(path))
            handle.seekToEndOfFile()
            handle.write(Data(line.utf8))
            try handle.close()
            appended[path, default: []].append(line)
            round += 1
        }
        process.waitUntilExit()
        for path in paths {
            let text = String(decoding: try FileSystem.read(root.appendingPathComponent(path).path), as: UTF8.self)
            let lines = appended[path] ?? []
            for line in lines { XCTAssertTrue(text.contains(line), "\(path) lost \(line)") }
            // What is left besides the appended lines is the original or its fix, never a mix.
            let rest = lines.reduce(text) { $0.replacingOccurrences(of: $1, with: "") }
            let candidates = [originals[path]!, fixed[path]!].map { String(decoding: $0, as: UTF8.self) }
            XCTAssertTrue(candidates.contains(rest), "\(path) is neither its original nor its fix")
        }
        XCTAssertEqual(strayTemporaries(root), [])
    }

    func testAKilledFixLeavesWholeFilesAndNoStrayTemporaries() throws {
        var generator = SplitMix64(seed: 5)
        for _ in 0..<8 {
            let (root, originals, fixed) = try corpusTree(limit: 200)
            let process = try startFix(in: root)
            usleep(useconds_t(generator.next() % 400_000))
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            for (path, original) in originals {
                let now = try FileSystem.read(root.appendingPathComponent(path).path)
                XCTAssertTrue(now == original || now == fixed[path], "\(path) is half-written")
            }
            // The next fix finishes the work and removes what the killed one left.
            _ = try run(["fix", "--only", "imports", "--quiet"], in: root)
            XCTAssertEqual(strayTemporaries(root), [])
            for (path, expected) in fixed { XCTAssertEqual(try FileSystem.read(root.appendingPathComponent(path).path), expected, path) }
        }
    }
}
