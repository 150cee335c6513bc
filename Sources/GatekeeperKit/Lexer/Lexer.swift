/// The Swift lexer: one pass over a file's UTF-8 bytes, producing tokens that tile the file
/// (whitespace and newlines included). It never fails: whatever it cannot read becomes an
/// `error` token and lexing goes on, and every step consumes at least one byte, so it always
/// terminates in time linear in the input.
public struct Lexer {
    private let bytes: UnsafeBufferPointer<UInt8>
    private var position = 0
    private var tokens: [Token] = []
    private var line: Int32 = 1
    private var lineStart = 0
    /// The byte offset of each line's start, as `LineIndex` keeps them: found while lexing, so
    /// no second pass over the file looks for line breaks.
    private var lineStarts = [0]

    /// Open string interpolations, innermost last: the string to resume when the
    /// interpolation's parenthesis closes, and how many parentheses are open inside it.
    private var interpolations: [(delimiter: StringDelimiter, openParens: Int, stringStart: Int)] = []

    private struct StringDelimiter {
        var hashes: Int
        var multiline: Bool
    }

    /// The largest file the lexer reads: token offsets are 32-bit.
    public static let maximumFileSize = Int(Int32.max)

    public static func tokenize(_ bytes: [UInt8]) -> [Token] {
        lex(bytes).tokens
    }

    /// The tokens and the start of every line.
    static func lex(_ bytes: [UInt8]) -> (tokens: [Token], lineStarts: [Int]) {
        bytes.withUnsafeBufferPointer { buffer in
            var lexer = Lexer(bytes: buffer)
            lexer.tokens.reserveCapacity(buffer.count / 4 + 16)
            lexer.lineStarts.reserveCapacity(buffer.count / 32 + 16)
            lexer.run()
            return (lexer.tokens, lexer.lineStarts)
        }
    }

    private init(bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    /// `Lexer.slots` and `Lexer.byteClasses`, held here so the hot path reads no global.
    private let keywordSlots = Lexer.slots
    private let classes = Lexer.byteClasses

    // MARK: - Driver

    private mutating func run() {
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
            position = 3
            emit(.whitespace, from: 0)
        }
        if peek(0) == UInt8(ascii: "#"), peek(1) == UInt8(ascii: "!") {
            let start = position
            skipToEndOfLine()
            emit(.shebang, from: start, scope: .comment)
        }
        while position < bytes.count {
            lexCodeToken()
        }
        // Interpolations still open at the end: their strings never closed.
        for open in interpolations {
            markUnterminated(stringStartToken: open.stringStart)
        }
    }

    @inline(__always) private func peek(_ offset: Int) -> UInt8? {
        let index = position + offset
        return index < bytes.count ? bytes[index] : nil
    }

    /// Inlined into each caller: a call per token was a tenth of lexing.
    @inline(__always) private mutating func emit(_ kind: TokenKind, from start: Int, scope: TokenScope = .code) {
        tokens.append(Token(
            kind: kind, scope: scope, start: Int32(start), end: Int32(position),
            line: line, column: Int32(start - lineStart + 1)))
        switch kind {
        case .newline:
            // One line break: `\n`, `\r\n` or `\r`.
            line += 1
            lineStart = position
            lineStarts.append(position)
        case .stringText, .blockComment, .docBlockComment, .error, .regex:
            countLines(in: start..<position)
        default:
            break
        }
    }

    private mutating func countLines(in range: Range<Int>) {
        var index = range.lowerBound
        while index < range.upperBound {
            let byte = bytes[index]
            if byte == 0x0A || (byte == 0x0D && (index + 1 >= bytes.count || bytes[index + 1] != 0x0A)) {
                line += 1
                lineStart = index + 1
                lineStarts.append(index + 1)
            }
            index += 1
        }
    }

    private mutating func skipToEndOfLine() {
        while position < bytes.count, bytes[position] != 0x0A, bytes[position] != 0x0D {
            position += 1
        }
    }

    // MARK: - Code

