import Foundation

/// `migrations`: every table and column an ORM model uses is created by a migration, every
/// Fluent migration is registered and can be reverted. A static `alembic check` for Swift.
public struct MigrationsCheck: Check {
    public static let id = "migrations"
    public static let summary = "ORM models' tables and columns are created by registered, reversible migrations."

    public static let missingTable = Rule(id: "migrations/missing-table", severity: .error, fixable: true, confidence: .medium,
        summary: "A model's table is created by no migration.",
        description: """
        The table of a Fluent model (`static let schema`) or GRDB record (`databaseTableName`, or \
        GRDB's default name from the type name) is created nowhere: not by a Fluent migration's \
        `database.schema(…).create()`, GRDB `create(table:)`, raw `CREATE TABLE` in Swift, nor an SQL \
        migration file. In production that is "no such table". Reported at the schema declaration.
        """,
        triggering: """
            import Fluent

            final class ActivityEvent: Model, @unchecked Sendable {
                static let schema = "activity_events"
                @ID(key: .id) var id: UUID?
                init() {}
            }
            """,
        nonTriggering: """
            import Fluent

            final class ActivityEvent: Model, @unchecked Sendable {
                static let schema = "activity_events"
                @ID(key: .id) var id: UUID?
                init() {}
            }

            struct CreateActivityEvents: AsyncMigration {
                func prepare(on database: Database) async throws {
                    try await database.schema("activity_events").id().create()
                }
                func revert(on database: Database) async throws {
                    try await database.schema("activity_events").delete()
                }
            }

            func configure(_ app: Application) {
                app.migrations.add(CreateActivityEvents())
            }
            """)

    public static let missingColumn = Rule(id: "migrations/missing-column", severity: .error, fixable: true, confidence: .medium,
        summary: "A model field's column is not created for its table.",
        description: """
        A model property (`@Field(key:)`, `@OptionalField`, `@Enum`, `@Parent`, `@Timestamp`, `@ID`, or a \
        GRDB `Columns` case) names a column that no migration creates for that table, neither when \
        creating it nor by a later update/alter. Keys given as `FieldKey` constants are resolved \
        across files. Tables whose migrations have a column that cannot be read are not checked.
        """,
        triggering: todoExample(extraField: "    @Field(key: \"due_at\") var dueAt: Date\n"),
        nonTriggering: todoExample(extraField: ""))

    /// A Todo model and its migration, with one more model field than the migration creates or not.
    private static func todoExample(extraField: String) -> String {
        """
        import Fluent

        final class Todo: Model, @unchecked Sendable {
            static let schema = "todos"
            @ID(key: .id) var id: UUID?
            @Field(key: "title") var title: String
        \(extraField)    init() {}
        }

        struct CreateTodos: AsyncMigration {
            func prepare(on database: Database) async throws {
                try await database.schema("todos").id().field("title", .string, .required).create()
            }
            func revert(on database: Database) async throws { try await database.schema("todos").delete() }
        }

        let registered = [CreateTodos()]
        """
    }

    public static let unregistered = Rule(id: "migrations/unregistered", severity: .error, fixable: true, confidence: .medium,
        summary: "A Fluent migration is never added to any migrations list.",
        description: """
        A type conforming to Fluent's `Migration` or `AsyncMigration` (in a file importing Fluent or \
        FluentKit, so a project's own protocol of that name is not mistaken) that is constructed in no \
        `migrations.add(…)` call and in no array literal never runs.
        """,
        triggering: """
            import Fluent

            struct AddIndexes: AsyncMigration {
                func prepare(on database: Database) async throws {}
                func revert(on database: Database) async throws {}
            }
            """,
        nonTriggering: """
            import Fluent

            struct AddIndexes: AsyncMigration {
                func prepare(on database: Database) async throws {}
                func revert(on database: Database) async throws {}
            }

            func configure(_ app: Application) {
                app.migrations.add(AddIndexes(), to: .psql)
            }
            """)

