import Foundation
import XCTest

@testable import GatekeeperKit

extension BinaryTestCase {
    /// Copies fixture project `Fixtures/fix/NAME` into the work folder.
    func project(_ name: String) throws -> URL {
        // A fresh copy each time: a test may fix the same project twice.
        let destination = workDirectory.appendingPathComponent(UUID().uuidString).appendingPathComponent(name)
        try FileManager.default.createDirectory(at: destination.deletingLastPathComponent(), withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: TestSupport.fixtures.appendingPathComponent("fix/\(name)"), to: destination)
        return destination
    }

    func fixGolden(_ name: String) throws -> String {
        try String(contentsOf: TestSupport.fixtures.appendingPathComponent("fix/expected/\(name)"), encoding: .utf8)
    }

    /// Every file under `directory` and its content.
    func snapshot(_ directory: URL) throws -> [String: String] {
        var files: [String: String] = [:]
        let enumerator = FileManager.default.enumerator(atPath: directory.path)
        while let relative = enumerator?.nextObject() as? String {
            guard relative.hasSuffix(".swift") else { continue }
            files[relative] = try String(contentsOf: directory.appendingPathComponent(relative), encoding: .utf8)
        }
        return files
    }
}

/// `gatekeeper fix` on the migrations check's findings, end to end through the built binary: the
/// dry-run diff is the golden one, the fix applies it, `check` is clean after, a second fix changes
/// nothing, and the fixed project (generated migrations included) compiles against stubs of Fluent's API.
final class MigrationFixTests: BinaryTestCase {
    /// Dry run (golden diff, nothing written), fix, clean check, a second fix that changes nothing.
    private func assertFixCycle(_ name: String, stderr expectedStderr: String, file: StaticString = #filePath, line: UInt = #line) throws -> URL {
        let directory = try project(name)
        let before = try snapshot(directory)
        let dryRun = try run(["fix", "--dry-run"], in: directory)
        XCTAssertEqual(dryRun.status, 1, dryRun.stderr, file: file, line: line)
        XCTAssertEqual(dryRun.stdout, try fixGolden("\(name).diff"), file: file, line: line)
        XCTAssertEqual(try snapshot(directory), before, "--dry-run wrote something", file: file, line: line)
        let fix = try run(["fix"], in: directory)
        XCTAssertEqual(fix.status, 0, fix.stdout + fix.stderr, file: file, line: line)
        XCTAssertEqual(fix.stderr, expectedStderr, file: file, line: line)
        let check = try run(["check", "--fail-on", "info"], in: directory)
        XCTAssertEqual(check.status, 0, check.stdout, file: file, line: line)
        let fixed = try snapshot(directory)
        let again = try run(["fix", "--dry-run"], in: directory)
        XCTAssertEqual(again.status, 0, again.stdout, file: file, line: line)
        XCTAssertEqual(again.stdout, "", file: file, line: line)
        XCTAssertEqual(try run(["fix"], in: directory).stderr, "Fixed 0 files.\n", file: file, line: line)
        XCTAssertEqual(try snapshot(directory), fixed, "a second fix changed something", file: file, line: line)
        return directory
    }

    func testMissingTableColumnUnregisteredAndIrreversibleAsyncMigrations() throws {
        let directory = try assertFixCycle("fluent-async", stderr: """
            fixed Sources/App/Migrations/AddUniqueUserName.swift
            fixed Sources/App/Migrations/CreateUser.swift
            fixed Sources/App/configure.swift
            created Sources/App/Migrations/CreateActivityEvent.swift
            created Sources/App/Migrations/AddNicknameToUser.swift
            Fixed 5 files.

            """)
        try FluentStubs.assertCompiles(directory)
    }

    /// Two new tables, one referring to the other: numbered and registered parent first.
    func testNumberedFutureMigrationsInAListTwoSpaceIndentAndFieldKeyConstants() throws {
        // The unfixed project does not compile (an empty revert returning a future): the compile test can fail.
        try FluentStubs.assertCompiles(try project("fluent-futures"), expectError: "missing return")
        let directory = try assertFixCycle("fluent-futures", stderr: """
            fixed Sources/App/Migrations/0002_AddIndexes.swift
            fixed Sources/App/configure.swift
            created Sources/App/Migrations/0004_CreateComment.swift
            created Sources/App/Migrations/0003_CreatePost.swift
            Fixed 4 files.

            """)
        try FluentStubs.assertCompiles(directory)
    }

