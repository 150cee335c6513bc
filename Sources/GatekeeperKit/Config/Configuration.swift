import Foundation

/// `.gatekeeper.json` (JSON5 accepted), validated strictly: an unknown key, a wrong type or an
/// unknown rule id is a `ConfigurationError` naming the key.
public struct Configuration: Sendable {
    public static let fileName = ".gatekeeper.json"
    public static let builtInExcludes = [".build", ".git", ".swiftpm", "Pods", "Carthage", "DerivedData"]

    /// The config file, or nil when running on defaults.
    public var path: String?
    /// The folder globs and relative paths are resolved against: the config file's folder,
    /// or the current directory without one.
    public var rootDirectory: String
    public var include: [Glob] = []
    public var exclude: [Glob] = []
    public var failOn: Severity?
    /// Findings below it are reported but never fail the run (`minConfidence`; `--min-confidence` sets it too).
    public var minConfidence = Confidence.defaultMinimum
    public var baseline: String?
    /// Where the result cache lives, relative to the config file (default `.build/gatekeeper-cache`).
    public var cacheDirectory: String?
    /// Whether findings in generated code are reported (default: not).
    public var includeGenerated = false
    /// Per rule id or check id: a severity, or nil for "off".
    public var ruleSeverities: [String: Severity?] = [:]
    public var checks: [String: CheckSettings] = [:]
    /// The project's own rules: `customRules` and the files of `rulesDirectories`.
    public var customRules: [CustomRule] = []
    /// Tools run behind the gate (`externalChecks`).
    public var externalChecks: [ExternalCheck] = []

    public struct CheckSettings: Sendable {
        public var enabled: Bool = true
        public var members: [(key: String, value: JSONValue)] = []
    }

    public init(rootDirectory: String) {
        self.rootDirectory = rootDirectory
    }

    /// The config named by `--config`, else `.gatekeeper.json` in `directory` or its nearest parent.
    public static func load(explicitPath: String?, searchFrom directory: String) throws -> Configuration {
        if let explicitPath {
            let absolute = Paths.absolute(explicitPath)
            guard FileManager.default.fileExists(atPath: absolute) else {
                throw ConfigurationError("\(explicitPath): config file not found")
            }
            return try parse(file: absolute, displayPath: explicitPath)
        }
        var current = URL(fileURLWithPath: directory).standardizedFileURL
        while true {
            let candidate = current.appendingPathComponent(fileName).path
            if FileManager.default.fileExists(atPath: candidate) {
                return try parse(file: candidate, displayPath: Paths.display(candidate))
            }
            let parent = current.deletingLastPathComponent()
            if parent.path == current.path { break }
            current = parent
        }
        // No config: the project is the git work tree, else the current folder.
        return Configuration(rootDirectory: Git.repositoryRoot(from: directory) ?? Paths.absolute(directory))
    }

    static func parse(file: String, displayPath: String) throws -> Configuration {
        let root = try JSON5Parser.parseFile(file, what: "config").value
        var configuration = Configuration(rootDirectory: URL(fileURLWithPath: file).deletingLastPathComponent().path)
        configuration.path = file
        do {
            try configuration.apply(root)
        } catch let error as ConfigurationError {
            throw ConfigurationError("\(displayPath): \(error.description)")
        }
        return configuration
    }

    mutating func apply(_ root: JSONValue) throws {
        let reader = try JSONObjectReader(root, keyPath: "")
        include = try (reader.strings("include") ?? []).enumerated().map { try Glob.configured($1, key: "include[\($0)]") }
        exclude = try (reader.strings("exclude") ?? []).enumerated().map { try Glob.configured($1, key: "exclude[\($0)]") }
        if let text = try reader.string("failOn") {
            guard let severity = Severity(rawValue: text) else { throw ConfigurationError("failOn must be \"info\", \"warning\" or \"error\"") }
            failOn = severity
        }
        if let text = try reader.string("minConfidence") {
            guard let confidence = Confidence(rawValue: text) else { throw ConfigurationError("minConfidence must be \"low\", \"medium\" or \"high\"") }
            minConfidence = confidence
        }
        baseline = try reader.string("baseline")
        cacheDirectory = try reader.string("cacheDirectory")
        includeGenerated = try reader.bool("includeGenerated") ?? false
        customRules = try CustomRulesCheck.load(inline: reader.array("customRules") ?? [], directories: reader.strings("rulesDirectories") ?? [],
                                                 root: rootDirectory)
        let builtIn = Set(CheckRegistry.checkTypes.map { $0.id } + [CustomRulesCheck.id, "gatekeeper"])
        externalChecks = try (reader.array("externalChecks") ?? []).enumerated().reduce(into: []) { checks, item in
            let taken = builtIn.union(checks.map(\.id))
            checks.append(try ExternalCheck(JSONObjectReader(item.element, keyPath: "externalChecks[\(item.offset)]"), taken: taken))
        }
        if let rules = try reader.object("rules") {
            for (ruleId, _) in rules.members {
                guard isKnown(ruleOrCheckId: ruleId) else { throw ConfigurationError("rules.\(ruleId): unknown rule id" + ruleSuggestion(ruleId)) }
                guard let text = try? rules.string(ruleId), text == "off" || Severity(rawValue: text) != nil else {
                    throw ConfigurationError("rules.\(ruleId) must be \"info\", \"warning\", \"error\" or \"off\"")
                }
                ruleSeverities[ruleId] = Severity(rawValue: text)
            }
        }
        if let entries = try reader.object("checks") {
            let known = checkIds
            for (checkId, _) in entries.members {
                guard known.contains(checkId) else {
                    let suggestion = Suggestion.phrase(checkId, among: known)
                    throw ConfigurationError("unknown key checks.\(checkId)\(suggestion) (checks are \(known.joined(separator: ", ")))")
                }
                guard let options = try entries.object(checkId) else { continue }
                checks[checkId] = CheckSettings(enabled: try options.bool("enabled") ?? true, members: options.members)
                // The configured checks have no keys but `enabled`; their settings live in their own entries.
                if !CheckRegistry.checkTypes.contains(where: { $0.id == checkId }) { try options.finish() }
            }
        }
        try reader.finish()
    }