    public static let irreversible = Rule(id: "migrations/irreversible", severity: .warning, fixable: true,
        summary: "A migration's revert does not undo the schema its prepare creates.",
        description: """
        A Fluent migration whose `revert` never deletes a table its `prepare` creates, or never deletes \
        fields (or the table) its `prepare` adds; an SQL up migration (`*.up.sql`, `-- +migrate Up`, \
        `-- migrate:up`) without its down. An empty `revert` of a data-only migration (one whose \
        `prepare` creates and adds no schema) is legitimate. Accept an intentionally irreversible \
        migration with `// gatekeeper:ignore migrations/irreversible -- why` above its type.
        """,
        triggering: """
            import Fluent

            struct CreateUsers: AsyncMigration {
                func prepare(on database: Database) async throws {
                    try await database.schema("users").id().create()
                }
                func revert(on database: Database) async throws {}
            }

            let all = [CreateUsers()]
            """,
        nonTriggering: """
            import Fluent

            struct SeedAdmin: AsyncMigration {
                func prepare(on database: Database) async throws {
                    try await User(name: "admin").create(on: database)
                }
                func revert(on database: Database) async throws {}
            }

            let all = [SeedAdmin()]
            """)

    public static let unresolved = Rule(id: "migrations/unresolved", severity: .info,
        summary: "A table or column name cannot be read statically.",
        description: "Where a schema or key is computed (`static var schema: String { prefix + \"users\" }`), the check says so instead of guessing; " +
            "that model or column is not checked.",
        triggering: """
            import Fluent

            final class Event: Model, @unchecked Sendable {
                static var schema: String { Environment.prefix + "events" }
                @ID(key: .id) var id: UUID?
                init() {}
            }
            """,
        nonTriggering: """
            import Fluent

            final class Event: Model, @unchecked Sendable {
                static let schema = "events"
                @ID(key: .id) var id: UUID?
                init() {}
            }

            let sql = "CREATE TABLE events (id UUID PRIMARY KEY)"
            """)

    public static let rules: [Rule] = [missingTable, missingColumn, unregistered, irreversible, unresolved]

    let sqlDirectories: [Glob]?
    /// Also check models and migrations declared in test sources (fixtures against mock
    /// databases, tables created ad hoc); their schema changes count either way.
    let includeTests: Bool

    public init(options: CheckOptions) throws {
        includeTests = try options.bool("includeTests") ?? false
        sqlDirectories = try options.strings("sqlDirectories")?.enumerated().map { index, folder in
            try Glob.configured(folder.hasSuffix("/") ? folder : folder + "/", key: options.path("sqlDirectories[\(index)]"))
        }
    }

    public func analyze(_ file: SourceFile) -> FileAnalysis<MigrationFacts> {
        // Most files tell nothing: no facts keeps the project pass and the cache small.
        let facts = MigrationFactsReader(file: file).read()
        return FileAnalysis(facts: facts.isEmpty ? nil : facts)
    }

    public var inputs: [InputRequest] { [.suffix(".sql"), .nearest(named: "Package.swift")] }

    /// Test targets the manifests name, for telling test sources.
    private var manifests = Manifests()

    public func configured(with inputs: [InputFile]) throws -> MigrationsCheck {
        var check = self
        check.manifests = Manifests(inputs)
        return check
    }

    private func isTest(_ location: SourceLocation) -> Bool {
        manifests.isTest(location.relativePath, absolutePath: Paths.absolute(location.file))
    }

    // MARK: - Project pass

    public func analyzeProject(_ facts: [MigrationFacts]) -> [Finding] {
        var models = facts.flatMap(\.models)
        // GRDB's table name may be declared in another extension of the record type.
        var grdbTables: [String: String] = [:]
        for model in models where model.orm == "GRDB" {
            if case let .literal(name) = model.table { grdbTables[model.typeName] = name }
        }
        let resolver = NameResolver(constants: ConstantTable(facts.map(\.constants)), modelTables: Dictionary(models.compactMap { model -> (String, String)? in
            if case let .literal(name) = model.table { return (model.typeName, name) }
            return nil
        }, uniquingKeysWith: { first, _ in first }), grdbTables: grdbTables)
        let groups = GroupExpander(facts, resolver)
        models = models.map { model in
            var model = model
            model.columns = groups.expand(model.columns)
            return model
        }
        let migrations = Self.migrations(facts)
        let schema = CreatedSchema(facts.flatMap(\.schemaChanges) + migrations.flatMap(\.prepare), resolver)
        let fixer = MigrationFixer(facts: facts, migrations: migrations, resolver: resolver, isTest: isTest)
        // Fixes are made parents first: a new table's migration comes before one referring to it.
        models = fixer.parentsFirst(models)
        // MongoDB as the only database (`FluentMongoDriver`): a collection is made by its first insert, a document has no
        // fixed columns; no migration need create either.
        let drivers = Set(facts.flatMap { $0.drivers ?? [] })
        let schemaless = drivers.contains("FluentMongoDriver") && drivers.count == 1
        return sqlFindings(facts)
            + models.filter { (includeTests || !isTest($0.tableLocation)) && !(schemaless && $0.orm == "Fluent") }
                .flatMap { modelFindings($0, schema, resolver, fixer) }
            + migrationFindings(migrations, registered: Set(facts.flatMap(\.registeredNames)),
                                registersThroughFactory: facts.contains { $0.registersThroughFactory == true }, resolver, fixer)
    }