    private mutating func lexCodeToken() {
        let start = position
        let byte = bytes[position]
        let kind = classes[Int(byte)]
        // The commonest tokens first, by one table look-up: names and runs of spaces.
        if kind & ByteClass.identifierHead != 0 {
            position += 1
            consumeIdentifierBody()
            emit(isKeyword(start..<position) ? .keyword : .identifier, from: start)
            return
        }
        if kind & ByteClass.space != 0 {
            position += 1
            while position < bytes.count, classes[Int(bytes[position])] & ByteClass.space != 0 {
                position += 1
            }
            emit(.whitespace, from: start)
            return
        }
        switch byte {
        case 0x0A:
            position += 1
            emit(.newline, from: start)
        case 0x0D:
            position += peek(1) == 0x0A ? 2 : 1
            emit(.newline, from: start)
        case UInt8(ascii: "/"):
            if peek(1) == UInt8(ascii: "/") {
                skipToEndOfLine()
                let text = bytes[start..<min(start + 4, position)]
                let isDoc = text.count >= 3 && text[start + 2] == UInt8(ascii: "/")
                    && !(text.count >= 4 && text[start + 3] == UInt8(ascii: "/"))
                emit(isDoc ? .docLineComment : .lineComment, from: start, scope: .comment)
            } else if peek(1) == UInt8(ascii: "*") {
                lexBlockComment()
            } else {
                lexOperator()
            }
        case UInt8(ascii: "\""):
            lexString(hashes: 0)
        case UInt8(ascii: "#"):
            lexPound()
        case UInt8(ascii: "@"):
            position += 1
            if let next = peek(0), isIdentifierHead(next, at: position) {
                consumeIdentifierBody()
                emit(.attribute, from: start)
            } else {
                emit(.punctuation, from: start)
            }
        case UInt8(ascii: "`"):
            lexBacktickIdentifier()
        case UInt8(ascii: "$"):
            position += 1
            consumeIdentifierBody()
            emit(.identifier, from: start)
        case UInt8(ascii: "0")...UInt8(ascii: "9"):
            lexNumber()
        case UInt8(ascii: "("):
            position += 1
            if !interpolations.isEmpty { interpolations[interpolations.count - 1].openParens += 1 }
            emit(.punctuation, from: start)
        case UInt8(ascii: ")"):
            position += 1
            if let open = interpolations.last {
                if open.openParens == 0 {
                    interpolations.removeLast()
                    emit(.interpolationEnd, from: start, scope: .string)
                    lexStringBody(open.delimiter, stringStart: open.stringStart)
                    return
                }
                interpolations[interpolations.count - 1].openParens -= 1
            }
            emit(.punctuation, from: start)
        case UInt8(ascii: "["), UInt8(ascii: "]"), UInt8(ascii: "{"), UInt8(ascii: "}"),
             UInt8(ascii: ","), UInt8(ascii: ";"), UInt8(ascii: ":"), UInt8(ascii: "\\"):
            position += 1
            emit(.punctuation, from: start)
        case UInt8(ascii: "."):
            if peek(1) == UInt8(ascii: ".") {
                position += 1
                while let next = peek(0), isOperatorCharacter(next) || next == UInt8(ascii: ".") {
                    position += 1
                }
                emit(.operator, from: start)
            } else {
                position += 1
                emit(.punctuation, from: start)
            }
        default:
            if isOperatorCharacter(byte) {
                lexOperator()
            } else if isIdentifierHead(byte, at: position) {
                consumeIdentifierBody()
                emit(isKeyword(start..<position) ? .keyword : .identifier, from: start)
            } else if byte >= 0x80 {
                // Not an identifier start: either invalid UTF-8 (one error token with its stray
                // continuation bytes) or a valid scalar we don't read as code.
                let length = utf8ScalarLength(at: position)
                position += max(length, 1)
                if length == 0 {
                    while let next = peek(0), next & 0xC0 == 0x80 { position += 1 }
                }
                emit(.error, from: start)
            } else {
                position += 1
                emit(.error, from: start)
            }
        }
    }

    private mutating func lexBlockComment() {
        let start = position
        position += 2
        var depth = 1
        while position < bytes.count {
            let byte = bytes[position]
            if byte == UInt8(ascii: "*"), peek(1) == UInt8(ascii: "/") {
                position += 2
                depth -= 1
                if depth == 0 { break }
            } else if byte == UInt8(ascii: "/"), peek(1) == UInt8(ascii: "*") {
                position += 2
                depth += 1
            } else {
                position += 1
            }
        }
        if depth > 0 {
            emit(.error, from: start, scope: .comment)
            return
        }
        // `/**/` and `/***…` are not doc comments.
        let isDoc = position - start > 4 && bytes[start + 2] == UInt8(ascii: "*")
            && bytes[start + 3] != UInt8(ascii: "*")
        emit(isDoc ? .docBlockComment : .blockComment, from: start, scope: .comment)
    }

