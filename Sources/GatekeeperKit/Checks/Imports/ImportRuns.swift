/// One import declaration as written, with the comments that travel with it.
struct ImportDeclaration: Equatable {
    /// Attributes as written, normalized (`@testable`, `@_spi(Internal)`).
    var attributes: [String]
    /// `public`, `package`, `internal`, `fileprivate`, `private`, or nil.
    var accessLevel: String?
    /// `struct`, `class`, `func`, … for a declaration import, else nil.
    var kind: String?
    /// The dotted path with backticks stripped: `["Darwin", "C"]`.
    var path: [String]
    /// The declaration's own source text (from its first token to its last).
    var text: String
    /// Whitespace before the declaration on its line.
    var indentation: String
    /// Comment lines directly above it (no blank line between), as written.
    var leadingComments: [String]
    /// Whitespace and comment after it on its line, as written.
    var trailingComment: String
    /// 1-based line and column of its first token.
    var line: Int
    var column: Int
    /// Its position in the run as written.
    var originalIndex: Int
    /// Bytes of its own text, and where its physical line starts.
    var textRange: Range<Int>
    var lineStart: Int
    /// Whether no other import shares its line (`import A; import B` share one).
    var isAloneOnLine = true
    /// Whether it is the last import on its line (the one a trailing comment follows).
    var isLastOnLine = true
    /// The bytes that removing it deletes: its whole line with the comments above it when it is
    /// alone on the line, else its text and the `;` that joins it to a neighbour.
    var removalRange: Range<Int> = 0..<0

    var module: String { path.first ?? "" }
    /// Equal for imports that say exactly the same (attributes in any order).
    var identity: String { [attributes.sorted().joined(separator: " "), accessLevel ?? "", kind ?? "", dottedPath].joined(separator: "\u{0}") }
    var dottedPath: String { path.joined(separator: ".") }
    var isTestable: Bool { attributes.contains("@testable") }
    var isImplementationOnly: Bool { attributes.contains("@_implementationOnly") }
    var isDeclarationImport: Bool { kind != nil }

    /// How messages name it: its tokens joined by single spaces.
    var display: String {
        text.split(whereSeparator: { $0 == " " || $0 == "\t" }).joined(separator: " ")
    }

    /// 0 private … 4 public; unlabeled imports are internal (SE-0409).
    var accessRank: Int {
        ["private", "fileprivate", "internal", "package", "public"].firstIndex(of: accessLevel ?? "internal") ?? 2
    }
}

/// A maximal block of consecutive top-level import lines, the unit that is sorted.
struct ImportRun {
    var imports: [ImportDeclaration]
    /// Bytes `[start, end)` the run occupies: whole lines, from its first attached comment to
    /// the end of its last import line (line break included when there is one).
    var byteRange: Range<Int>
    var firstLine: Int
    /// Whether the original ends with a line break (the last line of a file may not).
    var endsWithLineBreak: Bool
    /// Inside an `#if` block.
    var isConditional: Bool
}

/// Finds import runs over a file's tokens, one logical line at a time.
enum ImportRunParser {
    private enum LineKind {
        case blank, comment, imports([ImportDeclaration]), other
    }

    private struct Line {
        var kind: LineKind
        var byteRange: Range<Int>
        var number: Int
        var endsWithLineBreak: Bool
        /// The line's bytes without its line break (its text is made only for the comment lines
        /// an import run keeps: most lines of a file are never looked at as text).
        var textRange: Range<Int>
        /// How many `#if` blocks enclose the line.
        var conditionalDepth: Int
        /// The line's first code token, if any.
        var firstCode: Int?
    }

