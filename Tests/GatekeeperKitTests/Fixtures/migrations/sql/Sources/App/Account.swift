import FluentKit

final class Account: Model, @unchecked Sendable {
    static let schema = "accounts"
    @ID(custom: "id") var id: Int?
    @Field(key: "email") var email: String
    @OptionalField(key: "last_login") var lastLogin: Date?
    @Field(key: "display_name") var displayName: String
    init() {}
}

final class Audit: Model, @unchecked Sendable {
    static let schema = "audit"
    @ID(custom: "id") var id: Int?
    init() {}
}
