import Foundation

/// The few git questions gatekeeper asks: staged content, changed files and lines, the
/// repository root. Paths git prints are relative to the repository root; these answers are
/// absolute paths.
public enum Git {
    /// Runs git with `arguments`; nil when git is missing or fails (e.g. not a repository).
    /// `trusting`: for read-only listing of a repository git refuses because another user owns
    /// it (`safe.directory`); nothing of the repository's own config may run code then.
    /// `input`: written to git's standard input (e.g. `cat-file --batch` requests).
    public static func run(_ arguments: [String], in directory: String? = nil, trusting: Bool = false, input: [UInt8]? = nil) -> [UInt8]? {
        runCapturing(arguments, in: directory, trusting: trusting, input: input).output
    }

    /// Git's output when it succeeds, and what it wrote on standard error.
    static func runCapturing(_ arguments: [String], in directory: String?, trusting: Bool = false,
                             input: [UInt8]? = nil) -> (output: [UInt8]?, error: String) {
        let trust = trusting ? ["-c", "safe.directory=*", "-c", "core.fsmonitor=false"] : []
        // Git's own -C, not a folder for the process: no shell is started to enter it.
        guard let outcome = try? ToolProcess.run("git", arguments: trust + (directory.map { ["-C", $0] } ?? []) + arguments, in: nil,
                                                 input: input, timeoutSeconds: nil) else {
            return (nil, "git cannot be run")
        }
        return (outcome.ending == .exit(0) ? outcome.standardOutput : nil, String(decoding: outcome.standardError, as: UTF8.self))
    }

    /// Whether git refused the repository at `directory` because another user owns it, from what
    /// it said on standard error; said once per run.
    static func refusesOwnership(_ directory: String, error: String) -> Bool {
        guard error.contains("dubious ownership") || error.contains("safe.directory") else { return false }
        ownershipNote.sayOnce(directory)
        return true
    }

    private static let ownershipNote = OnceNote()

    private final class OnceNote: @unchecked Sendable {
        private var said = false
        private let lock = NSLock()
        func sayOnce(_ directory: String) {
            lock.lock()
            defer { lock.unlock() }
            guard !said else { return }
            said = true
            StandardStream.error.send("note: git refuses \(Paths.display(directory)) (another user owns it; see git's safe.directory); "
                                      + "listing its files through git anyway, so .gitignore still applies\n")
        }
    }

    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    private static func text(_ arguments: [String], in directory: String) throws -> String {
        guard let output = run(arguments, in: directory) else {
            throw Failure(description: "git \(arguments.joined(separator: " ")) failed (is this a git repository?)")
        }
        return String(decoding: output, as: UTF8.self)
    }

    private static func paths(_ arguments: [String], root: String) throws -> [String] {
        guard let output = run(arguments, in: root) else {
            throw Failure(description: "git \(arguments.joined(separator: " ")) failed (is this a git repository?)")
        }
        return output.split(separator: 0).map { root + "/" + String(decoding: $0, as: UTF8.self) }
    }

    /// The work tree's root, spelt from `directory` (not with links resolved, so paths below it
    /// stay comparable with the current folder's).
    /// Asked once per folder and run (the config, `--staged` and the CI reports all ask).
    public static func repositoryRoot(from directory: String) -> String? {
        roots.value(for: directory) {
            guard let output = run(["rev-parse", "--show-cdup"], in: directory) else { return nil }
            let up = String(decoding: output, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            return Paths.absolute(up, relativeTo: Paths.absolute(directory))
        }
    }

    private static let roots = Memo<String, String?>()

    /// Files added, copied, modified or renamed in the index.
    public static func stagedFiles(root: String) throws -> [String] {
        try paths(["diff", "--cached", "--name-only", "-z", "--diff-filter=ACMRT"], root: root)
    }

    /// Files whose working-tree content differs from the index.
    public static func filesWithUnstagedChanges(root: String) throws -> Set<String> {
        Set(try paths(["diff", "--name-only", "-z"], root: root))
    }

    /// The index content of each of `paths` (absolute), from one `git cat-file --batch` (one
    /// process for a commit's files, not one each); a path git cannot give is absent.
    public static func stagedContents(of paths: [String], root: String) -> [String: [UInt8]] {
        let requested = paths.compactMap { path in Paths.relative(path, to: root).map { (path, $0) } }.filter { !$0.1.contains("\n") }
        guard !requested.isEmpty,
              let output = run(["cat-file", "--batch"], in: root, input: Array(requested.map { ":" + $0.1 + "\n" }.joined().utf8)) else { return [:] }
        var contents: [String: [UInt8]] = [:]
        var position = 0
        for (path, _) in requested {
            // `<object> blob <size>\n<content>\n`, or `<request> missing\n`.
            guard let newline = output[position...].firstIndex(of: UInt8(ascii: "\n")) else { break }
            let header = String(decoding: output[position..<newline], as: UTF8.self).split(separator: " ")
            position = newline + 1
            guard header.count == 3, header[1] == "blob", let size = Int(header[2]), position + size <= output.count else { continue }
            contents[path] = Array(output[position..<(position + size)])
            position += size + 1
        }
        return contents
    }

    public static func stage(_ paths: [String], root: String) throws {
        _ = try text(["add", "--"] + paths, in: root)
    }

    public static func mergeBase(_ reference: String, root: String) throws -> String {
        let base = try text(["merge-base", reference, "HEAD"], in: root).trimmingCharacters(in: .whitespacesAndNewlines)
        guard !base.isEmpty else { throw Failure(description: "no merge base between \(reference) and HEAD") }
        return base
    }

    /// Files changed between `base` and the working tree, untracked ones included.
    public static func changedFiles(since base: String, root: String) throws -> Set<String> {
        Set(try paths(["diff", "--name-only", "-z", "--diff-filter=ACMRT", base], root: root)
            + paths(["ls-files", "-z", "--others", "--exclude-standard"], root: root))
    }

    /// Per changed file, the lines (of the working-tree version) added or modified since `base`;
    /// untracked files are absent (all of their lines are new).
    public static func changedLines(since base: String, root: String) throws -> [String: Set<Int>] {
        let diff = try text(["-c", "core.quotePath=false", "diff", "-U0", "--no-color", "--no-ext-diff", "--no-renames", "--diff-filter=ACMRT", base], in: root)
        var result: [String: Set<Int>] = [:]
        var current: String?
        for line in diff.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("+++ ") {
                // git ends names holding spaces with a tab.
                let name = line.dropFirst(4).trimmingCharacters(in: CharacterSet(charactersIn: "\t"))
                current = name == "/dev/null" ? nil : root + "/" + (name.hasPrefix("b/") ? String(name.dropFirst(2)) : name)
                if let current { result[current, default: []] = result[current] ?? [] }
            } else if line.hasPrefix("@@"), let current {
                // `@@ -a,b +c,d @@`: lines c ..< c+d of the new file are added or changed.
                let parts = line.split(separator: " ")
                guard parts.count >= 3, parts[2].hasPrefix("+") else { continue }
                let numbers = parts[2].dropFirst().split(separator: ",").compactMap { Int($0) }
                guard let start = numbers.first else { continue }
                let count = numbers.count > 1 ? numbers[1] : 1
                if count > 0 { result[current, default: []].formUnion(start..<(start + count)) }
            }
        }
        return result
    }
}
