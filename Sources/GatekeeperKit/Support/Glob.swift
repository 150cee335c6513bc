/// A path glob as in `.gitignore`-style configs: `*` matches within one path component,
/// `**` across components (`**/` also matches no component), `?` one character, `[abc]`
/// and `[!a-z]` a set. Paths are `/`-separated and relative.
public struct Glob: Sendable, Equatable {
    public let pattern: String
    private let parts: [Substring]

    public init(_ pattern: String) {
        var cleaned = pattern.hasPrefix("./") ? String(pattern.dropFirst(2)) : pattern
        // A trailing slash means "everything under this folder".
        if cleaned.hasSuffix("/") { cleaned += "**" }
        self.pattern = pattern
        self.parts = cleaned.split(separator: "/", omittingEmptySubsequences: true)
    }

    /// A glob from configuration key `key`; a pattern that can never mean what was meant
    /// (empty, absolute, an unclosed `[`) is a configuration error naming the key.
    public static func configured(_ pattern: String, key: String) throws -> Glob {
        let problem: String? = pattern.trimmingCharacters(in: .whitespaces).isEmpty ? "an empty pattern"
            : pattern.hasPrefix("/") ? "an absolute path (globs are relative to the config's folder)"
            : hasUnclosedSet(pattern) ? "an unclosed '['" : nil
        if let problem { throw ConfigurationError("\(key): invalid glob \"\(pattern)\": \(problem)") }
        return Glob(pattern)
    }

    private static func hasUnclosedSet(_ pattern: String) -> Bool {
        var open = false
        var escaped = false
        for character in pattern {
            if escaped { escaped = false; continue }
            if character == "\\" { escaped = true } else if character == "[" && !open { open = true } else if character == "]" { open = false }
        }
        return open
    }

    public func matches(_ path: String) -> Bool {
        let components = path.split(separator: "/", omittingEmptySubsequences: true)
        var memo = [Int: Bool]()
        return match(0, 0, components, &memo)
    }

    /// Also true when `path` is a folder under which the glob could match (walk pruning).
    private func match(_ part: Int, _ component: Int, _ components: [Substring], _ memo: inout [Int: Bool]) -> Bool {
        let key = part * 65_536 + component
        if let known = memo[key] { return known }
        let result: Bool
        if part == parts.count {
            result = component == components.count
        } else if parts[part] == "**" {
            result = match(part + 1, component, components, &memo)
                || (component < components.count && match(part, component + 1, components, &memo))
        } else {
            result = component < components.count && Glob.matchComponent(Array(parts[part].unicodeScalars), Array(components[component].unicodeScalars))
                && match(part + 1, component + 1, components, &memo)
        }
        memo[key] = result
        return result
    }

    static func matchComponent(_ pattern: [Unicode.Scalar], _ text: [Unicode.Scalar]) -> Bool {
        // Iterative wildcard matching with one backtrack point: linear in practice, never exponential.
        var p = 0, t = 0
        var starP = -1, starT = 0
        while t < text.count {
            if p < pattern.count, pattern[p] == "*" {
                starP = p; starT = t; p += 1
            } else if p < pattern.count, let length = matchOne(pattern, p, text[t]) {
                p += length; t += 1
            } else if starP >= 0 {
                p = starP + 1; starT += 1; t = starT
            } else {
                return false
            }
        }
        while p < pattern.count, pattern[p] == "*" { p += 1 }
        return p == pattern.count
    }

    /// If `pattern[p...]` starts with an element matching `character`, that element's length.
    private static func matchOne(_ pattern: [Unicode.Scalar], _ p: Int, _ character: Unicode.Scalar) -> Int? {
        switch pattern[p] {
        case "?": return 1
        case "[":
            var index = p + 1
            let negated = index < pattern.count && (pattern[index] == "!" || pattern[index] == "^")
            if negated { index += 1 }
            var matched = false
            var first = true
            while index < pattern.count, pattern[index] != "]" || first {
                first = false
                if index + 2 < pattern.count, pattern[index + 1] == "-", pattern[index + 2] != "]" {
                    if pattern[index] <= character && character <= pattern[index + 2] { matched = true }
                    index += 3
                } else {
                    if pattern[index] == character { matched = true }
                    index += 1
                }
            }
            guard index < pattern.count else { return pattern[p] == character ? 1 : nil }
            return matched != negated ? index - p + 1 : nil
        case "\\" where p + 1 < pattern.count:
            return pattern[p + 1] == character ? 2 : nil
        default:
            return pattern[p] == character ? 1 : nil
        }
    }
}
