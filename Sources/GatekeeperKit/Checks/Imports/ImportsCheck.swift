import Foundation

/// `imports`: sorted, de-duplicated imports in the grouping of the formatter a team uses.
public struct ImportsCheck: Check {
    public static let id = "imports"
    public static let summary = "Import ordering and duplicates, checked and fixed."

    public static let rules: [Rule] = [
        Rule(id: "imports/order", severity: .warning, fixable: true,
             summary: "Imports are not sorted and grouped as the configured style expects.",
             description: """
             Each contiguous run of top-level imports is sorted on its own; imports never move across \
             code or `#if` lines, and each `#if` branch is its own run (checked by default in the \
             `swiftformat` and `sections` styles; in `swift-format` style only with \
             `includeConditionalImports: true`, as swift-format). Style `swift-format` (default) matches swift-format's OrderedImports: \
             regular imports, then declaration imports, then `@_implementationOnly`, then `@testable`, \
             one blank line between groups, sorted case-sensitively by module path. Style `swiftformat` \
             matches SwiftFormat's sortImports (`importGrouping`, default `access-control,alpha`). Style \
             `sections` groups like isort: system, third party, first party (from Package.swift and \
             `firstParty`), `@testable`. Comments directly above an import move with it; the file header \
             stays. A declaration import written above its module's import stays above it.
             """,
             triggering: "import Foundation\nimport Dispatch\n",
             nonTriggering: "import Dispatch\nimport Foundation\n"),
        Rule(id: "imports/duplicate", severity: .warning, fixable: true,
             summary: "An import repeats or is covered by another import of the same module.",
             description: """
             An exact repeat is removed. `import X` beside `@testable import X` (or any import whose \
             attributes include its own) is redundant. A declaration import (`import struct Foundation.Date`) \
             beside `import Foundation` is redundant. Of `public import X` and `import X` the wider is kept. \
             Comments of a removed import are kept with the import that stays.
             """,
             triggering: "import Foundation\nimport Foundation\n",
             nonTriggering: "import Foundation\n@testable import Gatekeeper\n"),
    ]

    let style: ImportStyle
    /// `imports/duplicate` is on: duplicates are reported and removed.
    let removesDuplicates: Bool
    /// Whether runs inside `#if` blocks are checked (each branch on its own).
    let includeConditionalImports: Bool
    let extraFirstParty: Set<String>
    let systemModules: Set<String>
    private let manifests = ManifestModules()

    public init(options: CheckOptions) throws {
        removesDuplicates = !options.disabledRules.contains("imports/duplicate")
        let styleName = try options.string("style") ?? "swift-format"
        let grouping = try options.string("importGrouping").map(SwiftFormatGrouping.init) ?? SwiftFormatGrouping.standard
        extraFirstParty = Set(try options.strings("firstParty") ?? [])
        systemModules = Set(RulePacks.systemModules + (try options.strings("systemModules") ?? []))
        let sectionNames = try options.strings("sections") ?? ImportSection.allCases.map(\.rawValue)
        let sections = try sectionNames.map { name in
            guard let section = ImportSection(rawValue: name) else {
                throw ConfigurationError("checks.imports.sections: unknown section '\(name)' (expected \(ImportSection.allCases.map(\.rawValue).joined(separator: ", ")))")
            }
            return section
        }
        switch styleName {
        case "swift-format": style = .swiftFormat
        case "swiftformat": style = .swiftFormatTool(grouping)
        case "sections": style = .sections(sections)
        default: throw ConfigurationError("checks.imports.style must be \"swift-format\", \"swiftformat\" or \"sections\", not \"\(styleName)\"")
        }
        // swift-format leaves imports inside `#if` alone unless told otherwise; SwiftFormat
        // and isort-style sections sort every branch.
        includeConditionalImports = try options.bool("includeConditionalImports") ?? (styleName != "swift-format")
    }

    // MARK: - Analysis

