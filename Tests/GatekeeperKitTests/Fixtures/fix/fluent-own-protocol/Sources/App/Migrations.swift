import Fluent
import Vapor

/// The project's migrations: reverting is opt-in.
protocol AppMigration: AsyncMigration {}

extension AppMigration {
    func revert(on database: any Database) async throws {}
}

final class Tag: Model, @unchecked Sendable {
    static let schema = "tags"

    @ID(key: .id) var id: UUID?
    @Field(key: "label") var label: String

    init() {}
}

struct CreateTag: AppMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema("tags").id().field("label", .string, .required).create()
    }
}

func configure(_ app: Application) {
    app.migrations.add(CreateTag())
}
