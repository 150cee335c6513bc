import Fluent

final class Post: Model, @unchecked Sendable {
    static let schema = "posts"

    @ID(key: .id) var id: UUID?
    @Field(key: "title") var title: String
    @Field(key: "published_at") var publishedAt: Date

    init() {}
}

struct CreatePosts: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("posts").id().field("title", .string, .required).create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("posts").delete()
    }
}

let migrations: [any AsyncMigration] = [CreatePosts()]
