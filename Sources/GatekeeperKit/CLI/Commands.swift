import Foundation

/// The work behind each subcommand.
struct Commands {
    let cli: CLI
    let arguments: ParsedArguments

    // MARK: - Shared set-up

    func loadConfiguration() throws -> Configuration {
        var configuration = try Configuration.load(explicitPath: arguments.value("--config"), searchFrom: Paths.currentDirectory)
        if let level = arguments.value("--min-confidence").flatMap(Confidence.init(rawValue:)) { configuration.minConfidence = level }
        return configuration
    }

    private func jobs() throws -> Int {
        guard let text = arguments.value("--jobs") else { return ProcessInfo.processInfo.activeProcessorCount }
        guard let count = Int(text), count >= 1 else { throw UsageError("--jobs needs a whole number of at least 1, not '\(text)'") }
        return count
    }

    func makeEngine(_ configuration: Configuration) throws -> Engine {
        try Engine(configuration: configuration, only: arguments.list("--only"), skip: arguments.list("--skip") ?? [],
                   classifiesFiles: arguments.has("--verbose"))
    }

    /// The paths named on the command line, else the current folder.
    private var paths: [String] { arguments.positionals.isEmpty ? ["."] : arguments.positionals }

    private var useColor: Bool {
        !arguments.has("--no-color") && ProcessInfo.processInfo.environment["NO_COLOR"].map { $0.isEmpty } ?? true
            && arguments.value("--output") == nil && isatty(STDOUT_FILENO) == 1
    }

    /// The baseline path: `--baseline`, else the config's `baseline` (relative to the config),
    /// else `.gatekeeper-baseline.json` beside the config (or in the current folder).
    private func baselinePath(_ configuration: Configuration) -> String {
        if let given = arguments.value("--baseline") { return Paths.absolute(given) }
        if let configured = configuration.baseline { return Paths.absolute(configured, relativeTo: configuration.rootDirectory) }
        return configuration.rootDirectory + "/.gatekeeper-baseline.json"
    }

    /// The baseline to apply; none when absent, unless `--baseline` named it (then it is an error).
    private func loadBaseline(_ configuration: Configuration) throws -> Baseline? {
        if arguments.has("--no-baseline") { return nil }
        let path = baselinePath(configuration)
        guard FileManager.default.fileExists(atPath: path) else {
            if arguments.value("--baseline") != nil { throw ConfigurationError("\(Paths.display(path)): baseline file not found") }
            return nil
        }
        return try Baseline.load(path)
    }

    func failOn(_ configuration: Configuration) -> Severity {
        arguments.value("--fail-on").flatMap(Severity.init(rawValue:)) ?? configuration.failOn ?? .warning
    }

    /// What a run looks at and what it reports on: the files under the given paths; when a
    /// cross-file check is on, the whole project is read for its facts (a model's migration may
    /// be in a file not named). `--staged` reads staged files from the index and reports only on
    /// them; `--changed-since` (with `--changed-lines`) only on what changed since REF.
    private struct Selection {
        var files: [Discovery.File]
        var scope: Scope?
        var contentOverride: ContentOverride?
        var stagedRoot: String?
    }

