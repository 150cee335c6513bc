/// Compiler-style lines (`path:line:column: severity: message [ruleId]`) that editors and
/// Xcode pick up, optionally with the source line and a caret, and a summary footer.
public struct TextReporter: Reporter {
    public var color: Bool
    public var showSource: Bool
    public var quiet = false

    public init(color: Bool, showSource: Bool, quiet: Bool = false) {
        self.color = color
        self.showSource = showSource
        self.quiet = quiet
    }

    private func paint(_ text: String, _ code: String) -> String {
        color ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
    }

    private func severityLabel(_ severity: Severity) -> String {
        switch severity {
        case .error: return paint("error", "1;31")
        case .warning: return paint("warning", "1;33")
        case .info: return paint("note", "1;36")
        }
    }

    public func render(_ report: RunReport) -> String {
        var output = ""
        for finding in report.findings {
            // Severity words follow the compiler's (`note` for info), so tools that read
            // compiler output classify them.
            output += "\(paint("\(finding.file):\(finding.line):\(finding.column):", "1")) \(severityLabel(finding.severity)): \(finding.message) \(paint("[\(finding.ruleId)]", "2"))\n"
            if showSource, finding.redactsSource {
                output += "  (source not shown: the line holds a secret)\n"
            } else if showSource, let line = report.lines[finding.file]?.text(of: finding.line) {
                output += "  " + line + "\n"
                let prefix = line.utf8.prefix(max(0, finding.column - 1)).map { $0 == 0x09 ? "\t" : " " }.joined()
                let width = finding.endLine == finding.line ? max(1, finding.endColumn - finding.column) : 1
                output += "  " + prefix + paint("^" + String(repeating: "~", count: max(0, min(width, line.utf8.count - finding.column + 1) - 1)), "1;32") + "\n"
            }
        }
        if !quiet { output += footer(report) }
        return output
    }

    private func footer(_ report: RunReport) -> String {
        let files = report.filesScanned == 1 ? "1 file" : "\(report.filesScanned) files"
        let counts = "\(report.count(.error)) error\(report.count(.error) == 1 ? "" : "s"), "
            + "\(report.count(.warning)) warning\(report.count(.warning) == 1 ? "" : "s"), \(report.count(.info)) info"
        var line = "Checked \(files) in \(report.durationMs) ms: \(counts)"
        let fixable = report.findings.filter { $0.fixable }.count
        if fixable > 0 { line += "; \(fixable) fixable with `gatekeeper fix`" }
        var extras: [String] = []
        if report.baselined > 0 { extras.append("\(report.baselined) baselined") }
        if report.staleBaselineEntries > 0 { extras.append("\(report.staleBaselineEntries) stale baseline entr\(report.staleBaselineEntries == 1 ? "y" : "ies") (prune with `gatekeeper baseline --prune`)") }
        if report.suppressed > 0 { extras.append("\(report.suppressed) suppressed") }
        if !extras.isEmpty { line += "; " + extras.joined(separator: ", ") }
        return line + ".\n"
    }
}
