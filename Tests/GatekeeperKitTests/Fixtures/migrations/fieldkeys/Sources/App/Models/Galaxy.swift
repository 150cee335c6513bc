import Fluent

final class Galaxy: Model, @unchecked Sendable {
    static let schema = "galaxies"

    enum FieldKeys {
        static let name: FieldKey = "name"
        static let arms: FieldKey = "arm_count"
    }

    @ID(key: .id) var id: UUID?
    @Field(key: FieldKeys.name) var name: String
    @Field(key: Galaxy.FieldKeys.arms) var arms: Int
    @Field(key: .discoveredBy) var discoveredBy: String
    @OptionalField(key: .string("nickname")) var nickname: String?

    init() {}
}
