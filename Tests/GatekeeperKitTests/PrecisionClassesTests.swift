// gatekeeper:ignore-file security/hardcoded-secret -- the fixtures hold fake secrets on purpose
import Foundation
import XCTest

@testable import GatekeeperKit

/// The classes of false findings seen on repositories nobody had tuned on (issue 24), each with a
/// fixture tree of our own and its exact findings: `file:line rule confidence`.
final class PrecisionClassesTests: BinaryTestCase {
    func findings(_ files: [String: String], arguments: [String] = []) throws -> [String] {
        try treeFindings(files, arguments: arguments)
    }

    func testIdentifiersNamedLikeSecretsAreNotSecretsButRealOnesStay() throws {
        let source = #"""
            let password = "login-password"
            let pushToken = "XYPushToken"
            let refreshToken = "com.example.keychain.refreshToken"
            let liveActivityToken = "live_activity_token"
            let attributionToken = "attribution_token"
            let startToken = "\u{001A}"
            let generatedPassword = "GeNeRaTeD-pAsSwOrD"
            final class Location { var accuracyAuthorization = "full" }
            func debugMenu() { let token = "badToken"; use(token) }
            let dbPassword = "hunter2prod"
            let apiKey = "Zq8rT2vX9mKp4LwN"
            let config = PostgresConfiguration(hostname: "db", username: "app", password: "aboba")
            let plain = Client(password: "aboba")
            func configure(_ app: Application) { app.jwt.signers.use(.hs256(key: "my-jwt-secret")) }
            let authorization = "Bearer Zq8rT2vX9mKp4LwNa7"
            app.databases.use(.postgres(configuration: .init(hostname: "db", username: "app", password: "aboba")), as: .psql)
            let databasePassword = Environment.get("DATABASE_PASSWORD") ?? "vapor_password"
            let password = "aboba"
            let cancelToken = "cancelFastlaneRun"
            let local = PostgresConfiguration(hostname: "localhost", username: "todos", password: "todos", database: "todos")
            #if DEBUG
            let debugPassword = "hunter2prod"
            #else
            let releasePassword = "hunter2prod"
            #endif
            let session = Session(secret: "AuthSecret", cookie: [])
            let delimited = Parser(startToken: "\u{001A}", keychainKey: "com.example.keychain.refreshToken")
            """#
        XCTAssertEqual(try findings(["Sources/App/Keys.swift": source]), [
            "Sources/App/Keys.swift:10 security/hardcoded-secret error medium",
            "Sources/App/Keys.swift:11 security/hardcoded-secret error medium",
            "Sources/App/Keys.swift:12 security/hardcoded-secret error high",
            "Sources/App/Keys.swift:13 security/hardcoded-secret error medium",
            "Sources/App/Keys.swift:14 security/hardcoded-secret error high",
            "Sources/App/Keys.swift:15 security/hardcoded-secret error high",
            "Sources/App/Keys.swift:16 security/hardcoded-secret error high",
            "Sources/App/Keys.swift:17 security/hardcoded-secret warning low",
            "Sources/App/Keys.swift:18 security/hardcoded-secret error low",
            "Sources/App/Keys.swift:20 security/hardcoded-secret error low",
            "Sources/App/Keys.swift:22 security/hardcoded-secret error low",
            "Sources/App/Keys.swift:24 security/hardcoded-secret error medium",
            "Sources/App/Keys.swift:26 security/hardcoded-secret error medium",
        ])
    }

    func testPreviewsMocksAndTestUtilitiesAreTestCode() throws {
        let view = """
            import SwiftUI
            struct LoginView: View { var body: some View { Text("x") } }
            struct LoginView_Previews: PreviewProvider {
                static var previews: some View {
                    let password = "hunter2prod"
                    return LoginView()
                }
            }
            #Preview("Login") {
                let apiKey = "Zq8rT2vX9mKp4LwN"
                let token = "ghp_Z3d8Kq0LmN4vR7tY1wX9aB2cD5eF6gH8iJ0k"
                LoginView()
            }
            let dbPassword = "hunter2prod"
            """
        let secret = "let password = \"hunter2prod\"\n"
        let body = String(repeating: "MIIEvAIBADANBgkqhkiG9w0BAQEFAASCBKYwggSiAgEAAoIBAQC2rwuxbh8k8BG2\n", count: 3)
        let pem = "let key = \"\"\"\n" + "-----BEGIN RSA " + "PRIVATE KEY-----\n" + body + "-----END RSA PRIVATE KEY-----\n\"\"\"\n"
        XCTAssertEqual(try findings([
            "Sources/App/LoginView.swift": view,
            "Sources/App/MockSession.swift": secret,
            "Sources/App/Mocks.swift": secret,
            "Sources/App/Mockingbird.swift": secret,
            "Kiosk/Stubbed Responses/Me.swift": secret,
            "App/MockData/Users.swift": secret,
            "App/Faker/Names.swift": secret,
            "Sources/App/_SharedTestUtilities/Helpers.swift": secret,
            "App/Support/TestUtilities/Helpers.swift": secret,
            "App/TestHelpers/Helpers.swift": secret,
            "Docs/Tour.playground/Pages/Intro.xcplaygroundpage/Contents.swift": secret,
            "passKitTests/Testbase/TestKeys.swift": pem,
            "Sources/App/ServerKey.swift": pem,
        ]), [
            "App/Faker/Names.swift:1 security/hardcoded-secret error medium",
            "Sources/App/LoginView.swift:11 security/hardcoded-secret error high",
            "Sources/App/LoginView.swift:14 security/hardcoded-secret error medium",
            "Sources/App/Mockingbird.swift:1 security/hardcoded-secret error medium",
            "Sources/App/ServerKey.swift:2 security/hardcoded-secret error high",
            "passKitTests/Testbase/TestKeys.swift:2 security/hardcoded-secret error low",
        ])
    }

    func testTestsNamedFilesInAnExecutableOrLibraryTargetAreProductionCode() throws {
        let manifest = """
            // swift-tools-version:5.9
            import PackageDescription
            let package = Package(name: "Runner", targets: [
                .executableTarget(name: "Runner"),
                .target(name: "Kit", path: "Sources/KitFolder"),
                .testTarget(name: "RunnerTests", dependencies: ["Runner"]),
            ])
            """
        let shell = """
            import Foundation
            func runTests(_ filter: String) throws {
                let process = Process()
                process.executableURL = URL(fileURLWithPath: "/bin/sh")
                process.arguments = ["-c", "swift test --filter \\(filter)"]
                try process.run()
            }
            """
        XCTAssertEqual(try findings([
            "Package.swift": manifest,
            "Sources/Runner/RunTests.swift": shell,
            "Sources/KitFolder/IntegrationTests.swift": "let dbPassword = \"hunter2prod\"\n",
            "Tests/RunnerTests/IntegrationTests.swift": shell + "let dbPassword = \"hunter2prod\"\n",
        ]), [
            "Sources/KitFolder/IntegrationTests.swift:1 security/hardcoded-secret error medium",
            "Sources/Runner/RunTests.swift:5 security/unsafe-shell error high",
            "Tests/RunnerTests/IntegrationTests.swift:5 security/unsafe-shell warning high",
        ])
    }

    func testCallersOfTheProjectsShellWrappersAreErrorsTransitively() throws {
        let library = """
            import Foundation

