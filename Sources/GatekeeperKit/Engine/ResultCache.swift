import Foundation

/// Per-file results of a run (findings with their fixes, suppressions, cross-file facts), kept
/// between runs so that an unchanged file is neither read nor analysed again.
///
/// One cache file per *run key* (tool version, configuration, enabled checks, the inputs the
/// checks read). Inside, entries are keyed by project-relative path and validated by content
/// hash (size and modification time only spare reading a file): nothing absolute is stored, so
/// a CI system may carry the folder from one runner or clone to another. A cache that cannot be
/// read, decoded or written is ignored and rewritten; it is never trusted and never fatal.
final class ResultCache: @unchecked Sendable {
    /// Bump when the stored shape changes.
    static let format = 1
    /// The default folder, under the project root.
    static let defaultFolder = ".build/gatekeeper-cache"
    /// Cache files kept in the folder (one per run key: e.g. a full run and an `--only imports` one).
    static let filesKept = 8

    struct Entry: Sendable {
        var path: String
        var size: Int
        /// Modification time in nanoseconds: a hint that spares reading the file, never trusted alone across places.
        var modified: Int64
        var hash: String
        var generated: Bool
        var findings: [StoredFinding]
        var suppressions: [Suppressions.Entry]
        /// Per check of the run, in order.
        var facts: [(any Sendable)?]
    }

    let file: String
    private let key: String
    private let checks: [any Check]
    private let root: String
    private var loaded: [String: Entry] = [:]
    private var recorded: [String: Entry] = [:]
    private let lock = NSLock()

    /// Opens the cache for `key` in `directory`; a missing, corrupt or foreign file gives an empty cache.
    init(directory: String, key: String, checks: [any Check], root: String) {
        self.file = directory + "/results-\(key.prefix(16)).json"
        self.key = key
        self.checks = checks
        self.root = root
        guard let bytes = try? FileSystem.read(file) else { return }
        let decoder = JSONDecoder()
        decoder.userInfo[Self.checksKey] = CodingChecks(checks: checks, root: root)
        guard let stored = try? decoder.decode(StoredCache.self, from: Data(bytes)), stored.format == Self.format, stored.key == key else { return }
        loaded = Dictionary(stored.entries.map { ($0.path, $0) }, uniquingKeysWith: { _, last in last })
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

    /// Writes the cache when this run learnt something: atomically (a temporary file renamed),
    /// so concurrent runs leave one whole file. `present`: the paths this run saw; entries of
    /// other files that no longer exist are dropped (nil: keep every entry).
    func save(present: Set<String>?) {
        lock.lock()
        defer { lock.unlock() }
        // Entries of files this run did not see and that are gone from disk.
        let gone = Set(loaded.keys.filter { !(present?.contains($0) ?? true) && !FileManager.default.fileExists(atPath: root + "/" + $0) })
        guard !recorded.isEmpty || !gone.isEmpty else { return }
        let entries = loaded.merging(recorded) { _, new in new }.filter { !gone.contains($0.key) }
        let encoder = JSONEncoder()
        encoder.userInfo[Self.checksKey] = CodingChecks(checks: checks, root: root)
        let stored = StoredCache(format: Self.format, key: key, entries: entries.keys.sorted().compactMap { entries[$0] })
        let directory = (file as NSString).deletingLastPathComponent
        guard let data = try? encoder.encode(stored),
              (try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)) != nil else { return }
        try? FileSystem.writeAtomically([UInt8](data), to: file)
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

    static let checksKey = CodingUserInfoKey(rawValue: "gatekeeper.cache.checks")!

    /// What decoding needs beside the bytes: the run's checks (facts are typed by check) and the
    /// project root (stored locations are relative to it).
    struct CodingChecks: Sendable {
        var checks: [any Check]
        var root: String
    }
}

/// The cache file as written.
private struct StoredCache: Codable {
    var format: Int
    var key: String
    var entries: [ResultCache.Entry]
}

extension ResultCache.Entry: Codable {
    private enum Keys: String, CodingKey {
        case path, size, modified, hash, generated, findings, suppressions, facts
    }

    struct CheckKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Keys.self)
        path = try container.decode(String.self, forKey: .path)
        size = try container.decode(Int.self, forKey: .size)
        modified = try container.decode(Int64.self, forKey: .modified)
        hash = try container.decode(String.self, forKey: .hash)
        generated = try container.decode(Bool.self, forKey: .generated)
        findings = try container.decode([StoredFinding].self, forKey: .findings)
        suppressions = try container.decode([Suppressions.Entry].self, forKey: .suppressions)
        let checks = (decoder.userInfo[ResultCache.checksKey] as? ResultCache.CodingChecks)?.checks ?? []
        let facts = try container.nestedContainer(keyedBy: CheckKey.self, forKey: .facts)
        self.facts = try checks.map { check in try check.decodeFacts(from: facts, key: CheckKey(stringValue: type(of: check).id)) }
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Keys.self)
        try container.encode(path, forKey: .path)
        try container.encode(size, forKey: .size)
        try container.encode(modified, forKey: .modified)
        try container.encode(hash, forKey: .hash)
        try container.encode(generated, forKey: .generated)
        try container.encode(findings, forKey: .findings)
        try container.encode(suppressions, forKey: .suppressions)
        let checks = (encoder.userInfo[ResultCache.checksKey] as? ResultCache.CodingChecks)?.checks ?? []
        var facts = container.nestedContainer(keyedBy: CheckKey.self, forKey: .facts)
        for (check, value) in zip(checks, self.facts) {
            if let value { try check.encodeFacts(value, to: &facts, key: CheckKey(stringValue: type(of: check).id)) }
        }
    }
}

extension Check {
    func encodeFacts(_ value: any Sendable, to container: inout KeyedEncodingContainer<ResultCache.Entry.CheckKey>,
                     key: ResultCache.Entry.CheckKey) throws {
        if let facts = value as? Facts { try container.encode(facts, forKey: key) }
    }

    func decodeFacts(from container: KeyedDecodingContainer<ResultCache.Entry.CheckKey>, key: ResultCache.Entry.CheckKey) throws -> (any Sendable)? {
        try container.decodeIfPresent(Facts.self, forKey: key)
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

/// Locations are stored relative to the project root and named again as this run names files.
extension SourceLocation: Codable {
    private enum Keys: String, CodingKey { case path, line, column }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Keys.self)
        let relative = try container.decode(String.self, forKey: .path)
        let root = (decoder.userInfo[ResultCache.checksKey] as? ResultCache.CodingChecks)?.root ?? Paths.currentDirectory
        self.init(file: Paths.display(Paths.absolute(relative, relativeTo: root)), relativePath: relative,
                  line: try container.decode(Int.self, forKey: .line), column: try container.decode(Int.self, forKey: .column))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Keys.self)
        try container.encode(relativePath, forKey: .path)
        try container.encode(line, forKey: .line)
        try container.encode(column, forKey: .column)
    }
}
