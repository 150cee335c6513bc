/// Where an expression's value comes from, as far as its file tells: what a check asks before it
/// calls text "built at run time" (a process id joined into a command cannot inject one).
enum ValueOrigin: Sendable, Equatable {
    /// A string literal without interpolation.
    case literal
    /// A number or Boolean, or a value declared with a numeric type (`pid: Int`, `processIdentifier`).
    case number
    /// Text passed through a quoting helper of the project (a function wrapping its parameter in
    /// `'…'` with every `'` written `'\''`).
    case shellQuoted
    /// A date formatted with a fixed format (`DateFormatter` with a literal `dateFormat`).
    case formattedDate
    /// A path of the app's own bundle or of the user's home or temporary folder (`Bundle.main.bundlePath`,
    /// `NSHomeDirectory()`), or text holding one unquoted: no outside text, though a space in it breaks a
    /// command. Inert where a command quotes it (`open "\(Bundle.main.bundlePath)"`), not otherwise.
    case ownPath
    /// Text built only from the origins above (interpolated or concatenated).
    case builtFromInert
    /// Anything else: text that may come from outside.
    case text

    /// No text from outside can reach it, and it cannot break a command: a literal, a number, quoted or fixed-format text.
    var isInert: Bool { self != .text && self != .ownPath }
}

extension SourceFile {
    /// Types whose values print as numbers or `true`/`false`.
    private static let numericTypes: Set<String> = [
        "Int", "Int8", "Int16", "Int32", "Int64", "UInt", "UInt8", "UInt16", "UInt32", "UInt64", "Double", "Float", "CGFloat", "Bool",
        "TimeInterval", "pid_t", "uid_t", "gid_t", "in_port_t", "Decimal",
    ]
    /// Members of Foundation's types that are numbers whatever the receiver (`ProcessInfo.processInfo.processIdentifier`).
    private static let numericMembers: Set<String> = ["processIdentifier", "count", "timeIntervalSince1970", "timeIntervalSinceNow", "uuidString"]
    /// Calls whose result is a number: the process's ids.
    private static let numericCalls: Set<String> = ["getuid", "geteuid", "getgid", "getegid", "getpid", "getppid"]
    /// Calls whose result is one of the app's own folders.
    private static let ownPathCalls: Set<String> = ["NSHomeDirectory", "NSTemporaryDirectory"]
    /// `Bundle.main`'s members that are its own paths or URLs, and `FileManager.default`'s folders of the user.
    private static let bundlePaths: Set<String> = ["bundlePath", "resourcePath", "executablePath", "privateFrameworksPath", "sharedSupportPath",
                                                   "builtInPlugInsPath", "bundleURL", "resourceURL", "executableURL", "sharedSupportURL"]
    private static let userFolders: Set<String> = ["homeDirectoryForCurrentUser", "temporaryDirectory"]
    /// Members that turn a URL into its path, and `String` methods whose result is built from the receiver and arguments only.
    private static let pathMembers: Set<String> = ["path", "relativePath", "standardizedFileURL", "resolvingSymlinksInPath"]
    private static let textTransforms: Set<String> = ["replacing", "replacingOccurrences", "appending", "appendingPathComponent",
                                                      "appendingPathExtension", "deletingLastPathComponent", "lowercased", "uppercased",
                                                      "trimmingCharacters", "path", "standardizingPath", "expandingTildeInPath"]

    /// The origin of the value of the expression spanning `range`.
    func valueOrigin(of range: Range<Int>) -> ValueOrigin {
        var walk = OriginWalk()
        return valueOrigin(of: range, depth: 0, walk: &walk)
    }

    /// The origin of the value of `range` if every static member of a type it reads (`Paths.derivedData`)
    /// is a string constant, and those members: another file may declare them, and the project pass decides.
    func valueOrigin(assumingTypeConstantsIn range: Range<Int>) -> (origin: ValueOrigin, typeMembers: [String]) {
        var walk = OriginWalk(typeMembers: [])
        let origin = valueOrigin(of: range, depth: 0, walk: &walk)
        return (origin, walk.typeMembers ?? [])
    }

