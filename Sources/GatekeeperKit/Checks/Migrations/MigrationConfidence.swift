extension MigrationsCheck {
    /// High when every table creation in the project was read (the code is the evidence); medium
    /// when the record's table is GRDB's default name from its type (one inference); low when some
    /// creation's table name could not be read (it may be this one).
    static func missingTableConfidence(_ model: MigrationFacts.Model, _ schema: CreatedSchema) -> Confidence {
        if schema.unreadableCreations > 0 { return .low }
        if case let .reference(reference) = model.table, reference.hasPrefix("GRDB.default.") { return .medium }
        return .high
    }
}
