import Foundation

/// A JSON5 reader (comments, trailing commas, unquoted keys, single quotes, hex numbers,
/// `+`/`Infinity`/`NaN`, multi-line strings) for config files and rule packs. Errors say
/// the line and column.
public struct JSON5Parser {
    public struct SyntaxError: Error, CustomStringConvertible {
        public var line: Int
        public var column: Int
        public var problem: String
        public var description: String { "line \(line), column \(column): \(problem)" }
    }

    private let scalars: [Unicode.Scalar]
    private var index = 0
    private var depth = 0

    public static func parse(_ text: String) throws -> JSONValue {
        var parser = JSON5Parser(scalars: Array(text.unicodeScalars))
        try parser.skipTrivia()
        let value = try parser.parseValue()
        try parser.skipTrivia()
        if parser.index < parser.scalars.count { throw parser.error("unexpected '\(parser.scalars[parser.index])' after the value") }
        return value
    }

    private init(scalars: [Unicode.Scalar]) {
        // A byte-order mark is not content.
        self.scalars = scalars.first == "\u{FEFF}" ? Array(scalars.dropFirst()) : scalars
    }

    private func error(_ problem: String, at position: Int? = nil) -> SyntaxError {
        let end = min(position ?? index, scalars.count)
        var line = 1
        var column = 1
        for scalar in scalars[0..<end] {
            if scalar == "\n" { line += 1; column = 1 } else { column += 1 }
        }
        return SyntaxError(line: line, column: column, problem: problem)
    }

    private var current: Unicode.Scalar? { index < scalars.count ? scalars[index] : nil }

    private mutating func skipTrivia() throws {
        while let scalar = current {
            if scalar == " " || scalar == "\t" || scalar == "\n" || scalar == "\r" || scalar == "\u{FEFF}" || scalar == "\u{A0}"
                || scalar == "\u{2028}" || scalar == "\u{2029}" || scalar == "\u{0B}" || scalar == "\u{0C}" {
                index += 1
            } else if scalar == "/", index + 1 < scalars.count, scalars[index + 1] == "/" {
                while let next = current, next != "\n" { index += 1 }
            } else if scalar == "/", index + 1 < scalars.count, scalars[index + 1] == "*" {
                let start = index
                index += 2
                while index + 1 < scalars.count, !(scalars[index] == "*" && scalars[index + 1] == "/") { index += 1 }
                if index + 1 >= scalars.count { throw error("unterminated comment", at: start) }
                index += 2
            } else {
                return
            }
        }
    }

    private mutating func parseValue() throws -> JSONValue {
        guard let scalar = current else { throw error("unexpected end of input, expected a value") }
        switch scalar {
        case "{": return try parseObject()
        case "[": return try parseArray()
        case "\"", "'": return .string(try parseString())
        case "t": try expectWord("true"); return .bool(true)
        case "f": try expectWord("false"); return .bool(false)
        case "n": try expectWord("null"); return .null
        default:
            if scalar == "-" || scalar == "+" || scalar == "." || scalar == "I" || scalar == "N" || ("0"..."9").contains(scalar) {
                return .number(try parseNumber())
            }
            throw error("unexpected '\(scalar)', expected a value")
        }
    }

    private mutating func enter() throws {
        depth += 1
        if depth > 200 { throw error("nested too deeply") }
    }

    private mutating func parseObject() throws -> JSONValue {
        try enter()
        defer { depth -= 1 }
        index += 1
        var members: [(key: String, value: JSONValue)] = []
        // Keys seen, for duplicates: a set, as an object of many keys (a tool's output) must not take quadratic time.
        var keys = Set<String>()
        while true {
            try skipTrivia()
            guard let scalar = current else { throw error("unterminated object: expected '}'") }
            if scalar == "}" { index += 1; return .object(members) }
            let keyStart = index
            let key: String
            if scalar == "\"" || scalar == "'" {
                key = try parseString()
            } else if isIdentifierStart(scalar) {
                var name = ""
                while let next = current, isIdentifierStart(next) || ("0"..."9").contains(next) {
                    name.unicodeScalars.append(next)
                    index += 1
                }
                key = name
            } else {
                throw error("unexpected '\(scalar)', expected a key or '}'")
            }
            guard keys.insert(key).inserted else { throw error("duplicate key '\(key)'", at: keyStart) }
            try skipTrivia()
            guard current == ":" else { throw error("expected ':' after key '\(key)'") }
            index += 1
            try skipTrivia()
            members.append((key, try parseValue()))
            try skipTrivia()
            if current == "," { index += 1; continue }
            if current == "}" { index += 1; return .object(members) }
            throw error(current == nil ? "unterminated object: expected '}'" : "expected ',' or '}' after the value of '\(key)'")
        }
    }

