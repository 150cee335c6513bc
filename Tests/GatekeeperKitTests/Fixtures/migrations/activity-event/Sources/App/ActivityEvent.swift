import Fluent

final class ActivityEvent: Model, @unchecked Sendable {
    static let schema = "activity_events"

    @ID(key: .id) var id: UUID?
    @Field(key: "kind") var kind: String

    init() {}
}
