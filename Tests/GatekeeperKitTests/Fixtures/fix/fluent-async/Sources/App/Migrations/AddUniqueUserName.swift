import Fluent

struct AddUniqueUserName: AsyncMigration {
    func prepare(on database: Database) async throws {
        try await database.schema("users")
            .unique(on: "name")
            .update()
    }

    func revert(on database: Database) async throws {
    }
}