    private func select(_ engine: Engine) throws -> Selection {
        // What the index holds is asked of git while the tree is discovered.
        let suffixes = engine.fileSuffixes
        let index = arguments.has("--staged") ? Background { try Self.stagedIndex(of: suffixes) } : nil
        // Never left running on an early error: the git it runs keeps its output in temporary files until it is done.
        defer { _ = try? index?.value() }
        let requested = try engine.discover(paths, jobs: try jobs())
        // Other text files (read for secrets) do not make a tree one with something to check.
        if requested.allSatisfy({ engine.readsOnlyAsText($0.absolutePath) }) {
            // Nothing to check is fine for an empty tree, never because of the configuration.
            let unfiltered = try engine.discover(paths, ignoringIncludeAndExclude: true, jobs: try jobs())
                .filter { !engine.readsOnlyAsText($0.absolutePath) }.count
            if unfiltered > 0 {
                let source = engine.configuration.path.map { Paths.display($0) + ": " } ?? ""
                throw ConfigurationError("\(source)include and exclude leave none of the \(unfiltered) files under \(paths.joined(separator: ", ")) to check"
                    + " (their globs are relative to \(Paths.display(engine.configuration.rootDirectory)))")
            }
            cli.standardError("note: no Swift files to check under \(paths.joined(separator: ", "))\n")
        }
        var selection = Selection(files: requested)
        let projectRoot = engine.configuration.rootDirectory
        if paths.map({ Paths.absolute($0) }) != [projectRoot] {
            // Part of the project: findings, baseline entries and prunes of those files only.
            let known = Set(requested.map(\.absolutePath))
            selection.scope = Scope(files: known)
            if engine.needsWholeProject {
                selection.files = requested + (try engine.discover([projectRoot], jobs: try jobs())).filter { !known.contains($0.absolutePath) }
            }
        }
        if let index {
            let (root, staged, fetched) = try index.value()
            selection.files = Self.withStagedOnly(selection.files, staged: staged, under: paths.map { Paths.absolute($0) }, engine: engine)
            let requestedPaths = Set(selection.files.map(\.absolutePath))
            selection.scope = Scope(files: selection.scope.map { staged.intersection($0.files) } ?? staged.intersection(requestedPaths))
            if selection.scope?.files.isDisjoint(with: requestedPaths) ?? true {
                cli.standardError("note: no staged Swift files to check\n")
                selection.files = []
            }
            selection.contentOverride = { file in
                guard staged.contains(file.absolutePath) else { return nil }
                return fetched[file.absolutePath] ?? Git.stagedContents(of: [file.absolutePath], root: root)[file.absolutePath]
            }
            selection.stagedRoot = root
        }
        guard let reference = arguments.value("--changed-since") else {
            if arguments.has("--changed-lines") { throw UsageError("--changed-lines needs --changed-since REF", command: "check") }
            return selection
        }
        let root = try Self.repositoryRoot()
        guard Git.run(["rev-parse", "--verify", "--quiet", reference + "^{commit}"], in: root) != nil else {
            throw Git.Failure(description: "--changed-since: unknown revision '\(reference)' (a branch, tag or commit of this repository)")
        }
        let base = try Git.mergeBase(reference, root: root)
        let changed = try Git.changedFiles(since: base, root: root)
        selection.scope = Scope(files: selection.scope.map { changed.intersection($0.files) } ?? changed,
                                lines: arguments.has("--changed-lines") ? try Git.changedLines(since: base, root: root) : nil)
        return selection
    }

    /// `--staged` judges what the index holds, whatever the work tree has: a staged file deleted
    /// or replaced (by a link, a folder) in the work tree is checked from the index all the same.
    private static func withStagedOnly(_ files: [Discovery.File], staged: Set<String>, under roots: [String], engine: Engine) -> [Discovery.File] {
        var files = files
        for index in files.indices where files[index].problem != nil && staged.contains(files[index].absolutePath) {
            files[index].problem = nil
        }
        let discovered = Set(files.map(\.absolutePath))
        let missing = staged.filter { path in
            !discovered.contains(path) && roots.contains { Paths.isInside(path, $0) } && engine.wants(path)
        }
        return files + missing.sorted().map { path in
            Discovery.File(absolutePath: path, displayPath: Paths.display(path), relativePath: engine.configuration.projectPath(path))
        }
    }

    private func runCheck(_ engine: Engine, baseline: Baseline?) throws -> RunReport {
        // Opened first: the cache file is read while the tree is discovered.
        let cache = try cacheDirectory(engine.configuration).map { engine.openCache(directory: $0) }
        let selection = try select(engine)
        let report = try engine.check(selection.files, jobs: try jobs(), failOn: failOn(engine.configuration), baseline: baseline,
                                      scope: selection.scope, contentOverride: selection.contentOverride, cache: cache)
        if let cache { releaseInBackground(cache) }
        return report
    }