            @discardableResult
            public func shell(_ command: String) throws -> String {
                let process = Process()
                process.executableURL = URL(fileURLWithPath: "/bin/bash")
                process.arguments = ["-c", command]
                try process.run()
                return ""
            }

            func git(_ arguments: String, in directory: String) throws {
                try shell("cd \\(directory) && git \\(arguments)")
            }

            func spawn(_ cmd: String) {
                var pid: pid_t = 0
                let argv = ["/bin/sh", "-c", cmd]
                let cArgs = argv.map { strdup($0) } + [nil]
                posix_spawn(&pid, "/bin/sh", nil, nil, cArgs, nil)
            }
            """
        let app = """
            let branch = CommandLine.arguments[1]
            try shell("git checkout \\(branch)")
            try shell("git status")
            try git("checkout " + branch, in: ".")
            try git("status", in: ".")
            let command = "rm -rf \\(branch)"
            try shell(command)
            print("done \\(branch)")
            spawn("ls \\(branch)")
            try run("make \\(branch)")
            """
        let files = ["Sources/Lib/Shell.swift": library, "Sources/App/main.swift": app,
                     "Tests/AppTests/ShellTests.swift": "func testIt() throws {\n    let name = readLine() ?? \"\"\n    try shell(\"echo \\(name)\")\n}\n"]
        let expected = [
            "Sources/App/main.swift:2 security/unsafe-shell error high",
            "Sources/App/main.swift:4 security/unsafe-shell error medium",
            "Sources/App/main.swift:7 security/unsafe-shell error high",
            "Sources/App/main.swift:9 security/unsafe-shell error high",
            "Sources/Lib/Shell.swift:7 security/unsafe-shell warning high",
            "Sources/Lib/Shell.swift:18 security/unsafe-shell warning high",
            "Tests/AppTests/ShellTests.swift:3 security/unsafe-shell warning high",
        ]
        XCTAssertEqual(try findings(files), expected)
        // A wrapper whose source is not in the tree is still named in the configuration, and reported once.
        let configured = try findings(files.merging([".gatekeeper.json": "{ checks: { security: { shellWrappers: [\"run\", \"shell\"] } } }"]) { $1 })
        XCTAssertEqual(configured.filter { $0.hasPrefix("Sources/App/main.swift") }, [
            "Sources/App/main.swift:2 security/unsafe-shell error high",
            "Sources/App/main.swift:3 security/unsafe-shell warning high",
            "Sources/App/main.swift:4 security/unsafe-shell error medium",
            "Sources/App/main.swift:7 security/unsafe-shell error high",
            "Sources/App/main.swift:9 security/unsafe-shell error high",
            "Sources/App/main.swift:10 security/unsafe-shell error high",
        ])
    }

    func testGRDBNamesTheCheckResolvesAndRecordsThatAreNoTables() throws {
        let records = """
            import GRDB