    /// `walk`: what the walk may still read, and what it collects.
    private func valueOrigin(of range: Range<Int>, depth: Int, walk: inout OriginWalk) -> ValueOrigin {
        walk.budget -= 1
        guard depth < 6, walk.budget > 0, let first = firstCode(in: range), let last = lastCode(in: range) else { return .text }
        if first == last {
            if tokens[first].kind == .number || tokenIs(first, "true") || tokenIs(first, "false") { return .number }
            if tokens[first].kind == .identifier { return identifierOrigin(first, depth: depth, walk: &walk) }
        }
        if let literal = stringLiteral(at: first), literal.endToken == last {
            return literal.isInterpolated ? interpolationsOrigin(first..<last, depth: depth, walk: &walk) : .literal
        }
        let pieces = topLevelPieces(range, separatedBy: "+")
        if pieces.count > 1 {
            return joinedOrigin(pieces, depth: depth, walk: &walk) { self.isQuotedPiece(pieces, at: $0) }
        }
        // `enabled ? "false" : "true"`: both branches.
        if let choices = ternaryBranches(range) {
            return joinedOrigin(choices, depth: depth, walk: &walk)
        }
        // A member that is a number whatever its receiver (`UUID().uuidString`, `items.count`).
        if tokens[last].kind == .identifier, Self.numericMembers.contains(text(last)), let dot = previousCode(before: last), tokenIs(dot, ".") {
            return .number
        }
        return callOrMemberOrigin(first, last, depth: depth, walk: &walk)
    }

    /// `String(x)`, `x.description`, `a.b.processIdentifier`, `self.port`, `quote(x)`, `formatter.string(from: date)`.
    private func callOrMemberOrigin(_ first: Int, _ last: Int, depth: Int, walk: inout OriginWalk) -> ValueOrigin {
        // `Bundle.main.url(forResource: "run", withExtension: "sh")!.path`: the path of an inert URL is inert.
        if tokens[last].kind == .identifier, Self.pathMembers.contains(text(last)), let dot = previousCode(before: last), tokenIs(dot, "."), dot > first {
            var end = dot
            while let previous = previousCode(before: end), previous > first, isPostfixUnwrap(previous) { end = previous }
            let inner = valueOrigin(of: first..<end, depth: depth + 1, walk: &walk)
            if inner != .text { return inner }
        }
        if tokenIs(last, ")"), partner[last] >= 0, let callee = previousCode(before: Int(partner[last])) {
            let open = Int(partner[last])
            let arguments = self.arguments(at: open) ?? []
            if callee == first, tokenIs(callee, "String"), arguments.count == 1, arguments[0].label == nil || arguments[0].label == "describing" {
                return valueOrigin(of: arguments[0].value, depth: depth + 1, walk: &walk)
            }
            if callee == first, tokens[callee].kind == .identifier, isQuotingHelper(text(callee)) { return .shellQuoted }
            if callee == first, arguments.isEmpty, Self.numericCalls.contains(text(callee)) { return .number }
            if callee == first, arguments.isEmpty, Self.ownPathCalls.contains(text(callee)) { return .ownPath }
            if let derived = derivedOrigin(first, callee: callee, arguments: arguments, depth: depth, walk: &walk) { return derived }
            if tokenIs(callee, "string"), arguments.first?.label == "from", let dot = previousCode(before: callee), tokenIs(dot, "."),
               let receiver = previousCode(before: dot), receiver == first, isFixedFormatDateFormatter(receiver) { return .formattedDate }
            return .text
        }
        // A member chain: identifiers joined by dots, `self.` first or not.
        var members: [Int] = []
        var cursor: Int? = first
        while let current = cursor, current <= last {
            // `default` is a keyword, and a member after a dot (`FileManager.default`).
            if tokens[current].kind == .identifier || tokenIs(current, "self") || tokenIs(current, "default") && current > first {
                members.append(current)
            } else if !(tokenIs(current, ".") || isPostfixUnwrap(current)) {
                return .text
            }
            cursor = nextCode(after: current)
        }
        guard let member = members.last, members.count > 1 else { return .text }
        if (3...4).contains(members.count), isOwnPath(members.map(text)) { return .ownPath }
        if members.count == 2, walk.typeMembers != nil, let initial = text(members[0]).utf8.first, initial >= UInt8(ascii: "A"), initial <= UInt8(ascii: "Z"),
           !tokenIs(members[0], "Self") {
            walk.typeMembers?.append(text(members[0]) + "." + text(member))
            return .builtFromInert
        }
        if Self.numericMembers.contains(text(member)) { return .number }
        if text(member) == "description" { return valueOrigin(of: members[0]..<(members[members.count - 2] + 1), depth: depth + 1, walk: &walk) }
        if members.count == 2, tokenIs(members[0], "self") { return memberOrigin(text(member), depth: depth, walk: &walk) }
        return .text
    }

