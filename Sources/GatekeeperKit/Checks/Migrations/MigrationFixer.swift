import Foundation

/// The fixes of the migrations check, made in the project pass from what the files told it: the
/// migration a model lacks (a new file beside the project's migrations, and its registration), a
/// registration a migration lacks, and the part of a `revert` that undoes what `prepare` does.
final class MigrationFixer {
    let resolver: NameResolver
    let models: [MigrationFacts.Model]
    /// Production migrations, in file and line order.
    let migrations: [MigrationFacts.FluentMigration]
    /// The registrations of the list registering most in production sources: the project's.
    let mainList: [MigrationFacts.RegistrationSite]
    /// Enums' raw value types across the project (`Status` → `String`), by name and qualified name.
    let rawTypes: [String: String]
    /// GRDB `registerMigration` calls in production sources.
    let migratorSites: [MigrationFacts.MigratorSite]
    let indent: String
    /// Whether the project writes `AsyncMigration`s (else `Migration`s returning futures).
    let isAsync: Bool
    /// The project writes `on database: any Database`.
    let anyDatabase: Bool
    /// Names and numbers the fixes of this pass took: fixes applied in one pass never share one.
    /// Types of the project a new migration could be named like are taken from the start.
    var reservedNames = Set<String>()
    private var reservedNumbers = 0

    init(facts: [MigrationFacts], migrations: [MigrationFacts.FluentMigration], resolver: NameResolver, isTest: (SourceLocation) -> Bool) {
        self.resolver = resolver
        models = facts.flatMap(\.models).filter { $0.orm == "Fluent" }
        self.migrations = migrations.filter { !isTest($0.location) }.sorted {
            ($0.location.relativePath, $0.location.line) < ($1.location.relativePath, $1.location.line)
        }
        let all = facts.flatMap { $0.registrationSites ?? [] }.filter { !isTest($0.location) }
        let sites = all.filter { $0.list != -2 }
        // A project that registers nothing yet gets its first registration after `app.databases.use(…)`.
        let setup = all.min { ($0.location.relativePath, $0.end) < ($1.location.relativePath, $1.end) }
        let lists = sites.isEmpty ? (setup.map { [[$0]] } ?? [])
            : Dictionary(grouping: sites) { "\($0.location.relativePath)\u{0}\($0.list)" }.values.map { $0.sorted { $0.end < $1.end } }
        // The longest list; of equal ones, the first by path and place.
        mainList = lists.min { lhs, rhs in
            (-lhs.count, lhs[0].location.relativePath, lhs[0].list) < (-rhs.count, rhs[0].location.relativePath, rhs[0].list)
        } ?? []
        rawTypes = facts.reduce(into: [String: String]()) { types, file in
            for (name, raw) in (file.rawTypes ?? [:]).sorted(by: { $0.key < $1.key }) {
                let simple = String(name.split(separator: ".").last ?? "")
                types[name] = types[name] ?? raw
                types[simple] = types[simple] ?? raw
            }
        }
        migratorSites = facts.flatMap { $0.migratorSites ?? [] }.filter { !isTest($0.location) }
        let units = facts.compactMap(\.indentUnit)
        indent = Dictionary(grouping: units) { $0 }.max { ($0.value.count, $1.key) < ($1.value.count, $0.key) }?.key ?? "    "
        let async = self.migrations.filter { $0.conformances.contains("AsyncMigration") }.count
        isAsync = async >= self.migrations.filter { $0.conformances.contains("Migration") }.count
        reservedNames = Set(facts.flatMap { $0.typeNames ?? [] })
        let reverts = self.migrations.compactMap(\.revertSite)
        anyDatabase = reverts.filter { $0.anyDatabase == true }.count * 2 > reverts.count
    }

    /// How many parents a model has above it (`@Parent` chains), by type name.
    private(set) var depths: [String: Int] = [:]

    /// `models` with every model after the models its `@Parent`s refer to (else in their order).
    func parentsFirst(_ models: [MigrationFacts.Model]) -> [MigrationFacts.Model] {
        let byName = Dictionary(models.map { (lastComponent($0.typeName), $0) }, uniquingKeysWith: { first, _ in first })
        func depth(_ name: String, _ seen: Set<String>) -> Int {
            if let known = depths[name] { return known }
            guard let model = byName[name], !seen.contains(name) else { return 0 }
            let parents = model.columns.filter { $0.wrapper == "@Parent" || $0.wrapper == "@OptionalParent" }
                .map { lastComponent(($0.type ?? "").replacingOccurrences(of: "?", with: "")) }.filter { $0 != name }
            let value = parents.map { depth($0, seen.union([name])) + 1 }.max() ?? 0
            depths[name] = value
            return value
        }
        return models.enumerated().sorted { lhs, rhs in
            (depth(lastComponent(lhs.element.typeName), []), lhs.offset) < (depth(lastComponent(rhs.element.typeName), []), rhs.offset)
        }.map(\.element)
    }

    // MARK: - A new migration

    /// The migration creating `model`'s table; the note says what could not be mapped.
    func createTable(_ model: MigrationFacts.Model, table: String) -> (fix: Fix, note: String?)? {
        let name = freeTypeName("Create" + lastComponent(model.typeName))
        guard let fields = fieldLines(model, model.columns) else { return nil }
        let prepare = ["\(lead)\(db).schema(\(literal(table)))"] + fields.lines.map { indent + $0 } + [indent + ".create()"]
        let revert = ["\(lead)\(db).schema(\(literal(table))).delete()"]
        return newMigration(name, prepare: prepare, revert: revert, model: model, note: fields.note)
    }

