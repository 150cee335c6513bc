/// One lexed Swift file: its bytes, its tokens, and the views checks read it through.
/// Lexed once and shared by every check.
public final class SourceFile: Sendable {
    /// The path as reports show it: relative to the current directory, `/`-separated.
    public let path: String
    /// Relative to the project root (the config's folder), `/`-separated; checks judge paths
    /// (test sources, allowed paths) by it. The absolute path when the file is outside the root.
    public let relativePath: String
    public let absolutePath: String
    public let bytes: [UInt8]
    public let tokens: [Token]
    /// For each token, the index of its partner: `(`↔`)`, `[`↔`]`, `{`↔`}`,
    /// `interpolationStart`↔`interpolationEnd`, `stringStart`↔`stringEnd`; -1 for none.
    public let partner: [Int32]
    /// For each token, the innermost `(`, `[` or `{` left open before it (its own opener, for a
    /// closer), and the innermost such `{`; -1 at file scope. Made in one pass so that asking
    /// what encloses a token costs nothing, however deep the nesting.
    public let enclosing: [Int32]
    public let enclosingBraces: [Int32]
    /// The indices of the identifier and keyword tokens, in order: the passes that look for a
    /// name visit these instead of every token (a third of them).
    public let words: [Int32]
    /// The indices of the `import` keywords.
    public let imports: [Int32]
    /// The indices of the tokens that start a string literal (`stringStart`, or an `error` token
    /// in a string: a literal that never ends), and of the comment tokens.
    public let literalStarts: [Int32]
    public let comments: [Int32]
    /// The byte ranges of comments and of string literal text (adjacent tokens joined): what a
    /// keyword pre-filter scans when its words can only be there.
    public let commentRanges: [Range<Int>]
    public let stringTextRanges: [Range<Int>]
    public let lines: LineIndex
    public let suppressions: Suppressions
    /// What several checks derive from the file, derived once: `typeDeclarations()` and `staticConstants()`.
    let declarations = Once<[TypeDeclaration]>()
    let constants = Once<StaticConstants>()
    /// `functionBodies()`, and per name whether every typed declaration of it is numeric (`ValueOrigin`).
    let functions = Once<[Int: FunctionSignature]>()
    let numericNames = Once<[String: Bool]>()
    let propertyIndex = Once<PropertyIndex>()

    public init(path: String, relativePath: String? = nil, absolutePath: String? = nil, bytes: [UInt8]) {
        self.path = path
        self.absolutePath = absolutePath ?? Paths.absolute(path)
        self.relativePath = relativePath ?? path
        self.bytes = bytes
        let (tokens, lineStarts) = Lexer.lex(bytes)
        self.tokens = tokens
        let tables = TokenTables(tokens, bytes)
        (partner, enclosing, enclosingBraces, words, imports) = (tables.partner, tables.enclosing, tables.enclosingBraces, tables.words, tables.imports)
        (literalStarts, comments, commentRanges, stringTextRanges) = (tables.literalStarts, tables.comments, tables.commentRanges, tables.stringTextRanges)
        self.lines = LineIndex(bytes: bytes, starts: lineStarts)
        self.suppressions = Suppressions(tokens: tokens, bytes: bytes)
    }

    // MARK: - Reading tokens

    public func text(_ index: Int) -> String {
        String(decoding: bytes[tokens[index].range], as: UTF8.self)
    }

    public func text(bytes range: Range<Int>) -> String {
        String(decoding: bytes[range], as: UTF8.self)
    }

    /// Whether token `index` is exactly `text` (no `String` is built).
    @inline(__always)
    public func tokenIs(_ index: Int, _ text: StaticString) -> Bool {
        guard index >= 0, index < tokens.count else { return false }
        let token = tokens[index]
        guard token.length == text.utf8CodeUnitCount else { return false }
        let pointer = text.utf8Start
        for offset in 0..<token.length where bytes[Int(token.start) + offset] != pointer[offset] {
            return false
        }
        return true
    }

