import Foundation

/// The unsafe fixes of the security check: a constant shell command run directly with an argument
/// array, and a hardcoded secret read from the environment instead.
enum SecurityFixes {
    /// Characters a command may hold and still mean the same split on spaces: no quoting,
    /// expansion, globbing, redirection, pipes, lists or comments.
    private static let plainCommandBytes = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 _./=:@%+,-".utf8)

    /// `executableURL = URL(fileURLWithPath: "/bin/sh")` with `arguments = ["-c", "git status"]` →
    /// `"/usr/bin/env"` with `["git", "status"]` (env looks the program up on PATH, as the shell did).
    /// Only for a literal program path, a literal `["-c", "…"]` list and a command without shell syntax.
    static func directRun(_ file: SourceFile, program: Range<Int>, elements: [Range<Int>]) -> Fix? {
        guard elements.count == 2, let flag = literal(file, elements[0]), flag.value == "-c", let command = literal(file, elements[1]),
              let bracket = file.enclosingOpenBracket(of: flag.startToken), file.tokenIs(bracket, "["),
              file.enclosingOpenBracket(of: command.startToken) == bracket, command.value.utf8.allSatisfy(plainCommandBytes.contains),
              let commandEnd = command.endToken else { return nil }
        let words = command.value.split(separator: " ")
        guard !words.isEmpty, let path = program.first(where: { file.tokens[$0].kind == .stringStart }),
              let pathLiteral = file.stringLiteral(at: path), !pathLiteral.isInterpolated, let pathEnd = pathLiteral.endToken,
              ShellScanner.isShell(pathLiteral.value.hasPrefix("file://") ? String(pathLiteral.value.dropFirst(7)) : pathLiteral.value) else { return nil }
        let prefix = pathLiteral.value.hasPrefix("file://") ? "file://" : ""
        return Fix(title: "run `\(words[0])` directly with an argument array", edits: [
            Edit(range: Int(file.tokens[path].start)..<Int(file.tokens[pathEnd].end), replacement: "\"\(prefix)/usr/bin/env\""),
            Edit(range: Int(file.tokens[flag.startToken].start)..<Int(file.tokens[commandEnd].end),
                 replacement: words.map { "\"\($0)\"" }.joined(separator: ", ")),
        ], applicability: .unsafe)
    }

    /// The plain string literal that is the whole of `range`.
    static func literal(_ file: SourceFile, _ range: Range<Int>) -> StringLiteral? {
        guard let start = file.firstCode(in: range), file.tokens[start].kind == .stringStart, let literal = file.stringLiteral(at: start),
              !literal.isInterpolated, let end = literal.endToken, file.lastCode(in: range) == end else { return nil }
        return literal
    }

    /// A secret literal that is the whole value given to a credential (`let stripeSecretKey = "sk_live_…"`) →
    /// `Environment.get("STRIPE_SECRET_KEY")!` in a file importing Vapor, else
    /// `ProcessInfo.processInfo.environment["STRIPE_SECRET_KEY"]!` (Foundation): the program fails
    /// at the look-up when the variable is unset rather than run with no credential.
    static func environmentLookUp(_ file: SourceFile, literalStart: Int, finding: Finding, name: String?) -> Fix? {
        guard let name, let literal = file.stringLiteral(at: literalStart), !literal.isInterpolated, !literal.isMultiline,
              let end = literal.endToken, end == literalStart + 2, file.tokens[literalStart + 1].kind == .stringText else { return nil }
        // The finding is the whole text of the literal, not a part (`"Bearer …"`, a key inside a URL).
        let text = file.tokens[literalStart + 1]
        let (first, last) = (file.location(ofByte: Int(text.start)), file.location(ofByte: Int(text.end)))
        guard (finding.line, finding.column, finding.endLine, finding.endColumn) == (first.line, first.column, last.line, last.column) else {
            return nil
        }
        let modules = file.importedModules()
        let variable = environmentName(name)
        let lookUp: String
        if modules.contains("Vapor") {
            lookUp = "Environment.get(\"\(variable)\")!"
        } else if modules.contains("Foundation") {
            lookUp = "ProcessInfo.processInfo.environment[\"\(variable)\"]!"
        } else {
            return nil
        }
        return Fix(title: "the secret is read from the environment variable \(variable) now; it has been in the source (and the history): rotate it",
                   edits: [Edit(range: Int(file.tokens[literalStart].start)..<Int(file.tokens[end].end), replacement: lookUp)], applicability: .unsafe)
    }

    /// `stripeSecretKey` → `STRIPE_SECRET_KEY`, `APIToken` → `API_TOKEN`, `db-password` → `DB_PASSWORD`.
    static func environmentName(_ name: String) -> String {
        let characters = Array(name)
        var result = ""
        for (index, character) in characters.enumerated() {
            guard character.isLetter || character.isNumber else {
                if !result.hasSuffix("_"), !result.isEmpty { result += "_" }
                continue
            }
            if character.isUppercase, index > 0, !result.hasSuffix("_") {
                let previous = characters[index - 1]
                let next = index + 1 < characters.count ? characters[index + 1] : nil
                if previous.isLowercase || previous.isNumber || (previous.isUppercase && next?.isLowercase == true) { result += "_" }
            }
            result += character.uppercased()
        }
        return result.trimmingCharacters(in: CharacterSet(charactersIn: "_"))
    }
}
