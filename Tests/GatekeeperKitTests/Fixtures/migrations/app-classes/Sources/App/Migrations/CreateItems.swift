import Fluent

struct CreateItems: AsyncMigration {
    func prepare(on database: Database) async throws {
        try await database.schema("items").id().field("name", .string, .required).field("count", .int).create()
    }
    func revert(on database: Database) async throws {
        try await database.schema("items").delete()
    }
}

// A unique constraint added, and a revert that does nothing.
struct AddItemNameIndex: AsyncMigration {
    func prepare(on database: Database) async throws {
        try await database.schema("items").unique(on: "name").update()
    }
    func revert(on database: Database) async throws {}
}

// A foreign key dropped through SQL, and a revert that does nothing.
struct DropLegacyForeignKey: AsyncMigration {
    func prepare(on database: Database) async throws {
        try await (database as! SQLDatabase).raw("ALTER TABLE items DROP CONSTRAINT items_owner_fkey").run()
    }
    func revert(on database: Database) async throws {}
}

// Drops a column and adds it again (resets its data): nothing is left to revert.
struct ResetCounts: AsyncMigration {
    func prepare(on database: Database) async throws {
        try await database.schema("items").deleteField("count").update()
        try await database.schema("items").field("count", .int).update()
    }
    func revert(on database: Database) async throws {}
}

// Run directly by the app, not through a migrations list.
struct SeedItems: AsyncMigration {
    func prepare(on database: Database) async throws {
        try await Item().create(on: database)
    }
    func revert(on database: Database) async throws {}
}