    /// What the migrations create, and the columns they give each table.
    struct CreatedSchema {
        var tables = Set<String>()
        var columns: [String: Set<String>] = [:]
        /// Tables with a column that cannot be read: not checked column by column.
        var unreadable = Set<String>()
        /// Tables created or renamed under a name that cannot be read: a missing table is then no evidence.
        var unreadableCreations = 0

        init(_ changes: [MigrationFacts.SchemaChange], _ resolver: NameResolver) {
            for change in changes {
                guard let table = resolver.resolve(change.table) else {
                    if change.action != .delete, change.action != .update { unreadableCreations += 1 }
                    continue
                }
                switch change.action {
                case .create, .update:
                    tables.insert(table)
                    for column in change.addedColumns {
                        if let name = resolver.resolve(column) { columns[table, default: []].insert(name) } else { unreadable.insert(table) }
                    }
                    if change.hasUnreadableColumns { unreadable.insert(table) }
                case let .rename(target):
                    if let name = resolver.resolve(target) {
                        tables.insert(name)
                        columns[name, default: []].formUnion(columns[table] ?? [])
                        if unreadable.contains(table) { unreadable.insert(name) }
                    }
                case .delete:
                    break
                }
            }
        }
    }

    private func modelFindings(_ model: MigrationFacts.Model, _ schema: CreatedSchema, _ resolver: NameResolver, _ fixer: MigrationFixer) -> [Finding] {
        let kind = model.orm == "GRDB" ? "record" : "model"
        guard let table = resolver.resolve(model.table) else {
            return [finding(Self.unresolved, "the table of \(kind) `\(model.typeName)` cannot be read statically (\(model.table.written)); "
                            + "it is not checked", model.tableLocation)]
        }
        if !schema.tables.contains(table), model.readsForeignDatabase {
            return [finding(Self.unresolved, "table `\(table)` of \(kind) `\(model.typeName)` belongs to a database this file opens but "
                            + "never creates or migrates (a system or bundled one); it is not checked", model.tableLocation)]
        }
        guard schema.tables.contains(table) else {
            let fix = isTest(model.tableLocation) ? nil
                : model.orm == "Fluent" ? fixer.createTable(model, table: table) : fixer.grdbMigration(model, table: table, missing: nil)
            var missing = finding(Self.missingTable, "table `\(table)` of \(kind) `\(model.typeName)` is created by no migration", model.tableLocation,
                                  fix: fix)
            missing.confidence = Self.missingTableConfidence(model, schema)
            return [missing]
        }
        guard !schema.unreadable.contains(table) else { return [] }
        let missing = model.columns.filter { column in resolver.resolve(column.name).map { !(schema.columns[table]?.contains($0) ?? false) } ?? false }
        let fix = missing.isEmpty || isTest(model.tableLocation) ? nil : model.orm == "Fluent" ? fixer.addColumns(model, missing, table: table)
            : fixer.grdbMigration(model, table: table, missing: Set(missing.compactMap { resolver.resolve($0.name) }))
        return model.columns.compactMap { column in
            guard let name = resolver.resolve(column.name) else {
                return finding(Self.unresolved, "the column of `\(model.typeName).\(column.property)` cannot be read statically "
                               + "(\(column.name.written)); it is not checked", column.location)
            }
            guard !(schema.columns[table]?.contains(name) ?? false) else { return nil }
            return finding(Self.missingColumn,
                           "column `\(name)` of `\(model.typeName).\(column.property)` is not created for table `\(table)` by any migration", column.location,
                           fix: fix)
        }
    }

