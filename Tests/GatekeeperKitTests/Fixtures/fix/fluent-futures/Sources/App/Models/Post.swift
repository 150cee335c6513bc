import Fluent
import Foundation

extension FieldKey {
  static var title: Self { "title" }
  static var published: Self { "is_published" }
}

final class Post: Model, @unchecked Sendable {
  static let schema = "posts"

  @ID(key: .id) var id: UUID?
  @Field(key: .title) var title: String
  @OptionalParent(key: "author_id") var author: Author?
  @Boolean(key: .published) var published: Bool
  @Field(key: "tags") var tags: [String]
  @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

  init() {}
}