    /// An operator, or a bare `/…/` regex literal where its first `/` starts one: the operator
    /// before that slash (`!` of `!/x/`) is a prefix operator of its own.
    private mutating func lexOperator() {
        let start = position
        var end = position + 1
        while end < bytes.count, isOperatorCharacter(bytes[end]) {
            // A comment start ends an operator: `a+/*x*/b`.
            if bytes[end] == UInt8(ascii: "/"), end + 1 < bytes.count, bytes[end + 1] == UInt8(ascii: "/") || bytes[end + 1] == UInt8(ascii: "*") {
                break
            }
            end += 1
        }
        if let slash = (start..<end).first(where: { bytes[$0] == UInt8(ascii: "/") }),
           let regexEnd = bareRegexEnd(slash: slash, operatorStart: start, operatorEnd: end) {
            if slash > start {
                position = slash
                emit(.operator, from: start)
            }
            position = regexEnd
            emit(.regex, from: slash, scope: .string)
            return
        }
        position = end
        emit(.operator, from: start)
    }

    private mutating func lexPound() {
        let start = position
        var hashes = 0
        while peek(hashes) == UInt8(ascii: "#") { hashes += 1 }
        let after = peek(hashes)
        if after == UInt8(ascii: "\"") {
            lexString(hashes: hashes)
        } else if after == UInt8(ascii: "/") && extendedRegexCloses(hashes: hashes) {
            lexRegex(hashes: hashes)
        } else if hashes == 1, let after, isIdentifierHead(after, at: position + 1) {
            position += 1
            consumeIdentifierBody()
            emit(.poundKeyword, from: start)
        } else {
            position += 1
            emit(.punctuation, from: start)
        }
    }

    private mutating func lexBacktickIdentifier() {
        let start = position
        position += 1
        while let next = peek(0), next != UInt8(ascii: "`"), next != 0x0A, next != 0x0D {
            position += 1
        }
        if peek(0) == UInt8(ascii: "`"), position > start + 1 {
            position += 1
            emit(.identifier, from: start)
        } else {
            position = start + 1
            emit(.error, from: start)
        }
    }

