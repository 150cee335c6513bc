/// A few names, matched against a token's bytes: a check that asks "is this identifier one of
/// these?" of every identifier of every file makes no String for the many that are none.
public struct NameSet: Sendable {
    /// Per length, the names of that length.
    private let byLength: [[[UInt8]]]
    /// Whether some name starts with the byte.
    private let firstBytes: [Bool]

    public init(_ names: some Sequence<String>) {
        var byLength: [[[UInt8]]] = []
        var firstBytes = [Bool](repeating: false, count: 256)
        for name in names where !name.isEmpty {
            let bytes = Array(name.utf8)
            if byLength.count <= bytes.count { byLength += Array(repeating: [], count: bytes.count + 1 - byLength.count) }
            byLength[bytes.count].append(bytes)
            firstBytes[Int(bytes[0])] = true
        }
        (self.byLength, self.firstBytes) = (byLength, firstBytes)
    }

    /// Whether token `index` of `file` is one of the names.
    public func contains(_ file: SourceFile, _ index: Int) -> Bool {
        let token = file.tokens[index]
        let length = token.length
        guard length > 0, length < byLength.count, firstBytes[Int(file.bytes[Int(token.start)])] else { return false }
        let start = Int(token.start)
        return byLength[length].contains { name in
            var offset = 0
            while offset < length, file.bytes[start + offset] == name[offset] { offset += 1 }
            return offset == length
        }
    }
}
