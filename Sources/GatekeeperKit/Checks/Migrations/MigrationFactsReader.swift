/// Reads one Swift file's migration facts: Fluent models and migrations, GRDB records and
/// schema calls, raw SQL, migration registrations and string constants.
struct MigrationFactsReader {
    let file: SourceFile

    private static let fluentModules: Set<String> = ["Fluent", "FluentKit", "FluentSQL", "FluentPostgresDriver", "FluentSQLiteDriver", "FluentMySQLDriver"]
    private static let fieldWrappers: Set<String> = ["@ID", "@Field", "@OptionalField", "@Enum", "@OptionalEnum", "@Parent", "@OptionalParent",
                                                      "@Timestamp", "@Boolean", "@OptionalBoolean", "@Group"]
    private static let rawValueTypes: Set<String> = ["String", "Int", "Int8", "Int16", "Int32", "Int64", "UInt", "UInt8", "UInt16", "UInt32",
                                                     "UInt64", "Double", "Float", "Bool"]
    private static let grdbRecordProtocols: Set<String> = ["TableRecord", "PersistableRecord", "MutablePersistableRecord", "Record"]

    func read() -> MigrationFacts {
        var facts = MigrationFacts()
        let modules = file.importedModules()
        let isFluent = !modules.isDisjoint(with: Self.fluentModules)
        let isGRDB = modules.contains("GRDB")
        let declarations = file.typeDeclarations()
        var migrationBodies: [ClosedRange<Int>] = []

        facts.constants = file.staticConstants().merging(enumRawValues()) { first, _ in first }
        // Asked once per file, and only of GRDB files.
        let readsForeignDatabase = isGRDB && opensUnmigratedDatabase
        // Names the migration `fix` could choose (`CreateUser` may be a request type): it takes another.
        let takenNames = declarations.filter { $0.kind != "extension" && ($0.name.hasPrefix("Create") || $0.name.hasPrefix("Add")) }.map(\.name)
        if !takenNames.isEmpty { facts.typeNames = takenNames }
        // `import struct Foundation.UUID` names a type; it declares none.
        for declaration in declarations where !isImported(declaration) {
            if isFluent, declaration.kind != "protocol", declaration.inherits.contains("Model") {
                facts.models.append(fluentModel(declaration))
            }
            if isFluent, declaration.kind == "protocol" { facts.protocols[declaration.name] = declaration.inherits }
            if isFluent, declaration.kind != "protocol", declaration.inherits.contains("Fields"), !declaration.inherits.contains("Model") {
                facts.fieldsTypes = (facts.fieldsTypes ?? [:]).merging([declaration.qualifiedName: fluentColumns(declaration)]) { first, _ in first }
            }
            // `enum Status: String, Codable`: stored as its raw value, which the migration `fix` writes a type for.
            if declaration.kind == "enum", let raw = declaration.inherits.first, Self.rawValueTypes.contains(raw),
               isFluent || !declaration.inherits.filter({ ["Codable", "Decodable", "Encodable"].contains($0) }).isEmpty {
                facts.rawTypes = (facts.rawTypes ?? [:]).merging([declaration.qualifiedName: raw]) { first, _ in first }
            }
            if isFluent, declaration.kind == "extension", functionBody("revert", in: declaration).map(isEmptyBody) ?? false {
                facts.emptyDefaultReverts.insert(declaration.name)
            }
            if isFluent, declaration.kind != "protocol", declaration.kind != "extension" || !declaration.inherits.isEmpty {
                let direct = !Set(declaration.inherits).isDisjoint(with: ["Migration", "AsyncMigration"])
                if direct || (!declaration.inherits.isEmpty && functionBody("prepare", in: declaration) != nil) {
                    let migration = fluentMigration(declaration)
                    if direct { facts.fluentMigrations.append(migration.migration) } else { facts.candidateMigrations.append(migration.migration) }
                    migrationBodies += migration.bodies
                }
            }
            // An enum is no table row; a record declared inside a function is a CTE or an alias.
            if isGRDB, declaration.kind != "protocol", declaration.kind != "enum", !Set(declaration.inherits).isDisjoint(with: Self.grdbRecordProtocols),
               file.enclosingFunction(of: declaration.nameToken) == nil {
                var record = grdbRecord(declaration, in: declarations)
                record.readsForeignDatabase = readsForeignDatabase
                facts.models.append(record)
            }
        }
        if isGRDB {
            facts.schemaChanges += grdbSchemaChanges()
            let sites = migratorSites()
            if !sites.isEmpty { facts.migratorSites = sites }
        }
        // Raw DDL outside Fluent migrations (GRDB `execute(sql:)`, SQLKit `raw`) creates tables wherever it runs.
        facts.schemaChanges += rawSQLChanges(excluding: migrationBodies)
        // Migrations are registered in files importing Fluent, or Vapor with a driver exporting it.
        let registersMigrations = isFluent || modules.contains("Vapor")
        let registrations = registrations(recordingSites: registersMigrations)
        facts.registeredNames = registrations.names
        if registrations.throughFactory { facts.registersThroughFactory = true }
        let drivers = modules.filter { $0.hasPrefix("Fluent") && $0.hasSuffix("Driver") }.sorted()
        if !drivers.isEmpty { facts.drivers = drivers }
        let sites = registrations.sites + (registersMigrations ? databaseSetups() : [])
        if !sites.isEmpty { facts.registrationSites = sites }
        if !facts.isEmpty { facts.indentUnit = file.indentUnit() }
        return facts
    }