    /// What one run should become.
    private struct Plan {
        var run: ImportRun
        var kept: [ImportDeclaration]
        var duplicates: [(removed: ImportDeclaration, keeper: ImportDeclaration, reason: String)]
        var ordered: [(ImportDeclaration, Int)]
        var rendered: String
        var original: String
    }

    private func plans(_ file: SourceFile) -> [Plan] {
        let sectionOf = sectionClassifier(for: file)
        let runs = ImportRunParser.runs(in: file, blankLinesSeparateRuns: style.blankLinesSeparateRuns)
        return runs.filter { includeConditionalImports || !$0.isConditional }.map { run in
            let (kept, duplicates) = removesDuplicates ? Self.removeDuplicates(run.imports) : (run.imports, [])
            let ordered = style.order(kept, sectionModules: sectionOf)
            let original = file.text(bytes: run.byteRange)
            return Plan(run: run, kept: kept, duplicates: duplicates, ordered: ordered,
                        rendered: render(ordered, run: run, lineBreak: Self.lineBreak(of: original, file: file)), original: original)
        }
    }

    public func analyze(_ file: SourceFile) -> FileAnalysis<Never> {
        var findings: [Finding] = []
        for plan in plans(file) {
            for duplicate in plan.duplicates {
                findings.append(Finding(rule: Self.rule("imports/duplicate"), message: duplicate.reason, file: file.path,
                                        line: duplicate.removed.line, column: duplicate.removed.column,
                                        endColumn: duplicate.removed.column + duplicate.removed.text.utf8.count))
            }
            if let (declaration, message) = orderProblem(plan) {
                findings.append(Finding(rule: Self.rule("imports/order"), message: message, file: file.path,
                                        line: declaration.line, column: declaration.column,
                                        endColumn: declaration.column + declaration.text.utf8.count))
            }
        }
        return FileAnalysis(findings: findings)
    }

    /// The first import out of place, or the first layout problem, of a run.
    private func orderProblem(_ plan: Plan) -> (ImportDeclaration, String)? {
        for (written, expected) in zip(plan.kept, plan.ordered.map(\.0)) where written.originalIndex != expected.originalIndex {
            return (written, "`\(expected.display)` should come before `\(written.display)` (\(style.name) style)")
        }
        // swift-format's lint accepts any blank lines between sorted imports (its formatter
        // regroups them); to agree with it, that style reports order only, and `fix` lays out.
        if case .swiftFormat = style { return nil }
        guard plan.duplicates.isEmpty, plan.rendered != plan.original, let first = plan.kept.first else { return nil }
        let sharedLine = Dictionary(grouping: plan.kept, by: \.line).values.first { $0.count > 1 }
        if let sharedLine {
            return (sharedLine[1], "put each import on its own line")
        }
        return (first, "separate import groups with one blank line and no blank lines inside a group (\(style.name) style)")
    }

    // MARK: - Fix

    public func fix(_ file: SourceFile) -> [UInt8]? {
        var bytes = file.bytes
        var changed = false
        // Back to front, so earlier byte ranges stay valid.
        for plan in plans(file).reversed() where plan.rendered != plan.original {
            // A suppression above the run (or on any of its imports) leaves it as written.
            let suppressed = plan.run.imports.contains { declaration in
                !file.suppressions.matching(ruleId: "imports/order", line: declaration.line).isEmpty
                    || !file.suppressions.matching(ruleId: "imports/duplicate", line: declaration.line).isEmpty
            }
            if suppressed { continue }
            bytes.replaceSubrange(plan.run.byteRange, with: Array(plan.rendered.utf8))
            changed = true
        }
        return changed ? bytes : nil
    }

    // MARK: - Rendering

    private static func lineBreak(of text: String, file: SourceFile) -> String {
        // Use the run's own line break, else the file's first, else LF.
        for candidate in [Array(text.utf8), Array(file.bytes.prefix(4096))] {
            if let index = candidate.firstIndex(where: { $0 == 0x0A || $0 == 0x0D }) {
                if candidate[index] == 0x0A { return "\n" }
                return index + 1 < candidate.count && candidate[index + 1] == 0x0A ? "\r\n" : "\r"
            }
        }
        return "\n"
    }

