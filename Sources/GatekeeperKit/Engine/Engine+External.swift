import Foundation

/// External checks: each tool runs once per `check`, in the project root, and its diagnostics
/// become findings under `<id>/<its rule id>` that pass the same gate as every other finding.
extension Engine {
    func runExternalChecks(over files: [Discovery.File], scope: Scope?, jobs: Int) -> [Finding] {
        // A run with nothing to check (no Swift file staged) runs no tool either.
        guard !externalChecks.isEmpty, !files.isEmpty else { return [] }
        let root = configuration.rootDirectory
        let swiftFiles = files.filter { $0.absolutePath.hasSuffix(".swift") }
        let configFile = configuration.path.map(Paths.display) ?? Configuration.fileName
        return Parallel.map(externalChecks, jobs: jobs) { check -> [Finding] in
            let paths: [String]
            switch check.files {
            case .none: paths = []
            case .all: paths = swiftFiles.map(\.relativePath)
            case .changed: paths = swiftFiles.filter { scope?.covers($0.absolutePath) ?? true }.map(\.relativePath)
            }
            // Nothing of the kind it checks is in this run (e.g. no Swift file staged).
            if check.files != .none, paths.isEmpty { return [] }
            // A file named like an option (`--version.swift`) reaches the tool as a path.
            switch check.run(in: root, paths: paths.map { $0.hasPrefix("-") ? "./" + $0 : $0 }) {
            case let .failure(failure):
                return [Self.failed(check, failure.description, configFile: configFile)]
            case let .success(diagnostics):
                return Self.findings(diagnostics, of: check, root: root, configFile: configFile)
            }
        }.flatMap { $0 }
    }

    private static func failed(_ check: ExternalCheck, _ why: String, configFile: String) -> Finding {
        Finding(rule: EngineRules.externalCheckFailed, message: "external check '\(check.id)' failed: \(why)", file: configFile, line: 1, column: 1,
                extra: [("tool", check.id)])
    }

    /// A tool's diagnostics as findings, inside the project only: one about a file outside it (a
    /// `../../etc/passwd`, a link out of the tree) is not shown, nor its lines read; and an error
    /// about a file that is no Swift source (the tool's own config) means the tool could not do
    /// its job. Each becomes one `gatekeeper/external-check-failed`, which no scope drops.
    private static func findings(_ diagnostics: [ExternalOutput.Diagnostic], of check: ExternalCheck, root: String,
                                 configFile: String) -> [Finding] {
        let realRoot = Paths.realPath(root)
        var (outside, ownErrors, findings) = ([ExternalOutput.Diagnostic](), [ExternalOutput.Diagnostic](), [Finding]())
        for diagnostic in diagnostics {
            if let file = diagnostic.file, !Paths.isInside(file, root) || !Paths.isInside(Paths.realPath(file), realRoot) {
                outside.append(diagnostic)
            } else if diagnostic.severity == .error, !(diagnostic.file ?? configFile).hasSuffix(".swift") {
                ownErrors.append(diagnostic)
            } else {
                findings.append(finding(diagnostic, of: check, configFile: configFile))
            }
        }
        if let first = outside.first {
            findings.append(failed(check, "it reported \(outside.count) diagnostic\(outside.count == 1 ? "" : "s") about files outside the project "
                + "(first: \(first.file ?? "")); they are not shown", configFile: configFile))
        }
        if let first = ownErrors.first {
            findings.append(failed(check, "it reported an error about \(first.file.map(Paths.display) ?? configFile), no Swift source: \(first.message)",
                                   configFile: configFile))
        }
        return findings
    }

    private static func finding(_ diagnostic: ExternalOutput.Diagnostic, of check: ExternalCheck, configFile: String) -> Finding {
        // A tool's rule id becomes part of ours: only the characters an id has (no control character, no line break).
        let theirs = diagnostic.rule.map { String($0.unicodeScalars.map { scalar in
            CharacterSet.alphanumerics.contains(scalar) || "._/-".unicodeScalars.contains(scalar) ? Character(scalar) : "-"
        }) } ?? "diagnostic"
        let rule = Rule(id: "\(check.id)/\(theirs)", severity: diagnostic.severity, summary: "Reported by the external check '\(check.id)'.",
                        description: "Run as \(check.command.joined(separator: " ")); see that tool's documentation.", triggering: [], nonTriggering: [])
        var finding = Finding(rule: rule, message: diagnostic.message.isEmpty ? theirs : diagnostic.message,
                              file: diagnostic.file.map(Paths.display) ?? configFile, line: diagnostic.line, column: diagnostic.column,
                              endLine: diagnostic.endLine, endColumn: diagnostic.endColumn)
        finding.severity = diagnostic.severity
        return finding
    }
}
