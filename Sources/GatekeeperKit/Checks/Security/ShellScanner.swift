import Foundation

/// Finds shell execution: `Process`/`NSTask` running a shell with `-c`, `system`, `popen`,
/// `exec*`/`posix_spawn` of a shell, swift-subprocess and ShellOut calls, and configured
/// wrappers. A command built at run time is an error; a constant one a warning.
struct ShellScanner {
    let rule: Rule
    let wrappers: Set<String>

    private static let shells: Set<String> = ["sh", "bash", "zsh", "dash", "ksh", "fish", "csh", "tcsh", "ash"]
    private static let execFamily: Set<String> = ["execl", "execlp", "execle", "execv", "execvp", "execvpe", "execve", "posix_spawn", "posix_spawnp"]

    /// Whether a program path runs a shell: `/bin/sh`, `bash`, `/usr/local/bin/zsh`, …
    static func isShell(_ path: String) -> Bool {
        shells.contains(String(path.split(separator: "/").last ?? ""))
    }

    private func finding(_ file: SourceFile, at range: Range<Int>, _ message: String, severity: Severity) -> Finding {
        var finding = file.finding(rule, message, from: range.lowerBound, to: max(range.lowerBound, range.upperBound - 1))
        finding.severity = severity
        return finding
    }

    func scan(_ file: SourceFile) -> [Finding] {
        // Methods of the file's own named like the C functions (`static func popen`) are not them.
        var ownFunctions = Set<String>()
        for index in file.tokens.indices where file.tokens[index].kind == .keyword && file.tokenIs(index, "func") {
            if let name = file.nextCode(after: index) { ownFunctions.insert(file.text(name)) }
        }
        var findings: [Finding] = []
        var processes: [String: ProcessSetup] = [:]
        for index in file.tokens.indices where file.tokens[index].kind == .identifier {
            let name = file.text(index)
            guard let open = file.nextCode(after: index) else { continue }
            let previous = file.previousCode(before: index)
            let isMember = previous.map { file.tokenIs($0, ".") } ?? false
            let isDeclaration = previous.map { file.tokenIs($0, "func") } ?? false

            // `x.executableURL = …`, `x.launchPath = …`, `x.arguments = …`
            if isMember, ["executableURL", "launchPath", "arguments"].contains(name), file.tokenIs(open, "="),
               let dot = previous, let receiver = file.previousCode(before: dot), let valueStart = file.nextCode(after: open) {
                let key = "\(file.text(receiver))@\(file.enclosingBrace(of: index) ?? -1)"
                let value = valueStart..<file.expressionEnd(from: valueStart)
                if name == "arguments" { processes[key, default: ProcessSetup()].arguments = value } else { processes[key, default: ProcessSetup()].executable = value }
                continue
            }
            guard file.tokenIs(open, "("), !isDeclaration, let arguments = file.arguments(at: open) else { continue }

            if !isMember, name == "system" || name == "popen", !ownFunctions.contains(name), let command = arguments.first,
               command.label == nil, name == "system" ? arguments.count == 1 : arguments.count == 2 {
                if isConstant(file, command.value) {
                    findings.append(finding(file, at: index..<(index + 1), "`\(name)` runs its command through /bin/sh; run the program directly with Process and an argument array", severity: .warning))
                } else {
                    findings.append(finding(file, at: command.value, "command built at run time runs through `\(name)` and /bin/sh: command injection risk; run the program directly with Process and an argument array", severity: .error))
                }
            } else if !isMember, Self.execFamily.contains(name), !ownFunctions.contains(name) {
                findings += shellInvocation(file, program: arguments.first { stringValue(file, $0.value).map(Self.isShell) ?? false }?.value,
                                            arguments: arguments.map(\.value), via: name)
            } else if name == "shellOut", let command = arguments.first, command.label == "to" {
                // ShellOut joins the command and its arguments into one `/bin/bash -c` string.
                let parts = [command.value] + (arguments.first { $0.label == "arguments" }.flatMap { file.arrayElements($0.value) } ?? [])
                if let built = parts.first(where: { !isConstant(file, $0) }) {
                    findings.append(finding(file, at: built, "command built at run time runs through `shellOut(to:)` (/bin/bash -c): command injection risk", severity: .error))
                } else {
                    findings.append(finding(file, at: index..<(index + 1), "`shellOut(to:)` runs a shell (/bin/bash -c) with a constant command; run the program directly instead", severity: .warning))
                }
            } else if name == "run" || name == "runDetached", let executable = arguments.first, executable.label == nil,
                      let program = subprocessProgram(file, executable.value) {
                // swift-subprocess: `run(.path("/bin/sh"), arguments: ["-c", cmd])`, `.name("bash")`.
                let elements = arguments.first { $0.label == "arguments" }.flatMap { argumentList(file, $0.value) }
                findings += shellInvocation(file, program: program, arguments: elements ?? [], via: "Subprocess.run", unreadable: elements == nil)
            } else if name == "run" || name == "launchedProcess", isMember, let receiver = previous.flatMap({ file.previousCode(before: $0) }),
                      ["Process", "NSTask"].contains(file.text(receiver)), let executable = arguments.first {
                // `Process.run(URL(fileURLWithPath: "/bin/sh"), arguments: […])`, `launchedProcess(launchPath:arguments:)`.
                let elements = arguments.first { $0.label == "arguments" }.flatMap { argumentList(file, $0.value) }
                if let path = executablePath(file, executable.value), Self.isShell(path) || path.hasSuffix("/env") {
                    findings += shellInvocation(file, program: executable.value, arguments: elements ?? [], via: "Process", unreadable: elements == nil, path: path)
                }
            } else if wrappers.contains(name), let command = arguments.first {
                if isConstant(file, command.value) {
                    findings.append(finding(file, at: index..<(index + 1), "`\(name)` passes its command to a shell; run the program directly instead", severity: .warning))
                } else {
                    findings.append(finding(file, at: command.value, "command built at run time is passed to the shell wrapper `\(name)`: command injection risk", severity: .error))
                }
            }
        }
        for setup in processes.values {
            guard let executable = setup.executable, let path = executablePath(file, executable),
                  Self.isShell(path) || path.hasSuffix("/env") else { continue }
            let elements = setup.arguments.flatMap { argumentList(file, $0) }
            findings += shellInvocation(file, program: executable, arguments: elements ?? [], via: "Process", unreadable: elements == nil, path: path)
        }
        return findings
    }

