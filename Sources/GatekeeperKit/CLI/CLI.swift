import Foundation

/// The `gatekeeper` command line. `run` returns the exit code; the executable only calls it.
public struct CLI {
    public var standardOutput: (String) -> Void = { StandardStream.output.send($0) }
    public var standardError: (String) -> Void = { StandardStream.error.send($0) }

    public init() {}

    public enum ExitCode {
        public static let ok: Int32 = 0
        /// A failed self-test (`rules --test`), like a run whose worst finding is a warning.
        public static let failed: Int32 = 1
        public static let usage: Int32 = 64
        public static let internalError: Int32 = 70
    }

    static let commonOptions: [OptionSpec] = [
        OptionSpec("--config", value: "FILE", "Use this config file instead of the nearest .gatekeeper.json."),
        OptionSpec("--only", value: "CHECKS", repeatable: true, "Run only these checks (comma-separated check ids)."),
        OptionSpec("--skip", value: "CHECKS", repeatable: true, "Do not run these checks (comma-separated check ids)."),
        OptionSpec("--jobs", value: "N", "Cores to use: files analysed and folders read in parallel (default: all cores)."),
        OptionSpec("--cache-dir", value: "DIR", "Keep per-file results here (default: the config's cacheDirectory, else .build/gatekeeper-cache)."),
        OptionSpec("--no-cache", "Neither read nor write the result cache."),
    ]

    static let minConfidenceOption = OptionSpec("--min-confidence", value: "LEVEL", choices: Confidence.allCases.map(\.rawValue),
        "Findings below this confidence are reported but never fail the run (default medium, or the config's minConfidence).")
    static let outputOptions: [OptionSpec] = [
        OptionSpec("--no-color", "No colour (also when NO_COLOR is set, or output is not a terminal)."),
        OptionSpec("--quiet", "Print findings only, no summary footer."),
    ]

