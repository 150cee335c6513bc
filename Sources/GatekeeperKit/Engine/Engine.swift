import Foundation

/// The pipeline: discover → read → lex once → per-file analysis by every check (in
/// parallel) → project-level pass over collected facts → severities, suppressions, baseline
/// → a `RunReport` for the reporters.
/// Supplies a file's content instead of reading it from disk (`--staged` reads the git index).
public typealias ContentOverride = @Sendable (Discovery.File) -> [UInt8]?

public final class Engine: Sendable {
    public let configuration: Configuration
    /// The enabled checks, in registry order.
    public let checks: [any Check]

    /// `only` and `skip` are check ids (`--only`, `--skip`).
    public init(configuration: Configuration, only: [String]? = nil, skip: [String] = []) throws {
        let known = CheckRegistry.checkTypes.map { $0.id }
        for id in (only ?? []) + skip where !known.contains(id) {
            throw ConfigurationError("unknown check '\(id)' (checks are \(known.joined(separator: ", ")))")
        }
        self.configuration = configuration
        var checks: [any Check] = []
        for type in CheckRegistry.checkTypes where configuration.isEnabled(check: type.id) {
            let options = configuration.options(for: type.id)
            let check = try type.init(options: options)
            try options.finish()
            if only.map({ $0.contains(type.id) }) ?? true, !skip.contains(type.id) { checks.append(check) }
        }
        self.checks = checks
    }

    /// The rules that can report in this run: those of the enabled checks and the engine's, not off.
    public var activeRules: [Rule] {
        (CheckRegistry.engineRules + checks.flatMap { type(of: $0).rules }).filter { configuration.severity(of: $0) != nil }
    }

    // MARK: - Check

    private struct FileOutcome: Sendable {
        var file: Discovery.File
        var lines: LineIndex?
        var suppressions: Suppressions?
        var findings: [Finding]
        var facts: [(any Sendable)?]
        /// The content analysed, kept only when a finding carries a fix (for `fix`).
        var bytes: [UInt8]?
    }

    public func check(_ files: [Discovery.File], jobs: Int, failOn: Severity, baseline: Baseline?, scope: Scope? = nil,
                      contentOverride: ContentOverride? = nil) -> RunReport {
        let started = DispatchTime.now()
        let outcomes = Parallel.map(files, jobs: jobs) { file in analyze(file, contentOverride: contentOverride) }
        return gate(outcomes, failOn: failOn, baseline: baseline, scope: scope, started: started)
    }

    /// The one gate every finding passes, for `check` and `fix` alike: rule on, severity,
    /// inline suppression, fingerprint and baseline, then the scope (files, changed lines).
    private func gate(_ outcomes: [FileOutcome], failOn: Severity, baseline: Baseline?, scope: Scope?, started: DispatchTime) -> RunReport {
        var findings = outcomes.flatMap { $0.findings }
        for (index, check) in checks.enumerated() {
            findings += check.analyzeProjectErased(outcomes.compactMap { $0.facts[index] })
        }
        var linesByFile: [String: LineIndex] = [:]
        var suppressionsByFile: [String: Suppressions] = [:]
        for outcome in outcomes {
            linesByFile[outcome.file.displayPath] = outcome.lines
            suppressionsByFile[outcome.file.displayPath] = outcome.suppressions
        }
        var (kept, suppressedCount) = applySuppressions(findings, suppressionsByFile)
        for index in kept.indices {
            let file = kept[index].file
            if linesByFile[file] == nil, let bytes = try? FileSystem.read(Paths.absolute(file)) {
                linesByFile[file] = LineIndex(bytes: bytes)
            }
            kept[index].fingerprint = Fingerprint.make(kept[index], lineText: linesByFile[file]?.text(of: kept[index].line) ?? "")
        }
        kept.sort(by: Finding.reportOrder)
        let matched = baseline?.match(kept) ?? Baseline.Match(new: kept, baselined: [], staleEntries: [])
        let elapsed = Int((DispatchTime.now().uptimeNanoseconds - started.uptimeNanoseconds) / 1_000_000)
        return RunReport(
            files: outcomes.map(\.file.displayPath), findings: matched.new.filter { scope?.keeps($0) ?? true }, suppressed: suppressedCount,
            baselinedFindings: matched.baselined.filter { scope?.keeps($0) ?? true }, staleBaselineEntries: matched.staleEntries.count,
            failOn: failOn, durationMs: elapsed, lines: linesByFile, allFindings: kept, baselineApplied: baseline != nil)
    }

    private func analyze(_ file: Discovery.File, contentOverride: ContentOverride?, content: [UInt8]? = nil) -> FileOutcome {
        var outcome = FileOutcome(file: file, lines: nil, suppressions: nil, findings: [], facts: Array(repeating: nil, count: checks.count))
        let source: SourceFile
        switch content.map({ .success(SourceFile(path: file.displayPath, bytes: $0)) }) ?? Self.load(file, contentOverride: contentOverride) {
        case let .failure(problem):
            outcome.findings = [Finding(rule: EngineRules.unreadableFile, message: problem.description, file: file.displayPath, line: 1, column: 1)]
            return outcome
        case let .success(loaded):
            source = loaded
        }
        outcome.lines = source.lines
        outcome.suppressions = source.suppressions
        for (index, check) in checks.enumerated() {
            let result = check.analyzeErased(source)
            outcome.findings += result.findings
            outcome.facts[index] = result.facts
        }
        if outcome.findings.contains(where: { $0.fix != nil }) { outcome.bytes = source.bytes }
        return outcome
    }

