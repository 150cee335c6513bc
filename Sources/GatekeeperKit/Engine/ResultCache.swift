import Foundation

/// Per-file results of a run (findings with their fixes, suppressions, cross-file facts), kept
/// between runs so that an unchanged file is neither read nor analysed again.
///
/// One cache file per *run key* (tool version, configuration, enabled checks), holding the digest
/// of the inputs the checks read (entries count only when it matches). Inside, entries are keyed
/// by project-relative path and validated by content hash (size and modification time only spare
/// reading a file): nothing absolute is stored, so a CI system may carry the folder from one
/// runner or clone to another. A cache that cannot be read, decoded or written is ignored and
/// rewritten; it is never trusted and never fatal.
///
/// The file is a line per entry (see `Entry.fields`) between a header and an end line that counts
/// them (a truncated file has none, and is ignored whole). It is decoded in the background while
/// the run discovers the tree; an entry the run did not change is written back as the bytes it was read as.
public final class ResultCache: @unchecked Sendable {
    /// Bump when the stored shape changes.
    static let format = 10
    /// The default folder, under the project root.
    static let defaultFolder = ".build/gatekeeper-cache"
    /// Cache files kept in the folder (one per run key: e.g. a full run and an `--only imports` one).
    static let filesKept = 8

    struct Entry: Sendable {
        var path: String
        var size: Int
        /// What `stat` said of the file when it held this content: a hit on it spares reading the
        /// file; it never matches across clones or machines (see `Stamp`).
        var stamp: Discovery.File.Stamp?
        /// SHA-256 of the content: what a hit that skips analysis rests on.
        var hash: String
        var generated: Bool
        /// A file read only as text that is none (binary, not UTF-8): nothing to look at.
        var skipped = false
        var findings: [StoredFinding]
        var suppressions: [Suppressions.Entry]
        /// Per check of the run (its key fixes which, in which order), its facts as JSON; nil for none.
        var facts: [String?]
    }

    let file: String
    private let key: String
    /// The inputs the checks read (manifests, formatter configs, the contract), by path and hash:
    /// known only once the run has read them, so checked after the file is loaded.
    private var inputsDigest = ""
    private let loading = DispatchGroup()
    /// Per path, its entry (nil when it did not decode) and the rest of its line as read.
    private var loaded: [String: (entry: Entry?, line: ArraySlice<UInt8>)] = [:]
    private var recorded: [String: Entry] = [:]
    /// The project pass's findings, and the digest of every file's path and facts they were made from.
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

    /// What the second line holds.
    private struct Header: Codable {
        var inputs: String
        var project: ProjectEntry?
    }

    private var firstLine: String { "gatekeeper result cache \(Self.format) \(key)" }

    /// Opens the cache for `key` in `directory` and starts reading it in the background (while
    /// the run discovers and reads its inputs); a missing, corrupt or foreign file gives an empty cache.
    init(directory: String, key: String) {
        self.file = directory + "/results-\(key.prefix(16)).cache"
        self.key = key
        loading.enter()
        DispatchQueue.global().async {
            self.load()
            self.loading.leave()
        }
    }

    /// Why the folder is not the gate's own (nil: it is); known once loading is done.
    private(set) var refusal: String?

    private func load() {
        let directory = (file as NSString).deletingLastPathComponent
        if let reason = Self.foreignReason(directory) {
            refusal = reason
            StandardStream.error.send("note: not using the result cache in \(Paths.display(directory)): \(reason)\n")
            return
        }
        guard let bytes = try? FileSystem.read(file) else { return }
        let lines = Self.split(bytes[...], at: Self.newline)
        // The first line, the header, the entries, the end line, and the empty rest after the last newline.
        guard lines.count >= 4, lines[0].elementsEqual(firstLine.utf8), lines.last?.isEmpty == true,
              lines[lines.count - 2].elementsEqual("end \(lines.count - 4)".utf8),
              let header = try? JSONDecoder().decode(Header.self, from: Data(lines[1])) else { return }
        var entries: [String: (entry: Entry?, line: ArraySlice<UInt8>)] = [:]
        entries.reserveCapacity(lines.count - 4)
        for line in lines[2..<(lines.count - 2)] {
            guard let tab = line.firstIndex(of: Self.tab), let path = String(validating: line[..<tab], as: UTF8.self) else { return }
            entries[path] = (Entry(path: path, fields: line[(tab + 1)...]), line[(tab + 1)...])
        }
        lock.lock()
        defer { lock.unlock() }
        (loaded, project, inputsDigest) = (entries, header.project, header.inputs)
    }

