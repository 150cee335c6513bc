import Fluent
import Vapor

public func configure(_ app: Application) throws {
  app.migrations.add([
    CreateAuthor(),
    AddAuthorEmail(),
  ])
}
