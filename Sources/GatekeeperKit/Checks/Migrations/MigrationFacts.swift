/// What one file tells the migrations check; the project pass joins these across files.
public struct MigrationFacts: Sendable, Codable {
    /// A table or column name as written.
    typealias Name = StaticText

    /// An ORM model (Fluent `Model`, GRDB record) and the columns it uses.
    struct Column: Sendable, Codable {
        var name: Name
        var property: String
        var location: SourceLocation
        /// Its property wrapper (`@Field`) and Swift type as written (`String?`), for the migration `fix` writes.
        var wrapper: String?
        var type: String?
    }

    struct Model: Sendable, Codable {
        var orm: String
        var typeName: String
        var table: Name
        var tableLocation: SourceLocation
        var columns: [Column]
        /// Declared in a file that opens a database by path and never creates or migrates
        /// anything: the record reads a database this code does not own (a system or bundled one).
        var readsForeignDatabase = false
        /// A GRDB record's stored instance properties, `[name, type]`, for the migration `fix` writes.
        var properties: [[String]]?
    }

    /// A GRDB `registerMigration("name") { db in … }` call: its name, where it ends, and the text
    /// before `.registerMigration` on its line (`    migrator`), for appending another.
    struct MigratorSite: Sendable, Codable {
        var name: String
        var location: SourceLocation
        var end: Int
        var receiver: String
        var indent: String
    }

    /// One schema change: created, altered or dropped table, with the columns it adds/removes.
    struct SchemaChange: Sendable, Codable {
        enum Action: Sendable, Equatable, Codable { case create, update, delete, rename(to: Name) }
        var table: Name
        var action: Action
        var addedColumns: [Name]
        var removedColumns: [Name]
        /// Some column could not be read (a computed key), so column checks skip this table.
        var hasUnreadableColumns: Bool
        var location: SourceLocation
        /// Unique constraints, indexes and foreign keys added or dropped: schema too.
        var constraintChanges = 0
        /// The fields of each `.unique(on:)` it adds (what `.deleteUnique(on:)` undoes exactly).
        var uniques: [[Name]]?
    }

    /// A Fluent migration type and what its `prepare` and `revert` do.
    struct FluentMigration: Sendable, Codable {
        var qualifiedName: String
        var location: SourceLocation
        var prepare: [SchemaChange]
        var revert: [SchemaChange]
        var revertIsEmpty: Bool
        /// What it conforms to, and whether it writes its own `revert` (else a protocol
        /// extension's default applies).
        var conformances: [String] = []
        var definesRevert = true
        /// Where its `revert` body is, for completing it.
        var revertSite: RevertSite?
        /// Without a `revert` of its own: its `prepare`'s signature (`func prepare(on db: any Database) async throws`)
        /// and where a `revert` would go (the start of the line of the type's closing brace), for writing one.
        var prepareSignature: String?
        var bodyEnd: Int?
    }

    /// A `revert`'s braces (byte offsets), its line's indentation and the database parameter's name.
    struct RevertSite: Sendable, Codable {
        var open: Int
        var close: Int
        var indent: String
        var database: String
        /// Its braces are on one line (`{}`, `{ try await … }`).
        var oneLine: Bool
        /// The parameter's type is written `any Database`.
        var anyDatabase: Bool?
    }

    /// One migration constructed in a registration (`app.migrations.add(A())`, `[A(), B()]`).
    struct RegistrationSite: Sendable, Codable {
        var name: String
        var location: SourceLocation
        /// The list it is in (the byte offset of its `[`; -1 for the file's `add(…)` calls), and the byte after its constructor.
        var list: Int
        var end: Int
        /// Text between the previous constructor of the list and this one (`, ` or `,\n    `).
        var separator: String?
        /// When the statement is this one registration on one line: the line, its bytes, and its
        /// constructor's bytes within it.
        var line: String?
        var lineStart: Int?
        var lineEnd: Int?
        var constructor: [Int]?
    }

    var models: [Model] = []
    /// Schema changes that make tables exist wherever they run (GRDB `create(table:)`, raw SQL).
    var schemaChanges: [SchemaChange] = []
    var fluentMigrations: [FluentMigration] = []
    /// Types with a `prepare` conforming to something other than Migration/AsyncMigration: the
    /// project pass decides whether that is a migration protocol of the project's own.
    var candidateMigrations: [FluentMigration] = []
    /// Protocols declared here and what they inherit; protocols whose extension gives `revert` an
    /// empty default.
    var protocols: [String: [String]] = [:]
    @SortedWhenEncoded var emptyDefaultReverts: Set<String> = []
    /// Type names constructed where migrations are registered (`migrations.add(...)`, array literals).
    @SortedWhenEncoded var registeredNames: Set<String> = []
    var registrationSites: [RegistrationSite]?
    /// An `add(…)` here registers what a static function returns (`add(AdminUser.migration(.one))`), which is not read.
    var registersThroughFactory: Bool?
    /// The Fluent database drivers this file imports (`FluentMongoDriver`, `FluentPostgresDriver`, …).
    var drivers: [String]?
    /// Fluent `Fields` types (what a `@Group` holds) and their fields, by qualified name.
    var fieldsTypes: [String: [Column]]?
    /// Types declared here whose names a migration `fix` could choose (`Create…`, `Add…`).
    var typeNames: [String]?
    /// Enums with a raw value type (`enum Status: String`), by qualified name.
    var rawTypes: [String: String]?
    var migratorSites: [MigratorSite]?
    /// One level of indentation in this file (`    `, `  `, a tab), when it indents anything.
    var indentUnit: String?
    /// `Container.NAME` → value, for `static let NAME = "…"` / `: FieldKey = "…"` constants.
    var constants: [String: String] = [:]
    /// SQL files seen (absolute paths), and SQL up migrations with the down file they need
    /// (nil: a down section of their own is missing).
    @SortedWhenEncoded var sqlFiles: Set<String> = []
    var sqlUpMigrations: [SQLUpMigration] = []

    struct SQLUpMigration: Sendable, Codable {
        var location: SourceLocation
        var lineCount: Int
        var downFile: String?
    }

    /// Nothing any project pass could use.
    var isEmpty: Bool {
        models.isEmpty && schemaChanges.isEmpty && fluentMigrations.isEmpty && candidateMigrations.isEmpty && protocols.isEmpty
            && emptyDefaultReverts.isEmpty && registeredNames.isEmpty && constants.isEmpty && sqlFiles.isEmpty && sqlUpMigrations.isEmpty
            && migratorSites == nil && rawTypes == nil && fieldsTypes == nil && registrationSites == nil
            && typeNames == nil && registersThroughFactory == nil && drivers == nil
    }
}

/// A set stored as a sorted array: a set's order changes from run to run, and equal facts must be
/// equal text (the cache keys the project pass by it).
@propertyWrapper
struct SortedWhenEncoded: Sendable, Codable {
    var wrappedValue: Set<String>

    init(wrappedValue: Set<String>) {
        self.wrappedValue = wrappedValue
    }

    init(from decoder: any Decoder) throws {
        wrappedValue = Set(try decoder.singleValueContainer().decode([String].self))
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(wrappedValue.sorted())
    }
}
