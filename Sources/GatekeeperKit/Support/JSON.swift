/// A JSON value that keeps object keys in order (reports are written in a stable key order)
/// and remembers where each value stood in its source (config errors name the line).
public indirect enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([(key: String, value: JSONValue)])

    public static func == (lhs: JSONValue, rhs: JSONValue) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null): return true
        case let (.bool(a), .bool(b)): return a == b
        case let (.number(a), .number(b)): return a == b
        case let (.string(a), .string(b)): return a == b
        case let (.array(a), .array(b)): return a == b
        case let (.object(a), .object(b)):
            return a.count == b.count && zip(a, b).allSatisfy { $0.key == $1.key && $0.value == $1.value }
        default: return false
        }
    }

    public subscript(key: String) -> JSONValue? {
        if case let .object(members) = self { return members.first { $0.key == key }?.value }
        return nil
    }

    public var stringValue: String? {
        if case let .string(value) = self { return value }
        return nil
    }

    public var arrayValue: [JSONValue]? {
        if case let .array(value) = self { return value }
        return nil
    }

    public var objectValue: [(key: String, value: JSONValue)]? {
        if case let .object(value) = self { return value }
        return nil
    }

    /// A short name of the value's type, for error messages.
    public var typeName: String {
        switch self {
        case .null: return "null"
        case .bool: return "a boolean"
        case .number: return "a number"
        case .string: return "a string"
        case .array: return "an array"
        case .object: return "an object"
        }
    }
}

// MARK: - Writing

public enum JSONWriter {
    /// Pretty JSON with two-space indentation and keys in their given order: stable, so
    /// reports and baselines diff well.
    public static func write(_ value: JSONValue, pretty: Bool = true) -> String {
        var output = ""
        write(value, indent: 0, pretty: pretty, into: &output)
        return output
    }

    private static func write(_ value: JSONValue, indent: Int, pretty: Bool, into output: inout String) {
        switch value {
        case .null: output += "null"
        case let .bool(flag): output += flag ? "true" : "false"
        case let .number(number):
            if number.rounded() == number, abs(number) < 1e15 { output += String(Int64(number)) } else { output += "\(number)" }
        case let .string(text): output += quote(text)
        case let .array(items):
            if items.isEmpty { output += "[]"; return }
            output += "["
            for (index, item) in items.enumerated() {
                if index > 0 { output += "," }
                lineBreak(indent + 1, pretty, &output)
                write(item, indent: indent + 1, pretty: pretty, into: &output)
            }
            lineBreak(indent, pretty, &output)
            output += "]"
        case let .object(members):
            if members.isEmpty { output += "{}"; return }
            output += "{"
            for (index, member) in members.enumerated() {
                if index > 0 { output += "," }
                lineBreak(indent + 1, pretty, &output)
                output += quote(member.key)
                output += pretty ? ": " : ":"
                write(member.value, indent: indent + 1, pretty: pretty, into: &output)
            }
            lineBreak(indent, pretty, &output)
            output += "}"
        }
    }

    /// A line break and `level` indentations, when pretty (appended in place: a report has
    /// thousands of values).
    private static func lineBreak(_ level: Int, _ pretty: Bool, _ output: inout String) {
        guard pretty else { return }
        output += "\n"
        for _ in 0..<level { output += "  " }
    }

    /// Bytes, not scalars: only ASCII bytes are escaped, so the rest passes through as it is (a
    /// report quotes every message and path, and appending scalars one by one was most of its cost).
    public static func quote(_ text: String) -> String {
        let needsEscape = { (byte: UInt8) in byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") }
        guard text.utf8.contains(where: needsEscape) else { return "\"" + text + "\"" }
        var bytes: [UInt8] = [UInt8(ascii: "\"")]
        bytes.reserveCapacity(text.utf8.count + 8)
        for byte in text.utf8 {
            guard needsEscape(byte) else { bytes.append(byte); continue }
            switch byte {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"): bytes += [UInt8(ascii: "\\"), byte]
            case UInt8(ascii: "\n"): bytes += Array("\\n".utf8)
            case UInt8(ascii: "\r"): bytes += Array("\\r".utf8)
            case UInt8(ascii: "\t"): bytes += Array("\\t".utf8)
            default: bytes += Array("\\u00".utf8) + Array(SHA256.hexDigits(of: [byte]).utf8)
            }
        }
        bytes.append(UInt8(ascii: "\""))
        return String(decoding: bytes, as: UTF8.self)
    }
}
