/// A string as code spells it: a literal, a reference to a constant declared somewhere in the
/// project (`MetadataKeys.jobType`), or an expression no static reading can evaluate. Cross-file
/// checks collect these per file and resolve references in their project pass.
public enum StaticText: Sendable, Hashable, Codable {
    case literal(String)
    case reference(String)
    case computed(String)

    /// How messages show it.
    public var written: String {
        switch self {
        case let .literal(value): return "\"\(value)\""
        case let .reference(value), let .computed(value): return "`\(value)`"
        }
    }

    // One string with a kind letter (`l:users`): the result cache reads thousands of these.
    public init(from decoder: any Decoder) throws {
        let encoded = try decoder.singleValueContainer().decode(String.self)
        let value = String(encoded.dropFirst(2))
        switch encoded.prefix(2) {
        case "l:": self = .literal(value)
        case "r:": self = .reference(value)
        case "c:": self = .computed(value)
        default: throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not a static text: \(encoded)"))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case let .literal(value): try container.encode("l:" + value)
        case let .reference(value): try container.encode("r:" + value)
        case let .computed(value): try container.encode("c:" + value)
        }
    }
}

extension SourceFile {
    /// `"x"` (or `"a" + "b"`), `.string("x")` (swift-log's and Fluent's wrappers) → literal; a
    /// dotted path of identifiers (`Keys.jobType`) → reference; anything else → computed.
    public func staticText(_ range: Range<Int>) -> StaticText {
        if let literal = literalValue(range) { return .literal(literal) }
        guard let first = firstCode(in: range), let last = lastCode(in: range) else { return .computed("") }
        if tokenIs(first, "."), let member = nextCode(after: first), tokenIs(member, "string"),
           let open = nextCode(after: member), let argument = arguments(at: open)?.first, let value = literalValue(argument.value) {
            return .literal(value)
        }
        let written = text(bytes: Int(tokens[first].start)..<Int(tokens[last].end))
        var parts: [String] = []
        var cursor: Int? = first
        while let current = cursor, current <= last {
            guard tokens[current].kind == .identifier || tokens[current].kind == .keyword else { return .computed(written) }
            parts.append(text(current))
            guard let dot = nextCode(after: current), dot <= last else { break }
            guard tokenIs(dot, ".") else { return .computed(written) }
            cursor = nextCode(after: dot)
        }
        return parts.count >= 2 ? .reference(parts.joined(separator: ".")) : .computed(written)
    }

    /// Every `static let NAME = "…"` (and friends, see `staticStringConstants`) of the file's type
    /// declarations, by qualified name: `User.FieldKeys.title` → `title` (found once per file).
    public func staticConstants() -> [String: String] {
        staticConstantTable().values
    }

    /// The names of `staticConstants()` that are stored `var`s (`static var folder = "…"`): any file may assign them.
    func staticVariableNames() -> Set<String> {
        staticConstantTable().variables
    }

    private func staticConstantTable() -> StaticConstants {
        constants.value { staticConstants(of: typeDeclarations()) }
    }

    private func staticConstants(of declarations: [TypeDeclaration]) -> StaticConstants {
        // One pass over the names: a `let` or `var` is a member of the declaration whose body's `{`
        // encloses it directly (a nested type's body is not visited again for its outer type).
        guard !declarations.isEmpty else { return StaticConstants() }
        let declarationOfBody = Dictionary(declarations.map { ($0.body.lowerBound, $0) }, uniquingKeysWith: { first, _ in first })
        var constants = StaticConstants()
        for index in words.lazy.map(Int.init) where tokens[index].kind == .keyword && (tokenIs(index, "let") || tokenIs(index, "var")) {
            guard let brace = enclosingBrace(of: index), let declaration = declarationOfBody[brace],
                  let constant = staticStringConstant(at: index), let value = constant.value else { continue }
            let key = "\(declaration.qualifiedName).\(constant.name)"
            constants.values[key] = value
            if constant.stored, tokenIs(index, "var") { constants.variables.insert(key) }
        }
        return constants
    }
}

/// A file's static string constants (`Type.NAME` → value) and which of them are stored `var`s.
struct StaticConstants: Sendable {
    var values: [String: String] = [:]
    var variables: Set<String> = []
}

/// String constants of a whole project, for resolving `StaticText.reference`s.
public struct ConstantTable: Sendable {
    public private(set) var values: [String: String] = [:]

    public init(_ tables: [[String: String]]) {
        for table in tables { values.merge(table) { first, _ in first } }
    }

    /// The value of `reference`: the constant of that qualified name, else the only value of the
    /// constants it names partly (`FieldKeys.title` written inside `User` is `User.FieldKeys.title`;
    /// `Self.Keys.id` qualified by a type is `Keys.id` declared in an extension).
    public func resolve(_ reference: String) -> String? {
        if let value = values[reference] { return value }
        let matches = values.filter { $0.key.hasSuffix("." + reference) || reference.hasSuffix("." + $0.key) }
        return Set(matches.values).count == 1 ? matches.first?.value : nil
    }

    public func resolve(_ text: StaticText) -> String? {
        switch text {
        case let .literal(value): return value
        case let .reference(reference): return resolve(reference)
        case .computed: return nil
        }
    }
}
