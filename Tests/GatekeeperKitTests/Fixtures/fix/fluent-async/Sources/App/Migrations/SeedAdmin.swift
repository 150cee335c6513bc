import Fluent

struct SeedAdmin: AsyncMigration {
    func prepare(on database: Database) async throws {}

    func revert(on database: Database) async throws {}
}
