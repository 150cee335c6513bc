import Foundation

/// Reading: sources and every input a check asks for, as one run sees them (disk or `--staged`).
extension Engine {
    /// One run's checks, configured with the inputs they named, and those inputs (their
    /// suppressions and lines count like a source's).
    struct PreparedRun: Sendable {
        var checks: [any Check]
        var namedInputs: [FileOutcome]
        /// Every input read, by project-relative path and content hash (part of the cache's run key).
        var inputsDigest: String
    }

    /// Whether the file at `path` is read only as one more text file (for secrets): no Swift
    /// source, no `.suffix` input. Such files are not counted as checked files.
    public func readsOnlyAsText(_ path: String) -> Bool {
        !path.hasSuffix(".swift") && owners(ofSuffixInput: path).asTextOnly
    }

    /// What discovery collects from folders: Swift sources and the `.suffix` inputs.
    var fileSuffixes: [String] { [".swift"] + inputSuffixes }

    /// The suffixes of `.suffix` inputs of the enabled checks (`.sql`); the empty suffix, which
    /// every name has, when a check reads every text file.
    var inputSuffixes: [String] {
        Array(Set(checks.flatMap(\.inputs).compactMap { request -> String? in
            switch request {
            case let .suffix(suffix): return suffix
            case .textFiles: return ""
            case .file, .nearest: return nil
            }
        })).sorted()
    }

    /// The checks that read the non-Swift file at `path`, and whether each of them reads it only
    /// as one more text file (then a binary, lock or large file is skipped, not unreadable).
    func owners(ofSuffixInput path: String) -> (checks: [Int], asTextOnly: Bool) {
        var (owners, textOnly) = ([Int](), true)
        for index in checks.indices {
            for request in checks[index].inputs {
                switch request {
                case let .suffix(suffix) where path.hasSuffix(suffix): textOnly = false
                case .textFiles: break
                default: continue
                }
                if owners.last != index { owners.append(index) }
            }
        }
        return (owners, textOnly)
    }

    /// Reads every `.file` and `.nearest` input and configures each check with its own.
    func prepare(_ files: [Discovery.File], contentOverride: ContentOverride?, jobs: Int) throws -> PreparedRun {
        var read: [String: InputFile] = [:]
        func input(_ absolute: String) -> InputFile {
            if let known = read[absolute] { return known }
            let file = Discovery.File(absolutePath: absolute, displayPath: Paths.display(absolute),
                                      relativePath: configuration.projectPath(absolute))
            let bytes = contentOverride?(file) ?? (FileManager.default.fileExists(atPath: absolute) ? try? FileSystem.read(absolute) : nil)
            let loaded = InputFile(path: file.displayPath, relativePath: file.relativePath, absolutePath: absolute, bytes: bytes)
            read[absolute] = loaded
            return loaded
        }
        var named: [String: FileOutcome] = [:]
        let nearestFiles = nearestInputs(to: files, jobs: jobs)
        let configured = try checks.map { check -> any Check in
            var inputs: [InputFile] = []
            for request in check.inputs {
                switch request {
                case let .file(path):
                    let file = input(Paths.absolute(path, relativeTo: configuration.rootDirectory))
                    inputs.append(file)
                    if let bytes = file.bytes { named[file.absolutePath] = Self.commentOutcome(file, bytes: bytes, checks: checks.count) }
                case let .nearest(name):
                    inputs += (nearestFiles[name] ?? []).map(input)
                case .suffix, .textFiles:
                    break
                }
            }
            return try check.configuredErased(with: inputs)
        }
        let digest = read.values.sorted { $0.relativePath < $1.relativePath }
            .map { "\($0.relativePath) \($0.bytes.map(SHA256.hex) ?? "absent")" }.joined(separator: "\n")
        return PreparedRun(checks: configured, namedInputs: named.keys.sorted().compactMap { named[$0] }, inputsDigest: digest)
    }

    /// Per `.nearest` name the checks ask for, the files of that name nearest to the files' folders,
    /// sorted. Looked for once per folder, not once per file, and one name per thread; a folder a
    /// walk listed without the name costs nothing, any other a `stat`.
    private func nearestInputs(to files: [Discovery.File], jobs: Int) -> [String: [String]] {
        let folders = Set(files.map { file in file.absolutePath.utf8.lastIndex(of: UInt8(ascii: "/")).map { String(file.absolutePath[...$0]) } ?? "/" })
        let names = listings.names.sorted()
        let listed = listings.listed
        let found = Parallel.map(names, jobs: jobs) { name in
            var cache: [String: String?] = [:]
            return Set(folders.compactMap { nearest(name, from: $0, listed: listed, cache: &cache) }).sorted()
        }
        return Dictionary(uniqueKeysWithValues: zip(names, found))
    }