    /// The migration adding `columns` to `model`'s table.
    func addColumns(_ model: MigrationFacts.Model, _ columns: [MigrationFacts.Column], table: String) -> (fix: Fix, note: String?)? {
        // `pet.name` (a group's field) is `PetName`.
        let properties = columns.map { $0.property.split(separator: ".").map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined() }
        let name = freeTypeName("Add" + (properties.count <= 3 ? properties.joined(separator: "And") : "Fields") + "To" + lastComponent(model.typeName))
        guard let fields = fieldLines(model, columns) else { return nil }
        let names = columns.compactMap { resolver.resolve($0.name) }
        let required = fields.lines.contains { $0.contains(".required") }
        let warning = required ? [indent + "// Rows already in the table need a value: give a required field a default (.sql(.default(…)))"
                                  + " or fill it first."] : []
        let prepare = ["\(lead)\(db).schema(\(literal(table)))"] + warning + fields.lines.map { indent + $0 } + [indent + ".update()"]
        let revert = ["\(lead)\(db).schema(\(literal(table)))"] + names.map { "\(indent).deleteField(\(literal($0)))" } + [indent + ".update()"]
        return newMigration(name, prepare: prepare, revert: revert, model: model, note: fields.note)
    }

    private var lead: String { isAsync ? "try await " : "" }
    private var db: String { "database" }

    private func newMigration(_ name: String, prepare: [String], revert: [String], model: MigrationFacts.Model, note: String?) -> (fix: Fix, note: String?) {
        let signature = isAsync ? "async throws" : "-> EventLoopFuture<Void>"
        let databaseType = anyDatabase ? "any Database" : "Database"
        let indent = indent
        let body = { (lines: [String]) in lines.map { indent + indent + $0 }.joined(separator: "\n") }
        let source = """
            import Fluent

            struct \(name): \(isAsync ? "AsyncMigration" : "Migration") {
            \(indent)func prepare(on database: \(databaseType)) \(signature) {
            \(body(prepare))
            \(indent)}

            \(indent)func revert(on database: \(databaseType)) \(signature) {
            \(body(revert))
            \(indent)}
            }

            """
        let path = migrationFolder(beside: model) + "/" + fileName(for: name)
        var fix = Fix(title: "write migration \(name)", edits: [])
        fix.rank = depths[lastComponent(model.typeName)] ?? 0
        fix.files = [FileChange(creating: path, content: source)] + (registration(of: name, after: nil).map { [$0] } ?? [])
        return (fix, note)
    }

    /// The folder holding most of the project's migrations, or the last of numbered folders
    /// (`Migrations/001`, `Migrations/002`, …); without any migration, the model's own.
    private func migrationFolder(beside model: MigrationFacts.Model) -> String {
        let folders = Dictionary(grouping: migrations) { Paths.folder(of: Paths.absolute($0.location.file)) }
        let numbered = folders.keys.compactMap { folder -> (Int, String)? in
            let name = (folder as NSString).lastPathComponent
            return name.allSatisfy { $0.isASCII && $0.isNumber } ? Int(name).map { ($0, folder) } : nil
        }
        if numbered.count * 2 > folders.count, let last = numbered.max(by: { $0 < $1 }) { return last.1 }
        return folders.max { ($0.value.count, $1.key) < ($1.value.count, $0.key) }?.key ?? Paths.folder(of: Paths.absolute(model.tableLocation.file))
    }

    /// `Name.swift`, or numbered as the folder's files are (`0007_Name.swift` after `0006_…`).
    private func fileName(for name: String) -> String {
        let names = migrations.map { ($0.location.file as NSString).lastPathComponent }
        let numbered = names.compactMap { name -> (digits: String, separator: String)? in
            let digits = String(name.prefix { $0.isASCII && $0.isNumber })
            guard !digits.isEmpty else { return nil }
            let rest = name.dropFirst(digits.count)
            return (digits, rest.first.map { $0 == "_" || $0 == "-" ? String($0) : "" } ?? "")
        }
        guard !names.isEmpty, numbered.count * 2 > names.count, let last = numbered.max(by: { Int($0.digits) ?? 0 < Int($1.digits) ?? 0 }) else {
            return name + ".swift"
        }
        reservedNumbers += 1
        let next = String((Int(last.digits) ?? 0) + reservedNumbers)
        return String(repeating: "0", count: max(0, last.digits.count - next.count)) + next + last.separator + name + ".swift"
    }

    /// `base`, or `base2`, … when a type of that name exists.
    private func freeTypeName(_ base: String) -> String {
        let taken = Set(migrations.map { lastComponent($0.qualifiedName) } + models.map { lastComponent($0.typeName) }).union(reservedNames)
        var name = base
        var counter = 2
        while taken.contains(name) {
            name = base + String(counter)
            counter += 1
        }
        reservedNames.insert(name)
        return name
    }

    private func lastComponent(_ name: String) -> String { String(name.split(separator: ".").last ?? Substring(name)) }
}

/// Swift source text.
func literal(_ text: String) -> String {
    "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
}
