/// Reading expressions off the token stream through the bracket-matched view: call
/// arguments, array elements, string-literal values and local bindings. No parser: these are
/// the few shapes checks need, and each answers nil when the code is not of that shape.
extension SourceFile {
    public struct Argument: Sendable {
        /// The label (`arguments` in `arguments: x`), or nil.
        public var label: String?
        /// Token indices of the value, trivia trimmed.
        public var value: Range<Int>
    }

    /// The arguments of the call or subscript whose opening bracket is token `open`.
    public func arguments(at open: Int) -> [Argument]? {
        guard open < tokens.count, partner[open] > open else { return nil }
        let close = Int(partner[open])
        var result: [Argument] = []
        var start = open + 1
        var index = open + 1
        while index <= close {
            if index == close || (tokens[index].kind == .punctuation && tokenIs(index, ",")) {
                if let argument = argument(in: start..<index) { result.append(argument) }
                start = index + 1
            } else if partner[index] > index {
                index = Int(partner[index])
            }
            index += 1
        }
        return result
    }

    private func argument(in range: Range<Int>) -> Argument? {
        guard let first = firstCode(in: range), let last = lastCode(in: range) else { return nil }
        if let colon = nextCode(after: first), colon <= last, tokenIs(colon, ":"),
           tokens[first].kind == .identifier || tokens[first].kind == .keyword,
           let valueStart = nextCode(after: colon), valueStart <= last {
            return Argument(label: text(first), value: valueStart..<(last + 1))
        }
        return Argument(label: nil, value: first..<(last + 1))
    }

    public func firstCode(in range: Range<Int>) -> Int? {
        range.first { !tokens[$0].isTrivia }
    }

    public func lastCode(in range: Range<Int>) -> Int? {
        range.last { !tokens[$0].isTrivia }
    }

    /// The elements of an array literal spanning exactly `range`, or nil.
    public func arrayElements(_ range: Range<Int>) -> [Range<Int>]? {
        guard let first = firstCode(in: range), tokenIs(first, "["), Int(partner[first]) == lastCode(in: range) else { return nil }
        return arguments(at: first)?.map(\.value)
    }

    /// The value of `range` when it is one string literal without interpolation, or several
    /// joined by `+`.
    public func literalValue(_ range: Range<Int>) -> String? {
        var value = ""
        var index = firstCode(in: range)
        var expectLiteral = true
        while let current = index, current < range.upperBound {
            if expectLiteral {
                guard let literal = stringLiteral(at: current), !literal.isInterpolated, let end = literal.endToken else { return nil }
                value += literal.value
                index = nextCode(after: end)
            } else {
                guard tokenIs(current, "+") else { return nil }
                index = nextCode(after: current)
            }
            expectLiteral.toggle()
        }
        // Ending on a literal (not on a dangling `+`, nor empty) is a value.
        return expectLiteral ? nil : value
    }

    /// The innermost unclosed `(`, `[` or `{` before `index`.
    public func enclosingOpenBracket(of index: Int) -> Int? {
        enclosing[index] >= 0 ? Int(enclosing[index]) : nil
    }

    /// The innermost `{` enclosing token `index`, or nil at file scope.
    public func enclosingBrace(of index: Int) -> Int? {
        enclosingBraces[index] >= 0 ? Int(enclosingBraces[index]) : nil
    }

    /// What a bare identifier at `use` is bound to: the initializer of the nearest `let`/`var`
    /// declared before it in an enclosing scope. A `var` that is assigned again anywhere in that
    /// scope has no single value (nil).
    public func localInitializer(of name: String, before use: Int) -> Range<Int>? {
        guard let binding = localBinding(of: name, before: use) else { return nil }
        if binding.isVar, isReassigned(name, in: binding.scope, after: binding.initializer.upperBound) { return nil }
        return binding.initializer
    }

