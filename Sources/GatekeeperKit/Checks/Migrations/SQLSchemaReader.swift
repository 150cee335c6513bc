import Foundation

/// Reads schema changes out of SQL text: `CREATE TABLE [IF NOT EXISTS] t (…)`,
/// `ALTER TABLE t ADD [COLUMN] [IF NOT EXISTS] c …`, `ALTER TABLE t RENAME TO u`,
/// `ALTER TABLE t DROP [COLUMN] c`, `DROP TABLE [IF EXISTS] t`.
enum SQLSchemaReader {
    struct Change: Equatable {
        enum Action: Equatable { case create, update, delete, rename(String) }
        var table: String
        var action: Action
        var added: [String]
        var removed: [String]
        /// A view or virtual table: it exists, but its columns are not listed here.
        var columnsUnknown = false
    }

    static func changes(in sql: String) -> [Change] {
        statements(withoutComments(sql)).compactMap(change)
    }

    private static func withoutComments(_ sql: String) -> String {
        var result = ""
        var iterator = Array(sql.unicodeScalars)[...]
        var quote: Unicode.Scalar?
        while let scalar = iterator.popFirst() {
            if let open = quote {
                result.unicodeScalars.append(scalar)
                if scalar == open { quote = nil }
            } else if scalar == "'" || scalar == "\"" || scalar == "`" {
                quote = scalar
                result.unicodeScalars.append(scalar)
            } else if scalar == "-", iterator.first == "-" {
                while let next = iterator.first, next != "\n" { iterator.removeFirst() }
            } else if scalar == "/", iterator.first == "*" {
                iterator.removeFirst()
                while let next = iterator.popFirst(), !(next == "*" && iterator.first == "/") {}
                _ = iterator.popFirst()
                result += " "
            } else {
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    private static func statements(_ sql: String) -> [String] {
        sql.split(separator: ";").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { !$0.isEmpty }
    }

    /// `"users"`, `` `users` ``, `[users]`, `public.users` → `users`.
    static func identifier(_ raw: Substring) -> String {
        let last = raw.split(separator: ".").last.map(String.init) ?? String(raw)
        return last.trimmingCharacters(in: CharacterSet(charactersIn: "\"`[]"))
    }

    private static let constraintWords: Set<String> = ["primary", "foreign", "unique", "constraint", "check", "key", "index", "exclude", "like", "period"]

    private static func change(_ statement: String) -> Change? {
        let words = statement.split(whereSeparator: { $0.isWhitespace || $0 == "(" }).map(String.init)
        let upper = words.map { $0.uppercased() }
        func at(_ index: Int) -> String { index < upper.count ? upper[index] : "" }
        var cursor = 2
        if at(0) == "CREATE" {
            cursor = 1
            if ["TEMP", "TEMPORARY", "UNLOGGED"].contains(at(cursor)) { cursor += 1 }
            let isView = at(cursor) == "VIEW" || (at(cursor) == "VIRTUAL" && at(cursor + 1) == "TABLE")
            guard at(cursor) == "TABLE" || isView else { return nil }
            cursor += at(cursor) == "VIRTUAL" ? 2 : 1
            if at(cursor) == "IF", at(cursor + 1) == "NOT", at(cursor + 2) == "EXISTS" { cursor += 3 }
            guard cursor < words.count else { return nil }
            let table = identifier(Substring(words[cursor]))
            guard !isView, let open = statement.firstIndex(of: "("), let close = statement.lastIndex(of: ")"), open < close else {
                return Change(table: table, action: .create, added: [], removed: [], columnsUnknown: isView)
            }
            return Change(table: table, action: .create, added: columnNames(statement[statement.index(after: open)..<close]), removed: [])
        }
        if at(0) == "DROP", at(1) == "TABLE" {
            if at(2) == "IF", at(3) == "EXISTS" { cursor = 4 }
            guard cursor < words.count else { return nil }
            return Change(table: identifier(Substring(words[cursor].trimmingCharacters(in: CharacterSet(charactersIn: ",")))), action: .delete, added: [],
                removed: [])
        }
        if at(0) == "ALTER", at(1) == "TABLE" {
            if at(2) == "IF", at(3) == "EXISTS" { cursor = 4 }
            if at(cursor) == "ONLY" { cursor += 1 }
            guard cursor < words.count else { return nil }
            let table = identifier(Substring(words[cursor]))
            var change = Change(table: table, action: .update, added: [], removed: [])
            // Several actions may follow, separated by commas.
            let actions = statement.split(separator: ",")
            for (index, action) in actions.enumerated() {
                var parts = action.split(whereSeparator: \.isWhitespace).map(String.init)
                if index == 0 { parts = Array(parts.dropFirst(cursor + 1)) }
                let partsUpper = parts.map { $0.uppercased() }
                guard let verb = partsUpper.first else { continue }
                var position = 1
                if partsUpper.count > position, partsUpper[position] == "COLUMN" { position += 1 }
                if partsUpper.count > position + 2, partsUpper[position] == "IF" { position += partsUpper[position + 1] == "NOT" ? 3 : 2 }
                guard position < parts.count else { continue }
                switch verb {
                case "ADD" where !constraintWords.contains(partsUpper[1].lowercased()):
                    change.added.append(identifier(Substring(parts[position])))
                case "DROP" where !constraintWords.contains(partsUpper[1].lowercased()):
                    change.removed.append(identifier(Substring(parts[position])))
                case "RENAME" where partsUpper.count > 2 && partsUpper[1] == "TO":
                    change.action = .rename(identifier(Substring(parts[2])))
                default:
                    break
                }
            }
            return change
        }
        return nil
    }

    /// The column names of a `CREATE TABLE` body: the first word of each top-level definition
    /// that is not a table constraint.
    private static func columnNames(_ body: Substring) -> [String] {
        var definitions: [String] = []
        var depth = 0
        var current = ""
        var quote: Character?
        for character in body {
            if let open = quote {
                if character == open { quote = nil }
                current.append(character)
                continue
            }
            if character == "'" || character == "\"" { quote = character }
            if character == "(" { depth += 1 }
            if character == ")" { depth -= 1 }
            if character == ",", depth == 0 {
                definitions.append(current)
                current = ""
            } else {
                current.append(character)
            }
        }
        definitions.append(current)
        return definitions.compactMap { definition in
            guard let first = definition.split(whereSeparator: \.isWhitespace).first, !constraintWords.contains(first.lowercased()) else { return nil }
            return identifier(first)
        }
    }

    /// Whether a string looks like SQL DDL worth reading.
    static func mentionsDDL(_ text: String) -> Bool {
        ddlNeedles.containsAny(in: Array(text.utf8))
    }

    /// The same test over a file's string text, in one pass: no literal of a file without any
    /// of these can hold DDL.
    static func mayHoldDDL(_ file: SourceFile) -> Bool {
        ddlNeedles.containsAny(in: file.bytes, ranges: file.byteRanges { $0.kind == .stringText })
    }

    /// The same test over some bytes of a file (one literal, quotes and interpolations included).
    static func mayHoldDDL(_ file: SourceFile, in range: Range<Int>) -> Bool {
        ddlNeedles.containsAny(in: file.bytes, ranges: [range])
    }

    private static let ddlNeedles = NeedleSet(["create table", "alter table", "drop table", "create temp", "create unlogged", "create view",
                                               "create virtual table"].map(ByteSearch.needle))
}