    /// `blankLinesSeparateRuns`: SwiftFormat ends a block at a blank line; swift-format and
    /// the sections style regroup across blank lines.
    static func runs(in file: SourceFile, blankLinesSeparateRuns: Bool) -> [ImportRun] {
        let lines = logicalLines(file)
        var runs: [ImportRun] = []
        var index = 0
        // The first comment block of a file is its header and never moves.
        var headerEnds = 0
        while headerEnds < lines.count, case .comment = lines[headerEnds].kind { headerEnds += 1 }

        while index < lines.count {
            guard case .imports = lines[index].kind else { index += 1; continue }
            // `#if compiler(…) @attribute #endif` right above an import is that import's attribute:
            // the import stays where it is, below it.
            if index > 0, followsConditionalAttributes(index, lines, file) {
                index += 1
                continue
            }
            // Attach comment lines directly above (but not the file header).
            var start = index
            while start > headerEnds, case .comment = lines[start - 1].kind { start -= 1 }
            var end = index
            var cursor = index
            var pendingComments: [String] = []
            var pendingStart = lines[start].byteRange.lowerBound
            var declarations: [ImportDeclaration] = []
            // Comments above the first import.
            for line in lines[start..<index] { pendingComments.append(file.text(bytes: line.textRange)) }
            scan: while cursor < lines.count {
                switch lines[cursor].kind {
                case var .imports(found):
                    found[0].leadingComments = pendingComments
                    if found.count == 1 { found[0].removalRange = pendingStart..<lines[cursor].byteRange.upperBound }
                    for offset in found.indices { found[offset].originalIndex = declarations.count + offset }
                    declarations += found
                    pendingComments = []
                    end = cursor
                    cursor += 1
                    if cursor < lines.count { pendingStart = lines[cursor].byteRange.lowerBound }
                case .comment:
                    pendingComments.append(file.text(bytes: lines[cursor].textRange))
                    cursor += 1
                case .blank where !blankLinesSeparateRuns:
                    // A comment separated from the next import by a blank line does not travel with it.
                    if !pendingComments.isEmpty { break scan }
                    cursor += 1
                    if cursor < lines.count { pendingStart = lines[cursor].byteRange.lowerBound }
                default:
                    break scan
                }
            }
            runs.append(ImportRun(
                imports: declarations,
                byteRange: lines[start].byteRange.lowerBound..<lines[end].byteRange.upperBound,
                firstLine: lines[start].number, endsWithLineBreak: lines[end].endsWithLineBreak,
                isConditional: lines[index].conditionalDepth > 0))
            index = end + 1
        }
        return runs
    }

    /// Whether the lines just above `index` are an `#if` … `#endif` block holding only attributes.
    private static func followsConditionalAttributes(_ index: Int, _ lines: [Line], _ file: SourceFile) -> Bool {
        var cursor = index - 1
        guard let endif = lines[cursor].firstCode, file.tokenIs(endif, "#endif") else { return false }
        var sawAttribute = false
        while cursor > 0 {
            cursor -= 1
            guard let first = lines[cursor].firstCode else { continue }
            if file.tokenIs(first, "#if") { return sawAttribute }
            if file.tokenIs(first, "#else") || file.tokenIs(first, "#elseif") { continue }
            // Only attribute lines: an import inside the block (`@preconcurrency import X`) is its own.
            guard file.tokens[first].kind == .attribute else { return false }
            if case .imports = lines[cursor].kind { return false }
            sawAttribute = true
        }
        return false
    }

    /// Splits the file into lines of tokens, classifying each; braces are tracked so that
    /// only top-level lines can be import lines. Lines after the one that follows the last
    /// import cannot change a run, so most of a file is not split at all.
    private static func logicalLines(_ file: SourceFile) -> [Line] {
        guard let lastImport = file.imports.last.map(Int.init) else { return [] }
        var lines: [Line] = []
        var depth = 0
        var conditionalDepth = 0
        // A byte-order mark belongs to the file, not to its first line.
        var lineStart = file.bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        var tokenStart = 0
        let tokens = file.tokens
        var index = 0
        while index <= tokens.count {
            let atEnd = index == tokens.count
            if atEnd || tokens[index].kind == .newline {
                let tokenRange = tokenStart..<(atEnd ? tokens.count : index + 1)
                if !tokenRange.isEmpty {
                    let byteEnd = atEnd ? file.bytes.count : Int(tokens[index].end)
                    let kind = depth == 0 ? classify(file, tokenRange) : .other
                    let textEnd = atEnd ? byteEnd : Int(tokens[index].start)
                    if let directive = tokenRange.first(where: { tokens[$0].kind == .poundKeyword }), file.tokenIs(directive, "#endif") {
                        conditionalDepth = max(0, conditionalDepth - 1)
                    }
                    lines.append(Line(kind: kind, byteRange: lineStart..<byteEnd, number: Int(tokens[tokenRange.lowerBound].line),
                                      endsWithLineBreak: !atEnd, textRange: lineStart..<textEnd,
                                      conditionalDepth: conditionalDepth, firstCode: tokenRange.first { !tokens[$0].isTrivia }))
                    if let directive = tokenRange.first(where: { tokens[$0].kind == .poundKeyword }), file.tokenIs(directive, "#if") {
                        conditionalDepth += 1
                    }
                    for tokenIndex in tokenRange where tokens[tokenIndex].kind == .punctuation && tokens[tokenIndex].length == 1 {
                        let byte = file.bytes[Int(tokens[tokenIndex].start)]
                        if byte == UInt8(ascii: "{") { depth += 1 }
                        if byte == UInt8(ascii: "}") { depth = max(0, depth - 1) }
                    }
                    lineStart = byteEnd
                    if tokenRange.lowerBound > lastImport { break }
                }
                tokenStart = index + 1
            }
            index += 1
        }
        return lines
    }

