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
    }

    public func check(_ files: [Discovery.File], jobs: Int, failOn: Severity, baseline: Baseline?,
                      contentOverride: ContentOverride? = nil) -> RunReport {
        let started = DispatchTime.now()
        let outcomes = Parallel.map(files, jobs: jobs) { file -> FileOutcome in
            analyze(file, contentOverride: contentOverride)
        }
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
            files: files.map(\.displayPath), findings: matched.new, suppressed: suppressedCount, baselinedFindings: matched.baselined,
            staleBaselineEntries: matched.staleEntries.count, failOn: failOn, durationMs: elapsed, lines: linesByFile,
            allFindings: kept, baselineApplied: baseline != nil)
    }

    private func analyze(_ file: Discovery.File, contentOverride: ContentOverride?) -> FileOutcome {
        var outcome = FileOutcome(file: file, lines: nil, suppressions: nil, findings: [], facts: Array(repeating: nil, count: checks.count))
        let source: SourceFile
        switch Self.load(file, contentOverride: contentOverride) {
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
        return outcome
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
            guard let rule = CheckRegistry.rule(id: finding.ruleId),
                  let severity = configuration.severity(of: rule, reported: finding.severity) else { continue }
            finding.severity = severity
            if let suppressions = suppressionsByFile[finding.file] {
                let matching = suppressions.matching(ruleId: finding.ruleId, line: finding.line)
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

    // MARK: - Fix

    public struct FixedFile: Sendable {
        public var file: Discovery.File
        public var original: [UInt8]
        public var fixed: [UInt8]
    }

    /// Each file with every available fix applied (checks in registry order, re-lexing between
    /// them); only files whose bytes change are returned. Nothing is written here.
    public func fixes(_ files: [Discovery.File], jobs: Int) -> [FixedFile] {
        let fixers = checks.filter { check in
            type(of: check).rules.contains { $0.fixable && configuration.severity(of: $0) != nil }
        }
        let results = Parallel.map(files, jobs: jobs) { file -> FixedFile? in
            guard case var .success(source) = Self.load(file) else { return nil }
            let original = source.bytes
            for fixer in fixers {
                let checkId = type(of: fixer).id
                // `ignore-file` for the check leaves the whole file alone.
                if source.suppressions.entries.contains(where: { $0.targetLine == nil && $0.ids.contains(checkId) }) { continue }
                if let fixed = fixer.fix(source), fixed != source.bytes {
                    source = SourceFile(path: file.displayPath, bytes: fixed)
                }
            }
            return source.bytes == original ? nil : FixedFile(file: file, original: original, fixed: source.bytes)
        }
        return results.compactMap { $0 }
    }
}
