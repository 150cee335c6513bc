extension SourceFile {
    /// The spaces and tabs that start the line holding byte `offset`.
    func indentation(ofLineAt offset: Int) -> String {
        var start = offset
        while start > 0, bytes[start - 1] != UInt8(ascii: "\n") { start -= 1 }
        var end = start
        while end < bytes.count, bytes[end] == UInt8(ascii: " ") || bytes[end] == UInt8(ascii: "\t") { end += 1 }
        return String(decoding: bytes[start..<end], as: UTF8.self)
    }

    /// One level of indentation: a tab when lines start with one, else the fewest spaces any
    /// indented code line starts with; nil when nothing is indented.
    func indentUnit() -> String? {
        var fewest = Int.max
        for (index, token) in tokens.enumerated() where token.kind == .whitespace && (index == 0 || tokens[index - 1].kind == .newline) {
            guard index + 1 < tokens.count, tokens[index + 1].kind != .newline,
                  !tokens[index + 1].isTrivia || tokens[index + 1].kind == .lineComment else { continue }
            let leading = bytes[Int(token.start)..<Int(token.end)]
            if leading.first == UInt8(ascii: "\t") { return "\t" }
            fewest = min(fewest, leading.count)
        }
        return fewest == Int.max ? nil : String(repeating: " ", count: fewest)
    }
}
