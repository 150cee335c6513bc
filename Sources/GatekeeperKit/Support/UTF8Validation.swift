enum UTF8Validation {
    /// The offset of the first byte that is not part of valid UTF-8 (the start of the bad
    /// sequence), or nil. Every file of a run is checked: ASCII is skipped eight bytes at a time,
    /// and nothing is copied.
    static func firstInvalidByte(in bytes: [UInt8]) -> Int? {
        bytes.withUnsafeBufferPointer { buffer -> Int? in
            guard let base = buffer.baseAddress else { return nil }
            var offset = 0
            while offset < buffer.count {
                if offset + 8 <= buffer.count,
                   UnsafeRawPointer(base + offset).loadUnaligned(as: UInt64.self) & 0x8080_8080_8080_8080 == 0 {
                    offset += 8
                } else if buffer[offset] < 0x80 {
                    offset += 1
                } else {
                    let length = scalarLength(buffer, at: offset)
                    guard length > 0 else { return offset }
                    offset += length
                }
            }
            return nil
        }
    }

    /// The length of the valid multi-byte scalar at `offset`, or 0: no overlong forms, no
    /// surrogates, nothing above U+10FFFF (RFC 3629's table).
    private static func scalarLength(_ bytes: UnsafeBufferPointer<UInt8>, at offset: Int) -> Int {
        let lead = bytes[offset]
        let length: Int
        var second: ClosedRange<UInt8> = 0x80...0xBF
        switch lead {
        case 0xC2...0xDF: length = 2
        case 0xE0: (length, second) = (3, 0xA0...0xBF)
        case 0xE1...0xEC, 0xEE...0xEF: length = 3
        case 0xED: (length, second) = (3, 0x80...0x9F)
        case 0xF0: (length, second) = (4, 0x90...0xBF)
        case 0xF1...0xF3: length = 4
        case 0xF4: (length, second) = (4, 0x80...0x8F)
        default: return 0
        }
        guard offset + length <= bytes.count, second.contains(bytes[offset + 1]) else { return 0 }
        for index in (offset + 2)..<(offset + length) where bytes[index] & 0xC0 != 0x80 { return 0 }
        return length
    }
}