    static let commands: [CommandSpec] = [
        CommandSpec(name: "check", summary: "Run the enabled checks and report findings; the exit code follows their severity.",
                    positionals: "[PATH...]", minPositionals: 0, maxPositionals: nil,
                    options: commonOptions + [
                        OptionSpec("--format", value: "FORMAT", choices: ReportFormat.allCases.map(\.rawValue), "Report format (default text)."),
                        OptionSpec("--output", value: "FILE", "Write the report to FILE instead of standard output."),
                        OptionSpec("--report", value: "FORMAT[:FILE]", repeatable: true,
                            "Also write a report in FORMAT to FILE (standard output without FILE); repeatable."),
                        OptionSpec("--show-baselined", "SARIF: also list baselined findings, marked baselineState unchanged."),
                        OptionSpec("--staged", "Check the staged content of staged Swift files (read from the git index)."),
                        OptionSpec("--changed-since", value: "REF", "Report only findings in files changed since the merge base with REF."),
                        OptionSpec("--changed-lines", "With --changed-since: only findings on added or modified lines."),
                        OptionSpec("--fail-on", value: "SEVERITY", choices: Severity.allCases.map(\.rawValue),
                            "Lowest severity that fails the run (default warning, or the config's failOn)."),
                        minConfidenceOption,
                        OptionSpec("--baseline", value: "FILE", "Baseline file (default: the config's baseline, else .gatekeeper-baseline.json when present)."),
                        OptionSpec("--no-baseline", "Ignore the baseline: report every finding."),
                        OptionSpec("--show-source", "Show the source line and a caret under each finding (default on a terminal)."),
                        OptionSpec("--verbose", "Also say what checks note about this run (e.g. a missing telemetry contract)."),
                        OptionSpec("--statistics", "Text report: the number of findings per rule instead of one line per finding."),
                    ] + outputOptions,
                    details: "PATHs are files or folders (default: the current folder). Exit codes: 0 clean, 1 warnings, 2 errors, 64 usage or config " +
                        "error, 70 internal error."),
        CommandSpec(name: "fix", summary: "Apply the fixes of what `check` reports, in place, then report what is left.",
                    positionals: "[PATH...]", minPositionals: 0, maxPositionals: nil,
                    options: commonOptions + [
                        OptionSpec("--dry-run", "Print a unified diff instead of writing; exit 1 when something would change."),
                        OptionSpec("--staged", "Fix staged Swift files and stage the fixes; refuses files with unstaged changes."),
                        OptionSpec("--changed-since", value: "REF", "Fix only findings in files changed since the merge base with REF."),
                        OptionSpec("--changed-lines", "With --changed-since: only findings on added or modified lines."),
                        OptionSpec("--unsafe-fixes", "Also apply fixes marked unsafe (they may change behaviour)."),
                        OptionSpec("--fail-on", value: "SEVERITY", choices: Severity.allCases.map(\.rawValue),
                            "Lowest severity of what is left that fails the run."),
                        minConfidenceOption,
                        OptionSpec("--baseline", value: "FILE", "Baseline file: its findings are not fixed (default as for check)."),
                        OptionSpec("--no-baseline", "Fix baselined findings too (then prune the baseline with `baseline --prune`)."),
                    ] + outputOptions,
                    details: "Fixes only what `check` with the same options reports. Files are replaced atomically, keeping permissions and line " +
                        "endings; unchanged files are not written."),
        CommandSpec(name: "baseline", summary: "Write the baseline file from the current findings.",
                    positionals: "[PATH...]", minPositionals: 0, maxPositionals: nil,
                    options: commonOptions + [
                        OptionSpec("--baseline", value: "FILE", "Where to write (default: the config's baseline, else .gatekeeper-baseline.json)."),
                        OptionSpec("--prune", "Only drop entries that no longer match a finding; add none."),
                    ]),
        CommandSpec(name: "rules", summary: "List every rule (built-in and the config's custom rules): id, check, default severity, fixable, summary.",
                    positionals: "", minPositionals: 0, maxPositionals: 0,
                    options: [
                        OptionSpec("--format", value: "FORMAT", choices: ["text", "json", "markdown"],
                            "Output format (default text; markdown is docs/rules.md)."),
                        OptionSpec("--test", "Run every rule's examples; exit 1 when a triggering one does not report or a non-triggering one does."),
                        OptionSpec("--config", value: "FILE", "Use this config file instead of the nearest .gatekeeper.json."),
                    ]),
        CommandSpec(name: "explain", summary: "Describe a rule, with a triggering and a non-triggering example.",
                    positionals: "RULE_ID", minPositionals: 1, maxPositionals: 1,
                    options: [OptionSpec("--config", value: "FILE", "Use this config file instead of the nearest .gatekeeper.json.")]),
        CommandSpec(name: "history", summary: "Report the secrets added by every commit of a range (default: all of HEAD), once each, with its commit.",
                    positionals: "[REV_RANGE]", minPositionals: 0, maxPositionals: 1,
                    options: [
                        OptionSpec("--config", value: "FILE", "Use this config file instead of the nearest .gatekeeper.json."),
                        OptionSpec("--format", value: "FORMAT", choices: ReportFormat.allCases.map(\.rawValue), "Report format (default text)."),
                        OptionSpec("--output", value: "FILE", "Write the report to FILE instead of standard output."),
                        OptionSpec("--report", value: "FORMAT[:FILE]", repeatable: true, "Also write a report in FORMAT to FILE; repeatable."),
                        OptionSpec("--fail-on", value: "SEVERITY", choices: Severity.allCases.map(\.rawValue),
                            "Lowest severity that fails the run (default warning, or the config's failOn)."),
                    ] + outputOptions,
                    details: "Scans the added lines of `git log -p` (every text file, no checkout per commit); run it once on adoption to know "
                        + "which keys to rotate. Exit codes as for check."),
        CommandSpec(name: "tokens", summary: "Show how the lexer sees a file: each token's kind, scope, byte range, line and column.",
                    positionals: "FILE", minPositionals: 1, maxPositionals: 1,
                    options: [OptionSpec("--format", value: "FORMAT", choices: ["text", "json"], "Output format (default text).")]),
        CommandSpec(name: "telemetry", summary: "Telemetry contract tools: `events` lists emission sites, `docs` renders the contract as Markdown.",
                    positionals: "events [PATH...] | docs", minPositionals: 1, maxPositionals: nil,
                    options: [
                        OptionSpec("--config", value: "FILE", "Use this config file instead of the nearest .gatekeeper.json."),
                        OptionSpec("--format", value: "FORMAT", choices: ["text", "json"], "events: output format (default text)."),
                        OptionSpec("--jobs", value: "N", "Cores to use: files analysed and folders read in parallel (default: all cores)."),
                    ]),
        CommandSpec(name: "install-hook", summary: "Install a git pre-commit hook that runs `gatekeeper check --staged`.",
                    positionals: "", minPositionals: 0, maxPositionals: 0,
                    options: [OptionSpec("--force", "Replace a pre-commit hook that gatekeeper did not write.")]),
        CommandSpec(name: "init", summary: "Survey the tree and write a .gatekeeper.json whose comments say what was found (never overwrites).",
                    positionals: "", minPositionals: 0, maxPositionals: 0,
                    options: [OptionSpec("--print", "Print the config instead of writing it.")]),
        CommandSpec(name: "version", summary: "Print gatekeeper's version (also `--version`).",
                    positionals: "", minPositionals: 0, maxPositionals: 0, options: []),
        CommandSpec(name: "completions", summary: "Print a shell completion script: `gatekeeper completions bash|zsh|fish`.",
                    positionals: "SHELL", minPositionals: 1, maxPositionals: 1, options: [],
                    details: "bash: `source <(gatekeeper completions bash)` in ~/.bashrc. zsh: `gatekeeper completions zsh > \"${fpath[1]}/_gatekeeper\"`. " +
                        "fish: `gatekeeper completions fish > ~/.config/fish/completions/gatekeeper.fish`."),
        CommandSpec(name: "help", summary: "Show help for gatekeeper or one of its commands.",
                    positionals: "[COMMAND]", minPositionals: 0, maxPositionals: 1, options: []),
    ]

