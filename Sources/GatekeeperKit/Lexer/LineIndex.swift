import Foundation

/// Where each line of a file starts, for line text and byte-offset lookups. Kept after a
/// file's tokens are dropped, for report source lines and fingerprints.
public struct LineIndex: Sendable {
    public let bytes: [UInt8]
    /// Byte offset of the start of each line; `starts[0]` is line 1.
    public let starts: [Int]

    public init(bytes: [UInt8]) {
        self.bytes = bytes
        var starts = [0]
        bytes.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            // Most files break lines with `\n` alone: `memchr` finds them. A lone `\r` breaks a line too.
            guard memchr(base, 0x0D, buffer.count) != nil else {
                var offset = 0
                while let found = memchr(base + offset, 0x0A, buffer.count - offset) {
                    offset = base.distance(to: found.assumingMemoryBound(to: UInt8.self)) + 1
                    starts.append(offset)
                }
                return
            }
            for index in buffer.indices where buffer[index] == 0x0A || (buffer[index] == 0x0D && (index + 1 == buffer.count || buffer[index + 1] != 0x0A)) {
                starts.append(index + 1)
            }
        }
        self.starts = starts
    }

    /// Line starts the lexer found.
    init(bytes: [UInt8], starts: [Int]) {
        self.bytes = bytes
        self.starts = starts
    }

    public var count: Int { starts.count }

    /// The text of line `line` (1-based), without its line break.
    public func text(of line: Int) -> String {
        guard line >= 1, line <= starts.count else { return "" }
        let start = starts[line - 1]
        var end = line < starts.count ? starts[line] : bytes.count
        while end > start, bytes[end - 1] == 0x0A || bytes[end - 1] == 0x0D { end -= 1 }
        return String(decoding: bytes[start..<end], as: UTF8.self)
    }

    /// Line and column (1-based, UTF-8 bytes) of a byte offset.
    public func location(ofByte offset: Int) -> (line: Int, column: Int) {
        var low = 0
        var high = starts.count - 1
        while low < high {
            let middle = (low + high + 1) / 2
            if starts[middle] <= offset { low = middle } else { high = middle - 1 }
        }
        return (low + 1, offset - starts[low] + 1)
    }
}
