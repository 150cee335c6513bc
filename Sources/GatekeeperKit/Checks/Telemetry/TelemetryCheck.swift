import Foundation

/// `telemetry`: structured log events carry the fields their contract requires, and every
/// contract event is still emitted somewhere.
public struct TelemetryCheck: Check {
    public static let id = "telemetry"
    public static let summary = "Structured log events match their contract; every contract event is still emitted."

    private static let example = "import Logging\nlet logger = Logger(label: \"api\")\n"

    /// An `api.request` emission with every field the example contract requires.
    private static func completeRequest(status: String) -> String {
        example + #"logger.info("served", metadata: ["event": "api.request", "component": "a", "entity_id": "b", "duration": "1", "status": ""#
            + status + #""])"#
    }

    public static let missingField = Rule(id: "telemetry/missing-field", severity: .error,
        summary: "An emission of a contract event lacks required fields.",
        description: "The fields of an emission (swift-log metadata keys, keys set earlier with `logger[metadataKey:]` in the same scope, or a custom " +
            "emitter's fields) must include every field the contract requires for the event.",
        triggering: example + """
            logger.info("request served", metadata: ["event": "api.request", "component": "auth", "entity_id": "\\(id)", "status": "ok"])
            """,
        nonTriggering: example + """
            logger.info("request served", metadata: ["event": "api.request", "component": "auth", "entity_id": "\\(id)", "status": "ok", "duration": "\\(ms)"])
            """)

    public static let unknownEvent = Rule(id: "telemetry/unknown-event", severity: .warning,
        summary: "An emission names an event that is not in the contract.",
        description: "A literal event name in one of the contract's namespaces (`api.*`) that the contract does not declare: a typo or an " +
            "undocumented event. Names outside the namespaces, and ordinary log messages, are never judged.",
        triggering: example + "logger.info(\"served\", metadata: [\"event\": \"api.requets\"])",
        nonTriggering: example + "logger.info(\"cache warmed\", metadata: [\"entries\": \"\\(count)\"])")

    public static let unemittedEvent = Rule(id: "telemetry/unemitted-event", severity: .warning,
        summary: "A contract event is emitted nowhere in the tree.",
        description: "Nothing emits the event any more (a scheduler that stopped emitting `orchestrator.lease`, so dashboards went blind). Reported " +
            "at the event's line in the contract. Computed event names cannot be seen, so they do not count.",
        triggering: """
            // The contract declares orchestrator.lease; no code emits it.
            let nothing = 0
            """,
        nonTriggering: example + """
            logger.info("lease", metadata: ["event": "orchestrator.lease", "job_type": "sync", "status": "ok", "entity_id": "\\(id)"])
            logger.info("api.request", metadata: ["event": "api.request", "component": "a", "entity_id": "b", "duration": "1", "status": "ok"])
            """)

    public static let unverifiable = Rule(id: "telemetry/unverifiable", severity: .info,
        summary: "An emission cannot be checked statically.",
        description: "The event name or the fields are not literals (a computed name, a metadata variable), so the call is not checked.",
        triggering: example + "logger.info(\"served\", metadata: [\"event\": \"\\(name)\"])",
        nonTriggering: completeRequest(status: "ok"))

    public static let invalidValue = Rule(id: "telemetry/invalid-value", severity: .error,
        summary: "A literal field value is outside the contract's allowed values.",
        description: "Where the contract lists the values of a field (`status: [\"ok\", \"error\"]`), a literal value outside them is an error.",
        triggering: completeRequest(status: "fine"),
        nonTriggering: completeRequest(status: "error"))

    public static let deprecatedEvent = Rule(id: "telemetry/deprecated-event", severity: .warning,
        summary: "An emission of an event the contract deprecates.",
        description: "The contract marks the event `deprecated` (with a reason or replacement); emitting it is a warning.",
        triggering: example + "logger.info(\"served\", metadata: [\"event\": \"api.legacy_request\", \"component\": \"a\"])",
        nonTriggering: completeRequest(status: "ok"))

    public static let docsDrift = Rule(id: "telemetry/docs-drift", severity: .warning,
        summary: "The committed telemetry docs no longer match the contract.",
        description: "With `checks.telemetry.docs: \"docs/telemetry.md\"`, that file must equal `gatekeeper telemetry docs` output; regenerate it " +
            "when the contract changes.",
        triggering: """
            // The docs file was rendered from an older contract.
            let nothing = 0
            """,
        nonTriggering: """
            // The docs file matches the contract.
            let nothing = 0
            """)

    public static let rules: [Rule] = [missingField, unknownEvent, unemittedEvent, unverifiable, invalidValue, deprecatedEvent, docsDrift]

    /// The contract (relative to the project root) and whether the config named it.
    let contractPath: String
    let contractIsConfigured: Bool
    let docsPath: String?
    /// The contract, or nil when there is none (the check then does nothing); set by `configured(with:)`.
    public private(set) var contract: TelemetryContract?
    /// The names of calls that can emit, made once per run rather than per file.
    private var callNames = EmissionReader.callNames([])
    /// The committed docs as read, for `telemetry/docs-drift`.
    private var docs: InputFile?
    public private(set) var notes: [String] = []

    public init(options: CheckOptions) throws {
        let configured = try options.string("contract")
        contractPath = configured ?? "telemetry-contract.json"
        contractIsConfigured = configured != nil
        docsPath = try options.string("docs")
    }

    public var inputs: [InputRequest] { [.file(contractPath)] + (docsPath.map { [.file($0)] } ?? []) }

