/// Type declarations read off the token stream: enough for cross-file checks to find models,
/// migrations and constants without a parser.
public struct TypeDeclaration: Sendable {
    /// `class`, `struct`, `enum`, `actor`, `extension`, `protocol`.
    public var kind: String
    /// The name as written (`CreateUsers`, or `User.FieldKeys` for an extension).
    public var name: String
    /// Qualified by enclosing types and extensions: `User.CreateUsers`.
    public var qualifiedName: String
    /// The inheritance clause's type names (`Model`, `Content`, `FluentKit.Model` → `Model`).
    public var inherits: [String]
    /// Token of the name, for locations.
    public var nameToken: Int
    /// The body's `{` and `}` tokens.
    public var body: ClosedRange<Int>
}

extension SourceFile {
    /// Every type declaration and extension, outermost first (found once per file: migrations and
    /// telemetry both ask).
    public func typeDeclarations() -> [TypeDeclaration] {
        declarations.value(findTypeDeclarations)
    }

    private static let typeKeywords = NameSet(["class", "struct", "enum", "actor", "extension", "protocol"])

    /// Whether token `index` is `byte` repeated (`<`, `<<<`).
    private func tokenIsRun(_ index: Int, of byte: UInt8) -> Bool {
        tokens[index].range.allSatisfy { bytes[$0] == byte }
    }

    private func findTypeDeclarations() -> [TypeDeclaration] {
        var result: [TypeDeclaration] = []
        // Byte tests first: building a String for every identifier was most of this pass.
        for index in words.lazy.map(Int.init) where Self.typeKeywords.contains(self, index) {
            let keyword = text(index)
            guard let nameStart = nextCode(after: index),
                  tokens[nameStart].kind == .identifier,
                  // `class func`, `class var`: a modifier, not a declaration.
                  !(keyword == "class" && ["func", "var", "let", "subscript", "init"].contains(text(nameStart))),
                  // `actor` is contextual: it declares only when followed by a name and a body.
                  keyword != "actor" || previousCode(before: index).map({ !tokenIs($0, ".") }) ?? true else { continue }
            if let previous = previousCode(before: index), tokenIs(previous, ".") { continue }
            // The name, dotted for extensions (`extension User.FieldKeys`).
            var name = text(nameStart)
            var cursor = nextCode(after: nameStart)
            while let dot = cursor, tokenIs(dot, "."), let part = nextCode(after: dot), tokens[part].kind == .identifier {
                name += "." + text(part)
                cursor = nextCode(after: part)
            }
            // Generic parameters, inheritance clause and `where` clause, up to the body.
            var inherits: [String] = []
            var inInheritance = false
            // `extension Collection where Element: Model`: a constraint, not what the type inherits.
            var inWhereClause = false
            var brace: Int?
            var depth = 0
            while let current = cursor {
                // Byte tests, no String per token: `<`, `<<`, `>>` nest generic parameters.
                if tokenIs(current, "<") || (tokens[current].kind == .operator && tokenIsRun(current, of: UInt8(ascii: "<"))) {
                    depth += tokens[current].length
                }
                if tokens[current].kind == .operator, tokenIsRun(current, of: UInt8(ascii: ">")) { depth = max(0, depth - tokens[current].length) }
                if tokenIs(current, "{") { brace = current; break }
                if tokenIs(current, ";") || tokenIs(current, "}") || (tokens[current].kind == .keyword && (tokenIs(current, "func") || tokenIs(current, "var")
                    || tokenIs(current, "let") || tokenIs(current, "import"))) { break }
                if depth == 0, tokenIs(current, ":"), !inWhereClause { inInheritance = true }
                if depth == 0, tokenIs(current, "where") { (inInheritance, inWhereClause) = (false, true) }
                if inInheritance, depth == 0, tokens[current].kind == .identifier {
                    // `FluentKit.Model` names `Model`; keep the last component.
                    let next = nextCode(after: current)
                    if next.map({ !tokenIs($0, ".") }) ?? true { inherits.append(text(current)) }
                }
                if partner[current] > current, !tokenIs(current, "{") { cursor = nextCode(after: Int(partner[current])); continue }
                cursor = nextCode(after: current)
            }
            guard let open = brace, partner[open] > open else { continue }
            result.append(TypeDeclaration(kind: keyword, name: name, qualifiedName: name, inherits: inherits,
                                          nameToken: nameStart, body: open...Int(partner[open])))
        }
        // Qualify nested types by the innermost declaration whose body contains them: per declaration, the
        // last one whose body holds its body, found once over the bodies alone (no declaration copied per test).
        let bodies = result.map(\.body)
        let outers = bodies.map { inner in bodies.lastIndex { $0.lowerBound < inner.lowerBound && $0.upperBound > inner.upperBound } }
        for index in result.indices {
            var outerNames: [String] = []
            var current = index
            while let outer = outers[current] {
                outerNames.insert(result[outer].name, at: 0)
                current = outer
                if result[outer].kind == "extension" { break }
            }
            if !outerNames.isEmpty { result[index].qualifiedName = (outerNames + [result[index].name]).joined(separator: ".") }
        }
        return result
    }

