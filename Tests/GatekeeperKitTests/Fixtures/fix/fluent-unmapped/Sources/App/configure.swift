import Fluent
import Vapor

public func configure(_ app: Application) async throws {
    app.migrations.add(CreateInvoice(), to: .psql)
}
