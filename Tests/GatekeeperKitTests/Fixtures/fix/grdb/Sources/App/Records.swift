import Foundation
import GRDB

struct Player: Codable, FetchableRecord, PersistableRecord {
    var id: Int64?
    var name: String
    var score: Int?

    enum Columns {
        static let name = Column("name")
        static let score = Column("score")
    }
}

struct PostalAddress: Codable, FetchableRecord, PersistableRecord {
    var id: Int64?
    var street: String
    var city: String?
    var verifiedAt: Date?

    var label: String { street }
}
