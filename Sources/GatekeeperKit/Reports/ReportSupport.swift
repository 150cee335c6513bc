/// What several report formats share: paths relative to the repository root, occurrence
/// numbers for equal fingerprints, and escaping.
struct ReportPaths: Sendable {
    /// The repository root (absolute), when the run is inside a git work tree.
    var repositoryRoot: String?

    /// The path CI systems expect: relative to the repository root, `/`-separated.
    func path(_ file: String) -> String {
        guard let repositoryRoot else { return file }
        return Paths.relative(Paths.absolute(file), to: repositoryRoot) ?? file
    }

    /// The same path as a URI reference (SARIF's `artifactLocation.uri`): every byte outside
    /// RFC 3986's unreserved characters and `/` percent-encoded.
    func uri(_ file: String) -> String {
        var result = ""
        for byte in path(file).utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"), UInt8(ascii: "/"):
                result.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                result += "%" + (byte < 16 ? "0" : "") + String(byte, radix: 16, uppercase: true)
            }
        }
        return result
    }
}

extension Array where Element == Finding {
    /// For each finding, how many findings before it (in this order) share its file and
    /// fingerprint, plus one: tells apart equal findings on equal lines.
    func occurrences() -> [Int] {
        var seen: [String: Int] = [:]
        return map { finding in
            let key = finding.file + "\u{0}" + finding.fingerprint
            seen[key, default: 0] += 1
            return seen[key]!
        }
    }
}

/// Text from outside (a tool's message, a file's name or line) made safe for a terminal and for
/// line-based formats: control characters (but tab) spelt `\u{1B}`, so no escape sequence runs
/// and no line is forged.
enum ReportText {
    static func escaped(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: isControl) else { return text }
        var result = ""
        for scalar in text.unicodeScalars {
            if isControl(scalar) { result += "\\u{\(String(scalar.value, radix: 16, uppercase: true))}" } else { result.unicodeScalars.append(scalar) }
        }
        return result
    }

    private static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        (scalar.value < 0x20 && scalar != "\t") || (0x7F...0x9F).contains(scalar.value)
    }
}

enum XML {
    static func escape(_ text: String) -> String {
        var result = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&apos;"
            case "\n": result += "&#10;"
            case "\r": result += "&#13;"
            case "\t": result += "&#9;"
            // Control characters are not allowed in XML 1.0 at all.
            case _ where scalar.value < 0x20: result += "?"
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result
    }
}