    static let (newline, tab) = (UInt8(ascii: "\n"), UInt8(ascii: "\t"))

    /// The pieces between separators, empty ones included: `memchr`, as the generic `split` was a
    /// visible share of loading the cache.
    static func split(_ bytes: ArraySlice<UInt8>, at separator: UInt8) -> [ArraySlice<UInt8>] {
        var pieces: [ArraySlice<UInt8>] = []
        bytes.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            var start = 0
            while let found = memchr(base + start, Int32(separator), buffer.count - start) {
                let end = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
                pieces.append(bytes[(bytes.startIndex + start)..<(bytes.startIndex + end)])
                start = end + 1
            }
        }
        pieces.append(bytes[(bytes.startIndex + (pieces.last.map { $0.endIndex + 1 - bytes.startIndex } ?? 0))...])
        return pieces
    }

    /// Waits for the file and keeps its entries only when they were made with these inputs. A run
    /// over part of the tree reads part of the inputs (the formatter configs nearest its files):
    /// when each of those is as the entries saw it, they hold, and so does their wider digest,
    /// unless an input the entries saw is gone from under `root` (a deleted `.swift-format` or
    /// `Package.swift` changes what its folders' files are, though no run reads it any more).
    func accept(inputs digest: String, root: String) {
        loading.wait()
        lock.lock()
        defer { lock.unlock() }
        let lines = { (digest: String) in Set(digest.split(separator: "\n")) }
        let (current, stored) = (lines(digest), lines(inputsDigest))
        let vanished = stored.subtracting(current).contains { line in
            guard let space = line.lastIndex(of: " "), line[line.index(after: space)...] != "absent" else { return false }
            return !FileManager.default.fileExists(atPath: Paths.absolute(String(line[..<space]), relativeTo: root))
        }
        if vanished || !current.isSubset(of: stored) { (loaded, project, inputsDigest) = ([:], nil, digest) }
    }

    func record(project entry: ProjectEntry) {
        lock.lock()
        defer { lock.unlock() }
        project = entry
        projectChanged = true
    }

    /// The entry the file had when the run began. No lock: `loaded` changes only before `accept`
    /// returns, and every file of the run asks once, from all threads at once.
    func entry(_ relativePath: String) -> Entry? {
        loaded[relativePath]?.entry
    }

    func record(_ entry: Entry) {
        lock.lock()
        defer { lock.unlock() }
        recorded[entry.path] = entry
    }

    private let saving = DispatchGroup()

    /// `save` on another thread while the run goes on to its report; `finish` waits for it.
    func saveInBackground(present: [String], root: String) {
        saving.enter()
        DispatchQueue.global().async {
            self.save(present: Set(present), root: root)
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
        guard refusal == nil, !recorded.isEmpty || !gone.isEmpty || projectChanged,
              let header = try? JSONEncoder().encode(Header(inputs: inputsDigest, project: project)) else { return }
        var output = Array((firstLine + "\n").utf8) + header + [Self.newline]
        var count = 0
        for path in Set(loaded.keys).union(recorded.keys).subtracting(gone).sorted() {
            // An entry whose path cannot be one line is not kept: that file is analysed each run.
            let kept = recorded[path].map { $0.fields()[...] } ?? loaded[path].flatMap { $0.entry == nil ? nil : $0.line }
            guard let rest = kept, !path.utf8.contains(where: { $0 == Self.newline || $0 == Self.tab }) else { continue }
            // Appended piece by piece: a line made as an array first is three allocations, thousands of times.
            output += path.utf8
            output.append(Self.tab)
            output += rest
            output.append(Self.newline)
            count += 1
        }
        output += Array("end \(count)\n".utf8)
        let directory = (file as NSString).deletingLastPathComponent
        let made = !FileManager.default.fileExists(atPath: directory)
        guard (try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)) != nil else { return }
        // Only in a folder it made: a folder that exists may be anyone's.
        if made { try? FileSystem.writeAtomically(Array("# gatekeeper's result cache\n*\n".utf8), to: directory + "/.gitignore", durable: false) }
        try? FileSystem.writeAtomically(output, to: file, durable: false)
        Self.removeOldFiles(in: directory)
    }

    /// A cache folder inside a git work tree is the gate's own only when git tracks nothing in it
    /// and ignores all of it: a pull request can commit a cache (`git add -f`, or `cacheDirectory`
    /// pointing at a tracked folder) edited to drop its findings. The folder gets a `.gitignore` of
    /// `*` when the gate makes it, so a folder the repository does not ignore still works.
    static func foreignReason(_ directory: String) -> String? {
        var probe = directory
        while !FileManager.default.fileExists(atPath: probe), probe.count > 1 { probe = (probe as NSString).deletingLastPathComponent }
        guard let root = Git.repositoryRoot(from: probe), Paths.isInside(directory, root) else { return nil }
        let outcome = Git.runCapturing(["ls-files", "-z", "--cached", "--others", "--exclude-standard", "--", directory], in: root)
        guard let listed = outcome.output else { return "git cannot tell whether it tracks the folder (\(outcome.error.prefix(200)))" }
        return listed.isEmpty ? nil : "git tracks files in it or does not ignore it (a cache the repository brings is not trusted)"
    }

    /// Drops the oldest cache files past `filesKept`. The folder may be anyone's (`cacheDirectory`
    /// comes from the repository's config): only files this tool wrote, by name *and* first line, are deleted.
    private static func removeOldFiles(in directory: String) {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory))?.filter { name in
            name.hasPrefix("results-") && name.hasSuffix(".cache") && isCacheFile(directory + "/" + name)
        } ?? []
        guard names.count > filesKept else { return }
        let byAge = names.map { name -> (String, Date) in
            let path = directory + "/" + name
            return (path, (try? FileManager.default.attributesOfItem(atPath: path)[.modificationDate] as? Date) ?? .distantPast)
        }.sorted { $0.1 > $1.1 }
        for (path, _) in byAge.dropFirst(filesKept) { unlink(path) }
    }

    /// Whether the file at `path` is a regular file that starts as every cache file does.
    static func isCacheFile(_ path: String) -> Bool {
        let signature = Array("gatekeeper result cache ".utf8)
        var status = stat()
        guard lstat(path, &status) == 0, status.st_mode & S_IFMT == S_IFREG else { return false }
        let descriptor = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK)
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        var head = [UInt8](repeating: 0, count: signature.count)
        return read(descriptor, &head, head.count) == head.count && head == signature
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

