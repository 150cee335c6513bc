import Fluent

struct CreateTags: Migration {
  func prepare(on database: Database) -> EventLoopFuture<Void> {
    database.schema("tags").id().field("label", .string, .required).create().flatMap {
      database.schema("authors").field("bio", .string).update()
    }
  }

  func revert(on database: Database) -> EventLoopFuture<Void> {}
}

struct AddAuthorEmail: Migration {
  func prepare(on database: Database) -> EventLoopFuture<Void> {
    database.schema("authors").field("email", .string).update()
  }

  func revert(on database: Database) -> EventLoopFuture<Void> {
    database.schema("authors").deleteField("email").update()
  }
}