    private mutating func parseArray() throws -> JSONValue {
        try enter()
        defer { depth -= 1 }
        index += 1
        var items: [JSONValue] = []
        while true {
            try skipTrivia()
            guard let scalar = current else { throw error("unterminated array: expected ']'") }
            if scalar == "]" { index += 1; return .array(items) }
            items.append(try parseValue())
            try skipTrivia()
            if current == "," { index += 1; continue }
            if current == "]" { index += 1; return .array(items) }
            throw error(current == nil ? "unterminated array: expected ']'" : "expected ',' or ']' in array")
        }
    }

    private func isIdentifierStart(_ scalar: Unicode.Scalar) -> Bool {
        scalar == "_" || scalar == "$" || scalar.properties.isAlphabetic
    }

    private mutating func expectWord(_ word: String) throws {
        for expected in word.unicodeScalars {
            guard current == expected else { throw error("unexpected token, expected '\(word)'") }
            index += 1
        }
    }

    private mutating func parseString() throws -> String {
        let quote = scalars[index]
        let start = index
        index += 1
        var result = ""
        while let scalar = current {
            index += 1
            if scalar == quote { return result }
            if scalar == "\n" || scalar == "\r" { throw error("unterminated string", at: start) }
            guard scalar == "\\" else { result.unicodeScalars.append(scalar); continue }
            guard let escaped = current else { break }
            index += 1
            switch escaped {
            case "n": result += "\n"
            case "t": result += "\t"
            case "r": result += "\r"
            case "b": result += "\u{08}"
            case "f": result += "\u{0C}"
            case "v": result += "\u{0B}"
            case "0": result += "\0"
            case "\n": break
            case "\r": if current == "\n" { index += 1 }
            case "u":
                var code: UInt32 = 0
                for _ in 0..<4 {
                    guard let digit = current, let value = UInt32(String(digit), radix: 16) else {
                        throw error("invalid \\u escape")
                    }
                    code = code * 16 + value
                    index += 1
                }
                // A surrogate pair spells one scalar.
                if (0xD800...0xDBFF).contains(code), current == "\\", index + 5 < scalars.count, scalars[index + 1] == "u",
                   let low = UInt32(String(String.UnicodeScalarView(scalars[(index + 2)..<(index + 6)])), radix: 16), (0xDC00...0xDFFF).contains(low) {
                    index += 6
                    code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                }
                guard let decoded = Unicode.Scalar(code) else { throw error("invalid \\u escape") }
                result.unicodeScalars.append(decoded)
            default: result.unicodeScalars.append(escaped)
            }
        }
        throw error("unterminated string", at: start)
    }

    private mutating func parseNumber() throws -> Double {
        let start = index
        var text = ""
        var sign: Double = 1
        if current == "+" || current == "-" {
            if current == "-" { sign = -1 }
            index += 1
        }
        if current == "I" { try expectWord("Infinity"); return sign * .infinity }
        if current == "N" { try expectWord("NaN"); return .nan }
        if current == "0", index + 1 < scalars.count, scalars[index + 1] == "x" || scalars[index + 1] == "X" {
            index += 2
            while let digit = current, digit.properties.isASCIIHexDigit { text.unicodeScalars.append(digit); index += 1 }
            guard let value = UInt64(text, radix: 16) else { throw error("invalid hexadecimal number", at: start) }
            return sign * Double(value)
        }
        while let scalar = current, ("0"..."9").contains(scalar) || scalar == "." || scalar == "e" || scalar == "E"
            || ((scalar == "+" || scalar == "-") && (text.last == "e" || text.last == "E")) {
            text.unicodeScalars.append(scalar)
            index += 1
        }
        if text.hasPrefix(".") { text = "0" + text }
        if text.hasSuffix(".") { text += "0" }
        guard let value = Double(text) else { throw error("invalid number", at: start) }
        return sign * value
    }
}

extension JSON5Parser {
    /// Reads and parses the JSON5 file at `path`. Problems are one-line configuration errors
    /// naming the file (as reports show it) and, for syntax, the line and column: `what` says
    /// what the file is ("config", "baseline", "telemetry contract").
    public static func parseFile(_ path: String, what: String) throws -> (value: JSONValue, text: String) {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ConfigurationError("\(Paths.display(path)): cannot read the \(what)")
        }
        return try parse(bytes: [UInt8](data), displayPath: Paths.display(path), what: what)
    }

    /// Parses a file's content; errors name the file, line and column.
    public static func parse(bytes: [UInt8], displayPath display: String, what: String) throws -> (value: JSONValue, text: String) {
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw ConfigurationError("\(display): the \(what) is not valid UTF-8")
        }
        do {
            return (try parse(text), text)
        } catch let error as SyntaxError {
            throw ConfigurationError("\(display):\(error.line):\(error.column): invalid \(what): \(error.problem)")
        }
    }
}
