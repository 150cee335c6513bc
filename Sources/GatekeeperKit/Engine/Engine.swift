import Foundation

/// The pipeline: discover → read → lex once → per-file analysis by every check (in
/// parallel) → project-level pass over collected facts → severities, suppressions, baseline
/// → a `RunReport` for the reporters.
/// Supplies a file's content instead of reading it from disk (`--staged` reads the git index).
public typealias ContentOverride = @Sendable (Discovery.File) -> [UInt8]?

public final class Engine: Sendable {
    public let configuration: Configuration
    /// The enabled checks, in registry order, then the custom rules.
    public let checks: [any Check]
    /// The enabled external checks, run once per `check`.
    public let externalChecks: [ExternalCheck]
    /// What discovery's walks saw of the files the checks look for above each source (`.nearest`).
    let listings: Discovery.FolderListings
    /// Whether a report's notes count the files by kind (production, test, generated, text): a
    /// pass over every file's path, made only when the notes are shown (`--verbose`).
    let classifiesFiles: Bool

    /// `only` and `skip` are check ids (`--only`, `--skip`); `registry` is the checks there are.
    public init(configuration: Configuration, only: [String]? = nil, skip: [String] = [],
                registry: [any Check.Type] = CheckRegistry.checkTypes, classifiesFiles: Bool = true) throws {
        self.classifiesFiles = classifiesFiles
        let known = registry.map { $0.id } + [CustomRulesCheck.id] + configuration.externalChecks.map(\.id)
        for id in (only ?? []) + skip where !known.contains(id) {
            throw ConfigurationError("unknown check '\(id)'\(Suggestion.phrase(id, among: known)) (checks are \(known.joined(separator: ", ")))")
        }
        self.configuration = configuration
        let selected = { (id: String) in configuration.isEnabled(check: id) && (only.map { $0.contains(id) } ?? true) && !skip.contains(id) }
        var checks: [any Check] = []
        do {
            for type in registry where configuration.isEnabled(check: type.id) {
                let options = configuration.options(for: type.id)
                let check = try type.init(options: options)
                try options.finish()
                if selected(type.id) { checks.append(check) }
            }
        } catch let error as ConfigurationError {
            // Every configuration error names its file.
            throw configuration.path.map { ConfigurationError("\(Paths.display($0)): \(error.description)") } ?? error
        }
        if !configuration.customRules.isEmpty, selected(CustomRulesCheck.id) { checks.append(CustomRulesCheck(rules: configuration.customRules)) }
        externalChecks = configuration.externalChecks.filter { selected($0.id) }
        guard !checks.isEmpty || !externalChecks.isEmpty else {
            throw ConfigurationError("no check to run: --only, --skip and the config's `enabled: false` leave none (checks are " +
                "\(known.joined(separator: ", ")))")
        }
        self.checks = checks
        listings = Discovery.FolderListings(names: Set(checks.flatMap(\.inputs).compactMap { request -> String? in
            if case let .nearest(name) = request { return name }
            return nil
        }))
    }

    /// The rules that can report in this run: those of the enabled checks and the engine's, not off.
    public var activeRules: [Rule] {
        (CheckRegistry.engineRules + checks.flatMap(\.configuredRules)).filter { configuration.severity(of: $0) != nil }
    }

    // MARK: - Check

    /// Whether this run can report a rule id: its check runs (not skipped by `--only`/`--skip` or
    /// the config) and the rule is not off. Baseline entries of other rules are neither stale nor pruned.
    public var judgesRule: @Sendable (String) -> Bool {
        let (active, external) = (Set(activeRules.map(\.id)), externalChecks.map { $0.id + "/" })
        return { ruleId in active.contains(ruleId) || external.contains { ruleId.hasPrefix($0) } }
    }

    /// Whether a run over part of the tree must still read the whole project (a cross-file check is on).
    public var needsWholeProject: Bool { checks.contains { type(of: $0).hasProjectPass } }

    /// Discovers the sources and every input the checks ask for under `paths`.
    public func discover(_ paths: [String], ignoringIncludeAndExclude: Bool = false,
                         jobs: Int = ProcessInfo.processInfo.activeProcessorCount) throws -> [Discovery.File] {
        var configuration = configuration
        if ignoringIncludeAndExclude { (configuration.include, configuration.exclude) = ([], []) }
        return try Discovery(configuration: configuration, extensions: fileSuffixes, listings: listings, jobs: jobs).files(for: paths)
    }

