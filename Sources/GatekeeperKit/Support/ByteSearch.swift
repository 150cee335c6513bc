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
        haystack.withUnsafeBufferPointer { whole in containsExactly(whole, needle) }
    }

    static func containsExactly(_ whole: UnsafeBufferPointer<UInt8>, _ needle: [UInt8]) -> Bool {
        needle.withUnsafeBufferPointer { containsExactly(whole, $0) }
    }

    static func containsExactly(_ whole: UnsafeBufferPointer<UInt8>, _ part: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let first = part.first else { return true }
        guard let base = whole.baseAddress, let wanted = part.baseAddress else { return false }
        var offset = 0
        while offset + part.count <= whole.count, let found = memchr(base + offset, Int32(first), whole.count - offset) {
            let position = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
            guard position + part.count <= whole.count else { return false }
            if memcmp(base + position, wanted, part.count) == 0 { return true }
            offset = position + 1
        }
        return false
    }

    /// Whether `needle` occurs in `haystack` exactly, byte for byte: `String.contains(_:)` with a
    /// string argument bridges through NSString on Linux (a tenth of a run, on one hot path).
    public static func containsExactly(_ haystack: String, _ needle: StaticString) -> Bool {
        var text = haystack
        return text.withUTF8 { whole in
            containsExactly(whole, UnsafeBufferPointer(start: needle.utf8Start, count: needle.utf8CodeUnitCount))
        }
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
    /// One bit per three bytes' low five bits (which an ASCII letter has alike in either case):
    /// each needle of three bytes or more sets the bit of its rarest three bytes, so most positions
    /// of a file are rejected by one bit test, even where a needle's common start (`swi` of
    /// `swiftlint:`, `sec` of `secret`) is.
    private let triples: [UInt64]
    /// Per set bit, the needles keyed by it and where in the needle its three bytes are: those of
    /// key `k` are `keyed[keyStarts[k]..<keyStarts[k + 1]]` (arrays, not a dictionary: no hashing
    /// where a bit is set, which common text does often).
    private let keyStarts: [Int32]
    private let keyed: [(needle: Int, offset: Int)]
    /// Needles of one or two bytes, by their first byte (either case), and one bit per such byte.
    private let shortByFirst: [UInt8: [Int]]
    private let shortStarts: [UInt64]

    public init(_ needles: [[UInt8]]) {
        self.needles = needles
        var triples = [UInt64](repeating: 0, count: 32768 / 64)
        var keyed: [Int: [(needle: Int, offset: Int)]] = [:]
        var shortByFirst: [UInt8: [Int]] = [:]
        var shortStarts = [UInt64](repeating: 0, count: 4)
        for (index, needle) in needles.enumerated() where !needle.isEmpty {
            if needle.count < 3 {
                let first = needle[0]
                for head in first >= UInt8(ascii: "a") && first <= UInt8(ascii: "z") ? [first, first - 0x20] : [first] {
                    shortByFirst[head, default: []].append(index)
                    shortStarts[Int(head) >> 6] |= 1 << UInt64(head & 63)
                }
                continue
            }
            let offset = (0...(needle.count - 3)).max { Self.rarity(needle[$0..<($0 + 3)]) < Self.rarity(needle[$1..<($1 + 3)]) } ?? 0
            let triple = Self.triple(needle[offset], needle[offset + 1], needle[offset + 2])
            triples[triple >> 6] |= 1 << UInt64(triple & 63)
            keyed[triple, default: []].append((index, offset))
        }
        // Counts per key, then their running sum: one look at each key the needles set, none at the others.
        var keyStarts = [Int32](repeating: 0, count: 32768 + 1)
        for (key, entries) in keyed { keyStarts[key + 1] = Int32(entries.count) }
        for key in 0..<32768 { keyStarts[key + 1] += keyStarts[key] }
        self.keyed = keyed.keys.sorted().flatMap { keyed[$0] ?? [] }
        (self.triples, self.keyStarts, self.shortByFirst, self.shortStarts) = (triples, keyStarts, shortByFirst, shortStarts)
    }

    /// How rarely three bytes occur in source text and comments, roughly: English letters by their
    /// frequency, a space as the most common byte, any other byte as rare.
    private static func rarity(_ bytes: ArraySlice<UInt8>) -> Int {
        let letters = Array("etaoinshrdlcumwfgypbvkjxqz".utf8)
        return bytes.reduce(0) { sum, byte in
            sum + (byte == 0x20 ? 0 : letters.firstIndex(of: byte) ?? 30)
        }
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
        var matches = Matches(needles: needles, collecting: false)
        if stoppingAtFirst { matches.remaining = matches.found.contains(true) ? 0 : min(1, matches.remaining) }
        search(haystack, ranges, &matches)
        return matches.found
    }

    /// Every occurrence inside one of `ranges` of `haystack`: which needle, and the offset where it starts.
    public func occurrences(in haystack: [UInt8], ranges: [Range<Int>]) -> [(needle: Int, start: Int)] {
        var matches = Matches(needles: needles, collecting: true)
        search(haystack, ranges, &matches)
        return matches.occurrences
    }

    /// What a search has found, and how many needles it still looks for (collecting every
    /// occurrence, it never stops early).
    private struct Matches {
        var found: [Bool]
        var remaining: Int
        let collecting: Bool
        var occurrences: [(needle: Int, start: Int)] = []

        init(needles: [[UInt8]], collecting: Bool) {
            found = needles.map { $0.isEmpty }
            remaining = collecting ? .max : found.filter { !$0 }.count
            self.collecting = collecting
        }

        @inline(__always) func wants(_ needle: Int) -> Bool { collecting || !found[needle] }

        mutating func record(_ needle: Int, at start: Int) {
            if !found[needle] {
                found[needle] = true
                remaining -= 1
            }
            if collecting { occurrences.append((needle, start)) }
        }
    }

    private func search(_ haystack: [UInt8], _ ranges: [Range<Int>], _ matches: inout Matches) {
        let hasShort = !shortByFirst.isEmpty
        haystack.withUnsafeBufferPointer { whole in triples.withUnsafeBufferPointer { triples in keyStarts.withUnsafeBufferPointer { keyStarts in
            ranges: for range in ranges where matches.remaining > 0 {
                let bytes = UnsafeBufferPointer(rebasing: whole[range])
                // The hot loop of a cold run: a rolling 15-bit key, one bit test per byte, no bounds
                // checks; what was found is looked at only where a bit is set.
                var key = 0
                for position in bytes.indices {
                    let byte = bytes[position]
                    key = (key << 5 | Int(byte & 0x1F)) & 0x7FFF
                    if hasShort, shortStarts[Int(byte) >> 6] & (1 << UInt64(byte & 63)) != 0 {
                        for needle in shortByFirst[byte] ?? [] where matches.wants(needle) && occurs(needle, at: position, in: bytes) {
                            matches.record(needle, at: range.lowerBound + position)
                        }
                        if matches.remaining <= 0 { break ranges }
                    }
                    if triples[key >> 6] & (1 << UInt64(key & 63)) != 0, position >= 2 {
                        for entry in Int(keyStarts[key])..<Int(keyStarts[key + 1]) {
                            let (needle, offset) = keyed[entry]
                            guard matches.wants(needle) && occurs(needle, at: position - 2 - offset, in: bytes) else { continue }
                            matches.record(needle, at: range.lowerBound + position - 2 - offset)
                        }
                        if matches.remaining <= 0 { break ranges }
                    }
                }
            }
        } } }
    }

    @inline(__always) private static func triple(_ first: UInt8, _ second: UInt8, _ third: UInt8) -> Int {
        Int(first & 0x1F) << 10 | Int(second & 0x1F) << 5 | Int(third & 0x1F)
    }

    /// Whether needle `index` starts at `start` of `bytes`, ignoring ASCII case.
    private func occurs(_ index: Int, at start: Int, in bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let needle = needles[index]
        guard start >= 0, start + needle.count <= bytes.count else { return false }
        for offset in needle.indices where ByteSearch.lowercase(bytes[start + offset]) != needle[offset] { return false }
        return true
    }
}
