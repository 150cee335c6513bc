import Foundation

/// Finds hardcoded secrets: provider formats in the literal parts of string literals (and in
/// comments), and the generic detector for literals given to secret-like names.
struct SecretScanner {
    let detectors: [SecretDetector]
    let allowValues: [NSRegularExpression]
    let rule: Rule
    private let keywords: DetectorKeywords
    private var keywordless: Set<Int> { keywords.keywordless }

    init(detectors: [SecretDetector], allowValues: [NSRegularExpression], rule: Rule) {
        (self.detectors, self.allowValues, self.rule) = (detectors, allowValues, rule)
        keywords = DetectorKeywords(detectors)
    }

    /// Where the detectors' keywords are in the file's string text and comments (where they
    /// look): per token, the detectors with a keyword in it. One pass over the file's bytes.
    private func keywordTokens(in file: SourceFile) -> [Int: Set<Int>] {
        var byToken: [Int: Set<Int>] = [:]
        for occurrence in keywords.occurrences(in: file.bytes, ranges: file.stringTextRanges + file.commentRanges) {
            guard let token = file.token(atByte: occurrence.start) else { continue }
            byToken[token, default: []].insert(occurrence.detector)
        }
        return byToken
    }

    /// `isTest`: test code, where only provider-format keys are reported (real keys leak from
    /// tests too; test passwords and fake tokens are no secrets).
    func scan(_ file: SourceFile, isTest: Bool) -> [Finding] {
        let byToken = keywordTokens(in: file)
        // The detectors that may match in a comment or a literal's text: those with a keyword in
        // it, or none, whose required words it holds too. Most tokens have none.
        let candidates = { (token: Int, commentsOnly: Bool) -> [SecretDetector] in
            guard let owners = byToken[token] ?? (keywordless.isEmpty ? nil : []) else { return [] }
            return owners.union(keywordless).sorted().map { detectors[$0] }.filter { detector in
                (!commentsOnly || detector.scansComments) && detector.requires.allSatisfy { file.tokenContains(token, $0) }
            }
        }
        var findings: [Finding] = []
        for start in file.literalStarts {
            findings += scanLiteral(file, start: Int(start), isTest: isTest, detectors: { candidates($0, false) })
        }
        let comments = keywordless.isEmpty ? byToken.keys.filter { file.tokens[$0].isComment }.sorted() : file.comments.map(Int.init)
        for comment in comments {
            let detectors = candidates(comment, true)
            guard !detectors.isEmpty else { continue }
            findings += scanText(file, token: comment, text: file.text(comment), where: "comment", detectors: detectors)
        }
        return findings
    }

    private func isAllowed(_ secret: String) -> Bool {
        let range = NSRange(secret.startIndex..., in: secret)
        return allowValues.contains { $0.firstMatch(in: secret, range: range) != nil }
    }

    /// Provider detectors over each literal segment; the generic detector when none matched.
    private func scanLiteral(_ file: SourceFile, start: Int, isTest: Bool, detectors: (Int) -> [SecretDetector]) -> [Finding] {
        var findings: [Finding] = []
        let end = file.partner[start] >= 0 ? Int(file.partner[start]) : file.tokens.count
        var cursor = start + 1
        while cursor < end {
            let token = file.tokens[cursor]
            if token.kind == .interpolationStart {
                // Interpolated code is lexed as code and scanned as such.
                cursor = file.partner[cursor] >= 0 ? Int(file.partner[cursor]) : end
                continue
            }
            if token.kind == .stringText, case let candidates = detectors(cursor), !candidates.isEmpty {
                findings += scanText(file, token: cursor, text: file.text(cursor), where: "string literal", detectors: candidates)
            }
            cursor += 1
        }
        if findings.isEmpty, !isTest, let finding = genericFinding(file, literalStart: start) { findings.append(finding) }
        // The unsafe fix: a literal that is all secret, given to a name, read from the environment instead.
        if findings.count == 1, let given = nameGiven(file, literalStart: start), !given.isDictionaryKey {
            findings[0].fix = SecurityFixes.environmentLookUp(file, literalStart: start, finding: findings[0], name: given.name)
        }
        return findings
    }

