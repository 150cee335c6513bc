import Foundation

/// The outcome of a check run, for reporters and the exit code.
public struct RunReport: Sendable {
    /// The files looked at, as reports name them.
    public var files: [String]
    /// New findings: not suppressed, not in the baseline; in report order.
    public var findings: [Finding]
    public var suppressed: Int
    /// Findings the baseline absorbed (shown only by formats that mark them, like SARIF).
    public var baselinedFindings: [Finding]
    /// Baseline entries of the files checked that matched no finding (`baseline --prune` drops them).
    public var staleEntries: [Baseline.Entry]
    public var staleBaselineEntries: Int { staleEntries.count }
    public var failOn: Severity
    public var durationMs: Int
    /// Line text of the files, for showing source.
    public var lines: SourceLines
    /// Every unsuppressed finding in the files checked, baselined ones included (what
    /// `gatekeeper baseline` records).
    public var allFindings: [Finding]
    /// The files this run reports on, when it covers only part of the project.
    public var scope: Scope?
    public var baselineApplied: Bool
    /// What checks say about this run (e.g. that a check has nothing to do), for `--verbose`.
    public var notes: [String] = []
    /// The ids of the checks that ran, in order (JUnit lists a passing case for each clean one).
    public var checksRun: [String] = []
    /// The external checks that did not run (`gatekeeper/external-check-failed`): their baseline entries are not judged.
    public var failedTools: Set<String> = []
    /// Findings below this confidence are reported but never fail the run (`--min-confidence`, `minConfidence`).
    public var minConfidence = Confidence.defaultMinimum

    public var filesScanned: Int { files.count }
    public var baselined: Int { baselinedFindings.count }

    /// Findings are read in place (a filtered copy retains every string of each): reports ask these often.
    public func count(_ severity: Severity) -> Int { findings.indices.filter { findings[$0].severity == severity }.count }

    /// Whether a new finding can fail the run: sure enough, whatever its severity.
    public func counts(_ finding: Finding) -> Bool { finding.confidence >= minConfidence }

    /// New findings at or above `failOn` that did not fail the run: below `minConfidence`.
    public var notCounted: Int { findings.indices.filter { findings[$0].severity >= failOn && !counts(findings[$0]) }.count }

    /// 0 when no new finding sure enough reaches `failOn`; else 2 for an error, 1 otherwise.
    public var exitCode: Int32 {
        let failing = findings.indices.filter { findings[$0].severity >= failOn && counts(findings[$0]) }
        if failing.contains(where: { findings[$0].severity == .error }) { return 2 }
        return failing.isEmpty ? 0 : 1
    }
}

/// The lines of the files a report names: those the run analysed, and the others (their results
/// came from the cache) read when a reporter first asks, as only the formats that show source do.
public final class SourceLines: @unchecked Sendable {
    /// The lines the run had; the files read since (nil: unreadable), kept apart so that the
    /// first need no conversion.
    private let given: [String: LineIndex]
    private var read: [String: LineIndex?] = [:]
    private let lock = NSLock()

    init(_ given: [String: LineIndex]) {
        self.given = given
    }

    public subscript(file: String) -> LineIndex? {
        if let lines = given[file] { return lines }
        lock.lock()
        defer { lock.unlock() }
        if let lines = read[file] { return lines }
        let lines = (try? FileSystem.read(Paths.absolute(file))).map(LineIndex.init)
        read[file] = lines
        return lines
    }
}

/// Which findings a run reports: those in some files and, when given, on some lines of them
/// (`--staged`, `--changed-since`, `--changed-lines`). Checks still see the whole tree.
public struct Scope: Sendable {
    /// Absolute paths.
    public var files: Set<String>
    /// Per absolute path, the lines that count; a file without an entry counts whole.
    public var lines: [String: Set<Int>]?

    public init(files: Set<String>, lines: [String: Set<Int>]? = nil) {
        self.files = files
        self.lines = lines
    }

    /// Whether a file (absolute path) is one this run reports on.
    public func covers(_ absolute: String) -> Bool { files.contains(absolute) }

