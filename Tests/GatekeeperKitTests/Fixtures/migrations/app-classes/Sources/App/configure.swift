import Fluent
import Vapor

func configure(_ app: Application) async throws {
    app.migrations.add(CreateItems(), AddItemNameIndex(), DropLegacyForeignKey(), ResetCounts(), CreateTags())
    try await SeedItems().prepare(on: app.db)
}