    private struct ProcessSetup {
        var executable: Range<Int>?
        var arguments: Range<Int>?
    }

    /// Judges a shell run from its argument list: `-c` followed by a command built at run time
    /// is an error; a constant command (or arguments that cannot be read) a warning.
    private func shellInvocation(_ file: SourceFile, program: Range<Int>?, arguments: [Range<Int>], via: String,
                                 unreadable: Bool = false, path: String? = nil) -> [Finding] {
        guard let program else { return [] }
        let programPath = path ?? stringValue(file, program) ?? "a shell"
        var elements = arguments
        var shell = programPath
        if programPath.hasSuffix("/env") {
            // `/usr/bin/env bash -c …`: the first non-option argument is the program.
            guard let first = elements.firstIndex(where: { !(stringValue(file, $0)?.hasPrefix("-") ?? false) }),
                  let name = stringValue(file, elements[first]), Self.isShell(name) else { return [] }
            shell = "env \(name)"
            elements.removeSubrange(...first)
        }
        if unreadable {
            return [finding(file, at: program, "`\(via)` runs a shell (\(shell)) with arguments that cannot be read statically; run the program directly instead", severity: .warning)]
        }
        guard let flag = elements.firstIndex(where: { stringValue(file, $0).map(Self.isCommandFlag) ?? false }) else { return [] }
        guard flag + 1 < elements.count else { return [] }
        let command = elements[flag + 1]
        if isConstant(file, command) {
            return [finding(file, at: program, "`\(via)` runs a shell (\(shell) -c) with a constant command; run the program directly instead", severity: .warning)]
        }
        return [finding(file, at: command, "command built at run time runs through `\(shell) -c` (\(via)): command injection risk; run the program directly with an argument array", severity: .error)]
    }

    /// `-c`, or combined short options that include it (`-lc`, `-ec`).
    private static func isCommandFlag(_ argument: String) -> Bool {
        argument.count >= 2 && argument.hasPrefix("-") && !argument.hasPrefix("--") && argument.contains("c")
            && argument.dropFirst().allSatisfy(\.isLetter)
    }

