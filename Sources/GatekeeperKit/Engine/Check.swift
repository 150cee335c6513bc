/// A check: a set of rules analysed over each file's tokens (in parallel), with an optional
/// project-level pass over facts collected per file. Findings carry their fixes; the engine
/// alone decides which findings survive and applies only their edits.
///
/// Adding a check is one folder under `Checks/` and one line in `CheckRegistry.all`.
public protocol Check: Sendable {
    /// What a file contributes to the project-level pass.
    associatedtype Facts: Sendable & Codable = Never

    static var id: String { get }
    static var summary: String { get }
    static var rules: [Rule] { get }

    /// The rules this instance reports: `Self.rules`, unless the configuration brings them (custom rules).
    var configuredRules: [Rule] { get }

    /// Reads the check's own keys of `checks.<id>` (all but `enabled`); an unknown key or a
    /// wrong type throws a `ConfigurationError`.
    init(options: CheckOptions) throws

    func analyze(_ file: SourceFile) -> FileAnalysis<Facts>

    /// Files the check reads besides Swift sources; the engine discovers and reads them.
    var inputs: [InputRequest] { get }

    /// The check with its `.file` and `.nearest` inputs read (an absent optional file has no
    /// bytes); a bad input throws a `ConfigurationError` naming the file.
    func configured(with inputs: [InputFile]) throws -> Self

    /// One `.suffix` input (an SQL migration file), analysed like a source.
    func analyze(input: InputFile) -> FileAnalysis<Facts>

    /// Cross-file findings from every file's facts, in discovery order.
    func analyzeProject(_ facts: [Facts]) -> [Finding]

    /// Things to say once in verbose output (e.g. that a check has nothing to do).
    var notes: [String] { get }
}

public struct FileAnalysis<Facts: Sendable>: Sendable {
    public var findings: [Finding]
    public var facts: Facts?

    public init(findings: [Finding] = [], facts: Facts? = nil) {
        self.findings = findings
        self.facts = facts
    }
}

extension Check {
    public var configuredRules: [Rule] { Self.rules }
    public func analyzeProject(_ facts: [Facts]) -> [Finding] { [] }
    public var notes: [String] { [] }
    public var inputs: [InputRequest] { [] }
    public func configured(with inputs: [InputFile]) throws -> Self { self }
    public func analyze(input: InputFile) -> FileAnalysis<Facts> { FileAnalysis() }

    /// Whether the check joins facts across files (a run over part of the tree must still read
    /// the facts of the whole project for it).
    static var hasProjectPass: Bool { Facts.self != Never.self }

    // Type-erased entry points for the engine, which holds checks as `any Check`.
    func analyzeErased(_ file: SourceFile) -> (findings: [Finding], facts: (any Sendable)?) {
        let analysis = analyze(file)
        return (analysis.findings, analysis.facts)
    }

    func analyzeInputErased(_ input: InputFile) -> (findings: [Finding], facts: (any Sendable)?) {
        let analysis = analyze(input: input)
        return (analysis.findings, analysis.facts)
    }

    func analyzeProjectErased(_ facts: [any Sendable]) -> [Finding] {
        analyzeProject(facts.compactMap { $0 as? Facts })
    }

    func configuredErased(with inputs: [InputFile]) throws -> any Check {
        try configured(with: inputs)
    }
}

/// A configuration problem: one line, exit code 64.
public struct ConfigurationError: Error, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
