import Foundation

/// Reads what an external tool wrote into diagnostics: SARIF 2.1.0, gatekeeper's own JSON
/// report, or compiler-style lines (`path:line:col: severity: message [rule]`).
public enum ExternalOutput {
    public enum Format: String, Sendable, CaseIterable {
        case sarif
        case gatekeeperJSON = "gatekeeper-json"
        case compiler
    }

    /// One thing the tool reported; `file` is absolute, `rule` is the tool's own id (nil when it gave none).
    public struct Diagnostic: Equatable, Sendable {
        public var rule: String?
        public var severity: Severity
        public var message: String
        public var file: String?
        public var line: Int
        public var column: Int
        public var endLine: Int?
        public var endColumn: Int?
    }

    public struct Unreadable: Error, CustomStringConvertible {
        public var description: String
    }

    static func read(_ format: Format, standardOutput: [UInt8], standardError: [UInt8], exitStatus: Int32,
                     root: String) -> Result<[Diagnostic], Unreadable> {
        let exited = exitStatus == 0 ? "" : " (it exited with status \(exitStatus))"
        switch format {
        case .compiler:
            // swift-format writes its diagnostics to standard error, most tools to standard output.
            let diagnostics = compiler(standardOutput, root: root) + compiler(standardError, root: root)
            // A tool that says it failed (`error: invalid configuration`) failed, whatever else it printed.
            if let own = ownError(in: standardOutput) ?? ownError(in: standardError) {
                return .failure(Unreadable(description: "it reported an error of its own: \(own)" + exited))
            }
            // 126 and 127: the shell could not run it; 128 and up: a signal ended it.
            if exitStatus >= 126 { return .failure(Unreadable(description: "it could not run or was stopped" + exited)) }
            let printed = String(decoding: standardOutput, as: UTF8.self).contains { !$0.isWhitespace }
            if diagnostics.isEmpty, printed || exitStatus != 0 {
                return .failure(Unreadable(description: "its output has no `path:line:col: severity: message` line" + exited))
            }
            return .success(diagnostics)
        case .sarif, .gatekeeperJSON:
            guard let value = try? JSON5Parser.parse(String(decoding: standardOutput, as: UTF8.self)) else {
                let what = standardOutput.isEmpty ? "it wrote nothing" : "its output is not JSON"
                return .failure(Unreadable(description: "\(what), expected \(format == .sarif ? "SARIF" : "a gatekeeper JSON report")\(exited)"))
            }
            if format == .sarif, let failed = sarifFailure(value) { return .failure(Unreadable(description: failed + exited)) }
            if format == .gatekeeperJSON, let code = value["summary"]?["exitCode"].flatMap(int), code >= 64 {
                return .failure(Unreadable(description: "its report says it failed (exit code \(code))" + exited))
            }
            let diagnostics = format == .sarif ? sarif(value, root: root) : gatekeeperJSON(value, root: root)
            return diagnostics.map { .success($0) }
                ?? .failure(Unreadable(description: "its output is JSON but not \(format == .sarif ? "SARIF (no runs)" : "a gatekeeper report (no findings)")"))
        }
    }

    /// A line that is no diagnostic but says the tool failed: `error: …`, `fatal error: …`,
    /// `Error: …`, alone or after the tool's name (`swiftlint: error: …`). Escaped and cut short.
    static func ownError(in bytes: [UInt8]) -> String? {
        for line in String(decoding: bytes, as: UTF8.self).split(whereSeparator: \.isNewline) {
            let text = String(line)
            guard ownErrorPattern.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil,
                  compilerLine(text, root: "/") == nil else { continue }
            return ReportText.escaped(String(text.prefix(200)))
        }
        return nil
    }

