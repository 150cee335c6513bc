/// A few names, matched against a token's bytes: a check that asks "is this identifier one of
/// these?" of every identifier of every file makes no String for the many that are none.
public struct NameSet: Sendable {
    /// Per length, the names of that length.
    private let byLength: [[[UInt8]]]
    /// Bit `n` set: some name is `n` bytes long (names of 64 bytes or more are compared always).
    private let lengths: UInt64
    /// Bit `b` set: some name starts with byte `b`: the first reject costs two bit tests.
    private let firstBytes: (UInt64, UInt64, UInt64, UInt64)

    public init(_ names: some Sequence<String>) {
        var byLength: [[[UInt8]]] = []
        var lengths: UInt64 = 0
        var firstBytes: [UInt64] = [0, 0, 0, 0]
        for name in names where !name.isEmpty {
            let bytes = Array(name.utf8)
            if byLength.count <= bytes.count { byLength += Array(repeating: [], count: bytes.count + 1 - byLength.count) }
            byLength[bytes.count].append(bytes)
            lengths |= bytes.count < 64 ? 1 << UInt64(bytes.count) : 0
            firstBytes[Int(bytes[0]) >> 6] |= 1 << UInt64(bytes[0] & 63)
        }
        (self.byLength, self.lengths) = (byLength, lengths)
        self.firstBytes = (firstBytes[0], firstBytes[1], firstBytes[2], firstBytes[3])
    }

    /// Whether token `index` of `file` is one of the names.
    public func contains(_ file: SourceFile, _ index: Int) -> Bool {
        let token = file.tokens[index]
        let length = token.length
        guard length > 0, length < byLength.count, length >= 64 || lengths & (1 << UInt64(length)) != 0 else { return false }
        let start = Int(token.start)
        let first = file.bytes[start]
        let word: UInt64
        switch first >> 6 {
        case 0: word = firstBytes.0
        case 1: word = firstBytes.1
        case 2: word = firstBytes.2
        default: word = firstBytes.3
        }
        guard word & (1 << UInt64(first & 63)) != 0 else { return false }
        return byLength[length].contains { name in
            guard name[0] == first else { return false }
            var offset = 1
            while offset < length, file.bytes[start + offset] == name[offset] { offset += 1 }
            return offset == length
        }
    }
}
