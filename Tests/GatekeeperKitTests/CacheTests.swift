import Foundation
import XCTest

@testable import GatekeeperKit

/// The result cache: a warm run reports exactly what a cold one does, a changed file is analysed
/// again, a broken cache is ignored and rewritten, and the cache travels between clones.
final class CacheTests: BinaryTestCase {
    private func project() throws -> URL {
        let directory = workDirectory.appendingPathComponent("project")
        try write("import Foundation\nimport Dispatch\n\nlet task = Process()\ntask.launchPath = \"/bin/sh\"\ntask.arguments = [\"-c\", input]\n",
                  to: "Sources/App/Shell.swift", in: directory)
        try write("import Foundation\n\nlet a = 1 // gatekeeper:ignore imports/order\n", to: "Sources/App/Clean.swift", in: directory)
        for index in 0..<19 { try write("import Foundation\n\nlet value\(index) = \(index)\n", to: "Sources/Lib/File\(index).swift", in: directory) }
        // A cross-file finding: the project pass judges facts that come from the cache on a warm run.
        try write("""
        import Fluent

        final class User: Model {
            static let schema = "users"
            @ID(key: .id) var id: UUID?
            @Field(key: "name") var name: String
        }

        """, to: "Sources/App/User.swift", in: directory)
        return directory
    }

    private func report(_ directory: URL, _ extra: [String] = []) throws -> (report: String, notes: String) {
        let result = try run(["check", "--format", "json", "--verbose", "--no-color"] + extra, in: directory)
        return (stable(result.stdout), result.stderr)
    }

