import Fluent
import Foundation

final class Author: Model, @unchecked Sendable {
  static let schema = "authors"

  @ID(custom: "id") var id: Int?
  @Field(key: "name") var name: String

  init() {}
}