    /// Whether token `index` contains `needle` (lowercase ASCII), ignoring ASCII case.
    public func tokenContains(_ index: Int, _ needle: [UInt8]) -> Bool {
        bytes.withUnsafeBufferPointer { buffer in
            ByteSearch.contains(UnsafeBufferPointer(rebasing: buffer[tokens[index].range]), needle)
        }
    }

    /// The next token after `index` that is not whitespace, a newline or a comment.
    public func nextCode(after index: Int) -> Int? {
        var next = index + 1
        while next < tokens.count {
            if !tokens[next].isTrivia { return next }
            next += 1
        }
        return nil
    }

    public func previousCode(before index: Int) -> Int? {
        var previous = index - 1
        while previous >= 0 {
            if !tokens[previous].isTrivia { return previous }
            previous -= 1
        }
        return nil
    }

    public func lineText(_ line: Int) -> String { lines.text(of: line) }

    /// The index of the token holding byte `offset` (tokens tile the file: a binary search).
    public func token(atByte offset: Int) -> Int? {
        var low = 0, high = tokens.count
        while low < high {
            let middle = (low + high) / 2
            if Int(tokens[middle].end) <= offset { low = middle + 1 } else { high = middle }
        }
        return low < tokens.count ? low : nil
    }

    public func location(ofByte offset: Int) -> (line: Int, column: Int) { lines.location(ofByte: offset) }

    /// The string literal whose `stringStart` is at `index`: its literal text (escapes
    /// resolved for the common cases), whether it interpolates, and where it ends.
    public func stringLiteral(at index: Int) -> StringLiteral? {
        guard index < tokens.count, tokens[index].kind == .stringStart || tokens[index].kind == .error,
              tokens[index].scope == .string else { return nil }
        let end = partner[index] >= 0 ? Int(partner[index]) : nil
        var value = ""
        var segments: [String] = []
        var isInterpolated = false
        // Raw strings (`#"…"#`) keep their backslashes.
        let isRaw = bytes[Int(tokens[index].start)] == UInt8(ascii: "#")
        var cursor = index + 1
        let limit = end ?? tokens.count
        while cursor < limit {
            switch tokens[cursor].kind {
            case .stringText:
                let piece = isRaw ? text(cursor) : Self.unescape(text(cursor))
                value += piece
                if segments.isEmpty || isInterpolatedBoundary(cursor) { segments.append(piece) } else { segments[segments.count - 1] += piece }
            case .interpolationStart:
                isInterpolated = true
                if partner[cursor] >= 0 { cursor = Int(partner[cursor]) } else { cursor = limit }
            default:
                if end == nil { cursor = limit; continue }
            }
            cursor += 1
        }
        return StringLiteral(startToken: index, endToken: end, value: value, literalSegments: segments,
                             isInterpolated: isInterpolated, isMultiline: text(index).hasSuffix("\"\"\""))
    }

    private func isInterpolatedBoundary(_ index: Int) -> Bool {
        index > 0 && tokens[index - 1].kind == .interpolationEnd
    }

    private static func unescape(_ raw: String) -> String {
        guard raw.utf8.contains(UInt8(ascii: "\\")) else { return raw }
        var result = ""
        var iterator = raw.makeIterator()
        while let character = iterator.next() {
            guard character == "\\", let escaped = iterator.next() else {
                result.append(character)
                continue
            }
            switch escaped {
            case "n": result.append("\n")
            case "t": result.append("\t")
            case "r": result.append("\r")
            case "0": result.append("\0")
            case "\"", "'", "\\": result.append(escaped)
            default: result.append("\\"); result.append(escaped)
            }
        }
        return result
    }
}

public struct StringLiteral: Sendable {
    public var startToken: Int
    /// The `stringEnd` token, or nil for an unterminated literal.
    public var endToken: Int?
    /// The literal text with interpolations left out.
    public var value: String
    /// The literal pieces between interpolations.
    public var literalSegments: [String]
    public var isInterpolated: Bool
    public var isMultiline: Bool
}
