/// What one file tells the migrations check; the project pass joins these across files.
public struct MigrationFacts: Sendable {
    /// A table or column name as written.
    typealias Name = StaticText

    struct Location: Sendable {
        var file: String
        var line: Int
        var column: Int
    }

    /// An ORM model (Fluent `Model`, GRDB record) and the columns it uses.
    struct Model: Sendable {
        var orm: String
        var typeName: String
        var table: Name
        var tableLocation: Location
        var columns: [(name: Name, property: String, location: Location)]
    }

    /// One schema change: created, altered or dropped table, with the columns it adds/removes.
    struct SchemaChange: Sendable {
        enum Action: Sendable, Equatable { case create, update, delete, rename(to: Name) }
        var table: Name
        var action: Action
        var addedColumns: [Name]
        var removedColumns: [Name]
        /// Some column could not be read (a computed key), so column checks skip this table.
        var hasUnreadableColumns: Bool
        var location: Location
    }

    /// A Fluent migration type and what its `prepare` and `revert` do.
    struct FluentMigration: Sendable {
        var qualifiedName: String
        var location: Location
        var prepare: [SchemaChange]
        var revert: [SchemaChange]
        var revertIsEmpty: Bool
    }

    var models: [Model] = []
    /// Schema changes that make tables exist wherever they run (GRDB `create(table:)`, raw SQL).
    var schemaChanges: [SchemaChange] = []
    var fluentMigrations: [FluentMigration] = []
    /// Type names constructed where migrations are registered (`migrations.add(...)`, array literals).
    var registeredNames: Set<String> = []
    /// `Container.NAME` → value, for `static let NAME = "…"` / `: FieldKey = "…"` constants.
    var constants: [String: String] = [:]
    /// Names that could not be read statically, for `migrations/unresolved`.
    var unresolved: [(what: String, location: Location)] = []
}