    /// `Bundle.main.bundlePath`, `Bundle.main.resourceURL!.path`, `FileManager.default.temporaryDirectory.path`.
    private func isOwnPath(_ chain: [String]) -> Bool {
        guard (3...4).contains(chain.count) else { return false }
        let owner = chain[0] == "Bundle" && chain[1] == "main" && Self.bundlePaths.contains(chain[2])
            || chain[0] == "FileManager" && chain[1] == "default" && Self.userFolders.contains(chain[2])
        return owner && (chain.count == 3 || Self.pathMembers.contains(chain[3]))
    }

    /// The `!` or `?` of `a!.b` / `a?.b`, right after the name it unwraps.
    private func isPostfixUnwrap(_ index: Int) -> Bool {
        (tokenIs(index, "!") || tokenIs(index, "?")) && index > 0 && tokens[index - 1].kind != .whitespace
    }

    /// A value derived from others by a call that adds no text of its own: `Bundle.main.path(forResource: "x", ofType: "sh")`,
    /// `"~/.config".replacing("~", with: NSHomeDirectory())`, `dir.appendingPathComponent("tool").path`. Nil when the call is none of those.
    private func derivedOrigin(_ first: Int, callee: Int, arguments: [Argument], depth: Int, walk: inout OriginWalk) -> ValueOrigin? {
        guard tokens[callee].kind == .identifier, let dot = previousCode(before: callee), tokenIs(dot, "."), dot > first else { return nil }
        let receiver = first..<dot
        let name = text(callee)
        if name == "path" || name == "url", arguments.allSatisfy({ $0.label == "forResource" || $0.label == "ofType" || $0.label == "withExtension" }),
           let owner = firstCode(in: receiver), tokenIs(owner, "Bundle"), let main = lastCode(in: receiver), tokenIs(main, "main"),
           arguments.allSatisfy({ literalValue($0.value) != nil }) {
            return .ownPath
        }
        guard Self.textTransforms.contains(name) else { return nil }
        let parts = [receiver] + arguments.map(\.value)
        return joinedOrigin(parts, depth: depth, walk: &walk)
    }

    /// A bare name: what its local binding holds (every assignment of a `var`), else its declared type.
    private func identifierOrigin(_ use: Int, depth: Int, walk: inout OriginWalk) -> ValueOrigin {
        let name = text(use)
        // A type's stored property or a global is no local: every file that can set it decides (`memberOrigin`).
        if let binding = localBinding(of: name, before: use), let scope = binding.scope, !typeDeclarations().contains(where: { $0.body.lowerBound == scope }) {
            let values = [binding.initializer] + assignments(to: name, after: binding.initializer.upperBound, before: use)
            return joinedOrigin(values, depth: depth, walk: &walk)
        }
        return memberOrigin(name, depth: depth, walk: &walk)
    }

