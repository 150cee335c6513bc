import Fluent
import Foundation

enum Mood: Int, Codable {
  case calm, angry
}

final class Comment: Model, @unchecked Sendable {
  static let schema = "comments"

  @ID(key: .id) var id: UUID?
  @Parent(key: "post_id") var post: Post
  @Field(key: "mood") var mood: Mood
  @Field(key: "body") var body: String

  init() {}
}