    private func scanText(_ file: SourceFile, token: Int, text: String, where place: String, detectors: [SecretDetector]) -> [Finding] {
        var findings: [Finding] = []
        var seen = Set<String>()
        for detector in detectors {
            for match in detector.matches(in: text) where !seen.contains(match.secret) && !isAllowed(match.secret) {
                seen.insert(match.secret)
                let prefix = String(text.utf16.prefix(match.range.location)) ?? ""
                let note = detector.note.map { " (\($0))" } ?? ""
                var found = finding(file, token: token, byteOffset: prefix.utf8.count, secret: match.secret,
                                    message: "\(detector.description) in \(place): \(SecretHeuristics.redacted(match.secret))\(note)",
                                    detector: detector.id, hint: detector.description)
                found.severity = detector.severity ?? found.severity
                // A provider's format: the code itself is the evidence.
                found.confidence = .high
                findings.append(found)
            }
        }
        return findings
    }

    private func finding(_ file: SourceFile, token: Int, byteOffset: Int, secret: String, message: String, detector: String, hint: String) -> Finding {
        let start = Int(file.tokens[token].start) + byteOffset
        let begin = file.location(ofByte: start)
        let end = file.location(ofByte: start + secret.utf8.count)
        var finding = Finding(rule: rule, message: message, file: file.path, line: begin.line, column: begin.column,
                              endLine: end.line, endColumn: end.column, extra: [("detector", detector)])
        finding.baselineHint = "\(hint) (\(detector))"
        finding.redactsSource = true
        if SecretHeuristics.isUnguessable(secret) { finding.secretDigest = SHA256.hex(secret) }
        return finding
    }

    // MARK: - Generic detector

    /// Where a literal goes: what decides whether it is a hardcoded secret.
    private enum Destination {
        /// An argument labelled like a credential (`password:`, `apiKey:`), or a variable or
        /// property named like one: a secret whatever its entropy. `known`: where it goes says so
        /// without the name (an `Authorization` header's scheme, a signing key).
        case credential(String, known: Bool = false)
        /// The default after an environment look-up (`Environment.get("X") ?? "…"`).
        case fallback(String)
        /// A dictionary entry's value: judged by how random it looks.
        case dictionaryValue(String)

        var name: String {
            switch self {
            case let .credential(name, _), let .fallback(name), let .dictionaryValue(name): return name
            }
        }
    }

    /// A literal given to a credential (`PostgresConfiguration(password: "…")`, `let apiKey =
    /// "…"`, `config.token = "…"`) in production code, a fallback credential after an
    /// environment look-up (a warning), or a random-looking value of a dictionary entry named
    /// like a secret. Not enum raw values (`case token = "token"`), which name keys.
    private func genericFinding(_ file: SourceFile, literalStart: Int) -> Finding? {
        // The name first: most literals go to no secret-like name, and the value costs more to read.
        guard let destination = destination(file, literalStart: literalStart), SecretHeuristics.isSecretName(destination.name),
              let literal = file.stringLiteral(at: literalStart) else { return nil }
        // Only the literal text counts: `"Bearer \(token)"` holds no secret.
        let value = SecretHeuristics.secretPart(literal.literalSegments.joined().trimmingCharacters(in: .whitespaces))
        let message: String
        var severity = Severity.error
        switch destination {
        case let .credential(name, known):
            guard !literal.isInterpolated || value.count >= 16, SecretHeuristics.isCredentialValue(value, name: name),
                  known || !SecretHeuristics.namesSomething(value, name: name, asArgument: calledFunction(file, argumentAt: literalStart) != nil)
            else { return nil }
            message = "possible hardcoded secret given to `\(name)`: \(SecretHeuristics.redacted(value))"
        case let .fallback(name):
            guard !literal.isInterpolated, SecretHeuristics.isCredentialValue(value, name: name) else { return nil }
            message = "fallback credential for `\(name)` after an environment look-up: \(SecretHeuristics.redacted(value)) ships in the binary "
                + "and is used whenever the variable is unset; fail instead"
            severity = .warning
        case let .dictionaryValue(name):
            guard !literal.isInterpolated || value.count >= 16, SecretHeuristics.looksLikeSecret(value) else { return nil }
            message = "possible hardcoded secret given to `\(name)`: \(SecretHeuristics.redacted(value))"
        }
        guard !isAllowed(value), !detectors.documentExample(value),
              let textToken = (literalStart + 1..<(literal.endToken ?? file.tokens.count)).first(where: { file.tokens[$0].kind == .stringText })
        else { return nil }
        let raw = file.text(textToken)
        let offset = raw.range(of: String(value.prefix(8))).map { raw.utf8.distance(from: raw.startIndex, to: $0.lowerBound) } ?? 0
        var found = finding(file, token: textToken, byteOffset: offset, secret: value, message: message, detector: "generic",
                            hint: "literal given to a secret-like name")
        found.severity = severity
        found.confidence = grade(destination, value: value, file, literalStart: literalStart)
        return found
    }