    /// A stored property of the file's types: its declared type when numeric, else what every value
    /// the file gives it holds (`brewPrefix = "/opt/homebrew"` in one branch, `"/usr/local"` in the other).
    private func memberOrigin(_ name: String, depth: Int, walk: inout OriginWalk) -> ValueOrigin {
        let declared = declaredOrigin(of: name)
        guard !declared.isInert else { return declared }
        let values = propertyValues(of: name)
        guard !values.isEmpty else { return .text }
        return joinedOrigin(values, depth: depth, walk: &walk)
    }

    /// Every value a property `name` is given in the file: its declaration's initializer and each
    /// `name = …` / `self.name = …`; empty when the file declares no such `let`/`var`, or changes it
    /// otherwise (`+=`, `inout`, a key path). From one pass over the file, made when first asked.
    private func propertyValues(of name: String) -> [Range<Int>] {
        let index = propertyIndex.value { makePropertyIndex() }
        return index.declared.contains(name) && !index.changed.contains(name) ? index.values[name] ?? [] : []
    }

    private func makePropertyIndex() -> PropertyIndex {
        var index = PropertyIndex()
        for name in words.lazy.map(Int.init) where tokens[name].kind == .identifier {
            let before = previousCode(before: name)
            let declares = before.map { tokenIs($0, "let") || tokenIs($0, "var") } ?? false
            guard let next = nextCode(after: name) else { continue }
            if let before, tokenIs(before, "&") || tokenIs(before, "\\") || tokenIs(next, "+=") { index.changed.insert(text(name)) }
            if let before, tokenIs(before, "."), let owner = previousCode(before: before), !tokenIs(owner, "self") { continue }
            let equals = tokenIs(next, "=") ? next : declares && tokenIs(next, ":") ? initializerEquals(afterAnnotation: next) : nil
            guard declares || equals != nil else { continue }
            let key = text(name)
            // A property or a global, not a function's local of the same name, that no other file can set.
            if declares, let keyword = before, enclosingFunction(of: name) == nil, isSetInThisFileOnly(keyword) { index.declared.insert(key) }
            if let equals, let value = nextCode(after: equals) { index.values[key, default: []].append(value..<expressionEnd(from: value)) }
        }
        return index
    }

    /// Whether the property the `let`/`var` at `keyword` declares can be set from this file only: it is
    /// `private` or `fileprivate` (`private(set)` too), a global `let`, or a class's or actor's `let` (their
    /// initializers that set it are in the declaration). An internal `var`, or a struct's `let` (an
    /// extension's `init` elsewhere may set it), can be given other values in other files.
    private func isSetInThisFileOnly(_ keyword: Int) -> Bool {
        var cursor = previousCode(before: keyword)
        while let modifier = cursor, tokens[modifier].line == tokens[keyword].line,
              tokens[modifier].kind == .keyword || tokens[modifier].kind == .identifier || tokens[modifier].kind == .attribute || tokenIs(modifier, ")") {
            if tokenIs(modifier, "private") || tokenIs(modifier, "fileprivate") { return true }
            cursor = tokenIs(modifier, ")") && partner[modifier] >= 0 ? previousCode(before: Int(partner[modifier])) : previousCode(before: modifier)
        }
        guard tokenIs(keyword, "let") else { return false }
        guard let brace = enclosingBrace(of: keyword) else { return true }
        return typeDeclarations().contains { $0.body.lowerBound == brace && ($0.kind == "class" || $0.kind == "actor") }
    }

    /// `.number` when every declaration of `name` in the file with a type says a numeric one (`let port: Int`,
    /// `var pid: Int?`, a parameter `pid: pid_t`), and there is one.
    private func declaredOrigin(of name: String) -> ValueOrigin {
        numericDeclarations[name] == true ? .number : .text
    }

