/// Names the migrations check reads beyond literals and dotted constants: a bare member of the
/// enclosing type (`.schema(schema)` with `private let schema = "Reports"`), a computed property
/// returning a literal or an enum case's raw value, enum raw values themselves, an index a
/// revert drops by name, and migrations registered by other means than `migrations.add(X())`.
extension MigrationFactsReader {
    /// `schema` written bare: the member of that name of the innermost type around `index` (a
    /// literal, or a reference such as `Table.reports.rawValue`, which the project pass resolves
    /// against every file's constants and enum raw values), else a local constant's value; nil
    /// when `text` is not one bare identifier or names neither.
    func bareName(_ text: String, at index: Int) -> MigrationFacts.Name? {
        guard !text.isEmpty, text.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }), text.first?.isLetter ?? false else { return nil }
        let around = file.typeDeclarations().filter { $0.body.contains(index) }.max { $0.body.lowerBound < $1.body.lowerBound }
        if let around, let value = memberValue(text, of: around) { return value }
        if let initializer = file.localInitializer(of: text, before: index) {
            let value = file.staticText(initializer)
            if case .computed = value { return nil }
            return value
        }
        return nil
    }

    /// The value of member `name` of `declaration`: `let name = …`, `var name: T = …`, `var name: T { [return] … }`.
    private func memberValue(_ name: String, of declaration: TypeDeclaration) -> MigrationFacts.Name? {
        for index in declaration.body where file.tokens[index].kind == .keyword && (file.tokenIs(index, "let") || file.tokenIs(index, "var")) {
            guard file.isMember(index, of: declaration), let nameToken = file.nextCode(after: index), file.text(nameToken) == name else { continue }
            var cursor = file.nextCode(after: nameToken)
            while let current = cursor, !file.tokenIs(current, "="), !file.tokenIs(current, "{"), file.tokens[current].line == file.tokens[nameToken].line {
                cursor = file.nextCode(after: file.partner[current] > current ? Int(file.partner[current]) : current)
            }
            guard let marker = cursor, var start = file.nextCode(after: marker) else { return nil }
            let end: Int
            if file.tokenIs(marker, "{"), file.partner[marker] > marker {
                if file.tokenIs(start, "return"), let next = file.nextCode(after: start) { start = next }
                end = Int(file.partner[marker])
            } else if file.tokenIs(marker, "=") {
                end = file.expressionEnd(from: start)
            } else {
                return nil
            }
            let value = file.staticText(start..<end)
            if case .computed = value { return nil }
            return value
        }
        return nil
    }

    /// `enum Table: String { case players, teams = "team" }`: `Table.players` → `players`, also
    /// as `Table.players.rawValue`.
    func enumRawValues() -> [String: String] {
        var values: [String: String] = [:]
        for declaration in file.typeDeclarations() where declaration.kind == "enum" && declaration.inherits.contains("String") {
            for index in declaration.body where file.isMember(index, of: declaration) && file.tokenIs(index, "case") {
                for item in caseList(at: index) {
                    values["\(declaration.qualifiedName).\(item.name)"] = item.value
                    values["\(declaration.qualifiedName).\(item.name).rawValue"] = item.value
                }
            }
        }
        return values
    }

    /// The cases of `case a, b = "bee"` at the `case` keyword `index`: names, string raw values
    /// (the name when none is written) and name tokens.
    func caseList(at index: Int) -> [(name: String, value: String, token: Int)] {
        var result: [(name: String, value: String, token: Int)] = []
        var cursor = file.nextCode(after: index)
        while let current = cursor, file.tokens[current].kind == .identifier {
            let name = file.text(current).replacingOccurrences(of: "`", with: "")
            var value = name
            var next = file.nextCode(after: current)
            if let equals = next, file.tokenIs(equals, "="), let start = file.nextCode(after: equals), let literal = file.stringLiteral(at: start) {
                value = literal.value
                next = literal.endToken.flatMap { file.nextCode(after: $0) }
            }
            result.append((name, value, current))
            guard let comma = next, file.tokenIs(comma, ",") else { break }
            cursor = file.nextCode(after: comma)
        }
        return result
    }

    /// The table of `DROP INDEX [IF EXISTS] name` from the file's `CREATE [UNIQUE] INDEX name ON table`.
    func droppedIndexTable(_ sql: String) -> String? {
        guard let match = sql.range(of: #"(?i)\bdrop\s+index\s+(if\s+exists\s+)?"?[A-Za-z_][A-Za-z0-9_]*"#, options: .regularExpression) else { return nil }
        let index = String(sql[match].split(whereSeparator: { $0 == " " || $0 == "\"" }).last ?? "")
        let pattern = #"(?i)\bcreate\s+(unique\s+)?index\s+(if\s+not\s+exists\s+)?"?"# + index + #""?\s+on\s+"?[A-Za-z_][A-Za-z0-9_]*"#
        for start in file.literalStarts.lazy.map(Int.init) {
            guard let literal = file.stringLiteral(at: start), let found = literal.value.range(of: pattern, options: .regularExpression) else { continue }
            return String(literal.value[found].split(whereSeparator: { $0 == " " || $0 == "\"" }).last ?? "")
        }
        return nil
    }

    /// A migration constructed as the value of a static member (`public static var migration:
    /// any Migration { CreateX() }`, `static let all = CreateX()`: exposed for an app to register),
    /// or into a local that is then run (`let m = CreateX(); try await m.prepare(on: db)`).
    private static let modifiers: Set<String> = ["public", "private", "internal", "fileprivate", "package", "nonisolated", "static", "class"]

    func isExposedOrRunLocally(_ construction: Int) -> Bool {
        var cursor = file.previousCode(before: construction)
        if let current = cursor, file.tokenIs(current, "return") { cursor = file.previousCode(before: current) }
        guard let marker = cursor, file.tokenIs(marker, "=") || file.tokenIs(marker, "{") else { return false }
        var back = file.previousCode(before: marker)
        let line = file.tokens[marker].line
        while let current = back, !file.tokenIs(current, "let"), !file.tokenIs(current, "var"), file.tokens[current].line == line,
              !file.tokenIs(current, "{"), !file.tokenIs(current, "}") {
            back = file.previousCode(before: current)
        }
        guard let keyword = back, file.tokenIs(keyword, "let") || file.tokenIs(keyword, "var"),
              let nameToken = file.nextCode(after: keyword) else { return false }
        var modifier = file.previousCode(before: keyword)
        while let current = modifier, Self.modifiers.contains(file.text(current)) {
            if file.tokenIs(current, "static") || file.tokenIs(current, "class") { return true }
            modifier = file.previousCode(before: current)
        }
        // A local run in the same scope: `NAME.prepare(`.
        guard file.tokenIs(marker, "="), file.tokens[nameToken].kind == .identifier else { return false }
        let end = file.enclosingBrace(of: construction).map { Int(file.partner[$0]) } ?? file.tokens.count
        guard end > construction else { return false }
        let name = file.text(nameToken)
        return (construction..<end).contains { index in
            file.tokenIs(index, "prepare") && file.previousCode(before: index).map { dot in
                file.tokenIs(dot, ".") && file.previousCode(before: dot).map { file.text($0) == name } ?? false
            } ?? false
        }
    }
}