    private func isImported(_ declaration: TypeDeclaration) -> Bool {
        file.previousCode(before: declaration.nameToken).flatMap { file.previousCode(before: $0) }.map { file.tokenIs($0, "import") } ?? false
    }

    /// `DatabaseQueue(path:)` / `DatabasePool(path:)` here, with no `create(table:)` or migrator.
    private var opensUnmigratedDatabase: Bool {
        let identifiers = file.words.lazy.map(Int.init).filter { file.tokens[$0].kind == .identifier }
        return identifiers.contains { Self.databaseOpeners.contains(file, $0) } && !identifiers.contains { Self.migrationMakers.contains(file, $0) }
    }

    private static let databaseOpeners = NameSet(["DatabaseQueue", "DatabasePool"])
    private static let migrationMakers = NameSet(["DatabaseMigrator", "create", "registerMigration"])

    private func location(_ token: Int) -> SourceLocation {
        file.location(ofToken: token)
    }

    // MARK: - Names

    /// A key or table expression: `"name"`, `.id`, `.string("x")`, `.name` (a `FieldKey`
    /// constant), `FieldKeys.title`, `User.schema`, `Self.schema` (`Self` is `owner`).
    private func name(_ range: Range<Int>, owner: String) -> MigrationFacts.Name {
        if let first = file.firstCode(in: range), file.tokenIs(first, "."), let member = file.nextCode(after: first),
           member == file.lastCode(in: range) {
            return file.tokenIs(member, "id") ? .literal("id") : .reference("FieldKey.\(file.text(member))")
        }
        let text = file.staticText(range)
        if case let .reference(path) = text, path.hasPrefix("Self.") || path.hasPrefix("self.") {
            return .reference(owner + path.dropFirst(4))
        }
        if case let .computed(written) = text, let bare = bareName(written, at: range.lowerBound) { return bare }
        return text
    }

    /// A name a type declares as a static constant (`schema`, `databaseTableName`): its literal,
    /// or computed when it is not one, with the token declaring it; nil when the type does not
    /// declare it here.
    private func declaredName(_ member: String, of declaration: TypeDeclaration) -> (name: MigrationFacts.Name, token: Int)? {
        guard let constant = file.staticStringConstants(in: declaration).first(where: { $0.name == member }) else { return nil }
        return (constant.value.map { .literal($0) } ?? bareName(member, at: constant.token) ?? .computed("\(declaration.name).\(member)"), constant.token)
    }

    // MARK: - Fluent

    private func fluentModel(_ declaration: TypeDeclaration) -> MigrationFacts.Model {
        // Declared elsewhere (an extension in another file), the schema is resolved across files.
        let (table, tableToken) = declaredName("schema", of: declaration)
            ?? (.reference("\(declaration.qualifiedName).schema"), declaration.nameToken)
        return MigrationFacts.Model(orm: "Fluent", typeName: declaration.qualifiedName, table: table, tableLocation: location(tableToken),
                                    columns: fluentColumns(declaration))
    }

