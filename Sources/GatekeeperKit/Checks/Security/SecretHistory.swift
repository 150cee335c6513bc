import Foundation

/// `gatekeeper history [REV_RANGE]`: the secrets added by every commit of a range, in every text
/// file, each reported once (at the commit that first added it) with its commit, path and line:
/// what a team runs once on adoption, to know which keys to rotate. One `git log -p` streamed
/// oldest first, never a checkout per commit; each hunk's added lines are scanned as the security
/// check scans a file (Swift by its lexer, other files by their format), memory bounded by a hunk.
public struct SecretHistory {
    let check: SecurityCheck
    /// The repository's work tree root.
    let root: String

    public init?(engine: Engine, root: String) {
        guard let check = engine.checks.lazy.compactMap({ $0 as? SecurityCheck }).first else { return nil }
        (self.check, self.root) = (check, root)
    }

    /// What one hunk of one commit added: its file and first line in that commit, and its lines.
    struct Hunk {
        var commit: String
        var path: String
        var firstLine: Int
        var lines: [String] = []
        var size = 0
    }

    /// The secrets added in `range` (a revision range; nil: all of `HEAD`), oldest first.
    public func scan(range: String?) throws -> [Finding] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git", "-C", root, "-c", "core.quotePath=false", "log", "--reverse", "--no-color", "--no-ext-diff", "--no-renames",
                             "--no-textconv", "-U0", "-p", "--format=%x01%H", range ?? "HEAD", "--"]
        let output = Pipe(), errors = Pipe()
        (process.standardOutput, process.standardError, process.standardInput) = (output, errors, FileHandle.nullDevice)
        try process.run()
        var reader = HistoryReader()
        var found: [Finding] = []
        var seen = Set<String>()
        let handle = output.fileHandleForReading
        while case let chunk = handle.readData(ofLength: 1 << 16), !chunk.isEmpty {
            for hunk in reader.feed(chunk) { found += findings(in: hunk, seen: &seen) }
        }
        for hunk in reader.finish() { found += findings(in: hunk, seen: &seen) }
        let said = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            let reason = said.split(separator: "\n").first.map(String.init) ?? "is this a git repository?"
            throw Git.Failure(description: "git log \(range ?? "HEAD") failed: " + ReportText.escaped(reason))
        }
        return found
    }

    /// The hunk's secrets not reported before (by the secret's own SHA-256, kept in memory only).
    private func findings(in hunk: Hunk, seen: inout Set<String>) -> [Finding] {
        guard TextFiles.skipReason(path: hunk.path, size: hunk.size) == nil else { return [] }
        let bytes = Array(hunk.lines.joined(separator: "\n").utf8)
        guard TextFiles.binaryReason(bytes) == nil else { return [] }
        let absolute = root + "/" + hunk.path
        let isTest = SourcePaths.isTest(hunk.path)
        let display = Paths.display(absolute)
        var findings: [Finding]
        if hunk.path.hasSuffix(".swift") {
            findings = check.secrets.scan(SourceFile(path: display, relativePath: hunk.path, absolutePath: absolute, bytes: bytes), isTest: isTest)
        } else {
            let scanner = ConfigSecretScanner(detectors: check.secrets.detectors, allowValues: check.secrets.allowValues, rule: check.secrets.rule)
            findings = scanner.scan(InputFile(path: display, relativePath: hunk.path, absolutePath: absolute, bytes: bytes), isTest: isTest)
        }
        return findings.compactMap { finding in
            let line = finding.line >= 1 && finding.line <= hunk.lines.count ? hunk.lines[finding.line - 1] : ""
            let utf8 = Array(line.utf8)
            let secret = utf8[min(utf8.count, max(0, finding.column - 1))..<min(utf8.count, max(finding.column - 1, finding.endColumn - 1))]
            guard seen.insert(SHA256.hex(Array(secret))).inserted else { return nil }
            var finding = finding
            finding.line += hunk.firstLine - 1
            finding.endLine += hunk.firstLine - 1
            finding.lineSpan = finding.line...finding.endLine
            finding.relativePath = hunk.path
            finding.extra.append((key: "commit", value: hunk.commit))
            finding.knownLineText = Fingerprint.masked(line)
            finding.fingerprint = Fingerprint.make(finding, lineText: line)
            return finding
        }
    }
}

/// Reads `git log -p -U0 --format=%x01%H` output as it arrives: the added lines of each hunk,
/// with their commit, path and first line.
struct HistoryReader {
    private var pending: [UInt8] = []
    private var commit = ""
    private var path: String?
    private var hunk: SecretHistory.Hunk?
    private var done: [SecretHistory.Hunk] = []

    /// The hunks the chunk completed.
    mutating func feed(_ chunk: Data) -> [SecretHistory.Hunk] {
        pending += chunk
        var start = 0
        while let newline = pending[start...].firstIndex(of: UInt8(ascii: "\n")) {
            line(pending[start..<newline])
            start = newline + 1
        }
        pending.removeFirst(start)
        defer { done.removeAll() }
        return done
    }

    mutating func finish() -> [SecretHistory.Hunk] {
        if !pending.isEmpty { line(pending[...]) }
        close()
        defer { done.removeAll() }
        return done
    }

    private mutating func close() {
        if let hunk, !hunk.lines.isEmpty { done.append(hunk) }
        hunk = nil
    }

    private mutating func line(_ bytes: ArraySlice<UInt8>) {
        guard let first = bytes.first else { return }
        if first == UInt8(ascii: "+"), !bytes.starts(with: "+++ ".utf8) {
            // Past a hunk's size limit its lines are only counted: the file is skipped as too large.
            if var open = hunk {
                open.size += bytes.count
                if open.size <= TextFiles.sizeLimit { open.lines.append(String(decoding: bytes.dropFirst(), as: UTF8.self)) }
                hunk = open
            }
            return
        }
        if first == 0x01 {
            close()
            (commit, path) = (String(decoding: bytes.dropFirst(), as: UTF8.self), nil)
        } else if bytes.starts(with: "diff --git ".utf8) {
            close()
            path = nil
        } else if bytes.starts(with: "+++ ".utf8) {
            let name = String(decoding: bytes.dropFirst(4), as: UTF8.self)
            path = name.hasPrefix("b/") ? String(name.dropFirst(2)) : nil
        } else if bytes.starts(with: "@@ ".utf8) {
            close()
            guard let path else { return }
            // `@@ -a,b +c,d @@`: the added lines start at line c of the new file.
            let header = String(decoding: bytes, as: UTF8.self)
            let plus = header.split(separator: " ").first { $0.hasPrefix("+") }
            let firstLine = plus.flatMap { Int($0.dropFirst().split(separator: ",").first ?? "") } ?? 1
            hunk = SecretHistory.Hunk(commit: commit, path: path, firstLine: max(1, firstLine))
        }
    }
}
