/// A fast 128-bit hash of file contents, for the result cache: eight bytes a step in two lanes
/// (xxHash's round and avalanche), so hashing a tree costs about what reading it does. Not a
/// cryptographic hash: the cache only asks "is this the content we analysed?".
enum ContentHash {
    private static let prime1: UInt64 = 0x9E37_79B1_85EB_CA87
    private static let prime2: UInt64 = 0xC2B2_AE3D_27D4_EB4F
    private static let prime3: UInt64 = 0x1656_67B1_9E37_79F9

    static func hex(_ bytes: [UInt8]) -> String {
        let (first, second) = hash(bytes)
        return hex64(first) + hex64(second)
    }

    private static func hex64(_ value: UInt64) -> String {
        SHA256.hexDigits(of: (0..<8).map { UInt8(truncatingIfNeeded: value >> (56 - 8 * $0)) })
    }

    static func hash(_ bytes: [UInt8]) -> (UInt64, UInt64) {
        bytes.withUnsafeBytes { raw in
            var first = prime3 ^ UInt64(raw.count)
            var second = prime1 &+ UInt64(raw.count)
            var offset = 0
            while offset + 16 <= raw.count {
                first = round(first, raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
                second = round(second, raw.loadUnaligned(fromByteOffset: offset + 8, as: UInt64.self))
                offset += 16
            }
            var tail: UInt64 = 0
            var shift: UInt64 = 0
            while offset < raw.count {
                tail |= UInt64(raw[offset]) << shift
                shift += 8
                if shift == 64 {
                    first = round(first, tail)
                    (tail, shift) = (0, 0)
                }
                offset += 1
            }
            first = round(first, tail)
            second = round(second, first)
            return (avalanche(first), avalanche(second ^ first))
        }
    }

    private static func round(_ accumulator: UInt64, _ input: UInt64) -> UInt64 {
        let mixed = accumulator &+ input &* prime2
        return ((mixed << 31) | (mixed >> 33)) &* prime1
    }

    private static func avalanche(_ value: UInt64) -> UInt64 {
        var hash = value
        hash ^= hash >> 33
        hash = hash &* prime2
        hash ^= hash >> 29
        hash = hash &* prime3
        hash ^= hash >> 32
        return hash
    }
}
