import Fluent
import Foundation

struct Money: Codable {
    var cents: Int
    var currency: String
}

final class Invoice: Model, @unchecked Sendable {
    static let schema = "invoices"

    @ID(key: .id) var id: UUID?
    @Field(key: "number") var number: String
    @Field(key: "total") var total: Money
    @OptionalField(key: "paid_at") var paidAt: Date?

    init() {}
}
