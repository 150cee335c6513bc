import Foundation

extension MigrationFixer {
    /// Fluent's data type for a Swift type, when there is one that is not a guess.
    static func dataType(_ swiftType: String) -> String? {
        var type = swiftType.replacingOccurrences(of: " ", with: "")
        while type.hasSuffix("?") || type.hasSuffix("!") { type.removeLast() }
        for prefix in ["Swift.", "Foundation."] where type.hasPrefix(prefix) { type.removeFirst(prefix.count) }
        if type.hasPrefix("["), type.hasSuffix("]") {
            let inner = String(type.dropFirst().dropLast())
            guard let colon = inner.firstIndex(of: ":") else { return dataType(inner).map { ".array(of: \($0))" } }
            // A dictionary keyed by strings is stored as one (JSON in SQL databases).
            guard inner[..<colon] == "String" else { return nil }
            return dataType(String(inner[inner.index(after: colon)...])).map { ".dictionary(of: \($0))" }
        }
        let known = ["String": ".string", "Int": ".int", "Int8": ".int8", "Int16": ".int16", "Int32": ".int32", "Int64": ".int64",
                     "UInt": ".uint", "UInt8": ".uint8", "UInt16": ".uint16", "UInt32": ".uint32", "UInt64": ".uint64", "Bool": ".bool",
                     "Double": ".double", "Float": ".float", "Date": ".datetime", "UUID": ".uuid", "Data": ".data"]
        return known[type]
    }

    /// The schema builder calls for `columns` (`.id()`, `.field("title", .string, .required)`), and
    /// a note naming what has no data type (left as an editor placeholder: a compile error, not a
    /// guess); nil when a column's name cannot be read.
    func fieldLines(_ model: MigrationFacts.Model, _ columns: [MigrationFacts.Column]) -> (lines: [String], note: String?)? {
        var lines: [String] = []
        var unmapped: [String] = []
        for column in columns {
            guard let key = resolver.resolve(column.name) else { return nil }
            let wrapper = column.wrapper ?? "@Field"
            let type = column.type ?? ""
            let optional = type.hasSuffix("?") || wrapper.hasPrefix("@Optional")
            var dataType: String?
            var constraints: [String] = []
            var problem = type.isEmpty ? "type not written" : "`\(type)`"
            switch wrapper {
            case "@ID":
                lines.append(".id()")
                continue
            case "@ID(custom:)":
                dataType = mapped(type)
                constraints = [".identifier(auto: \(dataType == ".int" || dataType == ".int64" ? "true" : "false"))"]
            case "@Parent", "@OptionalParent":
                guard let parent = parentReference(type) else {
                    problem = "its parent `\(type)` is no model this check reads"
                    break
                }
                dataType = parent.type
                constraints = (optional ? [] : [".required"]) + [".references(\(literal(parent.table)), \(literal(parent.key)))"]
            case "@Timestamp":
                dataType = ".datetime"
            case "@Enum", "@OptionalEnum":
                dataType = ".string"
                constraints = optional ? [] : [".required"]
            case "@Boolean", "@OptionalBoolean":
                dataType = ".bool"
                constraints = optional ? [] : [".required"]
            default:
                dataType = mapped(type)
                constraints = optional ? [] : [".required"]
            }
            if dataType == nil { unmapped.append("`\(column.property)` (\(problem))") }
            let placeholder = "<#data type of \(column.property): \(type.isEmpty ? "?" : type)#>"
            lines.append(".field(" + ([literal(key), dataType ?? placeholder] + constraints).joined(separator: ", ") + ")")
        }
        let note = unmapped.isEmpty ? nil : "no Fluent data type is known for \(unmapped.joined(separator: ", ")): the migration `fix` writes has a "
            + "placeholder to fill in there"
        return (lines, note)
    }

    /// A Swift type's data type, or its raw value's for an enum of the project's (`enum Status: String`).
    private func mapped(_ type: String) -> String? {
        if let known = Self.dataType(type) { return known }
        let name = type.replacingOccurrences(of: "?", with: "").replacingOccurrences(of: "!", with: "").trimmingCharacters(in: .whitespaces)
        if name.hasPrefix("["), name.hasSuffix("]"), !name.contains(":") { return mapped(String(name.dropFirst().dropLast())).map { ".array(of: \($0))" } }
        return rawTypes[name].flatMap(Self.dataType)
    }

    /// The table, key and data type a `@Parent(key:) var user: User` refers to.
    private func parentReference(_ type: String) -> (table: String, key: String, type: String)? {
        let name = String(type.replacingOccurrences(of: "?", with: "").split(separator: ".").last ?? "")
        guard let parent = models.first(where: { $0.typeName.split(separator: ".").last.map(String.init) == name }),
              let table = resolver.resolve(parent.table) else { return nil }
        let id = parent.columns.first { $0.wrapper?.hasPrefix("@ID") ?? false }
        let key = id.flatMap { resolver.resolve($0.name) } ?? "id"
        guard let id, let dataType = id.wrapper == "@ID" ? ".uuid" : id.type.flatMap(mapped) else { return nil }
        return (table, key, dataType)
    }

    // MARK: - Registrations

    /// A registration of `name` in the project's list: after `anchor`'s registration when it has
    /// one there, else after the last; nil when the project registers nothing in a list.
    func registration(of name: String, after anchor: String?) -> FileChange? {
        guard let last = mainList.last else { return nil }
        let site = anchor.flatMap { anchor in mainList.last { $0.name == anchor } } ?? last
        let path = Paths.absolute(site.location.file)
        if let line = site.line, let lineEnd = site.lineEnd, let constructor = site.constructor, constructor.count == 2 {
            let bytes = Array(line.utf8)
            guard constructor[0] >= 0, constructor[0] <= constructor[1], constructor[1] <= bytes.count else { return nil }
            let repeated = Array(bytes[..<constructor[0]]) + Array("\(name)()".utf8) + Array(bytes[constructor[1]...]) + [UInt8(ascii: "\n")]
            return FileChange(path: path, edits: [Self.appending(Edit(range: lineEnd..<lineEnd, replacement: repeated))])
        }
        let separator = site.separator ?? mainList.lazy.compactMap(\.separator).first ?? ", "
        return FileChange(path: path, edits: [Self.appending(Edit(range: site.end..<site.end, replacement: separator + "\(name)()"))])
    }

    /// Registrations after the same one all apply in one pass, in the order of their findings.
    static func appending(_ edit: Edit) -> Edit {
        var edit = edit
        edit.appends = true
        return edit
    }

    /// The registration an unregistered migration lacks, after the registration of the migration
    /// declared before it (in file order), so the list runs in the order the files do.
    func register(_ migration: MigrationFacts.FluentMigration) -> Fix? {
        let registered = Set(mainList.map(\.name))
        let position = migrations.firstIndex { $0.qualifiedName == migration.qualifiedName && $0.location.file == migration.location.file }
        let anchor = position.flatMap { migrations[..<$0].last { registered.contains($0.qualifiedName) }?.qualifiedName }
        guard let change = registration(of: migration.qualifiedName, after: anchor) else { return nil }
        var fix = Fix(title: "register \(migration.qualifiedName)", edits: [])
        fix.files = [change]
        return fix
    }
}