    /// The cache files in a folder (not the `.gitignore` the gate puts in a folder it makes).
    static func cacheFiles(in folder: URL) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).filter { $0.hasSuffix(".cache") }
    }

    private var cacheFiles: (URL) -> [String] {
        { directory in
            Self.cacheFiles(in: directory.appendingPathComponent(".build/gatekeeper-cache"))
        }
    }

    func testAWarmRunReportsWhatAColdRunDoesAndAChangedFileIsAnalysedAgain() throws {
        let directory = try project()
        let cold = try report(directory)
        XCTAssertTrue(cold.notes.contains("result cache: 0 of 22 files reused"), cold.notes)
        XCTAssertTrue(cold.report.contains("\"migrations/missing-table\""), cold.report)
        XCTAssertEqual(cacheFiles(directory).count, 1)
        let warm = try report(directory)
        XCTAssertEqual(warm.report, cold.report)
        XCTAssertTrue(warm.notes.contains("result cache: 22 of 22 files reused"), warm.notes)
        XCTAssertEqual(try report(directory, ["--no-cache"]).report, cold.report)
        // A changed file is analysed again: its findings are today's.
        try write("import Foundation\n\nlet a = 1\n", to: "Sources/App/Shell.swift", in: directory)
        let changed = try report(directory)
        XCTAssertFalse(changed.report.contains("security/unsafe-shell"), changed.report)
        XCTAssertTrue(changed.notes.contains("result cache: 21 of 22 files reused"), changed.notes)
        XCTAssertEqual(changed.report, try report(directory, ["--no-cache"]).report)
        // A new file that changes a cross-file verdict: the project pass runs again over cached facts.
        try write("""
        import Fluent

        struct CreateUser: AsyncMigration {
            func prepare(on database: Database) async throws {
                try await database.schema("users").id().field("name", .string).create()
            }
            func revert(on database: Database) async throws { try await database.schema("users").delete() }
        }

        func configure(_ app: Application) { app.migrations.add(CreateUser()) }

        """, to: "Sources/App/CreateUser.swift", in: directory)
        let migrated = try report(directory)
        XCTAssertFalse(migrated.report.contains("\"migrations/missing-table\""), migrated.report)
        XCTAssertEqual(migrated.report, try report(directory, ["--no-cache"]).report)
        // A suppression that stops matching is judged by the gate now, not by the cache.
        try write("{ rules: { \"imports/order\": \"off\" } }", to: ".gatekeeper.json", in: directory)
        XCTAssertEqual(try report(directory).report, try report(directory, ["--no-cache"]).report)
    }

    func testTheProjectPassIsKeptWhileNoFactChangesAndItsFindingsTakeTodaysLines() throws {
        let directory = try project()
        let cold = try report(directory)
        let user = directory.appendingPathComponent("Sources/App/User.swift")
        let source = try String(contentsOf: user, encoding: .utf8)
        // Same facts, other text on the finding's line: same finding, its fingerprint from today's line.
        try source.replacingOccurrences(of: "\"users\"", with: "\"users\" // the accounts").write(to: user, atomically: false, encoding: .utf8)
        let sameFacts = try report(directory)
        XCTAssertEqual(sameFacts.report, try report(directory, ["--no-cache"]).report)
        XCTAssertNotEqual(sameFacts.report, cold.report, "the fingerprint follows the line's text")
        // Moved facts: the finding moves.
        try ("// A comment above.\n" + source).write(to: user, atomically: false, encoding: .utf8)
        let moved = try report(directory)
        XCTAssertTrue(moved.report.contains("\"line\": 5"), moved.report)
        XCTAssertEqual(moved.report, try report(directory, ["--no-cache"]).report)
    }

    func testRunsOverPartOfTheTreeFillTheCacheAndKeepIt() throws {
        let directory = try project()
        // A pre-commit hook names files; the cross-file checks still read the rest, and the cache keeps all of it.
        let named = try report(directory, ["Sources/App/Shell.swift"])
        XCTAssertTrue(named.notes.contains("result cache: 0 of 22 files reused"), named.notes)
        XCTAssertTrue(try report(directory).notes.contains("result cache: 22 of 22 files reused"))
        // Without a cross-file check a run over one folder reads only its formatter config: the
        // entries of the whole tree still hold, for it and for the next whole run.
        try write("{ \"lineLength\": 100 }", to: "Sources/Lib/.swift-format", in: directory)
        XCTAssertTrue(try report(directory, ["--only", "imports"]).notes.contains("result cache: 0 of 22 files reused"))
        XCTAssertTrue(try report(directory, ["--only", "imports", "Sources/App"]).notes.contains("result cache: 3 of 3 files reused"))
        XCTAssertTrue(try report(directory, ["--only", "imports"]).notes.contains("result cache: 22 of 22 files reused"))
        // A changed config is a changed input: nothing made with the old one is reused.
        try write("{ \"lineLength\": 120 }", to: "Sources/Lib/.swift-format", in: directory)
        XCTAssertTrue(try report(directory, ["--only", "imports", "Sources/Lib"]).notes.contains("result cache: 0 of 19 files reused"))
    }

    /// A stamp reads back as it was written, a time before 1970 too; anything else is no stamp
    /// (the file is then read and hashed, never trusted).
    func testAStampReadsBackAndRejectsWhatItDidNotWrite() throws {
        var status = stat()
        XCTAssertEqual(lstat("/", &status), 0)
        var stamp = Discovery.File.Stamp(status)
        stamp.modified = -1_500_000_000
        XCTAssertEqual(Discovery.File.Stamp(text: Substring(stamp.text)), stamp)
        stamp.inode = UInt64.max
        XCTAssertEqual(Discovery.File.Stamp(text: Substring(stamp.text)), stamp)
        for text in ["", "1,2,3", "1,2,3,4,5", "-1,2,3,4", "1,2,3,-4", "1,,3,4", "1,2,3,4,", "1,2,3,18446744073709551616",
                     "1,9223372036854775808,3,4", "1, 2,3,4", "1,2,3,4x", "--1,2,3,4", "1,2-,3,4"] {
            XCTAssertNil(Discovery.File.Stamp(text: Substring(text)), text)
        }
    }

    func testFactsAreEqualTextWhenEqual() throws {
        // A set's order differs between processes: sets in facts are stored sorted.
        var facts = MigrationFacts()
        facts.registeredNames = Set((0..<40).map { "Migration\($0)" })
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let json = String(decoding: try encoder.encode(facts), as: UTF8.self)
        let names = (0..<40).map { "\"Migration\($0)\"" }.sorted().joined(separator: ",")
        XCTAssertTrue(json.contains("\"registeredNames\":[\(names)]"), json)
        XCTAssertEqual(try JSONDecoder().decode(MigrationFacts.self, from: Data(json.utf8)).registeredNames, facts.registeredNames)
    }

    func testAFileWhoseNameCannotBeACacheLineIsAnalysedEachRun() throws {
        let directory = try project()
        try write("import B\nimport A\n", to: "Sources/App/Tab\tName.swift", in: directory)
        let cold = try report(directory)
        let warm = try report(directory)
        XCTAssertTrue(warm.notes.contains("result cache: 22 of 23 files reused"), warm.notes)
        XCTAssertEqual(warm.report, cold.report)
        XCTAssertTrue(warm.report.contains("Tab\\tName.swift"), warm.report)
    }

    func testReportsThatShowSourceReadItForCachedFiles() throws {
        let directory = try project()
        for arguments in [["--format", "sarif"], ["--show-source", "--no-color"], ["--format", "json"]] {
            let cold = try run(["check", "--no-cache"] + arguments, in: directory)
            _ = try run(["check"] + arguments, in: directory)
            let warm = try run(["check", "--verbose"] + arguments, in: directory)
            XCTAssertTrue(warm.stderr.contains("result cache: 22 of 22 files reused"), warm.stderr)
            XCTAssertEqual(stable(warm.stdout), stable(cold.stdout), arguments.joined(separator: " "))
        }
        let text = try run(["check", "--show-source", "--no-color"], in: directory).stdout
        XCTAssertTrue(text.contains("  task.arguments = [\"-c\", input]\n"), text)
    }

    func testACorruptTruncatedOrForeignCacheIsIgnoredAndRewritten() throws {
        let directory = try project()
        let cold = try report(directory)
        let file = directory.appendingPathComponent(".build/gatekeeper-cache").appendingPathComponent(cacheFiles(directory)[0])
        let good = try Data(contentsOf: file)
        let text = String(decoding: good, as: UTF8.self)
        // A line cut short keeps its file out of the cache; a file without its end line is ignored whole.
        let cutLine = text.replacingOccurrences(of: "\t[]\t[]\t", with: "\t[\t[]\t")
        XCTAssertNotEqual(cutLine, text)
        let older = Data(text.replacingOccurrences(of: "cache \(ResultCache.format)", with: "cache \(ResultCache.format - 1)").utf8)
        for broken in [Data("not a cache".utf8), good.prefix(good.count / 2), good.dropLast(1), older,
                       Data([0xFF, 0x00, 0xFE]), Data(cutLine.utf8)] {
            try broken.write(to: file)
            let again = try report(directory)
            XCTAssertEqual(again.report, cold.report)
            XCTAssertTrue(again.notes.contains(broken == Data(cutLine.utf8) ? "files reused" : "result cache: 0 of 22 files reused"), again.notes)
            XCTAssertFalse(again.notes.contains("22 of 22"), again.notes)
            XCTAssertTrue(try report(directory).notes.contains("result cache: 22 of 22 files reused"), "rewritten whole")
        }
        // A cache folder that cannot be written is no failure either.
        try FileManager.default.removeItem(at: directory.appendingPathComponent(".build/gatekeeper-cache"))
        try write("not a folder", to: ".build/gatekeeper-cache", in: directory)
        XCTAssertEqual(try report(directory).report, cold.report)
    }

    func testTheCacheTravelsToAnotherCloneAtAnotherPath() throws {
        let first = try project()
        try git(["init", "-q", "-b", "main"], in: first)
        try git(["add", "."], in: first)
        try git(["commit", "-q", "-m", "project"], in: first)
        let cold = try report(first)
        // What a CI cache step does: a fresh clone elsewhere (new path, new file times), then the
        // cache folder restored into it.
        let second = workDirectory.appendingPathComponent("elsewhere/clone")
        try FileManager.default.createDirectory(at: second.deletingLastPathComponent(), withIntermediateDirectories: true)
        try git(["clone", "-q", first.path, second.path], in: workDirectory)
        try FileManager.default.createDirectory(at: second.appendingPathComponent(".build"), withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: first.appendingPathComponent(".build/gatekeeper-cache"), to: second.appendingPathComponent(".build/gatekeeper-cache"))
        let warm = try report(second)
        XCTAssertTrue(warm.notes.contains("result cache: 22 of 22 files reused"), warm.notes)
        XCTAssertEqual(warm.report, cold.report)
        // From a subfolder the paths in reports are relative to it, cache or not.
        let fromSubfolder = try run(["check", "--no-color"], in: second.appendingPathComponent("Sources"))
        let uncached = try run(["check", "--no-color", "--no-cache"], in: second.appendingPathComponent("Sources"))
        XCTAssertEqual(stable(fromSubfolder.stdout), stable(uncached.stdout))
        XCTAssertTrue(fromSubfolder.stdout.contains("App/Shell.swift:"), fromSubfolder.stdout)
    }

    func testCacheDirectoryOptionsAndConcurrentRuns() throws {
        let directory = try project()
        _ = try report(directory, ["--no-cache"])
        XCTAssertEqual(cacheFiles(directory), [], "--no-cache writes nothing")
        _ = try report(directory, ["--cache-dir", "custom-cache"])
        XCTAssertEqual(Self.cacheFiles(in: directory.appendingPathComponent("custom-cache")).count, 1)
        try write("{ cacheDirectory: \"from-config\" }", to: ".gatekeeper.json", in: directory)
        _ = try report(directory)
        XCTAssertEqual(Self.cacheFiles(in: directory.appendingPathComponent("from-config")).count, 1)
        // Runs at once on one tree each write a whole cache file.
        try write("{}", to: ".gatekeeper.json", in: directory)
        let runs = try (0..<4).map { index -> Process in
            try write("import Foundation\n\nlet changed\(index) = \(index)\n", to: "Sources/Lib/New\(index).swift", in: directory)
            let process = Process()
            process.executableURL = Self.binary
            process.arguments = ["check", "--quiet"]
            process.currentDirectoryURL = directory
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            return process
        }
        for process in runs { process.waitUntilExit() }
        XCTAssertEqual(Set(runs.map(\.terminationStatus)), [2])
        let warm = try report(directory)
        // Whichever run wrote last saw at least the 22 first files; a file mixed from several would be ignored whole.
        XCTAssertFalse(warm.notes.contains("result cache: 0 of 26"), "one whole cache file: \(warm.notes)")
        XCTAssertEqual(warm.report, try report(directory, ["--no-cache"]).report)
    }
}