    /// `--cache-dir`, else the config's `cacheDirectory`, else `.build/gatekeeper-cache` under the project root; nil with `--no-cache`.
    /// The config is the repository's: its `cacheDirectory` stays inside the project (a folder elsewhere is the `--cache-dir` of whoever runs the gate).
    private func cacheDirectory(_ configuration: Configuration) throws -> String? {
        guard !arguments.has("--no-cache") else { return nil }
        if let option = arguments.value("--cache-dir") { return Paths.absolute(option) }
        let folder = Paths.absolute(configuration.cacheDirectory ?? ResultCache.defaultFolder, relativeTo: configuration.rootDirectory)
        guard Paths.isInside(folder, configuration.rootDirectory), folder != configuration.rootDirectory else {
            throw ConfigurationError("\(configuration.path.map(Paths.display) ?? Configuration.fileName): cacheDirectory must be a folder inside "
                + "the project (\(Paths.display(configuration.rootDirectory))); pass --cache-dir for a folder elsewhere")
        }
        return folder
    }

    private static func repositoryRoot() throws -> String {
        guard let root = Git.repositoryRoot(from: Paths.currentDirectory) else {
            throw Git.Failure(description: "not inside a git repository")
        }
        return root
    }

    /// The repository, its staged files, and the index content of those named with `suffixes`
    /// (sources and `.suffix` inputs: one `git cat-file` for a commit's files, not one each;
    /// other staged inputs, a contract, are fetched when asked for).
    private static func stagedIndex(of suffixes: [String]) throws -> (root: String, staged: Set<String>, contents: [String: [UInt8]]) {
        let root = try Self.repositoryRoot()
        let staged = try Git.stagedFiles(root: root)
        return (root, Set(staged), Git.stagedContents(of: staged.filter { path in suffixes.contains { path.hasSuffix($0) } }, root: root))
    }

    /// The reports to write: `--format`/`--output`, then each `--report FORMAT[:FILE]`; the
    /// text report on standard output unless another report goes there.
    func requestedReports() throws -> [(format: ReportFormat, file: String?)] {
        var reports: [(ReportFormat, String?)] = []
        for request in arguments.values["--report"] ?? [] {
            let parts = request.split(separator: ":", maxSplits: 1).map(String.init)
            guard let format = parts.first.flatMap(ReportFormat.init(rawValue:)) else {
                throw UsageError("invalid value '\(request)' for '--report' (expected FORMAT[:FILE], FORMAT one of " +
                    "\(ReportFormat.allCases.map(\.rawValue).joined(separator: ", ")))", command: "check")
            }
            reports.append((format, parts.count > 1 && !parts[1].isEmpty ? parts[1] : nil))
        }
        let main = (ReportFormat(rawValue: arguments.value("--format") ?? "text")!, arguments.value("--output"))
        if arguments.value("--format") != nil || arguments.value("--output") != nil || !reports.contains(where: { $0.1 == nil }) {
            reports.insert(main, at: 0)
        }
        if reports.filter({ $0.1 == nil }).count > 1 {
            throw UsageError("only one report can go to standard output; give the others a file (--report FORMAT:FILE)", command: "check")
        }
        // Unless a report goes to the terminal, the text report does (`--format json --output F`).
        if !reports.contains(where: { $0.1 == nil }) { reports.append((.text, nil)) }
        return reports
    }

    func write(_ report: RunReport, as reports: [(format: ReportFormat, file: String?)]) throws {
        // CI formats name files relative to the repository root; ask git once, and only for them.
        let needsRoot = reports.contains { [.sarif, .github, .codeclimate].contains($0.format) }
        let repositoryRoot = needsRoot ? Git.repositoryRoot(from: Paths.currentDirectory) : nil
        for (format, file) in reports {
            var options = ReportFormat.Options()
            options.color = file == nil && useColor
            options.showSource = arguments.has("--show-source") || (format == .text && options.color)
            options.quiet = arguments.has("--quiet")
            options.showBaselined = arguments.has("--show-baselined")
            options.statistics = arguments.has("--statistics")
            options.repositoryRoot = repositoryRoot
            let rendered = format.reporter(options).render(report)
            if let file {
                let path = Paths.absolute(file)
                try? FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
                try FileSystem.writeReport(Array(rendered.utf8), to: path)
            } else {
                cli.standardOutput(rendered)
            }
        }
    }

