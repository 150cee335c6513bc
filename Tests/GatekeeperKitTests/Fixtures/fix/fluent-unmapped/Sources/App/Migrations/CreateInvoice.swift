import Fluent

struct CreateInvoice: AsyncMigration {
    func prepare(on database: Database) async throws {
        try await database.schema("invoices")
            .id()
            .field("number", .string, .required)
            .create()
    }

    func revert(on database: Database) async throws {
        try await database.schema("invoices").delete()
    }
}
