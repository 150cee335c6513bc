import GRDB

/// A team, made a record in an extension (as GRDB's demo app does).
struct Team: Equatable {
    var id: Int64?
    var name: String
}

extension Team: Codable, FetchableRecord, PersistableRecord {}
