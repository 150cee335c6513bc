/// GitHub Actions workflow commands: one annotation per finding.
public struct GitHubReporter: Reporter {
    var paths: ReportPaths

    /// GitHub shows about this many annotations of each kind per step.
    static let annotationLimit = 10

    public func render(_ report: RunReport) -> String {
        var output = ""
        var counts: [String: Int] = [:]
        for finding in report.findings {
            let command = Self.command(finding.severity)
            counts[command, default: 0] += 1
            let properties = [
                "file=" + Self.escapeProperty(ReportText.escaped(paths.path(finding.file))),
                "line=\(finding.line)", "col=\(finding.column)", "endLine=\(finding.endLine)", "endColumn=\(finding.endColumn)",
                "title=" + Self.escapeProperty(finding.ruleId),
            ]
            output += "::\(command) \(properties.joined(separator: ","))::\(Self.escapeData(finding.displayMessage))\n"
        }
        let hidden = counts.filter { $0.value > Self.annotationLimit }.sorted { $0.key < $1.key }
        if !hidden.isEmpty {
            let parts = hidden.map { kind, count in
                let extra = count - Self.annotationLimit
                return "\(extra) \(kind)\(extra == 1 ? "" : "s")"
            }
            let message = "GitHub shows only about \(Self.annotationLimit) annotations of each kind per step; \(parts.joined(separator: " and ")) "
                + "more are not shown. Upload a SARIF report (--report sarif:gatekeeper.sarif) to code scanning to see them all."
            output += "::notice title=gatekeeper::\(Self.escapeData(message))\n"
        }
        return output
    }

    static func command(_ severity: Severity) -> String {
        switch severity {
        case .error: return "error"
        case .warning: return "warning"
        case .info: return "notice"
        }
    }

    /// Message data: `%`, CR and LF are escaped.
    static func escapeData(_ text: String) -> String {
        text.replacingOccurrences(of: "%", with: "%25").replacingOccurrences(of: "\r", with: "%0D").replacingOccurrences(of: "\n", with: "%0A")
    }

    /// Property values also escape `:` and `,`, which delimit them.
    static func escapeProperty(_ text: String) -> String {
        escapeData(text).replacingOccurrences(of: ":", with: "%3A").replacingOccurrences(of: ",", with: "%2C")
    }
}
