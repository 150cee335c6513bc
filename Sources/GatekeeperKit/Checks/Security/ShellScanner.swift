import Foundation

/// Finds shell execution: `Process`/`NSTask` running a shell with `-c`, `system`, `popen`,
/// `exec*`/`posix_spawn` of a shell, swift-subprocess and ShellOut calls, and configured
/// wrappers. A command built at run time is an error; a constant one a warning.
struct ShellScanner {
    let rule: Rule
    let wrappers: Set<String>
    /// Every name `scan` reads a call or an assignment of: other identifiers cost no String.
    private let names: NameSet

    init(rule: Rule, wrappers: Set<String>) {
        (self.rule, self.wrappers) = (rule, wrappers)
        names = NameSet(Self.sinkNames.union(Self.execFamily).union(wrappers).union(Self.processProperties))
    }

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

    /// `shellOutRunsAShell`: whether `shellOut(to:)` is JohnSundell's (`bash -c`) for this file.
    func scan(_ file: SourceFile, shellOutRunsAShell: @autoclosure @escaping () -> Bool = true) -> [Finding] {
        // Functions of the file's own named like the C functions or ShellOut (`static func popen`)
        // are not them; a shellOut defined here is judged by its body. Found at the first call
        // that could be a sink: most files have none.
        var ownFunctions = Deferred {
            var names = Set<String>()
            for index in file.words.lazy.map(Int.init) where file.tokens[index].kind == .keyword && file.tokenIs(index, "func") {
                if let name = file.nextCode(after: index) { names.insert(file.text(name)) }
            }
            if names.contains("shellOut") || !shellOutRunsAShell() { names.insert("shellOut") }
            return names
        }
        var findings: [Finding] = []
        var processes: [String: ProcessSetup] = [:]
        for index in file.words.lazy.map(Int.init) where file.tokens[index].kind == .identifier && names.contains(file, index) {
            guard let open = file.nextCode(after: index) else { continue }
            if recordProcessProperty(file, index, open, into: &processes) { continue }
            guard file.tokenIs(open, "(") else { continue }
            // Only calls some sink below looks at get their arguments read: most calls are none.
            let name = file.text(index)
            guard Self.sinkNames.contains(name) || Self.execFamily.contains(name) || wrappers.contains(name) else { continue }
            let previous = file.previousCode(before: index)
            guard !(previous.map { file.tokenIs($0, "func") || file.tokenIs($0, "case") } ?? false),
                  !isInCaseList(file, index), let arguments = file.arguments(at: open) else { continue }
            let call = Call(name: name, token: index, previous: previous, arguments: arguments)
            let own = ownFunctions.value
            findings += cShellCall(file, call, own) + execCall(file, call, own) + shellOutCall(file, call, own)
                + runnerCall(file, call) + processClassCall(file, call) + bashTaskCall(file, call) + wrapperCall(file, call)
        }
        for setup in processes.values {
            guard let executable = setup.executable, let path = executablePath(file, executable),
                  Self.isShell(path) || path.hasSuffix("/env") else { continue }
            let elements = setup.arguments.flatMap { argumentList(file, $0) }
            findings += shellInvocation(file, program: executable, arguments: elements ?? [], via: "Process", unreadable: elements == nil, path: path)
        }
        return findings
    }

    private static let processProperties: Set<String> = ["executableURL", "launchPath", "arguments"]

    /// The names the sinks below match (besides the exec family and the configured wrappers).
    private static let sinkNames: Set<String> = ["system", "popen", "shellOut", "run", "runDetached", "launchedProcess", "capture"]

    private struct Call {
        var name: String
        var token: Int
        var previous: Int?
        var arguments: [SourceFile.Argument]
        /// `x.name(…)`: a method, not a free function.
        func isMember(_ file: SourceFile) -> Bool { previous.map { file.tokenIs($0, ".") } ?? false }
        func receiver(_ file: SourceFile) -> String? { isMember(file) ? previous.flatMap { file.previousCode(before: $0) }.map { file.text($0) } : nil }
    }