/// An entry as a line of the cache file: path, size, time, hash, generated (0 or 1), then the
/// findings, suppressions and each check's facts as JSON (an empty field for none), separated by
/// tabs (JSON holds no raw tab or newline).
extension ResultCache.Entry {
    /// The fields after the path.
    func fields() -> [UInt8] {
        let head = "\(size)\t\(stamp?.text ?? "-")\t\(hash)\t\(skipped ? 2 : generated ? 1 : 0)\t"
        return Array(head.utf8) + Self.encode(findings) + [ResultCache.tab] + Self.encode(suppressions)
            + facts.flatMap { [ResultCache.tab] + Array(($0 ?? "").utf8) }
    }

    /// Most files have no finding and no suppression: no encoder runs for them (`decode` reads `[]` back alike).
    private static func encode<T: Encodable & Collection>(_ values: T) -> [UInt8] {
        values.isEmpty ? Array("[]".utf8) : (try? JSONEncoder().encode(values)).map { [UInt8]($0) } ?? Array("[]".utf8)
    }

    /// The entry from the fields after its path; nil when they do not decode.
    init?(path: String, fields: ArraySlice<UInt8>) {
        let parts = ResultCache.split(fields, at: ResultCache.tab)
        guard parts.count >= 6, let size = Int(String(decoding: parts[0], as: UTF8.self)), size >= 0, parts[2].count == 64,
              let findings = Self.decode([StoredFinding].self, parts[4]), let suppressions = Self.decode([Suppressions.Entry].self, parts[5])
        else { return nil }
        let stamp = Discovery.File.Stamp(text: Substring(decoding: parts[1], as: UTF8.self))
        self.init(path: path, size: size, stamp: stamp, hash: String(decoding: parts[2], as: UTF8.self), generated: parts[3].first == UInt8(ascii: "1"),
                  skipped: parts[3].first == UInt8(ascii: "2"), findings: findings, suppressions: suppressions,
                  facts: parts[6...].map { $0.isEmpty ? nil : String(decoding: $0, as: UTF8.self) })
    }

