/// The version 1 JSON report of SPEC.md. Keys keep the documented order; extra keys (such as
/// a secret's `detector`) follow the fixed ones.
public struct JSONReporter: Reporter {
    public init() {}

    public func render(_ report: RunReport) -> String {
        let summary: JSONValue = .object([
            ("filesScanned", .number(Double(report.filesScanned))),
            ("findings", .number(Double(report.findings.count))),
            ("baselined", .number(Double(report.baselined))),
            ("suppressed", .number(Double(report.suppressed))),
            ("bySeverity", .object(Severity.allCases.reversed().map { ($0.rawValue, .number(Double(report.count($0)))) })),
            ("failOn", .string(report.failOn.rawValue)),
            ("minConfidence", .string(report.minConfidence.rawValue)),
            // New findings at or above failOn that did not fail the run: below minConfidence.
            ("notCounted", .number(Double(report.notCounted))),
            ("exitCode", .number(Double(report.exitCode))),
            ("durationMs", .number(Double(report.durationMs))),
            ("staleBaselineEntries", .number(Double(report.staleBaselineEntries))),
        ])
        return JSONWriter.write(.object([
            ("version", .number(1)),
            ("tool", .object([("name", .string("gatekeeper")), ("version", .string(Version.current))])),
            ("summary", summary),
            ("findings", .array(report.findings.map(Self.encode))),
        ])) + "\n"
    }

    static func encode(_ finding: Finding) -> JSONValue {
        var members: [(key: String, value: JSONValue)] = [
            ("ruleId", .string(finding.ruleId)),
            ("check", .string(finding.check)),
            ("severity", .string(finding.severity.rawValue)),
            ("message", .string(finding.message)),
            ("file", .string(finding.file)),
            ("line", .number(Double(finding.line))),
            ("column", .number(Double(finding.column))),
            ("endLine", .number(Double(finding.endLine))),
            ("endColumn", .number(Double(finding.endColumn))),
            ("fingerprint", .string(finding.fingerprint)),
            ("fixable", .bool(finding.fixable)),
            ("confidence", .string(finding.confidence.rawValue)),
        ]
        members += finding.extra.map { ($0.key, .string($0.value)) }
        return .object(members)
    }
}

public enum Version {
    public static let current = "0.1.0"
}
