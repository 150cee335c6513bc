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

    /// Read over UTF-8 bytes: every character SQL's grammar cares about is ASCII, and the reader
    /// runs on every string literal with a DDL phrase (GRDB's tests have thousands).
    static func changes(in sql: String) -> [Change] {
        statements(withoutComments(Array(sql.utf8))).compactMap(change)
    }

    private typealias Text = ArraySlice<UInt8>

    private static func withoutComments(_ sql: [UInt8]) -> [UInt8] {
        var result: [UInt8] = []
        result.reserveCapacity(sql.count)
        var index = 0
        var quote: UInt8 = 0
        func next(is byte: Unicode.Scalar) -> Bool { index < sql.count && sql[index] == UInt8(ascii: byte) }
        while index < sql.count {
            let byte = sql[index]
            index += 1
            if quote != 0 {
                result.append(byte)
                if byte == quote { quote = 0 }
            } else if byte == UInt8(ascii: "'") || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "`") {
                quote = byte
                result.append(byte)
            } else if byte == UInt8(ascii: "-"), next(is: "-") {
                while index < sql.count, sql[index] != 0x0A { index += 1 }
            } else if byte == UInt8(ascii: "/"), next(is: "*") {
                index += 1
                while index < sql.count {
                    index += 1
                    if sql[index - 1] == UInt8(ascii: "*"), next(is: "/") { break }
                }
                index += 1
                result.append(0x20)
            } else {
                result.append(byte)
            }
        }
        return result
    }

    @inline(__always) private static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || (byte >= 0x09 && byte <= 0x0D)
    }

    private static func trimmed(_ text: Text, dropping drop: (UInt8) -> Bool = isWhitespace) -> Text {
        var text = text
        while let first = text.first, drop(first) { text.removeFirst() }
        while let last = text.last, drop(last) { text.removeLast() }
        return text
    }

    private static func statements(_ sql: [UInt8]) -> [Text] {
        sql.split(separator: UInt8(ascii: ";")).map { trimmed($0) }.filter { !$0.isEmpty }
    }

    /// `"users"`, `` `users` ``, `[users]`, `public.users` → `users`.
    private static func identifier(_ raw: Text) -> String {
        let last = raw.split(separator: UInt8(ascii: ".")).last ?? raw
        let quotes: [UInt8] = Array("\"`[]".utf8)
        return String(decoding: trimmed(last, dropping: quotes.contains), as: UTF8.self)
    }

    /// Whether `word` is `keyword` (uppercase ASCII), ignoring ASCII case.
    private static func isWord(_ word: Text?, _ keyword: StaticString) -> Bool {
        guard let word, word.count == keyword.utf8CodeUnitCount else { return false }
        return zip(word, UnsafeBufferPointer(start: keyword.utf8Start, count: keyword.utf8CodeUnitCount)).allSatisfy { $0 & 0xDF == $1 }
    }

    private static let constraintWords: [StaticString] = ["PRIMARY", "FOREIGN", "UNIQUE", "CONSTRAINT", "CHECK", "KEY", "INDEX", "EXCLUDE", "LIKE", "PERIOD"]

    private static func isConstraintWord(_ word: Text?) -> Bool {
        constraintWords.contains { isWord(word, $0) }
    }

    private static func change(_ statement: Text) -> Change? {
        let words = statement.split(whereSeparator: { isWhitespace($0) || $0 == UInt8(ascii: "(") })
        func at(_ index: Int) -> Text? { index < words.count ? words[index] : nil }
        if isWord(at(0), "CREATE") {
            return create(statement, words)
        }
        var cursor = 2
        if isWord(at(0), "DROP"), isWord(at(1), "TABLE") {
            if isWord(at(2), "IF"), isWord(at(3), "EXISTS") { cursor = 4 }
            guard let table = at(cursor) else { return nil }
            return Change(table: identifier(trimmed(table) { $0 == UInt8(ascii: ",") }), action: .delete, added: [], removed: [])
        }
        if isWord(at(0), "ALTER"), isWord(at(1), "TABLE") {
            if isWord(at(2), "IF"), isWord(at(3), "EXISTS") { cursor = 4 }
            if isWord(at(cursor), "ONLY") { cursor += 1 }
            guard let table = at(cursor) else { return nil }
            var change = Change(table: identifier(table), action: .update, added: [], removed: [])
            // Several actions may follow, separated by commas.
            for (index, action) in statement.split(separator: UInt8(ascii: ",")).enumerated() {
                var parts = action.split(whereSeparator: isWhitespace)
                if index == 0 { parts = Array(parts.dropFirst(cursor + 1)) }
                alter(&change, parts)
            }
            return change
        }
        return nil
    }

    private static func create(_ statement: Text, _ words: [Text]) -> Change? {
        func at(_ index: Int) -> Text? { index < words.count ? words[index] : nil }
        var cursor = 1
        if isWord(at(cursor), "TEMP") || isWord(at(cursor), "TEMPORARY") || isWord(at(cursor), "UNLOGGED") { cursor += 1 }
        let isVirtual = isWord(at(cursor), "VIRTUAL") && isWord(at(cursor + 1), "TABLE")
        let isView = isWord(at(cursor), "VIEW") || isVirtual
        guard isWord(at(cursor), "TABLE") || isView else { return nil }
        cursor += isWord(at(cursor), "VIRTUAL") ? 2 : 1
        if isWord(at(cursor), "IF"), isWord(at(cursor + 1), "NOT"), isWord(at(cursor + 2), "EXISTS") { cursor += 3 }
        guard let name = at(cursor) else { return nil }
        let table = identifier(name)
        guard !isView, let open = statement.firstIndex(of: UInt8(ascii: "(")), let close = statement.lastIndex(of: UInt8(ascii: ")")), open < close else {
            return Change(table: table, action: .create, added: [], removed: [], columnsUnknown: isView)
        }
        return Change(table: table, action: .create, added: columnNames(statement[(open + 1)..<close]), removed: [])
    }

    /// One action of `ALTER TABLE`: `ADD [COLUMN] [IF NOT EXISTS] c …`, `DROP [COLUMN] [IF EXISTS] c`, `RENAME TO u`,
    /// `RENAME [COLUMN] a TO b`.
    private static func alter(_ change: inout Change, _ parts: [Text]) {
        guard let verb = parts.first else { return }
        var position = 1
        if parts.count > position, isWord(parts[position], "COLUMN") { position += 1 }
        if parts.count > position + 2, isWord(parts[position], "IF") { position += isWord(parts[position + 1], "NOT") ? 3 : 2 }
        guard position < parts.count else { return }
        if isWord(verb, "ADD"), !isConstraintWord(parts[1]) {
            change.added.append(identifier(parts[position]))
        } else if isWord(verb, "DROP"), !isConstraintWord(parts[1]) {
            change.removed.append(identifier(parts[position]))
        } else if isWord(verb, "RENAME"), parts.count > 2, isWord(parts[1], "TO") {
            change.action = .rename(identifier(parts[2]))
        } else if isWord(verb, "RENAME"), parts.count > position + 2, isWord(parts[position + 1], "TO") {
            // `RENAME [COLUMN] a TO b`: the column is there under its new name.
            change.removed.append(identifier(parts[position]))
            change.added.append(identifier(parts[position + 2]))
        }
    }

    /// The column names of a `CREATE TABLE` body: the first word of each top-level definition
    /// that is not a table constraint.
    private static func columnNames(_ body: Text) -> [String] {
        var definitions: [Text] = []
        var depth = 0
        var start = body.startIndex
        var quote: UInt8 = 0
        for index in body.indices {
            let byte = body[index]
            if quote != 0 {
                if byte == quote { quote = 0 }
                continue
            }
            switch byte {
            case UInt8(ascii: "'"), UInt8(ascii: "\""): quote = byte
            case UInt8(ascii: "("): depth += 1
            case UInt8(ascii: ")"): depth -= 1
            case UInt8(ascii: ",") where depth == 0:
                definitions.append(body[start..<index])
                start = index + 1
            default: break
            }
        }
        definitions.append(body[start...])
        return definitions.compactMap { definition in
            guard let first = definition.split(whereSeparator: isWhitespace).first, !isConstraintWord(first) else { return nil }
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
        ddlNeedles.containsAny(in: file.bytes, ranges: file.stringTextRanges)
    }

    /// The same test over some bytes of a file (one literal, quotes and interpolations included).
    static func mayHoldDDL(_ file: SourceFile, in range: Range<Int>) -> Bool {
        ddlNeedles.containsAny(in: file.bytes, ranges: [range])
    }

    private static let ddlNeedles = NeedleSet(["create table", "alter table", "drop table", "create temp", "create unlogged", "create view",
                                               "create virtual table"].map(ByteSearch.needle))
}