    /// High where the code is the evidence (a credential parameter of a known API, an
    /// `Authorization` header's scheme, a signing key); medium where the value looks random
    /// besides its name, or a call takes it as a credential argument; low where only a
    /// variable's name says it is a secret.
    private func grade(_ destination: Destination, value: String, _ file: SourceFile, literalStart: Int) -> Confidence {
        if case .credential(_, known: true) = destination { return .high }
        // One capitalised word (`"SYSTEM"`, `"NONE"`) or a type's name: a sentinel or an identifier more often than a secret.
        if SecretHeuristics.matches(value, "^[A-Z]{2,12}$") || SecretHeuristics.isTypeLikeName(value) { return .low }
        if case .credential = destination, let function = credentialCall(file, argumentAt: literalStart) {
            // A password for a database on this machine, or a template's word-shaped one beside its
            // user name (`username: "vapor_username", password: "vapor_password"`), is a development default.
            if connectsLocally(file, argumentAt: literalStart) || isTemplatePassword(value, file, argumentAt: literalStart) { return .low }
            return Self.credentialAPIs.contains(where: { function.hasPrefix($0) }) ? .high : .medium
        }
        return SecretHeuristics.looksLikeSecret(value) ? .medium : .low
    }

    /// Whether the call a literal is an argument of also names a loopback host (`hostname: "localhost"`).
    private func connectsLocally(_ file: SourceFile, argumentAt index: Int) -> Bool {
        siblingLiterals(file, argumentAt: index, labelled: ["host", "hostname", "hostName", "server"])
            .contains { ["localhost", "127.0.0.1", "::1", "0.0.0.0"].contains($0) }
    }

    /// Whether `value` is made only of the words of the user name given beside it in the same call
    /// and of template words (`SecretHeuristics.isPlaceholderPassword`).
    private func isTemplatePassword(_ value: String, _ file: SourceFile, argumentAt index: Int) -> Bool {
        siblingLiterals(file, argumentAt: index, labelled: ["username", "user", "userName", "login"])
            .contains { SecretHeuristics.isPlaceholderPassword(value, user: $0) }
    }

    /// The literal values of the arguments with one of `labels` in the call a literal is an argument of.
    private func siblingLiterals(_ file: SourceFile, argumentAt index: Int, labelled labels: Set<String>) -> [String] {
        guard let open = file.enclosingOpenBracket(of: index), let arguments = file.arguments(at: open) else { return [] }
        return arguments.filter { labels.contains($0.label ?? "") }.compactMap { file.literalValue($0.value) }
    }

    /// The call a literal is an argument of, lowercased; for `.init(…)` the type or the call it is
    /// given to (`.postgres(configuration: .init(password: "…"))`: `postgres`).
    private func credentialCall(_ file: SourceFile, argumentAt index: Int) -> String? {
        guard let open = file.enclosingOpenBracket(of: index), file.tokenIs(open, "("), let name = file.previousCode(before: open) else { return nil }
        let function = file.text(name)
        guard function == "init", let dot = file.previousCode(before: name), file.tokenIs(dot, ".") else {
            return file.tokens[name].kind == .identifier ? function.lowercased() : nil
        }
        if let type = file.previousCode(before: dot), file.tokens[type].kind == .identifier { return file.text(type).lowercased() }
        return (calledFunction(file, argumentAt: dot) ?? function).lowercased()
    }

    /// Calls whose credential-labelled arguments are credentials: database and mail
    /// configurations, `URLCredential`, Vapor's authorization headers.
    private static let credentialAPIs = [
        "postgresconfiguration", "sqlpostgresconfiguration", "mysqlconfiguration", "redisconfiguration", "mongoconfiguration",
        "urlcredential", "basicauthorization", "bearerauthorization", "smtpcredentials", "emailcredentials", "postgres", "mysql", "redis", "mongo",
    ]

