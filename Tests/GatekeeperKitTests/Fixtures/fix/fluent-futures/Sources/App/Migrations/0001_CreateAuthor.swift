import Fluent

struct CreateAuthor: Migration {
  func prepare(on database: Database) -> EventLoopFuture<Void> {
    database.schema("authors")
      .field("id", .int, .identifier(auto: true))
      .field("name", .string, .required)
      .create()
  }

  func revert(on database: Database) -> EventLoopFuture<Void> {
    database.schema("authors").delete()
  }
}