    // MARK: - Commands

    func check() throws -> Int32 {
        let configuration = try loadConfiguration()
        // Bad report requests fail before any work.
        let reports = try requestedReports()
        let engine = try makeEngine(configuration)
        let report = try runCheck(engine, baseline: try loadBaseline(configuration))
        if arguments.has("--verbose") {
            for note in report.notes { cli.standardError("note: \(note)\n") }
            let excluded = try engine.discover(paths, ignoringIncludeAndExclude: true).count - engine.discover(paths).count
            cli.standardError("note: \(excluded) file\(excluded == 1 ? "" : "s") excluded by include/exclude\n")
        }
        try write(report, as: reports)
        if arguments.has("--staged"), report.exitCode != 0 { cli.standardError(Self.blockedCommit(report)) }
        // The process ends next. (Not the engine: its regular expressions are ICU's, which must not be
        // freed while the process exits.)
        let exitCode = report.exitCode
        releaseInBackground(report)
        return exitCode
    }

    func fix() throws -> Int32 {
        let configuration = try loadConfiguration()
        let engine = try makeEngine(configuration)
        var selection = try select(engine)
        if let root = selection.stagedRoot {
            // Only when the working tree holds exactly what is staged: otherwise the fix would
            // mix unstaged edits into the commit. The fixed content is the working tree's.
            let mixed = try Git.filesWithUnstagedChanges(root: root).intersection(selection.scope?.files ?? [])
            if !mixed.isEmpty {
                throw ConfigurationError("not fixing staged files that also have unstaged changes (stage or stash them first): " +
                    "\(mixed.sorted().map(Paths.display).joined(separator: ", "))")
            }
            selection.contentOverride = nil
        }
        let run = try engine.fix(selection.files, jobs: try jobs(), failOn: failOn(configuration), baseline: try loadBaseline(configuration),
                             scope: selection.scope, contentOverride: selection.contentOverride, unsafeFixes: arguments.has("--unsafe-fixes"))
        let failure = reportUnconverged(run)
        for refusal in run.refusals { cli.standardError("gatekeeper: \(refusal)\n") }
        for note in run.notes { cli.standardError("note: \(note)\n") }
        // A file whose fixes do not converge is left as it was.
        let converged = run.files.filter { !run.unconverged.contains($0.file.displayPath) }
        if arguments.has("--dry-run") {
            for file in converged {
                let diff = UnifiedDiff.make(old: String(decoding: file.original, as: UTF8.self),
                                            new: String(decoding: file.fixed, as: UTF8.self), path: file.file.displayPath)
                // A created file is a diff from /dev/null, as git shows one.
                cli.standardOutput(file.created ? diff.replacingOccurrences(of: "--- a/\(file.file.displayPath)\n", with: "--- /dev/null\n") : diff)
            }
            return failure ?? (converged.isEmpty ? 0 : 1)
        }
        // Temporaries of a fix that was killed go, wherever they are in the tree looked at.
        for directory in Set(selection.files.map { ($0.absolutePath as NSString).deletingLastPathComponent }) {
            FileSystem.removeStaleTemporaries(in: directory)
        }
        // Each file on its own: one that cannot be written (read-only, changed meanwhile) is
        // reported and the others are still fixed.
        // Files the fixes create come first, all or none: no registration is written for a migration
        // whose file could not be.
        try FixFiles.createAll(converged.filter(\.created).map { ($0.fixed, $0.file.absolutePath) }, root: configuration.rootDirectory)
        var written: [Engine.FixedFile] = []
        var failures: [String] = []
        let realRoot = Paths.realPath(configuration.rootDirectory)
        for file in converged {
            do {
                // The tree is the pull request's: a tracked link may lead anywhere (`.git/config`, outside the project).
                // Through a link, only to a file of the project outside its built-in excluded folders.
                let real = Paths.realPath(file.file.absolutePath)
                let inside = Paths.relative(real, to: realRoot).map { !Discovery.isInExcludedFolder($0) } ?? false
                guard file.created || real == realRoot + "/" + file.file.relativePath || inside else {
                    throw FileSystem.WriteError(path: file.file.absolutePath, reason: "not fixed: it is a symbolic link to "
                        + "\(Paths.display(real)), and fix writes only the project's own files")
                }
                if !file.created { try FileSystem.writeAtomically(file.fixed, to: file.file.absolutePath, expected: file.snapshot) }
                written.append(file)
                if !arguments.has("--quiet") { cli.standardError("\(file.created ? "created" : "fixed") \(file.file.displayPath)\n") }
            } catch {
                failures.append("\(error)")
                cli.standardError("gatekeeper: error: \(error)\n")
            }
        }
        if let root = selection.stagedRoot, !written.isEmpty {
            try Git.stage(written.map(\.file.absolutePath), root: root)
        }
        // What is left decides the exit code, as after `ruff check --fix`.
        cli.standardOutput(TextReporter(color: useColor, showSource: false, quiet: arguments.has("--quiet")).render(run.report))
        if !arguments.has("--quiet") {
            cli.standardError("Fixed \(written.count) file\(written.count == 1 ? "" : "s").\n")
        }
        if !failures.isEmpty {
            throw FileSystem.WriteError(path: Paths.currentDirectory,
                reason: "\(failures.count) file\(failures.count == 1 ? "" : "s") could not be written (see above)")
        }
        return failure ?? run.report.exitCode
    }

