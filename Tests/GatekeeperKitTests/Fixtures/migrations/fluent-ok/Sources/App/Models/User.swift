import Fluent
import Vapor

final class User: Model, Content, @unchecked Sendable {
    static let schema = "users"

    @ID(key: .id) var id: UUID?
    @Field(key: "email") var email: String
    @OptionalField(key: "nickname") var nickname: String?
    @Enum(key: "role") var role: Role
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Children(for: \.$owner) var todos: [Todo]

    init() {}
}

extension User {
    struct CreateUsers: AsyncMigration {
        func prepare(on database: any Database) async throws {
            try await database.schema(User.schema)
                .id()
                .field("email", .string, .required)
                .field("role", .string, .required)
                .field("created_at", .datetime)
                .unique(on: "email")
                .create()
        }

        func revert(on database: any Database) async throws {
            try await database.schema(User.schema).delete()
        }
    }
}
