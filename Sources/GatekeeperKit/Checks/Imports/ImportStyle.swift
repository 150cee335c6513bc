import Foundation

/// How imports are grouped and ordered.
enum ImportStyle: Sendable {
    /// swift-format's OrderedImports: regular, declaration, `@_implementationOnly`, `@testable`
    /// groups, one blank line between them; case-sensitive by dotted path.
    case swiftFormat
    /// nicklockwood/SwiftFormat's sortImports with its `--import-grouping` options; a blank
    /// line ends a block and no blank lines are inserted.
    case swiftFormatTool(SwiftFormatGrouping)
    /// isort-style sections in the given order, a blank line between them.
    case sections([ImportSection])
    /// SwiftLint's `sorted_imports`: alphabetical, ignoring case, within blocks split by blank lines.
    case swiftLint

    var name: String {
        switch self {
        case .swiftFormat: return "swift-format"
        case .swiftFormatTool: return "swiftformat"
        case .sections: return "sections"
        case .swiftLint: return "SwiftLint sorted_imports"
        }
    }

    /// SwiftFormat ends a block at a blank line (unless its `blankLinesBetweenImports` rule merges
    /// them first); swift-format and the sections style regroup across blank lines.
    var blankLinesSeparateRuns: Bool {
        if case let .swiftFormatTool(grouping) = self { return !grouping.mergesBlocks }
        if case .swiftLint = self { return true }
        return false
    }

    /// Whether groups are separated by a blank line in the output (SwiftFormat inserts none).
    var separatesGroups: Bool {
        switch self {
        case .swiftFormatTool, .swiftLint: return false
        case .swiftFormat, .sections: return true
        }
    }

    /// The group key and sort order of a run's imports (duplicates already removed).
    func order(_ imports: [ImportDeclaration], sectionModules: (ImportDeclaration) -> ImportSection) -> [(ImportDeclaration, Int)] {
        let keyed: [(ImportDeclaration, Int)]
        switch self {
        case .swiftFormat:
            keyed = imports.map { declaration in
                let group = declaration.isTestable ? 3 : declaration.isImplementationOnly ? 2 : declaration.isDeclarationImport ? 1 : 0
                return (declaration, group)
            }.sorted { lhs, rhs in
                if lhs.1 != rhs.1 { return lhs.1 < rhs.1 }
                if lhs.0.dottedPath != rhs.0.dottedPath { return Self.codePointLess(lhs.0.dottedPath, rhs.0.dottedPath) }
                return lhs.0.originalIndex < rhs.0.originalIndex
            }
        case let .swiftFormatTool(grouping):
            keyed = imports.map { declaration in
                let partition = grouping.testable == .first ? (declaration.isTestable ? 0 : 1)
                    : grouping.testable == .last ? (declaration.isTestable ? 1 : 0) : 0
                return (declaration, partition)
            }.sorted { lhs, rhs in
                if lhs.1 != rhs.1 { return lhs.1 < rhs.1 }
                if grouping.accessControl, lhs.0.accessLevel != rhs.0.accessLevel {
                    // Most visible first; unlabeled imports last.
                    let left = lhs.0.accessLevel == nil ? -1 : lhs.0.accessRank
                    let right = rhs.0.accessLevel == nil ? -1 : rhs.0.accessRank
                    if left != right { return left > right }
                }
                if grouping.byLength {
                    let left = lhs.0.dottedPath.count, right = rhs.0.dottedPath.count
                    if left != right { return left < right }
                    return lhs.0.originalIndex < rhs.0.originalIndex
                }
                return Self.alphaLess(lhs.0, rhs.0)
            }.map { ($0.0, 0) }
        case .swiftLint:
            keyed = imports.sorted { Self.alphaLess($0, $1) }.map { ($0, 0) }
        case let .sections(order):
            keyed = imports.map { declaration in
                (declaration, order.firstIndex(of: sectionModules(declaration)) ?? order.count)
            }.sorted { lhs, rhs in
                if lhs.1 != rhs.1 { return lhs.1 < rhs.1 }
                return Self.alphaLess(lhs.0, rhs.0)
            }
        }
        return Self.keepingUnsafePairs(keyed)
    }

    /// Case-insensitive with a case-sensitive tie-break, as SwiftFormat and isort compare.
    static func alphaLess(_ lhs: ImportDeclaration, _ rhs: ImportDeclaration) -> Bool {
        let left = lhs.dottedPath.lowercased(), right = rhs.dottedPath.lowercased()
        if left != right { return codePointLess(left, right) }
        if lhs.dottedPath != rhs.dottedPath { return codePointLess(lhs.dottedPath, rhs.dottedPath) }
        return lhs.originalIndex < rhs.originalIndex
    }

    static func codePointLess(_ lhs: String, _ rhs: String) -> Bool {
        lhs.unicodeScalars.lexicographicallyPrecedes(rhs.unicodeScalars)
    }

    /// A declaration import written before its module's import (`@preconcurrency import class
    /// Lib.X` above `import Lib`) must stay before it or the build breaks; such an import is
    /// moved back directly before its module's import, into that import's group.
    static func keepingUnsafePairs(_ sorted: [(ImportDeclaration, Int)]) -> [(ImportDeclaration, Int)] {
        var result = sorted
        for declaration in sorted.map(\.0) where declaration.isDeclarationImport {
            guard let position = result.firstIndex(where: { $0.0.originalIndex == declaration.originalIndex }) else { continue }
            guard let moduleImport = result.firstIndex(where: { other in
                !other.0.isDeclarationImport && other.0.path == [declaration.module] && other.0.originalIndex > declaration.originalIndex
            }), moduleImport < position else { continue }
            let moved = result.remove(at: position)
            result.insert((moved.0, result[moduleImport].1), at: moduleImport)
        }
        return result
    }
}

struct SwiftFormatGrouping: Sendable, Equatable {
    enum Testable: Sendable { case first, last, mixed }
    var accessControl = true
    var byLength = false
    var testable = Testable.mixed
    /// SwiftFormat's `blankLinesBetweenImports` (on by default in a `.swiftformat` project)
    /// removes blank lines between imports, so its blocks merge before they are sorted.
    var mergesBlocks = false

    /// Parses SwiftFormat's `--import-grouping` value: a comma list of `alpha`, `length`,
    /// `access-control`, `testable-first`, `testable-last`.
    init(_ value: String) throws {
        accessControl = false
        for part in value.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) {
            switch part {
            case "alpha": byLength = false
            case "length": byLength = true
            case "access-control": accessControl = true
            case "testable-first", "testable-top": testable = .first
            case "testable-last", "testable-bottom": testable = .last
            default:
                throw ConfigurationError("checks.imports.importGrouping: unknown value '\(part)' (expected alpha, length, access-control, " +
                    "testable-first, testable-last)")
            }
        }
    }

    /// SwiftFormat's default since 0.60.
    static let standard = try! SwiftFormatGrouping("access-control,alpha")
}

enum ImportSection: String, Sendable, CaseIterable {
    case system, thirdParty, firstParty, testable
}
