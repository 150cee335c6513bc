public enum Severity: String, Sendable, Comparable, CaseIterable, Codable {
    case info, warning, error

    private var rank: Int {
        switch self {
        case .info: return 0
        case .warning: return 1
        case .error: return 2
        }
    }

    public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }
}

/// A rule: what a check reports, with examples that double as tests and as `gatekeeper explain`.
/// Checks declare their rules as static handles (`ImportsCheck.order`) and findings carry the
/// handle, so no code looks a rule up by an id string at run time.
public struct Rule: Sendable, Hashable {
    /// `check/rule`, lowercase kebab-case.
    public let id: String
    public let severity: Severity
    public let summary: String
    public let description: String
    /// Whether findings of this rule carry a fix that `gatekeeper fix` applies.
    public let fixable: Bool
    /// Code that makes the rule report (`rules --test` and the tests assert each does).
    public let triggeringExamples: [String]
    /// Code that the rule accepts (`rules --test` and the tests assert each reports nothing).
    public let nonTriggeringExamples: [String]
    /// GitHub code scanning's `security-severity` ("0.1"–"10.0") for security rules; nil otherwise.
    public let securitySeverity: String?
    /// How sure its findings typically are (`rules`, `explain`, SARIF); a check may grade each finding otherwise.
    public let confidence: Confidence

    public init(id: String, severity: Severity, fixable: Bool = false, securitySeverity: String? = nil, confidence: Confidence = .high,
                summary: String, description: String, triggering: String, nonTriggering: String) {
        self.init(id: id, severity: severity, fixable: fixable, securitySeverity: securitySeverity, confidence: confidence, summary: summary,
                  description: description, triggering: [triggering], nonTriggering: [nonTriggering])
    }

    public init(id: String, severity: Severity, fixable: Bool = false, securitySeverity: String? = nil, confidence: Confidence = .high,
                summary: String, description: String, triggering: [String], nonTriggering: [String]) {
        self.id = id
        self.confidence = confidence
        self.severity = severity
        self.fixable = fixable
        self.securitySeverity = securitySeverity
        self.summary = summary
        self.description = description
        self.triggeringExamples = triggering
        self.nonTriggeringExamples = nonTriggering
    }

    /// The first example of each kind (what `explain` and reports show first).
    public var triggeringExample: String { triggeringExamples.first ?? "" }
    public var nonTriggeringExample: String { nonTriggeringExamples.first ?? "" }

    public var check: String { String(id.prefix { $0 != "/" }) }

    public static func == (lhs: Rule, rhs: Rule) -> Bool { lhs.id == rhs.id }
    public func hash(into hasher: inout Hasher) { hasher.combine(id) }
}

/// A place in a file, as facts carry it to the project pass and findings report it.
public struct SourceLocation: Sendable, Equatable {
    /// As reports name the file: relative to the current directory.
    public var file: String
    /// Relative to the project root: what test-source and path rules judge.
    public var relativePath: String
    public var line: Int
    public var column: Int

    public init(file: String, relativePath: String? = nil, line: Int, column: Int) {
        self.file = file
        self.relativePath = relativePath ?? file
        self.line = line
        self.column = column
    }
}

/// One replacement of bytes `range` of a file's original content.
public struct Edit: Sendable, Equatable {
    public var range: Range<Int>
    public var replacement: [UInt8]
    /// An insertion that may share its place with other such insertions (registrations appended
    /// after the same line): they go in the order the fixes are taken, one after another.
    public var appends = false

    public init(range: Range<Int>, replacement: [UInt8]) {
        self.range = range
        self.replacement = replacement
    }

    public init(range: Range<Int>, replacement: String) {
        self.init(range: range, replacement: Array(replacement.utf8))
    }

    /// Whether the two edits cannot both apply in one pass: their ranges overlap, an insertion
    /// falls strictly inside the other's range, or both insert at the same place (order unknown).
    func conflicts(with other: Edit) -> Bool {
        if range.isEmpty && other.range.isEmpty { return range.lowerBound == other.range.lowerBound && !(appends && other.appends) }
        return range.lowerBound < other.range.upperBound && other.range.lowerBound < range.upperBound
    }
}

/// What `gatekeeper fix` does about a finding: byte-range edits of the file it is in.
public struct Fix: Sendable {
    public enum Applicability: String, Sendable {
        /// Keeps the program's meaning; `fix` applies it.
        case safe
        /// May change meaning; applied only with `fix --unsafe-fixes`.
        case unsafe
    }

    public var title: String
    public var edits: [Edit]
    public var applicability: Applicability
    /// Edits of other files, and files the fix creates (a new migration and its registration).
    public var files: [FileChange] = []
    /// Fixes of a lower rank are taken first in a pass (a migration creating a table before one
    /// whose foreign key refers to it).
    public var rank = 0