    private static func classify(_ file: SourceFile, _ range: Range<Int>) -> LineKind {
        let tokens = file.tokens
        var code: [Int] = []
        var hasComment = false
        for index in range {
            let token = tokens[index]
            if token.kind == .newline || token.kind == .whitespace { continue }
            if token.isComment {
                // A block comment spanning lines makes this no simple line.
                if token.kind == .blockComment || token.kind == .docBlockComment || token.kind == .error,
                   file.bytes[token.range].contains(0x0A) { return .other }
                hasComment = true
                continue
            }
            // Comments may only trail the code on an import line.
            if hasComment { return .other }
            code.append(index)
        }
        if code.isEmpty { return hasComment ? .comment : .blank }
        guard let declarations = parseDeclarations(file, code, range) else { return .other }
        return .imports(declarations)
    }

    private static let accessLevels: Set<String> = ["public", "package", "internal", "fileprivate", "private", "open"]
    private static let importKinds: Set<String> = ["typealias", "struct", "class", "enum", "protocol", "let", "var", "func"]

    /// Parses `code` (a line's non-trivia tokens) as `;`-separated import declarations, or nil.
    private static func parseDeclarations(_ file: SourceFile, _ code: [Int], _ line: Range<Int>) -> [ImportDeclaration]? {
        var declarations: [ImportDeclaration] = []
        var position = 0
        let tokens = file.tokens
        let lineStartByte = max(Int(tokens[line.lowerBound].start), file.bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0)
        var lastDeclarationEnd = 0
        while position < code.count {
            let first = code[position]
            var attributes: [String] = []
            var accessLevel: String?
            while position < code.count, tokens[code[position]].kind == .attribute {
                var attribute = file.text(code[position])
                position += 1
                // `@_spi(Name)`: the parenthesised argument belongs to the attribute.
                if position < code.count, file.tokenIs(code[position], "("), file.partner[code[position]] >= 0 {
                    let close = Int(file.partner[code[position]])
                    attribute += file.text(bytes: Int(tokens[code[position]].start)..<Int(tokens[close].end)).filter { $0 != " " }
                    while position < code.count, code[position] <= close { position += 1 }
                }
                attributes.append(attribute)
            }
            if position < code.count, accessLevels.contains(file.text(code[position])) {
                accessLevel = file.text(code[position])
                position += 1
            }
            guard position < code.count, file.tokenIs(code[position], "import") else { return nil }
            position += 1
            var kind: String?
            if position < code.count, importKinds.contains(file.text(code[position])) {
                kind = file.text(code[position])
                position += 1
            }
            var path: [String] = []
            var last = code[position - 1]
            while position < code.count {
                let token = tokens[code[position]]
                guard token.kind == .identifier || token.kind == .keyword || token.kind == .operator else { return nil }
                let component = file.text(code[position])
                path.append(component.utf8.contains(UInt8(ascii: "`")) ? component.filter { $0 != "`" } : component)
                last = code[position]
                position += 1
                guard position < code.count, file.tokenIs(code[position], ".") else { break }
                position += 1
            }
            guard !path.isEmpty else { return nil }
            let start = Int(tokens[first].start)
            declarations.append(ImportDeclaration(
                attributes: attributes, accessLevel: accessLevel, kind: kind, path: path,
                text: file.text(bytes: start..<Int(tokens[last].end)),
                indentation: file.text(bytes: lineStartByte..<Int(tokens[code[0]].start)),
                leadingComments: [], trailingComment: "", line: Int(tokens[first].line), column: Int(tokens[first].column),
                originalIndex: 0, textRange: start..<Int(tokens[last].end), lineStart: lineStartByte))
            lastDeclarationEnd = Int(tokens[last].end)
            if position < code.count {
                guard file.tokenIs(code[position], ";") else { return nil }
                position += 1
            }
        }
        guard !declarations.isEmpty else { return nil }
        if declarations.count > 1 {
            // Sharing a line: the first goes with the `; ` after it, the others with the `; ` before them.
            for index in declarations.indices {
                declarations[index].isAloneOnLine = false
                declarations[index].isLastOnLine = index == declarations.count - 1
                let text = declarations[index].textRange
                declarations[index].removalRange = index == 0 ? text.lowerBound..<declarations[1].textRange.lowerBound
                    : declarations[index - 1].textRange.upperBound..<text.upperBound
            }
        }
        // Whatever follows the last declaration on the line (spaces, a `;`, a comment) stays with it.
        var lineEnd = line.upperBound
        if tokens[lineEnd - 1].kind == .newline { lineEnd -= 1 }
        let tailEnd = lineEnd > line.lowerBound ? Int(tokens[lineEnd - 1].end) : lastDeclarationEnd
        declarations[declarations.count - 1].trailingComment = file.text(bytes: lastDeclarationEnd..<max(lastDeclarationEnd, tailEnd))
        return declarations
    }
}