    /// Says which rules' fixes did not converge in which file, and the exit code that follows:
    /// a custom rule's is its configuration's problem (64, naming it), a built-in rule's a bug (70).
    private func reportUnconverged(_ run: Engine.FixRun) -> Int32? {
        guard !run.unconverged.isEmpty else { return nil }
        var onlyCustom = true
        for path in run.unconverged {
            let rules = Set(run.report.findings.filter { $0.file == path && $0.fix != nil }.map(\.ruleId)).sorted()
            if !rules.isEmpty, rules.allSatisfy({ $0.hasPrefix("custom/") }) {
                cli.standardError("gatekeeper: error: the fix of \(rules.joined(separator: ", ")) does not converge on \(path): after "
                    + "\(Engine.maxFixPasses) passes it still applies (does its replacement match its own regex?); \(path) was not changed\n")
            } else {
                onlyCustom = false
                cli.standardError("gatekeeper: internal error: the fixes of \(rules.joined(separator: ", ")) for \(path) still changed it after "
                    + "\(Engine.maxFixPasses) passes; \(path) was not changed. This is a bug; please report it.\n")
            }
        }
        return onlyCustom ? CLI.ExitCode.usage : CLI.ExitCode.internalError
    }

    func baseline() throws -> Int32 {
        let configuration = try loadConfiguration()
        let path = baselinePath(configuration)
        let engine = try makeEngine(configuration)
        let report = try runCheck(engine, baseline: nil)
        let existing = FileManager.default.fileExists(atPath: path) ? try Baseline.load(path) : nil
        // Entries of files this run did not check, or of rules it did not run (`--only`, `--skip`), stay as they are.
        let judges = engine.judgesRule
        let untouched = existing?.entries.filter { entry in
            report.scope?.covers(Paths.absolute(entry.file, relativeTo: configuration.rootDirectory)) == false || !judges(entry.ruleId)
                || report.failedTools.contains { entry.ruleId.hasPrefix($0 + "/") }
        } ?? []
        let baseline: Baseline
        if arguments.has("--prune") {
            guard let existing else { throw ConfigurationError("\(Paths.display(path)): no baseline to prune") }
            let stale = existing.match(report.allFindings).staleEntries.filter { !untouched.contains($0) }
            baseline = existing.removing(stale)
            cli.standardError("Pruned \(stale.count) stale entr\(stale.count == 1 ? "y" : "ies"); \(baseline.entries.count) remain in " +
                "\(Paths.display(path)).\n")
        } else {
            let recorded = Baseline(findings: report.allFindings)
            baseline = Baseline(entries: untouched + recorded.entries)
            cli.standardError("Wrote \(recorded.entries.count) finding\(recorded.entries.count == 1 ? "" : "s") to \(Paths.display(path))"
                              + (untouched.isEmpty ? ".\n" : " (kept \(untouched.count) of files not checked).\n"))
            let secrets = recorded.entries.filter { $0.ruleId == SecurityCheck.hardcodedSecret.id }.count
            if secrets > 0 {
                cli.standardError("warning: \(secrets) of them \(secrets == 1 ? "is a hardcoded secret" : "are hardcoded secrets"): a baselined "
                    + "secret is still valid, and still in the repository's history, until it is rotated; rotate each key, then remove it "
                    + "(`gatekeeper history` lists every secret ever committed).\n")
            }
        }
        try FileSystem.writeAtomically(Array(baseline.serialized().utf8), to: path)
        return CLI.ExitCode.ok
    }

