/// Preview code inside production files: `#Preview { … }` bodies and types conforming to
/// `PreviewProvider`. Like test code, it never ships to users, so its fake credentials are no
/// secrets and its shell calls no build failure.
enum PreviewCode {
    private static let needle = Array("Preview".utf8)

    /// The lines of the file's preview code (most files: none, found by one byte search).
    static func lineRanges(in file: SourceFile) -> [ClosedRange<Int>] {
        guard ByteSearch.containsExactly(file.bytes, needle) else { return [] }
        var ranges: [ClosedRange<Int>] = []
        for index in file.tokens.indices where file.tokenIs(index, "#Preview") || file.tokenIs(index, "PreviewProvider") {
            // `#Preview("name") { … }`, `struct X_Previews: PreviewProvider { … }`: the first brace after it.
            var cursor = file.nextCode(after: index)
            while let current = cursor, !file.tokenIs(current, "{") {
                if file.tokenIs(current, "}") || (file.tokenIs(index, "#Preview") && file.tokens[current].line > file.tokens[index].line + 2) {
                    cursor = nil
                    break
                }
                cursor = file.partner[current] > Int32(current) ? file.nextCode(after: Int(file.partner[current])) : file.nextCode(after: current)
            }
            guard let open = cursor, file.partner[open] > Int32(open) else { continue }
            ranges.append(Int(file.tokens[index].line)...Int(file.tokens[Int(file.partner[open])].line))
        }
        return ranges
    }
}

/// Debug-only code: the lines between `#if DEBUG` or `#if targetEnvironment(simulator)` and its
/// `#else`/`#elseif`/`#endif`, which a release build for devices leaves out (debug menus with
/// deliberately bad values, fake scans for the simulator).
enum DebugCode {
    private static let needles = [Array("DEBUG".utf8), Array("simulator".utf8)]

    static func lineRanges(in file: SourceFile) -> [ClosedRange<Int>] {
        guard needles.contains(where: { ByteSearch.containsExactly(file.bytes, $0) }) else { return [] }
        var ranges: [ClosedRange<Int>] = []
        // Open conditions: the line a `#if DEBUG` branch starts on, or nil for any other branch.
        var open: [Int?] = []
        for index in file.tokens.indices where file.tokens[index].kind == .poundKeyword {
            let line = Int(file.tokens[index].line)
            if file.tokenIs(index, "#if") {
                open.append(isDebugCondition(file, after: index) ? line : nil)
            } else if file.tokenIs(index, "#else") || file.tokenIs(index, "#elseif") || file.tokenIs(index, "#endif") {
                guard let last = open.popLast() else { continue }
                if let start = last { ranges.append(start...line) }
                if !file.tokenIs(index, "#endif") { open.append(nil) }
            }
        }
        return ranges
    }

    /// `#if DEBUG`, `#if targetEnvironment(simulator)`, on the directive's line.
    private static func isDebugCondition(_ file: SourceFile, after directive: Int) -> Bool {
        guard let first = file.nextCode(after: directive), file.tokens[first].line == file.tokens[directive].line else { return false }
        if file.tokenIs(first, "DEBUG") { return true }
        guard file.tokenIs(first, "targetEnvironment"), let open = file.nextCode(after: first), file.tokenIs(open, "("),
              let argument = file.nextCode(after: open) else { return false }
        return file.tokenIs(argument, "simulator")
    }
}

/// Sample data kept beside production code: the body or initializer of a member named for it
/// (`static var example: LoginRequest { … }`, `static let sample = …`, `func mockResponse()`),
/// which documentation, previews and tests use, never a user.
enum ExampleMembers {
    private static let words: Set<String> = ["example", "examples", "sample", "samples", "mock", "mocked", "stub", "stubbed", "dummy", "demo",
                                             "preview", "previews", "placeholder", "fixture", "fixtures", "fake"]

    /// A file named for sample data (`SPCredentials-demo.swift`, `Secrets.example.swift`, `SampleData.swift`):
    /// the credentials a README tells contributors to start from, or fill in.
    static func namesExample(_ path: String) -> Bool {
        let file = path.split(separator: "/").last.map(String.init) ?? path
        let base = file.hasSuffix(".swift") ? String(file.dropLast(6)) : file
        return Identifier.words(base).contains { fileWords.contains($0.lowercased()) }
    }

    private static let fileWords = words.subtracting(["preview", "previews"]).union(["template", "templates"])

    static func lineRanges(in file: SourceFile) -> [ClosedRange<Int>] {
        var ranges: [ClosedRange<Int>] = []
        for keyword in file.words.lazy.map(Int.init) where file.tokens[keyword].kind == .keyword
            && (file.tokenIs(keyword, "var") || file.tokenIs(keyword, "let") || file.tokenIs(keyword, "func")) {
            guard let name = file.nextCode(after: keyword), file.tokens[name].kind == .identifier,
                  Identifier.words(file.text(name)).contains(where: words.contains) else { continue }
            // The body (`{ … }`) or initializer (`= …`) after the name and its type or parameters.
            var cursor = file.nextCode(after: name)
            while let current = cursor, !file.tokenIs(current, "{"), !file.tokenIs(current, "="), !file.tokenIs(current, "}"),
                  file.tokens[current].line <= file.tokens[name].line + 3 {
                cursor = file.partner[current] > Int32(current) ? file.nextCode(after: Int(file.partner[current])) : file.nextCode(after: current)
            }
            guard let start = cursor else { continue }
            if file.tokenIs(start, "{"), file.partner[start] > Int32(start) {
                ranges.append(Int(file.tokens[name].line)...Int(file.tokens[Int(file.partner[start])].line))
            } else if file.tokenIs(start, "="), let value = file.nextCode(after: start) {
                let end = file.expressionEnd(from: value) - 1
                ranges.append(Int(file.tokens[name].line)...Int(file.tokens[max(value, end)].line))
            }
        }
        return ranges
    }
}
