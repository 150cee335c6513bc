import Fluent

struct CreateInvoices: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("invoices").id().field("total", .int, .required).create()
    }

    func revert(on database: any Database) async throws {}
}

struct AddInvoiceNotes: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("invoices").field("notes", .string).field("due", .date).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("invoices").deleteField("notes").update()
    }
}

// gatekeeper:ignore migrations/irreversible -- the archive table is kept on purpose
struct CreateArchive: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("archive").id().create()
    }

    func revert(on database: any Database) async throws {}
}

func configure(_ app: Application) {
    app.migrations.add(CreateInvoices(), AddInvoiceNotes(), CreateArchive())
}