    /// Per declared name, whether each of its typed declarations in the file is numeric: one pass
    /// for the file, not one per name asked.
    private var numericDeclarations: [String: Bool] {
        numericNames.value {
            var numeric: [String: Bool] = [:]
            for index in words.lazy.map(Int.init) where tokens[index].kind == .identifier {
                guard let colon = nextCode(after: index), tokenIs(colon, ":"), let type = nextCode(after: colon),
                      tokens[type].kind == .identifier, let before = previousCode(before: index),
                      tokenIs(before, "let") || tokenIs(before, "var") || tokenIs(before, "(") || tokenIs(before, ",") || tokens[before].kind == .identifier
                else { continue }
                // A call's labelled argument (`f(pid: x)`) is no declaration: its value is no type.
                if !(tokenIs(before, "let") || tokenIs(before, "var")), enclosingFunctionParameterList(of: index) == nil { continue }
                let name = text(index)
                numeric[name] = (numeric[name] ?? true) && Self.numericTypes.contains(text(type))
            }
            return numeric
        }
    }

    /// The `(` of a function's or initializer's parameter list holding token `index`, if it is in one.
    private func enclosingFunctionParameterList(of index: Int) -> Int? {
        guard let open = enclosingOpenBracket(of: index), tokenIs(open, "("), var cursor = previousCode(before: open) else { return nil }
        if tokenIs(cursor, ">"), let generic = (0..<cursor).last(where: { tokenIs($0, "<") && tokens[$0].line == tokens[cursor].line }) {
            cursor = previousCode(before: generic) ?? cursor
        }
        if tokenIs(cursor, "init") { return open }
        guard tokens[cursor].kind == .identifier, let keyword = previousCode(before: cursor), tokenIs(keyword, "func") else { return nil }
        return open
    }

    /// What the interpolations of the literal from `start` to `end` hold, joined: an own path written
    /// inside the command's quotes (`"\"\(path)/Tool.app\""`, `"'\(path)'"`) is inert there.
    private func interpolationsOrigin(_ literal: Range<Int>, depth: Int, walk: inout OriginWalk) -> ValueOrigin {
        var index = literal.lowerBound + 1
        var ownPath = false
        var quote: UInt8?
        while index < literal.upperBound {
            if tokens[index].kind == .stringText {
                quote = quoteState(after: tokens[index].range, from: quote)
            } else if tokens[index].kind == .interpolationStart {
                let close = Int(partner[index])
                guard close > index else { return .text }
                let origin = valueOrigin(of: (index + 1)..<close, depth: depth + 1, walk: &walk)
                if origin == .text { return .text }
                if origin == .ownPath, quote == nil { ownPath = true }
                index = close
            }
            index += 1
        }
        return ownPath ? .ownPath : .builtFromInert
    }

