import Foundation

/// Per-file results of a run (findings with their fixes, suppressions, cross-file facts), kept
/// between runs so that an unchanged file is neither read nor analysed again.
///
/// One cache file per *run key* (tool version, configuration, enabled checks), holding the digest
/// of the inputs the checks read (entries count only when it matches). Inside, entries are keyed by project-relative path and validated by content
/// hash (size and modification time only spare reading a file): nothing absolute is stored, so
/// a CI system may carry the folder from one runner or clone to another. A cache that cannot be
/// read, decoded or written is ignored and rewritten; it is never trusted and never fatal.
public final class ResultCache: @unchecked Sendable {
    /// Bump when the stored shape changes.
    static let format = 4
    /// The default folder, under the project root.
    static let defaultFolder = ".build/gatekeeper-cache"
    /// Cache files kept in the folder (one per run key: e.g. a full run and an `--only imports` one).
    static let filesKept = 8

    struct Entry: Sendable, Codable {
        var path: String
        var size: Int
        /// Modification time in nanoseconds: a hint that spares reading the file, never trusted alone across places.
        var modified: Int64
        var hash: String
        var generated: Bool
        var findings: [StoredFinding]
        var suppressions: [Suppressions.Entry]
        /// Per check id, its facts as JSON: decoded only when a run uses the entry, in parallel.
        var facts: [String: String]
    }

    let file: String
    private let key: String
    /// The inputs the checks read (manifests, formatter configs, the contract), by path and hash:
    /// known only once the run has read them, so checked after the file is loaded.
    private var inputsDigest = ""
    private let loading = DispatchGroup()
    private var loaded: [String: Entry] = [:]
    private var recorded: [String: Entry] = [:]
    /// The project pass's findings, and the digest of every file's path and content they were made from.
    private(set) var project: ProjectEntry?
    private var projectChanged = false

    struct ProjectEntry: Codable, Sendable {
        var digest: String
        var findings: [Located]

        /// A finding with the project-relative path of its file.
        struct Located: Codable, Sendable {
            var path: String
            var finding: StoredFinding
        }
    }
    private let lock = NSLock()

    /// Opens the cache for `key` in `directory` and starts reading it in the background (while
    /// the run discovers and reads its inputs); a missing, corrupt or foreign file gives an empty cache.
    init(directory: String, key: String) {
        self.file = directory + "/results-\(key.prefix(16)).json"
        self.key = key
        loading.enter()
        DispatchQueue.global().async {
            self.load()
            self.loading.leave()
        }
    }

    private func load() {
        guard let bytes = try? FileSystem.read(file),
              let stored = try? JSONDecoder().decode(StoredCache.self, from: Data(bytes)), stored.format == Self.format, stored.key == key else { return }
        lock.lock()
        defer { lock.unlock() }
        loaded = Dictionary(stored.entries.map { ($0.path, $0) }, uniquingKeysWith: { _, last in last })
        project = stored.project
        inputsDigest = stored.inputs
    }

    /// Waits for the file and keeps its entries only when they were made with these inputs.
    func accept(inputs digest: String) {
        loading.wait()
        lock.lock()
        defer { lock.unlock() }
        if digest != inputsDigest { (loaded, project, inputsDigest) = ([:], nil, digest) }
    }

    func record(project entry: ProjectEntry) {
        lock.lock()
        defer { lock.unlock() }
        project = entry
        projectChanged = true
    }

    /// Files whose results came from the cache in this run.
    var reused: Int {
        lock.lock()
        defer { lock.unlock() }
        return reusedCount
    }

    private var reusedCount = 0

    func countReuse() {
        lock.lock()
        reusedCount += 1
        lock.unlock()
    }

    func entry(_ relativePath: String) -> Entry? {
        lock.lock()
        defer { lock.unlock() }
        return recorded[relativePath] ?? loaded[relativePath]
    }

    func record(_ entry: Entry) {
        lock.lock()
        defer { lock.unlock() }
        recorded[entry.path] = entry
    }

    private let saving = DispatchGroup()

    /// `save` on another thread while the run goes on to its report; `finish` waits for it.
    func saveInBackground(present: Set<String>, root: String) {
        saving.enter()
        DispatchQueue.global().async {
            self.save(present: present, root: root)
            self.saving.leave()
        }
    }

    func finish() {
        saving.wait()
    }

    /// Writes the cache when this run learnt something: atomically (a temporary file renamed),
    /// so concurrent runs leave one whole file. `present`: the paths this run saw; entries of
    /// other files that no longer exist under `root` are dropped.
    private func save(present: Set<String>, root: String) {
        lock.lock()
        defer { lock.unlock() }
        // Entries of files this run did not see and that are gone from disk.
        let gone = Set(loaded.keys.filter { !present.contains($0) && !FileManager.default.fileExists(atPath: root + "/" + $0) })
        guard !recorded.isEmpty || !gone.isEmpty || projectChanged else { return }
        let entries = loaded.merging(recorded) { _, new in new }.filter { !gone.contains($0.key) }
        let stored = StoredCache(format: Self.format, key: key, inputs: inputsDigest, entries: entries.keys.sorted().compactMap { entries[$0] },
                                 project: project)
        let directory = (file as NSString).deletingLastPathComponent
        guard let data = try? JSONEncoder().encode(stored),
              (try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)) != nil else { return }
        try? FileSystem.writeAtomically([UInt8](data), to: file, durable: false)
        Self.removeOldFiles(in: directory)
    }

    private static func removeOldFiles(in directory: String) {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory))?.filter { $0.hasPrefix("results-") } ?? []
        guard names.count > filesKept else { return }
        let byAge = names.map { name -> (String, Date) in
            let path = directory + "/" + name
            return (path, (try? FileManager.default.attributesOfItem(atPath: path)[.modificationDate] as? Date) ?? .distantPast)
        }.sorted { $0.1 > $1.1 }
        for (path, _) in byAge.dropFirst(filesKept) { unlink(path) }
    }

    /// The file whose facts are being encoded or decoded, and the project root.
    static let placeKey = CodingUserInfoKey(rawValue: "gatekeeper.cache.place")!

    struct Place: Sendable {
        var root: String
        /// As this run names the file, and relative to the root.
        var file: String
        var relativePath: String
    }
}

