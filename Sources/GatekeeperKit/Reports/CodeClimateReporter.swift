/// GitLab Code Quality (a Code Climate issue array).
public struct CodeClimateReporter: Reporter {
    var paths: ReportPaths

    public func render(_ report: RunReport) -> String {
        let issues = zip(report.findings, report.findings.occurrences()).map { finding, occurrence -> JSONValue in
            .object([
                ("type", .string("issue")),
                ("description", .string(finding.displayMessage)),
                ("check_name", .string(finding.ruleId)),
                // Unique per finding and free of line numbers, so GitLab tracks it across edits.
                ("fingerprint", .string(String(SHA256.hex("\(finding.fingerprint):\(occurrence)").prefix(32)))),
                ("severity", .string(Self.severity(finding))),
                ("categories", .array([.string(finding.rule.securitySeverity != nil ? "Security" : "Style")])),
                ("location", .object([
                    ("path", .string(paths.path(finding.file))),
                    ("lines", .object([("begin", .number(Double(finding.line))), ("end", .number(Double(finding.endLine)))])),
                ])),
            ])
        }
        return JSONWriter.write(.array(issues)) + "\n"
    }

    /// GitLab's scale: info, minor, major, critical, blocker. Security errors are critical.
    static func severity(_ finding: Finding) -> String {
        switch finding.severity {
        case .info: return "info"
        case .warning: return "minor"
        case .error: return finding.rule.securitySeverity != nil ? "critical" : "major"
        }
    }
}
