/// What one file tells the telemetry check: its emission sites and string constants.
public struct TelemetryFacts: Sendable, Codable {
    typealias Text = StaticText

    struct FieldValue: Sendable, Codable {
        var field: Text
        var value: String
    }

    struct Emission: Sendable, Codable {
        var emitter: String
        var location: SourceLocation
        /// The value of the `event` metadata key or the emitter's event argument.
        var eventArgument: Text?
        /// swift-log's message, when it is a literal: names the event when it is a contract event.
        var message: String?
        var fields: [Text]
        /// Why the fields cannot be listed (a metadata variable), if so.
        var unlistableFields: String?
        var values: [FieldValue]
    }

    var emissions: [Emission] = []
    var constants: [String: String] = [:]
}

/// Reads emission sites off one file's tokens.
struct EmissionReader {
    let file: SourceFile
    let emitters: [TelemetryContract.Emitter]
    /// `callNames(emitters)`: only these calls are read.
    var callNames: NameSet

    init(file: SourceFile, emitters: [TelemetryContract.Emitter], callNames: NameSet? = nil) {
        (self.file, self.emitters) = (file, emitters)
        self.callNames = callNames ?? Self.callNames(emitters)
    }

    /// The log levels, `log`, and the emitters' names.
    static func callNames(_ emitters: [TelemetryContract.Emitter]) -> NameSet {
        NameSet(logLevels.union(["log"]).union(emitters.map(\.name)))
    }

    private static let logLevels: Set<String> = ["trace", "debug", "info", "notice", "warning", "error", "critical"]
    /// Receivers named like a logger (`logger`, `log`, `appLogger`).
    private static let log = ByteSearch.needle("log")

    func read() -> TelemetryFacts {
        var facts = TelemetryFacts()
        facts.constants = file.staticConstants()
        // Read at the first log call: most files make none.
        var earlierMetadata = Deferred { metadataAssignments() }
        // Only names that can emit are made into Strings.
        for index in file.words.lazy.map(Int.init) where file.tokens[index].kind == .identifier && callNames.contains(file, index) {
            guard let open = file.nextCode(after: index), file.tokenIs(open, "(") else { continue }
            let name = file.text(index)
            let isLogCall = Self.logLevels.contains(name) || name == "log"
            guard let arguments = file.arguments(at: open) else { continue }
            let previous = file.previousCode(before: index)
            if let previous, file.tokenIs(previous, "func") { continue }
            if isLogCall, let dot = previous, file.tokenIs(dot, "."),
               let receiver = file.previousCode(before: dot), file.tokens[receiver].kind == .identifier,
               file.tokenContains(receiver, Self.log) {
                if name == "log", !arguments.contains(where: { $0.label == "level" }) { continue }
                var emission = swiftLogEmission(at: index, arguments: arguments)
                // Keys set on the same logger earlier, in this scope or an enclosing one.
                let receiverName = file.text(receiver)
                for assignment in earlierMetadata.value where assignment.receiver == receiverName && (assignment.token < index || assignment.anyOrder)
                    && encloses(assignment.scope, index) {
                    emission.fields.append(assignment.key)
                }
                facts.emissions.append(emission)
            } else if let emitter = emitters.first(where: { $0.name == name }) {
                facts.emissions.append(customEmission(emitter, at: index, arguments: arguments))
            }
        }
        return facts
    }

    private func text(_ range: Range<Int>) -> StaticText {
        file.staticText(range)
    }

    /// `logger.info("message", metadata: ["event": "x", "k": v])`, `logger.log(level: .info, "m", metadata: …)`.
    private func swiftLogEmission(at index: Int, arguments: [SourceFile.Argument]) -> TelemetryFacts.Emission {
        var emission = TelemetryFacts.Emission(emitter: "swift-log", location: file.location(ofToken: index), eventArgument: nil,
                                               message: arguments.first { $0.label == nil }.flatMap { file.literalValue($0.value) },
                                               fields: [], unlistableFields: nil, values: [])
        if let metadata = arguments.first(where: { $0.label == "metadata" }) {
            readDictionary(metadata.value, into: &emission)
            if let event = emission.values.first(where: { $0.field == .literal("event") }) {
                emission.eventArgument = .literal(event.value)
            } else if let entry = dictionaryEntries(metadata.value)?.first(where: { text($0.key) == .literal("event") }) {
                emission.eventArgument = text(entry.value)
            }
        }
        return emission
    }

    private func customEmission(_ emitter: TelemetryContract.Emitter, at index: Int, arguments: [SourceFile.Argument]) -> TelemetryFacts.Emission {
        func argument(_ selector: TelemetryContract.Emitter.Argument) -> SourceFile.Argument? {
            switch selector {
            case let .label(label): return arguments.first { $0.label == label }
            case let .position(position): return position < arguments.count ? arguments[position] : nil
            }
        }
        let eventArgument = argument(emitter.event)
        var emission = TelemetryFacts.Emission(emitter: emitter.name, location: file.location(ofToken: index),
                                               eventArgument: eventArgument.map { text($0.value) } ?? .computed("no event argument"),
                                               message: nil, fields: [], unlistableFields: nil, values: [])
        switch emitter.fields {
        case .arguments:
            for argument in arguments where argument.label != nil && argument.value != eventArgument?.value {
                let field = TelemetryFacts.Text.literal(Self.fieldName(argument.label!, emitter.naming))
                emission.fields.append(field)
                if case let .literal(value) = text(argument.value) { emission.values.append(.init(field: field, value: value)) }
            }
        case let .dictionary(selector):
            if let dictionary = argument(selector) { readDictionary(dictionary.value, into: &emission) }
        }
        return emission
    }

