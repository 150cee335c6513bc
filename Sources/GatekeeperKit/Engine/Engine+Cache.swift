import Foundation

/// The result cache in the pipeline: a Swift file whose content the cache has seen is not
/// analysed again; its findings, suppressions and facts come from the cache and pass the gate
/// like fresh ones (so suppressions, baseline and severities always apply as configured now).
extension Engine {
    /// The cache for this engine's runs in `directory`, loading in the background from now on.
    public func openCache(directory: String) -> ResultCache {
        ResultCache(directory: directory, key: cacheKey())
    }

    /// The run key: what a file's results depend on besides its own content and path and the
    /// inputs the checks read (those the cache checks once the run has read them).
    private func cacheKey() -> String {
        var material = "gatekeeper result cache \(ResultCache.format)\n\(Version.current)\n\(Self.buildIdentity)\n"
        material += (configuration.path.flatMap { try? String(contentsOfFile: $0, encoding: .utf8) } ?? "") + "\n"
        material += "includeGenerated \(configuration.includeGenerated)\n"
        for rule in configuration.customRules {
            material += "custom \(rule.rule.id) \(rule.rule.severity) \(rule.scope) \(rule.regex.pattern) \(rule.message) \(rule.fixTemplate ?? "")"
                + " \(rule.include.map(\.pattern)) \(rule.exclude.map(\.pattern))\n"
        }
        material += "checks \(checks.map { type(of: $0).id })\n"
        return SHA256.hex(Array(material.utf8))
    }

    /// A development build's results may change with every build of the same version, so its
    /// key includes the binary's modification time; a release build's is its version.
    private static let buildIdentity: String = {
        #if DEBUG
        var status = stat()
        guard let path = CLI.executablePath, stat(path, &status) == 0 else { return "debug" }
        return "debug \(status.st_mtim.tv_sec).\(status.st_mtim.tv_nsec)"
        #else
        return "release"
        #endif
    }()