    /// Whether discovery would collect the file at `absolutePath` (suffix, excludes, globs).
    public func wants(_ absolutePath: String) -> Bool {
        Discovery(configuration: configuration, extensions: fileSuffixes).wants(absolutePath)
    }

    /// What one file gave the run.
    struct FileOutcome: Sendable {
        var file: Discovery.File
        var lines: LineIndex?
        var suppressions: Suppressions?
        var findings: [Finding] = []
        var facts: [(any Sendable)?]
        /// Per check, its facts as the cache stores them (JSON; nil for none): from the cache, decoded
        /// only when the project pass must run, or encoded for it. What the project pass's cache key is made of.
        var storedFacts: [String?]?
        /// The content analysed, kept only when a finding carries a fix (for `fix`), and what
        /// the file on disk was then (so `fix` never writes over a later edit).
        var bytes: [UInt8]?
        var snapshot: FileSystem.Snapshot?
        /// Generated code (not reported unless `includeGenerated`).
        var isGenerated = false
        /// Its results came from the cache.
        var reused = false
        /// Read only as text, for secrets (not counted as a checked file).
        var isTextOnly = false
        /// Why a file read only as text was not (binary, a lock file, too large).
        var skipped: String?
    }

    /// `cache`: per-file results kept between runs (`openCache(directory:)`; nil: none).
    public func check(_ files: [Discovery.File], jobs: Int, failOn: Severity, baseline: Baseline?, scope: Scope? = nil,
                      contentOverride: ContentOverride? = nil, cache: ResultCache? = nil) throws -> RunReport {
        let started = DispatchTime.now()
        let run = try prepare(files, contentOverride: contentOverride, jobs: jobs)
        cache?.accept(inputs: run.inputsDigest, root: configuration.rootDirectory)
        let rules = Dictionary((CheckRegistry.engineRules + run.checks.flatMap(\.configuredRules)).map { ($0.id, $0) }) { first, _ in first }
        var outcomes = Parallel.map(files, jobs: jobs) { file in
            let factsOnly = !(scope?.covers(file.absolutePath) ?? true)
            guard let cache else { return analyze(file, in: run, contentOverride: contentOverride, factsOnly: factsOnly) }
            return analyze(file, in: run, cache: cache, rules: rules, contentOverride: contentOverride, factsOnly: factsOnly)
        }
        let project = projectFindings(&outcomes, run, cache: cache, rules: rules, contentOverride: contentOverride, jobs: jobs)
        cache?.saveInBackground(present: files.map(\.relativePath), root: configuration.rootDirectory)
        let external = runExternalChecks(over: outcomes.indices.map { outcomes[$0].file }, scope: scope, jobs: jobs)
        var report = gate(outcomes, run, project: project, external: external, failOn: failOn, baseline: baseline, scope: scope, started: started,
                          jobs: jobs)
        cache?.finish()
        if let cache {
            let reused = outcomes.indices.filter { outcomes[$0].reused }.count
            report.notes.append("result cache: \(reused) of \(files.count) files reused (\(Paths.display(cache.file)))")
        }
        releaseInBackground(outcomes)
        return report
    }

