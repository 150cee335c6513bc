extension MigrationFixer {
    /// What a `revert` lacks to undo its `prepare`, as statements, last change first; nil when
    /// some part has no exact inverse this fix knows (a constraint or index, a raw statement's
    /// column change, a name it cannot read).
    private func missingInverses(_ migration: MigrationFacts.FluentMigration, database: String, async: Bool) -> [String]? {
        func resolve(_ name: MigrationFacts.Name) -> String? { resolver.resolve(name) }
        let deleted = Set(migration.revert.compactMap { $0.action == .delete ? resolve($0.table) : nil })
        var removed: [String: Set<String>] = [:]
        for change in migration.revert {
            guard let table = resolve(change.table) else { return nil }
            removed[table, default: []].formUnion(change.removedColumns.compactMap(resolve))
        }
        let reverted = Set(migration.revert.compactMap { resolve($0.table) })
        let created = Set(migration.prepare.compactMap { $0.action == .create ? resolve($0.table) : nil })
        let lead = async ? "try await " : ""
        var statements: [String] = []
        var undone = Set<String>()
        for change in migration.prepare {
            guard let table = resolve(change.table) else { return nil }
            switch change.action {
            case .create where !deleted.contains(table) && undone.insert(table).inserted:
                statements.append("\(lead)\(database).schema(\(literal(table))).delete()")
            case .update where !deleted.contains(table) && !created.contains(table):
                // Unique constraints added by `.unique(on:)` are undone exactly; other constraints are not guessed.
                var undo: [String] = []
                if change.constraintChanges > 0, !reverted.contains(table) {
                    guard let uniques = change.uniques, uniques.count == change.constraintChanges else { return nil }
                    for fields in uniques {
                        let names = fields.compactMap(resolve)
                        guard names.count == fields.count, !names.isEmpty else { return nil }
                        undo.append(".deleteUnique(on: \(names.map(literal).joined(separator: ", ")))")
                    }
                }
                let dropped = Set(migration.prepare.filter { resolve($0.table) == table }.flatMap(\.removedColumns).compactMap(resolve))
                var added: [String] = []
                for column in change.addedColumns {
                    guard let name = resolve(column) else { return nil }
                    if !(removed[table]?.contains(name) ?? false), !dropped.contains(name) { added.append(name) }
                }
                undo += added.map { ".deleteField(\(literal($0)))" }
                if !undo.isEmpty { statements.append("\(lead)\(database).schema(\(literal(table)))" + undo.joined() + ".update()") }
            default:
                break
            }
        }
        return statements.reversed()
    }

    /// The `revert` completed with the exact inverse of what `prepare` does and it does not undo.
    func completeRevert(_ migration: MigrationFacts.FluentMigration) -> Fix? {
        let async = migration.prepareSignature.map { $0.contains("async") }
            ?? (migration.conformances.contains("AsyncMigration") || (!migration.conformances.contains("Migration") && isAsync))
        guard let site = migration.revertSite, let statements = missingInverses(migration, database: site.database, async: async), !statements.isEmpty else {
            return nil
        }
        let inner = site.indent + indent
        let edit: Edit
        if let signature = migration.prepareSignature, let end = migration.bodyEnd {
            // No `revert` of its own (its protocol's default does nothing): one is written, signed as `prepare` is.
            guard async || statements.count == 1, let range = signature.range(of: "prepare") else { return nil }
            let revert = signature.replacingCharacters(in: range, with: "revert")
            let text = "\n\(site.indent)\(revert) {\n" + statements.map { inner + $0 + "\n" }.joined() + "\(site.indent)}\n"
            edit = Edit(range: end..<end, replacement: text)
        } else if migration.revertIsEmpty {
            let body: String
            if async || statements.count == 1 {
                body = statements.map { inner + $0 }.joined(separator: "\n")
            } else {
                // Futures run one after the other: the last change is undone first.
                body = inner + statements[0] + statements.dropFirst().map { "\n\(inner)\(indent).flatMap { \($0) }" }.joined()
            }
            edit = Edit(range: site.open + 1..<site.close, replacement: "\n" + body + "\n" + site.indent)
        } else {
            // Adding to a revert that returns a future is not a plain insertion.
            guard async, !site.oneLine else { return nil }
            edit = Edit(range: site.open + 1..<site.open + 1, replacement: statements.map { "\n" + inner + $0 }.joined())
        }
        let path = Paths.absolute(migration.location.file)
        var fix = Fix(title: "complete the revert of \(migration.qualifiedName)", edits: [])
        fix.files = [FileChange(path: path, edits: [edit])]
        return fix
    }
}
