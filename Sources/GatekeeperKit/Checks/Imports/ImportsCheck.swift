import Foundation

/// `imports`: sorted, de-duplicated imports in the grouping of the formatter a team uses.
public struct ImportsCheck: Check {
    public static let id = "imports"
    public static let summary = "Import ordering and duplicates, checked and fixed."

    public static let order = Rule(id: "imports/order", severity: .warning, fixable: true,
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
        `firstParty`), `@testable`. Without a configured style, the nearest `.swift-format`, `.swiftformat` or \
        `.swiftlint.yml` decides (and a formatter that does not sort imports leaves only duplicates); the formatters' \
        skip markers and excluded paths are honoured. Comments directly above an import move with it; the file header \
        stays. A declaration import written above its module's import stays above it.
        """,
        triggering: """
            import Foundation
            import Dispatch

            """,
        nonTriggering: """
            import Dispatch
            import Foundation

            """)

    public static let duplicate = Rule(id: "imports/duplicate", severity: .warning, fixable: true,
        summary: "An import repeats or is covered by another import of the same module.",
        description: """
        An exact repeat is removed. `import X` beside `@testable import X` (or any import whose \
        attributes include its own) is redundant. A declaration import (`import struct Foundation.Date`) \
        beside `import Foundation` is redundant. Of `public import X` and `import X` the wider is kept. \
        Comments of a removed import are kept with the import that stays.
        """,
        triggering: """
            import Foundation
            import Foundation

            """,
        nonTriggering: """
            import Foundation
            @testable import Gatekeeper