    /// `x.executableURL = …`, `x.launchPath = …`, `x.arguments = …`, and the same on an implicit
    /// `self` (a `Process` extension or subclass): remembered per receiver and scope.
    private func recordProcessProperty(_ file: SourceFile, _ index: Int, _ equals: Int, into processes: inout [String: ProcessSetup]) -> Bool {
        let name = file.text(index)
        guard Self.processProperties.contains(name), file.tokenIs(equals, "="),
              let valueStart = file.nextCode(after: equals) else { return false }
        let previous = file.previousCode(before: index)
        let receiver: String
        if let dot = previous, file.tokenIs(dot, "."), let target = file.previousCode(before: dot) {
            receiver = file.text(target)
        } else if previous.map({ file.tokenIs($0, "let") || file.tokenIs($0, "var") }) ?? false {
            return false
        } else {
            receiver = "self"
        }
        let key = "\(receiver)@\(file.enclosingBrace(of: index) ?? -1)"
        let value = valueStart..<file.expressionEnd(from: valueStart)
        if name == "arguments" { processes[key, default: ProcessSetup()].arguments = value } else { processes[key, default: ProcessSetup()].executable = value }
        return true
    }

    /// `case system(String)`, `case a, popen(Int)`: an enum case of that name, not the C function.
    private func isInCaseList(_ file: SourceFile, _ index: Int) -> Bool {
        var cursor = file.previousCode(before: index)
        while let current = cursor, file.tokenIs(current, ",") || file.tokens[current].kind == .identifier || file.partner[current] >= 0 {
            if file.partner[current] >= 0, file.partner[current] < current { cursor = file.previousCode(before: Int(file.partner[current])); continue }
            cursor = file.previousCode(before: current)
        }
        return cursor.map { file.tokenIs($0, "case") && file.enclosingOpenBracket(of: $0).map { file.tokenIs($0, "{") } ?? true } ?? false
    }

    private func judged(_ file: SourceFile, command: Range<Int>, at call: Int, constant: String, built: String) -> [Finding] {
        if isConstant(file, command) { return [finding(file, at: call..<(call + 1), constant, severity: .warning)] }
        if file.valueOrigin(of: command).isInert { return [inertFinding(file, at: command, via: "a shell")] }
        if let configured = configuredCommand(file, command) { return [configuredFinding(file, command, configured)] }
        return [finding(file, at: command, built, severity: .error)]
    }

    /// A command built only from literals, numbers, quoted and fixed-format text (`"kill -9 \(pid)"` with
    /// `pid: Int`): no injection, still a shell where an argument array would do.
    private func inertFinding(_ file: SourceFile, at command: Range<Int>, via: String) -> Finding {
        finding(file, at: command, "\(via) runs a command built only from literals, numbers, the app's own paths and quoted or fixed-format values; "
                + "run the program directly with an argument array instead", severity: .warning)
    }

    /// A command read from the tool's configuration (`project.options.preGenCommand`,
    /// `config.buildScript`): running what its users configured is the tool's purpose.
    private func configuredCommand(_ file: SourceFile, _ command: Range<Int>) -> String? {
        let source = file.initializerOfIdentifier(in: command) ?? command
        guard let first = file.firstCode(in: source) else { return nil }
        // The member chain `project.options.preGenCommand`, which must be the whole value (an
        // `if let` / `guard let` body may follow it).
        var last = first
        var cursor = file.nextCode(after: first)
        while let current = cursor, current < source.upperBound,
              file.tokens[current].kind == .identifier || file.tokenIs(current, ".") || file.tokenIs(current, "?") {
            last = current
            cursor = file.nextCode(after: current)
        }
        if let next = cursor, next < source.upperBound, !file.tokenIs(next, "{"), !file.tokenIs(next, ","), !file.tokenIs(next, "else") { return nil }
        let path = (first...last).filter { file.tokens[$0].kind == .identifier }.map { file.text($0).lowercased() }
        guard file.tokens[first].kind == .identifier, path.count > 1,
              path.contains(where: { ["options", "config", "configuration", "settings", "spec", "manifest"].contains($0) }) else { return nil }
        return file.text(bytes: Int(file.tokens[first].start)..<Int(file.tokens[last].end))
    }

