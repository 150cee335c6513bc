import Foundation

/// A team's own rule, written as data (`customRules` in the config, or a file in one of its
/// `rulesDirectories`): a regular expression that reports where it matches inside one token
/// scope, with an optional replacement that `gatekeeper fix` applies like any other edit.
public struct CustomRule: Sendable {
    /// Where a match may lie. The lexer decides it exactly: `code` never matches inside a
    /// string literal or comment, `string` only inside a literal's text.
    public enum Scope: String, Sendable, CaseIterable {
        case code, string, comment, any
    }

    public let rule: Rule
    public let message: String
    public let scope: Scope
    public internal(set) var include: [Glob]
    public internal(set) var exclude: [Glob]
    /// The replacement (`$1` names a capture group); nil when the rule has no fix.
    public let fixTemplate: String?
    let regex: NSRegularExpression
    /// The time the rule may search in one run, over all files: 2 s a file times thousands of files must not hang the gate either.
    let budget = SearchBudget(seconds: 20)

    /// Reads one rule object; `key` names it in errors (`customRules[2]`, `rules/team.json5: rules[0]`).
    init(_ reader: JSONObjectReader) throws {
        guard let given = try reader.string("id") else { throw ConfigurationError("\(reader.keyPath).id is required (custom/<name>)") }
        let id = given.hasPrefix("custom/") ? given : "custom/" + given
        guard id.dropFirst("custom/".count).range(of: #"^[a-z0-9]+([-_][a-z0-9]+)*$"#, options: .regularExpression) != nil else {
            throw ConfigurationError("\(reader.keyPath).id '\(given)' must be custom/<name>, lowercase letters, digits, - and _")
        }
        let problem = { (text: String) in ConfigurationError("custom rule \(id): \(text)") }
        guard let pattern = try reader.string("regex"), !pattern.isEmpty else { throw problem("regex is required") }
        do {
            regex = try NSRegularExpression(pattern: pattern, options: [.anchorsMatchLines])
        } catch {
            throw problem("invalid regex \(JSONWriter.quote(pattern))")
        }
        let scopeText = try reader.string("scope") ?? Scope.code.rawValue
        guard let scope = Scope(rawValue: scopeText) else {
            throw problem("unknown scope '\(scopeText)' (scopes are \(Scope.allCases.map(\.rawValue).joined(separator: ", ")))")
        }
        self.scope = scope
        let severityText = try reader.string("severity") ?? Severity.warning.rawValue
        guard let severity = Severity(rawValue: severityText) else { throw problem("severity must be \"info\", \"warning\" or \"error\"") }
        guard let message = try reader.string("message"), !message.isEmpty else { throw problem("message is required") }
        self.message = message
        include = try (reader.strings("include") ?? []).map { try Glob.configured($0, key: "\(id).include") }
        exclude = try (reader.strings("exclude") ?? []).map { try Glob.configured($0, key: "\(id).exclude") }
        fixTemplate = try reader.string("fix")
        if let template = fixTemplate, let name = Self.missingName(in: template, pattern: pattern) {
            throw problem("fix \(JSONWriter.quote(template)) names capture group ${\(name)}, which the regex does not define")
        }
        if let template = fixTemplate, let group = Self.missingGroup(in: template, groups: regex.numberOfCaptureGroups) {
            throw problem("fix \(JSONWriter.quote(template)) names capture group $\(group), but the regex has "
                + "\(regex.numberOfCaptureGroups == 1 ? "1 group" : "\(regex.numberOfCaptureGroups) groups") (write \\$ for a literal $)")
        }
        var triggering: [String] = [], nonTriggering: [String] = []
        if let examples = try reader.object("examples") {
            triggering = try examples.strings("triggering") ?? []
            nonTriggering = try examples.strings("nonTriggering") ?? []
            try examples.finish()
        }
        let description = try reader.string("description") ?? "A custom rule of this project: `\(pattern)` in \(scope.rawValue)."
        rule = Rule(id: id, severity: severity, fixable: fixTemplate != nil, summary: message, description: description,
                    triggering: triggering, nonTriggering: nonTriggering)
        try reader.finish()
    }

    /// Whether the rule looks at a file: its `include` globs (all files when none), minus `exclude`.
    func applies(to relativePath: String) -> Bool {
        (include.isEmpty || include.contains { $0.matches(relativePath) }) && !exclude.contains { $0.matches(relativePath) }
    }

    /// The first `$N` of a replacement template that names no capture group of the regex (ICU
    /// replaces it with nothing, deleting the match in silence); `\$` is a literal dollar.
    static func missingGroup(in template: String, groups: Int) -> Int? {
        var escaped = false
        var characters = template.makeIterator()
        while let character = characters.next() {
            if escaped { escaped = false; continue }
            if character == "\\" { escaped = true; continue }
            guard character == "$" else { continue }
            var copy = characters
            if let digit = copy.next()?.wholeNumberValue, digit > groups { return digit }
        }
        return nil
    }

