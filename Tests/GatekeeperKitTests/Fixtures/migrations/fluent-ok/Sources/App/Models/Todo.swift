import FluentKit

final class Todo: Model, @unchecked Sendable {
    static let schema: String = "todos"

    @ID(custom: "id") var id: Int?
    @Field(key: "title") var title: String
    @Parent(key: "owner_id") var owner: User

    init() {}
}