    /// The one gate every finding passes, for `check` and `fix` alike: rule on, severity,
    /// inline suppression, fingerprint and baseline, then the scope (files, changed lines).
    /// `project`: the project pass's findings when already known (from the cache); else the gate runs it.
    func gate(_ outcomes: [FileOutcome], _ run: PreparedRun, project: [Finding]? = nil, external: [Finding] = [], failOn: Severity,
              baseline: Baseline?, scope: Scope?, started: DispatchTime, jobs: Int) -> RunReport {
        // Outcomes are read in place (`outcomes[index].field`): iterating them copies each, a retain per reference it holds.
        let findings = outcomes.indices.flatMap { outcomes[$0].findings } + external + (project ?? projectPass(outcomes, run, jobs: jobs))
        // Only what the files with findings or suppressions have (reports show their lines): a run has
        // thousands of files and few of those.
        let filesWithFindings = Set(findings.lazy.map(\.file))
        var linesByFile: [String: LineIndex] = [:]
        var suppressionsByFile: [String: Suppressions] = [:]
        var relativeByFile: [String: String] = [:]
        for outcomes in [run.namedInputs, outcomes] {
            for index in outcomes.indices {
                let file = outcomes[index].file.displayPath
                if let suppressions = outcomes[index].suppressions, !suppressions.entries.isEmpty { suppressionsByFile[file] = suppressions }
                guard filesWithFindings.contains(file) || suppressionsByFile[file] != nil else { continue }
                if let lines = outcomes[index].lines { linesByFile[file] = lines }
                if !outcomes[index].findings.isEmpty { relativeByFile[file] = outcomes[index].file.relativePath }
            }
        }
        var (kept, suppressedCount) = applySuppressions(findings, suppressionsByFile)
        kept = withLineTexts(kept, linesByFile, jobs: jobs)
        kept = Parallel.map(kept, jobs: jobs) { [configuration, relativeByFile] finding in
            var finding = finding
            finding.relativePath = relativeByFile[finding.file] ?? configuration.projectPath(finding.file)
            // Third-party code kept in the tree (`node_modules/`, `vendor/`): reported, never failing a build by default.
            if SourcePaths.isVendored(finding.relativePath) { finding.confidence = .low }
            // Messages quote the tree and the tools the gate runs: no control character reaches a report.
            finding.message = ReportText.escaped(finding.message)
            finding.fingerprint = Fingerprint.make(finding, lineText: finding.knownLineText ?? "")
            return finding
        }
        kept.sort(by: Finding.reportOrder)
        let matched = baseline?.match(kept) ?? Baseline.Match(new: kept, baselined: [], staleEntries: [])
        let elapsed = Int((DispatchTime.now().uptimeNanoseconds - started.uptimeNanoseconds) / 1_000_000)
        // A run over part of the project judges only the baseline entries of the files it checked.
        let inScope = { (finding: Finding) in scope?.covers(Paths.absolute(finding.file)) ?? true }
        // A tool that failed judged nothing: its entries are not stale.
        let failedTools = Set(external.compactMap { $0.ruleId == EngineRules.externalCheckFailed.id ? $0.extra.first { $0.key == "tool" }?.value : nil })
        let judges = judgesRule
        let stale = matched.staleEntries.filter { entry in
            (scope?.covers(Paths.absolute(entry.file, relativeTo: configuration.rootDirectory)) ?? true) && judges(entry.ruleId)
                && !failedTools.contains { entry.ruleId.hasPrefix($0 + "/") }
        }
        var report = RunReport(
            files: outcomes.indices.compactMap { index in
                !outcomes[index].isTextOnly && scope?.covers(outcomes[index].file.absolutePath) ?? true ? outcomes[index].file.displayPath : nil
            },
            findings: matched.new.filter { scope?.keeps($0) ?? true }, suppressed: suppressedCount,
            baselinedFindings: matched.baselined.filter { scope?.keeps($0) ?? true }, staleEntries: stale,
            failOn: failOn, durationMs: elapsed, lines: SourceLines(linesByFile), allFindings: kept.filter(inScope), scope: scope,
            baselineApplied: baseline != nil, notes: run.checks.flatMap(\.notes) + (classifiesFiles ? [classification(outcomes, scope)] : []),
            checksRun: checks.map { type(of: $0).id } + externalChecks.map(\.id))
        report.minConfidence = configuration.minConfidence
        report.failedTools = failedTools
        return report
    }

    /// Findings with the text of their lines (what fingerprints are made of): as the finding knows
    /// it (from the cache), from the lines of the analysis, or else from the file, read once per file, in parallel.
    func withLineTexts(_ findings: [Finding], _ lines: [String: LineIndex], jobs: Int) -> [Finding] {
        let unread = Array(Set(findings.filter { $0.knownLineText == nil && lines[$0.file] == nil }.map(\.file))).sorted()
        let read = Dictionary(uniqueKeysWithValues: zip(unread, Parallel.map(unread, jobs: jobs) { file in
            (try? FileSystem.read(Paths.absolute(file))).map(LineIndex.init)
        }))
        return findings.map { finding in
            guard finding.knownLineText == nil else { return finding }
            var finding = finding
            finding.knownLineText = (lines[finding.file] ?? read[finding.file] ?? nil)?.text(of: finding.line) ?? ""
            return finding
        }
    }

    /// The cross-file findings of every check, over the facts of every file, in discovery order;
    /// the checks' passes side by side.
    func projectPass(_ outcomes: [FileOutcome], _ run: PreparedRun, jobs: Int) -> [Finding] {
        Parallel.map(Array(run.checks.indices), jobs: jobs) { index in
            run.checks[index].analyzeProjectErased(outcomes.indices.compactMap { outcomes[$0].facts[index] })
        }.flatMap { $0 }
    }

