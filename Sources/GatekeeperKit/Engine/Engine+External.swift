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
            switch check.run(in: root, paths: paths) {
            case let .failure(failure):
                return [Finding(rule: EngineRules.externalCheckFailed, message: "external check '\(check.id)' failed: \(failure.description)",
                                file: configFile, line: 1, column: 1)]
            case let .success(diagnostics):
                return diagnostics.map { Self.finding($0, of: check, configFile: configFile) }
            }
        }.flatMap { $0 }
    }

    private static func finding(_ diagnostic: ExternalOutput.Diagnostic, of check: ExternalCheck, configFile: String) -> Finding {
        let theirs = diagnostic.rule.map { $0.replacingOccurrences(of: " ", with: "-") } ?? "diagnostic"
        let rule = Rule(id: "\(check.id)/\(theirs)", severity: diagnostic.severity, summary: "Reported by the external check '\(check.id)'.",
                        description: "Run as \(check.command.joined(separator: " ")); see that tool's documentation.", triggering: [], nonTriggering: [])
        var finding = Finding(rule: rule, message: diagnostic.message.isEmpty ? theirs : diagnostic.message,
                              file: diagnostic.file.map(Paths.display) ?? configFile, line: diagnostic.line, column: diagnostic.column,
                              endLine: diagnostic.endLine, endColumn: diagnostic.endColumn)
        finding.severity = diagnostic.severity
        return finding
    }
}