            """)

    public static let rules: [Rule] = [order, duplicate]

    private(set) var style: ImportStyle
    /// Whether `checks.imports.style` was set: then formatter configs do not decide.
    let styleIsConfigured: Bool
    /// Whether runs inside `#if` blocks are checked (each branch on its own); `includeConditionalImports`.
    private let conditionalImports: Bool?
    private var formatters: [FormatterConfig] = []
    /// Per folder, the nearest formatter config: the same for all of a folder's files.
    private var formatterOfFolder = Memo<String, FormatterConfig?>()
    public private(set) var notes: [String] = []
    let extraFirstParty: Set<String>
    let systemModules: Set<String>
    private var manifests = Manifests()

    public init(options: CheckOptions) throws {
        let configuredStyle = try options.string("style")
        styleIsConfigured = configuredStyle != nil
        let styleName = configuredStyle ?? "swift-format"
        let grouping = try options.string("importGrouping").map(SwiftFormatGrouping.init) ?? SwiftFormatGrouping.standard
        extraFirstParty = Set(try options.strings("firstParty") ?? [])
        systemModules = Set(RulePacks.systemModules + (try options.strings("systemModules") ?? []))
        let sectionNames = try options.strings("sections") ?? ImportSection.allCases.map(\.rawValue)
        let sections = try sectionNames.map { name in
            guard let section = ImportSection(rawValue: name) else {
                throw ConfigurationError("checks.imports.sections: unknown section '\(name)' (expected " +
                    "\(ImportSection.allCases.map(\.rawValue).joined(separator: ", ")))")
            }
            return section
        }
        switch styleName {
        case "swift-format": style = .swiftFormat
        case "swiftformat": style = .swiftFormatTool(grouping)
        case "sections": style = .sections(sections)
        default: throw ConfigurationError("checks.imports.style must be \"swift-format\", \"swiftformat\" or \"sections\", not \"\(styleName)\"")
        }
        conditionalImports = try options.bool("includeConditionalImports")
    }

    /// swift-format leaves imports inside `#if` alone unless told otherwise; SwiftFormat and
    /// isort-style sections sort every branch.
    private var includeConditionalImports: Bool {
        if let conditionalImports { return conditionalImports }
        if case .swiftFormat = style { return false }
        return true
    }

    /// The sections style needs the first-party modules of the nearest manifest; without a
    /// configured style, the nearest formatter config decides.
    public var inputs: [InputRequest] {
        var inputs: [InputRequest] = styleIsConfigured ? [] : FormatterConfig.fileNames.map { .nearest(named: $0) }
        if case .sections = style { inputs.append(.nearest(named: "Package.swift")) }
        return inputs
    }

    public func configured(with inputs: [InputFile]) throws -> ImportsCheck {
        var check = self
        check.manifests = Manifests(inputs.filter { $0.absolutePath.hasSuffix("/Package.swift") })
        check.formatters = inputs.filter { input in FormatterConfig.fileNames.contains { input.absolutePath.hasSuffix("/" + $0) } }
            .compactMap(FormatterConfig.load)
        check.formatterOfFolder = Memo()
        check.notes = check.formatters.map(\.note)
        return check
    }

    // MARK: - Analysis

    /// The formatter's skip markers and excluded paths leave a file's imports alone; its config
    /// (when `style` is not configured) gives the style, or turns sorting off.
    public func analyze(_ file: SourceFile) -> FileAnalysis<Never> {
        var check = self
        var (reportsOrder, reportsDuplicates) = (true, true)
        // A folder any config above excludes is one the formatter never enters (nested configs included).
        if formatters.contains(where: { $0.excludes(file.absolutePath) }) { return FileAnalysis() }
        if !styleIsConfigured, let formatter = formatterOfFolder.value(for: Paths.folder(of: file.absolutePath), {
            FormatterConfig.nearest(formatters, to: file.absolutePath)
        }) {
            if let style = formatter.style { check.style = style } else { reportsOrder = false }
            reportsDuplicates = reportsDuplicates && formatter.removesDuplicates
        }
        let findings = check.findings(in: file)
        // The file's comments are searched for the formatters' markers only when there is something to skip.
        guard !findings.isEmpty else { return FileAnalysis() }
        let skips = FormatterMarkers.skips(in: file)
        (reportsOrder, reportsDuplicates) = (reportsOrder && !skips.order, reportsDuplicates && !skips.duplicates)
        return FileAnalysis(findings: findings.filter { $0.rule == Self.order ? reportsOrder : reportsDuplicates })
    }

    private func findings(in file: SourceFile) -> [Finding] {
        let sectionOf = sectionClassifier(for: file)
        var findings: [Finding] = []
        for run in ImportRunParser.runs(in: file, blankLinesSeparateRuns: style.blankLinesSeparateRuns)
        where includeConditionalImports || !run.isConditional {
            let written = file.text(bytes: run.byteRange)
            let lineBreak = Self.lineBreak(of: written, file: file)
            let (kept, duplicates) = Self.removeDuplicates(run.imports)
            for duplicate in duplicates {
                let removed = duplicate.removed
                findings.append(Finding(rule: Self.duplicate, message: duplicate.reason, file: file.path, line: removed.line, column: removed.column,
                                        endColumn: removed.column + removed.text.utf8.count,
                                        fix: Self.removal(of: removed, keeper: duplicate.keeper, lineBreak: lineBreak)))
            }
            // Order is judged without the duplicates (their removal is the other rule's fix); the
            // fix sorts every import of the run, so it never removes one.
            let ordered = style.order(run.imports, sectionModules: sectionOf)
            let keptOrdered = duplicates.isEmpty ? ordered.map(\.0) : style.order(kept, sectionModules: sectionOf).map(\.0)
            // Rendered only when it is asked for: most runs are in order.
            var rendered = Deferred { render(ordered, run: run, lineBreak: lineBreak, file: file) }
            guard let (declaration, message) = orderProblem(kept, keptOrdered, hasDuplicates: !duplicates.isEmpty,
                                                            changesLayout: { rendered.value != written })
            else { continue }
            var finding = Finding(rule: Self.order, message: message, file: file.path, line: declaration.line, column: declaration.column,
                                  endColumn: declaration.column + declaration.text.utf8.count,
                                  fix: Fix(title: "Sort the imports", edits: [Edit(range: run.byteRange, replacement: rendered.value)]))
            // A suppression anywhere over the run covers it: the run is sorted as one.
            finding.lineSpan = run.firstLine...file.location(ofByte: max(run.byteRange.lowerBound, run.byteRange.upperBound - 1)).line
            findings.append(finding)
        }
        return findings
    }

    /// The first import out of place, or the first layout problem, of a run without its duplicates.
    private func orderProblem(_ kept: [ImportDeclaration], _ ordered: [ImportDeclaration], hasDuplicates: Bool,
                              changesLayout: () -> Bool) -> (ImportDeclaration, String)? {
        for (written, expected) in zip(kept, ordered) where written.originalIndex != expected.originalIndex {
            return (written, "`\(expected.display)` should come before `\(written.display)` (\(style.name) style)")
        }
        // swift-format's lint accepts any blank lines between sorted imports (its formatter
        // regroups them); to agree with it, that style reports order only.
        switch style {
        case .swiftFormat, .swiftLint: return nil
        case .swiftFormatTool, .sections: break
        }
        guard !hasDuplicates, changesLayout(), let first = kept.first else { return nil }
        if let sharedLine = Dictionary(grouping: kept, by: \.line).values.first(where: { $0.count > 1 }) {
            return (sharedLine[1], "put each import on its own line")
        }
        if case .swiftFormatTool = style { return (first, "remove the blank lines between imports (swiftformat style, as its blankLinesBetweenImports)") }
        return (first, "separate import groups with one blank line and no blank lines inside a group (\(style.name) style)")
    }

    /// The fix of a redundant import: delete it; when its whole line goes, its comments move to
    /// the import that stays (a trailing comment onto that import's line when it has none).
    private static func removal(of removed: ImportDeclaration, keeper: ImportDeclaration, lineBreak: String) -> Fix {
        var edits = [Edit(range: removed.removalRange, replacement: "")]
        if removed.isAloneOnLine {
            var movedLines = removed.leadingComments
            let trailing = removed.trailingComment.trimmingCharacters(in: .whitespaces)
            if !trailing.isEmpty, trailing != ";" {
                if keeper.isLastOnLine, keeper.trailingComment.trimmingCharacters(in: .whitespaces).isEmpty {
                    let end = keeper.textRange.upperBound
                    edits.append(Edit(range: end..<(end + keeper.trailingComment.utf8.count), replacement: removed.trailingComment))
                } else {
                    movedLines.append(keeper.indentation + trailing)
                }
            }
            if !movedLines.isEmpty {
                edits.append(Edit(range: keeper.lineStart..<keeper.lineStart, replacement: movedLines.map { $0 + lineBreak }.joined()))
            }
        }
        return Fix(title: "Remove the redundant import", edits: edits)
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

    /// The run in its new order. Each import keeps its own line ending (a file with mixed endings
    /// keeps them), and so do the comments above it; a new blank line takes the run's first.
    private func render(_ ordered: [(ImportDeclaration, Int)], run: ImportRun, lineBreak: String, file: SourceFile) -> String {
        var lines: [(text: String, ending: String)] = []
        var previousGroup: Int?
        for (declaration, group) in ordered {
            if style.separatesGroups, let previousGroup, previousGroup != group { lines.append(("", lineBreak)) }
            previousGroup = group
            let ending = Self.ending(of: declaration, in: file) ?? lineBreak
            lines += declaration.leadingComments.map { ($0, ending) }
            lines.append((declaration.indentation + declaration.text + declaration.trailingComment, ending))
        }
        return lines.indices.map { index in
            lines[index].text + (index < lines.count - 1 || run.endsWithLineBreak ? lines[index].ending : "")
        }.joined()
    }

    /// The line break after an import's line (and its trailing comment); nil at the end of the file.
    private static func ending(of declaration: ImportDeclaration, in file: SourceFile) -> String? {
        let end = declaration.textRange.upperBound + declaration.trailingComment.utf8.count
        guard end < file.bytes.count else { return nil }
        switch file.bytes[end] {
        case 0x0A: return "\n"
        case 0x0D: return end + 1 < file.bytes.count && file.bytes[end + 1] == 0x0A ? "\r\n" : "\r"
        default: return nil
        }
    }

    // MARK: - Duplicates

    /// Splits a run into the imports to keep and the redundant ones, each with the import that
    /// covers it. Only imports of one module can cover each other, and exact repeats are found
    /// by hashing, so a run of any size costs about its length.
    static func removeDuplicates(_ imports: [ImportDeclaration]) -> ([ImportDeclaration], [(removed: ImportDeclaration, keeper: ImportDeclaration,
        reason: String)]) {
        // Imports of distinct modules neither repeat nor cover one another (most files): nothing to compare.
        var modules = Set<String>()
        if imports.allSatisfy({ modules.insert($0.module).inserted }) { return (imports, []) }
        var removed: [Int: ImportDeclaration] = [:]
        var firstOfText: [String: ImportDeclaration] = [:]
        var byModule: [String: [ImportDeclaration]] = [:]
        for declaration in imports {
            let key = declaration.identity
            if let first = firstOfText[key] {
                removed[declaration.originalIndex] = first
            } else {
                firstOfText[key] = declaration
                byModule[declaration.module, default: []].append(declaration)
            }
        }
        for group in byModule.values where group.count > 1 {
            var kept = group
            var index = 0
            while index < kept.count {
                let candidate = kept[index]
                if let keeper = kept.indices.first(where: { $0 != index && covers(kept[$0], candidate, candidateIsLater: $0 < index) }).map({ kept[$0] }) {
                    removed[candidate.originalIndex] = keeper
                    kept.remove(at: index)
                    continue
                }
                index += 1
            }
        }
        let duplicates = imports.compactMap { declaration in
            removed[declaration.originalIndex].map { (declaration, $0, reason(removed: declaration, keeper: $0)) }
        }
        return (imports.filter { removed[$0.originalIndex] == nil }, duplicates)
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
        let firstParty = extraFirstParty.union((manifests.nearest(to: file.absolutePath)?.modules ?? []))
        let system = systemModules
        return { declaration in
            if declaration.isTestable { return .testable }
            if system.contains(declaration.module) { return .system }
            if firstParty.contains(declaration.module) { return .firstParty }
            return .thirdParty
        }
    }
}
