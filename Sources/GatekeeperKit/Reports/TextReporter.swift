/// Compiler-style lines (`path:line:column: severity: message [ruleId]`) that editors and
/// Xcode pick up, optionally with the source line and a caret, and a summary footer.
public struct TextReporter: Reporter {
    public var color: Bool
    public var showSource: Bool
    public var quiet = false
    /// Counts per rule instead of one line per finding (`--statistics`, as ruff has it).
    public var statistics = false
    /// Absolute paths (`--format xcode`: Xcode's issue navigator opens them from any folder).
    public var absolutePaths = false

    public init(color: Bool, showSource: Bool, quiet: Bool = false, statistics: Bool = false, absolutePaths: Bool = false) {
        self.color = color
        self.showSource = showSource
        self.quiet = quiet
        self.statistics = statistics
        self.absolutePaths = absolutePaths
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
        var output = statistics ? Self.statistics(report) : ""
        for finding in report.findings where !statistics {
            // Severity words follow the compiler's (`note` for info), so tools that read
            // compiler output classify them.
            let path = absolutePaths ? Paths.absolute(finding.file) : finding.file
            let location = paint("\(ReportText.escaped(path)):\(finding.line):\(finding.column):", "1")
            output += "\(location) \(severityLabel(finding.severity)): \(finding.displayMessage) \(paint("[\(finding.ruleId)]", "2"))\n"
            if showSource, finding.redactsSource {
                output += "  (source not shown: the line holds a secret)\n"
            } else if showSource, let line = report.lines[finding.file]?.text(of: finding.line) {
                let end = finding.endLine == finding.line ? max(finding.endColumn, finding.column + 1) : finding.column + 1
                let excerpt = Self.excerpt(line, from: finding.column, to: end)
                output += "  " + ReportText.escaped(excerpt.text) + "\n"
                output += "  " + excerpt.caretIndent + paint("^" + String(repeating: "~", count: max(0, excerpt.caretWidth - 1)), "1;32") + "\n"
            }
        }
        if !quiet { output += footer(report) }
        return output
    }

    /// Characters of source shown around a finding; longer lines are cut, marked `…`.
    static let sourceWidth = 120

    /// The part of `line` shown under a finding at byte columns `from..<to`, the whitespace
    /// before the caret (tabs kept, so it lines up) and the caret's width, in characters.
    static func excerpt(_ line: String, from: Int, to: Int) -> (text: String, caretIndent: String, caretWidth: Int) {
        let characters = Array(line)
        // Byte columns to character positions.
        var byteOffsets: [Int] = []
        var offset = 0
        for character in characters {
            byteOffsets.append(offset)
            offset += character.utf8.count
        }
        let start = byteOffsets.lastIndex { $0 <= from - 1 } ?? 0
        let stop = max(start + 1, min(characters.count, byteOffsets.firstIndex { $0 >= to - 1 } ?? characters.count))
        var first = 0, last = characters.count
        if characters.count > sourceWidth {
            first = max(0, min(start - sourceWidth / 4, characters.count - sourceWidth))
            last = min(characters.count, first + sourceWidth)
        }
        let text = (first > 0 ? "…" : "") + String(characters[first..<last]) + (last < characters.count ? "…" : "")
        let indent = (first > 0 ? " " : "") + characters[first..<max(first, min(start, last))].map { $0 == "\t" ? "\t" : " " }.joined()
        return (text, indent, max(1, min(stop, last) - start))
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
        if report.staleBaselineEntries > 0 {
            let entries = report.staleBaselineEntries == 1 ? "entry" : "entries"
            extras.append("\(report.staleBaselineEntries) stale baseline \(entries) (prune with `gatekeeper baseline --prune`)")
        }
        if report.suppressed > 0 { extras.append("\(report.suppressed) suppressed") }
        if report.notCounted > 0 {
            extras.append("\(report.notCounted) below confidence \(report.minConfidence.rawValue) not failing the run")
        }
        if !extras.isEmpty { line += "; " + extras.joined(separator: ", ") }
        return line + ".\n" + Self.nextSteps(report)
    }

    /// What to do about the findings: read why, fix what can be, or record the rest so that only
    /// new findings fail (nothing when there are none).
    static func nextSteps(_ report: RunReport) -> String {
        guard let common = Self.countsByRule(report).first else { return "" }
        var steps = ["`gatekeeper explain \(common.rule)` says why it matters"]
        let fixable = report.findings.filter(\.fixable).count
        if fixable > 0 { steps.append("`gatekeeper fix` applies \(fixable == 1 ? "the fix" : "the \(fixable) fixes")") }
        steps.append("`gatekeeper baseline` records the rest, so that only new findings fail")
        return "Next: " + steps.joined(separator: "; ") + ".\n"
    }

    /// (rule, count, fixable) per rule with findings, most findings first.
    static func countsByRule(_ report: RunReport) -> [(rule: String, count: Int, fixable: Bool)] {
        var counts: [String: (Int, Bool)] = [:]
        for finding in report.findings {
            let known = counts[finding.ruleId] ?? (0, false)
            counts[finding.ruleId] = (known.0 + 1, known.1 || finding.fixable)
        }
        return counts.map { ($0.key, $0.value.0, $0.value.1) }.sorted { ($0.count, $1.rule) > ($1.count, $0.rule) }
    }

    /// `--statistics`: one line per rule, `COUNT  RULE  [*]` (`[*]`: its findings can be fixed).
    static func statistics(_ report: RunReport) -> String {
        let rows = countsByRule(report)
        let countWidth = rows.map { String($0.count).count }.max() ?? 1
        let ruleWidth = rows.map(\.rule.count).max() ?? 0
        return rows.map { row in
            String(repeating: " ", count: countWidth - String(row.count).count) + "\(row.count)  "
                + (row.fixable ? row.rule.padding(toLength: ruleWidth, withPad: " ", startingAt: 0) + "  [*]" : row.rule) + "\n"
        }.joined()
    }
}