    /// No migration yet: the first goes beside the model, registered after `app.databases.use(…)`; tabs kept; a request type
    /// named `CreateTodo` makes it `CreateTodo2`.
    func testTheFirstMigrationOfAProject() throws {
        let directory = try assertFixCycle("fluent-first", stderr: """
            fixed Sources/App/configure.swift
            created Sources/App/Models/CreateTodo2.swift
            Fixed 2 files.

            """)
        try FluentStubs.assertCompiles(directory)
    }

    /// What the fixes met in real code: `import struct Foundation.UUID` declares no model, and a
    /// column renamed by SQL (`RENAME COLUMN url TO path`) is there under its new name.
    func testImportedTypesAndRenamedColumns() throws {
        let model = "import Fluent\nimport struct Foundation.UUID\n\nfinal class Page: Model, @unchecked Sendable {\n    static let schema = \"pages\"\n"
            + "    @ID(key: .id) var id: UUID?\n    @Field(key: \"path\") var path: String\n    init() {}\n}\n"
        func migrations(_ rename: String) -> String {
            "import Fluent\nimport SQLKit\nstruct CreatePage: AsyncMigration {\n    func prepare(on database: any Database) async throws {\n"
                + "        try await database.schema(\"pages\").id().field(\"url\", .string, .required).create()\n    }\n"
                + "    func revert(on database: any Database) async throws { try await database.schema(\"pages\").delete() }\n}\n"
                + "struct RenameURL: AsyncMigration {\n    func prepare(on database: any Database) async throws {\n"
                + "        try await (database as! any SQLDatabase).raw(\"ALTER TABLE pages \(rename)\").run()\n    }\n"
                + "    func revert(on database: any Database) async throws {\n"
                + "        try await (database as! any SQLDatabase).raw(\"ALTER TABLE pages RENAME COLUMN path TO url\").run()\n    }\n}\n"
                + "let all: [any Migration] = [CreatePage(), RenameURL()]\n"
        }
        XCTAssertEqual(try TestSupport.run(["Page.swift": model, "M.swift": migrations("RENAME COLUMN url TO path")], only: ["migrations"]).findings
            .map(\.message), [])
        XCTAssertEqual(try TestSupport.run(["Page.swift": model, "M.swift": migrations("RENAME url TO path")], only: ["migrations"]).findings
            .map(\.message), [])
        XCTAssertEqual(try TestSupport.run(["Page.swift": model, "M.swift": migrations("RENAME COLUMN url TO slug")], only: ["migrations"]).findings
            .map(\.message), ["`RenameURL` adds `slug` to `pages` but its revert never deletes it",
                               "column `path` of `Page.path` is not created for table `pages` by any migration"])
    }

    func testUnmappedTypeIsNamedAndLeftAsACompileError() throws {
        let directory = try project("fluent-unmapped")
        let check = try run(["check"], in: directory)
        XCTAssertTrue(check.stdout.contains("(no Fluent data type is known for `total` (`Money`): the migration `fix` writes has a placeholder "
                                            + "to fill in there)"),
                      check.stdout)
        let fixed = try assertFixCycle("fluent-unmapped", stderr: """
            fixed Sources/App/configure.swift
            created Sources/App/Migrations/AddTotalAndPaidAtToInvoice.swift
            Fixed 2 files.

            """)
        try FluentStubs.assertCompiles(fixed, expectError: "editor placeholder in source file")
    }

    /// A migration of the project's own protocol, whose default `revert` does nothing, gets a `revert` signed as its `prepare`.
    func testARevertIsWrittenWhereThereIsNone() throws {
        let directory = try assertFixCycle("fluent-own-protocol", stderr: "fixed Sources/App/Migrations.swift\nFixed 1 file.\n")
        try FluentStubs.assertCompiles(directory)
    }

    /// `fix --staged` fixes the staged file's findings; the migration it writes and the registration are staged too.
    func testStagedFixStagesTheCreatedMigration() throws {
        let directory = try project("fluent-async")
        try git(["init", "-q", "-b", "main"], in: directory)
        try git(["add", "."], in: directory)
        try git(["commit", "-q", "-m", "initial"], in: directory)
        let user = directory.appendingPathComponent("Sources/App/Models/User.swift")
        try (try String(contentsOf: user, encoding: .utf8) + "\n// touched\n").write(to: user, atomically: false, encoding: .utf8)
        try git(["add", "Sources/App/Models/User.swift"], in: directory)
        let fix = try run(["fix", "--staged"], in: directory)
        XCTAssertEqual(fix.status, 0, fix.stdout + fix.stderr)
        XCTAssertEqual(fix.stderr, "fixed Sources/App/configure.swift\ncreated Sources/App/Migrations/AddNicknameToUser.swift\nFixed 2 files.\n")
        let status = Process()
        status.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        status.arguments = ["git", "status", "--porcelain"]
        status.currentDirectoryURL = directory
        let pipe = Pipe()
        status.standardOutput = pipe
        try status.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        status.waitUntilExit()
        XCTAssertEqual(output, "A  Sources/App/Migrations/AddNicknameToUser.swift\nM  Sources/App/Models/User.swift\nM  Sources/App/configure.swift\n")
    }

