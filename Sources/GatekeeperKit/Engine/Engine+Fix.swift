import Foundation

/// Fixing: the edits of exactly the findings `check` reports, applied in passes until none is left.
extension Engine {
    public struct FixedFile: Sendable {
        public var file: Discovery.File
        public var original: [UInt8]
        public var fixed: [UInt8]
        /// The file as read from disk, for writing only over that content.
        public var snapshot: FileSystem.Snapshot?
        /// A fix creates the file (it must not exist when written).
        public var created = false
    }

    public struct FixRun: Sendable {
        /// Files whose content the fixes change; nothing is written here.
        public var files: [FixedFile]
        /// What is left after the fixes, judged on the fixed content.
        public var report: RunReport
        /// Files whose fixes still changed them after the last pass allowed (a bug in a fix).
        public var unconverged: [String]
        /// Fixes not applied because a file they would create cannot be (one line each).
        public var refusals: [String] = []
        /// What the unsafe fixes applied ask of the developer (`path:line: title`), in the order applied.
        public var notes: [String] = []
    }

    /// Passes a fix may take before the engine calls it non-converging.
    static let maxFixPasses = 10

    /// One fix and the files it changes (by outcome index), for one pass.
    private struct PlannedFix {
        var changes: [(index: Int, edits: [Edit])]
        var order: (Int, Int, Int)
        /// For an unsafe fix: where it is and its title, for the developer to read.
        var note: String?
    }

    /// The state of a fix run between passes.
    private struct FixState {
        var outcomes: [FileOutcome]
        var indexByPath: [String: Int]
        var indexByAbsolute: [String: Int]
        var originals: [Int: (bytes: [UInt8], snapshot: FileSystem.Snapshot?)] = [:]
        /// Outcomes of files the fixes create.
        var created = Set<Int>()
        var refusals: [String] = []
        var notes: [String] = []
        let checkCount: Int
        let contentOverride: ContentOverride?
    }

    /// Applies the fixes of exactly the findings `check` would report with the same arguments
    /// (safe fixes only, unless `unsafeFixes`), re-analysing changed files until no fix is left.
    public func fix(_ files: [Discovery.File], jobs: Int, failOn: Severity, baseline: Baseline?, scope: Scope? = nil,
                    contentOverride: ContentOverride? = nil, unsafeFixes: Bool = false) throws -> FixRun {
        let started = DispatchTime.now()
        let run = try prepare(files, contentOverride: contentOverride, jobs: jobs)
        let outcomes = Parallel.map(files, jobs: jobs) { file in
            analyze(file, in: run, contentOverride: contentOverride, factsOnly: !(scope?.covers(file.absolutePath) ?? true))
        }
        let byPath = { (path: KeyPath<Discovery.File, String>) in
            Dictionary(outcomes.indices.map { (outcomes[$0].file[keyPath: path], $0) }, uniquingKeysWith: { first, _ in first })
        }
        var state = FixState(outcomes: outcomes, indexByPath: byPath(\.displayPath), indexByAbsolute: byPath(\.absolutePath),
                             checkCount: run.checks.count, contentOverride: contentOverride)
        var scope = scope
        var pass = 1
        while true {
            // A file a fix was to create but has not (its fix waited) is no file of the run.
            let present = state.outcomes.indices.filter { !(state.created.contains($0) && state.originals[$0] == nil) }.map { state.outcomes[$0] }
            let report = gate(present, run, failOn: failOn, baseline: baseline, scope: scope, started: started, jobs: jobs)
            let planned = report.findings.compactMap { finding in
                finding.fix.flatMap { unsafeFixes || $0.applicability == .safe ? plan($0, of: finding, &state) : nil }
            }
            if planned.isEmpty || pass == Self.maxFixPasses {
                let changed = state.originals.keys.sorted().map { index in
                    FixedFile(file: state.outcomes[index].file, original: state.originals[index]!.bytes, fixed: state.outcomes[index].bytes ?? [],
                              snapshot: state.originals[index]!.snapshot, created: state.created.contains(index))
                }
                return FixRun(files: changed.filter { $0.original != $0.fixed }, report: report,
                              unconverged: Set(planned.flatMap { $0.changes.map { state.outcomes[$0.index].file.displayPath } }).sorted(),
                              refusals: state.refusals, notes: state.notes)
            }
            // Narrowest first; a fix is taken whole (in every file it changes) or waits for the next pass.
            var taken: [Int: FixApplier.Taken] = [:]
            // One fix given to several findings (a migration adding all of a model's columns) is taken once.
            var takenChanges: [[(index: Int, edits: [Edit])]] = []
            for fix in planned.sorted(by: { $0.order < $1.order }) {
                if takenChanges.contains(where: { Self.same($0, fix.changes) }) { continue }
                let fits = fix.changes.allSatisfy { change in
                    !FixApplier.selfConflicting(change.edits)
                        && (taken[change.index] ?? FixApplier.Taken(size: state.outcomes[change.index].bytes?.count ?? 0)).fitsAll(change.edits)
                }
                guard fits else { continue }
                takenChanges.append(fix.changes)
                if let note = fix.note, !state.notes.contains(note) { state.notes.append(note) }
                for change in fix.changes {
                    taken[change.index, default: FixApplier.Taken(size: state.outcomes[change.index].bytes?.count ?? 0)].insert(change.edits)
                }
            }
            let work = taken.map { index, edits in (index, edits, state.outcomes[index]) }
            let applied = Parallel.map(work, jobs: jobs) { index, edits, previous -> (Int, FixApplier.Outcome, FileOutcome) in
                let result = edits.outcome(applied: previous.bytes ?? [])
                return (index, result, analyze(previous.file, in: run, contentOverride: nil, content: result.bytes))
            }
            for (index, result, outcome) in applied {
                state.originals[index] = state.originals[index] ?? (state.outcomes[index].bytes ?? [], state.outcomes[index].snapshot)
                let absolute = state.outcomes[index].file.absolutePath
                if let changed = scope?.lines?[absolute], let old = state.outcomes[index].lines {
                    scope?.lines?[absolute] = FixApplier.remap(lines: changed, old: old, edits: result.edits, new: LineIndex(bytes: result.bytes))
                }
                state.outcomes[index] = outcome
                // Later passes start from this content even when no finding is left in it.
                state.outcomes[index].bytes = result.bytes
            }
            pass += 1
        }
    }