    /// The fields a Fluent model or `Fields` type declares; a `@Group(key:)` is one column the
    /// project pass expands into its type's fields, prefixed.
    private func fluentColumns(_ declaration: TypeDeclaration) -> [MigrationFacts.Column] {
        var columns: [MigrationFacts.Column] = []
        for index in declaration.body where file.tokens[index].kind == .attribute && Self.fieldWrappers.contains(file.text(index))
            && file.isMember(index, of: declaration) {
            let wrapper = file.text(index)
            let arguments = file.nextCode(after: index).flatMap { file.tokenIs($0, "(") ? file.arguments(at: $0) : nil } ?? []
            var property = ""
            var type: String?
            var cursor = file.nextCode(after: index)
            while let current = cursor, current < declaration.body.upperBound {
                if file.tokenIs(current, "var"), let nameToken = file.nextCode(after: current) {
                    property = file.text(nameToken)
                    type = declaredType(after: nameToken)
                    break
                }
                cursor = file.nextCode(after: file.partner[current] > current ? Int(file.partner[current]) : current)
            }
            let key: MigrationFacts.Name
            if wrapper == "@ID" {
                if let custom = arguments.first(where: { $0.label == "custom" }) {
                    key = name(custom.value, owner: declaration.qualifiedName)
                } else {
                    key = .literal("id")
                }
            } else if let keyArgument = arguments.first(where: { $0.label == "key" }) {
                key = name(keyArgument.value, owner: declaration.qualifiedName)
            } else {
                continue
            }
            // `@ID(custom:)` is a field of the model's choosing; `@ID(key: .id)` is Fluent's UUID `id`.
            let custom = wrapper == "@ID" && arguments.contains { $0.label == "custom" }
            columns.append(.init(name: key, property: property, location: location(index), wrapper: custom ? "@ID(custom:)" : wrapper, type: type))
        }
        return columns
    }

    private func fluentMigration(_ declaration: TypeDeclaration) -> (migration: MigrationFacts.FluentMigration, bodies: [ClosedRange<Int>]) {
        // `Self.schema` in a migration nested in a model's extension names the model's table.
        let owner = declaration.qualifiedName.contains(".") ? String(declaration.qualifiedName.prefix { $0 != "." }) : declaration.qualifiedName
        let ownSchema = declaredName("schema", of: declaration)?.name
        var bodies: [ClosedRange<Int>] = []
        func changes(in function: String) -> (changes: [MigrationFacts.SchemaChange], isEmpty: Bool) {
            guard let body = functionBody(function, in: declaration) else { return ([], true) }
            bodies.append(body)
            var result: [MigrationFacts.SchemaChange] = []
            for index in body where file.tokens[index].kind == .identifier && file.tokenIs(index, "schema") {
                guard let dot = file.previousCode(before: index), file.tokenIs(dot, "."),
                      let open = file.nextCode(after: index), file.tokenIs(open, "("),
                      let argument = file.arguments(at: open)?.first else { continue }
                var table = name(argument.value, owner: owner)
                if case .reference(let reference) = table, reference == "\(owner).schema", case let .literal(schema)? = ownSchema { table = .literal(schema) }
                result.append(schemaChain(from: Int(file.partner[open]), table: table, owner: owner, at: index))
            }
            result += rawSQLChanges(in: body) + rawConstraintChanges(in: body)
            return (result, isEmptyBody(body))
        }
        let prepare = changes(in: "prepare")
        let revert = changes(in: "revert")
        var migration = MigrationFacts.FluentMigration(qualifiedName: declaration.qualifiedName, location: location(declaration.nameToken),
                                                       prepare: prepare.changes, revert: revert.changes, revertIsEmpty: revert.isEmpty,
                                                       conformances: declaration.inherits, definesRevert: functionBody("revert", in: declaration) != nil,
                                                       revertSite: revertSite(declaration))
        if !migration.definesRevert, let (function, body) = function("prepare", in: declaration) {
            // The closing brace alone on its line: a `revert` goes on the lines before it.
            let close = Int(file.tokens[declaration.body.upperBound].start)
            let lineStart = close - file.indentation(ofLineAt: close).utf8.count
            if lineStart == 0 || file.bytes[lineStart - 1] == UInt8(ascii: "\n") {
                migration.prepareSignature = file.text(bytes: Int(file.tokens[function].start)..<Int(file.tokens[body.lowerBound].start))
                    .trimmingCharacters(in: .whitespaces)
                migration.bodyEnd = lineStart
                migration.revertSite = MigrationFacts.RevertSite(open: 0, close: 0, indent: file.indentation(ofLineAt: Int(file.tokens[function].start)),
                                                                 database: parameterName(after: function) ?? "database", oneLine: false)
            }
        }
        return (migration, bodies)
    }

    /// The type written after a property's name (`: String?`), up to its initial value, accessors or line end.
    private func declaredType(after nameToken: Int) -> String? {
        guard let colon = file.nextCode(after: nameToken), file.tokenIs(colon, ":") else { return nil }
        var text = ""
        var cursor = colon + 1
        while cursor < file.tokens.count, file.tokens[cursor].kind != .newline, !file.tokenIs(cursor, "="), !file.tokenIs(cursor, "{"),
              file.tokens[cursor].kind != .lineComment, file.tokens[cursor].kind != .docLineComment {
            let end = file.partner[cursor] > cursor && !file.tokenIs(cursor, "{") ? Int(file.partner[cursor]) : cursor
            text += (cursor...end).map { file.text($0) }.joined()
            cursor = end + 1
        }
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        return trimmed.isEmpty ? nil : trimmed
    }