    func testGRDBMigrationAppendedToTheMigrator() throws {
        let directory = try assertFixCycle("grdb", stderr: "fixed Sources/App/AppDatabase.swift\nFixed 1 file.\n")
        try FluentStubs.assertCompiles(directory)
    }

    func testAFileInTheWayIsNeverReplacedOrFollowed() throws {
        let directory = try project("fluent-async")
        let outside = workDirectory.appendingPathComponent("outside.swift")
        // A dangling symbolic link where the migration would go: writing through it would create a file outside the project.
        try FileManager.default.createSymbolicLink(atPath: directory.appendingPathComponent("Sources/App/Migrations/CreateActivityEvent.swift").path,
                                                   withDestinationPath: outside.path)
        let fix = try run(["fix"], in: directory)
        XCTAssertTrue(fix.stderr.contains("gatekeeper: not creating Sources/App/Migrations/CreateActivityEvent.swift: a file of that name exists; "
                                          + "the fix of migrations/missing-table at Sources/App/Models/ActivityEvent.swift:16 is not applied\n"), fix.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: outside.path))
        XCTAssertEqual(fix.status, 2, "the finding whose fix was refused is still reported")
        XCTAssertTrue(fix.stdout.contains("[migrations/missing-table]"), fix.stdout)
        // The other fixes are applied.
        XCTAssertTrue(FileManager.default.fileExists(atPath: directory.appendingPathComponent("Sources/App/Migrations/AddNicknameToUser.swift").path))
    }

    func testGroupFieldsArePrefixedColumns() throws {
        let model = """
            import Fluent
            final class Pet: Fields, @unchecked Sendable {
                @Field(key: "name") var name: String
                @Group(key: "vet") var vet: Vet
                init() {}
            }
            final class Vet: Fields, @unchecked Sendable {
                @OptionalField(key: "phone") var phone: String?
                init() {}
            }
            final class Owner: Model, @unchecked Sendable {
                static let schema = "owners"
                @ID(key: .id) var id: UUID?
                @Group(key: "pet") var pet: Pet
                @Group(key: "other") var other: NotFields
                init() {}
            }
            """
        func migration(_ fields: String) -> String {
            "import Fluent\nstruct CreateOwners: AsyncMigration {\n    func prepare(on database: Database) async throws {\n"
                + "        try await database.schema(\"owners\").id()\(fields).create()\n    }\n"
                + "    func revert(on database: Database) async throws { try await database.schema(\"owners\").delete() }\n}\nlet all = [CreateOwners()]\n"
        }
        let missing = try TestSupport.run(["Owner.swift": model, "Create.swift": migration(".field(\"pet_name\", .string, .required)")],
                                          only: ["migrations"])
        XCTAssertEqual(missing.findings.map(\.message), ["column `pet_vet_phone` of `Owner.pet.vet.phone` is not created for table `owners` by any migration"])
        let complete = try TestSupport.run(["Owner.swift": model,
                                            "Create.swift": migration(".field(\"pet_name\", .string, .required).field(\"pet_vet_phone\", .string)")],
                                           only: ["migrations"])
        XCTAssertEqual(complete.findings.map(\.message), [])
    }

    func testCreatedPathsStayInsideTheRoot() throws {
        let root = workDirectory.appendingPathComponent("root")
        let outside = workDirectory.appendingPathComponent("elsewhere")
        try FileManager.default.createDirectory(at: root.appendingPathComponent("Sources"), withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: outside, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: root.appendingPathComponent("Linked").path, withDestinationPath: outside.path)
        try "x".write(to: root.appendingPathComponent("Sources/Taken.swift"), atomically: false, encoding: .utf8)
        let rootPath = root.path
        XCTAssertNil(FixFiles.problem(creating: rootPath + "/Sources/New.swift", root: rootPath))
        XCTAssertEqual(FixFiles.problem(creating: rootPath + "/Sources/../../New.swift", root: rootPath), "the path is outside the project root")
        XCTAssertEqual(FixFiles.problem(creating: outside.path + "/New.swift", root: rootPath), "the path is outside the project root")
        XCTAssertEqual(FixFiles.problem(creating: rootPath, root: rootPath), "the path is outside the project root")
        XCTAssertEqual(FixFiles.problem(creating: rootPath + "/Linked/New.swift", root: rootPath), "its folder is reached through a symbolic link")
        XCTAssertEqual(FixFiles.problem(creating: rootPath + "/Sources/Taken.swift", root: rootPath), "a file of that name exists")
        XCTAssertEqual(FixFiles.problem(creating: rootPath + "/Missing/New.swift", root: rootPath), "its folder does not exist")
        XCTAssertThrowsError(try FixFiles.create(Array("y".utf8), at: rootPath + "/Sources/Taken.swift", root: rootPath))
        XCTAssertEqual(try String(contentsOf: root.appendingPathComponent("Sources/Taken.swift"), encoding: .utf8), "x")
        try FixFiles.create(Array("import Fluent\n".utf8), at: rootPath + "/Sources/New.swift", root: rootPath)
        XCTAssertEqual(try String(contentsOf: root.appendingPathComponent("Sources/New.swift"), encoding: .utf8), "import Fluent\n")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("Sources").path).sorted(), ["New.swift", "Taken.swift"],
                       "no temporary is left")
        // All or none: the second is in the way, so the first is removed again.
        XCTAssertThrowsError(try FixFiles.createAll([(Array("a".utf8), rootPath + "/Sources/A.swift"), (Array("b".utf8), rootPath + "/Sources/Taken.swift")],
                                                    root: rootPath)) { error in
            XCTAssertTrue("\(error)".hasSuffix("Taken.swift: not created: a file of that name exists; nothing was written"), "\(error)")
        }
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("Sources").path).sorted(), ["New.swift", "Taken.swift"])
    }
}

