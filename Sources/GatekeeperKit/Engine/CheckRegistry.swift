/// Every check gatekeeper knows. Adding a check: its folder under `Checks/`, and one line here.
public enum CheckRegistry {
    public static let checkTypes: [any Check.Type] = [
        ImportsCheck.self,
        SecurityCheck.self,
        MigrationsCheck.self,
        TelemetryCheck.self,
    ]

    /// The engine's own rules (`gatekeeper/…`), which no check owns.
    public static let engineRules: [Rule] = [
        EngineRules.unreadableFile, EngineRules.unknownRule, EngineRules.unusedSuppression, EngineRules.externalCheckFailed,
    ]

    public static let allRules: [Rule] = engineRules + checkTypes.flatMap { $0.rules }

    public static func rule(id: String) -> Rule? { allRules.first { $0.id == id } }

    /// A rule id (`security/unsafe-shell`) or a check id (`security`) that exists.
    public static func isKnown(ruleOrCheckId id: String) -> Bool {
        allRules.contains { $0.id == id || $0.check == id }
    }
}

public enum EngineRules {
    public static let unreadableFile = Rule(
        id: "gatekeeper/unreadable-file", severity: .warning,
        summary: "A file could not be read or is not valid UTF-8, so no check saw it.",
        description: """
        Every discovered file is read and lexed. A file that cannot be read (permissions, a \
        broken link) or whose bytes are not valid UTF-8 is reported once with this rule, and the \
        run goes on with the other files. A Swift file that is not valid UTF-8 is still read for \
        secrets as text, as any other text file is (one bad byte hides no key).
        """,
        triggering: "A file containing the byte 0xFF.",
        nonTriggering: "let greeting = \"héllo\"")

    public static let unknownRule = Rule(
        id: "gatekeeper/unknown-rule", severity: .warning,
        summary: "A suppression comment names a rule or check that does not exist.",
        description: """
        `// gatekeeper:ignore ID` must name a rule id (`security/unsafe-shell`) or a check id \
        (`security`). A misspelt id suppresses nothing, so it is reported.
        """,
        triggering: "let x = 1 // gatekeeper:ignore imports/ordr",
        nonTriggering: "let x = 1 // a plain comment")

    public static let unusedSuppression = Rule(
        id: "gatekeeper/unused-suppression", severity: .info,
        summary: "A suppression comment matched no finding.",
        description: """
        A `gatekeeper:ignore` comment whose rules report nothing on the line it covers (or, for \
        `ignore-file`, anywhere in the file) is stale: the problem was fixed or moved. Remove it so \
        it cannot hide a future finding. Only rules that ran are considered.
        """,
        triggering: "let x = 1 // gatekeeper:ignore gatekeeper/unreadable-file",
        nonTriggering: "let x = 1")

    public static let externalCheckFailed = Rule(
        id: "gatekeeper/external-check-failed", severity: .error,
        summary: "An external check could not run or its output could not be read.",
        description: """
        A tool of `externalChecks` whose executable is missing, that runs past its `timeoutSeconds` \
        (default 300), crashes, or writes output that is not in its `format` is reported with this \
        rule, at the config file, naming the check: a gate never passes because a tool did not run.
        """,
        triggering: "An external check whose command is [\"no-such-tool\"].",
        nonTriggering: "An external check whose tool ran and wrote SARIF.")
}
