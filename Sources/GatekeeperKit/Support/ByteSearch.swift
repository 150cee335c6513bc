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

    @inline(__always) static func lowercase(_ byte: UInt8) -> UInt8 {
        byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte | 0x20 : byte
    }

    /// `text`'s bytes lowercased, for needles given in lowercase.
    public static func needle(_ text: String) -> [UInt8] {
        text.utf8.map(lowercase)
    }
}
