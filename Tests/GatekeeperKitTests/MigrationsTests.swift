import Foundation
import XCTest

@testable import GatekeeperKit

final class MigrationsTests: XCTestCase {
    /// Runs the migrations check over fixture project `name` (its own root) and returns
    /// `path:line:column: rule: message` lines, paths relative to the project.
    private func findings(_ name: String, config: String = "{}") throws -> [String] {
        let root = TestSupport.fixtures.appendingPathComponent("migrations/\(name)").path
        var configuration = Configuration(rootDirectory: root)
        try configuration.apply(try JSON5Parser.parse("{ checks: { migrations: \(config) } }"))
        let engine = try Engine(configuration: configuration, only: ["migrations"])
        let files = try engine.discover([root])
        return try engine.check(files, jobs: 2, failOn: .info, baseline: nil).findings.map { finding in
            let path = Paths.relative(Paths.absolute(finding.file), to: root) ?? finding.file
            return "\(path):\(finding.line):\(finding.column): \(finding.ruleId): \(finding.message)"
        }
    }

    func testApplicationClasses() throws {
        XCTAssertEqual(try findings("app-classes"), [
            "Sources/App/Migrations/CreateItems.swift:13:8: migrations/irreversible: `AddItemNameIndex` changes a unique constraint, index or foreign key of `items` but its revert does nothing to it",
            "Sources/App/Migrations/CreateItems.swift:21:8: migrations/irreversible: `DropLegacyForeignKey` changes a unique constraint, index or foreign key of `items` but its revert does nothing to it",
            "Sources/App/Migrations/CreateTags.swift:3:8: migrations/irreversible: `CreateTags` creates table `tags` but its revert never deletes it",
        ])
    }

    func testARecordOfADatabaseTheCodeDoesNotOwnIsNotAMissingTable() throws {
        XCTAssertEqual(try findings("foreign-db"), [
            "Sources/App/Notes.swift:4:8: migrations/missing-table: table `note` of record `Note` is created by no migration",
            "Sources/App/Settings.swift:5:16: migrations/unresolved: table `Election` of record `SystemSetting` belongs to a database this file opens "
                + "but never creates or migrates (a system or bundled one); it is not checked",
        ])
    }

    func testCorrectFluentAppHasNoFindings() throws {
        XCTAssertEqual(try findings("fluent-ok"), [])
    }

    func testModelWithoutMigration() throws {
        XCTAssertEqual(try findings("activity-event"), [
            "Sources/App/ActivityEvent.swift:4:16: migrations/missing-table: table `activity_events` of model `ActivityEvent` is created by no migration",
        ])
    }

    func testMissingColumn() throws {
        XCTAssertEqual(try findings("missing-column"), [
            "Sources/App/Post.swift:8:5: migrations/missing-column: column `published_at` of `Post.publishedAt` is not created for table `posts` by any migration",
        ])
    }

    func testUnregisteredMigration() throws {
        XCTAssertEqual(try findings("unregistered"), [
            "Sources/App/Migrations.swift:13:8: migrations/unregistered: migration `CreateLabels` is never added to a migrations list (`app.migrations.add(CreateLabels())`)",
        ])
    }

    func testIrreversibleMigrationsAndTheSuppressedOne() throws {
        XCTAssertEqual(try findings("irreversible"), [
            "Sources/App/Migrations.swift:3:8: migrations/irreversible: `CreateInvoices` creates table `invoices` but its revert never deletes it",
            "Sources/App/Migrations.swift:11:8: migrations/irreversible: `AddInvoiceNotes` adds `due` to `invoices` but its revert never deletes it",
        ])
    }

    func testFieldKeyConstantsResolveAcrossFiles() throws {
        // name, discovered_by and nickname resolve through constants and `.string(…)`; arm_count is never created.
        XCTAssertEqual(try findings("fieldkeys"), [
            "Sources/App/Models/Galaxy.swift:13:5: migrations/missing-column: column `arm_count` of `Galaxy.arms` is not created for table `galaxies` by any migration",
        ])
    }

