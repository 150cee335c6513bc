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
        functions.value { findFunctionBodies() }
    }

    private func findFunctionBodies() -> [Int: FunctionSignature] {
        var bodies: [Int: FunctionSignature] = [:]
        for keyword in functionKeywords {
            guard let open = parameterList(after: keyword) else { continue }
            // The body: the first `{` after the list at the same depth (past `throws`, `-> T`, `where …`).
            var cursor = nextCode(after: Int(partner[open]))
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

    /// The names of parameters typed as text (`String`, `[String]`, `Substring`, …) of any function
    /// of the file: the arguments that may pass a caller's text on, found without a signature built.
    func textParameterNames() -> Set<String> {
        var names = Set<String>()
        for keyword in functionKeywords {
            guard let open = parameterList(after: keyword) else { continue }
            for group in parameterGroups(at: open) where (group.colon + 1..<group.typeEnd).contains(where: isTextTypeName) {
                if let name = group.names.last(where: { tokens[$0].kind == .identifier || tokens[$0].kind == .keyword }) { names.insert(text(name)) }
            }
        }
        return names
    }

    private var functionKeywords: some Sequence<Int> {
        words.lazy.map(Int.init).filter { self.tokens[$0].kind == .keyword && (self.tokenIs($0, "func") || self.tokenIs($0, "init")) }
    }

    /// A type name holding `String`, tested on its bytes.
    private func isTextTypeName(_ index: Int) -> Bool {
        tokens[index].kind == .identifier && bytes.withUnsafeBufferPointer { whole in
            ByteSearch.containsExactly(UnsafeBufferPointer(rebasing: whole[tokens[index].range]), textTypeNeedle)
        }
    }

    /// The parameter list after a `func` or `init` keyword: the first `(` (past a name and generic parameters).
    private func parameterList(after keyword: Int) -> Int? {
        var cursor = nextCode(after: keyword)
        while let current = cursor, !tokenIs(current, "("), !tokenIs(current, "{"), !tokenIs(current, "}"), !tokenIs(current, ";") {
            cursor = nextCode(after: partner[current] > current ? Int(partner[current]) : current)
        }
        guard let open = cursor, tokenIs(open, "("), partner[open] > open else { return nil }
        return open
    }

    /// The parameters of the list opening at `open` as token ranges: the names before the colon, the
    /// colon, and where the type ends (before a default value).
    private func parameterGroups(at open: Int) -> [(names: Range<Int>, colon: Int, typeEnd: Int)] {
        let close = Int(partner[open])
        var groups: [(names: Range<Int>, colon: Int, typeEnd: Int)] = []
        var start = open + 1
        for index in (open + 1)...close where index == close || (enclosing[index] == Int32(open) && tokenIs(index, ",")) {
            defer { start = index + 1 }
            guard let colon = (start..<index).first(where: { enclosing[$0] == Int32(open) && tokenIs($0, ":") }) else { continue }
            groups.append((start..<colon, colon, (colon..<index).first { tokenIs($0, "=") } ?? index))
        }
        return groups
    }

    /// The parameters of the list opening at `open`: `_ command: String`, `at path: String = "."`.
    private func parameters(at open: Int) -> [FunctionSignature.Parameter] {
        parameterGroups(at: open).compactMap { group in
            let names = group.names.filter { tokens[$0].kind == .identifier || tokens[$0].kind == .keyword }.map { text($0) }
            guard let name = names.last else { return nil }
            let label = names.count >= 2 ? names[names.count - 2] : name
            // As written, from its first code token to its last (one slice, not a string a token).
            let first = firstCode(in: group.colon + 1..<group.typeEnd), last = first.flatMap { lastCode(in: $0..<group.typeEnd) }
            let type = first.flatMap { first in last.map { text(bytes: Int(tokens[first].start)..<Int(tokens[$0].end)) } } ?? ""
            return .init(label: label == "_" ? nil : label, name: name, type: type)
        }
    }
}

private let textTypeNeedle: [UInt8] = Array("String".utf8)
