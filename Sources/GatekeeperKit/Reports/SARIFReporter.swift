/// SARIF 2.1.0 as GitHub code scanning reads it.
public struct SARIFReporter: Reporter {
    var paths: ReportPaths
    /// Also list baselined findings, marked `baselineState: unchanged`.
    var showBaselined: Bool

    /// Where the tool is described (SARIF's `informationUri`).
    static let informationURI = "https://github.com/gatekeeper-swift/gatekeeper"

    public func render(_ report: RunReport) -> String {
        let shown = report.findings.map { ($0, "new") } + (showBaselined ? report.baselinedFindings.map { ($0, "unchanged") } : [])
        // The built-in rules, then the custom and external ones the findings carry.
        var rules = CheckRegistry.allRules
        for finding in shown.map(\.0) where !rules.contains(finding.rule) { rules.append(finding.rule) }
        let ruleIndex = Dictionary(uniqueKeysWithValues: rules.enumerated().map { ($1.id, $0) })
        var results: [JSONValue] = []
        let occurrences = shown.map(\.0).occurrences()
        for ((finding, state), occurrence) in zip(shown, occurrences) {
            let line = report.lines[finding.file]?.text(of: finding.line) ?? ""
            let endLine = finding.endLine == finding.line ? line : report.lines[finding.file]?.text(of: finding.endLine) ?? ""
            var region: [(key: String, value: JSONValue)] = [
                ("startLine", .number(Double(finding.line))),
                ("startColumn", .number(Double(Self.codePointColumn(line, finding.column)))),
                ("endLine", .number(Double(finding.endLine))),
                ("endColumn", .number(Double(max(Self.codePointColumn(endLine, finding.endColumn), 1)))),
            ]
            if finding.endLine == finding.line, finding.endColumn <= finding.column {
                region.removeLast()
            }
            var result: [(key: String, value: JSONValue)] = [
                ("ruleId", .string(finding.ruleId)),
                ("ruleIndex", .number(Double(ruleIndex[finding.ruleId] ?? 0))),
                ("level", .string(Self.level(finding.severity))),
                ("message", .object([("text", .string(finding.message))])),
                ("locations", .array([.object([("physicalLocation", .object([
                    ("artifactLocation", .object([("uri", .string(paths.uri(finding.file)))])),
                    ("region", .object(region)),
                ]))])])),
                ("partialFingerprints", .object([
                    // GitHub's own key; our fingerprint already ignores line numbers and whitespace.
                    ("primaryLocationLineHash", .string("\(finding.fingerprint.prefix(16)):\(occurrence)")),
                    ("gatekeeper/v1", .string(finding.fingerprint)),
                ])),
            ]
            result.append(("rank", .number(finding.sarifRank)))
            result.append(("properties", .object([("precision", .string(finding.sarifPrecision)),
                                                  ("confidence", .string(finding.confidence.rawValue))])))
            if report.baselineApplied { result.append(("baselineState", .string(state))) }
            // `gatekeeper history`: the commit that added it (the run lists each in versionControlProvenance).
            if let commit = finding.extra.first(where: { $0.key == "commit" })?.value {
                result.append(("properties", .object([("commit", .string(commit))])))
            }
            results.append(.object(result))
        }
        let driver: JSONValue = .object([
            ("name", .string("gatekeeper")),
            ("version", .string(Version.current)),
            ("semanticVersion", .string(Version.current)),
            ("informationUri", .string(Self.informationURI)),
            ("rules", .array(rules.map(Self.describe))),
        ])
        return JSONWriter.write(.object([
            ("$schema", .string("https://json.schemastore.org/sarif-2.1.0.json")),
            ("version", .string("2.1.0")),
            ("runs", .array([.object([
                ("tool", .object([("driver", driver)])),
                ("columnKind", .string("unicodeCodePoints")),
                ("results", .array(results)),
            ] + versionControl(shown.map(\.0)))])),
        ])) + "\n"
    }

    /// The commits findings name (`gatekeeper history`), in order, as SARIF's `versionControlProvenance`.
    private func versionControl(_ findings: [Finding]) -> [(key: String, value: JSONValue)] {
        var (commits, seen) = ([String](), Set<String>())
        for finding in findings {
            if let commit = finding.extra.first(where: { $0.key == "commit" })?.value, seen.insert(commit).inserted { commits.append(commit) }
        }
        guard !commits.isEmpty else { return [] }
        let repository = "file://" + (paths.repositoryRoot ?? Paths.currentDirectory) + "/"
        return [("versionControlProvenance", .array(commits.map { .object([("repositoryUri", .string(repository)), ("revisionId", .string($0))]) }))]
    }

    static func level(_ severity: Severity) -> String {
        switch severity {
        case .error: return "error"
        case .warning: return "warning"
        case .info: return "note"
        }
    }

    private static func describe(_ rule: Rule) -> JSONValue {
        let help = "\(rule.description)\n\nTriggers:\n\(rule.triggeringExample)\n\nDoes not trigger:\n\(rule.nonTriggeringExample)"
        let markdown = "\(rule.description)\n\nTriggers:\n```swift\n\(rule.triggeringExample)\n```\n\nDoes not " +
            "trigger:\n```swift\n\(rule.nonTriggeringExample)\n```"
        // The check's id is the tag; `security` is also the tag GitHub looks for.
        var properties: [(key: String, value: JSONValue)] = [("tags", .array([.string(rule.check)])), ("precision", .string(rule.sarifPrecision))]
        if let score = rule.securitySeverity {
            // GitHub ranks security alerts by this score.
            properties.append(("security-severity", .string(score)))
        }
        return .object([
            ("id", .string(rule.id)),
            ("name", .string(rule.id.split(separator: "/").last.map(String.init) ?? rule.id)),
            ("shortDescription", .object([("text", .string(rule.summary))])),
            ("fullDescription", .object([("text", .string(rule.description))])),
            ("help", .object([("text", .string(help)), ("markdown", .string(markdown))])),
            ("defaultConfiguration", .object([("level", .string(level(rule.severity)))])),
            ("properties", .object(properties)),
        ])
    }

    /// SARIF counts columns in Unicode code points; findings count UTF-8 bytes.
    static func codePointColumn(_ line: String, _ byteColumn: Int) -> Int {
        let prefix = line.utf8.prefix(max(0, byteColumn - 1))
        return String(decoding: prefix, as: UTF8.self).unicodeScalars.count + 1
    }
}