    private func refuse(_ path: String, _ problem: String, _ finding: Finding, _ state: inout FixState) {
        let line = "not creating \(Paths.display(path)): \(problem); the fix of \(finding.ruleId) at \(finding.file):\(finding.line) is not applied"
        if !state.refusals.contains(line) { state.refusals.append(line) }
    }

    private static func same(_ lhs: [(index: Int, edits: [Edit])], _ rhs: [(index: Int, edits: [Edit])]) -> Bool {
        lhs.count == rhs.count && zip(lhs, rhs).allSatisfy { $0.index == $1.index && $0.edits == $1.edits }
    }

    /// The content of a file a fix edits: kept by its analysis when it has a fixable finding, else read now.
    private func loadBytes(_ index: Int, _ state: inout FixState) -> Bool {
        if state.outcomes[index].bytes != nil { return true }
        let file = state.outcomes[index].file
        guard file.rawPath == nil, case let .success(bytes) = Self.read(file, contentOverride: state.contentOverride) else { return false }
        state.outcomes[index].bytes = bytes
        // Its lines, for carrying `--changed-lines` through the edit.
        if state.outcomes[index].lines == nil { state.outcomes[index].lines = LineIndex(bytes: bytes) }
        if state.contentOverride?(file) == nil { state.outcomes[index].snapshot = FileSystem.snapshot(file.absolutePath, bytes: bytes) }
        return true
    }

    /// The files a fix changes, by outcome; a file it creates gets an (empty) outcome. Nil when the
    /// fix cannot apply: a file it edits is not in the run, or one it creates exists or may not be made.
    private func plan(_ fix: Fix, of finding: Finding, _ state: inout FixState) -> PlannedFix? {
        var changes: [(index: Int, edits: [Edit])] = []
        if !fix.edits.isEmpty {
            guard let home = state.indexByPath[finding.file], loadBytes(home, &state) else { return nil }
            changes.append((home, fix.edits))
        }
        for change in fix.files {
            if let index = state.indexByAbsolute[change.path] {
                // A file made by an earlier pass exists now; one made in this pass conflicts (and waits).
                if change.creates, !(state.created.contains(index) && state.originals[index] == nil) {
                    if !state.created.contains(index) { refuse(change.path, "a file of that name exists", finding, &state) }
                    return nil
                }
                guard loadBytes(index, &state) else { return nil }
                changes.append((index, change.edits))
            } else if change.creates {
                if let problem = FixFiles.problem(creating: change.path, root: configuration.rootDirectory) {
                    refuse(change.path, problem, finding, &state)
                    return nil
                }
                let file = Discovery.File(absolutePath: change.path, displayPath: Paths.display(change.path),
                                          relativePath: configuration.projectPath(change.path))
                var outcome = FileOutcome(file: file, lines: LineIndex(bytes: []), suppressions: nil, facts: Array(repeating: nil, count: state.checkCount))
                outcome.bytes = []
                state.outcomes.append(outcome)
                state.indexByAbsolute[change.path] = state.outcomes.count - 1
                state.indexByPath[file.displayPath] = state.outcomes.count - 1
                state.created.insert(state.outcomes.count - 1)
                changes.append((state.outcomes.count - 1, change.edits))
            } else {
                return nil
            }
        }
        guard !changes.isEmpty else { return nil }
        return PlannedFix(changes: changes, order: (fix.rank, fix.edits.isEmpty ? Int.max : fix.span, fix.edits.first?.range.lowerBound ?? 0),
                          note: fix.applicability == .unsafe ? "\(finding.file):\(finding.line): \(fix.title)" : nil)
    }
}