    /// One file through the cache: a hit when its settled stamp matches (size, modification and
    /// change times, inode: nothing read) or when its SHA-256 does (read, not analysed); otherwise
    /// analysed and recorded.
    func analyze(_ file: Discovery.File, in run: PreparedRun, cache: ResultCache, rules: [String: Rule], contentOverride: ContentOverride?,
                 factsOnly: Bool) -> FileOutcome {
        let relative = file.relativePath
        // Swift sources and the other text files (read for secrets); not SQL inputs, whose facts join others'.
        let textOnly = readsOnlyAsText(file.absolutePath)
        guard file.problem == nil, file.rawPath == nil, file.absolutePath.hasSuffix(".swift") || (textOnly && !factsOnly), !relative.hasPrefix("/") else {
            return analyze(file, in: run, contentOverride: contentOverride, factsOnly: factsOnly)
        }
        let override = contentOverride?(file)
        var status = stat()
        let stamp = override != nil ? nil : file.stamp ?? (stat(file.absolutePath, &status) == 0 ? Discovery.File.Stamp(status) : nil)
        // A lock file or a large one is skipped unread, cached or not.
        if textOnly, TextFiles.skipReason(path: file.absolutePath, size: override?.count ?? stamp?.size) != nil {
            // With the size just found, so that a large file is not read to be skipped (every warm run).
            var sized = file
            if override == nil { sized.stamp = stamp }
            return analyze(sized, in: run, contentOverride: contentOverride, factsOnly: factsOnly)
        }
        let known = cache.entry(relative)
        if let known, let stamp, known.size == stamp.size, known.stamp == stamp,
           let outcome = outcome(known, file, rules: rules, checks: run.checks.count, factsOnly: factsOnly) {
            return outcome
        }
        // The override's bytes are fetched once (for `--staged`, each fetch runs git). A text file's
        // are taken as they are: what is not text is skipped, and that is cached too.
        var fetched: ContentOverride?
        if let override { fetched = { @Sendable _ in override } }
        let read = textOnly ? override.map { .success($0) } ?? Self.readBytes(file.absolutePath) : Self.read(file, contentOverride: fetched)
        guard case let .success(bytes) = read else {
            return analyze(file, in: run, contentOverride: contentOverride, factsOnly: factsOnly)
        }
        let hash = SHA256.hex(bytes)
        if var known, known.hash == hash, known.size == bytes.count, let outcome = outcome(known, file, rules: rules,
                                                                                           checks: run.checks.count, factsOnly: factsOnly) {
            // Same content, new place or time (a fresh clone): remember the new time.
            if let stamp, stamp.size == bytes.count, stamp.isSettled, known.stamp != stamp {
                known.stamp = stamp
                cache.record(known)
            }
            return outcome
        }
        // A file outside the run's scope is analysed whole all the same, so that the cache can keep
        // it (a pre-commit hook that never runs on the whole tree still fills the cache); its
        // findings are not this run's.
        var outcome = analyze(file, in: run, contentOverride: nil, content: bytes)
        // A finding whose fix is not text cannot be stored.
        let stored = outcome.findings.compactMap {
            StoredFinding($0, lineText: $0.knownLineText ?? outcome.lines?.text(of: $0.line), root: configuration.rootDirectory)
        }
        if stored.count == outcome.findings.count {
            let place = ResultCache.Place(root: configuration.rootDirectory, file: file.displayPath, relativePath: relative)
            outcome.storedFacts = zip(run.checks, outcome.facts).map { check, facts in check.encodeFacts(facts, at: place) }
            cache.record(ResultCache.Entry(path: relative, size: bytes.count,
                                           stamp: stamp.flatMap { $0.size == bytes.count && $0.isSettled ? $0 : nil },
                                           hash: hash, generated: outcome.isGenerated, skipped: outcome.skipped != nil, findings: stored,
                                           suppressions: outcome.suppressions?.entries ?? [], facts: outcome.storedFacts ?? []))
        }
        if factsOnly { (outcome.findings, outcome.bytes, outcome.snapshot) = ([], nil, nil) }
        return outcome
    }

    /// The file's outcome from its cache entry (counted as reused); nil when the entry does not fit
    /// this run. Its facts stay stored until the project pass needs them.
    private func outcome(_ entry: ResultCache.Entry, _ file: Discovery.File, rules: [String: Rule], checks: Int,
                         factsOnly: Bool) -> FileOutcome? {
        guard entry.facts.count == checks else { return nil }
        var findings: [Finding] = []
        if !factsOnly {
            for stored in entry.findings {
                guard let finding = stored.finding(rules: rules, file: file.displayPath, size: entry.size, root: configuration.rootDirectory) else {
                    return nil
                }
                findings.append(finding)
            }
        }
        return FileOutcome(file: file, lines: nil, suppressions: Suppressions(entries: entry.suppressions), findings: findings,
                           facts: Array(repeating: nil, count: checks), storedFacts: entry.facts,
                           isGenerated: entry.generated, reused: true, isTextOnly: readsOnlyAsText(file.absolutePath),
                           skipped: entry.skipped ? "not text" : nil)
    }

    /// A file's bytes as they are (no UTF-8 check: a text file that is none is skipped, not unreadable).
    private static func readBytes(_ path: String) -> Result<[UInt8], LoadProblem> {
        do { return .success(try FileSystem.read(path)) } catch { return .failure(LoadProblem(description: "\(error)")) }
    }