    private func render(_ ordered: [(ImportDeclaration, Int)], run: ImportRun, lineBreak: String) -> String {
        var lines: [String] = []
        var previousGroup: Int?
        for (declaration, group) in ordered {
            if style.separatesGroups, let previousGroup, previousGroup != group { lines.append("") }
            previousGroup = group
            lines += declaration.leadingComments
            lines.append(declaration.indentation + declaration.text + declaration.trailingComment)
        }
        return lines.joined(separator: lineBreak) + (run.endsWithLineBreak ? lineBreak : "")
    }

    // MARK: - Duplicates

    /// Splits a run into the imports to keep and the redundant ones, each with the import
    /// that covers it. Comments of a removed import move to the one that stays.
    static func removeDuplicates(_ imports: [ImportDeclaration]) -> ([ImportDeclaration], [(removed: ImportDeclaration, keeper: ImportDeclaration, reason: String)]) {
        var kept = imports
        var removed: [(ImportDeclaration, ImportDeclaration, String)] = []
        var index = 0
        while index < kept.count {
            let candidate = kept[index]
            if let keeperIndex = kept.indices.first(where: { $0 != index && covers(kept[$0], candidate, candidateIsLater: $0 < index) }) {
                let keeper = kept[keeperIndex]
                removed.append((candidate, keeper, reason(removed: candidate, keeper: keeper)))
                kept[keeperIndex].leadingComments += candidate.leadingComments
                let comment = candidate.trailingComment.trimmingCharacters(in: .whitespaces)
                if !comment.isEmpty, comment != ";" {
                    if kept[keeperIndex].trailingComment.trimmingCharacters(in: .whitespaces).isEmpty {
                        kept[keeperIndex].trailingComment = candidate.trailingComment
                    } else {
                        kept[keeperIndex].leadingComments.append(candidate.indentation + comment)
                    }
                }
                kept.remove(at: index)
                continue
            }
            index += 1
        }
        return (kept, removed)
    }

    /// Whether `keeper` makes `candidate` redundant. Of two identical imports the later one goes.
    private static func covers(_ keeper: ImportDeclaration, _ candidate: ImportDeclaration, candidateIsLater: Bool) -> Bool {
        let samePath = keeper.kind == candidate.kind && keeper.path == candidate.path
        let wholeModule = keeper.kind == nil && candidate.kind != nil && keeper.path == [candidate.module]
        guard samePath || wholeModule else { return false }
        guard Set(candidate.attributes).isSubset(of: Set(keeper.attributes)), candidate.accessRank <= keeper.accessRank else { return false }
        let identical = samePath && Set(candidate.attributes) == Set(keeper.attributes) && candidate.accessRank == keeper.accessRank
        return !identical || candidateIsLater
    }

    private static func reason(removed: ImportDeclaration, keeper: ImportDeclaration) -> String {
        let line = "line \(keeper.line)"
        if removed.kind != nil && keeper.kind == nil {
            return "`\(removed.display)` is redundant: `\(keeper.display)` (\(line)) imports the whole module"
        }
        if removed.accessRank < keeper.accessRank {
            return "`\(removed.display)` is redundant beside `\(keeper.display)` (\(line)); keeping the wider access level"
        }
        if Set(removed.attributes) != Set(keeper.attributes) {
            return "`\(removed.display)` is redundant beside `\(keeper.display)` (\(line))"
        }
        return "duplicate `\(removed.display)` (already imported on \(line))"
    }

    // MARK: - Sections

    private func sectionClassifier(for file: SourceFile) -> (ImportDeclaration) -> ImportSection {
        guard case .sections = style else { return { _ in .thirdParty } }
        let firstParty = extraFirstParty.union(manifests.modules(near: Paths.absolute(file.path)))
        let system = systemModules
        return { declaration in
            if declaration.isTestable { return .testable }
            if system.contains(declaration.module) { return .system }
            if firstParty.contains(declaration.module) { return .firstParty }
            return .thirdParty
        }
    }
}
