/// What a token is. The raw values are the stable names printed by `gatekeeper tokens`.
public enum TokenKind: String, Sendable, CaseIterable {
    case whitespace, newline
    case lineComment, docLineComment, blockComment, docBlockComment, shebang
    case identifier, keyword, poundKeyword, attribute, number, `operator`, punctuation
    /// The opening delimiter of a string literal: `"`, `"""`, `#"`, `##"""`, …
    case stringStart
    /// Literal text of a string, escapes included.
    case stringText
    /// `\(` or `\#(` inside a string; the tokens up to the matching `interpolationEnd` are code.
    case interpolationStart
    case interpolationEnd
    case stringEnd
    case regex
    /// Bytes the lexer could not make sense of (invalid UTF-8, NUL, a stray quote) or a literal
    /// or comment that never ends; lexing always goes on after one.
    case error
}

/// Whether a token is code, part of a string literal, or part of a comment.
public enum TokenScope: String, Sendable {
    case code, string, comment
}

public struct Token: Sendable, Equatable {
    public var kind: TokenKind
    public var scope: TokenScope
    /// Byte range `[start, end)` in the file's UTF-8 bytes.
    public var start: Int32
    public var end: Int32
    /// 1-based line and UTF-8 byte column of `start`.
    public var line: Int32
    public var column: Int32

    public var range: Range<Int> { Int(start)..<Int(end) }
    public var length: Int { Int(end - start) }

    /// Whitespace, newlines and comments: what a reader of code skips over.
    public var isTrivia: Bool {
        switch kind {
        case .whitespace, .newline, .lineComment, .docLineComment, .blockComment, .docBlockComment, .shebang:
            return true
        case .error:
            return scope == .comment
        default:
            return false
        }
    }

    public var isComment: Bool { scope == .comment }
}