    func rules() throws -> Int32 {
        let configuration = try loadConfiguration()
        if arguments.has("--test") { return try testRules(configuration) }
        let rules = configuration.allRules
        if arguments.value("--format") == "markdown" {
            cli.standardOutput(RulesDocument.markdown(rules))
            return CLI.ExitCode.ok
        }
        if arguments.value("--format") == "json" {
            cli.standardOutput(JSONWriter.write(.object([("rules", .array(rules.map { rule in
                .object([
                    ("id", .string(rule.id)), ("check", .string(rule.check)), ("severity", .string(rule.severity.rawValue)),
                    ("fixable", .bool(rule.fixable)), ("confidence", .string(rule.confidence.rawValue)),
                    ("precision", .string(rule.sarifPrecision)), ("summary", .string(rule.summary)), ("description", .string(rule.description)),
                    ("triggeringExample", .string(rule.triggeringExample)), ("nonTriggeringExample", .string(rule.nonTriggeringExample)),
                    ("triggeringExamples", .array(rule.triggeringExamples.map(JSONValue.string))),
                    ("nonTriggeringExamples", .array(rule.nonTriggeringExamples.map(JSONValue.string))),
                ])
            }))])) + "\n")
            return CLI.ExitCode.ok
        }
        let width = (rules.map(\.id.count).max() ?? 0) + 2
        let checkWidth = (rules.map(\.check.count).max() ?? 0) + 2
        var text = ""
        for rule in rules {
            text += rule.id.padding(toLength: width, withPad: " ", startingAt: 0)
                + rule.check.padding(toLength: checkWidth, withPad: " ", startingAt: 0)
                + rule.severity.rawValue.padding(toLength: 9, withPad: " ", startingAt: 0)
                + rule.confidence.rawValue.padding(toLength: 8, withPad: " ", startingAt: 0)
                + (rule.fixable ? "fixable  " : "         ") + rule.summary + "\n"
        }
        cli.standardOutput(text)
        return CLI.ExitCode.ok
    }

    /// `rules --test`: every rule's examples through the engine; a failure per line.
    private func testRules(_ configuration: Configuration) throws -> Int32 {
        let (examples, failures) = try RuleExamples.test(customRules: configuration.customRules)
        let custom = configuration.customRules.count
        let untested = configuration.allRules.filter { $0.triggeringExamples.isEmpty && !RuleExamples.describedOnly.contains($0) }
        for failure in failures { cli.standardOutput("FAIL \(failure)\n") }
        for rule in untested { cli.standardOutput("note: \(rule.id) has no triggering example\n") }
        cli.standardOutput("\(examples) examples of \(configuration.allRules.count) rules (\(custom) custom): " +
            (failures.isEmpty ? "all pass\n" : "\(failures.count) failed\n"))
        return failures.isEmpty ? CLI.ExitCode.ok : CLI.ExitCode.failed
    }