    private func migrationFindings(_ migrations: [MigrationFacts.FluentMigration], registered: Set<String>, registersThroughFactory: Bool,
                                   _ resolver: NameResolver, _ fixer: MigrationFixer) -> [Finding] {
        let registeredLastComponents = Set(registered.map { String($0.split(separator: ".").last ?? "") })
        var findings: [Finding] = []
        for migration in migrations where includeTests || !isTest(migration.location) {
            let simpleName = String(migration.qualifiedName.split(separator: ".").last ?? "")
            if !registered.contains(migration.qualifiedName) && !registeredLastComponents.contains(simpleName) {
                var unregistered = finding(Self.unregistered, "migration `\(migration.qualifiedName)` is never added to a migrations list "
                                           + "(`app.migrations.add(\(migration.qualifiedName)())`)", migration.location,
                                           fix: (isTest(migration.location) ? nil : fixer.register(migration), nil))
                // A project that registers no migration at all may be a library whose app registers them.
                // So may one registering through a factory (`add(AdminUser.migration(.one))`): what it returns is not read.
                if registered.isEmpty || registersThroughFactory { unregistered.confidence = .low }
                findings.append(unregistered)
            }
            if let problem = irreversibility(migration, resolver) {
                findings.append(finding(Self.irreversible, problem, migration.location, fix: (fixer.completeRevert(migration), nil)))
            }
        }
        return findings
    }

    private func finding(_ rule: Rule, _ message: String, _ location: SourceLocation, fix: (fix: Fix?, note: String?)? = nil) -> Finding {
        var finding = Finding(rule: rule, message: message + (fix?.note.map { " (\($0))" } ?? ""), at: location)
        finding.fix = fix?.fix
        return finding
    }

    /// Fluent migrations: types conforming to `Migration`/`AsyncMigration`, or to a protocol of
    /// the project's own that refines them (in any file). Without a `revert` of its own, such a
    /// type gets its protocol extension's: an empty default means nothing is reverted.
    static func migrations(_ facts: [MigrationFacts]) -> [MigrationFacts.FluentMigration] {
        let protocols = facts.reduce(into: [String: [String]]()) { $0.merge($1.protocols) { first, _ in first } }
        var migrationProtocols: Set<String> = ["Migration", "AsyncMigration"]
        var grew = true
        while grew {
            let refined = protocols.filter { !migrationProtocols.contains($0.key) && !migrationProtocols.isDisjoint(with: $0.value) }.keys
            grew = !refined.isEmpty
            migrationProtocols.formUnion(refined)
        }
        let emptyDefaults = facts.reduce(into: Set<String>()) { $0.formUnion($1.emptyDefaultReverts) }
        let own = facts.flatMap(\.candidateMigrations).compactMap { candidate -> MigrationFacts.FluentMigration? in
            let conformances = Set(candidate.conformances).intersection(migrationProtocols)
            guard !conformances.isEmpty else { return nil }
            var migration = candidate
            // A default revert that is not known to be empty might undo anything: not judged.
            if !candidate.definesRevert, conformances.isDisjoint(with: emptyDefaults) { migration.prepare = [] }
            return migration
        }
        return facts.flatMap(\.fluentMigrations) + own
    }