    static var mainHelp: String {
        var text = "gatekeeper \(Version.current): a quality gate for Swift code bases.\n\nUsage: gatekeeper [COMMAND] [options] [ARGS]\n\nCommands:\n"
        for command in commands {
            text += "  " + command.name.padding(toLength: 14, withPad: " ",
                startingAt: 0) + command.summary + (command.name == "check" ? " (default)" : "") + "\n"
        }
        text += "\nRun 'gatekeeper help COMMAND' or 'gatekeeper COMMAND --help' for a command's options.\n"
        return text
    }

    public func run(_ arguments: [String]) -> Int32 {
        var arguments = arguments
        if arguments.first == "--version" || arguments.first == "-V" { standardOutput("gatekeeper \(Version.current)\n"); return ExitCode.ok }
        if arguments.first == "--help" || arguments.first == "-h" { standardOutput(Self.mainHelp); return ExitCode.ok }
        let name: String
        if let first = arguments.first, Self.commands.contains(where: { $0.name == first }) {
            name = first
            arguments.removeFirst()
        } else if let first = arguments.first, let unknown = Self.unknownCommand(first) {
            standardError("gatekeeper: error: \(unknown)\n\(Self.mainHelpHint)")
            return ExitCode.usage
        } else {
            name = "check"
        }
        let spec = Self.commands.first { $0.name == name }!
        do {
            let parsed = try ParsedArguments.parse(arguments, for: spec)
            if parsed.wantsHelp { standardOutput(spec.help); return ExitCode.ok }
            let status = try dispatch(name, parsed)
            // A report that did not reach standard output (a full disk) must not pass as written.
            if let failure = StandardStream.output.failure {
                standardError("gatekeeper: error: cannot write to standard output: \(failure)\n")
                return ExitCode.usage
            }
            return status
        } catch let error as UsageError {
            standardError("gatekeeper: error: \(error.description)\n")
            standardError("Usage: \(Self.commands.first { $0.name == (error.command ?? name) }?.usage ?? spec.usage) (see 'gatekeeper help " +
                "\(error.command ?? name)')\n")
            return ExitCode.usage
        } catch let error as ConfigurationError {
            standardError("gatekeeper: error: \(error.description)\n")
            return ExitCode.usage
        } catch let error as Discovery.PathError {
            standardError("gatekeeper: error: \(error.description)\n")
            return ExitCode.usage
        } catch let error as Git.Failure {
            standardError("gatekeeper: error: \(error.description)\n")
            return ExitCode.usage
        } catch let error as FileSystem.WriteError {
            // A file that cannot be written is the environment's problem, not a bug.
            standardError("gatekeeper: error: \(error.description)\n")
            return ExitCode.usage
        } catch let error as CocoaError {
            // Foundation's file errors (a path that is a file, permission denied): what, where, why.
            let path = (error.userInfo[NSFilePathErrorKey] as? String).map { Paths.display($0) + ": " } ?? ""
            let reason = (error.userInfo[NSUnderlyingErrorKey] as? NSError).map { String(cString: strerror(Int32($0.code))) } ?? "\(error.code)"
            standardError("gatekeeper: error: \(path)\(reason)\n")
            return ExitCode.usage
        } catch {
            standardError("gatekeeper: internal error: \(error). This is a bug; please report it with the command you ran.\n")
            return ExitCode.internalError
        }
    }

