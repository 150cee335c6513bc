import Foundation
import GRDB

struct Player: Codable, FetchableRecord, PersistableRecord {
    var id: Int64?
    var name: String
    var score: Int?
    var lastPlayed: Date?

    enum Columns {
        static let name = Column("name")
        static let score = Column("score")
        static let lastPlayed = Column("last_played")
    }
}

struct PostalAddress: Codable, FetchableRecord, PersistableRecord {
    var id: Int64?
    var street: String
    var city: String?
    var verifiedAt: Date?

    var label: String { street }
}
