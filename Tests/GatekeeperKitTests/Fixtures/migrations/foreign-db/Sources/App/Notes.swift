import GRDB

/// The app's own table: its migrator creates nothing for it.
struct Note: Codable, FetchableRecord, PersistableRecord {
    var text: String
}

func migrate(_ queue: DatabaseQueue) throws {
    var migrator = DatabaseMigrator()
    migrator.registerMigration("v1") { _ in }
    try migrator.migrate(queue)
}
