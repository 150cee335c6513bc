import GRDB

struct Player: Codable, FetchableRecord, PersistableRecord {
    var id: Int64?
    var name: String
    var score: Int

    enum Columns {
        static let name = Column("name")
        static let score = Column("score")
    }
}

struct PostalAddress: Codable, FetchableRecord, PersistableRecord {
    var street: String
}

struct Team: TableRecord {
    static let databaseTableName = "teams"
}

func makeMigrator() -> DatabaseMigrator {
    var migrator = DatabaseMigrator()
    migrator.registerMigration("v1") { db in
        try db.create(table: "player") { t in
            t.autoIncrementedPrimaryKey("id")
            t.column("name", .text).notNull()
        }
    }
    migrator.registerMigration("v2") { db in
        try db.create(table: "teams") { t in
            t.autoIncrementedPrimaryKey("id")
        }
    }
    return migrator
}

struct Match: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "matches"
    var id: Int64
    var homeScore: Int
    var awayScore: Int

    enum CodingKeys: String, CodingKey {
        case id
        case homeScore = "home_score"
        case awayScore = "away_score"
    }

    enum Columns {
        static let homeScore = Column("home_score")
    }
}

func createMatches(_ db: Database) throws {
    try db.create(table: "matches") { t in
        t.autoIncrementedPrimaryKey("id")
        t.column("home_score", .integer)
    }
}
