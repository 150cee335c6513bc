import Foundation

/// A tool the team already runs (SwiftLint, swift-format, a script), run once per gate and read
/// back as findings under `<id>/<its rule id>`: the same suppressions, baseline, severity
/// overrides, reports and exit codes as the built-in checks. A tool that cannot be run, runs
/// too long, crashes or writes what we cannot read is a `gatekeeper/external-check-failed` error.
public struct ExternalCheck: Sendable {
    /// Which files the command receives as trailing arguments (project-relative paths).
    public enum Files: String, Sendable, CaseIterable {
        /// None: the tool finds its own files.
        case none
        /// Every Swift file of the project this run discovered.
        case all
        /// The files this run checks: the staged, changed or named ones on a partial run, all on a full run.
        case changed
    }

    public let id: String
    public let command: [String]
    public let files: Files
    public let format: ExternalOutput.Format
    public let timeoutSeconds: Double

    init(_ reader: JSONObjectReader, taken: Set<String>) throws {
        guard let id = try reader.string("id") else { throw ConfigurationError("\(reader.keyPath).id is required") }
        guard id.range(of: #"^[a-z0-9]+([-_][a-z0-9]+)*$"#, options: .regularExpression) != nil else {
            throw ConfigurationError("\(reader.keyPath).id '\(id)' must be lowercase letters, digits, - and _")
        }
        guard !taken.contains(id) else { throw ConfigurationError("\(reader.keyPath).id '\(id)' is already a check's id") }
        self.id = id
        guard let command = try reader.strings("command"), let executable = command.first, !executable.isEmpty else {
            throw ConfigurationError("external check \(id): command must be a non-empty array of strings (no shell runs it)")
        }
        self.command = command
        let filesText = try reader.string("paths") ?? Files.none.rawValue
        guard let files = Files(rawValue: filesText) else {
            throw ConfigurationError("external check \(id): paths must be \(Files.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: ", "))")
        }
        self.files = files
        guard let formatText = try reader.string("format"), let format = ExternalOutput.Format(rawValue: formatText) else {
            let formats = ExternalOutput.Format.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: ", ")
            throw ConfigurationError("external check \(id): format is required, one of \(formats)")
        }
        self.format = format
        timeoutSeconds = try reader.double("timeoutSeconds", in: 0.1...86_400) ?? 300
        try reader.finish()
    }

    /// What a run of the tool gave: its findings, or why it failed.
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    /// Runs the tool in `root` with `paths` appended and reads its output.
    func run(in root: String, paths: [String]) -> Result<[ExternalOutput.Diagnostic], Failure> {
        guard let executable = Self.resolve(command[0], in: root) else {
            return .failure(Failure(description: "executable '\(command[0])' not found" + (command[0].contains("/") ? "" : " on PATH")))
        }
        let finished: ToolProcess.Outcome
        do {
            finished = try ToolProcess.run(executable, arguments: Array(command.dropFirst()) + paths, in: root, timeoutSeconds: timeoutSeconds)
        } catch {
            return .failure(Failure(description: "cannot run '\(command[0])': \(error.localizedDescription)"))
        }
        switch finished.ending {
        case .tooMuchOutput:
            return .failure(Failure(description: "wrote more than \(ToolProcess.outputLimit >> 20) MiB to a stream, and was stopped"))
        case .timedOut:
            return .failure(Failure(description: "timed out after \(String(format: "%g", timeoutSeconds)) s (set timeoutSeconds to allow longer)"))
        case let .signal(number):
            return .failure(Failure(description: "crashed (signal \(number))" + Self.firstLine(of: finished.standardError)))
        case let .exit(status):
            return ExternalOutput.read(format, standardOutput: finished.standardOutput, standardError: finished.standardError,
                                       exitStatus: status, root: root)
                .mapError { Failure(description: $0.description + Self.firstLine(of: finished.standardError)) }
        }
    }

    private static func firstLine(of bytes: [UInt8]) -> String {
        let line = String(decoding: bytes, as: UTF8.self).split(whereSeparator: \.isNewline).first.map(String.init) ?? ""
        return line.isEmpty ? "" : ": " + String(line.prefix(200))
    }

    /// A name with a `/` is a path (relative to the project root); a bare name is looked up on PATH.
    static func resolve(_ name: String, in root: String) -> String? {
        if name.contains("/") {
            let path = Paths.absolute(name, relativeTo: root)
            return FileManager.default.isExecutableFile(atPath: path) ? path : nil
        }
        let searchPath = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        return searchPath.split(separator: ":").map { "\($0)/\(name)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }
}