    private func configuredFinding(_ file: SourceFile, _ command: Range<Int>, _ configured: String) -> Finding {
        finding(file, at: command, "runs the configured command `\(configured)` through a shell, by design; make sure that configuration is trusted",
                severity: .warning)
    }

    /// `system(cmd)`, `popen(cmd, "r")`.
    private func cShellCall(_ file: SourceFile, _ call: Call, _ ownFunctions: Set<String>) -> [Finding] {
        guard !call.isMember(file), call.name == "system" || call.name == "popen", !ownFunctions.contains(call.name),
              let command = call.arguments.first, command.label == nil, call.arguments.count == (call.name == "system" ? 1 : 2) else { return [] }
        return judged(file, command: command.value, at: call.token,
                      constant: "`\(call.name)` runs its command through /bin/sh; run the program directly with Process and an argument array",
                      built: "command built at run time runs through `\(call.name)` and /bin/sh: command injection risk; "
                          + "run the program directly with Process and an argument array")
    }

    /// `execv("/bin/sh", ["sh", "-c", cmd])`, `posix_spawn(&pid, "/bin/sh", nil, nil, argv, env)`: argv arrays count.
    private func execCall(_ file: SourceFile, _ call: Call, _ ownFunctions: Set<String>) -> [Finding] {
        guard !call.isMember(file), Self.execFamily.contains(call.name), !ownFunctions.contains(call.name) else { return [] }
        let values = call.arguments.flatMap { argument in argumentList(file, argument.value) ?? [argument.value] }
        return shellInvocation(file, program: values.first { stringValue(file, $0).map(Self.isShell) ?? false }, arguments: values, via: call.name)
    }

    /// JohnSundell's ShellOut joins the command and its arguments into one `/bin/bash -c` string.
    private func shellOutCall(_ file: SourceFile, _ call: Call, _ ownFunctions: Set<String>) -> [Finding] {
        guard call.name == "shellOut", !ownFunctions.contains("shellOut"), let command = call.arguments.first, command.label == "to" else { return [] }
        let parts = [command.value] + (call.arguments.first { $0.label == "arguments" }.flatMap { file.arrayElements($0.value) } ?? [])
        let built = parts.first { !isConstant(file, $0) }
        if let built, parts.allSatisfy({ isConstant(file, $0) || file.valueOrigin(of: $0).isInert }) {
            return [inertFinding(file, at: built, via: "`shellOut(to:)` (/bin/bash -c)")]
        }
        guard let built else {
            return [finding(file, at: call.token..<(call.token + 1),
                            "`shellOut(to:)` runs a shell (/bin/bash -c) with a constant command; run the program directly instead", severity: .warning)]
        }
        if let parameter = wrappedParameter(file, built) {
            return [finding(file, at: built, "a shell wrapper: `\(parameter)` runs through `/bin/bash -c` (shellOut(to:)); make sure no caller passes "
                            + "text from outside, or run programs with an argument array", severity: .warning)]
        }
        return [finding(file, at: built, "command built at run time runs through `shellOut(to:)` (/bin/bash -c): command injection risk", severity: .error)]
    }

    /// swift-subprocess `run(.path("/bin/sh"), arguments: ["-c", cmd])`, `.name("bash")`, and a
    /// project's own runner taking the arguments unlabeled: `run(.path("/bin/zsh"), ["-cu", cmd])`.
    private func runnerCall(_ file: SourceFile, _ call: Call) -> [Finding] {
        guard call.name == "run" || call.name == "runDetached", let executable = call.arguments.first, executable.label == nil,
              let program = subprocessProgram(file, executable.value) else { return [] }
        let list = call.arguments.first { $0.label == "arguments" } ?? call.arguments.dropFirst().first { $0.label == nil }
        let elements = list.flatMap { argumentList(file, $0.value) }
        return shellInvocation(file, program: program, arguments: elements ?? [], via: "Subprocess.run", unreadable: elements == nil)
    }