    /// What `prepare` creates or adds that `revert` leaves in place.
    private func irreversibility(_ migration: MigrationFacts.FluentMigration, _ resolver: NameResolver) -> String? {
        let deletedTables = Set(migration.revert.compactMap { $0.action == .delete ? resolver.resolve($0.table) : nil })
        var removedColumns: [String: Set<String>] = [:]
        for change in migration.revert {
            guard let table = resolver.resolve(change.table) else { return nil }
            removedColumns[table, default: []].formUnion(change.removedColumns.compactMap(resolver.resolve))
        }
        let revertedTables = Set(migration.revert.compactMap { resolver.resolve($0.table) })
        for change in migration.prepare {
            guard let table = resolver.resolve(change.table) else { continue }
            switch change.action {
            case .create where !deletedTables.contains(table):
                return "`\(migration.qualifiedName)` creates table `\(table)` but its revert never deletes it"
            case .update where !deletedTables.contains(table):
                // Dropped and added again in the same prepare (a reset): nothing is left to undo.
                let droppedHere = Set(migration.prepare.filter { resolver.resolve($0.table) == table }.flatMap(\.removedColumns).compactMap(resolver.resolve))
                let added = change.addedColumns.compactMap(resolver.resolve)
                let kept = added.filter { !(removedColumns[table]?.contains($0) ?? false) && !droppedHere.contains($0) }
                if !kept.isEmpty {
                    return "`\(migration.qualifiedName)` adds \(kept.map { "`\($0)`" }.joined(separator: ", ")) to `\(table)` but its revert never " +
                        "deletes \(kept.count == 1 ? "it" : "them")"
                }
                if change.constraintChanges > 0, !revertedTables.contains(table) {
                    return "`\(migration.qualifiedName)` changes a unique constraint, index or foreign key of `\(table)` but its revert does nothing to it"
                }
            default:
                break
            }
        }
        return nil
    }

    // MARK: - SQL migration files

    /// An SQL file's schema changes when it is a migration (under the configured folders;
    /// default: any folder named `Migrations` or `migrations`), and whether it needs a down.
    public func analyze(input: InputFile) -> FileAnalysis<MigrationFacts> {
        var facts = MigrationFacts()
        facts.sqlFiles = [input.absolutePath]
        guard isSQLMigration(input.relativePath), let text = input.text else { return FileAnalysis(facts: facts) }
        let location = SourceLocation(file: input.path, relativePath: input.relativePath, line: 1, column: 1)
        let (up, down) = Self.upSection(of: text, path: input.absolutePath)
        facts.schemaChanges = SQLSchemaReader.changes(in: up).map { MigrationFacts.SchemaChange(sqlChange: $0, location: location) }
        if down != .present, SQLSchemaReader.mentionsDDL(up) {
            let downFile: String? = if case let .file(path) = down { path } else { nil }
            facts.sqlUpMigrations = [.init(location: location, lineCount: LineIndex(bytes: input.bytes ?? []).count, downFile: downFile)]
        }
        return FileAnalysis(facts: facts)
    }

    /// SQL up migrations without their down. The finding covers the whole file, so a
    /// `-- gatekeeper:ignore migrations/irreversible` anywhere in it accepts an intended one.
    private func sqlFindings(_ facts: [MigrationFacts]) -> [Finding] {
        let seen = facts.reduce(into: Set<String>()) { $0.formUnion($1.sqlFiles) }
        return facts.flatMap(\.sqlUpMigrations).compactMap { migration in
            if let downFile = migration.downFile, seen.contains(downFile) { return nil }
            let name = (migration.location.file as NSString).lastPathComponent
            var finding = finding(Self.irreversible, "SQL up migration `\(name)` has no down migration", migration.location)
            finding.lineSpan = 1...max(1, migration.lineCount)
            return finding
        }
    }

    private func isSQLMigration(_ relative: String) -> Bool {
        if relative.hasSuffix(".down.sql") { return false }
        if let sqlDirectories { return sqlDirectories.contains { $0.matches(relative) } }
        return relative.split(separator: "/").dropLast().contains { $0 == "Migrations" || $0 == "migrations" }
    }

    enum DownMigration: Equatable {
        /// In the same file (`-- migrate:down`), or not needed.
        case present
        /// Missing from a file that has an up section.
        case missing
        /// The `*.down.sql` file beside an `*.up.sql` one.
        case file(String)
    }

    /// The up part of a migration file and where its down is, by the common conventions:
    /// `*.up.sql` beside `*.down.sql`, `-- +migrate Up/Down` (sql-migrate), `-- migrate:up/down`
    /// (dbmate). A file of no convention is all up, and needs no down.
    static func upSection(of text: String, path: String) -> (up: String, down: DownMigration) {
        if path.hasSuffix(".up.sql") {
            return (text, .file(String(path.dropLast(".up.sql".count)) + ".down.sql"))
        }
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        func marker(_ line: Substring) -> String? {
            let compact = line.lowercased().replacingOccurrences(of: " ", with: "")
            if compact.hasPrefix("--+migrateup") || compact.hasPrefix("--migrate:up") { return "up" }
            if compact.hasPrefix("--+migratedown") || compact.hasPrefix("--migrate:down") { return "down" }
            return nil
        }
        guard lines.contains(where: { marker($0) == "up" }) else { return (text, .present) }
        var section = ""
        var up: [Substring] = []
        var hasDown = false
        for line in lines {
            if let found = marker(line) {
                section = found
                if found == "down" { hasDown = true }
                continue
            }
            if section == "up" { up.append(line) }
        }
        return (up.joined(separator: "\n"), hasDown ? .present : .missing)
    }
}

