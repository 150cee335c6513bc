extension MigrationFixer {
    /// GRDB's column type for a Swift type, when there is one that is not a guess.
    static func grdbType(_ swiftType: String) -> String? {
        var type = swiftType.replacingOccurrences(of: " ", with: "")
        while type.hasSuffix("?") || type.hasSuffix("!") { type.removeLast() }
        for prefix in ["Swift.", "Foundation."] where type.hasPrefix(prefix) { type.removeFirst(prefix.count) }
        let integers: Set<String> = ["Int", "Int8", "Int16", "Int32", "Int64", "UInt", "UInt8", "UInt16", "UInt32", "UInt64"]
        if integers.contains(type) { return ".integer" }
        let known = ["String": ".text", "Bool": ".boolean", "Double": ".double", "Float": ".double", "Date": ".datetime", "Data": ".blob",
                     "UUID": ".blob"]
        return known[type]
    }

    /// The columns of a record, each with its Swift type: its `Columns`/`CodingKeys` columns when it
    /// declares them (typed by the property of the same name), else its stored properties.
    private func grdbColumns(_ model: MigrationFacts.Model, only wanted: Set<String>?) -> [(name: String, property: String, type: String?)]? {
        let types = Dictionary((model.properties ?? []).compactMap { $0.count == 2 ? ($0[0], $0[1]) : nil }, uniquingKeysWith: { first, _ in first })
        var columns: [(name: String, property: String, type: String?)] = []
        if model.columns.isEmpty {
            columns = (model.properties ?? []).compactMap { $0.count == 2 ? ($0[0], $0[0], $0[1]) : nil }
        } else {
            for column in model.columns {
                guard let name = resolver.resolve(column.name) else { return nil }
                // `static let homeScore = Column("home_score")` names the column: its property is `homeScore`.
                let camel = name.split(separator: "_").enumerated().map { $0.offset == 0 ? String($0.element) : $0.element.capitalized }.joined()
                columns.append((name, column.property, types[column.property] ?? types[name] ?? types[camel]))
            }
        }
        return wanted.map { wanted in columns.filter { wanted.contains($0.name) } } ?? columns
    }

    /// A `registerMigration` appended to the project's migrator, creating the record's table or
    /// adding its missing columns; nil when the project has no migrator to append to.
    func grdbMigration(_ model: MigrationFacts.Model, table: String, missing: Set<String>?) -> (fix: Fix, note: String?)? {
        // After the last migration of the file registering most of them.
        let files = Dictionary(grouping: migratorSites, by: \.location.relativePath)
        let file = files.min { (-$0.value.count, $0.key) < (-$1.value.count, $1.key) }?.value ?? []
        guard let site = file.max(by: { $0.end < $1.end }), let columns = grdbColumns(model, only: missing), !columns.isEmpty else { return nil }
        let inner = site.indent + indent
        var lines: [String] = []
        var unmapped: [String] = []
        for column in columns {
            let type = column.type.flatMap(Self.grdbType)
            if type == nil { unmapped.append("`\(column.property)` (\(column.type.map { "`\($0)`" } ?? "type not found"))") }
            let typeText = type ?? "<#GRDB column type of \(column.property): \(column.type ?? "?")#>"
            let optional = column.type?.hasSuffix("?") ?? true
            if missing == nil, column.name == "id", type == ".integer" {
                lines.append("t.autoIncrementedPrimaryKey(\(literal(column.name)))")
            } else if missing == nil, column.name == "id" {
                lines.append("t.primaryKey(\(literal(column.name)), \(typeText))")
            } else if missing == nil {
                lines.append("t.column(\(literal(column.name)), \(typeText))" + (optional ? "" : ".notNull()"))
            } else {
                // SQLite adds no NOT NULL column without a default: a required one needs one.
                lines.append("t.add(column: \(literal(column.name)), \(typeText))" + (optional ? "" : ".notNull().defaults(to: <#default value#>)"))
            }
        }
        let verb = missing == nil ? "create" : "alter"
        let name = grdbMigrationName((missing == nil ? "create " : "add \(columns.map(\.name).joined(separator: ", ")) to ") + table)
        let text = "\n\n\(site.indent)\(site.receiver).registerMigration(\(literal(name))) { db in\n"
            + "\(inner)try db.\(verb)(table: \(literal(table))) { t in\n"
            + lines.map { inner + indent + $0 + "\n" }.joined()
            + "\(inner)}\n\(site.indent)}"
        var fix = Fix(title: "register migration \(name)", edits: [])
        fix.files = [FileChange(path: Paths.absolute(site.location.file), edits: [Self.appending(Edit(range: site.end..<site.end, replacement: text))])]
        let note = unmapped.isEmpty ? nil : "no GRDB column type is known for \(unmapped.joined(separator: ", ")): the migration `fix` writes has a "
            + "placeholder to fill in there"
        return (fix, note)
    }

    /// The project's next version when its migrations are named `v1`, `v2`, …; else `described`
    /// (numbered when taken).
    private func grdbMigrationName(_ described: String) -> String {
        let names = Set(migratorSites.map(\.name))
        let versions = names.compactMap { $0.hasPrefix("v") ? Int($0.dropFirst()) : nil }
        var name = described
        if !versions.isEmpty, versions.count == names.count {
            var next = (versions.max() ?? 0) + 1
            while reservedNames.contains("v\(next)") { next += 1 }
            name = "v\(next)"
        } else {
            var counter = 2
            while names.contains(name) || reservedNames.contains(name) {
                name = "\(described) \(counter)"
                counter += 1
            }
        }
        reservedNames.insert(name)
        return name
    }
}