            enum Table: String { case players, teams = "team" }
            struct Player: Codable, FetchableRecord, PersistableRecord {
                static let databaseTableName = Table.players.rawValue
                var id: Int64
            }
            struct Team: Codable, FetchableRecord, PersistableRecord {
                static var databaseTableName: String { Table.teams.rawValue }
                var id: Int64
            }
            struct Coach: Codable, FetchableRecord, PersistableRecord { var id: Int64 }
            enum Mood: String, Codable, FetchableRecord, TableRecord { case happy }
            func ranked(_ db: Database) throws -> [Int64] {
                struct Ranked: TableRecord, FetchableRecord, Decodable { var id: Int64 }
                return []
            }
            """
        let schema = """
            import GRDB

            struct Schema {
                var tableName: String { Table.players.rawValue }
                func migrate(_ db: Database) throws {
                    try db.create(table: tableName) { t in t.autoIncrementedPrimaryKey("id") }
                    try db.create(table: Table.teams.rawValue) { t in t.autoIncrementedPrimaryKey("id") }
                }
            }
            """
        XCTAssertEqual(try findings(["Sources/App/Records.swift": records, "Sources/App/Schema.swift": schema]), [
            "Sources/App/Records.swift:12 migrations/missing-table error medium",
        ], "Coach's table is GRDB's default name for it: one inference")
        // A creation the check cannot read makes a missing table no evidence.
        let unreadable = schema.replacingOccurrences(of: "try db.create(table: Table.teams.rawValue)", with: "try db.create(table: name(for: 2))")
        XCTAssertEqual(try findings(["Sources/App/Records.swift": records, "Sources/App/Schema.swift": unreadable]), [
            "Sources/App/Records.swift:9 migrations/missing-table error low",
            "Sources/App/Records.swift:12 migrations/missing-table error low",
        ])
    }

    func testFluentRenamesIndexesLocalRunsAndExposedMigrations() throws {
        let source = """
            import Fluent
            import SQLKit