    /// A string value known statically: a literal, or a local constant bound to one.
    private func stringValue(_ file: SourceFile, _ range: Range<Int>, depth: Int = 0) -> String? {
        if let value = file.literalValue(range) { return value }
        if let value = compileTimeString(file, range) { return value }
        guard depth < 3, let initializer = file.initializerOfIdentifier(in: range) else { return nil }
        return stringValue(file, initializer, depth: depth + 1)
    }

    private static let compileTimeLiterals: Set<String> = ["#function", "#file", "#fileID", "#filePath", "#line", "#column"]

    /// A string literal whose interpolations are compile-time constants only (`"\(#function)"`,
    /// `"\(42)"`): fixed when the program is built, so no injection.
    private func compileTimeString(_ file: SourceFile, _ range: Range<Int>) -> String? {
        guard let start = file.firstCode(in: range), let literal = file.stringLiteral(at: start), let end = literal.endToken,
              file.lastCode(in: range) == end else { return nil }
        var index = start + 1
        while index < end {
            if file.tokens[index].kind == .interpolationStart {
                let close = Int(file.partner[index])
                guard close > index, let inner = file.firstCode(in: (index + 1)..<close), file.lastCode(in: (index + 1)..<close) == inner,
                      file.tokens[inner].kind == .number || (file.tokens[inner].kind == .poundKeyword && Self.compileTimeLiterals.contains(file.text(inner))) else {
                    return nil
                }
                index = close
            }
            index += 1
        }
        return literal.value
    }

    /// Whether an expression is a plain literal (directly or through a local constant).
    private func isConstant(_ file: SourceFile, _ range: Range<Int>) -> Bool {
        stringValue(file, range) != nil
    }

    /// `"/bin/sh"`, `URL(fileURLWithPath: "/bin/sh")`, `URL(filePath: …)`, `URL(string: "file:///bin/sh")`,
    /// or a local constant bound to one of them.
    private func executablePath(_ file: SourceFile, _ range: Range<Int>, depth: Int = 0) -> String? {
        if let value = stringValue(file, range) { return value.hasPrefix("file://") ? String(value.dropFirst(7)) : value }
        guard let first = file.firstCode(in: range) else { return nil }
        if file.tokenIs(first, "URL"), let open = file.nextCode(after: first), file.tokenIs(open, "("),
           let argument = file.arguments(at: open)?.first {
            return stringValue(file, argument.value).map { $0.hasPrefix("file://") ? String($0.dropFirst(7)) : $0 }
        }
        guard depth < 3, let initializer = file.initializerOfIdentifier(in: range) else { return nil }
        return executablePath(file, initializer, depth: depth + 1)
    }

    /// swift-subprocess's `.path("/bin/sh")`, `.path(FilePath("/bin/sh"))`, `.name("bash")` naming a shell.
    private func subprocessProgram(_ file: SourceFile, _ range: Range<Int>) -> Range<Int>? {
        guard let dot = file.firstCode(in: range), file.tokenIs(dot, "."), let kind = file.nextCode(after: dot),
              file.tokenIs(kind, "path") || file.tokenIs(kind, "name"), let open = file.nextCode(after: kind), file.tokenIs(open, "("),
              let inner = file.arguments(at: open)?.first else { return nil }
        var value = inner.value
        if let first = file.firstCode(in: value), file.tokenIs(first, "FilePath"), let innerOpen = file.nextCode(after: first),
           let innerArgument = file.arguments(at: innerOpen)?.first {
            value = innerArgument.value
        }
        guard let path = stringValue(file, value), Self.isShell(path) || path.hasSuffix("/env") || path == "env" else { return nil }
        return value
    }

    /// An argument list: an array literal, `Arguments([…])` / `.init([…])`, or a local constant bound to one.
    private func argumentList(_ file: SourceFile, _ range: Range<Int>, depth: Int = 0) -> [Range<Int>]? {
        if let elements = file.arrayElements(range) { return elements }
        guard let first = file.firstCode(in: range) else { return nil }
        var call = first
        if file.tokenIs(call, "."), let next = file.nextCode(after: call) { call = next }
        if file.tokenIs(call, "Arguments") || file.tokenIs(call, "init"), let open = file.nextCode(after: call), file.tokenIs(open, "("),
           let inner = file.arguments(at: open)?.first {
            return file.arrayElements(inner.value)
        }
        guard depth < 3, let initializer = file.initializerOfIdentifier(in: range) else { return nil }
        return argumentList(file, initializer, depth: depth + 1)
    }
}