    /// The shell quote (`"` or `'`) open after the literal text `range`, given the one open before it.
    private func quoteState(after range: Range<Int>, from open: UInt8?) -> UInt8? {
        var quote = open
        for byte in bytes[range] where byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") {
            if quote == nil { quote = byte } else if quote == byte { quote = nil }
        }
        return quote
    }

    /// Values joined into one: text if any may hold outside text, else an own path if one is not `quoted`, else inert.
    private func joinedOrigin(_ parts: [Range<Int>], depth: Int, walk: inout OriginWalk, quoted: (Int) -> Bool = { _ in false }) -> ValueOrigin {
        var ownPath = false
        for (position, part) in parts.enumerated() {
            let origin = valueOrigin(of: part, depth: depth + 1, walk: &walk)
            if origin == .text { return .text }
            if origin == .ownPath, !quoted(position) { ownPath = true }
        }
        return ownPath ? .ownPath : .builtFromInert
    }

    /// `"open '" + path + "'"`: the literals around piece `position` end and start with the same quote.
    private func isQuotedPiece(_ pieces: [Range<Int>], at position: Int) -> Bool {
        guard position > 0, position + 1 < pieces.count, let before = literalValue(pieces[position - 1]),
              let after = literalValue(pieces[position + 1]), let quote = before.last, quote == "\"" || quote == "'" else { return false }
        return after.first == quote
    }

    /// The two branches of a top-level `condition ? a : b` (a `?` with a space before it: not optional chaining).
    private func ternaryBranches(_ range: Range<Int>) -> [Range<Int>]? {
        var index = range.lowerBound
        var question: Int?
        while index < range.upperBound {
            if partner[index] > index { index = Int(partner[index]) + 1; continue }
            if question == nil, tokenIs(index, "?"), index > 0, tokens[index - 1].kind == .whitespace { question = index }
            if let question, tokenIs(index, ":") { return [(question + 1)..<index, (index + 1)..<range.upperBound] }
            index += 1
        }
        return nil
    }

    /// The parts of `range` between top-level `separator` operators (`a + "b" + c`).
    private func topLevelPieces(_ range: Range<Int>, separatedBy separator: StaticString) -> [Range<Int>] {
        var pieces: [Range<Int>] = []
        var start = range.lowerBound
        var index = range.lowerBound
        while index < range.upperBound {
            if partner[index] > index { index = Int(partner[index]) + 1; continue }
            if tokens[index].kind == .operator, tokenIs(index, separator) {
                pieces.append(start..<index)
                start = index + 1
            }
            index += 1
        }
        pieces.append(start..<range.upperBound)
        return pieces
    }

    /// A function of this file named `name` that wraps text in single quotes, escaping each `'` as `'\''`.
    private func isQuotingHelper(_ name: String) -> Bool {
        functionBodies().contains { body, signature in
            guard signature.name == name, partner[body] > body else { return false }
            let content = Array(bytes[Int(tokens[body].start)..<Int(tokens[Int(partner[body])].end)])
            return ByteSearch.containsExactly(content, Self.quotedQuote) || ByteSearch.containsExactly(content, Self.doubleQuotedQuote)
        }
    }

    private static let quotedQuote = Array(#"'\\''"#.utf8), doubleQuotedQuote = Array(#"'"'"'"#.utf8)

    /// A local bound to `DateFormatter()` whose `dateFormat` is assigned a literal, or an `ISO8601DateFormatter()`.
    private func isFixedFormatDateFormatter(_ receiver: Int) -> Bool {
        guard let initializer = initializerOfIdentifier(in: receiver..<(receiver + 1)), let type = firstCode(in: initializer) else { return false }
        if tokenIs(type, "ISO8601DateFormatter") { return true }
        guard tokenIs(type, "DateFormatter"), let scope = enclosingBrace(of: receiver).map({ $0..<Int(partner[$0]) }) ?? Optional(0..<tokens.count)
        else { return false }
        let name = text(receiver)
        return scope.contains { index in
            guard tokens[index].kind == .identifier, text(index) == name, let dot = nextCode(after: index), tokenIs(dot, "."),
                  let member = nextCode(after: dot), tokenIs(member, "dateFormat"), let equals = nextCode(after: member), tokenIs(equals, "="),
                  let value = nextCode(after: equals) else { return false }
            return literalValue(value..<expressionEnd(from: value)) != nil
        }
    }
}

/// A walk of value origins: the expressions it may still read (`budget`: a value built from itself
/// many times over, `s += s`, is text, not a long wait), and, when collecting, the static members of
/// types taken to be constants.
struct OriginWalk {
    var budget = 400
    var typeMembers: [String]?
}

/// What a file's assignments give its names: per name, the values; the names a `let`/`var` declares;
/// the names changed otherwise (`+=`, `&name`, a key path).
struct PropertyIndex: Sendable {
    var values: [String: [Range<Int>]] = [:]
    var declared: Set<String> = []
    var changed: Set<String> = []
}