    /// Inputs come in the order of `inputs`: the contract, then the docs.
    public func configured(with inputs: [InputFile]) throws -> TelemetryCheck {
        var check = self
        guard let contractFile = inputs.first, let bytes = contractFile.bytes else {
            let display = inputs.first?.path ?? contractPath
            if contractIsConfigured { throw ConfigurationError("checks.telemetry.contract: \(display) not found") }
            check.notes = ["telemetry: no contract at \(display), so the telemetry check does nothing"]
            return check
        }
        check.contract = try TelemetryContract.parse(bytes: bytes, path: contractFile.absolutePath)
        check.callNames = EmissionReader.callNames(check.contract?.emitters ?? [])
        check.docs = inputs.count > 1 ? inputs[1] : nil
        return check
    }

    public func analyze(_ file: SourceFile) -> FileAnalysis<TelemetryFacts> {
        guard let contract else { return FileAnalysis() }
        let facts = EmissionReader(file: file, emitters: contract.emitters, callNames: callNames).read()
        // A file with no emission and no constant tells the project pass nothing.
        return FileAnalysis(facts: facts.emissions.isEmpty && facts.constants.isEmpty ? nil : facts)
    }

    // MARK: - Project pass

    /// An emission with its event decided and its fields resolved.
    public struct ResolvedEmission: Sendable {
        public var event: String?
        public var fields: [String]
        public var location: SourceLocation
        public var emitter: String
        /// Why it cannot be checked, if so.
        public var unverifiable: String?
        var values: [(field: String, value: String)]
    }

    /// Decides each emission's event (the `event` key or argument; else a swift-log message that
    /// names a contract event) and resolves constant keys. Plain log calls are dropped.
    public func resolve(_ facts: [TelemetryFacts]) -> [ResolvedEmission] {
        guard let contract else { return [] }
        let constants = ConstantTable(facts.map(\.constants))
        let resolve: (StaticText) -> String? = constants.resolve
        return facts.flatMap(\.emissions).compactMap { emission in
            var resolved = ResolvedEmission(event: nil, fields: [], location: emission.location,
                                            emitter: emission.emitter, unverifiable: nil, values: [])
            if let argument = emission.eventArgument {
                guard let name = resolve(argument) else {
                    resolved.unverifiable = "the event name is computed (\(argument.written))"
                    return resolved
                }
                resolved.event = name
            } else if let message = emission.message, contract.event(named: message) != nil
                || (contract.isInNamespace(message) && Self.looksLikeEventName(message)) {
                resolved.event = message
            } else {
                return nil
            }
            if let reason = emission.unlistableFields {
                resolved.unverifiable = reason
                return resolved
            }
            for field in emission.fields {
                guard let name = resolve(field) else {
                    resolved.unverifiable = "the metadata key \(field.written) cannot be read statically"
                    return resolved
                }
                resolved.fields.append(name)
            }
            resolved.values = emission.values.compactMap { entry in resolve(entry.field).map { ($0, entry.value) } }
            return resolved
        }
    }

    static func looksLikeEventName(_ text: String) -> Bool {
        text.range(of: "^[a-z0-9_]+(\\.[a-z0-9_]+)+$", options: .regularExpression) != nil
    }

    public func analyzeProject(_ facts: [TelemetryFacts]) -> [Finding] {
        guard let contract else { return [] }
        var findings: [Finding] = []
        var emitted = Set<String>()
        // An emission whose event name is computed may be any event's: then "emitted nowhere" is no evidence.
        var computedNames = false
        for emission in resolve(facts) {
            if emission.event == nil { computedNames = true }
            func report(_ rule: Rule, _ message: String) {
                findings.append(Finding(rule: rule, message: message, at: emission.location))
            }
            if let reason = emission.unverifiable {
                report(Self.unverifiable, "\(emission.event.map { "`\($0)`" } ?? "this emission") cannot be checked: \(reason)")
                if let event = emission.event { emitted.insert(event) }
                continue
            }
            guard let name = emission.event else { continue }
            emitted.insert(name)
            guard let event = contract.event(named: name) else {
                if contract.isInNamespace(name) {
                    report(Self.unknownEvent, "`\(name)` is not in the telemetry contract")
                }
                continue
            }
            if let deprecation = event.deprecation {
                report(Self.deprecatedEvent, "`\(name)` is deprecated\(deprecation.isEmpty ? "" : ": \(deprecation)")")
            }
            let missing = event.required.filter { !emission.fields.contains($0) }
            if !missing.isEmpty {
                report(Self.missingField, "`\(name)` lacks required field\(missing.count == 1 ? "" : "s") \(missing.map { "`\($0)`" }.joined(separator: ", "))")
            }
            for (field, value) in emission.values {
                if let allowed = event.values[field], !allowed.contains(value) {
                    report(Self.invalidValue,
                        "`\(name)` field `\(field)` is \"\(value)\"; the contract allows \(allowed.map { "\"\($0)\"" }.joined(separator: ", "))")
                }
            }
        }
        let contractFile = Paths.display(contract.path)
        for event in contract.events where !emitted.contains(event.name) && event.deprecation == nil {
            var finding = Finding(rule: Self.unemittedEvent, message: "contract event `\(event.name)` is emitted nowhere in the tree",
                                  file: contractFile, line: event.line, column: 1)
            if computedNames { finding.confidence = .low }
            findings.append(finding)
        }
        if let docs, docs.text != contract.markdown() {
            let command = "`gatekeeper telemetry docs > \(docs.path)`"
            let message = docs.bytes == nil ? "the telemetry docs are missing; write them with \(command)"
                : "the telemetry docs no longer match the contract; regenerate them with \(command)"
            findings.append(Finding(rule: Self.docsDrift, message: message, file: docs.path, line: 1, column: 1))
        }
        return findings
    }
}
