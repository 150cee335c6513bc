/// Reads one JSON object key by key, for every shape gatekeeper reads (config, check options,
/// telemetry contract, secret detectors, baseline): a wrong type, a number out of range and
/// (at `finish`) an unknown key are configuration errors naming the full key path.
public final class JSONObjectReader: @unchecked Sendable {
    /// Where the object sits (`checks.imports`, `events.api.request`); empty for a file's root.
    public let keyPath: String
    public let members: [(key: String, value: JSONValue)]
    private var read: Set<String> = []

    public init(members: [(key: String, value: JSONValue)], keyPath: String, alreadyRead: Set<String> = []) {
        self.members = members
        self.keyPath = keyPath
        self.read = alreadyRead
    }

    /// `value` must be an object; `keyPath` names it in errors.
    public convenience init(_ value: JSONValue, keyPath: String) throws {
        guard let members = value.objectValue else {
            throw ConfigurationError("\(keyPath.isEmpty ? "the file" : keyPath) must be an object, not \(value.typeName)")
        }
        self.init(members: members, keyPath: keyPath)
    }

    /// The full path of `key` inside this object.
    public func path(_ key: String) -> String { keyPath.isEmpty ? key : keyPath + "." + key }

    public func value(_ key: String) -> JSONValue? {
        read.insert(key)
        return members.first { $0.key == key }?.value
    }

    private func typeError(_ key: String, _ expected: String, _ found: JSONValue) -> ConfigurationError {
        ConfigurationError("\(path(key)) must be \(expected), not \(found.typeName)")
    }

    public func string(_ key: String) throws -> String? {
        guard let found = value(key) else { return nil }
        guard case let .string(text) = found else { throw typeError(key, "a string", found) }
        return text
    }

    public func bool(_ key: String) throws -> Bool? {
        guard let found = value(key) else { return nil }
        guard case let .bool(flag) = found else { throw typeError(key, "true or false", found) }
        return flag
    }

    public func strings(_ key: String) throws -> [String]? {
        guard let found = value(key) else { return nil }
        guard case let .array(items) = found else { throw typeError(key, "an array of strings", found) }
        return try items.map { item in
            guard case let .string(text) = item else { throw typeError(key, "an array of strings", item) }
            return text
        }
    }

    /// A number within `range`; JSON numbers are doubles, so a huge one is refused here, never trapped on.
    public func double(_ key: String, in range: ClosedRange<Double>) throws -> Double? {
        guard let found = value(key) else { return nil }
        guard case let .number(number) = found else { throw typeError(key, "a number", found) }
        guard range.contains(number) else { throw ConfigurationError("\(path(key)) must be from \(range.lowerBound) to \(range.upperBound), not \(number)") }
        return number
    }

    /// A whole number within `range`.
    public func int(_ key: String, in range: ClosedRange<Int>) throws -> Int? {
        guard let number = try double(key, in: Double(range.lowerBound)...Double(range.upperBound)) else { return nil }
        guard number.rounded() == number else { throw ConfigurationError("\(path(key)) must be a whole number, not \(number)") }
        return Int(number)
    }

    public func object(_ key: String) throws -> JSONObjectReader? {
        guard let found = value(key) else { return nil }
        return try JSONObjectReader(found, keyPath: path(key))
    }

    public func array(_ key: String) throws -> [JSONValue]? {
        guard let found = value(key) else { return nil }
        guard case let .array(items) = found else { throw typeError(key, "an array", found) }
        return items
    }

    /// Throws for the first key no getter asked for.
    public func finish() throws {
        if let unknown = members.first(where: { !read.contains($0.key) }) {
            throw ConfigurationError("unknown key \(path(unknown.key))" + Suggestion.phrase(unknown.key, among: Array(read)))
        }
    }
}

/// A check's own keys of `checks.<id>` (all but `enabled`).
public typealias CheckOptions = JSONObjectReader