    func explain() throws -> Int32 {
        let id = arguments.positionals[0]
        let configuration = try loadConfiguration()
        guard let rule = configuration.resolveRule(id) else {
            throw UsageError("unknown rule id '\(id)'\(configuration.ruleSuggestion(id)) (see 'gatekeeper rules')", command: "explain")
        }
        func indent(_ code: String) -> String {
            code.split(separator: "\n", omittingEmptySubsequences: false).map { "    " + $0 }.joined(separator: "\n")
        }
        cli.standardOutput("""
        \(rule.id) (\(rule.severity.rawValue), \(rule.confidence.rawValue) confidence\(rule.fixable ? ", fixable" : ""))
        \(rule.summary)

        \(rule.description)

        Triggers:
        \(rule.triggeringExamples.map(indent).joined(separator: "\n\n"))

        Does not trigger:
        \(rule.nonTriggeringExamples.map(indent).joined(separator: "\n\n"))

        Suppress one finding with `// gatekeeper:ignore \(rule.id) -- reason` on its line or the line above.

        """)
        return CLI.ExitCode.ok
    }

    func tokens() throws -> Int32 {
        let path = arguments.positionals[0]
        let absolute = Paths.absolute(path)
        let bytes: [UInt8]
        do {
            bytes = try FileSystem.read(absolute)
        } catch {
            throw ConfigurationError("\(path): cannot read the file")
        }
        let tokens = Lexer.tokenize(bytes)
        if arguments.value("--format") == "json" {
            // Written by hand: one token per line keeps large files fast and diffable.
            var output = "{\"file\": \(JSONWriter.quote(path)), \"tokens\": [\n"
            for (index, token) in tokens.enumerated() {
                output += "  {\"kind\": \"\(token.kind.rawValue)\", \"scope\": \"\(token.scope.rawValue)\", \"start\": \(token.start), \"end\": " +
                    "\(token.end), \"line\": \(token.line), \"column\": \(token.column)}"
                output += index == tokens.count - 1 ? "\n" : ",\n"
            }
            output += "]}\n"
            cli.standardOutput(output)
            return CLI.ExitCode.ok
        }
        var output = ""
        for token in tokens {
            let text = JSONWriter.quote(String(decoding: bytes[token.range], as: UTF8.self))
            output += "\(token.line):\(token.column)\t\(token.kind.rawValue)\t\(token.scope.rawValue)\t[\(token.start), \(token.end))\t\(text)\n"
        }
        cli.standardOutput(output)
        return CLI.ExitCode.ok
    }

    func telemetry() throws -> Int32 {
        let action = arguments.positionals[0]
        guard ["events", "docs"].contains(action) else {
            throw UsageError("unknown subcommand '\(action)' for 'gatekeeper telemetry' (expected events or docs)", command: "telemetry")
        }
        let configuration = try loadConfiguration()
        let engine = try Engine(configuration: configuration, only: [TelemetryCheck.id])
        let eventPaths = arguments.positionals.count > 1 ? Array(arguments.positionals.dropFirst()) : ["."]
        let files = try engine.discover(action == "events" ? eventPaths : [])
        guard let (check, facts) = try engine.analysis(of: TelemetryCheck.self, files, jobs: try jobs()), let contract = check.contract else {
            throw ConfigurationError("no telemetry contract: write telemetry-contract.json beside .gatekeeper.json or set "
                                     + "checks.telemetry.contract (example: rules/telemetry/example-contract.json5)")
        }
        if action == "docs" {
            guard arguments.positionals.count == 1 else { throw UsageError("`telemetry docs` takes no paths", command: "telemetry") }
            cli.standardOutput(contract.markdown())
            return CLI.ExitCode.ok
        }
        let emissions = check.resolve(facts)
        if arguments.value("--format") == "json" {
            cli.standardOutput(JSONWriter.write(.object([("emissions", .array(emissions.map { emission in
                .object([
                    ("event", emission.event.map(JSONValue.string) ?? .null), ("fields", .array(emission.fields.map(JSONValue.string))),
                    ("file", .string(emission.location.file)), ("line", .number(Double(emission.location.line))),
                    ("column", .number(Double(emission.location.column))),
                    ("emitter", .string(emission.emitter)), ("verifiable", .bool(emission.unverifiable == nil)),
                ])
            }))])) + "\n")
        } else {
            for emission in emissions {
                let fields = emission.unverifiable.map { "(\($0))" } ?? emission.fields.joined(separator: ", ")
                cli.standardOutput("\(emission.location.file):\(emission.location.line):\(emission.location.column): \(emission.event ?? "?") [\(fields)]\n")
            }
        }
        return CLI.ExitCode.ok
    }

