public enum Severity: String, Sendable, Comparable, CaseIterable {
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
public struct Rule: Sendable {
    /// `check/rule`, lowercase kebab-case.
    public var id: String
    public var severity: Severity
    public var summary: String
    public var description: String
    public var fixable: Bool
    /// Code that makes the rule report (tests assert it does).
    public var triggeringExample: String
    /// Code that the rule accepts (tests assert it reports nothing there).
    public var nonTriggeringExample: String

    public init(id: String, severity: Severity, fixable: Bool = false, summary: String, description: String,
                triggering: String, nonTriggering: String) {
        self.id = id
        self.severity = severity
        self.fixable = fixable
        self.summary = summary
        self.description = description
        self.triggeringExample = triggering
        self.nonTriggeringExample = nonTriggering
    }

    public var check: String { String(id.prefix { $0 != "/" }) }
}

/// One thing a check found, at a place in a file.
public struct Finding: Sendable {
    public var ruleId: String
    public var severity: Severity
    public var message: String
    /// Report path: relative to the current directory, `/`-separated.
    public var file: String
    public var line: Int
    public var column: Int
    public var endLine: Int
    public var endColumn: Int
    public var fixable: Bool
    /// Stable identity for baselines; set by the engine.
    public var fingerprint: String = ""
    /// Extra report keys (e.g. a secret's `detector`).
    public var extra: [(key: String, value: String)] = []
    /// What the baseline says of this finding when the message must not be stored there
    /// (a secret's message shows its first characters).
    public var baselineHint: String?

    public var hint: String { baselineHint ?? message }
    /// The source line holds a secret: reports must not print it.
    public var redactsSource = false

    public init(rule: Rule, message: String, file: String, line: Int, column: Int, endLine: Int? = nil, endColumn: Int? = nil,
                extra: [(key: String, value: String)] = []) {
        self.ruleId = rule.id
        self.severity = rule.severity
        self.message = message
        self.file = file
        self.line = line
        self.column = column
        self.endLine = endLine ?? line
        self.endColumn = endColumn ?? column
        self.fixable = rule.fixable
        self.extra = extra
    }

    public var check: String { String(ruleId.prefix { $0 != "/" }) }

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
    /// A finding spanning tokens `first...last` of this file.
    public func finding(_ rule: Rule, _ message: String, from first: Int, to last: Int? = nil,
                        extra: [(key: String, value: String)] = []) -> Finding {
        let start = tokens[first]
        let endToken = tokens[last ?? first]
        let end = location(ofByte: Int(endToken.end))
        return Finding(rule: rule, message: message, file: path, line: Int(start.line), column: Int(start.column),
                       endLine: end.line, endColumn: end.column, extra: extra)
    }
}