    /// A tool that did not run is every run's problem, whatever files it scopes to.
    func keeps(_ finding: Finding) -> Bool {
        if finding.ruleId == EngineRules.externalCheckFailed.id { return true }
        let absolute = Paths.absolute(finding.file)
        guard files.contains(absolute) else { return false }
        guard let lines, let changed = lines[absolute] else { return true }
        return finding.lineSpan.contains { changed.contains($0) }
    }
}

public enum Fingerprint {
    /// A finding's identity across edits: its rule, file, message and the text of its line with
    /// all whitespace removed, so line shifts and reformatting keep it. Numbers in the message are
    /// masked, since messages may mention other lines ("already imported on line 3"). Equal
    /// findings on equal lines share a fingerprint; the baseline counts them.
    /// A finding that holds a secret (`redactsSource`) is fingerprinted over its line with the
    /// secret material masked (`masked(_:)`): a fingerprint must not let anyone test guesses of a weak secret.
    public static func make(_ finding: Finding, lineText: String) -> String {
        let lineText = finding.redactsSource ? masked(lineText) : lineText
        // Byte loops, not a regex and a Character filter: every finding of every run comes here.
        var bytes = Array(finding.ruleId.utf8) + [0] + Array(finding.relativePath.utf8) + [0]
        var inNumber = false
        for byte in finding.message.utf8 {
            let isDigit = byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
            if !isDigit { bytes.append(byte) } else if !inNumber { bytes.append(UInt8(ascii: "#")) }
            inNumber = isDigit
        }
        bytes.append(0)
        if let digest = finding.secretDigest { bytes += digest.utf8 + [0] }
        if lineText.utf8.allSatisfy({ $0 < 0x80 }) {
            // Most lines: their bytes, less ASCII whitespace.
            bytes += lineText.utf8.lazy.filter { !isASCIIWhitespace(UInt32($0)) }
        } else {
            for scalar in lineText.unicodeScalars {
                let isWhitespace = scalar.isASCII ? isASCIIWhitespace(scalar.value) : scalar.properties.isWhitespace
                if !isWhitespace { bytes.append(contentsOf: String(scalar).utf8) }
            }
        }
        return String(SHA256.hex(bytes).prefix(32))
    }

    /// A line with what could be secret material replaced by `*`: the content of each quoted string
    /// (`"`, `'`), and outside quotes each run of 8 or more characters a key or token is made of.
    /// What stays (the code's shape, short names, punctuation) keeps the fingerprint stable.
    /// Idempotent, so a line stored masked (the cache) fingerprints as the line itself.
    public static func masked(_ line: String) -> String {
        var output: [UInt8] = []
        var run: [UInt8] = []
        var quote: UInt8?
        var (escaped, quoted) = (false, false)
        func flushRun() {
            output += run.count >= 8 ? [UInt8(ascii: "*")] : run
            run.removeAll(keepingCapacity: true)
        }
        for byte in line.utf8 {
            if let open = quote {
                guard escaped || byte != open else {
                    output += quoted ? [UInt8(ascii: "*"), byte] : [byte]
                    (quote, quoted) = (nil, false)
                    continue
                }
                escaped = !escaped && byte == UInt8(ascii: "\\")
                quoted = true
            } else if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") {
                flushRun()
                output.append(byte)
                quote = byte
            } else if isSecretMaterial(byte) {
                run.append(byte)
            } else {
                flushRun()
                output.append(byte)
            }
        }
        if quoted { output.append(UInt8(ascii: "*")) }
        flushRun()
        return String(decoding: output, as: UTF8.self)
    }

    private static func isSecretMaterial(_ byte: UInt8) -> Bool {
        byte >= 0x80 || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || (byte | 0x20 >= UInt8(ascii: "a") && byte | 0x20 <= UInt8(ascii: "z"))
            || "+/=_.~-".utf8.contains(byte)
    }

    private static func isASCIIWhitespace(_ value: UInt32) -> Bool {
        value == 0x20 || (0x09...0x0D).contains(value)
    }
}