    /// The name of a function's first parameter (`database` in `prepare(on database: Database)`).
    private func parameterName(after function: Int) -> String? {
        guard let name = file.nextCode(after: function), let open = file.nextCode(after: name), file.tokenIs(open, "("), file.partner[open] > open,
              let colon = (open..<Int(file.partner[open])).first(where: { file.tokenIs($0, ":") }), let parameter = file.previousCode(before: colon)
        else { return nil }
        return file.text(parameter)
    }

    /// Where `revert`'s body is: its braces, its line's indentation, and the database parameter's name.
    private func revertSite(_ declaration: TypeDeclaration) -> MigrationFacts.RevertSite? {
        guard let (function, body) = function("revert", in: declaration), let name = file.nextCode(after: function),
              let open = file.nextCode(after: name), file.tokenIs(open, "("),
              let colon = (open..<body.lowerBound).first(where: { file.tokenIs($0, ":") }), let parameter = file.previousCode(before: colon) else { return nil }
        return MigrationFacts.RevertSite(open: Int(file.tokens[body.lowerBound].start), close: Int(file.tokens[body.upperBound].start),
                                         indent: file.indentation(ofLineAt: Int(file.tokens[function].start)), database: file.text(parameter),
                                         oneLine: file.tokens[body.lowerBound].line == file.tokens[body.upperBound].line,
                                         anyDatabase: file.nextCode(after: colon).map { file.tokenIs($0, "any") } ?? false)
    }

    private func isEmptyBody(_ body: ClosedRange<Int>) -> Bool {
        !body.dropFirst().dropLast().contains { !file.tokens[$0].isTrivia }
    }

