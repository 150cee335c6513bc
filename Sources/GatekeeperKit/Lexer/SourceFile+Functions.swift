/// A function's name and parameters, as the shell check reads wrappers.
struct FunctionSignature: Sendable {
    struct Parameter: Sendable {
        /// The argument label callers write, or nil for `_`.
        var label: String?
        var name: String
        /// The type as written (`String`, `[String]`, `String...`).
        var type: String
    }

    var name: String
    var parameters: [Parameter]
}

extension SourceFile {
    /// The function or initializer whose body holds token `index` (the nearest; closures inside it
    /// count as its body), with its parameters.
    func enclosingFunction(of index: Int) -> FunctionSignature? {
        var brace = enclosingBrace(of: index)
        while let open = brace {
            // The signature before the body: `func name(…) throws -> T {`.
            var cursor = previousCode(before: open)
            while let current = cursor, !tokenIs(current, "func"), !tokenIs(current, "init"), !tokenIs(current, "{"), !tokenIs(current, "}"),
                  !tokenIs(current, ";") {
                cursor = partner[current] >= 0 && partner[current] < current ? previousCode(before: Int(partner[current])) : previousCode(before: current)
            }
            if let keyword = cursor, tokenIs(keyword, "func") || tokenIs(keyword, "init") {
                guard let parameters = (keyword..<open).first(where: { tokenIs($0, "(") }), partner[parameters] > parameters else { return nil }
                let name = tokenIs(keyword, "init") ? "init" : nextCode(after: keyword).map { text($0) } ?? ""
                return FunctionSignature(name: name, parameters: self.parameters(at: parameters))
            }
            brace = enclosingBrace(of: open)
        }
        return nil
    }

    /// Every function's and initializer's body `{` with its signature: one pass over the `func` and
    /// `init` keywords, so that the function around a token is found by walking up its braces.
    func functionBodies() -> [Int: FunctionSignature] {
        var bodies: [Int: FunctionSignature] = [:]
        for keyword in words.lazy.map(Int.init) where tokens[keyword].kind == .keyword && (tokenIs(keyword, "func") || tokenIs(keyword, "init")) {
            // The parameter list: the first `(` after the keyword (past a name and generic parameters).
            var cursor = nextCode(after: keyword)
            while let current = cursor, !tokenIs(current, "("), !tokenIs(current, "{"), !tokenIs(current, "}"), !tokenIs(current, ";") {
                cursor = nextCode(after: partner[current] > current ? Int(partner[current]) : current)
            }
            guard let open = cursor, tokenIs(open, "("), partner[open] > open else { continue }
            // The body: the first `{` after the list at the same depth (past `throws`, `-> T`, `where …`).
            cursor = nextCode(after: Int(partner[open]))
            while let current = cursor, !tokenIs(current, "{"), !tokenIs(current, "}"), !tokenIs(current, ";"), tokens[current].kind != .keyword
                    || ["throws", "rethrows", "async", "where", "some", "any"].contains(text(current)) {
                cursor = nextCode(after: partner[current] > current ? Int(partner[current]) : current)
            }
            guard let body = cursor, tokenIs(body, "{") else { continue }
            let name = tokenIs(keyword, "init") ? "init" : nextCode(after: keyword).map { text($0) } ?? ""
            bodies[body] = FunctionSignature(name: name, parameters: parameters(at: open))
        }
        return bodies
    }

    /// The parameters of the list opening at `open`: `_ command: String`, `at path: String = "."`.
    private func parameters(at open: Int) -> [FunctionSignature.Parameter] {
        let close = Int(partner[open])
        var result: [FunctionSignature.Parameter] = []
        var start = open + 1
        for index in (open + 1)...close where index == close || (enclosing[index] == Int32(open) && tokenIs(index, ",")) {
            defer { start = index + 1 }
            guard let colon = (start..<index).first(where: { enclosing[$0] == Int32(open) && tokenIs($0, ":") }) else { continue }
            let names = (start..<colon).filter { tokens[$0].kind == .identifier || tokens[$0].kind == .keyword }.map { text($0) }
            guard let name = names.last else { continue }
            let label = names.count >= 2 ? names[names.count - 2] : name
            let typeEnd = (colon..<index).first { tokenIs($0, "=") } ?? index
            let type = (colon + 1..<typeEnd).filter { tokens[$0].kind != .whitespace && tokens[$0].kind != .newline && !tokens[$0].isComment }
                .map { text($0) }.joined()
            result.append(.init(label: label == "_" ? nil : label, name: name, type: type))
        }
        return result
    }
}