    /// The nearest `let`/`var name = …` before `use` in a scope enclosing it: its initializer and
    /// scope (its `{`, nil at file scope), whether or not a `var` is assigned again.
    func localBinding(of name: String, before use: Int) -> (initializer: Range<Int>, scope: Int?, isVar: Bool)? {
        var scopes: [Int?] = []
        var scope = enclosingBrace(of: use)
        while let brace = scope {
            scopes.append(brace)
            scope = enclosingBrace(of: brace)
        }
        scopes.append(nil)
        var cursor = use - 1
        while cursor >= 0 {
            defer { cursor -= 1 }
            guard tokens[cursor].kind == .keyword, tokenIs(cursor, "let") || tokenIs(cursor, "var"),
                  let nameToken = nextCode(after: cursor), text(nameToken) == name,
                  scopes.contains(where: { $0 == enclosingBrace(of: cursor) }) else { continue }
            var equals = nextCode(after: nameToken)
            if let colon = equals, tokenIs(colon, ":") { equals = initializerEquals(afterAnnotation: colon) }
            guard let equalsIndex = equals, tokenIs(equalsIndex, "="), let valueStart = nextCode(after: equalsIndex) else { return nil }
            var valueEnd = expressionEnd(from: valueStart)
            // `if let x = y {`, `guard let x = y else {`: the condition ends before its body.
            if let before = previousCode(before: cursor), ["if", "guard", "while", ","].contains(text(before)),
               let body = (valueStart..<valueEnd).first(where: { (tokenIs($0, "{") || tokenIs($0, "else"))
                   && enclosingOpenBracket(of: $0) == enclosingOpenBracket(of: cursor) }) {
                valueEnd = body
            }
            return (valueStart..<valueEnd, enclosingBrace(of: cursor), tokenIs(cursor, "var"))
        }
        return nil
    }

    /// The values `name = …` and `name += …` assign between `start` and `end` (the binding's scope and the use).
    /// The `=` of a declaration whose type annotation starts at `colon` (`let x: [String: Int] = …`), on
    /// the declaration's line; nil when it has none (a property set in `init`, a computed one's `{`).
    func initializerEquals(afterAnnotation colon: Int) -> Int? {
        var probe = nextCode(after: colon)
        while let current = probe, !tokenIs(current, "="), tokens[current].line == tokens[colon].line, !tokenIs(current, "{") {
            probe = partner[current] > current ? nextCode(after: Int(partner[current])) : nextCode(after: current)
        }
        return probe.flatMap { tokenIs($0, "=") ? $0 : nil }
    }

    func assignments(to name: String, after start: Int, before end: Int) -> [Range<Int>] {
        var values: [Range<Int>] = []
        for index in start..<max(start, end) where tokens[index].kind == .identifier && text(index) == name {
            guard let next = nextCode(after: index), tokenIs(next, "=") || tokenIs(next, "+="), let value = nextCode(after: next) else { continue }
            if let before = previousCode(before: index), tokenIs(before, ".") { continue }
            values.append(value..<expressionEnd(from: value))
        }
        return values
    }

    /// When `range` is one bare identifier, the initializer of the local `let`/`var` it names
    /// (see `localInitializer`); nil for anything else.
    public func initializerOfIdentifier(in range: Range<Int>) -> Range<Int>? {
        guard let first = firstCode(in: range), lastCode(in: range) == first, tokens[first].kind == .identifier else { return nil }
        return localInitializer(of: text(first), before: first)
    }

    /// The end (exclusive) of the expression starting at `start`: up to the end of its line,
    /// or further while brackets are open or a binary operator ends the line.
    public func expressionEnd(from start: Int) -> Int {
        var index = start
        var last = start
        while index < tokens.count {
            let token = tokens[index]
            if token.kind == .newline {
                if tokens[last].kind == .operator, !tokenIs(last, "?"), !tokenIs(last, "!") { index += 1; continue }
                if let next = nextCode(after: index), tokens[next].kind == .operator, !tokenIs(next, "!") { index += 1; continue }
                break
            }
            if token.kind == .punctuation, tokenIs(index, ";") || tokenIs(index, "}") || tokenIs(index, ",") || tokenIs(index, ")") || tokenIs(index,
                "]") { break }
            if !token.isTrivia { last = index }
            if partner[index] > index {
                index = Int(partner[index])
                last = index
            }
            index += 1
        }
        return last + 1
    }

    private func isReassigned(_ name: String, in scope: Int?, after start: Int) -> Bool {
        let end = scope.map { Int(partner[$0]) } ?? tokens.count
        guard end > start else { return false }
        for index in start..<max(start, end) where tokens[index].kind == .identifier && text(index) == name {
            guard let next = nextCode(after: index) else { continue }
            if tokens[next].kind == .operator, text(next).hasSuffix("="), !["==", "!=", "<=", ">=", "==="].contains(text(next)) { return true }
            if tokenIs(next, "."), let member = nextCode(after: next), ["append", "insert", "write", "removeAll"].contains(text(member)) { return true }
        }
        return false
    }
}
