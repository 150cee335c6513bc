import GRDB

/// Rows of a database the system owns: this app reads it, never creates it.
struct SystemSetting: Codable, FetchableRecord, TableRecord {
    static let databaseTableName = "Election"
    var identifier: String
}

func systemSettings() throws -> [SystemSetting] {
    let queue = try DatabaseQueue(path: "/Library/Application Support/settings.db")
    return try queue.read { try SystemSetting.fetchAll($0) }
}