    /// The file called `name` in the folder of `path` or the nearest folder above it, up to the
    /// project root (or the file system's root for files outside the project). `listed`: what
    /// discovery's walks saw of the names, per folder.
    private func nearest(_ name: String, from path: String, listed: [String: Set<String>], cache: inout [String: String?]) -> String? {
        var visited: [String] = []
        var found: String?
        for directory in Paths.folders(above: path) {
            if let known = cache[directory] { found = known; break }
            visited.append(directory)
            let candidate = directory + "/" + name
            var status = stat()
            // A folder the walk listed without the name does not hold it; one with it is asked (a link may dangle).
            if listed[directory]?.contains(name) != false, stat(candidate, &status) == 0 { found = candidate; break }
            if directory == configuration.rootDirectory { break }
        }
        for folder in visited { cache[folder] = found }
        return found
    }

    /// A named input as the gate sees it: lines and suppressions, no findings of its own.
    private static func commentOutcome(_ file: InputFile, bytes: [UInt8], checks: Int) -> FileOutcome {
        let discovered = Discovery.File(absolutePath: file.absolutePath, displayPath: file.path, relativePath: file.relativePath)
        return FileOutcome(file: discovered, lines: LineIndex(bytes: bytes), suppressions: Suppressions(tokens: Lexer.tokenize(bytes), bytes: bytes),
                           facts: Array(repeating: nil, count: checks))
    }

    /// One file through every check of the run: a source through `analyze(_:)`, a `.suffix`
    /// input through its checks' `analyze(input:)`. `content` replaces what is on disk (fix
    /// passes). `factsOnly`: a file outside the run's scope, read only for cross-file facts.
    func analyze(_ file: Discovery.File, in run: PreparedRun, contentOverride: ContentOverride?, content: [UInt8]? = nil,
                 factsOnly: Bool = false) -> FileOutcome {
        var outcome = FileOutcome(file: file, lines: nil, suppressions: nil, facts: Array(repeating: nil, count: run.checks.count))
        let inputOwners = file.absolutePath.hasSuffix(".swift") ? (checks: [], asTextOnly: false) : owners(ofSuffixInput: file.absolutePath)
        outcome.isTextOnly = inputOwners.asTextOnly
        // A text file outside the run's scope gives no facts: not even read (a pre-commit hook's run).
        if inputOwners.asTextOnly, factsOnly { return outcome }
        // A file read only as text (for secrets) that is not text is skipped, not unreadable. The
        // work tree's size says nothing of content from elsewhere (`--staged`: the index's).
        let knownSize = content?.count ?? (contentOverride == nil ? file.stamp?.size : nil)
        if inputOwners.asTextOnly, let reason = TextFiles.skipReason(path: file.absolutePath, size: knownSize) {
            outcome.skipped = reason
            return outcome
        }
        let bytes: [UInt8]
        switch content.map({ .success($0) }) ?? Self.read(file, contentOverride: contentOverride) {
        case let .failure(problem) where inputOwners.asTextOnly:
            // Text in another encoding is still read for secrets (one bad byte must not hide a key).
            guard let read = problem.bytes else {
                outcome.skipped = "unreadable"
                return outcome
            }
            bytes = read
        case let .failure(problem):
            outcome.findings = [Finding(rule: EngineRules.unreadableFile, message: problem.description, file: file.displayPath, line: 1, column: 1)]
            // A Swift file that is not UTF-8 is not lexed, but its text is read for secrets as any text file's.
            if let read = problem.bytes, !factsOnly { readAsText(read, file, by: owners(ofSuffixInput: file.absolutePath).checks, in: run, &outcome) }
            return outcome
        case let .success(read):
            bytes = read
        }
        if inputOwners.asTextOnly, let reason = TextFiles.skipReason(path: file.absolutePath, size: bytes.count) ?? TextFiles.binaryReason(bytes) {
            outcome.skipped = reason
            return outcome
        }
        // A Swift file is lexed; another file (`.sql`, a config) goes to the checks that asked for it.
        if !inputOwners.checks.isEmpty {
            readAsText(bytes, file, by: inputOwners.checks.filter { !factsOnly || type(of: run.checks[$0]).hasProjectPass }, in: run, &outcome)
            return outcome
        }
        // Generated code: facts count (a generated model is still a model), findings are not reported.
        let generated = !configuration.includeGenerated && GeneratedCode.isGenerated(relativePath: file.relativePath, bytes: bytes)
        outcome.isGenerated = generated
        let source = SourceFile(path: file.displayPath, relativePath: file.relativePath, absolutePath: file.absolutePath, bytes: bytes)
        outcome.lines = source.lines
        outcome.suppressions = source.suppressions
        for (index, check) in run.checks.enumerated() where !(factsOnly || generated) || type(of: check).hasProjectPass {
            let result = check.analyzeErased(source)
            if !generated { outcome.findings += result.findings }
            outcome.facts[index] = result.facts
        }
        outcome.findings = Self.redactingSecretLines(outcome.findings)
        // Reports show the lines of files with findings or suppressions only (another's, when a
        // cross-file finding lands there, are read again): the rest are let go now, so the next
        // file reuses their memory instead of touching new pages.
        if outcome.findings.isEmpty, source.suppressions.isEmpty { outcome.lines = nil }
        // A file whose name is not valid UTF-8 is checked, but `fix` cannot name it to write it.
        if file.rawPath != nil { outcome.findings = outcome.findings.map { var finding = $0; finding.fix = nil; return finding } }
        if outcome.findings.contains(where: { $0.fix != nil }) {
            outcome.bytes = source.bytes
            if content == nil, contentOverride?(file) == nil { outcome.snapshot = FileSystem.snapshot(file.absolutePath, bytes: bytes) }
        }
        return outcome
    }