    /// The first `${name}` of a template whose group the pattern does not define (`(?<name>…)`).
    static func missingName(in template: String, pattern: String) -> String? {
        guard let named = try? NSRegularExpression(pattern: #"(?<!\\)\$\{([A-Za-z][A-Za-z0-9]*)\}"#) else { return nil }
        let range = NSRange(template.startIndex..., in: template)
        for match in named.matches(in: template, range: range) {
            guard let nameRange = Range(match.range(at: 1), in: template) else { continue }
            let name = String(template[nameRange])
            if !pattern.contains("(?<\(name)>") { return name }
        }
        return nil
    }

    /// How long one rule may search one file: a regex that backtracks catastrophically must not
    /// hang the gate.
    static let limitNanoseconds: UInt64 = 2_000_000_000
    /// Findings one rule reports in one file; past it, one more says how many matches were left out.
    static let findingsPerFile = 200

    /// Findings where the regex matches inside the rule's scope.
    func findings(in file: SourceFile, text: String) -> [Finding] {
        var findings: [Finding] = []
        let whole = NSRange(text.startIndex..<text.endIndex, in: text)
        var matches: [NSTextCheckingResult] = []
        var (timedOut, unlisted) = (false, 0)
        let started = DispatchTime.now()
        guard budget.remaining > 0 else {
            return [Finding(rule: rule, message: "the regex of \(rule.id) used its \(budget.seconds) s for this run on other files; this file was not "
                            + "checked: simplify the regex", file: file.path, line: 1, column: 1)]
        }
        let deadline = started + .nanoseconds(min(Int(Self.limitNanoseconds), budget.remaining))
        defer { budget.spend(Int(DispatchTime.now().uptimeNanoseconds - started.uptimeNanoseconds)) }
        // `reportProgress` calls back during a long search too, even at one position, so every
        // pattern can be stopped at its deadline, match or no match (a shape test misses `((a+))+b`).
        regex.enumerateMatches(in: text, options: [.reportProgress], range: whole) { match, _, stop in
            if let match {
                if matches.count < Self.findingsPerFile { matches.append(match) } else { unlisted += 1 }
            }
            if DispatchTime.now() > deadline {
                timedOut = true
                stop.pointee = true
            }
        }
        if timedOut {
            findings.append(Finding(rule: rule, message: "the regex of \(rule.id) was stopped after 2 s on this file (catastrophic backtracking?); "
                                    + "simplify it: this file was not fully checked", file: file.path, line: 1, column: 1))
        }
        if unlisted > 0 {
            findings.append(Finding(rule: rule, message: "\(unlisted) more matches of \(rule.id) in this file are not listed (at most "
                                    + "\(Self.findingsPerFile) a file); is the regex too wide?", file: file.path, line: 1, column: 1))
        }
        for match in matches {
            guard let range = Range(match.range, in: text) else { continue }
            let bytes = text.utf8.distance(from: text.startIndex, to: range.lowerBound)..<text.utf8.distance(from: text.startIndex, to: range.upperBound)
            guard !bytes.isEmpty, isInScope(bytes, of: file) else { continue }
            let start = file.location(ofByte: bytes.lowerBound)
            let end = file.location(ofByte: bytes.upperBound)
            let fix = fixTemplate.map { template in
                Fix(title: "replace with \(JSONWriter.quote(template))",
                    edits: [Edit(range: bytes, replacement: regex.replacementString(for: match, in: text, offset: 0, template: template))])
            }
            findings.append(Finding(rule: rule, message: message, file: file.path, line: start.line, column: start.column,
                                    endLine: end.line, endColumn: end.column, fix: fix))
        }
        return findings
    }

    /// Whether the match starts and ends inside the rule's scope: `Int("1")!` is code, whatever
    /// literal it holds, while `"x" + y` is neither code nor string.
    private func isInScope(_ bytes: Range<Int>, of file: SourceFile) -> Bool {
        guard scope != .any else { return true }
        return [bytes.lowerBound, bytes.upperBound - 1].allSatisfy { file.token(atByte: $0).map { file.tokens[$0].scope.rawValue == scope.rawValue } ?? false }
    }
}

/// Time a rule may still spend searching in this run, shared by the threads that analyse files.
public final class SearchBudget: @unchecked Sendable {
    let seconds: Int
    private var spent = 0
    private let lock = NSLock()

    init(seconds: Int) {
        self.seconds = seconds
    }

    /// Nanoseconds left.
    var remaining: Int {
        lock.lock()
        defer { lock.unlock() }
        return seconds * 1_000_000_000 - spent
    }

    func spend(_ nanoseconds: Int) {
        lock.lock()
        defer { lock.unlock() }
        spent += nanoseconds
    }
}