    // MARK: - Fix

    public struct FixedFile: Sendable {
        public var file: Discovery.File
        public var original: [UInt8]
        public var fixed: [UInt8]
    }

    public struct FixRun: Sendable {
        /// Files whose content the fixes change; nothing is written here.
        public var files: [FixedFile]
        /// What is left after the fixes, judged on the fixed content.
        public var report: RunReport
        /// Files whose fixes still changed them after the last pass allowed (a bug in a fix).
        public var unconverged: [String]
    }

    /// Passes a fix may take before the engine calls it non-converging.
    static let maxFixPasses = 10

    /// Applies the fixes of exactly the findings `check` would report with the same arguments
    /// (safe fixes only, unless `unsafeFixes`), re-analysing changed files until no fix is left.
    public func fix(_ files: [Discovery.File], jobs: Int, failOn: Severity, baseline: Baseline?, scope: Scope? = nil,
                    contentOverride: ContentOverride? = nil, unsafeFixes: Bool = false) -> FixRun {
        let started = DispatchTime.now()
        var outcomes = Parallel.map(files, jobs: jobs) { file in analyze(file, contentOverride: contentOverride) }
        let indexByPath = Dictionary(outcomes.indices.map { (outcomes[$0].file.displayPath, $0) }, uniquingKeysWith: { first, _ in first })
        var originals: [Int: [UInt8]] = [:]
        var scope = scope
        var pass = 1
        while true {
            let report = gate(outcomes, failOn: failOn, baseline: baseline, scope: scope, started: started)
            let pending = Dictionary(grouping: report.findings.filter { finding in
                finding.fix.map { unsafeFixes || $0.applicability == .safe } ?? false
            }, by: \.file).compactMap { path, findings in indexByPath[path].map { ($0, findings.compactMap(\.fix)) } }
            if pending.isEmpty || pass == Self.maxFixPasses {
                let changed = originals.keys.sorted().map { FixedFile(file: outcomes[$0].file, original: originals[$0]!, fixed: outcomes[$0].bytes ?? []) }
                return FixRun(files: changed.filter { $0.original != $0.fixed }, report: report,
                              unconverged: pending.map { outcomes[$0.0].file.displayPath }.sorted())
            }
            let work = pending.map { index, fixes in (index, fixes, outcomes[index]) }
            let applied = Parallel.map(work, jobs: jobs) { index, fixes, previous -> (Int, FixApplier.Outcome, FileOutcome) in
                let result = FixApplier.apply(fixes, to: previous.bytes ?? [])
                return (index, result, analyze(previous.file, contentOverride: nil, content: result.bytes))
            }
            for (index, result, outcome) in applied {
                originals[index] = originals[index] ?? outcomes[index].bytes
                let absolute = outcomes[index].file.absolutePath
                if let changed = scope?.lines?[absolute], let old = outcomes[index].lines {
                    scope?.lines?[absolute] = FixApplier.remap(lines: changed, old: old, edits: result.edits, new: LineIndex(bytes: result.bytes))
                }
                outcomes[index] = outcome
                // Later passes start from this content even when no finding is left in it.
                outcomes[index].bytes = result.bytes
            }
            pass += 1
        }
    }

    public struct LoadProblem: Error, CustomStringConvertible {
        public var description: String
    }

    /// Reads and lexes a file; unreadable or non-UTF-8 content is a problem, not a crash.
    static func load(_ file: Discovery.File, contentOverride: ContentOverride? = nil) -> Result<SourceFile, LoadProblem> {
        let bytes: [UInt8]
        if let override = contentOverride?(file) {
            bytes = override
        } else {
            do {
                bytes = try FileSystem.read(file.absolutePath)
            } catch {
                return .failure(LoadProblem(description: "cannot read the file: \(error)"))
            }
        }
        if let offset = UTF8Validation.firstInvalidByte(in: bytes) {
            let location = LineIndex(bytes: bytes).location(ofByte: offset)
            return .failure(LoadProblem(description: "not valid UTF-8 (first bad byte at line \(location.line), column \(location.column)); the file was not checked"))
        }
        return .success(SourceFile(path: file.displayPath, bytes: bytes))
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
                let unknown = entry.ids.filter { !CheckRegistry.isKnown(ruleOrCheckId: $0) }
                if !unknown.isEmpty, let finding = engineFinding(EngineRules.unknownRule, "unknown rule id \(unknown.map { "'\($0)'" }.joined(separator: ", ")) in suppression", file, entry) {
                    kept.append(finding)
                }
                let checkable = entry.ids.filter { id in active.contains { Suppressions.covers(id, ruleId: $0.id) } }
                if !checkable.isEmpty, !(used[file]?.contains(index) ?? false),
                   let finding = engineFinding(EngineRules.unusedSuppression, "suppression of \(checkable.joined(separator: ", ")) matched no finding; remove it", file, entry) {
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

    /// One enabled check's per-file facts over `files` (for commands that list what a check
    /// saw, like `telemetry events`); nil when the check is not enabled.
    public func facts<C: Check>(of type: C.Type, _ files: [Discovery.File], jobs: Int) -> (check: C, facts: [C.Facts])? {
        guard let check = checks.compactMap({ $0 as? C }).first else { return nil }
        let facts = Parallel.map(files, jobs: jobs) { file -> C.Facts? in
            guard case let .success(source) = Self.load(file) else { return nil }
            return check.analyze(source).facts
        }
        return (check, facts.compactMap { $0 })
    }
}
