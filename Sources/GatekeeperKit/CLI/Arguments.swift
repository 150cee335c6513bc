import Foundation

/// Hand-written argument parsing: every command declares its options once, and parsing,
/// validation and `--help` all come from that declaration.
public struct OptionSpec: Sendable {
    public var name: String
    /// The value's placeholder (`FILE`), or nil for a flag.
    public var valueName: String?
    public var help: String
    public var repeatable = false
    /// Allowed values, checked at parse time.
    public var choices: [String]? = nil

    public init(_ name: String, value: String? = nil, choices: [String]? = nil, repeatable: Bool = false, _ help: String) {
        self.name = name
        self.valueName = value
        self.help = help
        self.repeatable = repeatable
        self.choices = choices
    }
}

public struct CommandSpec: Sendable {
    public var name: String
    public var summary: String
    /// The positional part of the usage line (`[PATH...]`, `RULE_ID`).
    public var positionals: String
    public var minPositionals: Int
    public var maxPositionals: Int?
    public var options: [OptionSpec]
    public var details: String = ""

    public var usage: String { "gatekeeper \(name) [options]\(positionals.isEmpty ? "" : " " + positionals)" }

    public var help: String {
        var text = "\(summary)\n\nUsage: \(usage)\n"
        if !details.isEmpty { text += "\n\(details)\n" }
        text += "\nOptions:\n"
        let all = options + [OptionSpec("--help", "Show this help.")]
        let labels = all.map { option in option.valueName.map { "\(option.name) \($0)" } ?? option.name }
        let width = (labels.map(\.count).max() ?? 0) + 2
        for (option, label) in zip(all, labels) {
            var line = "  " + label + String(repeating: " ", count: width - label.count) + option.help
            if let choices = option.choices { line += " (\(choices.joined(separator: "|")))" }
            text += line + "\n"
        }
        return text
    }
}

public struct UsageError: Error, CustomStringConvertible {
    public var description: String
    /// The command whose usage to point at, for the hint line.
    public var command: String?

    public init(_ description: String, command: String? = nil) {
        self.description = description
        self.command = command
    }
}

public struct ParsedArguments {
    public var values: [String: [String]] = [:]
    public var flags: Set<String> = []
    public var positionals: [String] = []
    public var wantsHelp = false

    public func value(_ name: String) -> String? { values[name]?.last }
    public func has(_ name: String) -> Bool { flags.contains(name) }

    /// A comma list option, possibly given several times: `--only a,b --only c`.
    public func list(_ name: String) -> [String]? {
        values[name].map { $0.flatMap { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } }.filter { !$0.isEmpty } }
    }

    public static func parse(_ arguments: [String], for spec: CommandSpec) throws -> ParsedArguments {
        var parsed = ParsedArguments()
        var index = 0
        var optionsEnded = false
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            if optionsEnded || !argument.hasPrefix("-") || argument == "-" {
                parsed.positionals.append(argument)
                continue
            }
            if argument == "--" { optionsEnded = true; continue }
            if argument == "--help" || argument == "-h" { parsed.wantsHelp = true; continue }
            let name: String
            var inlineValue: String?
            if let equals = argument.firstIndex(of: "=") {
                name = String(argument[..<equals])
                inlineValue = String(argument[argument.index(after: equals)...])
            } else {
                name = argument
            }
            guard let option = spec.options.first(where: { $0.name == name }) else {
                let suggestion = Suggestion.phrase(name, among: spec.options.map(\.name) + ["--help"])
                throw UsageError("unknown option '\(name)' for 'gatekeeper \(spec.name)'\(suggestion)", command: spec.name)
            }
            guard option.valueName != nil else {
                if inlineValue != nil { throw UsageError("option '\(name)' takes no value", command: spec.name) }
                parsed.flags.insert(name)
                continue
            }
            let value: String
            if let inlineValue {
                value = inlineValue
            } else {
                guard index < arguments.count else { throw UsageError("option '\(name)' needs a value", command: spec.name) }
                value = arguments[index]
                index += 1
            }
            if let choices = option.choices, !choices.contains(value) {
                throw UsageError("invalid value '\(value)' for '\(name)' (expected \(choices.joined(separator: ", ")))", command: spec.name)
            }
            if !option.repeatable, parsed.values[name] != nil {
                throw UsageError("option '\(name)' given more than once", command: spec.name)
            }
            parsed.values[name, default: []].append(value)
        }
        if !parsed.wantsHelp {
            if parsed.positionals.count < spec.minPositionals {
                throw UsageError("missing \(spec.positionals) for 'gatekeeper \(spec.name)'", command: spec.name)
            }
            if let max = spec.maxPositionals, parsed.positionals.count > max {
                throw UsageError("unexpected argument '\(parsed.positionals[max])' for 'gatekeeper \(spec.name)'", command: spec.name)
            }
        }
        return parsed
    }
}

/// "Did you mean": the nearest of some known words to a mistyped one, when it is close enough
/// (at most two edits, fewer for short words) and no other word is as close.
public enum Suggestion {
    public static func nearest(_ word: String, among candidates: [String]) -> String? {
        let limit = word.count <= 4 ? 1 : 2
        let scored = Set(candidates).map { ($0, CLI.editDistance($0.lowercased(), word.lowercased())) }.filter { $0.1 <= limit }
        guard let best = scored.map(\.1).min() else { return nil }
        let closest = scored.filter { $0.1 == best }.map(\.0).sorted()
        return closest.count == 1 ? closest[0] : nil
    }

    /// " (did you mean 'x'?)", or nothing.
    public static func phrase(_ word: String, among candidates: [String]) -> String {
        nearest(word, among: candidates).map { " (did you mean '\($0)'?)" } ?? ""
    }
}

extension Configuration {
    /// The rule a user means by `id`: the id itself, or a rule name without its check prefix
    /// (`insecure-http` for `security/insecure-http`) when exactly one rule has that name.
    public func resolveRule(_ id: String) -> Rule? {
        if let rule = rule(id: id) { return rule }
        guard !id.contains("/") else { return nil }
        let named = allRules.filter { $0.id.hasSuffix("/" + id) }
        return named.count == 1 ? named[0] : nil
    }

    /// " (did you mean 'security/insecure-http'?)" for a mistyped or unprefixed rule or check id.
    public func ruleSuggestion(_ id: String) -> String {
        if let rule = resolveRule(id), rule.id != id { return " (did you mean '\(rule.id)'?)" }
        let ids = allRules.map(\.id) + checkIds
        if let nearest = Suggestion.nearest(id, among: ids) { return " (did you mean '\(nearest)'?)" }
        // A mistyped name without its prefix: `insecure-htp`.
        let names = Dictionary(allRules.map { ($0.id.split(separator: "/").last.map(String.init) ?? $0.id, $0.id) }) { first, _ in first }
        return Suggestion.nearest(id, among: Array(names.keys)).flatMap { names[$0] }.map { " (did you mean '\($0)'?)" } ?? ""
    }
}
