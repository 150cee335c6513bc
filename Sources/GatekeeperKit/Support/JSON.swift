/// A JSON value that keeps object keys in order (reports are written in a stable key order)
/// and remembers where each value stood in its source (config errors name the line).
public enum JSONValue: Sendable, Equatable {
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

    public var boolValue: Bool? {
        if case let .bool(value) = self { return value }
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
    /// reports and baselines diff well. Written as bytes (a report has thousands of values).
    public static func write(_ value: JSONValue, pretty: Bool = true) -> String {
        var output: [UInt8] = []
        write(value, indent: 0, pretty: pretty, into: &output)
        return String(decoding: output, as: UTF8.self)
    }

    private static func write(_ value: JSONValue, indent: Int, pretty: Bool, into output: inout [UInt8]) {
        switch value {
        case .null: output += "null".utf8
        case let .bool(flag): output += (flag ? "true" : "false").utf8
        case let .number(number):
            if number.rounded() == number, abs(number) < 1e15 { output += String(Int64(number)).utf8 } else { output += "\(number)".utf8 }
        case let .string(text): quote(text, into: &output)
        case let .array(items):
            if items.isEmpty { output += "[]".utf8; return }
            output.append(UInt8(ascii: "["))
            for (index, item) in items.enumerated() {
                if index > 0 { output.append(UInt8(ascii: ",")) }
                lineBreak(indent + 1, pretty, &output)
                write(item, indent: indent + 1, pretty: pretty, into: &output)
            }
            lineBreak(indent, pretty, &output)
            output.append(UInt8(ascii: "]"))
        case let .object(members):
            if members.isEmpty { output += "{}".utf8; return }
            output.append(UInt8(ascii: "{"))
            for (index, member) in members.enumerated() {
                if index > 0 { output.append(UInt8(ascii: ",")) }
                lineBreak(indent + 1, pretty, &output)
                quote(member.key, into: &output)
                output += (pretty ? ": " : ":").utf8
                write(member.value, indent: indent + 1, pretty: pretty, into: &output)
            }
            lineBreak(indent, pretty, &output)
            output.append(UInt8(ascii: "}"))
        }
    }

    /// A line break and `level` indentations, when pretty.
    private static func lineBreak(_ level: Int, _ pretty: Bool, _ output: inout [UInt8]) {
        guard pretty else { return }
        output.append(UInt8(ascii: "\n"))
        output.append(contentsOf: repeatElement(UInt8(ascii: " "), count: 2 * level))
    }

    public static func quote(_ text: String) -> String {
        var output: [UInt8] = []
        quote(text, into: &output)
        return String(decoding: output, as: UTF8.self)
    }

    /// Bytes, not scalars: only ASCII bytes are escaped, so the rest passes through as it is, in
    /// runs between escapes (a report is hundreds of kilobytes of strings).
    private static func quote(_ text: String, into output: inout [UInt8]) {
        output.append(UInt8(ascii: "\""))
        var text = text
        text.withUTF8 { bytes in
            var start = 0
            for (index, byte) in bytes.enumerated() where byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") {
                output += UnsafeBufferPointer(rebasing: bytes[start..<index])
                start = index + 1
                switch byte {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"): output += [UInt8(ascii: "\\"), byte]
                case UInt8(ascii: "\n"): output += "\\n".utf8
                case UInt8(ascii: "\r"): output += "\\r".utf8
                case UInt8(ascii: "\t"): output += "\\t".utf8
                default: output += "\\u00\(SHA256.hexDigits(of: [byte]))".utf8
                }
            }
            output += UnsafeBufferPointer(rebasing: bytes[start...])
        }
        output.append(UInt8(ascii: "\""))
    }
}