    /// `db.raw("CREATE UNIQUE INDEX … ON t …")`, `ALTER TABLE t ADD CONSTRAINT …`, `DROP INDEX …`.
    private func rawConstraintChanges(in body: ClosedRange<Int>) -> [MigrationFacts.SchemaChange] {
        body.compactMap { index in
            guard file.tokens[index].kind == .stringStart, let literal = file.stringLiteral(at: index) else { return nil }
            let sql = literal.literalSegments.joined(separator: " ")
            guard sql.range(of: #"(?i)\b(create\s+(unique\s+)?index|drop\s+index|add\s+constraint|drop\s+constraint)\b"#,
                            options: .regularExpression) != nil else { return nil }
            let table = sql.range(of: #"(?i)\b(on|alter\s+table)\s+"?[A-Za-z_][A-Za-z0-9_]*"#, options: .regularExpression)
                .map { String(sql[$0].split(whereSeparator: { $0 == " " || $0 == "\"" }).last ?? "") } ?? droppedIndexTable(sql) ?? "?"
            var change = MigrationFacts.SchemaChange(table: .literal(table), action: .update, addedColumns: [], removedColumns: [],
                                                     hasUnreadableColumns: false, location: location(index))
            change.constraintChanges = 1
            return change
        }
    }

    /// The body of `func NAME(` declared directly in a type.
    private func functionBody(_ name: String, in declaration: TypeDeclaration) -> ClosedRange<Int>? {
        function(name, in: declaration)?.body
    }

    /// The `func` token and body of `func NAME(` declared directly in a type.
    private func function(_ name: String, in declaration: TypeDeclaration) -> (function: Int, body: ClosedRange<Int>)? {
        for index in declaration.body where file.tokens[index].kind == .keyword && file.tokenIs(index, "func") && file.isMember(index, of: declaration) {
            guard let nameToken = file.nextCode(after: index), file.text(nameToken) == name else { continue }
            var cursor = file.nextCode(after: nameToken)
            while let current = cursor, current < declaration.body.upperBound {
                if file.tokenIs(current, "{") { return file.partner[current] > current ? (index, current...Int(file.partner[current])) : nil }
                cursor = file.nextCode(after: file.partner[current] > current ? Int(file.partner[current]) : current)
            }
        }
        return nil
    }

    /// `.schema(…)` followed by `.id()`, `.field(KEY, …)`, `.deleteField(KEY)`, …, `.create()`.
    private func schemaChain(from close: Int, table: MigrationFacts.Name, owner: String, at start: Int) -> MigrationFacts.SchemaChange {
        var change = MigrationFacts.SchemaChange(table: table, action: .update, addedColumns: [], removedColumns: [], hasUnreadableColumns: false,
            location: location(start))
        var cursor = file.nextCode(after: close)
        while let dot = cursor, file.tokenIs(dot, "."), let method = file.nextCode(after: dot), let open = file.nextCode(after: method), file.tokenIs(open,
            "(") {
            let arguments = file.arguments(at: open) ?? []
            switch file.text(method) {
            case "id": change.addedColumns.append(.literal("id"))
            case "field":
                if let key = arguments.first {
                    let column = name(key.value, owner: owner)
                    if case .computed = column { change.hasUnreadableColumns = true }
                    change.addedColumns.append(column)
                }
            case "deleteField":
                if let key = arguments.first { change.removedColumns.append(name(key.value, owner: owner)) }
            case "unique", "deleteUnique", "foreignKey", "deleteForeignKey", "constraint", "deleteConstraint":
                change.constraintChanges += 1
                if file.tokenIs(method, "unique"), arguments.first?.label == "on", arguments.dropFirst().allSatisfy({ $0.label == nil }) {
                    change.uniques = (change.uniques ?? []) + [arguments.map { name($0.value, owner: owner) }]
                }
            case "create": change.action = .create
            case "delete": change.action = .delete
            case "update": change.action = .update
            default: break
            }
            cursor = file.partner[open] > open ? file.nextCode(after: Int(file.partner[open])) : nil
        }
        return change
    }

    // MARK: - GRDB

    private func grdbRecord(_ declaration: TypeDeclaration, in declarations: [TypeDeclaration]) -> MigrationFacts.Model {
        let typeName = declaration.name
        // Without `databaseTableName` here: another extension's, else GRDB's default (project pass).
        let (table, tableToken) = declaredName("databaseTableName", of: declaration)
            ?? (.reference("GRDB.default.\(typeName)"), declaration.nameToken)
        // Columns from nested `Columns` (cases, or `static let x = Column("x")`) and `CodingKeys`
        // (cases, raw values naming the column) types.
        var columns: [MigrationFacts.Column] = []
        let nested = declarations.filter { ["Columns", "CodingKeys"].contains($0.name) && file.isMember($0.nameToken, of: declaration) }
        for columnsEnum in nested {
            for index in columnsEnum.body where file.isMember(index, of: columnsEnum) {
                if file.tokens[index].kind == .keyword, file.tokenIs(index, "case") {
                    columns += caseList(at: index).map { .init(name: .literal($0.value), property: $0.name, location: location($0.token)) }
                } else if file.tokens[index].kind == .identifier, file.tokenIs(index, "Column"), let open = file.nextCode(after: index),
                          file.tokenIs(open, "("), let argument = file.arguments(at: open)?.first, argument.label == nil,
                          let value = file.literalValue(argument.value) {
                    columns.append(.init(name: .literal(value), property: value, location: location(index)))
                }
            }
        }
        // A column named by both `Columns` and `CodingKeys` is one column.
        var seen = Set<MigrationFacts.Name>()
        columns = columns.filter { seen.insert($0.name).inserted }
        var record = MigrationFacts.Model(orm: "GRDB", typeName: typeName, table: table, tableLocation: location(tableToken), columns: columns)
        // `struct Player { var … }` and `extension Player: FetchableRecord, …` in one file: the struct's properties count.
        record.properties = declarations.filter { $0.name == typeName }.flatMap(storedProperties)
        return record
    }

    /// `var name: Type` / `let name: Type` members that are stored (no accessor block) and not static.
    private func storedProperties(of declaration: TypeDeclaration) -> [[String]] {
        var properties: [[String]] = []
        for index in declaration.body where file.tokens[index].kind == .keyword && (file.tokenIs(index, "var") || file.tokenIs(index, "let"))
            && file.isMember(index, of: declaration) {
            let before = file.previousCode(before: index)
            guard before.map({ !file.tokenIs($0, "static") && !file.tokenIs($0, "class") && !file.tokenIs($0, "lazy") }) ?? true,
                  let name = file.nextCode(after: index), file.tokens[name].kind == .identifier, let type = declaredType(after: name) else { continue }
            // A computed property's type is followed by its accessor block.
            var cursor = name
            while let next = file.nextCode(after: cursor), file.tokens[next].line == file.tokens[name].line, !file.tokenIs(next, "{") { cursor = next }
            if let next = file.nextCode(after: cursor), file.tokenIs(next, "{"), file.tokens[next].line == file.tokens[name].line { continue }
            properties.append([file.text(name).replacingOccurrences(of: "`", with: ""), type])
        }
        return properties
    }

    /// Where `….registerMigration("name") { db in … }` calls end, to append another after the last.
    private func migratorSites() -> [MigrationFacts.MigratorSite] {
        var sites: [MigrationFacts.MigratorSite] = []
        for index in file.words.lazy.map(Int.init) where file.tokens[index].kind == .identifier && file.tokenIs(index, "registerMigration") {
            guard let dot = file.previousCode(before: index), file.tokenIs(dot, "."), let open = file.nextCode(after: index), file.tokenIs(open, "("),
                  file.partner[open] > open, let first = file.arguments(at: open)?.first, let name = file.literalValue(first.value) else { continue }
            var end = Int(file.partner[open])
            if let brace = file.nextCode(after: end), file.tokenIs(brace, "{"), file.partner[brace] > brace { end = Int(file.partner[brace]) }
            let indent = file.indentation(ofLineAt: Int(file.tokens[index].start))
            var lineStart = Int(file.tokens[dot].start)
            while lineStart > 0, file.bytes[lineStart - 1] != UInt8(ascii: "\n") { lineStart -= 1 }
            let receiver = String(decoding: file.bytes[lineStart..<Int(file.tokens[dot].start)], as: UTF8.self).trimmingCharacters(in: .whitespaces)
            guard !receiver.isEmpty, !receiver.contains("=") else { continue }
            sites.append(.init(name: name, location: location(index), end: Int(file.tokens[end].end), receiver: receiver, indent: indent))
        }
        return sites
    }

    /// `create(table:) { t in t.column("x") … }`, `alter(table:)`, `rename(table:to:)`, `drop(table:)`.
    private static let schemaMethods = NameSet(["create", "alter", "rename", "drop"])

    private func grdbSchemaChanges() -> [MigrationFacts.SchemaChange] {
        var result: [MigrationFacts.SchemaChange] = []
        for index in file.words.lazy.map(Int.init) where file.tokens[index].kind == .identifier && Self.schemaMethods.contains(file, index) {
            let method = file.text(index)
            guard let open = file.nextCode(after: index), file.tokenIs(open, "("),
                  let arguments = file.arguments(at: open), let tableArgument = arguments.first,
                  ["table", "virtualTable", "view"].contains(tableArgument.label) else { continue }
            let table = name(tableArgument.value, owner: "")
            var change = MigrationFacts.SchemaChange(table: table, action: .update, addedColumns: [], removedColumns: [], hasUnreadableColumns: false,
                location: location(index))
            switch method {
            case "create":
                change.action = .create
                // A view's columns come from its query.
                if tableArgument.label == "view" { change.hasUnreadableColumns = true }
            case "drop": change.action = .delete
            case "rename":
                guard let target = arguments.first(where: { $0.label == "to" }) else { continue }
                change.action = .rename(to: name(target.value, owner: ""))
            default: break
            }
            // The closure: trailing, or the last argument.
            let close = Int(file.partner[open])
            var closure: ClosedRange<Int>?
            if let brace = file.nextCode(after: close), file.tokenIs(brace, "{"), file.partner[brace] > brace {
                closure = brace...Int(file.partner[brace])
            } else if let last = arguments.last, let brace = file.firstCode(in: last.value), file.tokenIs(brace, "{"), file.partner[brace] > brace {
                closure = brace...Int(file.partner[brace])
            }
            if let closure {
                for call in closure where file.tokens[call].kind == .identifier {
                    guard let previous = file.previousCode(before: call), file.tokenIs(previous, "."), let callOpen = file.nextCode(after: call),
                          file.tokenIs(callOpen, "("), let first = file.arguments(at: callOpen)?.first else { continue }
                    let callee = file.text(call)
                    let column = name(first.value, owner: "")
                    switch callee {
                    case "column", "autoIncrementedPrimaryKey", "primaryKey":
                        // `primaryKey(["a", "b"])` names existing columns; `column(sql:)` cannot be read.
                        let isList = file.firstCode(in: first.value).map { file.tokenIs($0, "[") } ?? false
                        if first.label != nil || isList { if first.label == "sql" { change.hasUnreadableColumns = true }; continue }
                        if case .computed = column { change.hasUnreadableColumns = true } else { change.addedColumns.append(column) }
                    case "add" where first.label == "column":
                        change.addedColumns.append(column)
                    case "belongsTo":
                        // `belongsTo("author")` adds `authorId` (or the given column names).
                        if case let .literal(base) = column { change.addedColumns.append(.literal(base + "Id")) } else { change.hasUnreadableColumns = true }
                    case "drop" where first.label == "column":
                        change.removedColumns.append(column)
                    case "rename" where first.label == "column":
                        if let target = file.arguments(at: callOpen)?.first(where: { $0.label == "to" }) { change.addedColumns.append(name(target.value,
                            owner: "")) }
                    default:
                        break
                    }
                }
            }
            result.append(change)
        }
        return result
    }

    // MARK: - Raw SQL and registrations

    private func rawSQLChanges(in range: ClosedRange<Int>? = nil, excluding excluded: [ClosedRange<Int>] = []) -> [MigrationFacts.SchemaChange] {
        var result: [MigrationFacts.SchemaChange] = []
        // Most files hold no DDL phrase at all: one pass over their bytes says so.
        guard SQLSchemaReader.mayHoldDDL(file) else { return [] }
        let literals = file.literalStarts.lazy.map(Int.init).filter { range?.contains($0) ?? true }
        for index in literals where file.tokens[index].kind == .stringStart && !excluded.contains(where: { $0.contains(index) }) {
            // The literal's bytes first: it is read only when they hold a DDL phrase.
            let end = file.partner[index] > index ? Int(file.tokens[Int(file.partner[index])].end) : file.bytes.count
            guard SQLSchemaReader.mayHoldDDL(file, in: Int(file.tokens[index].start)..<end),
                  let literal = file.stringLiteral(at: index), SQLSchemaReader.mentionsDDL(literal.value) else { continue }
            for change in SQLSchemaReader.changes(in: literal.literalSegments.joined(separator: " ")) {
                result.append(MigrationFacts.SchemaChange(sqlChange: change, location: location(index)))
            }
        }
        return result
    }

    /// Types constructed inside `….add(…)` calls or array literals: how migrations are registered
    /// (`app.migrations.add(CreateUser())`, `add([A(), B()])`, `let all = [A(), B()]`).
    /// `recordingSites`: where each is, for the fixes (in files where lists of migrations can be).
    /// `throughFactory`: an `add(…)` is given what a static function returns (`add(AdminUser.migration(.one))`).
    private func registrations(recordingSites: Bool) -> (names: Set<String>, sites: [MigrationFacts.RegistrationSite], throughFactory: Bool) {
        var names = Set<String>()
        var throughFactory = false
        var sites: [MigrationFacts.RegistrationSite] = []
        for index in file.words.lazy.map(Int.init) where file.tokens[index].kind == .identifier {
            // A type name starts with an uppercase letter: test the byte before building a String.
            let lead = file.bytes[Int(file.tokens[index].start)]
            guard lead >= 0x80 || (lead >= UInt8(ascii: "A") && lead <= UInt8(ascii: "Z")),
                  let open = file.nextCode(after: index), file.tokenIs(open, "(") || file.tokenIs(open, "."),
                  lead < 0x80 || file.text(index).unicodeScalars.first?.properties.isUppercase == true else { continue }
            if let previous = file.previousCode(before: index), file.tokenIs(previous, ".") { continue }
            // A dotted constructor: `User.CreateUsers()`, `CreateUser.init()`. Its name is made last:
            // most constructions are no registration.
            var cursor = open
            var last = index
            while file.tokenIs(cursor, "."), let part = file.nextCode(after: cursor), file.tokens[part].kind == .identifier || file.tokenIs(part, "init"),
                  let next = file.nextCode(after: part) {
                last = part
                cursor = next
            }
            guard file.tokenIs(cursor, "(") else { continue }
            // Run directly: `try await CreateUsers().prepare(on: db)`.
            let runsDirectly = file.partner[cursor] > cursor && file.nextCode(after: Int(file.partner[cursor])).map { dot in
                file.tokenIs(dot, ".") && file.nextCode(after: dot).map { file.tokenIs($0, "prepare") } ?? false
            } ?? false
            var container: Int?
            if !runsDirectly {
                let enclosing = file.enclosingOpenBracket(of: index)
                let isAddCall = enclosing.map { file.tokenIs($0, "(") && file.previousCode(before: $0).map { file.tokenIs($0, "add") } ?? false } ?? false
                guard enclosing.map({ file.tokenIs($0, "[") }) ?? false || isAddCall || isExposedOrRunLocally(index) else { continue }
                let lastLead = file.bytes[Int(file.tokens[last].start)]
                if isAddCall, last != index, lastLead >= UInt8(ascii: "a"), lastLead <= UInt8(ascii: "z") { throughFactory = true }
                container = enclosing
            }
            // `init` is a keyword token: the identifiers are the name's parts.
            let name = (index...last).filter { file.tokens[$0].kind == .identifier }.map { file.text($0) }.joined(separator: ".")
            if recordingSites, let container, file.partner[cursor] > cursor {
                sites.append(registrationSite(name, from: index, close: Int(file.partner[cursor]), in: container))
            }
            names.insert(name)
        }
        return (names, sites, throughFactory)
    }

    /// `app.databases.use(…)`: where a first registration goes when a project registers none yet
    /// (list -2), as `app.migrations.add(X())` on the line after it.
    private func databaseSetups() -> [MigrationFacts.RegistrationSite] {
        var sites: [MigrationFacts.RegistrationSite] = []
        for index in file.words.lazy.map(Int.init) where file.tokens[index].kind == .identifier && file.tokenIs(index, "databases") {
            guard let dot = file.previousCode(before: index), file.tokenIs(dot, "."), let receiver = file.previousCode(before: dot),
                  file.tokens[receiver].kind == .identifier, let useDot = file.nextCode(after: index), file.tokenIs(useDot, "."),
                  let use = file.nextCode(after: useDot), file.tokenIs(use, "use"), let open = file.nextCode(after: use), file.tokenIs(open, "("),
                  file.partner[open] > open else { continue }
            var lineEnd = Int(file.tokens[Int(file.partner[open])].end)
            while lineEnd < file.bytes.count, file.bytes[lineEnd] != UInt8(ascii: "\n") { lineEnd += 1 }
            guard lineEnd < file.bytes.count else { continue }
            let prefix = file.indentation(ofLineAt: Int(file.tokens[receiver].start)) + file.text(receiver) + ".migrations.add("
            let line = prefix + "X())"
            var site = MigrationFacts.RegistrationSite(name: "", location: location(receiver), list: -2, end: lineEnd)
            (site.line, site.lineStart, site.lineEnd, site.constructor) = (line, lineEnd + 1, lineEnd + 1, [prefix.utf8.count, prefix.utf8.count + 3])
            sites.append(site)
        }
        return sites
    }

    /// Where a registered constructor is, and the text a registration after it repeats.
    private func registrationSite(_ name: String, from first: Int, close: Int, in container: Int) -> MigrationFacts.RegistrationSite {
        let start = Int(file.tokens[first].start), end = Int(file.tokens[close].end)
        // The list: an array literal, or -1 for the file's `add(…)` calls (a call a line, perhaps in several blocks, is one list).
        let list = file.tokenIs(container, "(") ? -1 : Int(file.tokens[container].start)
        var site = MigrationFacts.RegistrationSite(name: name, location: location(first), list: list, end: end)
        if let previous = file.previousCode(before: first), !file.tokenIs(previous, "("), !file.tokenIs(previous, "[") {
            site.separator = String(decoding: file.bytes[Int(file.tokens[previous].start)..<start], as: UTF8.self)
        }
        // Alone in its `add(…)` (perhaps with `to:`), on one line: the next registration repeats the line.
        let arguments = file.arguments(at: container) ?? []
        let unlabelled = arguments.filter { $0.label == nil }.count
        let containerClose = Int(file.partner[container])
        if file.tokenIs(container, "("), unlabelled == 1, containerClose > container,
           file.tokens[container].line == file.tokens[containerClose].line, file.tokens[first].line == file.tokens[container].line {
            var lineStart = start
            while lineStart > 0, file.bytes[lineStart - 1] != UInt8(ascii: "\n") { lineStart -= 1 }
            var lineEnd = end
            while lineEnd < file.bytes.count, file.bytes[lineEnd] != UInt8(ascii: "\n") { lineEnd += 1 }
            if lineEnd < file.bytes.count {
                site.line = String(decoding: file.bytes[lineStart..<lineEnd], as: UTF8.self)
                (site.lineStart, site.lineEnd, site.constructor) = (lineStart, lineEnd + 1, [start - lineStart, end - lineStart])
            }
        }
        return site
    }
}

extension MigrationFacts.SchemaChange {
    init(sqlChange change: SQLSchemaReader.Change, location: SourceLocation) {
        let action: Action
        switch change.action {
        case .create: action = .create
        case .update: action = .update
        case .delete: action = .delete
        case let .rename(target): action = .rename(to: .literal(target))
        }
        self.init(table: .literal(change.table), action: action, addedColumns: change.added.map { .literal($0) },
                  removedColumns: change.removed.map { .literal($0) }, hasUnreadableColumns: change.columnsUnknown, location: location)
    }
}
