import Fluent
import Vapor

public func configure(_ app: Application) async throws {
	app.databases.use(.sqlite(.memory), as: .sqlite)

	try routes(app)
}

func routes(_ app: Application) throws {}

/// A request body, named as the migration would be: the migration takes another name.
struct CreateTodo: Codable {
	var title: String
}