    private func destination(_ file: SourceFile, literalStart: Int) -> Destination? {
        guard let before = file.previousCode(before: literalStart) else { return nil }
        if file.tokenIs(before, "??") {
            // `password: Environment.get("DB_PASSWORD") ?? "…"`: the left side must be a look-up.
            guard let operandStart = expressionStart(file, before: before), (operandStart..<before).contains(where: { index in
                ["Environment", "environment", "getenv", "ProcessInfo"].contains(file.text(index))
            }) else { return nil }
            return nameGiven(file, literalStart: operandStart).map { .fallback($0.name) }
        }
        // `setValue("Bearer abc…", forHTTPHeaderField: "Authorization")`: the scheme says what it is.
        // The literal is decoded only when its first text holds the `B` of `Bearer ` or `Basic `.
        if literalStart + 1 < file.tokens.count, file.tokens[literalStart + 1].kind == .stringText,
           file.bytes[file.tokens[literalStart + 1].range].contains(UInt8(ascii: "B")),
           let literal = file.stringLiteral(at: literalStart), !literal.isInterpolated, SecretHeuristics.isAuthorizationValue(literal.value) {
            return .credential("authorization", known: true)
        }
        guard let given = nameGiven(file, literalStart: literalStart) else { return nil }
        if given.isDictionaryKey { return .dictionaryValue(given.name) }
        // `.hs256(key: "…")`, `HMAC<SHA256>.authenticationCode(…, using: SymmetricKey(data: "…"))`: a signing key.
        if given.name == "key" || given.name == "data", let function = calledFunction(file, argumentAt: literalStart),
           Self.signers.contains(where: { function.lowercased().hasPrefix($0) }) {
            return .credential("signingKey", known: true)
        }
        return .credential(given.name)
    }

    /// Calls whose `key:` argument is a signing secret.
    private static let signers = ["hs256", "hs384", "hs512", "hmac", "symmetrickey", "jwtsigner", "signer"]

    /// The name of the function whose argument holds the token at `index`.
    private func calledFunction(_ file: SourceFile, argumentAt index: Int) -> String? {
        guard let open = file.enclosingOpenBracket(of: index), file.tokenIs(open, "("), let name = file.previousCode(before: open),
              file.tokens[name].kind == .identifier else { return nil }
        return file.text(name)
    }

    /// The first token of the expression that ends just before `end` (skipping bracketed parts
    /// and member accesses), for reading what it is given to.
    private func expressionStart(_ file: SourceFile, before end: Int) -> Int? {
        var cursor = file.previousCode(before: end)
        var start: Int?
        while let index = cursor {
            if file.partner[index] >= 0, file.partner[index] < index {
                start = Int(file.partner[index])
                cursor = file.previousCode(before: Int(file.partner[index]))
                continue
            }
            guard file.tokens[index].kind == .identifier || file.tokens[index].kind == .keyword || file.tokenIs(index, ".") else { break }
            start = index
            cursor = file.previousCode(before: index)
        }
        return start
    }

    /// The name an expression starting at `literalStart` is given to, from the tokens before it.
    private func nameGiven(_ file: SourceFile, literalStart: Int) -> (name: String, isDictionaryKey: Bool)? {
        guard let before = file.previousCode(before: literalStart) else { return nil }
        if file.tokenIs(before, "=") {
            guard let target = file.previousCode(before: before) else { return nil }
            // `let name: Type = "…"`: the name follows `let`/`var` on the same line.
            if !(file.tokens[target].kind == .identifier), let declaration = declarationName(file, equals: before) {
                return (declaration, false)
            }
            guard file.tokens[target].kind == .identifier else { return nil }
            if let keyword = file.previousCode(before: target), file.tokenIs(keyword, "case") { return nil }
            return (declarationName(file, equals: before) ?? file.text(target), false)
        }
        if file.tokenIs(before, ":"), let label = file.previousCode(before: before) {
            if file.tokens[label].kind == .stringEnd, file.partner[label] >= 0 {
                // A dictionary entry `"key": "value"`.
                guard let key = file.stringLiteral(at: Int(file.partner[label]))?.value else { return nil }
                return (key, true)
            }
            if file.tokens[label].kind == .identifier || file.tokens[label].kind == .keyword,
               let open = file.enclosingOpenBracket(of: label), file.tokenIs(open, "(") {
                return (file.text(label), false)
            }
        }
        return nil
    }

    /// For `let name = …` / `var name: T = …`, the declared name.
    private func declarationName(_ file: SourceFile, equals: Int) -> String? {
        var cursor = file.previousCode(before: equals)
        while let index = cursor, file.tokens[index].line == file.tokens[equals].line {
            if file.tokenIs(index, "let") || file.tokenIs(index, "var") {
                return file.nextCode(after: index).map { file.text($0) }
            }
            cursor = file.previousCode(before: index)
        }
        return nil
    }
}
