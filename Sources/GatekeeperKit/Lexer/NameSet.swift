/// A few names, matched against a token's bytes: a check that asks "is this identifier one of
/// these?" of every identifier of every file makes no String for the many that are none.
public struct NameSet: Sendable {
    /// Per length, the names of that length.
    private let byLength: [[[UInt8]]]
    /// Bit `n` set: some name is `n` bytes long (names of 64 bytes or more are compared always).
    private let lengths: UInt64
    /// Per first byte (its low six bits), one bit per last byte (its low six bits) of some name:
    /// most identifiers are rejected by this test and the length's, without a comparison.
    private let firstAndLast: [UInt64]

    public init(_ names: some Sequence<String>) {
        var byLength: [[[UInt8]]] = []
        var lengths: UInt64 = 0
        var firstAndLast = [UInt64](repeating: 0, count: 64)
        for name in names where !name.isEmpty {
            let bytes = Array(name.utf8)
            if byLength.count <= bytes.count { byLength += Array(repeating: [], count: bytes.count + 1 - byLength.count) }
            byLength[bytes.count].append(bytes)
            lengths |= bytes.count < 64 ? 1 << UInt64(bytes.count) : 0
            firstAndLast[Int(bytes[0] & 63)] |= 1 << UInt64(bytes[bytes.count - 1] & 63)
        }
        (self.byLength, self.lengths, self.firstAndLast) = (byLength, lengths, firstAndLast)
    }

    /// Whether token `index` of `file` is one of the names.
    @inline(__always) public func contains(_ file: SourceFile, _ index: Int) -> Bool {
        let token = file.tokens[index]
        let length = token.length
        guard length > 0, length < byLength.count, length >= 64 || lengths & (1 << UInt64(length)) != 0 else { return false }
        let first = file.bytes[Int(token.start)]
        let last = file.bytes[Int(token.end) - 1]
        guard firstAndLast[Int(first & 63)] & (1 << UInt64(last & 63)) != 0 else { return false }
        return isName(file.bytes, from: Int(token.start), length: length)
    }

    private func isName(_ bytes: [UInt8], from start: Int, length: Int) -> Bool {
        byLength[length].contains { name in
            var offset = 0
            while offset < length, bytes[start + offset] == name[offset] { offset += 1 }
            return offset == length
        }
    }
}