    /// A file's bytes given to the checks that read it as text (`analyze(input:)`), with its lines
    /// and its own comment syntax's suppressions.
    private func readAsText(_ bytes: [UInt8], _ file: Discovery.File, by checks: [Int], in run: PreparedRun, _ outcome: inout FileOutcome) {
        let input = InputFile(path: file.displayPath, relativePath: file.relativePath, absolutePath: file.absolutePath, bytes: bytes)
        outcome.lines = LineIndex(bytes: bytes)
        outcome.suppressions = Suppressions(nonSwift: file.absolutePath, bytes: bytes)
        for index in checks {
            let result = run.checks[index].analyzeInputErased(input)
            outcome.findings += result.findings
            outcome.facts[index] = result.facts
        }
        outcome.findings = Self.redactingSecretLines(outcome.findings)
    }

    /// Every finding on a line that holds a secret redacts it too (an insecure URL, a custom rule
    /// or a weak hash beside a key): no report shows that line, and the cache and the fingerprints
    /// keep it masked.
    static func redactingSecretLines(_ findings: [Finding]) -> [Finding] {
        let secretLines = Set(findings.filter(\.redactsSource).flatMap { Array($0.lineSpan) })
        guard !secretLines.isEmpty else { return findings }
        return findings.map { finding in
            var finding = finding
            if finding.lineSpan.contains(where: secretLines.contains) { finding.redactsSource = true }
            return finding
        }
    }

    public struct LoadProblem: Error, CustomStringConvertible {
        public var description: String
        /// The content, when it was read but is not UTF-8.
        var bytes: [UInt8]?
    }

    /// A file's bytes (the override's, else the disk's); unreadable or non-UTF-8 content is a
    /// problem, not a crash.
    static func read(_ file: Discovery.File, contentOverride: ContentOverride? = nil) -> Result<[UInt8], LoadProblem> {
        if let problem = file.problem { return .failure(LoadProblem(description: problem)) }
        let bytes: [UInt8]
        do {
            if let override = contentOverride?(file) {
                // Content from elsewhere (the git index) is held to the limit the disk's is.
                guard override.count <= Lexer.maximumFileSize else { throw FileSystem.TooLarge(path: file.absolutePath, size: override.count) }
                bytes = override
            } else {
                bytes = try file.rawPath.map { try FileSystem.read(rawPath: $0) } ?? FileSystem.read(file.absolutePath)
            }
        } catch let error as FileSystem.TooLarge {
            return .failure(LoadProblem(description: "\(error.reason); the file was not checked"))
        } catch {
            return .failure(LoadProblem(description: "cannot read the file: \(error)"))
        }
        if let offset = UTF8Validation.firstInvalidByte(in: bytes) {
            let location = LineIndex(bytes: bytes).location(ofByte: offset)
            return .failure(LoadProblem(
                description: "not valid UTF-8 (first bad byte at line \(location.line), column \(location.column)); only its secrets were checked",
                bytes: bytes))
        }
        return .success(bytes)
    }
}