    /// What a pre-commit run that fails says after its findings: that the commit is blocked, and the
    /// ways on.
    static func blockedCommit(_ report: RunReport) -> String {
        let failing = report.findings.filter { $0.severity >= report.failOn }
        let rule = failing.first?.ruleId ?? "RULE"
        let count = failing.count == 1 ? "1 finding" : "\(failing.count) findings"
        return """

        gatekeeper: commit blocked: \(count) at or above \(report.failOn.rawValue) in the staged changes.
        To proceed, either:
          - fix them and `git add` again (`gatekeeper fix --staged` applies the automatic fixes);
          - suppress one that is intended, on its line or the line above: `// gatekeeper:ignore \(rule) -- reason`;
          - accept the current findings with `gatekeeper baseline`, and commit the baseline file;
          - or skip the hook this once with `git commit --no-verify`, when your team allows it.

        """
    }

    /// The first line of every hook gatekeeper writes, so it knows its own.
    static let hookMarker = "# Installed by `gatekeeper install-hook`."

    func installHook() throws -> Int32 {
        let root = try Self.repositoryRoot()
        guard let hooks = Git.run(["rev-parse", "--git-path", "hooks"], in: root).map({ String(decoding: $0,
            as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines) }) else {
            throw Git.Failure(description: "cannot find the git hooks folder")
        }
        let directory = Paths.absolute(hooks, relativeTo: root)
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), !isDirectory.boolValue {
            throw FileSystem.WriteError(path: directory, reason: "is not a folder, so no hook can be installed in it")
        }
        let path = directory + "/pre-commit"
        if let existing = try? String(contentsOfFile: path, encoding: .utf8), !existing.contains(Self.hookMarker), !arguments.has("--force") {
            throw ConfigurationError("\(Paths.display(path)) exists and was not written by gatekeeper; use --force to replace it")
        }
        // Prefer gatekeeper on PATH; fall back to the binary that installed the hook, by its
        // absolute path (argv[0] may be relative or a bare name).
        let fallback = CLI.executablePath.map { "exec '\($0.replacingOccurrences(of: "'", with: "'\\''"))' check --staged" }
            ?? "echo 'gatekeeper: not found on PATH' >&2; exit 1"
        let script = """
        #!/bin/sh
        \(Self.hookMarker)
        # Checks the staged content of staged Swift files; `git commit --no-verify` skips it.
        if command -v gatekeeper >/dev/null 2>&1; then
          exec gatekeeper check --staged
        fi
        \(fallback)

        """
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try FileSystem.writeAtomically(Array(script.utf8), to: path)
        guard chmod(path, 0o755) == 0 else { throw FileSystem.WriteError(path: path, reason: "cannot make the hook executable") }
        cli.standardOutput("Installed \(Paths.display(path)): commits now run `gatekeeper check --staged`.\n")
        return CLI.ExitCode.ok
    }

    /// Surveys the tree and writes (or, with `--print`, prints) a config that says what it found.
    func initialize() throws -> Int32 {
        let path = Paths.currentDirectory + "/" + Configuration.fileName
        if FileManager.default.fileExists(atPath: path), !arguments.has("--print") {
            throw ConfigurationError("\(Configuration.fileName) already exists; not overwriting it")
        }
        let survey = try ProjectSurvey.survey(root: Paths.currentDirectory)
        if arguments.has("--print") {
            cli.standardOutput(survey.config())
            return CLI.ExitCode.ok
        }
        try FileSystem.writeAtomically(Array(survey.config().utf8), to: path)
        cli.standardOutput("Wrote \(Configuration.fileName).\n")
        let contractPath = Paths.currentDirectory + "/telemetry-contract.json"
        if let contract = survey.starterContract(), !FileManager.default.fileExists(atPath: contractPath) {
            try FileSystem.writeAtomically(Array(contract.utf8), to: contractPath)
            cli.standardOutput("Wrote telemetry-contract.json (a starter contract of the \(survey.events.count) events found).\n")
        }
        return CLI.ExitCode.ok
    }
}