/// A Fluent `@Group(key: "pet") var pet: Pet` is the fields of `Pet`, their keys prefixed
/// (`pet_name`), nested groups too; a group whose type or key cannot be read is left out.
struct GroupExpander {
    let types: [String: [MigrationFacts.Column]]
    let resolver: NameResolver

    init(_ facts: [MigrationFacts], _ resolver: NameResolver) {
        var types: [String: [MigrationFacts.Column]] = [:]
        for (name, columns) in facts.flatMap({ ($0.fieldsTypes ?? [:]).sorted { $0.key < $1.key } }) {
            types[name] = types[name] ?? columns
            let simple = String(name.split(separator: ".").last ?? "")
            types[simple] = types[simple] ?? columns
        }
        self.types = types
        self.resolver = resolver
    }

    func expand(_ columns: [MigrationFacts.Column], depth: Int = 0) -> [MigrationFacts.Column] {
        columns.flatMap { column -> [MigrationFacts.Column] in
            guard column.wrapper == "@Group" else { return [column] }
            let typeName = (column.type ?? "").replacingOccurrences(of: "?", with: "").trimmingCharacters(in: .whitespaces)
            guard depth < 4, let inner = types[typeName] ?? types[String(typeName.split(separator: ".").last ?? "")],
                  let prefix = resolver.resolve(column.name) else { return [] }
            return expand(inner, depth: depth + 1).compactMap { field in
                guard let key = resolver.resolve(field.name) else { return nil }
                var prefixed = field
                prefixed.name = .literal(prefix + "_" + key)
                prefixed.property = column.property + "." + field.property
                // Reported where the group is declared, in the model.
                prefixed.location = column.location
                return prefixed
            }
        }
    }
}

/// Turns table and column names into strings: model schemas and GRDB table names first, then
/// constants across files.
struct NameResolver {
    let constants: ConstantTable
    let modelTables: [String: String]
    let grdbTables: [String: String]

    func resolve(_ name: MigrationFacts.Name) -> String? {
        guard case let .reference(reference) = name else { return constants.resolve(name) }
        if reference.hasPrefix("GRDB.default.") {
            let type = String(reference.dropFirst("GRDB.default.".count))
            return grdbTables[type] ?? Self.grdbDefaultTableName(type)
        }
        if reference.hasSuffix(".schema"), constants.values[reference] == nil {
            let type = String(reference.dropLast(".schema".count))
            if let table = modelTables[type] ?? modelTables.first(where: { $0.key.hasSuffix("." + type) })?.value { return table }
        }
        if reference.hasSuffix(".databaseTableName") {
            let type = String(reference.dropLast(".databaseTableName".count))
            return grdbTables[type] ?? Self.grdbDefaultTableName(type)
        }
        return constants.resolve(reference)
    }

    /// GRDB's default table name: the type name with its leading capitals lowercased
    /// (`Player` → `player`, `PostalAddress` → `postalAddress`, `HTTPRequest` → `httpRequest`,
    /// `TOEFL` → `toefl`).
    static func grdbDefaultTableName(_ qualifiedName: String) -> String {
        // GRDB names the table after the type's own name (`"\(Self.self)"`): `Identity.Instance` is `instance`.
        let typeName = qualifiedName.split(separator: ".").last.map(String.init) ?? qualifiedName
        let characters = Array(typeName)
        var leading = 0
        while leading < characters.count, characters[leading].isUppercase { leading += 1 }
        if leading == characters.count { return typeName.lowercased() }
        // In `HTTPRequest` the last capital of the run starts the next word.
        let lowered = leading > 1 ? leading - 1 : leading
        return String(characters[..<lowered]).lowercased() + String(characters[lowered...])
    }
}
