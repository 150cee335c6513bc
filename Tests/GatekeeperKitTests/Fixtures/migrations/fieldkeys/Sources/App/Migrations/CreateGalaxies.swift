import Fluent

struct CreateGalaxies: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(Galaxy.schema)
            .id()
            .field(Galaxy.FieldKeys.name, .string, .required)
            .field(.discoveredBy, .string)
            .field(.string("nickname"), .string)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(Galaxy.schema).delete()
    }
}

let all = [CreateGalaxies()]
