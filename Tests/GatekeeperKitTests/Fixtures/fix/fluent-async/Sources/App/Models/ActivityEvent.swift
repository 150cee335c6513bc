import Fluent
import Foundation

enum ActivityKind: String, Codable {
    case login, logout
}

final class Device: Fields, @unchecked Sendable {
    @Field(key: "name") var name: String
    @OptionalField(key: "os") var os: String?

    init() {}
}

final class ActivityEvent: Model, @unchecked Sendable {
    static let schema = "activity_events"

    @ID(key: .id) var id: UUID?
    @Parent(key: "user_id") var user: User
    @Enum(key: "kind") var kind: ActivityKind
    @Field(key: "payload") var payload: [String: String]
    @Field(key: "score") var score: Double
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Group(key: "device") var device: Device

    init() {}
}