    /// The project pass through the cache: when the facts of every file are what the stored project
    /// findings were made from (an edit that changes no fact, like most, keeps them), those are the
    /// findings and no stored facts are decoded; otherwise stored facts are decoded (in parallel),
    /// the pass runs, and its findings are stored.
    func projectFindings(_ outcomes: inout [FileOutcome], _ run: PreparedRun, cache: ResultCache?, rules: [String: Rule],
                         contentOverride: ContentOverride?, jobs: Int) -> [Finding]? {
        guard let cache else { return nil }
        let projectChecks = run.checks.indices.filter { type(of: run.checks[$0]).hasProjectPass }
        guard !projectChecks.isEmpty else { return [] }
        let root = configuration.rootDirectory
        let digest = projectDigest(outcomes, run, checks: projectChecks, jobs: jobs)
        // Lines of the files analysed now: their project findings' line texts are today's (read
        // again by the gate for a file whose lines were let go).
        let lines = outcomes.indices.reduce(into: [String: LineIndex]()) { lines, index in
            if let analysed = outcomes[index].lines { lines[outcomes[index].file.displayPath] = analysed }
        }
        let analysedNow = Set(outcomes.indices.filter { !outcomes[$0].reused }.map { outcomes[$0].file.displayPath })
        if let stored = cache.project, stored.digest == digest {
            let findings = stored.findings.compactMap { located -> Finding? in
                // A project finding may be about any file: bounded by the largest file the gate reads.
                guard var finding = located.finding.finding(rules: rules, file: Paths.display(Paths.absolute(located.path, relativeTo: root)),
                                                            size: Lexer.maximumFileSize, root: root) else {
                    return nil
                }
                if analysedNow.contains(finding.file) { finding.knownLineText = lines[finding.file]?.text(of: finding.line) }
                return finding
            }
            if findings.count == stored.findings.count { return findings }
        }
        let pending = outcomes.indices.map { (outcomes[$0].reused ? outcomes[$0].storedFacts : nil, outcomes[$0].file) }
        let decoded = Parallel.map(pending, jobs: jobs) { stored, file -> [(any Sendable)?]? in
            guard let stored else { return nil }
            let place = ResultCache.Place(root: root, file: file.displayPath, relativePath: file.relativePath)
            var facts: [(any Sendable)?] = Array(repeating: nil, count: run.checks.count)
            for index in projectChecks {
                guard let json = stored[index] else { continue }
                // Stored facts that do not decode are not trusted: the file is read for them again.
                guard let value = run.checks[index].decodeFacts(json, at: place) else {
                    return analyze(file, in: run, contentOverride: contentOverride, factsOnly: true).facts
                }
                facts[index] = value
            }
            return facts
        }
        for (index, facts) in decoded.enumerated() { if let facts { outcomes[index].facts = facts } }
        // With their line texts, so that the cache keeps them and a run reusing these findings reads no file.
        let findings = withLineTexts(projectPass(outcomes, run, jobs: jobs), lines, jobs: jobs)
        let located = findings.compactMap { finding in
            StoredFinding(finding, lineText: finding.knownLineText, root: root).map {
                ResultCache.ProjectEntry.Located(path: configuration.projectPath(finding.file), finding: $0)
            }
        }
        if located.count == findings.count { cache.record(project: ResultCache.ProjectEntry(digest: digest, findings: located)) }
        return findings
    }

    /// Every file's path and the facts of the checks with a project pass (all the pass sees), as
    /// the cache stores them: from the cache, or encoded now for a file that was not stored.
    private func projectDigest(_ outcomes: [FileOutcome], _ run: PreparedRun, checks projectChecks: [Int], jobs: Int) -> String {
        let root = configuration.rootDirectory
        let summaries = Parallel.map(outcomes, jobs: jobs) { outcome -> String in
            let place = ResultCache.Place(root: root, file: outcome.file.displayPath, relativePath: outcome.file.relativePath)
            let facts = projectChecks.map { index in
                outcome.storedFacts.map { $0[index] } ?? run.checks[index].encodeFacts(outcome.facts[index], at: place)
            }
            return outcome.file.relativePath + "\u{0}" + facts.map { $0.map { SHA256.hex(Array($0.utf8)) } ?? "-" }.joined(separator: " ")
        }
        // SHA-256, like the entries: a project's facts are the tree's author's to shape, so a collision must not be made to order.
        return SHA256.hex(Array(summaries.joined(separator: "\n").utf8))
    }
}