    static let mainHelpHint = "Run 'gatekeeper --help' for the commands.\n"

    /// A first argument that is meant as a command but is none: not an option, not a path that
    /// exists, and a bare word; with the nearest command when one is close.
    static func unknownCommand(_ word: String) -> String? {
        guard !word.hasPrefix("-"), !word.contains("/"), !word.contains("."), !FileManager.default.fileExists(atPath: word) else { return nil }
        let nearest = commands.map(\.name).min { editDistance($0, word) < editDistance($1, word) }
        let suggestion = nearest.flatMap { editDistance($0, word) <= 2 ? " (did you mean '\($0)'?)" : nil } ?? ""
        return "unknown command '\(word)'\(suggestion)"
    }

    static func editDistance(_ lhs: String, _ rhs: String) -> Int {
        let a = Array(lhs), b = Array(rhs)
        var previous = Array(0...b.count)
        for i in 1...max(1, a.count) where !a.isEmpty {
            var current = [i] + Array(repeating: 0, count: b.count)
            for j in 1...max(1, b.count) where !b.isEmpty {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return a.isEmpty ? b.count : previous[b.count]
    }

    /// The running binary's absolute path, for the pre-commit hook.
    static var executablePath: String? {
        if let path = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") { return path }
        return Bundle.main.executablePath.map { URL(fileURLWithPath: $0).resolvingSymlinksInPath().path }
    }

    private func dispatch(_ name: String, _ arguments: ParsedArguments) throws -> Int32 {
        switch name {
        case "check": return try Commands(cli: self, arguments: arguments).check()
        case "fix": return try Commands(cli: self, arguments: arguments).fix()
        case "baseline": return try Commands(cli: self, arguments: arguments).baseline()
        case "rules": return try Commands(cli: self, arguments: arguments).rules()
        case "explain": return try Commands(cli: self, arguments: arguments).explain()
        case "tokens": return try Commands(cli: self, arguments: arguments).tokens()
        case "history": return try Commands(cli: self, arguments: arguments).history()
        case "init": return try Commands(cli: self, arguments: arguments).initialize()
        case "install-hook": return try Commands(cli: self, arguments: arguments).installHook()
        case "telemetry": return try Commands(cli: self, arguments: arguments).telemetry()
        case "version": standardOutput("gatekeeper \(Version.current)\n"); return ExitCode.ok
        case "completions":
            let shell = arguments.positionals[0]
            guard let script = Completions.script(for: shell, commands: Self.commands) else {
                throw UsageError("unknown shell '\(shell)' (expected bash, zsh or fish)", command: "completions")
            }
            standardOutput(script)
            return ExitCode.ok
        default:
            guard let topic = arguments.positionals.first else { standardOutput(Self.mainHelp); return ExitCode.ok }
            guard let command = Self.commands.first(where: { $0.name == topic }) else {
                throw UsageError("unknown command '\(topic)'\(Suggestion.phrase(topic, among: Self.commands.map(\.name)))", command: "help")
            }
            standardOutput(command.help)
            return ExitCode.ok
        }
    }
}

/// Standard output or error written with `write(2)`: a failure (a full disk, a closed pipe) is
/// remembered for a one-line error instead of crashing in Foundation.
public final class StandardStream: @unchecked Sendable {
    public static let output = StandardStream(descriptor: STDOUT_FILENO)
    public static let error = StandardStream(descriptor: STDERR_FILENO)

    private let descriptor: Int32
    private let lock = NSLock()
    public private(set) var failure: String?

    private init(descriptor: Int32) { self.descriptor = descriptor }

    public func send(_ text: String) {
        lock.lock()
        defer { lock.unlock() }
        guard failure == nil else { return }
        var bytes = Array(text.utf8)[...]
        while !bytes.isEmpty {
            let written = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
            if written < 0 {
                if errno == EINTR { continue }
                failure = String(cString: strerror(errno))
                return
            }
            bytes = bytes.dropFirst(written)
        }
    }
}
