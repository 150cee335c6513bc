/// What one pass over a file's tokens derives for every check: bracket partners, what encloses
/// each token, where the names, the string literals and the comments are, and the bytes of
/// comments and string text.
struct TokenTables {
    var partner: [Int32] = []
    var enclosing: [Int32] = []
    var enclosingBraces: [Int32] = []
    var words: [Int32] = []
    var imports: [Int32] = []
    var literalStarts: [Int32] = []
    var comments: [Int32] = []
    var commentRanges: [Range<Int>] = []
    var stringTextRanges: [Range<Int>] = []

    init(_ tokens: [Token], _ bytes: [UInt8]) {
        var partner = [Int32](repeating: -1, count: tokens.count)
        var enclosing = [Int32](repeating: -1, count: tokens.count)
        var enclosingBraces = [Int32](repeating: -1, count: tokens.count)
        words.reserveCapacity(tokens.count / 3)
        // Through buffers: the tables are written once per token, with no uniqueness check of an array each time.
        partner.withUnsafeMutableBufferPointer { partner in
            enclosing.withUnsafeMutableBufferPointer { enclosing in
                enclosingBraces.withUnsafeMutableBufferPointer { enclosingBraces in
                    tokens.withUnsafeBufferPointer { tokens in
                        bytes.withUnsafeBufferPointer { bytes in
                            fill(tokens, bytes, partner: partner, enclosing: enclosing, enclosingBraces: enclosingBraces)
                        }
                    }
                }
            }
        }
        (self.partner, self.enclosing, self.enclosingBraces) = (partner, enclosing, enclosingBraces)
    }

    private mutating func fill(_ tokens: UnsafeBufferPointer<Token>, _ bytes: UnsafeBufferPointer<UInt8>, partner: UnsafeMutableBufferPointer<Int32>,
                               enclosing: UnsafeMutableBufferPointer<Int32>, enclosingBraces: UnsafeMutableBufferPointer<Int32>) {
        // Openers awaiting their closer, innermost last, each with what closes it: the bracket's
        // byte, or `stringEnd` / `interpolationEnd` below.
        var pending: [(token: Int32, closer: UInt8)] = []
        // Open brackets, each with the innermost `{` at or below it.
        var brackets: [(open: Int32, brace: Int32)] = []
        let stringEnd: UInt8 = 1, interpolationEnd: UInt8 = 2
        for index in tokens.indices {
            let token = tokens[index]
            var opens: UInt8 = 0
            var closes: UInt8 = 0
            switch token.kind {
            case .punctuation where token.end - token.start == 1:
                switch bytes[Int(token.start)] {
                case UInt8(ascii: "("): opens = UInt8(ascii: ")")
                case UInt8(ascii: "["): opens = UInt8(ascii: "]")
                case UInt8(ascii: "{"): opens = UInt8(ascii: "}")
                case let byte where byte == UInt8(ascii: ")") || byte == UInt8(ascii: "]") || byte == UInt8(ascii: "}"): closes = byte
                default: break
                }
            case .stringStart:
                opens = stringEnd
                literalStarts.append(Int32(index))
            case .error where token.scope == .string: literalStarts.append(Int32(index))
            case .interpolationStart: opens = interpolationEnd
            case .stringEnd: closes = stringEnd
            case .interpolationEnd: closes = interpolationEnd
            case .identifier, .keyword:
                words.append(Int32(index))
                // The one keyword of six bytes that starts with `i`.
                if token.kind == .keyword, token.end - token.start == 6, bytes[Int(token.start)] == UInt8(ascii: "i") { imports.append(Int32(index)) }
            case .stringText: Self.add(token, to: &stringTextRanges)
            default:
                if token.scope == .comment {
                    comments.append(Int32(index))
                    Self.add(token, to: &commentRanges)
                }
            }
            if closes != 0 { Self.pair(closer: index, closes, &pending, partner) }
            if closes > interpolationEnd, partner[index] >= 0 {
                // Unmatched openers inside the pair close with it.
                while let top = brackets.last, top.open >= partner[index] { brackets.removeLast() }
                enclosing[index] = partner[index]
                enclosingBraces[index] = closes == UInt8(ascii: "}") ? partner[index] : brackets.last?.brace ?? -1
                continue
            }
            enclosing[index] = brackets.last?.open ?? -1
            enclosingBraces[index] = brackets.last?.brace ?? -1
            if opens > interpolationEnd {
                brackets.append((Int32(index), opens == UInt8(ascii: "}") ? Int32(index) : brackets.last?.brace ?? -1))
            }
            if opens != 0 { pending.append((Int32(index), opens)) }
        }
    }

    /// A closer pairs with the nearest matching opener among the innermost few (unmatched
    /// openers in between stay -1); the bound keeps broken input linear.
    private static func pair(closer index: Int, _ closes: UInt8, _ pending: inout [(token: Int32, closer: UInt8)],
                             _ partner: UnsafeMutableBufferPointer<Int32>) {
        var position = pending.count - 1
        let floor = max(0, pending.count - 32)
        while position >= floor, pending[position].closer != closes { position -= 1 }
        guard position >= floor else { return }
        let opener = pending[position].token
        pending.removeLast(pending.count - position)
        partner[Int(opener)] = Int32(index)
        partner[index] = opener
    }

    /// Adjacent ranges are joined (a string's text tokens around an escape): fewer, longer scans.
    private static func add(_ token: Token, to ranges: inout [Range<Int>]) {
        if let last = ranges.last, last.upperBound == Int(token.start) {
            ranges[ranges.count - 1] = last.lowerBound..<Int(token.end)
        } else {
            ranges.append(token.range)
        }
    }
}
