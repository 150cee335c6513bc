/// Which files of a tree are text worth reading for secrets, besides Swift: not lock files
/// (hashes and URLs of dependencies), not binaries, not large files.
enum TextFiles {
    /// Larger text files are generated data (a minified bundle, a corpus), not configuration.
    static let sizeLimit = 1 << 20

    /// Lock files record dependencies' checksums, which look like keys and are none.
    private static let lockFiles: Set<String> = [
        "Package.resolved", "Podfile.lock", "Cartfile.resolved", "Gemfile.lock", "package-lock.json", "yarn.lock", "pnpm-lock.yaml",
        "Cargo.lock", "composer.lock", "poetry.lock", "Pipfile.lock", "mix.lock", "go.sum", "flake.lock", "Mintfile.lock",
    ]

    /// Why the file at `path` is skipped by its name or size (when known); nil to read it.
    static func skipReason(path: String, size: Int?) -> String? {
        let name = path.utf8.lastIndex(of: UInt8(ascii: "/")).map { String(path[path.index(after: $0)...]) } ?? path
        if lockFiles.contains(name) || name.hasSuffix(".lock") { return "a lock file" }
        if let size, size > sizeLimit { return "larger than \(sizeLimit >> 20) MiB" }
        return nil
    }

    /// Why read bytes are no text: a NUL byte in the first 8 KiB, as git and grep decide.
    static func binaryReason(_ bytes: [UInt8]) -> String? {
        bytes.prefix(8192).contains(0) ? "binary" : nil
    }
}
