import Fluent

final class Item: Model, @unchecked Sendable {
    static let schema = "items"
    @ID(key: .id) var id: UUID?
    @Field(key: "name") var name: String
    @Field(key: "count") var count: Int
    init() {}
}

// A generic constraint names no model.
extension Collection where Element: Model {
    var identifiers: [Element.IDValue] { compactMap(\.id) }
}
