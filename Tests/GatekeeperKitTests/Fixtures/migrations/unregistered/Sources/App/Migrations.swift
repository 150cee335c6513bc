import Fluent

struct CreateTags: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("tags").id().create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("tags").delete()
    }
}

struct CreateLabels: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("labels").id().create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("labels").delete()
    }
}

func configure(_ app: Application) {
    app.migrations.add(CreateTags())
}
