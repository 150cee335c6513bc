import Foundation

extension Commands {
    /// `gatekeeper history [REV_RANGE]`: see `SecretHistory`.
    func history() throws -> Int32 {
        let configuration = try loadConfiguration()
        let reports = try requestedReports()
        let engine = try makeEngine(configuration)
        guard let root = Git.repositoryRoot(from: Paths.currentDirectory) else { throw Git.Failure(description: "not inside a git repository") }
        guard let history = SecretHistory(engine: engine, root: root) else {
            throw ConfigurationError("the security check is not enabled, so there is nothing to look for in the history")
        }
        let started = DispatchTime.now()
        var findings: [Finding] = []
        for var finding in try history.scan(range: arguments.positionals.first) {
            guard let severity = configuration.severity(of: finding.rule, reported: finding.severity) else { continue }
            finding.severity = severity
            findings.append(finding)
        }
        findings.sort(by: Finding.reportOrder)
        let elapsed = Int((DispatchTime.now().uptimeNanoseconds - started.uptimeNanoseconds) / 1_000_000)
        let report = RunReport(files: [], findings: findings, suppressed: 0, baselinedFindings: [], staleEntries: [], failOn: failOn(configuration),
                               durationMs: elapsed, lines: SourceLines([:]), allFindings: findings, scope: nil, baselineApplied: false)
        try write(report, as: reports)
        return report.exitCode
    }
}