    /// `Process.run(URL(fileURLWithPath: "/bin/sh"), arguments: […])`, `launchedProcess(launchPath:arguments:)`.
    private func processClassCall(_ file: SourceFile, _ call: Call) -> [Finding] {
        guard call.name == "run" || call.name == "launchedProcess", let receiver = call.receiver(file), ["Process", "NSTask"].contains(receiver),
              let executable = call.arguments.first, let path = executablePath(file, executable.value), Self.isShell(path) || path.hasSuffix("/env")
        else { return [] }
        let elements = call.arguments.first { $0.label == "arguments" }.flatMap { argumentList(file, $0.value) }
        return shellInvocation(file, program: executable.value, arguments: elements ?? [], via: "Process", unreadable: elements == nil, path: path)
    }

    /// SwiftCLI's `Task.run(bash: cmd)` and `Task.capture(bash: cmd)` run `bash -c`.
    private func bashTaskCall(_ file: SourceFile, _ call: Call) -> [Finding] {
        guard call.name == "run" || call.name == "capture", let command = call.arguments.first, command.label == "bash" else { return [] }
        return judged(file, command: command.value, at: call.token,
                      constant: "`\(call.name)(bash:)` runs a shell (bash -c) with a constant command; run the program directly instead",
                      built: "command built at run time runs through `\(call.name)(bash:)` (bash -c): command injection risk")
    }

