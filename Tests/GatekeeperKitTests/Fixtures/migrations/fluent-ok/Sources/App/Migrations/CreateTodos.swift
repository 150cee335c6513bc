import Fluent
import SQLKit

struct CreateTodos: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await (database as! any SQLDatabase).raw("CREATE TABLE todos (id BIGSERIAL PRIMARY KEY, title TEXT NOT NULL, owner_id UUID REFERENCES users (id))").run()
    }

    func revert(on database: any Database) async throws {
        try await (database as! any SQLDatabase).raw("DROP TABLE todos").run()
    }
}

struct AddNickname: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("users").field("nickname", .string).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("users").deleteField("nickname").update()
    }
}

/// Data only: an empty revert is legitimate.
struct SeedAdmin: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await User(email: "admin@example.com").create(on: database)
    }

    func revert(on database: any Database) async throws {}
}