    private static let ownErrorPattern = try! NSRegularExpression(pattern: #"^(?:[\w.-]+: *)?(?:fatal error|fatal|error)\b *:"#, options: [.caseInsensitive])

    /// Why a SARIF document says its tool did not run: a run whose invocation was not successful or
    /// carries an error notification, `results` that are not a list of objects; nil when it ran.
    static func sarifFailure(_ document: JSONValue) -> String? {
        guard let runs = document["runs"]?.arrayValue else { return nil }
        for run in runs {
            for invocation in run["invocations"]?.arrayValue ?? [] {
                let notifications = (invocation["toolExecutionNotifications"]?.arrayValue ?? [])
                    + (invocation["toolConfigurationNotifications"]?.arrayValue ?? [])
                let errors = notifications.filter { ($0["level"]?.stringValue ?? "warning") == "error" }
                let said = (errors.first?["message"]?["text"]?.stringValue).map { ": " + ReportText.escaped(String($0.prefix(200))) } ?? ""
                if let success = invocation["executionSuccessful"], success.boolValue != true { return "its SARIF says the run was not successful" + said }
                if !errors.isEmpty { return "its SARIF has an error notification" + said }
            }
            guard let results = run["results"] else { return "a SARIF run has no `results` (the tool did not analyse)" }
            guard let list = results.arrayValue, list.allSatisfy({ $0.objectValue != nil }) else { return "a SARIF run's `results` is not a list of results" }
        }
        return nil
    }

    /// Compiler-style lines; anything else (progress, source excerpts, carets) is skipped.
    static func compiler(_ bytes: [UInt8], root: String) -> [Diagnostic] {
        String(decoding: bytes, as: UTF8.self).split(whereSeparator: \.isNewline).compactMap { compilerLine(String($0), root: root) }
    }

    private static let compilerPattern = try! NSRegularExpression(
        pattern: #"^(.+?):(\d+):(?:(\d+):)? *(error|warning|note|remark|info): *(.*?) *$"#)

    static func compilerLine(_ line: String, root: String) -> Diagnostic? {
        guard let match = compilerPattern.firstMatch(in: line, range: NSRange(line.startIndex..., in: line)) else { return nil }
        func group(_ index: Int) -> String? { Range(match.range(at: index), in: line).map { String(line[$0]) } }
        guard let path = group(1), let lineNumber = group(2).flatMap({ Int($0) }), var message = group(5) else { return nil }
        var rule: String?
        // `message [rule]`, as gatekeeper and most linters print; `[Rule] message`, as swift-format
        // does; `(rule) message`, as SwiftFormat does.
        if message.hasSuffix("]"), let open = message.range(of: " [", options: .backwards) {
            rule = String(message[open.upperBound..<message.index(before: message.endIndex)])
            message = String(message[..<open.lowerBound])
        } else if let first = message.first, first == "[" || first == "(", let close = message.firstIndex(of: first == "[" ? "]" : ")") {
            rule = String(message[message.index(after: message.startIndex)..<close])
            message = message[message.index(after: close)...].trimmingCharacters(in: .whitespaces)
        }
        let severity: Severity = switch group(4) {
        case "error": .error
        case "warning": .warning
        default: .info
        }
        return Diagnostic(rule: rule.flatMap { $0.isEmpty || $0.contains(" ") ? nil : $0 }, severity: severity, message: message,
                          file: absolute(path, root: root), line: lineNumber, column: group(3).flatMap { Int($0) } ?? 1)
    }

    /// SARIF 2.1.0 results of every run; nil when the document has no `runs`.
    static func sarif(_ document: JSONValue, root: String) -> [Diagnostic]? {
        guard let runs = document["runs"]?.arrayValue else { return nil }
        return runs.flatMap { run in
            // A result without a level takes its rule's default level, else SARIF's default, warning.
            let defaults = Dictionary((run["tool"]?["driver"]?["rules"]?.arrayValue ?? []).compactMap { rule -> (String, String)? in
                guard let id = rule["id"]?.stringValue, let level = rule["defaultConfiguration"]?["level"]?.stringValue else { return nil }
                return (id, level)
            }) { first, _ in first }
            return (run["results"]?.arrayValue ?? []).map { result in
                let location = result["locations"]?.arrayValue?.first?["physicalLocation"]
                let region = location?["region"]
                let ruleId = result["ruleId"]?.stringValue ?? result["rule"]?["id"]?.stringValue
                let severity: Severity = switch result["level"]?.stringValue ?? ruleId.flatMap({ defaults[$0] }) {
                case "error": .error
                case "note", "none": .info
                default: .warning
                }
                return Diagnostic(
                    rule: ruleId, severity: severity,
                    message: result["message"]?["text"]?.stringValue ?? result["message"]?["markdown"]?.stringValue ?? "",
                    file: location?["artifactLocation"]?["uri"]?.stringValue.map { absolute(uri: $0, root: root) },
                    line: region?["startLine"].flatMap(int) ?? 1, column: region?["startColumn"].flatMap(int) ?? 1,
                    endLine: region?["endLine"].flatMap(int), endColumn: region?["endColumn"].flatMap(int))
            }
        }
    }

    /// The `findings` of a gatekeeper JSON report (version 1); nil without them.
    static func gatekeeperJSON(_ report: JSONValue, root: String) -> [Diagnostic]? {
        guard let findings = report["findings"]?.arrayValue else { return nil }
        return findings.map { finding in
            // A severity it does not name (or none) fails closed.
            Diagnostic(rule: finding["ruleId"]?.stringValue, severity: finding["severity"]?.stringValue.flatMap(Severity.init) ?? .error,
                       message: finding["message"]?.stringValue ?? "", file: finding["file"]?.stringValue.map { absolute($0, root: root) },
                       line: finding["line"].flatMap(int) ?? 1, column: finding["column"].flatMap(int) ?? 1,
                       endLine: finding["endLine"].flatMap(int), endColumn: finding["endColumn"].flatMap(int))
        }
    }

    private static func int(_ value: JSONValue) -> Int? {
        guard case let .number(number) = value, number >= 1, number < 1e9 else { return nil }
        return Int(number)
    }

    private static func absolute(_ path: String, root: String) -> String { Paths.absolute(path, relativeTo: root) }

    /// A SARIF artifact URI: `file:///abs/path` or a path relative to the tool's folder, percent-encoded.
    private static func absolute(uri: String, root: String) -> String {
        var path = uri
        if path.hasPrefix("file://") { path.removeFirst("file://".count) }
        return absolute(path.removingPercentEncoding ?? path, root: root)
    }
}
