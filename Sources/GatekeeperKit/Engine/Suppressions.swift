/// The `// gatekeeper:ignore …` and `// gatekeeper:ignore-file …` comments of one file.
public struct Suppressions: Sendable {
    public struct Entry: Sendable, Equatable, Codable {
        /// Rule ids or check ids, as written.
        public var ids: [String]
        /// Where the comment is (for reporting unknown ids and unused suppressions).
        public var line: Int
        public var column: Int
        /// The line it covers; nil for `ignore-file`.
        public var targetLine: Int?
    }

    public private(set) var entries: [Entry] = []

    public var isEmpty: Bool { entries.isEmpty }

    /// Entries as the result cache stored them.
    init(entries: [Entry]) {
        self.entries = entries
    }

    /// A comment of the file, in whatever syntax the file has.
    struct Comment {
        /// The comment's bytes, opener included.
        var text: ArraySlice<UInt8>
        var line: Int
        var column: Int
        var lastLine: Int
        /// Nothing but whitespace before it on its line.
        var isAloneOnLine: Bool
        var isBlock: Bool
    }

    /// Swift (and JSON5, which comments alike): the lexer's comment tokens.
    init(tokens: [Token], bytes: [UInt8]) {
        // Most files suppress nothing: one search of the file says so.
        guard ByteSearch.containsExactly(bytes, Self.marker) else {
            self.init(comments: [])
            return
        }
        var comments: [Comment] = []
        for (index, token) in tokens.enumerated() where token.isComment {
            var before = index - 1
            while before >= 0, tokens[before].kind == .whitespace { before -= 1 }
            comments.append(Comment(text: bytes[token.range], line: Int(token.line), column: Int(token.column),
                                    lastLine: Int(token.line) + bytes[token.range].filter { $0 == 0x0A }.count,
                                    isAloneOnLine: before < 0 || tokens[before].kind == .newline,
                                    isBlock: token.kind == .blockComment || token.kind == .docBlockComment))
        }
        self.init(comments: comments)
    }

    /// SQL: `-- …` to the end of the line.
    init(sql bytes: [UInt8]) {
        self.init(lineComments: bytes, openers: ["--"])
    }

    /// A non-Swift file's, in its format's comment syntax: SQL `--`; `#` (YAML, `.env`, shell,
    /// Ruby: Fastlane), `//` (xcconfig, JSON5), `<!--` (plist, XML), `;` (ini). JSON has no
    /// comments: its findings are baselined instead, and so are those of prose (Markdown, text),
    /// where a suppression comment is an example, not an instruction.
    init(nonSwift path: String, bytes: [UInt8]) {
        if path.hasSuffix(".sql") { self.init(sql: bytes); return }
        // Most files suppress nothing: one search of the file says so.
        guard ByteSearch.containsExactly(bytes, Self.marker), ![".md", ".markdown", ".txt", ".rst", ".adoc", ".html"].contains(where: path.hasSuffix)
        else { self.init(comments: []); return }
        self.init(lineComments: bytes, openers: ["#", "//", "<!--", ";"])
    }

    /// Line comments: from the first opener on a line to its end.
    private init(lineComments bytes: [UInt8], openers: [String]) {
        let lines = LineIndex(bytes: bytes)
        let openers = openers.map { Array($0.utf8) }
        var comments: [Comment] = []
        for line in 1...lines.count {
            let start = lines.starts[line - 1]
            let end = line < lines.count ? lines.starts[line] : bytes.count
            guard let opener = (start..<end).first(where: { at in openers.contains { bytes[at...].starts(with: $0) } }) else { continue }
            let alone = bytes[start..<opener].allSatisfy { $0 == 0x20 || $0 == 0x09 }
            comments.append(Comment(text: bytes[opener..<end], line: line, column: opener - start + 1, lastLine: line, isAloneOnLine: alone,
                                    isBlock: false))
        }
        self.init(comments: comments)
    }

    private static let marker = Array("gatekeeper:ignore".utf8)
    /// What comment openers are made of (`//`, `/*`, `--`, `#`, `<!--`, `;`), and blanks.
    private static let openerBytes: Set<UInt8> = Set("/*-#<!; \t".utf8)

    init(comments: [Comment]) {
        let marker = Self.marker
        var standaloneLines = Set<Int>()
        var pending: [(entry: Entry, standalone: Bool, lastLine: Int)] = []
        for comment in comments {
            // The marker opens the comment (`// gatekeeper:ignore …`); prose that mentions it is no suppression.
            var bodyStart = comment.text.startIndex
            while bodyStart < comment.text.endIndex, Self.openerBytes.contains(comment.text[bodyStart]) {
                bodyStart += 1
            }
            guard comment.text[bodyStart...].starts(with: marker) else { continue }
            var rest = String(decoding: comment.text[(bodyStart + marker.count)...], as: UTF8.self)
            let isFile = rest.hasPrefix("-file")
            if isFile { rest.removeFirst(5) }
            // The marker must stand alone: `gatekeeper:ignored` is not a suppression.
            guard rest.isEmpty || rest.first == " " || rest.first == "\t" else { continue }
            if comment.isBlock, rest.hasSuffix("*/") { rest.removeLast(2) }
            if let reason = rest.range(of: "--") { rest = String(rest[..<reason.lowerBound]) }
            let ids = rest.split(whereSeparator: { $0 == "," || $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }).map(String.init)
            guard !ids.isEmpty else { continue }
            if comment.isAloneOnLine { standaloneLines.insert(comment.line) }
            pending.append((Entry(ids: ids, line: comment.line, column: comment.column, targetLine: isFile ? nil : comment.line),
                            comment.isAloneOnLine && !isFile, comment.lastLine))
        }
        for item in pending {
            var entry = item.entry
            if item.standalone {
                // Alone on its line, it covers the next line; stacked suppression lines all reach it.
                var target = item.lastLine + 1
                while standaloneLines.contains(target) { target += 1 }
                entry.targetLine = target
            }
            entries.append(entry)
        }
    }

    /// Whether `id` (a rule id) is covered by an entry's id (that rule id or its check id).
    static func covers(_ suppressionId: String, ruleId: String) -> Bool {
        suppressionId == ruleId || ruleId.hasPrefix(suppressionId + "/")
    }

    /// Entries that cover `ruleId` on any of `lines`.
    public func matching(ruleId: String, lines: ClosedRange<Int>) -> [Int] {
        entries.indices.filter { index in
            let entry = entries[index]
            return entry.targetLine.map(lines.contains) ?? true && entry.ids.contains { Self.covers($0, ruleId: ruleId) }
        }
    }
}
