/// Shell wrappers across the project: a function that passes its parameter to a shell is a
/// wrapper; one that passes its parameter to a wrapper is one too (transitively). A call of a
/// wrapper, in any file, with text built at run time is command injection, as a shell call is.
/// `checks.security.shellWrappers` remains for wrappers whose source is not in the tree.
public struct ShellFacts: Sendable, Codable {
    /// A parameter of a function as callers reach it: by its label, or by position when unlabelled.
    struct Slot: Sendable, Codable, Equatable {
        var function: String
        var label: String?
        var position: Int

        /// Whether an argument (a call's slot) fills this parameter (a definition's slot).
        func accepts(_ argument: Slot) -> Bool {
            function == argument.function && (label.map { argument.label == $0 } ?? (argument.label == nil && argument.position == position))
        }
    }

    /// A function passing its parameter `from` on as the argument `to` of another call.
    struct Forward: Sendable, Codable {
        var from, to: Slot
    }

    /// A call passing text built at run time as argument `to`.
    struct Site: Sendable, Codable {
        var to: Slot
        var location: SourceLocation
        var endLine, endColumn: Int
        var isTest: Bool
        /// The static members of types the text reads (`"rm -rf \(Paths.derivedData)"`), when it is built
        /// from those and inert values only: no injection when each is a string constant of the project.
        var typeMembers: [String]?
    }

    /// Parameters that reach a shell in this file (the shell scanner found them).
    var wrappers: [Slot] = []
    var forwards: [Forward] = []
    var sites: [Site] = []
    /// The file's static string constants (`Type.name` → value), for the sites of any file that read them.
    var constants: [String: String] = [:]

    var isEmpty: Bool { wrappers.isEmpty && forwards.isEmpty && sites.isEmpty && constants.isEmpty }
}

enum ShellWrappers {
    /// What a file tells about wrappers: the parameters its shell findings are (`shellFindings`
    /// name a bare parameter when the function is a wrapper), parameters passed on whole to other
    /// calls, and calls given interpolated or concatenated text (directly or through a local).
    static func facts(_ file: SourceFile, shellFindings: [Finding], isTest: Bool) -> ShellFacts {
        var facts = ShellFacts()
        // Found when first asked: a file that passes no bare name to a call needs neither.
        var bodies = Deferred { file.functionBodies() }
        var builtLocals = Deferred { builtLocalNames(file) }
        func signature(_ token: Int) -> FunctionSignature? {
            var brace = file.enclosingBrace(of: token)
            while let open = brace {
                if let function = bodies.value[open] { return function }
                brace = file.enclosingBrace(of: open)
            }
            return nil
        }
        func slot(ofParameter name: String, at token: Int, textOnly: Bool = false) -> ShellFacts.Slot? {
            guard let function = signature(token), let position = function.parameters.firstIndex(where: { $0.name == name }),
                  !textOnly || ByteSearch.containsExactly(function.parameters[position].type, "String") else { return nil }
            return ShellFacts.Slot(function: function.name, label: function.parameters[position].label, position: position)
        }
        for finding in shellFindings where finding.line <= file.lines.starts.count {
            let offset = file.lines.starts[finding.line - 1] + finding.column - 1
            guard let token = file.token(atByte: offset), file.tokens[token].kind == .identifier else { continue }
            if let parameter = slot(ofParameter: file.text(token), at: token) {
                facts.wrappers.append(parameter)
            } else if let initializer = file.initializerOfIdentifier(in: token..<(token + 1)) {
                // A local built from the function's text parameters (`"\(command) > \(log)"`) passes them on to the shell.
                let names = initializer.filter { file.tokens[$0].kind == .identifier && file.tokens[$0].scope == .code }
                facts.wrappers += names.compactMap { slot(ofParameter: file.text($0), at: $0, textOnly: true) }
            }
        }
        // The names worth a look: text parameters of the file's functions and locals bound to built
        // text (most arguments are neither, and need no walk up to their function).
        let candidates = file.textParameterNames().union(builtLocals.value)
        // Most names are no candidate by their length alone: no string is made for them.
        let lengths = Set(candidates.map(\.utf8.count))
        for index in file.words.lazy.map(Int.init) where !candidates.isEmpty && file.tokens[index].kind == .identifier
            && lengths.contains(Int(file.tokens[index].end - file.tokens[index].start)) && isWholeArgument(file, index) {
            let name = file.text(index)
            guard candidates.contains(name) else { continue }
            if let parameter = slot(ofParameter: name, at: index, textOnly: true) {
                guard let call = argumentSlot(file, index), parameter.function != call.slot.function else { continue }
                facts.forwards.append(.init(from: parameter, to: call.slot))
            } else if builtLocals.value.contains(name), let initializer = file.initializerOfIdentifier(in: index..<(index + 1)),
                      let built = built(file, initializer), let call = argumentSlot(file, index) {
                facts.sites.append(site(file, call.slot, index..<(index + 1), isTest, typeMembers: built.typeMembers))
            }
        }
        for start in file.literalStarts.lazy.map(Int.init) where mayBeBuilt(file, start) {
            guard let call = argumentSlot(file, start, whole: false), let built = built(file, call.value) else { continue }
            // Built from the function's own parameters only: the function is a wrapper of that call.
            let names = call.value.filter { file.tokens[$0].kind == .identifier && file.tokens[$0].scope == .code }
            let parameters = names.compactMap { slot(ofParameter: file.text($0), at: $0) }
            if !names.isEmpty, parameters.count == names.count {
                facts.forwards += parameters.filter { $0.function != call.slot.function }.map { .init(from: $0, to: call.slot) }
            } else {
                facts.sites.append(site(file, call.slot, call.value, isTest, typeMembers: built.typeMembers))
            }
        }
        // Asked by the migrations check of every file too (made once per file). A stored `var` is no constant here.
        let variables = file.staticVariableNames()
        facts.constants = variables.isEmpty ? file.staticConstants() : file.staticConstants().filter { !variables.contains($0.key) }
        return facts
    }

