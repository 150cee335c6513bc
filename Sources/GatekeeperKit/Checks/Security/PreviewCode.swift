/// Preview code inside production files: `#Preview { … }` bodies and types conforming to
/// `PreviewProvider`. Like test code, it never ships to users, so its fake credentials are no
/// secrets and its shell calls no build failure.
enum PreviewCode {
    private static let needle = ByteSearch.needle("Preview")

    /// The lines of the file's preview code (most files: none, found by one byte search).
    static func lineRanges(in file: SourceFile) -> [ClosedRange<Int>] {
        guard ByteSearch.contains(file.bytes, needle) else { return [] }
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