    private static func decode<T: Decodable & RangeReplaceableCollection>(_ type: T.Type, _ json: ArraySlice<UInt8>) -> T? {
        json.elementsEqual("[]".utf8) ? T() : try? JSONDecoder().decode(type, from: Data(json))
    }
}

extension Check {
    /// The facts of the file at `place` as JSON for the cache; nil for none.
    func encodeFacts(_ value: (any Sendable)?, at place: ResultCache.Place) -> String? {
        let encoder = JSONEncoder()
        // Sorted keys: equal facts are equal text, which the project pass's cache key is made of.
        encoder.outputFormatting = .sortedKeys
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
    /// The text of its line (what its fingerprint is made of), so that a report needs no file read.
    var text: String?
    /// Its confidence when the check graded it otherwise than its rule's typical one.
    var confidence: Confidence?
    /// A provider secret's SHA-256 (`Finding.secretDigest`).
    var digest: String?

    struct StoredFix: Codable, Sendable {
        var title: String
        var unsafe: Bool?
        /// Start, end and replacement text of each edit.
        var edits: [Edit]

        struct Edit: Codable, Sendable {
            var start, end: Int
            var text: String

            init(start: Int, end: Int, text: String) {
                (self.start, self.end, self.text) = (start, end, text)
            }

            init(from decoder: any Decoder) throws {
                var fields = try decoder.unkeyedContainer()
                (start, end, text) = (try fields.decode(Int.self), try fields.decode(Int.self), try fields.decode(String.self))
            }

            func encode(to encoder: any Encoder) throws {
                var fields = encoder.unkeyedContainer()
                try fields.encode(start)
                try fields.encode(end)
                try fields.encode(text)
            }
        }

        /// Edits of other files and files created (a migration fix's), paths relative to the project root.
        var files: [StoredFile]?

        struct StoredFile: Codable, Sendable {
            var path: String
            var creates: Bool
            var edits: [Edit]
        }

        init(title: String, unsafe: Bool?, edits: [Edit], files: [StoredFile]? = nil) {
            (self.title, self.unsafe, self.edits, self.files) = (title, unsafe, edits, files)
        }

        init(from decoder: any Decoder) throws {
            var fields = try decoder.unkeyedContainer()
            (title, unsafe, edits) = (try fields.decode(String.self), try fields.decodeIfPresent(Bool.self), try fields.decode([Edit].self))
            files = fields.isAtEnd ? nil : try fields.decodeIfPresent([StoredFile].self)
        }

        func encode(to encoder: any Encoder) throws {
            var fields = encoder.unkeyedContainer()
            try fields.encode(title)
            try fields.encodeOptional(unsafe)
            try fields.encode(edits)
            if let files { try fields.encode(files) }
        }
    }

    /// A JSON array, not an object: arrays decode several times faster than objects, and a
    /// cached run decodes every finding it reports.
    init(from decoder: any Decoder) throws {
        var fields = try decoder.unkeyedContainer()
        (rule, severity, message) = (try fields.decode(String.self), try fields.decode(Severity.self), try fields.decode(String.self))
        line = try fields.decode(Int.self)
        (column, endLine, endColumn) = (try fields.decode(Int.self), try fields.decode(Int.self), try fields.decode(Int.self))
        span = try fields.decode([Int].self)
        fix = try fields.decodeIfPresent(StoredFix.self)
        extra = try fields.decodeIfPresent([[String]].self)
        (hint, redacts, text) = (try fields.decodeIfPresent(String.self), try fields.decodeIfPresent(Bool.self), try fields.decodeIfPresent(String.self))
        confidence = fields.isAtEnd ? nil : try fields.decodeIfPresent(Confidence.self)
        digest = fields.isAtEnd ? nil : try fields.decodeIfPresent(String.self)
    }

    func encode(to encoder: any Encoder) throws {
        var fields = encoder.unkeyedContainer()
        for value in [rule, severity.rawValue, message] { try fields.encode(value) }
        for value in [line, column, endLine, endColumn] { try fields.encode(value) }
        try fields.encode(span)
        try fields.encodeOptional(fix)
        try fields.encodeOptional(extra)
        try fields.encodeOptional(hint)
        try fields.encodeOptional(redacts)
        try fields.encodeOptional(text)
        if confidence != nil || digest != nil { try fields.encodeOptional(confidence) }
        if let digest { try fields.encode(digest) }
    }

    /// Nil when an edit's replacement is not text (then the file is not cached).
    /// `root`: the project's, for the paths of the files a fix changes in other files.
    init?(_ finding: Finding, lineText: String?, root: String? = nil) {
        // A secret's line is kept masked: a cache may be uploaded and restored by CI.
        text = finding.redactsSource ? lineText.map(Fingerprint.masked) : lineText
        rule = finding.ruleId
        severity = finding.severity
        message = finding.message
        (line, column, endLine, endColumn) = (finding.line, finding.column, finding.endLine, finding.endColumn)
        span = [finding.lineSpan.lowerBound, finding.lineSpan.upperBound]
        extra = finding.extra.isEmpty ? nil : finding.extra.map { [$0.key, $0.value] }
        hint = finding.baselineHint
        redacts = finding.redactsSource ? true : nil
        confidence = finding.confidence == finding.rule.confidence ? nil : finding.confidence
        digest = finding.secretDigest
        if let fix = finding.fix {
            guard let edits = Self.stored(fix.edits) else { return nil }
            var files: [StoredFix.StoredFile] = []
            for change in fix.files {
                guard let edits = Self.stored(change.edits) else { return nil }
                files.append(.init(path: root.flatMap { Paths.relative(change.path, to: $0) } ?? change.path, creates: change.creates, edits: edits))
            }
            self.fix = StoredFix(title: fix.title, unsafe: fix.applicability == .unsafe ? true : nil, edits: edits, files: files.isEmpty ? nil : files)
        }
    }

    private static func stored(_ edits: [GatekeeperKit.Edit]) -> [StoredFix.Edit]? {
        var stored: [StoredFix.Edit] = []
        for edit in edits {
            guard let text = String(validating: edit.replacement, as: UTF8.self) else { return nil }
            stored.append(.init(start: edit.range.lowerBound, end: edit.range.upperBound, text: text))
        }
        return stored
    }

    private static func edits(_ stored: [StoredFix.Edit]) -> [GatekeeperKit.Edit] {
        stored.map { Edit(range: $0.start..<max($0.start, $0.end), replacement: $0.text) }
    }

    /// The finding again, in `file` as this run names it; nil for a rule this run does not have, or
    /// for positions that cannot lie in a file of `size` bytes: the cache is untrusted input.
    func finding(rules: [String: Rule], file: String, size: Int, root: String? = nil) -> Finding? {
        guard let rule = rules[rule], isPlausible(inFileOf: size) else { return nil }
        var finding = Finding(rule: rule, message: message, file: file, line: line, column: column, endLine: endLine, endColumn: endColumn,
                              extra: (extra ?? []).compactMap { $0.count == 2 ? (key: $0[0], value: $0[1]) : nil },
                              fix: fix.map { stored in
                                  var fix = Fix(title: stored.title, edits: Self.edits(stored.edits), applicability: stored.unsafe == true ? .unsafe : .safe)
                                  fix.files = (stored.files ?? []).map { file in
                                      let path = Paths.absolute(file.path, relativeTo: root ?? Paths.currentDirectory)
                                      var change = FileChange(path: path, edits: Self.edits(file.edits))
                                      change.creates = file.creates
                                      return change
                                  }
                                  return fix
                              })
        finding.severity = severity
        finding.lineSpan = span[0]...span[1]
        finding.baselineHint = hint
        finding.redactsSource = redacts ?? false
        finding.knownLineText = text
        finding.confidence = confidence ?? rule.confidence
        finding.secretDigest = digest
        return finding
    }
}

extension StoredFinding {
    /// Lines, columns and spans within a file of `size` bytes (a line or column is at most one past
    /// its bytes), ends after starts, edits inside the file.
    func isPlausible(inFileOf size: Int) -> Bool {
        let limit = min(size, Int(Int32.max)) + 2
        let positions = [line, column, endLine, endColumn] + span
        guard positions.allSatisfy({ (1...limit).contains($0) }), span.count == 2, span[0] <= span[1], line <= endLine else { return false }
        return fix?.edits.allSatisfy { 0 <= $0.start && $0.start <= $0.end && $0.end <= size } ?? true
    }
}

extension UnkeyedEncodingContainer {
    /// A value or `null`, so that positions stay fixed.
    mutating func encodeOptional<T: Encodable>(_ value: T?) throws {
        if let value { try encode(value) } else { try encodeNil() }
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
