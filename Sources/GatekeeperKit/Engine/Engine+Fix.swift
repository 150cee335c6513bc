import Foundation

/// Fixing: the edits of exactly the findings `check` reports, applied in passes until none is left.
extension Engine {
    public struct FixedFile: Sendable {
        public var file: Discovery.File
        public var original: [UInt8]
        public var fixed: [UInt8]
        /// The file as read from disk, for writing only over that content.
        public var snapshot: FileSystem.Snapshot?
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
                    contentOverride: ContentOverride? = nil, unsafeFixes: Bool = false) throws -> FixRun {
        let started = DispatchTime.now()
        let run = try prepare(files, contentOverride: contentOverride, jobs: jobs)
        var outcomes = Parallel.map(files, jobs: jobs) { file in
            analyze(file, in: run, contentOverride: contentOverride, factsOnly: !(scope?.covers(file.absolutePath) ?? true))
        }
        let indexByPath = Dictionary(outcomes.indices.map { (outcomes[$0].file.displayPath, $0) }, uniquingKeysWith: { first, _ in first })
        var originals: [Int: (bytes: [UInt8], snapshot: FileSystem.Snapshot?)] = [:]
        var scope = scope
        var pass = 1
        while true {
            let report = gate(outcomes, run, failOn: failOn, baseline: baseline, scope: scope, started: started, jobs: jobs)
            let pending = Dictionary(grouping: report.findings.filter { finding in
                finding.fix.map { unsafeFixes || $0.applicability == .safe } ?? false
            }, by: \.file).compactMap { path, findings in indexByPath[path].map { ($0, findings.compactMap(\.fix)) } }
            if pending.isEmpty || pass == Self.maxFixPasses {
                let changed = originals.keys.sorted().map { index in
                    FixedFile(file: outcomes[index].file, original: originals[index]!.bytes, fixed: outcomes[index].bytes ?? [],
                              snapshot: originals[index]!.snapshot)
                }
                return FixRun(files: changed.filter { $0.original != $0.fixed }, report: report,
                              unconverged: pending.map { outcomes[$0.0].file.displayPath }.sorted())
            }
            let work = pending.map { index, fixes in (index, fixes, outcomes[index]) }
            let applied = Parallel.map(work, jobs: jobs) { index, fixes, previous -> (Int, FixApplier.Outcome, FileOutcome) in
                let result = FixApplier.apply(fixes, to: previous.bytes ?? [])
                return (index, result, analyze(previous.file, in: run, contentOverride: nil, content: result.bytes))
            }
            for (index, result, outcome) in applied {
                originals[index] = originals[index] ?? (outcomes[index].bytes ?? [], outcomes[index].snapshot)
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
}
