import Foundation

/// Substring search over UTF-8 bytes, ignoring ASCII case. The checks' pre-filters run on every
/// string literal and comment; Foundation's `String.contains` bridges through NSString and was
/// most of a run's time.
public enum ByteSearch {
    /// Whether `needle` (lowercase ASCII) occurs in `haystack`, ignoring ASCII case.
    public static func contains(_ haystack: String, _ needle: [UInt8]) -> Bool {
        var text = haystack
        return text.withUTF8 { contains($0, needle) }
    }

    public static func contains(_ haystack: UnsafeBufferPointer<UInt8>, _ needle: [UInt8]) -> Bool {
        guard let first = needle.first, haystack.count >= needle.count else { return needle.isEmpty }
        let last = haystack.count - needle.count
        var index = 0
        while index <= last {
            if lowercase(haystack[index]) == first {
                var offset = 1
                while offset < needle.count, lowercase(haystack[index + offset]) == needle[offset] { offset += 1 }
                if offset == needle.count { return true }
            }
            index += 1
        }
        return false
    }

    public static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        haystack.withUnsafeBufferPointer { contains($0, needle) }
    }

    /// Whether `needle` occurs in `haystack` exactly (case too): `memchr` to each candidate first
    /// byte, `memcmp` there; fast enough for a whole file.
    public static func containsExactly(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        guard let first = needle.first else { return true }
        return haystack.withUnsafeBufferPointer { whole in needle.withUnsafeBufferPointer { part in
            guard let base = whole.baseAddress, let wanted = part.baseAddress else { return false }
            var offset = 0
            while offset + part.count <= whole.count, let found = memchr(base + offset, Int32(first), whole.count - offset) {
                let position = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
                guard position + part.count <= whole.count else { return false }
                if memcmp(base + position, wanted, part.count) == 0 { return true }
                offset = position + 1
            }
            return false
        } }
    }

    @inline(__always) static func lowercase(_ byte: UInt8) -> UInt8 {
        byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte | 0x20 : byte
    }

    /// `text`'s bytes lowercased, for needles given in lowercase.
    public static func needle(_ text: String) -> [UInt8] {
        text.utf8.map(lowercase)
    }
}

/// Needles (lowercase ASCII) searched for together, in one pass over a file's bytes, ignoring
/// ASCII case: what a check's keyword pre-filter asks before it looks at any token.
public struct NeedleSet: Sendable {
    public let needles: [[UInt8]]
    /// Per byte value b, the needles starting with it (either case): `starting[startOffsets[b]..<startOffsets[b + 1]]`,
    /// flat so the scan touches no array of arrays.
    private let starting: [Int]
    private let startOffsets: [Int]
    /// One bit per three bytes' low five bits (which an ASCII letter has alike in either case)
    /// that start a needle of three bytes or more: most positions of a file are rejected by one
    /// bit test, even where common English pairs (`se`, `st`, `as`) are.
    private let triples: [UInt64]
    /// One bit per byte (either case) that starts a needle of one or two bytes.
    private let shortStarts: [UInt64]

    public init(_ needles: [[UInt8]]) {
        self.needles = needles
        var starting = [[Int]](repeating: [], count: 256)
        var triples = [UInt64](repeating: 0, count: 32768 / 64)
        var shortStarts = [UInt64](repeating: 0, count: 4)
        for (index, needle) in needles.enumerated() {
            guard let first = needle.first else { continue }
            let heads = first >= UInt8(ascii: "a") && first <= UInt8(ascii: "z") ? [first, first - 0x20] : [first]
            for head in heads {
                starting[Int(head)].append(index)
                if needle.count < 3 { shortStarts[Int(head) >> 6] |= 1 << UInt64(head & 63) }
            }
            if needle.count >= 3 {
                let triple = Self.triple(needle[0], needle[1], needle[2])
                triples[triple >> 6] |= 1 << UInt64(triple & 63)
            }
        }
        self.starting = starting.flatMap { $0 }
        self.startOffsets = starting.reduce(into: [0]) { offsets, list in offsets.append(offsets.last! + list.count) }
        (self.triples, self.shortStarts) = (triples, shortStarts)
    }

    /// Whether any needle occurs in `ranges` of `haystack` (all of it by default): the scan stops at the first.
    public func containsAny(in haystack: [UInt8], ranges: [Range<Int>]? = nil) -> Bool {
        found(in: haystack, ranges: ranges ?? [0..<haystack.count], stoppingAtFirst: true).contains(true)
    }

    /// Which needles occur in `haystack` (an empty needle always does).
    public func found(in haystack: [UInt8], stoppingAtFirst: Bool = false) -> [Bool] {
        found(in: haystack, ranges: [0..<haystack.count], stoppingAtFirst: stoppingAtFirst)
    }

    /// Which needles occur inside one of `ranges` of `haystack` (a needle never spans two).
    public func found(in haystack: [UInt8], ranges: [Range<Int>], stoppingAtFirst: Bool = false) -> [Bool] {
        var found = needles.map { $0.isEmpty }
        let missing = found.filter { !$0 }.count
        var remaining = stoppingAtFirst ? (found.contains(true) ? 0 : min(1, missing)) : missing
        let hasShort = shortStarts != [0, 0, 0, 0]
        haystack.withUnsafeBufferPointer { whole in triples.withUnsafeBufferPointer { triples in
            for range in ranges where remaining > 0 {
                let bytes = UnsafeBufferPointer(rebasing: whole[range])
                // The hot loop of a cold run: a rolling 15-bit key, one bit test per byte, no bounds checks.
                var key = 0
                for position in bytes.indices {
                    let byte = bytes[position]
                    key = (key << 5 | Int(byte & 0x1F)) & 0x7FFF
                    if hasShort, shortStarts[Int(byte) >> 6] & (1 << UInt64(byte & 63)) != 0 {
                        remaining -= match(at: position, in: bytes, found: &found)
                    }
                    if position >= 2, triples[key >> 6] & (1 << UInt64(key & 63)) != 0 {
                        remaining -= match(at: position - 2, in: bytes, found: &found)
                    }
                    if remaining <= 0 { break }
                }
            }
        } }
        return found
    }

    @inline(__always) private static func triple(_ first: UInt8, _ second: UInt8, _ third: UInt8) -> Int {
        Int(first & 0x1F) << 10 | Int(second & 0x1F) << 5 | Int(third & 0x1F)
    }

    /// Marks the needles that occur at `position`; returns how many were newly found.
    private func match(at position: Int, in bytes: UnsafeBufferPointer<UInt8>, found: inout [Bool]) -> Int {
        var count = 0
        let byte = Int(bytes[position])
        for slot in startOffsets[byte]..<startOffsets[byte + 1] {
            let index = starting[slot]
            guard !found[index], position + needles[index].count <= bytes.count else { continue }
            let needle = needles[index]
            var offset = 1
            while offset < needle.count, ByteSearch.lowercase(bytes[position + offset]) == needle[offset] { offset += 1 }
            if offset == needle.count {
                found[index] = true
                count += 1
            }
        }
        return count
    }
}