            final class Report: Model, @unchecked Sendable {
                static let schema = "reports"
                @ID(key: .id) var id: UUID?
                @Field(key: "body") var body: String
                init() {}
            }
            struct CreateReports: AsyncMigration {
                private let schema = "reports"
                func prepare(on database: Database) async throws {
                    try await database.schema(schema).id().field("text", .string, .required).create()
                    try await (database as! SQLDatabase).raw("ALTER TABLE reports RENAME COLUMN text TO body").run()
                }
                func revert(on database: Database) async throws {
                    try await database.schema(schema).delete()
                }
            }
            struct IndexReports: AsyncMigration {
                func prepare(on database: Database) async throws {
                    try await (database as! SQLDatabase).raw("CREATE INDEX reports_body ON reports (body)").run()
                }
                func revert(on database: Database) async throws {
                    try await (database as! SQLDatabase).raw("DROP INDEX reports_body").run()
                }
            }
            struct CreateAudit: AsyncMigration {
                func prepare(on database: Database) async throws { try await database.schema("audit").id().create() }
                func revert(on database: Database) async throws { try await database.schema("audit").delete() }
            }
            public enum ReportsModule {
                public static var migration: any AsyncMigration { CreateAudit() }
            }
            func boot(_ app: Application) async throws {
                let create = CreateReports()
                try await create.prepare(on: app.db)
                app.migrations.add(IndexReports())
            }
            """
        XCTAssertEqual(try findings(["Sources/App/Reports.swift": source]), [])
        // Without the rename the model's column is missing; without the local run the migration is unregistered.
        let broken = source.replacingOccurrences(of: "RENAME COLUMN text TO body", with: "RENAME COLUMN text TO content")
            .replacingOccurrences(of: "try await create.prepare(on: app.db)", with: "_ = create")
        XCTAssertEqual(try findings(["Sources/App/Reports.swift": broken]), [
            "Sources/App/Reports.swift:7 migrations/missing-column error medium",
            "Sources/App/Reports.swift:10 migrations/unregistered error medium",
        ])
    }

    func testAPackageThatRegistersNoMigrationReportsUnregisteredAtLowConfidence() throws {
        let library = """
            import Fluent

            public struct CreateTokens: AsyncMigration {
                public func prepare(on database: Database) async throws { try await database.schema("tokens").id().create() }
                public func revert(on database: Database) async throws { try await database.schema("tokens").delete() }
            }
            """
        XCTAssertEqual(try findings(["Sources/Auth/Migrations.swift": library]), ["Sources/Auth/Migrations.swift:3 migrations/unregistered error low"])
    }

    /// A project whose only Fluent database is MongoDB has no tables to create: a collection is made by its first
    /// insert, a document has no fixed columns. With a SQL driver beside it, a model's table must be created.
    func testFluentModelsOnMongoDBNeedNoTableMigrations() throws {
        let model = """
            import Fluent
            import Vapor

            final class Comment: Model, Content {
                static let schema = "comments"
                @ID(key: .id) var id: UUID?
                @Field(key: "text") var text: String
                init() {}
            }
            """
        let configure = { (driver: String, use: String) in
            "import Fluent\nimport \(driver)\nimport Vapor\n\nfunc configure(_ app: Application) throws {\n    \(use)\n}\n"
        }
        let mongo = configure("FluentMongoDriver", "try app.databases.use(.mongo(connectionString: \"mongodb://localhost/app\"), as: .mongo)")
        XCTAssertEqual(try findings(["Sources/App/Models/Comment.swift": model, "Sources/App/configure.swift": mongo]), [])
        let postgres = configure("FluentPostgresDriver", "app.databases.use(.postgres(configuration: .init(hostname: \"db\")), as: .psql)")
        XCTAssertEqual(try findings(["Sources/App/Models/Comment.swift": model, "Sources/App/configure.swift": postgres]),
                       ["Sources/App/Models/Comment.swift:5 migrations/missing-table error high"])
        XCTAssertEqual(try findings(["Sources/App/Models/Comment.swift": model, "Sources/App/configure.swift": mongo,
                                     "Sources/App/sql.swift": "import FluentSQLiteDriver\n"]),
                       ["Sources/App/Models/Comment.swift:5 migrations/missing-table error high"])
    }

    /// A migration registered through a factory (`add(AdminUser.migration(.one))` returning `Migration1()`) is
    /// not read: the migrations that factory may return are unregistered at low confidence; registered by type, none is.
    func testAMigrationFactoryMakesUnregisteredLowConfidence() throws {
        let source = """
            import Fluent
            import Vapor

