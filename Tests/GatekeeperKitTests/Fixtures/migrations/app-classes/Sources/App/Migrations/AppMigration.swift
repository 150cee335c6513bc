import Fluent

/// The project's own migration protocol: reverting does nothing unless a migration says how.
protocol AppMigration: AsyncMigration {}

extension AppMigration {
    func revert(on database: Database) async throws {}
}