    /// Names a `let`/`var` of the file binds to interpolated or concatenated text: found from the
    /// built literals (few), back over `= ` and a type to the keyword, so that arguments are looked
    /// up, never searched for.
    private static func builtLocalNames(_ file: SourceFile) -> Set<String> {
        var names = Set<String>()
        for start in file.literalStarts.lazy.map(Int.init) where mayBeBuilt(file, start) {
            guard let equals = file.previousCode(before: start), file.tokenIs(equals, "="), let last = file.previousCode(before: equals) else { continue }
            var name = last
            while let before = file.previousCode(before: name), file.tokens[before].line == file.tokens[last].line,
                  file.tokens[before].kind == .identifier || file.tokenIs(before, ":") || file.tokenIs(before, "?") || file.tokenIs(before, ".") {
                name = before
            }
            guard let keyword = file.previousCode(before: name), file.tokenIs(keyword, "let") || file.tokenIs(keyword, "var"),
                  file.tokens[name].kind == .identifier else { continue }
            names.insert(file.text(name))
        }
        return names
    }

    /// Token `index` alone is a call's argument (`f(x)`, `f(a, label: x)`): tests of tokens only.
    private static func isWholeArgument(_ file: SourceFile, _ index: Int) -> Bool {
        guard let before = file.previousCode(before: index), file.tokenIs(before, "(") || file.tokenIs(before, ",") || file.tokenIs(before, ":"),
              let after = file.nextCode(after: index), file.tokenIs(after, ")") || file.tokenIs(after, ",") else { return false }
        return file.enclosingOpenBracket(of: index).map { file.tokenIs($0, "(") } ?? false
    }

    /// Calls that take text and never run it: logging, UI text, assertions.
    private static let neverWrappers: Set<String> = [
        "print", "debugPrint", "NSLog", "os_log", "Text", "Label", "Button", "Section", "NavigationLink", "Toggle", "TextField", "Image",
        "info", "debug", "error", "warning", "notice", "trace", "critical", "fault", "log", "fatalError", "precondition", "preconditionFailure",
        "assert", "assertionFailure", "NSLocalizedString", "String", "Substring", "URL", "append", "appending", "XCTAssertEqual", "XCTAssertTrue",
        "XCTAssertFalse", "XCTAssert", "XCTFail", "XCTUnwrap", "Logger", "contains", "hasPrefix", "hasSuffix", "replacingOccurrences", "components",
    ]

    private static func site(_ file: SourceFile, _ slot: ShellFacts.Slot, _ value: Range<Int>, _ isTest: Bool, typeMembers: [String]?) -> ShellFacts.Site {
        let end = file.location(ofByte: Int(file.tokens[file.lastCode(in: value) ?? value.lowerBound].end))
        return .init(to: slot, location: file.location(ofToken: value.lowerBound), endLine: end.line, endColumn: end.column, isTest: isTest,
                     typeMembers: typeMembers)
    }