    private mutating func lexNumber() {
        let start = position
        let previousIsDot = tokens.last.map { $0.kind == .punctuation && $0.length == 1 && bytes[Int($0.start)] == UInt8(ascii: ".") } ?? false
        position += 1
        let isPrefixed = bytes[start] == UInt8(ascii: "0") && [UInt8(ascii: "x"), UInt8(ascii: "o"), UInt8(ascii: "b")].contains(peek(0) ?? 0)
        let isHex = isPrefixed && peek(0) == UInt8(ascii: "x")
        if isPrefixed { position += 1 }
        while let next = peek(0) {
            if isIdentifierBody(next) {
                // Exponent sign: `1e-5`, `0x1p+3`.
                let isExponent = isHex ? (next == UInt8(ascii: "p") || next == UInt8(ascii: "P"))
                    : (!isPrefixed && (next == UInt8(ascii: "e") || next == UInt8(ascii: "E")))
                position += 1
                if isExponent, let sign = peek(0), sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") {
                    position += 1
                }
            } else if next == UInt8(ascii: "."), !previousIsDot, !isPrefixed || isHex,
                      let after = peek(1), isDigit(after) || (isHex && isHexDigit(after)) {
                // A fraction, but not a member access on a tuple (`x.0.1`) or a method on a literal.
                position += 1
            } else {
                break
            }
        }
        emit(.number, from: start)
    }

    // MARK: - Strings

    private mutating func lexString(hashes: Int) {
        let start = position
        position += hashes + 1
        var multiline = false
        // `"""` opens a multi-line string; with `#` delimiters only when nothing but whitespace
        // follows on its line (`#"""#` is a one-character single-line string).
        if peek(0) == UInt8(ascii: "\""), peek(1) == UInt8(ascii: "\""), hashes == 0 || restOfLineIsBlank(from: position + 2) {
            position += 2
            multiline = true
        }
        emit(.stringStart, from: start, scope: .string)
        lexStringBody(StringDelimiter(hashes: hashes, multiline: multiline), stringStart: tokens.count - 1)
    }

    private func restOfLineIsBlank(from index: Int) -> Bool {
        var index = index
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x09: index += 1
            case 0x0A, 0x0D: return true
            default: return false
            }
        }
        return true
    }

    /// Whether `hashes` `#` characters follow at `index`.
    private func closesString(hashes: Int, at index: Int) -> Bool {
        guard index + hashes <= bytes.count else { return false }
        for offset in 0..<hashes where bytes[index + offset] != UInt8(ascii: "#") {
            return false
        }
        return true
    }

    /// Lexes string content up to the closing delimiter, an interpolation (which hands back
    /// to the code lexer), or, for a single-line string, the end of the line.
    private mutating func lexStringBody(_ delimiter: StringDelimiter, stringStart: Int) {
        let textStart = position
        func flushText(_ lexer: inout Lexer) {
            if lexer.position > textStart { lexer.emit(.stringText, from: textStart, scope: .string) }
        }
        while position < bytes.count {
            let byte = bytes[position]
            if byte == UInt8(ascii: "\\"), closesString(hashes: delimiter.hashes, at: position + 1) {
                let afterHashes = position + 1 + delimiter.hashes
                if afterHashes < bytes.count, bytes[afterHashes] == UInt8(ascii: "(") {
                    let saved = position
                    flushText(&self)
                    position = afterHashes + 1
                    emit(.interpolationStart, from: saved, scope: .string)
                    interpolations.append((delimiter, 0, stringStart))
                    return
                }
                // An escape: skip the escaped character (a whole `\u{…}` is plain text anyway).
                // A backslash before a line break continues a multi-line string's line.
                position = min(afterHashes + 1, bytes.count)
                if afterHashes < bytes.count, bytes[afterHashes] == 0x0D, peek(0) == 0x0A { position += 1 }
                if afterHashes < bytes.count, !delimiter.multiline, bytes[afterHashes] == 0x0A || bytes[afterHashes] == 0x0D {
                    position = afterHashes
                }
                continue
            }
            if byte == UInt8(ascii: "\"") {
                let quotes = delimiter.multiline ? 3 : 1
                var isClose = position + quotes <= bytes.count
                if isClose {
                    for offset in 0..<quotes where bytes[position + offset] != UInt8(ascii: "\"") { isClose = false }
                }
                if isClose && closesString(hashes: delimiter.hashes, at: position + quotes) {
                    flushText(&self)
                    let endStart = position
                    position += quotes + delimiter.hashes
                    emit(.stringEnd, from: endStart, scope: .string)
                    return
                }
                position += 1
                continue
            }
            if !delimiter.multiline, byte == 0x0A || byte == 0x0D {
                break
            }
            position += 1
        }
        flushText(&self)
        markUnterminated(stringStartToken: stringStart)
    }

    private mutating func markUnterminated(stringStartToken index: Int) {
        if index >= 0, index < tokens.count { tokens[index].kind = .error }
    }

    // MARK: - Regex literals

    /// `#/…/#`: only when its closing delimiter exists; otherwise `#` is punctuation.
    private func extendedRegexCloses(hashes: Int) -> Bool {
        var index = position + hashes + 1
        let multiline = index < bytes.count && (bytes[index] == 0x0A || bytes[index] == 0x0D)
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\\") {
                index += 2
                continue
            }
            if !multiline, byte == 0x0A || byte == 0x0D { return false }
            if byte == UInt8(ascii: "/"), closesString(hashes: hashes, at: index + 1) { return true }
            index += 1
        }
        return false
    }

    /// Where a bare `/…/` regex literal starting at `slash` ends, or nil when Swift reads the
    /// slash as an operator. swift-syntax's rules: never after `func` or `operator`, never when
    /// the operator is glued to what precedes it (`a/b`); where the slash is glued to what follows
    /// (`/x/`, a prefix position) the literal is read whatever precedes it; a slash with space on
    /// both sides is a regex only where an expression can start, and must be one after a binary
    /// operator or `try?`.
    private func bareRegexEnd(slash: Int, operatorStart: Int, operatorEnd: Int) -> Int? {
        guard !isLeftBound(operatorStart) else { return nil }
        let previous = tokens.lastIndex { !$0.isTrivia }
        if let previous, ["func", "operator"].contains(text(of: tokens[previous])) { return nil }
        var mustBeRegex = false
        if !isRightBound(operatorEnd) {
            if let previous, isTryQuestionOrBang(previous) {
                mustBeRegex = true
            } else if !expressionCanStart(after: previous) {
                return nil
            }
            if let previous, tokens[previous].kind == .operator, !isPostfix(tokens[previous]) { mustBeRegex = true }
        }
        return scanBareRegex(from: slash, mustBeRegex: mustBeRegex)
    }

    private func text(of token: Token) -> String { String(decoding: bytes[token.range], as: UTF8.self) }

    /// Whether the byte before `offset` binds an operator starting there to what precedes it.
    private func isLeftBound(_ offset: Int) -> Bool {
        guard offset > 0 else { return false }
        switch bytes[offset - 1] {
        case 0x20, 0x09, 0x0A, 0x0D, 0x00, UInt8(ascii: "("), UInt8(ascii: "["), UInt8(ascii: "{"), UInt8(ascii: ","), UInt8(ascii: ";"),
             UInt8(ascii: ":"):
            return false
        case UInt8(ascii: "/"):
            return !(offset >= 2 && bytes[offset - 2] == UInt8(ascii: "*")) // the end of a block comment binds nothing
        default:
            return true
        }
    }

    /// Whether the byte at `offset` binds an operator ending there to what follows it.
    private func isRightBound(_ offset: Int) -> Bool {
        guard offset < bytes.count else { return false }
        switch bytes[offset] {
        case 0x20, 0x09, 0x0A, 0x0D, 0x00, UInt8(ascii: ")"), UInt8(ascii: "]"), UInt8(ascii: "}"), UInt8(ascii: ","), UInt8(ascii: ";"),
             UInt8(ascii: ":"):
            return false
        case UInt8(ascii: "/"):
            let next = offset + 1 < bytes.count ? bytes[offset + 1] : 0
            return next != UInt8(ascii: "/") && next != UInt8(ascii: "*")
        default:
            return true
        }
    }

    private func isPostfix(_ token: Token) -> Bool {
        isLeftBound(Int(token.start)) && !isRightBound(Int(token.end))
    }

    /// `try?` and `try!`: `try` cannot be the left side of a binary operator, so a regex follows.
    private func isTryQuestionOrBang(_ index: Int) -> Bool {
        let token = tokens[index]
        guard token.kind == .operator, token.length == 1, index > 0,
              bytes[Int(token.start)] == UInt8(ascii: "?") || bytes[Int(token.start)] == UInt8(ascii: "!") else { return false }
        return tokens[index - 1].kind == .keyword && text(of: tokens[index - 1]) == "try"
    }

    /// Whether an expression can start after token `index` (a slash there would begin a regex).
    private func expressionCanStart(after index: Int?) -> Bool {
        guard let index else { return true }
        let token = tokens[index]
        switch token.kind {
        case .identifier, .number, .stringEnd, .stringText, .regex, .attribute, .interpolationEnd:
            return false
        case .keyword:
            return !["true", "false", "Any", "nil", "self", "Self", "super"].contains(text(of: token))
        case .poundKeyword:
            return ["#if", "#else", "#elseif", "#endif"].contains(text(of: token))
        case .punctuation:
            let byte = bytes[Int(token.start)]
            return [UInt8(ascii: "("), UInt8(ascii: "["), UInt8(ascii: "{"), UInt8(ascii: ","), UInt8(ascii: ";"), UInt8(ascii: ":")].contains(byte)
        case .operator:
            let operatorText = text(of: token)
            return !isPostfix(token) && operatorText != "->" && operatorText != "..."
        default:
            return true
        }
    }

    /// Scans `/…/` from `slash`: the end offset, or nil when it is no literal (unterminated on
    /// its line, an unbalanced `)`, a comment right after the closing slash, or, unless it must
    /// be a regex, a space or tab just inside either slash).
    private func scanBareRegex(from slash: Int, mustBeRegex: Bool) -> Int? {
        var index = slash + 1
        guard index < bytes.count else { return nil }
        let first = bytes[index]
        if first == UInt8(ascii: "*") || first == UInt8(ascii: "/") { return nil }
        if !mustBeRegex, first == 0x20 || first == 0x09 { return nil }
        var groups = 0
        var classes = 0
        var lastSpace = -1
        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "/"):
                let next = index + 1 < bytes.count ? bytes[index + 1] : 0
                if next == UInt8(ascii: "*") || next == UInt8(ascii: "/") { return nil }
                if !mustBeRegex, lastSpace == index - 1 { return nil }
                return index + 1
            case 0x0A, 0x0D:
                return nil
            case UInt8(ascii: "\\"):
                index += 1
                if index < bytes.count, bytes[index] == 0x0A || bytes[index] == 0x0D { return nil }
            case UInt8(ascii: "(") where classes == 0:
                groups += 1
            case UInt8(ascii: ")") where classes == 0:
                if groups == 0, !mustBeRegex { return nil }
                groups = max(0, groups - 1)
            case UInt8(ascii: "["):
                classes += 1
            case UInt8(ascii: "]"):
                classes = max(0, classes - 1)
            case 0x20, 0x09:
                lastSpace = index
            default:
                break
            }
            index += 1
        }
        return nil
    }

    /// `#/…/#` (with any number of `#`), whose closing delimiter `extendedRegexCloses` found.
    private mutating func lexRegex(hashes: Int) {
        let start = position
        position += hashes + 1
        while position < bytes.count {
            let byte = bytes[position]
            if byte == UInt8(ascii: "\\") {
                position = min(position + 2, bytes.count)
                continue
            }
            if byte == UInt8(ascii: "/"), closesString(hashes: hashes, at: position + 1) {
                position += 1 + hashes
                emit(.regex, from: start, scope: .string)
                return
            }
            position += 1
        }
        emit(.error, from: start, scope: .string)
    }

    // MARK: - Identifiers and characters

    private mutating func consumeIdentifierBody() {
        while position < bytes.count {
            let byte = bytes[position]
            if isIdentifierBody(byte) {
                position += 1
            } else if byte < 0x80 {
                return
            } else {
                let length = utf8ScalarLength(at: position)
                guard length > 0 else { return }
                position += length
            }
        }
    }

    @inline(__always) private func isIdentifierHead(_ byte: UInt8, at index: Int) -> Bool {
        (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
            || byte == UInt8(ascii: "_") || (byte >= 0x80 && utf8ScalarLength(at: index) > 0)
    }

    @inline(__always) private func isIdentifierBody(_ byte: UInt8) -> Bool {
        classes[Int(byte)] & ByteClass.identifierBody != 0
    }

    @inline(__always) private func isDigit(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
    }

    private func isHexDigit(_ byte: UInt8) -> Bool {
        isDigit(byte) || (byte | 0x20 >= UInt8(ascii: "a") && byte | 0x20 <= UInt8(ascii: "f"))
    }

    @inline(__always) private func isOperatorCharacter(_ byte: UInt8) -> Bool {
        classes[Int(byte)] & ByteClass.operator != 0
    }

    /// What an ASCII byte can be in code, as bits of `byteClasses`.
    private enum ByteClass {
        static let identifierHead: UInt8 = 1, identifierBody: UInt8 = 2, space: UInt8 = 4, `operator`: UInt8 = 8
    }

    /// Per byte value, its `ByteClass` bits (none for bytes of 0x80 and up): one look-up on the hot
    /// paths instead of a chain of comparisons. Made once and never freed.
    nonisolated(unsafe) private static let byteClasses = table(count: 256) { table in
        for byte in Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_".utf8) {
            table[Int(byte)] = ByteClass.identifierHead | ByteClass.identifierBody
        }
        for byte in Array("0123456789".utf8) { table[Int(byte)] = ByteClass.identifierBody }
        for byte: UInt8 in [0x20, 0x09, 0x0B, 0x0C] { table[Int(byte)] = ByteClass.space }
        for byte in Array("/=-+!*%<>&|^~?".utf8) { table[Int(byte)] = ByteClass.operator }
    }

    /// A table of `count` bytes, zero but for what `fill` writes: made once, never freed, read
    /// through a pointer (no array bounds or uniqueness checks on the hot path).
    private static func table(count: Int, _ fill: (UnsafeMutablePointer<UInt8>) -> Void) -> UnsafePointer<UInt8> {
        let table = UnsafeMutablePointer<UInt8>.allocate(capacity: count)
        table.initialize(repeating: 0, count: count)
        fill(table)
        return UnsafePointer(table)
    }

    /// The length of the valid, non-whitespace UTF-8 scalar at `index`, or 0 when the bytes
    /// there are not valid UTF-8 (or are a scalar that cannot be part of an identifier).
    private func utf8ScalarLength(at index: Int) -> Int {
        let lead = bytes[index]
        let length: Int
        var scalar: UInt32
        switch lead {
        case 0xC2...0xDF: length = 2; scalar = UInt32(lead & 0x1F)
        case 0xE0...0xEF: length = 3; scalar = UInt32(lead & 0x0F)
        case 0xF0...0xF4: length = 4; scalar = UInt32(lead & 0x07)
        default: return 0
        }
        guard index + length <= bytes.count else { return 0 }
        for offset in 1..<length {
            let continuation = bytes[index + offset]
            guard continuation & 0xC0 == 0x80 else { return 0 }
            scalar = scalar << 6 | UInt32(continuation & 0x3F)
        }
        // Overlong encodings, surrogates, and values past U+10FFFF are invalid.
        if (length == 3 && scalar < 0x800) || (length == 4 && (scalar < 0x10000 || scalar > 0x10FFFF))
            || (0xD800...0xDFFF).contains(scalar) {
            return 0
        }
        // Whitespace-like scalars are not identifier characters.
        if scalar == 0xA0 || scalar == 0xFEFF || (0x2000...0x200B).contains(scalar) || scalar == 0x2028 || scalar == 0x2029 || scalar == 0x3000 {
            return 0
        }
        return length
    }

    private func isKeyword(_ range: Range<Int>) -> Bool {
        let count = range.count
        guard count < Lexer.slotWidth else { return false }
        // One slot per length and first, middle and last byte (no two keywords share one): a probe
        // and a comparison decide, no String, no hashing of the whole word.
        let slot = Lexer.slot(count, bytes[range.lowerBound], bytes[range.lowerBound + count / 2], bytes[range.upperBound - 1])
        let entry = keywordSlots + Lexer.slotWidth * slot
        guard entry[0] == count else { return false }
        for offset in 0..<count where entry[1 + offset] != bytes[range.lowerBound + offset] { return false }
        return true
    }

    @inline(__always) private static func slot(_ count: Int, _ first: UInt8, _ middle: UInt8, _ last: UInt8) -> Int {
        (count &* 2 &+ Int(first) &* 7 &+ Int(middle) &* 12 &+ Int(last)) & 511
    }

    /// Reserved words of Swift's grammar (declarations, statements, expressions). Contextual
    /// keywords (`get`, `set`, `async`, `some`, …) stay identifiers, as in the compiler.
    private static let keywords: [[UInt8]] = [
        "associatedtype", "class", "deinit", "enum", "extension", "fileprivate", "func", "import", "init",
        "inout", "internal", "let", "open", "operator", "private", "precedencegroup", "protocol", "public",
        "rethrows", "static", "struct", "subscript", "typealias", "var", "break", "case", "catch", "continue",
        "default", "defer", "do", "else", "fallthrough", "for", "guard", "if", "in", "repeat", "return",
        "throw", "switch", "where", "while", "Any", "as", "await", "false", "is", "nil", "self", "Self",
        "super", "throws", "true", "try",
    ].map { Array($0.utf8) }

    /// Per slot, the length of the keyword there (0 for none) and its bytes. Built once and never
    /// freed; a collision would be a programming error, caught by the lexer tests (every keyword must lex as one).
    private static let slotWidth = 16
    nonisolated(unsafe) private static let slots = table(count: 512 * slotWidth) { slots in
        for keyword in keywords {
            precondition(keyword.count < slotWidth, "a keyword longer than a slot")
            let entry = slots + slotWidth * slot(keyword.count, keyword[0], keyword[keyword.count / 2], keyword[keyword.count - 1])
            precondition(entry[0] == 0, "two keywords share a slot")
            entry[0] = UInt8(keyword.count)
            for (offset, byte) in keyword.enumerated() { entry[1 + offset] = byte }
        }
    }
}
