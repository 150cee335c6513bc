import Foundation

/// The telemetry contract: which events exist, the fields they require, closed value sets,
/// deprecations, and how events are emitted in code.
public struct TelemetryContract: Sendable {
    public struct Event: Sendable {
        public var name: String
        public var description: String
        public var required: [String]
        public var optional: [String]
        public var values: [String: [String]]
        /// Nil when current; the reason (possibly empty) when deprecated.
        public var deprecation: String?
        /// 1-based line of the event in the contract file.
        public var line: Int
    }

    /// A custom emitter: `record(event: "x", entityId: id)` or `track("x", ["k": v])`.
    public struct Emitter: Sendable {
        public enum Argument: Sendable, Equatable {
            case label(String)
            case position(Int)
        }

        public enum Fields: Sendable, Equatable {
            /// The call's other labeled arguments are the fields.
            case arguments
            /// The keys of this dictionary argument are the fields.
            case dictionary(Argument)
        }

        public enum Naming: String, Sendable {
            case snakeCase = "snake_case", kebabCase = "kebab-case", asIs = "as-is"
        }

        public var name: String
        public var event: Argument
        public var fields: Fields
        public var naming: Naming
    }

    public var path: String
    public var events: [Event]
    public var namespaces: [String]
    public var emitters: [Emitter]

    public func event(named name: String) -> Event? { events.first { $0.name == name } }

    /// Whether `name` falls in the contract's namespaces (`api.*`): only such names can be unknown.
    public func isInNamespace(_ name: String) -> Bool {
        namespaces.contains { name.hasPrefix($0 + ".") }
    }

    public static func load(_ path: String) throws -> TelemetryContract {
        try parse(bytes: try FileSystem.read(path), path: path)
    }

    /// The contract file's content; errors name the file.
    public static func parse(bytes: [UInt8], path: String) throws -> TelemetryContract {
        let (root, text) = try JSON5Parser.parse(bytes: bytes, displayPath: Paths.display(path), what: "telemetry contract")
        do {
            return try parse(root, text: text, path: path)
        } catch let error as ConfigurationError {
            throw ConfigurationError("\(Paths.display(path)): \(error.description)")
        }
    }

    static func parse(_ root: JSONValue, text: String, path: String) throws -> TelemetryContract {
        guard let members = root.objectValue else { throw ConfigurationError("the contract must be an object") }
        for member in members where !["events", "namespaces", "emitters"].contains(member.key) {
            throw ConfigurationError("unknown key \(member.key)")
        }
        func strings(_ value: JSONValue?, _ key: String) throws -> [String] {
            guard let value else { return [] }
            guard let items = value.arrayValue, items.allSatisfy({ $0.stringValue != nil }) else {
                throw ConfigurationError("\(key) must be an array of strings")
            }
            return items.compactMap(\.stringValue)
        }
        guard let eventMembers = root["events"]?.objectValue else { throw ConfigurationError("events must be an object of event names") }
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        let events = try eventMembers.map { name, value -> Event in
            guard let fields = value.objectValue else { throw ConfigurationError("events.\(name) must be an object") }
            for field in fields where !["description", "required", "optional", "values", "deprecated"].contains(field.key) {
                throw ConfigurationError("unknown key events.\(name).\(field.key)")
            }
            var values: [String: [String]] = [:]
            for (field, allowed) in value["values"]?.objectValue ?? [] {
                values[field] = try strings(allowed, "events.\(name).values.\(field)")
            }
            var deprecation: String?
            switch value["deprecated"] {
            case .none, .some(.bool(false)), .some(.null): deprecation = nil
            case .some(.bool(true)): deprecation = ""
            case let .some(.string(reason)): deprecation = reason
            default: throw ConfigurationError("events.\(name).deprecated must be true, false or a reason")
            }
            // The event's line, for findings that point into the contract.
            let line = (lines.firstIndex { $0.contains("\"\(name)\"") || $0.contains("'\(name)'") } ?? 0) + 1
            return Event(name: name, description: value["description"]?.stringValue ?? "",
                         required: try strings(value["required"], "events.\(name).required"),
                         optional: try strings(value["optional"], "events.\(name).optional"),
                         values: values, deprecation: deprecation, line: line)
        }
        var namespaces = try strings(root["namespaces"], "namespaces")
        if root["namespaces"] == nil {
            namespaces = Array(Set(events.compactMap { $0.name.split(separator: ".").first.map(String.init) })).sorted()
        }
        let emitters = try (root["emitters"]?.arrayValue ?? []).enumerated().map { index, value in
            try parseEmitter(value, key: "emitters[\(index)]")
        }
        return TelemetryContract(path: path, events: events, namespaces: namespaces, emitters: emitters)
    }

    private static func parseEmitter(_ value: JSONValue, key: String) throws -> Emitter {
        guard let members = value.objectValue else { throw ConfigurationError("\(key) must be an object") }
        for member in members where !["name", "event", "fields", "naming"].contains(member.key) {
            throw ConfigurationError("unknown key \(key).\(member.key)")
        }
        guard let name = value["name"]?.stringValue else { throw ConfigurationError("\(key).name must be a string") }
        func argument(_ value: JSONValue?, _ field: String) throws -> Emitter.Argument {
            switch value {
            case let .some(.string(label)): return .label(label)
            case let .some(.number(position)) where position >= 0 && position.rounded() == position: return .position(Int(position))
            default: throw ConfigurationError("\(key).\(field) must be an argument label (a string) or a position (a number from 0)")
            }
        }
        let fields: Emitter.Fields = value["fields"]?.stringValue == "arguments" ? .arguments : .dictionary(try argument(value["fields"], "fields"))
        let namingText = value["naming"]?.stringValue ?? "snake_case"
        guard let naming = Emitter.Naming(rawValue: namingText) else {
            throw ConfigurationError("\(key).naming must be \"snake_case\", \"kebab-case\" or \"as-is\"")
        }
        return Emitter(name: name, event: try argument(value["event"], "event"), fields: fields, naming: naming)
    }

    /// The contract as Markdown, for a team's observability docs (`gatekeeper telemetry docs`).
    public func markdown() -> String {
        var output = "# Telemetry events\n\nGenerated from `\(URL(fileURLWithPath: path).lastPathComponent)` by `gatekeeper telemetry docs`; do not edit by hand.\n"
        for event in events.sorted(by: { $0.name < $1.name }) {
            output += "\n## `\(event.name)`\(event.deprecation != nil ? " (deprecated)" : "")\n\n"
            if !event.description.isEmpty { output += event.description + "\n\n" }
            if let deprecation = event.deprecation { output += "**Deprecated**\(deprecation.isEmpty ? "." : ": \(deprecation).")\n\n" }
            output += "| field | required | allowed values |\n|---|---|---|\n"
            for field in event.required + event.optional {
                let allowed = event.values[field].map { $0.map { "`\($0)`" }.joined(separator: ", ") } ?? ""
                output += "| `\(field)` | \(event.required.contains(field) ? "yes" : "no") | \(allowed) |\n"
            }
        }
        return output
    }
}
