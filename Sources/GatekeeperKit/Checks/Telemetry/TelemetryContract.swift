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
        let reader = try JSONObjectReader(root, keyPath: "")
        guard let eventsReader = try reader.object("events") else { throw ConfigurationError("events must be an object of event names") }
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        let events = try eventsReader.members.map { name, _ -> Event in
            let event = try eventsReader.object(name)!
            var values: [String: [String]] = [:]
            if let valueSets = try event.object("values") {
                for (field, _) in valueSets.members { values[field] = try valueSets.strings(field) }
            }
            var deprecation: String?
            switch event.value("deprecated") {
            case .none, .some(.bool(false)), .some(.null): deprecation = nil
            case .some(.bool(true)): deprecation = ""
            case let .some(.string(reason)): deprecation = reason
            default: throw ConfigurationError("\(event.path("deprecated")) must be true, false or a reason")
            }
            // The event's line, for findings that point into the contract.
            let line = (lines.firstIndex { $0.contains("\"\(name)\"") || $0.contains("'\(name)'") } ?? 0) + 1
            let parsed = Event(name: name, description: try event.string("description") ?? "", required: try event.strings("required") ?? [],
                               optional: try event.strings("optional") ?? [], values: values, deprecation: deprecation, line: line)
            try event.finish()
            return parsed
        }
        let namespaces = try reader.strings("namespaces")
            ?? Array(Set(events.compactMap { $0.name.split(separator: ".").first.map(String.init) })).sorted()
        let emitters = try (reader.array("emitters") ?? []).enumerated().map { index, value in
            try parseEmitter(JSONObjectReader(value, keyPath: "emitters[\(index)]"))
        }
        try reader.finish()
        return TelemetryContract(path: path, events: events, namespaces: namespaces, emitters: emitters)
    }

    private static func parseEmitter(_ emitter: JSONObjectReader) throws -> Emitter {
        guard let name = try emitter.string("name") else { throw ConfigurationError("\(emitter.path("name")) must be a string") }
        func argument(_ field: String) throws -> Emitter.Argument {
            if let label = try? emitter.string(field) { return .label(label) }
            // A position is a small whole number; anything else (a huge number too) is an error here.
            if let position = try? emitter.int(field, in: 0...255) { return .position(position) }
            throw ConfigurationError("\(emitter.path(field)) must be an argument label (a string) or a position (a whole number from 0 to 255)")
        }
        let fields: Emitter.Fields = (try? emitter.string("fields")) == "arguments" ? .arguments : .dictionary(try argument("fields"))
        let namingText = try emitter.string("naming") ?? "snake_case"
        guard let naming = Emitter.Naming(rawValue: namingText) else {
            throw ConfigurationError("\(emitter.path("naming")) must be \"snake_case\", \"kebab-case\" or \"as-is\"")
        }
        let event = try argument("event")
        try emitter.finish()
        return Emitter(name: name, event: event, fields: fields, naming: naming)
    }

    /// The contract as Markdown, for a team's observability docs (`gatekeeper telemetry docs`).
    public func markdown() -> String {
        var output = "# Telemetry events\n\nGenerated from `\(URL(fileURLWithPath: path).lastPathComponent)` by `gatekeeper telemetry docs`; do not " +
            "edit by hand.\n"
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