    /// The call argument token `index` starts: its slot and value. `whole`: the argument must be
    /// that one token (a parameter or a local passed on); else it only starts with it.
    private static func argumentSlot(_ file: SourceFile, _ index: Int, whole: Bool = true) -> (slot: ShellFacts.Slot, value: Range<Int>)? {
        // Token tests first: this runs for every identifier of every file.
        guard let before = file.previousCode(before: index), file.tokenIs(before, "(") || file.tokenIs(before, ",") || file.tokenIs(before, ":"),
              let open = file.enclosingOpenBracket(of: index), file.tokenIs(open, "(") else { return nil }
        if whole, let after = file.nextCode(after: index), !file.tokenIs(after, ")"), !file.tokenIs(after, ",") { return nil }
        guard let callee = file.previousCode(before: open), file.tokens[callee].kind == .identifier, !neverWrappers.contains(file.text(callee)) else {
            return nil
        }
        guard let arguments = file.arguments(at: open),
              let position = arguments.firstIndex(where: { file.firstCode(in: $0.value) == index }) else { return nil }
        if let keyword = file.previousCode(before: callee), file.tokenIs(keyword, "func") { return nil }
        return (ShellFacts.Slot(function: file.text(callee), label: arguments[position].label, position: position), arguments[position].value)
    }

    /// Whether the literal starting at `start` interpolates or is concatenated: read by tokens, no text made.
    private static func mayBeBuilt(_ file: SourceFile, _ start: Int) -> Bool {
        guard file.partner[start] > start else { return false }
        let end = Int(file.partner[start])
        if (start..<end).contains(where: { file.tokens[$0].kind == .interpolationStart }) { return true }
        return file.nextCode(after: end).map { file.tokenIs($0, "+") } ?? false || file.previousCode(before: start).map { file.tokenIs($0, "+") } ?? false
    }

    /// Text built at run time: an interpolated string literal, or a concatenation with one. Only
    /// literals, numbers and quoted or fixed-format text (`"kill -9 \(pid)"` with `pid: Int`) is no
    /// injection; text that reads static members of types besides is none if they are constants (`typeMembers`).
    private static func built(_ file: SourceFile, _ value: Range<Int>) -> BuiltText? {
        guard let first = file.firstCode(in: value) else { return nil }
        if let literal = file.stringLiteral(at: first), literal.endToken == file.lastCode(in: value) {
            guard literal.isInterpolated else { return nil }
        } else {
            let hasLiteral = value.contains { file.tokens[$0].kind == .stringStart }
            guard hasLiteral, value.contains(where: { file.tokens[$0].kind == .operator && file.tokenIs($0, "+") }) else { return nil }
        }
        // One walk: taking types' static members for constants only makes more values inert.
        let assuming = file.valueOrigin(assumingTypeConstantsIn: value)
        guard assuming.origin.isInert else { return .outsideText }
        return assuming.typeMembers.isEmpty ? nil : .typeMembers(assuming.typeMembers)
    }

    /// Built text: text from outside, or text that reads static members of types and is inert if they are constants.
    private enum BuiltText {
        case outsideText
        case typeMembers([String])

        var typeMembers: [String]? {
            if case let .typeMembers(members) = self { return members }
            return nil
        }
    }

    /// Calls of the project's wrappers with built text, in any file: errors (warnings in test code);
    /// high confidence for a function whose own body runs the shell, medium for a wrapper of a wrapper.
    static func findings(_ facts: [ShellFacts], rule: Rule, configured: Set<String>) -> [Finding] {
        let direct = facts.flatMap(\.wrappers)
        var wrappers = direct
        let forwards = facts.flatMap(\.forwards)
        var grew = true
        while grew {
            grew = false
            for forward in forwards where !wrappers.contains(forward.from) && wrappers.contains(where: { $0.accepts(forward.to) }) {
                wrappers.append(forward.from)
                grew = true
            }
        }
        let constants = ConstantTable(facts.map(\.constants))
        return facts.flatMap(\.sites).compactMap { site in
            guard !configured.contains(site.to.function), wrappers.contains(where: { $0.accepts(site.to) }) else { return nil }
            // Built from string constants of the project and inert values only.
            if let members = site.typeMembers, members.allSatisfy({ constants.resolve($0) != nil }) { return nil }
            var finding = Finding(rule: rule, message: "command built at run time is passed to `\(site.to.function)`, which runs it through a shell: "
                                  + "command injection risk; run the program directly with an argument array",
                                  file: site.location.file, line: site.location.line, column: site.location.column,
                                  endLine: site.endLine, endColumn: site.endColumn)
            finding.severity = site.isTest ? .warning : .error
            finding.confidence = direct.contains(where: { $0.accepts(site.to) }) ? .high : .medium
            return finding
        }
    }
}
