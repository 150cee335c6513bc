import Foundation

/// What `gatekeeper init` finds in a tree before it writes `.gatekeeper.json`: the formatter
/// config that decides the import style, test and generated folders, the ORM, swift-log, and how
/// many findings a first run has. The config it writes says all of it in comments.
struct ProjectSurvey {
    var formatterNotes: [String] = []
    /// Top folders (relative) holding test and generated code, with their file counts.
    var testFolders: [String: Int] = [:]
    var generatedFolders: [String: Int] = [:]
    var orms: [String: Int] = [:]
    var sqlMigrationFiles = 0
    var swiftLogFiles = 0
    /// swift-log events found (an `event` metadata value, or a message named like `api.request`),
    /// with the metadata keys every emission of them carries: the starter contract.
    var events: [String: Set<String>] = [:]
    var findings = 0
    var files = 0

    /// Surveys `root` with the default configuration (nothing is written).
    static func survey(root: String) throws -> ProjectSurvey {
        let configuration = Configuration(rootDirectory: root)
        let engine = try Engine(configuration: configuration)
        let files = try engine.discover([root])
        var survey = ProjectSurvey()
        survey.files = files.filter { $0.absolutePath.hasSuffix(".swift") }.count
        let report = try engine.check(files, jobs: ProcessInfo.processInfo.activeProcessorCount, failOn: .info, baseline: nil)
        survey.findings = report.findings.count
        survey.formatterNotes = report.notes.filter { $0.hasPrefix("imports:") }
        for file in files {
            guard let bytes = try? FileSystem.read(file.absolutePath) else { continue }
            survey.record(file, bytes: bytes)
        }
        return survey
    }

    private mutating func record(_ file: Discovery.File, bytes: [UInt8]) {
        if file.absolutePath.hasSuffix(".sql") {
            sqlMigrationFiles += 1
            return
        }
        let folder = file.relativePath.split(separator: "/").first.map(String.init) ?? "."
        if GeneratedCode.isGenerated(relativePath: file.relativePath, bytes: bytes) {
            generatedFolders[(file.relativePath as NSString).deletingLastPathComponent, default: 0] += 1
        } else if SourcePaths.isTest(file.relativePath) {
            testFolders[folder, default: 0] += 1
        }
        let source = SourceFile(path: file.displayPath, bytes: bytes)
        let modules = source.importedModules()
        for (orm, names) in [("Fluent", ["Fluent", "FluentKit"]), ("GRDB", ["GRDB"])] where !modules.isDisjoint(with: names) {
            orms[orm, default: 0] += 1
        }
        if modules.contains("Logging") {
            swiftLogFiles += 1
            recordEvents(source)
        }
    }

    private mutating func recordEvents(_ source: SourceFile) {
        for emission in EmissionReader(file: source, emitters: []).read().emissions {
            let name: String?
            if case let .literal(event)? = emission.eventArgument { name = event } else {
                name = emission.message.flatMap { TelemetryCheck.looksLikeEventName($0) ? $0 : nil }
            }
            guard let name else { continue }
            let fields = Set(emission.fields.compactMap { field -> String? in
                if case let .literal(key) = field, key != "event" { return key }
                return nil
            })
            events[name] = events[name].map { $0.intersection(fields) } ?? fields
        }
    }

    /// A starter telemetry contract listing the events found, each requiring the keys all its
    /// emissions carry; nil when none was found.
    func starterContract() -> String? {
        guard !events.isEmpty else { return nil }
        let entries = events.sorted { $0.key < $1.key }.map { name, fields in
            let required = fields.sorted().map { JSONWriter.quote($0) }.joined(separator: ", ")
            return "    \(JSONWriter.quote(name)): { description: \"TODO: what this event means\", required: [\(required)] },"
        }
        return "// Starter telemetry contract written by `gatekeeper init` from the events found in the code.\n"
            + "// Each event requires the metadata keys all its emissions carry today; edit to taste.\n{\n  events: {\n"
            + entries.joined(separator: "\n") + "\n  },\n}\n"
    }

    private static func list(_ counts: [String: Int]) -> String {
        counts.isEmpty ? "none" : counts.sorted { $0.key < $1.key }.map { "\($0.key)/ (\($0.value))" }.joined(separator: ", ")
    }

    /// The config to write: the starter's keys, with what was found as comments above them.
    func config() -> String {
        var lines = ["// gatekeeper configuration (JSON5: comments and trailing commas are fine), written by `gatekeeper init`.",
                     "// What init found in this tree (\(files) Swift files):"]
        lines.append(formatterNotes.isEmpty ? "// - imports: no formatter config (.swiftformat, .swift-format, .swiftlint.yml): swift-format style"
                                            : formatterNotes.map { "// - \($0)" }.joined(separator: "\n"))
        lines.append("// - test code (generic secrets not reported, other security errors are warnings): \(Self.list(testFolders))")
        lines.append("// - generated code (not reported; includeGenerated: true reports it): \(Self.list(generatedFolders))")
        let ormText = orms.isEmpty ? "no Fluent or GRDB" : orms.sorted { $0.key < $1.key }.map { "\($0.key) in \($0.value) files" }.joined(separator: ", ")
        lines.append("// - migrations: \(ormText); \(sqlMigrationFiles) SQL files")
        lines.append(swiftLogFiles == 0 ? "// - telemetry: swift-log not used"
                     : events.isEmpty ? "// - telemetry: swift-log in \(swiftLogFiles) files, no named events found; list yours in telemetry-contract.json "
                        + "(example: rules/telemetry/example-contract.json5)"
                     : "// - telemetry: swift-log in \(swiftLogFiles) files, \(events.count) named events; "
                        + "init writes them to a starter telemetry-contract.json when there is none")
        if findings > 0 {
            lines.append("// - a first run finds \(findings) finding\(findings == 1 ? "" : "s"): `gatekeeper baseline` accepts them, so only new ones fail")
        }
        return lines.joined(separator: "\n") + "\n" + Configuration.starter.split(separator: "\n", omittingEmptySubsequences: false)
            .drop { $0.hasPrefix("//") }.joined(separator: "\n")
    }
}
