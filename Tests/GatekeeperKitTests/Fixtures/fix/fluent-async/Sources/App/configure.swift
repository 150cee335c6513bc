import Fluent
import Vapor

public func configure(_ app: Application) async throws {
    app.migrations.add(CreateUser())
    app.migrations.add(AddUniqueUserName())
    try await app.autoMigrate()
}