    public init(title: String, edits: [Edit], applicability: Applicability = .safe) {
        self.title = title
        self.edits = edits
        self.applicability = applicability
    }

    /// Bytes the fix touches, from its first edit to its last: narrower fixes go first.
    var span: Int {
        guard let first = edits.map(\.range.lowerBound).min(), let last = edits.map(\.range.upperBound).max() else { return 0 }
        return last - first
    }
}

/// A fix's edits of a file other than its finding's, or a file it creates.
public struct FileChange: Sendable {
    /// Absolute.
    public var path: String
    public var edits: [Edit]
    /// The file must not exist: `edits` is its content, inserted at offset 0.
    public var creates: Bool

    public init(path: String, edits: [Edit]) {
        self.path = path
        self.edits = edits
        self.creates = false
    }

    public init(creating path: String, content: String) {
        self.path = path
        self.edits = [Edit(range: 0..<0, replacement: content)]
        self.creates = true
    }
}

/// One thing a check found, at a place in a file.
public struct Finding: Sendable {
    public let rule: Rule
    public var severity: Severity
    /// How sure the finding is: the rule's typical confidence unless the check knows better.
    public var confidence: Confidence
    public var message: String
    /// Report path: relative to the current directory, `/`-separated.
    public var file: String
    /// Relative to the project root, whatever the current directory: what baselines and
    /// fingerprints use. Set by the engine.
    public var relativePath = ""
    public var line: Int
    public var column: Int
    public var endLine: Int
    public var endColumn: Int
    /// The lines the finding is about, for inline suppressions and `--changed-lines`: by
    /// default its own lines; an import-order finding spans its whole run of imports.
    public var lineSpan: ClosedRange<Int>
    public var fix: Fix?
    /// Stable identity for baselines; set by the engine.
    public var fingerprint: String = ""
    /// Extra report keys (e.g. a secret's `detector`).
    public var extra: [(key: String, value: String)] = []
    /// What the baseline says of this finding when the message must not be stored there
    /// (a secret's message shows its first characters).
    public var baselineHint: String?
    /// The source line holds a secret: reports must not print it.
    public var redactsSource = false
    /// SHA-256 of a secret too long and random to guess (a key, never a short password:
    /// `SecretHeuristics.isUnguessable`): part of the fingerprint, so a baselined key swapped for another is new.
    public var secretDigest: String?
    /// The text of its line when known without reading the file (kept by the result cache), for the fingerprint.
    var knownLineText: String?

    public init(rule: Rule, message: String, at location: SourceLocation) {
        self.init(rule: rule, message: message, file: location.file, line: location.line, column: location.column)
    }

    public init(rule: Rule, message: String, file: String, line: Int, column: Int, endLine: Int? = nil, endColumn: Int? = nil,
                extra: [(key: String, value: String)] = [], fix: Fix? = nil) {
        self.rule = rule
        self.severity = rule.severity
        self.confidence = rule.confidence
        self.message = message
        self.file = file
        self.line = line
        self.column = column
        self.endLine = endLine ?? line
        self.endColumn = endColumn ?? column
        self.lineSpan = line...max(line, endLine ?? line)
        self.extra = extra
        self.fix = fix
    }

    public var ruleId: String { rule.id }
    public var check: String { rule.check }
    public var hint: String { baselineHint ?? message }
    /// Whether `gatekeeper fix` would change something for this finding (an unsafe fix needs `--unsafe-fixes`).
    public var fixable: Bool { fix.map { $0.applicability == .safe && (!$0.edits.isEmpty || !$0.files.isEmpty) } ?? false }

    /// The report order: file, line, column, rule id.
    static func reportOrder(_ a: Finding, _ b: Finding) -> Bool {
        if a.file != b.file { return a.file < b.file }
        if a.line != b.line { return a.line < b.line }
        if a.column != b.column { return a.column < b.column }
        if a.ruleId != b.ruleId { return a.ruleId < b.ruleId }
        return a.message < b.message
    }
}

extension SourceFile {
    /// Where token `index` starts.
    public func location(ofToken index: Int) -> SourceLocation {
        SourceLocation(file: path, relativePath: relativePath, line: Int(tokens[index].line), column: Int(tokens[index].column))
    }

    /// A finding spanning tokens `first...last` of this file.
    public func finding(_ rule: Rule, _ message: String, from first: Int, to last: Int? = nil,
                        extra: [(key: String, value: String)] = [], fix: Fix? = nil) -> Finding {
        let start = tokens[first]
        let endToken = tokens[last ?? first]
        let end = location(ofByte: Int(endToken.end))
        return Finding(rule: rule, message: message, file: path, line: Int(start.line), column: Int(start.column),
                       endLine: end.line, endColumn: end.column, extra: extra, fix: fix)
    }
}