    /// Whether token `index` is directly in `declaration`'s body (not in a nested type or function).
    public func isMember(_ index: Int, of declaration: TypeDeclaration) -> Bool {
        enclosingBrace(of: index) == declaration.body.lowerBound
    }

    /// `static let NAME = "v"`, `static let NAME: T = "v"`, `static var NAME: T { "v" }` (also
    /// `return "v"`) directly in a type body: NAME → v, with the name's token. A computed or
    /// interpolated value is nil.
    public func staticStringConstants(in declaration: TypeDeclaration) -> [(name: String, value: String?, token: Int)] {
        declaration.body.compactMap { index in isMember(index, of: declaration) ? staticStringConstant(at: index).map { ($0.name, $0.value, $0.token) } : nil }
    }

    /// The static string constant declared by the `let` or `var` at `index`, if it is one; `stored`: given with `=`.
    func staticStringConstant(at index: Int) -> (name: String, value: String?, token: Int, stored: Bool)? {
        guard tokens[index].kind == .keyword, tokenIs(index, "let") || tokenIs(index, "var"),
              let nameToken = nextCode(after: index), tokens[nameToken].kind == .identifier || tokens[nameToken].kind == .keyword else { return nil }
        var isStatic = false
        var modifier = previousCode(before: index)
        while let current = modifier, tokens[current].kind == .keyword || tokens[current].kind == .identifier || tokens[current].kind == .attribute,
              ["static", "public", "private", "internal", "fileprivate", "package", "nonisolated", "final",
                  "class"].contains(text(current)) || tokens[current].kind == .attribute {
            if tokenIs(current, "static") || tokenIs(current, "class") { isStatic = true }
            modifier = previousCode(before: current)
        }
        guard isStatic else { return nil }
        var cursor = nextCode(after: nameToken)
        if let colon = cursor, tokenIs(colon, ":") {
            cursor = nextCode(after: colon)
            while let current = cursor, !tokenIs(current, "="), !tokenIs(current, "{"), tokens[current].line == tokens[nameToken].line {
                cursor = nextCode(after: partner[current] > current ? Int(partner[current]) : current)
            }
        }
        guard let marker = cursor, let valueStart = nextCode(after: marker) else { return nil }
        var value: String?
        if tokenIs(marker, "=") {
            value = literalValue(valueStart..<expressionEnd(from: valueStart))
        } else if tokenIs(marker, "{"), partner[marker] > marker {
            var start = valueStart
            if tokenIs(start, "return"), let next = nextCode(after: start) { start = next }
            value = literalValue(start..<Int(partner[marker]))
        } else {
            return nil
        }
        return (text(nameToken), value, nameToken, tokenIs(marker, "="))
    }

    /// The module names this file imports.
    /// Whether the file imports one of `frameworks` (`import XCTest`, not `import struct XCTest.X`),
    /// or any module `@testable`.
    func importsForTesting(frameworks: Set<String>) -> Bool {
        imports.lazy.map(Int.init).contains { index in
            if let attribute = previousCode(before: index), tokens[attribute].kind == .attribute, tokenIs(attribute, "@testable") { return true }
            guard let module = nextCode(after: index), tokens[module].kind == .identifier else { return false }
            return frameworks.contains(text(module))
        }
    }

    public func importedModules() -> Set<String> {
        var modules = Set<String>()
        for index in imports.lazy.map(Int.init) {
            var cursor = nextCode(after: index)
            if let kind = cursor, ["struct", "class", "enum", "protocol", "typealias", "func", "let",
                "var"].contains(text(kind)) { cursor = nextCode(after: kind) }
            if let module = cursor { modules.insert(text(module)) }
        }
        return modules
    }
}
