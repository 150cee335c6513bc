import Foundation

/// The result cache in the pipeline: a Swift file whose content the cache has seen is not
/// analysed again; its findings, suppressions and facts come from the cache and pass the gate
/// like fresh ones (so suppressions, baseline and severities always apply as configured now).
extension Engine {
    /// The run key: everything besides a file's own content and path that its results depend on.
    func cacheKey(_ run: PreparedRun) -> String {
        var material = "gatekeeper result cache \(ResultCache.format)\n\(Version.current)\n\(Self.buildIdentity)\n"
        material += (configuration.path.flatMap { try? String(contentsOfFile: $0, encoding: .utf8) } ?? "") + "\n"
        material += "includeGenerated \(configuration.includeGenerated)\n"
        for rule in configuration.customRules {
            material += "custom \(rule.rule.id) \(rule.rule.severity) \(rule.scope) \(rule.regex.pattern) \(rule.message) \(rule.fixTemplate ?? "")"
                + " \(rule.include.map(\.pattern)) \(rule.exclude.map(\.pattern))\n"
        }
        material += "checks \(run.checks.map { type(of: $0).id })\ninputs \(run.inputsDigest)\n"
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

    /// One file through the cache: a hit when size and modification time match (nothing read)
    /// or when the content hash does (read, not analysed); otherwise analysed and recorded.
    func analyze(_ file: Discovery.File, in run: PreparedRun, cache: ResultCache, rules: [String: Rule], contentOverride: ContentOverride?,
                 factsOnly: Bool) -> FileOutcome {
        let relative = file.relativePath
        guard file.problem == nil, file.rawPath == nil, file.absolutePath.hasSuffix(".swift"), !relative.hasPrefix("/") else {
            return analyze(file, in: run, contentOverride: contentOverride, factsOnly: factsOnly)
        }
        let override = contentOverride?(file)
        var status = stat()
        let stamp = override == nil && stat(file.absolutePath, &status) == 0
            ? (size: Int(status.st_size), modified: Int64(status.st_mtim.tv_sec) * 1_000_000_000 + Int64(status.st_mtim.tv_nsec)) : nil
        let known = cache.entry(relative)
        if let known, let stamp, known.size == stamp.size, known.modified == stamp.modified,
           let outcome = outcome(known, file, cache: cache, rules: rules, checks: run.checks, factsOnly: factsOnly) {
            return outcome
        }
        guard case let .success(bytes) = Self.read(file, contentOverride: contentOverride) else {
            return analyze(file, in: run, contentOverride: contentOverride, factsOnly: factsOnly)
        }
        let hash = ContentHash.hex(bytes)
        if var known, known.hash == hash, known.size == bytes.count, let outcome = outcome(known, file, cache: cache, rules: rules,
                                                                                           checks: run.checks, factsOnly: factsOnly) {
            // Same content, new place or time (a fresh clone): remember the new time.
            if let stamp, stamp.size == bytes.count, known.modified != stamp.modified {
                known.modified = stamp.modified
                cache.record(known)
            }
            return outcome
        }
        let outcome = analyze(file, in: run, contentOverride: nil, content: bytes, factsOnly: factsOnly)
        // A file read only for facts was not fully analysed; a finding whose fix is not text cannot be stored.
        let stored = outcome.findings.compactMap(StoredFinding.init)
        if !factsOnly, stored.count == outcome.findings.count {
            let place = ResultCache.Place(root: configuration.rootDirectory, file: file.displayPath, relativePath: relative)
            let facts = zip(run.checks, outcome.facts).reduce(into: [String: String]()) { facts, pair in
                facts[type(of: pair.0).id] = pair.0.encodeFacts(pair.1, at: place)
            }
            cache.record(ResultCache.Entry(path: relative, size: bytes.count, modified: stamp?.size == bytes.count ? stamp?.modified ?? 0 : 0,
                                           hash: hash, generated: outcome.isGenerated, findings: stored,
                                           suppressions: outcome.suppressions?.entries ?? [], facts: facts))
        }
        return outcome
    }

    /// The file's outcome from its cache entry (counted as reused); nil when the entry does not fit this run.
    private func outcome(_ entry: ResultCache.Entry, _ file: Discovery.File, cache: ResultCache, rules: [String: Rule], checks: [any Check],
                         factsOnly: Bool) -> FileOutcome? {
        var facts: [(any Sendable)?] = []
        let place = ResultCache.Place(root: configuration.rootDirectory, file: file.displayPath, relativePath: entry.path)
        for check in checks {
            guard let json = entry.facts[type(of: check).id] else { facts.append(nil); continue }
            guard let decoded = check.decodeFacts(json, at: place) else { return nil }
            facts.append(decoded)
        }
        var findings: [Finding] = []
        if !factsOnly {
            for stored in entry.findings {
                guard let finding = stored.finding(rules: rules, file: file.displayPath) else { return nil }
                findings.append(finding)
            }
        }
        cache.countReuse()
        return FileOutcome(file: file, lines: nil, suppressions: Suppressions(entries: entry.suppressions), findings: findings,
                           facts: facts, isGenerated: entry.generated)
    }
}
