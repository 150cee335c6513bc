import Fluent
import struct Foundation.UUID

final class Todo: Model, @unchecked Sendable {
	static let schema = "todos"

	@ID(key: .id) var id: UUID?
	@Field(key: "title") var title: String

	init() {}
}
