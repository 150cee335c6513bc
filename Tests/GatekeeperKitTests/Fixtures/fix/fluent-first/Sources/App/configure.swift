import Fluent
import Vapor

public func configure(_ app: Application) async throws {
	app.databases.use(.sqlite(.memory), as: .sqlite)

	try routes(app)
}

func routes(_ app: Application) throws {}
