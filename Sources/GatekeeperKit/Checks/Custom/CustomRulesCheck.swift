import Foundation

/// The project's custom rules (`customRules`, `rulesDirectories`): regular expressions scoped
/// by the lexer to code, string literals or comments. Their findings and fixes pass the same
/// gate as the built-in rules'.
public struct CustomRulesCheck: Check {
    public static let id = "custom"
    public static let summary = "The project's own rules: a regex in code, strings or comments, with an optional fix."
    /// None built in: the configuration brings them.
    public static let rules: [Rule] = []

    public let customRules: [CustomRule]

    public var configuredRules: [Rule] { customRules.map(\.rule) }

    /// `checks.custom` has no keys of its own; the rules come from `customRules`.
    public init(options: CheckOptions) throws {
        customRules = []
    }

    public init(rules: [CustomRule]) {
        customRules = rules
    }

    public func analyze(_ file: SourceFile) -> FileAnalysis<Never> {
        let applicable = customRules.filter { $0.applies(to: file.relativePath) }
        guard !applicable.isEmpty else { return FileAnalysis() }
        let text = String(decoding: file.bytes, as: UTF8.self)
        return FileAnalysis(findings: applicable.flatMap { $0.findings(in: file, text: text) })
    }

    /// The rules of `customRules` and of every `.json5`/`.json` file in `rulesDirectories`
    /// (each file holds `{ rules: [...] }`), in that order; a duplicate id is an error.
    static func load(inline: [JSONValue], directories: [String], root: String) throws -> [CustomRule] {
        var rules = try inline.enumerated().map { try CustomRule(JSONObjectReader($1, keyPath: "customRules[\($0)]")) }
        for directory in directories {
            let folder = Paths.absolute(directory, relativeTo: root)
            guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else {
                throw ConfigurationError("rulesDirectories: cannot read the folder \(Paths.display(folder))")
            }
            for name in names.sorted() where name.hasSuffix(".json5") || name.hasSuffix(".json") {
                let path = folder + "/" + name
                let file = try JSONObjectReader(try JSON5Parser.parseFile(path, what: "rules file").value, keyPath: "")
                do {
                    rules += try (file.array("rules") ?? []).enumerated().map { try CustomRule(JSONObjectReader($1, keyPath: "rules[\($0)]")) }
                    try file.finish()
                } catch let error as ConfigurationError {
                    throw ConfigurationError("\(Paths.display(path)): \(error.description)")
                }
            }
        }
        var seen = Set<String>()
        for rule in rules where !seen.insert(rule.rule.id).inserted {
            throw ConfigurationError("custom rule \(rule.rule.id) is defined twice")
        }
        return rules
    }
}