    /// `entityId` → `entity_id` (snake_case) or `entity-id` (kebab-case).
    static func fieldName(_ label: String, _ naming: TelemetryContract.Emitter.Naming) -> String {
        guard naming != .asIs else { return label }
        let separator = naming == .snakeCase ? "_" : "-"
        return Identifier.words(label).joined(separator: separator)
    }

    private func dictionaryEntries(_ range: Range<Int>) -> [(key: Range<Int>, value: Range<Int>)]? {
        guard let open = file.firstCode(in: range), file.tokenIs(open, "["), Int(file.partner[open]) == file.lastCode(in: range) else { return nil }
        let close = Int(file.partner[open])
        if let only = file.nextCode(after: open), file.tokenIs(only, ":"), file.nextCode(after: only) == close { return [] }
        var entries: [(Range<Int>, Range<Int>)] = []
        for element in file.arguments(at: open) ?? [] {
            // The entry's top-level colon splits key from value (`"k": v`, `Keys.k: v`).
            var cursor: Int? = element.value.lowerBound
            var colon: Int?
            while let current = cursor, current < element.value.upperBound {
                if file.tokenIs(current, ":") { colon = current; break }
                cursor = file.partner[current] > current ? Int(file.partner[current]) + 1 : current + 1
            }
            guard let split = colon else { return nil }
            entries.append((element.value.lowerBound..<split, (split + 1)..<element.value.upperBound))
        }
        return entries
    }

    private func readDictionary(_ range: Range<Int>, into emission: inout TelemetryFacts.Emission) {
        guard let entries = dictionaryEntries(range) else {
            let written = file.firstCode(in: range).map { file.text($0) } ?? ""
            emission.unlistableFields = "its metadata `\(written)` is not a dictionary literal"
            return
        }
        for entry in entries {
            let key = text(entry.key)
            emission.fields.append(key)
            if case let .literal(value) = text(entry.value) { emission.values.append(.init(field: key, value: value)) }
        }
    }

    private struct MetadataAssignment {
        var receiver: String
        var key: TelemetryFacts.Text
        var token: Int
        var scope: Int?
        /// Set on a logger then stored in a property: it holds for every use of that property.
        var anyOrder = false
    }

    /// `logger[metadataKey: "k"] = …` and `logger.metadata["k"] = …`; when that logger is then
    /// stored (`self.logger = logger`), the key also holds for the property throughout its type.
    private func metadataAssignments() -> [MetadataAssignment] {
        var result = localMetadataAssignments()
        for assignment in result {
            guard let scope = assignment.scope, let end = Optional(Int(file.partner[scope])), end > assignment.token else { continue }
            for index in assignment.token..<end where file.tokens[index].kind == .keyword && file.tokenIs(index, "self") {
                guard let dot = file.nextCode(after: index), file.tokenIs(dot, "."), let property = file.nextCode(after: dot),
                      let equals = file.nextCode(after: property), file.tokenIs(equals, "="), let value = file.nextCode(after: equals),
                      file.text(value) == assignment.receiver, let typeBody = file.enclosingBrace(of: scope) else { continue }
                result.append(MetadataAssignment(receiver: file.text(property), key: assignment.key, token: index, scope: typeBody, anyOrder: true))
            }
        }
        return result
    }

    private func localMetadataAssignments() -> [MetadataAssignment] {
        var result: [MetadataAssignment] = []
        // From each `[` back to its receiver (`logger[…]`, `logger.metadata[…]`): brackets are far fewer than identifiers.
        for open in file.tokens.indices where file.tokens[open].kind == .punctuation && file.tokenIs(open, "[") {
            guard var index = file.previousCode(before: open), file.tokens[index].kind == .identifier else { continue }
            if file.tokenIs(index, "metadata"), let dot = file.previousCode(before: index), file.tokenIs(dot, "."),
               let receiver = file.previousCode(before: dot), file.tokens[receiver].kind == .identifier {
                index = receiver
            }
            guard file.tokenContains(index, Self.log), let argument = file.arguments(at: open)?.first,
                  argument.label == nil || argument.label == "metadataKey",
                  let equals = file.nextCode(after: Int(file.partner[open])), file.tokenIs(equals, "=") else { continue }
            result.append(MetadataAssignment(receiver: file.text(index), key: text(argument.value), token: index, scope: file.enclosingBrace(of: index)))
        }
        return result
    }

    /// Whether the scope `{` (nil: file scope) contains token `index`.
    private func encloses(_ scope: Int?, _ index: Int) -> Bool {
        guard let scope else { return true }
        return scope < index && Int(file.partner[scope]) > index
    }
}