            struct Migration1: AsyncMigration {
                func prepare(on database: Database) async throws { try await database.schema("admins").id().create() }
                func revert(on database: Database) async throws { try await database.schema("admins").delete() }
            }
            enum AdminUser {
                enum Version { case one }
                static func migration(_ version: Version) -> AsyncMigration { Migration1() }
            }
            func configure(_ app: Application) {
                app.migrations.add(AdminUser.migration(.one))
            }
            """
        XCTAssertEqual(try findings(["Sources/App/configure.swift": source]), ["Sources/App/configure.swift:4 migrations/unregistered error low"])
        let byType = source.replacingOccurrences(of: "AdminUser.migration(.one)", with: "Migration1()")
        XCTAssertEqual(try findings(["Sources/App/configure.swift": byType]), [])
        let unrelated = source.replacingOccurrences(of: "AdminUser.migration(.one)", with: "CreateOther()")
        XCTAssertEqual(try findings(["Sources/App/configure.swift": unrelated]), ["Sources/App/configure.swift:4 migrations/unregistered error medium"])
        // A static function's result in an array literal is no registration through a factory.
        let listed = unrelated + "\nlet cases = [AdminUser.migration(.one)]\n"
        XCTAssertEqual(try findings(["Sources/App/configure.swift": listed]), ["Sources/App/configure.swift:4 migrations/unregistered error medium"])
    }

    func testBrokenAndCircularCodeNeverCrashesTheNewReaders() throws {
        let sources = [
            "#Preview {\n let password = \"hunter2prod\"\n",
            "#if DEBUG\nlet password = \"hunter2prod\"\n#endif\n#endif\n#else\n",
            "func f(_ a: String) { g(a) }\nfunc g(_ b: String) { f(b) }\nf(\"x \\(y)\")\n",
            "func spawn(_ cmd: String) {\n let argv = argv.map { $0 }\n posix_spawn(&pid, \"/bin/sh\", nil, nil, argv, nil)\n}\n",
            "func broken(_ a: String, _ b: = , : String) { sh(\"\\(a)\") \n",
            "struct X: PreviewProvider",
            "enum Table: String { case , = \"x\", a = }\nlet m = CreateX(\nstatic var migration { CreateX() }\n",
            "import GRDB\nfunc f() { struct R: TableRecord {} }\nlet t = db.create(table: tableName) {\n",
        ]
        for (index, source) in sources.enumerated() {
            let report = try TestSupport.run(["Sources/App/F\(index).swift": source])
            XCTAssertTrue(report.findings.allSatisfy { $0.line >= 1 }, source)
        }
        // A circular chain of wrappers that never reaches a shell is no wrapper.
        let circular = try TestSupport.run(["Sources/App/C.swift": sources[2]])
        XCTAssertFalse(circular.findings.contains { $0.ruleId == "security/unsafe-shell" })
    }

    func testConfigFileSecretsAreHighForAProviderFormatAndMediumForASecretLikeKey() throws {
        XCTAssertEqual(try findings([
            ".env": "DB_PASSWORD=hunter2prod\nSTRIPE=sk_live_4eC39HqLyjWDarjtT1zdp7dc\n",
            "App.xcconfig": "API_KEY = Zq8rT2vX9mKp4LwN\n",
            "App/es.lproj/Localizable.strings": "\"Password\" = \"Contraseña\";\nPassword = \"Wachtwoord1\";\n",
            "App/Localizable.xcstrings": "{ \"password\": \"Zq8rT2vX9mKp4LwN\" }\n",
            "Sources/App/main.swift": "let a = 1\n",
        ]), [
            ".env:1 security/hardcoded-secret error medium",
            ".env:2 security/hardcoded-secret error high",
            "App.xcconfig:1 security/hardcoded-secret error medium",
        ])
    }
}

extension BinaryTestCase {
    /// Writes `files` into a fresh tree and returns its findings, in report order: `file:line rule severity confidence`.
    func treeFindings(_ files: [String: String], arguments: [String] = []) throws -> [String] {
        let directory = workDirectory.appendingPathComponent("tree-\(UUID().uuidString)")
        for (path, text) in files { try write(text, to: path, in: directory) }
        let result = try run(["check", "--format", "json", "--no-cache", "--fail-on", "info"] + arguments, in: directory)
        XCTAssertTrue([0, 1, 2].contains(result.status), result.stderr)
        return try JSON5Parser.parse(result.stdout)["findings"]?.arrayValue?.map { finding in
            let text = { (key: String) in finding[key]?.stringValue ?? "" }
            var line = ""
            if case let .number(value)? = finding["line"] { line = String(Int(value)) }
            return "\(text("file")):\(line) \(text("ruleId")) \(text("severity")) \(text("confidence"))"
        } ?? []
    }
}