    /// The helpers named in `checks.security.shellWrappers`.
    private func wrapperCall(_ file: SourceFile, _ call: Call) -> [Finding] {
        guard wrappers.contains(call.name), let command = call.arguments.first else { return [] }
        return judged(file, command: command.value, at: call.token,
                      constant: "`\(call.name)` passes its command to a shell; run the program directly instead",
                      built: "command built at run time is passed to the shell wrapper `\(call.name)`: command injection risk")
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
            return [finding(file, at: program,
                "`\(via)` runs a shell (\(shell)) with arguments that cannot be read statically; run the program directly instead", severity: .warning)]
        }
        guard let flag = elements.firstIndex(where: { stringValue(file, $0).map(Self.isCommandFlag) ?? false }) else { return [] }
        guard flag + 1 < elements.count else { return [] }
        let command = elements[flag + 1]
        if isConstant(file, command) {
            var constant = finding(file, at: program, "`\(via)` runs a shell (\(shell) -c) with a constant command; run the program directly instead",
                                   severity: .warning)
            if shell == programPath { constant.fix = SecurityFixes.directRun(file, program: program, elements: elements) }
            return [constant]
        }
        if file.valueOrigin(of: command).isInert { return [inertFinding(file, at: command, via: "`\(via)` (\(shell) -c)")] }
        if let configured = configuredCommand(file, command) { return [configuredFinding(file, command, configured)] }
        if let parameter = wrappedParameter(file, command) {
            return [finding(file, at: command, "a shell wrapper: `\(parameter)` runs through `\(shell) -c` (\(via)); make sure no caller passes "
                            + "text from outside, or run programs with an argument array", severity: .warning)]
        }
        return [finding(file, at: command,
            "command built at run time runs through `\(shell) -c` (\(via)): command injection risk; run the program directly with an argument " +
                "array", severity: .error)]
    }

    /// The command is exactly a parameter of the function around it (`func sh(_ command: String)`)
    /// or `self` (a `String` extension): the function is a shell wrapper, and whether its callers
    /// pass outside text is decided where they call it.
    /// So is a local built from its parameters and inert values only (`"\(command) > \(tempFile) 2>&1"`).
    private func wrappedParameter(_ file: SourceFile, _ command: Range<Int>) -> String? {
        guard let token = file.firstCode(in: command), file.lastCode(in: command) == token else { return nil }
        let name = file.text(token)
        if name == "self" { return name }
        guard let parameters = file.enclosingFunction(of: token).map({ Set($0.parameters.map(\.name)) }) else { return nil }
        if parameters.contains(name) { return name }
        guard let initializer = file.initializerOfIdentifier(in: command) else { return nil }
        let names = initializer.filter { file.tokens[$0].kind == .identifier && file.tokens[$0].scope == .code }
        let passed = names.map { file.text($0) }.filter(parameters.contains)
        guard let first = passed.first, names.allSatisfy({ parameters.contains(file.text($0)) || isInertName(file, $0) }) else { return nil }
        return first
    }

    /// A name in an expression that is inert itself, or the receiver or member of an inert chain (`UUID().uuidString`).
    private func isInertName(_ file: SourceFile, _ index: Int) -> Bool {
        if file.valueOrigin(of: index..<(index + 1)).isInert { return true }
        var end = index
        while let dot = file.nextCode(after: end), file.tokenIs(dot, "."), let member = file.nextCode(after: dot) { end = member }
        var start = index
        while let dot = file.previousCode(before: start), file.tokenIs(dot, "."), let owner = file.previousCode(before: dot) {
            start = file.tokenIs(owner, ")") && file.partner[owner] >= 0 ? (file.previousCode(before: Int(file.partner[owner])) ?? owner) : owner
        }
        return file.valueOrigin(of: start..<(end + 1)).isInert
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
                      file.tokens[inner].kind == .number
                          || (file.tokens[inner].kind == .poundKeyword && Self.compileTimeLiterals.contains(file.text(inner))) else {
                    return nil
                }
                index = close
            }
            index += 1
        }
        return literal.value
    }

    /// Whether an expression is fixed when the program is built: a literal (directly or through a
    /// local constant), an array of them, or an enum case or static factory called with them
    /// (`.createFolder(named: "x")`, `Command.list(path: "/tmp")`).
    private func isConstant(_ file: SourceFile, _ range: Range<Int>, depth: Int = 0) -> Bool {
        if stringValue(file, range) != nil { return true }
        guard depth < 4, let first = file.firstCode(in: range) else { return false }
        if let elements = file.arrayElements(range) { return elements.allSatisfy { isConstant(file, $0, depth: depth + 1) } }
        if file.tokens[first].kind == .number || file.tokenIs(first, "true") || file.tokenIs(first, "false") || file.tokenIs(first, "nil") {
            return file.lastCode(in: range) == first
        }
        // `.member`, `.member(…)`, `Type.member(…)` with constant arguments only.
        var cursor: Int? = first
        while let current = cursor, current < range.upperBound, file.tokenIs(current, ".") || file.tokens[current].kind == .identifier {
            cursor = file.nextCode(after: current)
        }
        guard let end = cursor, end != first, file.tokens[file.previousCode(before: end) ?? first].kind == .identifier else { return false }
        if end >= range.upperBound { return file.tokenIs(first, ".") }
        guard file.tokenIs(end, "("), let arguments = file.arguments(at: end), Int(file.partner[end]) == file.lastCode(in: range) else { return false }
        return arguments.allSatisfy { isConstant(file, $0.value, depth: depth + 1) }
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
        // `argv.map { strdup($0) } + [nil]`: the C strings of a local argument array.
        if depth > 0, depth < 3, file.tokens[first].kind == .identifier, let dot = file.nextCode(after: first), dot < range.upperBound, file.tokenIs(dot, "."),
           let map = file.nextCode(after: dot), file.tokenIs(map, "map") || file.tokenIs(map, "compactMap") {
            return argumentList(file, first..<(first + 1), depth: depth + 1)
        }
        guard depth < 3, let initializer = file.initializerOfIdentifier(in: range) else { return nil }
        return argumentList(file, initializer, depth: depth + 1)
    }
}
