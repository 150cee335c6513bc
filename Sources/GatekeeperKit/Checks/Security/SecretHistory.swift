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
        // A range is a revision, never an option (`--output=…` would have git write a file).
        if let range, range.hasPrefix("-") { throw Git.Failure(description: "history: '\(range)' is not a revision range") }
        // Merges show what they add over their first parent. Files git calls binary are fetched after
        // (`binaryChanges`): a `.gitattributes` marking text binary hides nothing, and `--text` would read every image.
        process.arguments = ["git", "-C", root, "-c", "core.quotePath=false", "log", "--reverse", "--no-color", "--no-ext-diff", "--no-renames",
                             "--no-textconv", "--diff-merges=first-parent", "-U0", "-p", "--format=%x01%H", "--end-of-options",
                             range ?? "HEAD", "--"]
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
        for hunk in reader.finish() + binaryChanges(reader.binaries) { found += findings(in: hunk, seen: &seen) }
        let said = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            let reason = said.split(separator: "\n").first.map(String.init) ?? "is this a git repository?"
            throw Git.Failure(description: "git log \(range ?? "HEAD") failed: " + ReportText.escaped(reason))
        }
        return found
    }

    /// Names of files that are binary whatever their attributes say: not fetched.
    private static let binaryNames = [".png", ".jpg", ".jpeg", ".gif", ".pdf", ".zip", ".ico", ".icns", ".ttf", ".otf", ".woff", ".woff2", ".mp3",
                                      ".mp4", ".mov", ".sqlite", ".a", ".o", ".dylib", ".car", ".psd", ".webp", ".heic", ".tiff", ".bin", ".gz"]

    /// The files of `changes` git showed as binary, read whole from their commits: their sizes first
    /// (`git cat-file --batch-check`), then those within the text size limit, a batch of at most
    /// 32 MiB at a time (`--batch`), so that a history of large binaries is never held at once. Those
    /// that are text after all become one hunk each.
    private func binaryChanges(_ changes: [(commit: String, path: String)]) -> [Hunk] {
        let wanted = changes.filter { change in !Self.binaryNames.contains { change.path.lowercased().hasSuffix($0) } && !change.path.contains("\n") }
        guard !wanted.isEmpty, let sizes = Git.run(["cat-file", "--batch-check=%(objecttype) %(objectsize)"], in: root,
                                                    input: Array(wanted.map { "\($0.commit):\($0.path)\n" }.joined().utf8)) else { return [] }
        let answers = ResultCache.split(sizes[...], at: UInt8(ascii: "\n"))
        var hunks: [Hunk] = []
        var batch: [(commit: String, path: String)] = []
        var total = 0
        for (change, answer) in zip(wanted, answers) {
            let parts = answer.split(separator: UInt8(ascii: " "))
            guard parts.count == 2, parts[0].elementsEqual("blob".utf8), let size = Int(String(decoding: parts[1], as: UTF8.self)),
                  size <= TextFiles.sizeLimit else { continue }
            if total + size > Self.batchBytes, !batch.isEmpty {
                hunks += blobs(batch)
                (batch, total) = ([], 0)
            }
            batch.append(change)
            total += size
        }
        return hunks + blobs(batch)
    }

    private static let batchBytes = 32 << 20

    /// The blobs of `changes` (each within the size limit) that are text, one hunk each.
    private func blobs(_ changes: [(commit: String, path: String)]) -> [Hunk] {
        guard !changes.isEmpty, let output = Git.run(["cat-file", "--batch"], in: root,
                                                      input: Array(changes.map { "\($0.commit):\($0.path)\n" }.joined().utf8)) else { return [] }
        var hunks: [Hunk] = []
        var position = 0
        for change in changes {
            guard let newline = output[position...].firstIndex(of: UInt8(ascii: "\n")) else { break }
            let header = String(decoding: output[position..<newline], as: UTF8.self).split(separator: " ")
            position = newline + 1
            guard header.count == 3, header[1] == "blob", let size = Int(header[2]), position + size <= output.count else { continue }
            let blob = Array(output[position..<(position + size)])
            position += size + 1
            guard size <= TextFiles.sizeLimit, TextFiles.binaryReason(blob) == nil else { continue }
            let lines = String(decoding: blob, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            hunks.append(Hunk(commit: change.commit, path: change.path, firstLine: 1, lines: lines, size: size))
        }
        return hunks
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
            // Lines added inside a multi-line string are lexed out of context: provider formats are read line by line too.
            findings += check.configSecrets.scan(InputFile(path: display, relativePath: hunk.path, absolutePath: absolute, bytes: bytes), isTest: true)
        } else {
            findings = check.configSecrets.scan(InputFile(path: display, relativePath: hunk.path, absolutePath: absolute, bytes: bytes), isTest: isTest)
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
    /// Between `diff --git` and the first `@@`: where `+++ b/path` names the file (later, `+++` is an added line).
    private var inHeader = false
    private var done: [SecretHistory.Hunk] = []
    /// Files git showed as `Binary files … differ`, by commit: read afterwards.
    private(set) var binaries: [(commit: String, path: String)] = []

    /// How far `pending` is known to hold no line break: a line of megabytes (a minified file)
    /// arrives in many chunks, and each is searched once.
    private var searched = 0

    /// The hunks the chunk completed.
    mutating func feed(_ chunk: Data) -> [SecretHistory.Hunk] {
        pending += chunk
        var start = 0
        while let newline = pending[max(start, searched)...].firstIndex(of: UInt8(ascii: "\n")) {
            // A line past any hunk's limit is only counted (its file is skipped as too large).
            if newline - start <= TextFiles.sizeLimit { line(pending[start..<newline]) } else { tooLong(newline - start) }
            start = newline + 1
        }
        pending.removeFirst(start)
        searched = pending.count
        defer { done.removeAll() }
        return done
    }

    private mutating func tooLong(_ count: Int) {
        hunk?.size += count
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
        if first == UInt8(ascii: "+"), !(inHeader && bytes.starts(with: "+++ ".utf8)) {
            // Past a hunk's size limit its lines are only counted: the file is skipped as too large.
            // In place: a copy of the hunk would copy its lines for every line added.
            hunk?.size += bytes.count
            if let size = hunk?.size, size <= TextFiles.sizeLimit { hunk?.lines.append(String(decoding: bytes.dropFirst(), as: UTF8.self)) }
            return
        }
        if first == 0x01 {
            close()
            (commit, path) = (String(decoding: bytes.dropFirst(), as: UTF8.self), nil)
        } else if bytes.starts(with: "diff --git ".utf8) {
            close()
            (path, inHeader) = (nil, true)
        } else if inHeader, bytes.starts(with: "Binary files ".utf8) {
            // `Binary files a/x and b/y differ` (`/dev/null` when deleted).
            let text = String(decoding: bytes, as: UTF8.self)
            if let and = text.range(of: " and ", options: .backwards), text.hasSuffix(" differ") {
                let name = Self.unquoted(String(text[and.upperBound..<text.index(text.endIndex, offsetBy: -7)]))
                if name.hasPrefix("b/") { binaries.append((commit, String(name.dropFirst(2)))) }
            }
        } else if inHeader, bytes.starts(with: "+++ ".utf8) {
            let name = Self.unquoted(String(decoding: bytes.dropFirst(4), as: UTF8.self))
            path = name.hasPrefix("b/") ? String(name.dropFirst(2)) : nil
        } else if bytes.starts(with: "@@ ".utf8) {
            close()
            inHeader = false
            guard let path else { return }
            // `@@ -a,b +c,d @@`: the added lines start at line c of the new file.
            let header = String(decoding: bytes, as: UTF8.self)
            let plus = header.split(separator: " ").first { $0.hasPrefix("+") }
            let firstLine = plus.flatMap { Int($0.dropFirst().split(separator: ",").first ?? "") } ?? 1
            hunk = SecretHistory.Hunk(commit: commit, path: path, firstLine: max(1, firstLine))
        }
    }

    /// A path as git prints it: a name with a space ends in a tab; one with `"`, `\` or a control
    /// character is quoted C-style (`"b/a\"q.env"`, octal escapes for other bytes).
    static func unquoted(_ name: String) -> String {
        var name = name
        while name.hasSuffix("\t") { name.removeLast() }
        guard name.count >= 2, name.hasPrefix("\""), name.hasSuffix("\"") else { return name }
        var bytes: [UInt8] = []
        var input = Array(name.utf8.dropFirst().dropLast())[...]
        while let byte = input.popFirst() {
            guard byte == UInt8(ascii: "\\"), let next = input.popFirst() else { bytes.append(byte); continue }
            switch next {
            case UInt8(ascii: "t"): bytes.append(0x09)
            case UInt8(ascii: "n"): bytes.append(0x0A)
            case UInt8(ascii: "0")...UInt8(ascii: "7"):
                var value = Int(next - UInt8(ascii: "0"))
                for _ in 0..<2 where input.first.map({ (UInt8(ascii: "0")...UInt8(ascii: "7")).contains($0) }) ?? false {
                    value = value * 8 + Int(input.removeFirst() - UInt8(ascii: "0"))
                }
                bytes.append(UInt8(truncatingIfNeeded: value))
            default: bytes.append(next)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
