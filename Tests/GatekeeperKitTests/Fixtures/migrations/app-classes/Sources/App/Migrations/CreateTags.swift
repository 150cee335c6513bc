import Fluent

struct CreateTags: AppMigration {
    func prepare(on database: Database) async throws {
        try await database.schema("tags").id().field("label", .string).create()
    }
}