/// The cache file as written.
private struct StoredCache: Codable {
    var format: Int
    var key: String
    var inputs: String
    var entries: [ResultCache.Entry]
    var project: ResultCache.ProjectEntry?
}

extension Check {
    /// The facts of the file at `place` as JSON for the cache; nil for none.
    func encodeFacts(_ value: (any Sendable)?, at place: ResultCache.Place) -> String? {
        let encoder = JSONEncoder()
        encoder.userInfo[ResultCache.placeKey] = place
        guard let facts = value as? Facts, let data = try? encoder.encode(facts) else { return nil }
        return String(decoding: data, as: UTF8.self)
    }

    /// Facts read back from the cache, their locations named as this run names files.
    func decodeFacts(_ json: String, at place: ResultCache.Place) -> (any Sendable)? {
        let decoder = JSONDecoder()
        decoder.userInfo[ResultCache.placeKey] = place
        return try? decoder.decode(Facts.self, from: Data(json.utf8))
    }
}

/// A finding as the cache keeps it: its rule by id, no paths.
struct StoredFinding: Codable, Sendable {
    var rule: String
    var severity: Severity
    var message: String
    var line, column, endLine, endColumn: Int
    var span: [Int]
    var fix: StoredFix?
    var extra: [[String]]?
    var hint: String?
    var redacts: Bool?

    struct StoredFix: Codable, Sendable {
        var title: String
        var unsafe: Bool?
        /// Start, end and replacement text of each edit.
        var edits: [Edit]

        struct Edit: Codable, Sendable {
            var start, end: Int
            var text: String
        }
    }

    /// Nil when an edit's replacement is not text (then the file is not cached).
    init?(_ finding: Finding) {
        rule = finding.ruleId
        severity = finding.severity
        message = finding.message
        (line, column, endLine, endColumn) = (finding.line, finding.column, finding.endLine, finding.endColumn)
        span = [finding.lineSpan.lowerBound, finding.lineSpan.upperBound]
        extra = finding.extra.isEmpty ? nil : finding.extra.map { [$0.key, $0.value] }
        hint = finding.baselineHint
        redacts = finding.redactsSource ? true : nil
        if let fix = finding.fix {
            var edits: [StoredFix.Edit] = []
            for edit in fix.edits {
                guard let text = String(validating: edit.replacement, as: UTF8.self) else { return nil }
                edits.append(.init(start: edit.range.lowerBound, end: edit.range.upperBound, text: text))
            }
            self.fix = StoredFix(title: fix.title, unsafe: fix.applicability == .unsafe ? true : nil, edits: edits)
        }
    }

    /// The finding again, in `file` as this run names it; nil for a rule this run does not have.
    func finding(rules: [String: Rule], file: String) -> Finding? {
        guard let rule = rules[rule], span.count == 2, span[0] <= span[1] else { return nil }
        var finding = Finding(rule: rule, message: message, file: file, line: line, column: column, endLine: endLine, endColumn: endColumn,
                              extra: (extra ?? []).compactMap { $0.count == 2 ? (key: $0[0], value: $0[1]) : nil },
                              fix: fix.map { fix in
                                  Fix(title: fix.title, edits: fix.edits.map { Edit(range: $0.start..<max($0.start, $0.end), replacement: $0.text) },
                                      applicability: fix.unsafe == true ? .unsafe : .safe)
                              })
        finding.severity = severity
        finding.lineSpan = span[0]...span[1]
        finding.baselineHint = hint
        finding.redactsSource = redacts ?? false
        return finding
    }
}

/// A location is stored as `[line, column]` when it is in the file whose facts hold it (all
/// of a Swift file's are), else with its project-relative path; either way it is named again as
/// this run names files.
extension SourceLocation: Codable {
    private enum Keys: String, CodingKey { case path, line, column }

    public init(from decoder: any Decoder) throws {
        let place = decoder.userInfo[ResultCache.placeKey] as? ResultCache.Place
        let root = place?.root ?? Paths.currentDirectory
        if var pair = try? decoder.unkeyedContainer(), let place {
            self.init(file: place.file, relativePath: place.relativePath, line: try pair.decode(Int.self), column: try pair.decode(Int.self))
            return
        }
        let container = try decoder.container(keyedBy: Keys.self)
        let relative = try container.decode(String.self, forKey: .path)
        self.init(file: Paths.display(Paths.absolute(relative, relativeTo: root)), relativePath: relative,
                  line: try container.decode(Int.self, forKey: .line), column: try container.decode(Int.self, forKey: .column))
    }

    public func encode(to encoder: any Encoder) throws {
        if let place = encoder.userInfo[ResultCache.placeKey] as? ResultCache.Place, place.relativePath == relativePath {
            var pair = encoder.unkeyedContainer()
            try pair.encode(line)
            try pair.encode(column)
            return
        }
        var container = encoder.container(keyedBy: Keys.self)
        try container.encode(relativePath, forKey: .path)
        try container.encode(line, forKey: .line)
        try container.encode(column, forKey: .column)
    }
}