    /// How the run saw the tree, for `check --verbose`.
    private func classification(_ outcomes: [FileOutcome], _ scope: Scope?) -> String {
        var (checked, generated, tests, text, skipped) = (0, 0, 0, 0, 0)
        for index in outcomes.indices where scope?.covers(outcomes[index].file.absolutePath) ?? true {
            if outcomes[index].isTextOnly {
                text += 1
                if outcomes[index].skipped != nil { skipped += 1 }
                continue
            }
            checked += 1
            if outcomes[index].isGenerated { generated += 1 } else if SourcePaths.isTest(outcomes[index].file.relativePath) { tests += 1 }
        }
        let excludes = configuration.exclude.isEmpty ? "" : "; configured excludes: \(configuration.exclude.map(\.pattern).joined(separator: ", "))"
        return "classified \(checked) files: \(checked - generated - tests) production, \(tests) test, \(generated) generated"
            + (configuration.includeGenerated ? "" : " (not reported; includeGenerated: true reports them)") + excludes
            + (text == 0 ? "" : "\nnote: \(text - skipped) other text files read for secrets, \(skipped) skipped (binary, lock files, over "
                + "\(TextFiles.sizeLimit >> 20) MiB)")
    }

    /// Drops findings of rules that are off, applies severity overrides and inline
    /// suppressions, and adds the engine's findings about the suppressions themselves.
    private func applySuppressions(_ findings: [Finding], _ suppressionsByFile: [String: Suppressions]) -> ([Finding], Int) {
        var kept: [Finding] = []
        var suppressed = 0
        var used: [String: Set<Int>] = [:]
        for var finding in findings {
            guard let severity = configuration.severity(of: finding.rule, reported: finding.severity) else { continue }
            finding.severity = severity
            if let suppressions = suppressionsByFile[finding.file] {
                let matching = suppressions.matching(ruleId: finding.ruleId, lines: finding.lineSpan)
                if !matching.isEmpty {
                    used[finding.file, default: []].formUnion(matching)
                    suppressed += 1
                    continue
                }
            }
            kept.append(finding)
        }
        let active = activeRules
        for (file, suppressions) in suppressionsByFile {
            for (index, entry) in suppressions.entries.enumerated() {
                let unknown = entry.ids.filter { !configuration.isKnown(ruleOrCheckId: $0) }
                if !unknown.isEmpty, let finding = engineFinding(EngineRules.unknownRule,
                    "unknown rule id \(unknown.map { "'\($0)'" }.joined(separator: ", ")) in suppression"
                        + (unknown.count == 1 ? configuration.ruleSuggestion(unknown[0]) : ""), file, entry) {
                    kept.append(finding)
                }
                let checkable = entry.ids.filter { id in active.contains { Suppressions.covers(id, ruleId: $0.id) } }
                if !checkable.isEmpty, !(used[file]?.contains(index) ?? false),
                   let finding = engineFinding(EngineRules.unusedSuppression,
                       "suppression of \(checkable.joined(separator: ", ")) matched no finding; remove it", file, entry) {
                    kept.append(finding)
                }
            }
        }
        return (kept, suppressed)
    }

    /// A finding about a suppression comment, with the rule's configured severity; nil when off.
    private func engineFinding(_ rule: Rule, _ message: String, _ file: String, _ entry: Suppressions.Entry) -> Finding? {
        guard let severity = configuration.severity(of: rule) else { return nil }
        var finding = Finding(rule: rule, message: message, file: file, line: entry.line, column: entry.column)
        finding.severity = severity
        return finding
    }

    /// One enabled check, configured with its inputs, and its per-file facts over `files` (for
    /// commands that list what a check saw, like `telemetry events`); nil when it is not enabled.
    public func analysis<C: Check>(of type: C.Type, _ files: [Discovery.File], jobs: Int) throws -> (check: C, facts: [C.Facts])? {
        let run = try prepare(files, contentOverride: nil, jobs: jobs)
        guard let index = run.checks.firstIndex(where: { $0 is C }) else { return nil }
        let outcomes = Parallel.map(files, jobs: jobs) { file in analyze(file, in: run, contentOverride: nil) }
        return (run.checks[index] as! C, outcomes.compactMap { $0.facts[index] as? C.Facts })
    }
}