    /// The effective severity of a rule: its rule-level override, else its check-level one,
    /// else the default; nil when the rule is off.
    public func severity(of rule: Rule) -> Severity? {
        severity(of: rule, reported: rule.severity)
    }

    /// The severity a finding of `rule` gets: a configured override, else the severity the
    /// check reported (a rule may report below its default, e.g. a shell run with a constant
    /// command); nil when the rule is off.
    public func severity(of rule: Rule, reported: Severity) -> Severity? {
        if let override = ruleSeverities[rule.id] { return override }
        if let override = ruleSeverities[rule.check] { return override }
        return reported
    }

    /// `path` (absolute, or as reports name it) relative to the project root, `/`-separated; the
    /// absolute path when it lies outside the root. What baselines, fingerprints and the cache key by.
    public func projectPath(_ path: String) -> String {
        let absolute = Paths.absolute(path)
        return Paths.relative(absolute, to: rootDirectory) ?? absolute
    }

    /// Every check id this configuration knows: the built-in ones, `custom`, and the external checks'.
    public var checkIds: [String] {
        CheckRegistry.checkTypes.map { $0.id } + [CustomRulesCheck.id] + externalChecks.map(\.id)
    }

    /// A rule id or check id that exists here: a built-in one, a custom rule's, or any id under an
    /// external check (whose rules are whatever the tool reports).
    public func isKnown(ruleOrCheckId id: String) -> Bool {
        CheckRegistry.isKnown(ruleOrCheckId: id) || id == CustomRulesCheck.id || customRules.contains { $0.rule.id == id }
            || externalChecks.contains { id == $0.id || id.hasPrefix($0.id + "/") }
    }

    /// A rule by id: built in or custom.
    public func rule(id: String) -> Rule? {
        CheckRegistry.rule(id: id) ?? customRules.first { $0.rule.id == id }?.rule
    }

    /// Every rule this configuration defines: the built-in ones and the custom ones.
    public var allRules: [Rule] { CheckRegistry.allRules + customRules.map(\.rule) }

    public func isEnabled(check id: String) -> Bool {
        checks[id]?.enabled ?? true
    }

    public func options(for checkId: String) -> CheckOptions {
        CheckOptions(members: checks[checkId]?.members ?? [], keyPath: "checks.\(checkId)", alreadyRead: ["enabled"])
    }

    /// The starter config `gatekeeper init` writes.
    public static let starter = """
    // gatekeeper configuration (JSON5: comments and trailing commas are fine).
    // Every key is optional; docs/configuration.md has them all.
    {
      // Globs relative to this file. Default: every .swift file (git's view when in a work tree).
      // include: ["Sources/**", "Tests/**"],

      // Added to the built-in excludes (.build, .git, .swiftpm, Pods, Carthage, DerivedData).
      exclude: [],

      // The lowest severity that fails the run: "info", "warning" or "error".
      failOn: "warning",

      // The lowest confidence that can fail the run ("low", "medium" or "high"); the others are still reported.
      minConfidence: "medium",

      // Findings recorded here are not new; write it with `gatekeeper baseline`.
      baseline: ".gatekeeper-baseline.json",

      // Per rule (or per check): a severity or "off".
      rules: {
        // "imports/duplicate": "error",
      },

      checks: {
        imports: { enabled: true },
      },
    }

    """
}