/// Stubs of Vapor's and Fluent's API (`Fixtures/fix/stubs`), built once as modules, to compile
/// fixed projects with the generated migrations: type-checked, and through SIL diagnostics
/// (a missing return is found there), with `swiftc` when the machine has it.
enum FluentStubs {
    static let swiftc: String? = {
        let path = (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").map { "\($0)/swiftc" } + ["/opt/swift/usr/bin/swiftc"]
        return path.first { FileManager.default.isExecutableFile(atPath: $0) }
    }()

    /// The folder holding the stub modules; nil without swiftc.
    static let modules: String? = {
        guard swiftc != nil else { return nil }
        let folder = NSTemporaryDirectory() + "gatekeeper-fluent-stubs-\(getpid())"
        try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let stubs = TestSupport.fixtures.appendingPathComponent("fix/stubs").path
        for module in ["Vapor", "Fluent", "GRDB"] {
            let result = compile(["-emit-module", "-module-name", module, "-parse-as-library", "-I", folder, "\(stubs)/\(module).swift",
                                  "-emit-module-path", "\(folder)/\(module).swiftmodule"])
            guard result.status == 0 else { return nil }
        }
        return folder
    }()

    static func compile(_ arguments: [String]) -> (status: Int32, output: String) {
        guard let swiftc else { return (-1, "no swiftc") }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: swiftc)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        do { try process.run() } catch { return (-1, "\(error)") }
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: output, as: UTF8.self))
    }

    /// Compiles every Swift file under `directory/Sources` (one module): clean, or failing with `expectError`.
    static func assertCompiles(_ directory: URL, expectError: String? = nil, file: StaticString = #filePath, line: UInt = #line) throws {
        guard let modules else { throw XCTSkip("swiftc is not available") }
        var sources: [String] = []
        let enumerator = FileManager.default.enumerator(atPath: directory.appendingPathComponent("Sources").path)
        while let relative = enumerator?.nextObject() as? String {
            if relative.hasSuffix(".swift") { sources.append(directory.appendingPathComponent("Sources/\(relative)").path) }
        }
        let result = compile(["-emit-sil", "-wmo", "-module-name", "App", "-parse-as-library", "-o", "/dev/null", "-I", modules] + sources.sorted())
        if let expectError {
            XCTAssertNotEqual(result.status, 0, file: file, line: line)
            XCTAssertTrue(result.output.contains(expectError), result.output, file: file, line: line)
        } else {
            XCTAssertEqual(result.status, 0, result.output, file: file, line: line)
        }
    }
}
