/// The `// gatekeeper:ignore …` and `// gatekeeper:ignore-file …` comments of one file.
public struct Suppressions: Sendable {
    public struct Entry: Sendable, Equatable {
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

    init(tokens: [Token], bytes: [UInt8]) {
        let marker = Array("gatekeeper:ignore".utf8)
        var standaloneLines = Set<Int>()
        var pending: [(entry: Entry, standalone: Bool, lastLine: Int)] = []
        for (index, token) in tokens.enumerated() where token.isComment {
            // The marker opens the comment (`// gatekeeper:ignore …`); prose that mentions it is no suppression.
            var bodyStart = token.range.lowerBound
            while bodyStart < token.range.upperBound, [UInt8(ascii: "/"), UInt8(ascii: "*"), 0x20, 0x09].contains(bytes[bodyStart]) {
                bodyStart += 1
            }
            guard bytes[bodyStart..<token.range.upperBound].starts(with: marker) else { continue }
            var rest = String(decoding: bytes[(bodyStart + marker.count)..<token.range.upperBound], as: UTF8.self)
            let isFile = rest.hasPrefix("-file")
            if isFile { rest.removeFirst(5) }
            // The marker must stand alone: `gatekeeper:ignored` is not a suppression.
            guard rest.isEmpty || rest.first == " " || rest.first == "\t" else { continue }
            if token.kind == .blockComment || token.kind == .docBlockComment, rest.hasSuffix("*/") { rest.removeLast(2) }
            if let reason = rest.range(of: "--") { rest = String(rest[..<reason.lowerBound]) }
            let ids = rest.split(whereSeparator: { $0 == "," || $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }).map(String.init)
            guard !ids.isEmpty else { continue }
            let standalone = Self.isAloneOnLine(index, tokens)
            let lastLine = Int(token.line) + bytes[token.range].filter { $0 == 0x0A }.count
            if standalone { standaloneLines.insert(Int(token.line)) }
            pending.append((Entry(ids: ids, line: Int(token.line), column: Int(token.column), targetLine: isFile ? nil : Int(token.line)),
                            standalone && !isFile, lastLine))
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

    private static func isAloneOnLine(_ index: Int, _ tokens: [Token]) -> Bool {
        var before = index - 1
        while before >= 0, tokens[before].kind == .whitespace { before -= 1 }
        return before < 0 || tokens[before].kind == .newline
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