    func testGRDBRecordsWithAndWithoutTables() throws {
        XCTAssertEqual(try findings("grdb"), [
            "Sources/App/Records.swift:10:28: migrations/missing-column: column `score` of `Player.score` is not created for table `player` by any migration",
            "Sources/App/Records.swift:14:8: migrations/missing-table: table `postalAddress` of record `PostalAddress` is created by no migration",
            // Columns from CodingKeys raw values; `home_score`, named by Columns too, is created.
            "Sources/App/Records.swift:47:14: migrations/missing-column: column `away_score` of `Match.awayScore` is not created for table `matches` by any migration",
        ])
    }

    func testSQLMigrationFolders() throws {
        XCTAssertEqual(try findings("sql"), [
            "Sources/App/Account.swift:8:5: migrations/missing-column: column `display_name` of `Account.displayName` is not created for table `accounts` by any migration",
            "db/migrations/002_sessions.up.sql:1:1: migrations/irreversible: SQL up migration `002_sessions.up.sql` has no down migration",
        ])
        XCTAssertEqual(try findings("sql", config: "{ sqlDirectories: [\"elsewhere\"] }").filter { $0.contains("missing-table") }.count, 2,
                       "without the SQL folder, accounts and audit are created nowhere")
    }

    func testAProjectsOwnMigrationProtocolIsNotFluents() throws {
        XCTAssertEqual(try findings("own-protocol"), [])
    }

    func testGRDBDefaultTableNames() {
        XCTAssertEqual(NameResolver.grdbDefaultTableName("Player"), "player")
        XCTAssertEqual(NameResolver.grdbDefaultTableName("PostalAddress"), "postalAddress")
        XCTAssertEqual(NameResolver.grdbDefaultTableName("HTTPRequest"), "httpRequest")
        XCTAssertEqual(NameResolver.grdbDefaultTableName("TOEFL"), "toefl")
    }

    func testSQLSchemaReader() {
        let changes = SQLSchemaReader.changes(in: """
        -- a comment; with a semicolon
        CREATE TABLE IF NOT EXISTS "public"."users" (id SERIAL PRIMARY KEY, name TEXT DEFAULT 'a,b', CONSTRAINT u UNIQUE (name), PRIMARY KEY (id));
        ALTER TABLE users ADD COLUMN IF NOT EXISTS email TEXT, ADD age INT, DROP COLUMN legacy;
        ALTER TABLE users RENAME TO people;
        /* block */ DROP TABLE IF EXISTS old;
        CREATE VIEW active AS SELECT * FROM people;
        SELECT 1;
        """)
        XCTAssertEqual(changes, [
            .init(table: "users", action: .create, added: ["id", "name"], removed: []),
            .init(table: "users", action: .update, added: ["email", "age"], removed: ["legacy"]),
            .init(table: "users", action: .rename("people"), added: [], removed: []),
            .init(table: "old", action: .delete, added: [], removed: []),
            .init(table: "active", action: .create, added: [], removed: [], columnsUnknown: true),
        ])
    }

    func testTestSourcesAreCheckedOnlyWhenAsked() throws {
        let model = "import Fluent\nfinal class Fixture: Model, @unchecked Sendable {\n    static let schema = \"fixtures\"\n    init() {}\n}\n"
        XCTAssertEqual(try TestSupport.run(["Tests/AppTests/Fixture.swift": model], only: ["migrations"]).findings.count, 0)
        let configuration = try TestSupport.configuration("{ checks: { migrations: { includeTests: true } } }")
        XCTAssertEqual(try TestSupport.run(["Tests/AppTests/Fixture.swift": model], configuration: configuration, only: ["migrations"]).findings.map(\.ruleId),
                       ["migrations/missing-table"])
    }
}
