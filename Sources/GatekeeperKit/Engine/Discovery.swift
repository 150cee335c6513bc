import Foundation

/// Finds the files a run looks at: explicit files as given, folders through git's view of
/// the work tree (tracked plus untracked-not-ignored, so `.gitignore` holds) or, outside git,
/// a walk that does not follow symlinked folders (so link loops cannot trap it). Built-in and
/// configured excludes apply to both; `include` globs apply to folder contents.
public struct Discovery {
    public struct File: Sendable {
        public var absolutePath: String
        public var displayPath: String
    }

    public struct PathError: Error, CustomStringConvertible {
        public var description: String
    }

    let configuration: Configuration
    /// File name suffixes to collect from folders.
    let extensions: [String]

    public init(configuration: Configuration, extensions: [String] = [".swift"]) {
        self.configuration = configuration
        self.extensions = extensions
    }

    public func files(for arguments: [String]) throws -> [File] {
        var seen = Set<String>()
        var result: [File] = []
        func add(_ absolute: String, explicit: Bool) {
            guard !seen.contains(absolute), !isExcluded(absolute, explicit: explicit) else { return }
            seen.insert(absolute)
            result.append(File(absolutePath: absolute, displayPath: Paths.display(absolute)))
        }
        for argument in arguments {
            let absolute = Paths.absolute(argument)
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: absolute, isDirectory: &isDirectory) else {
                throw PathError(description: "\(argument): no such file or directory")
            }
            if !isDirectory.boolValue {
                add(absolute, explicit: true)
                continue
            }
            let listed = Self.gitFiles(in: absolute) ?? walk(absolute)
            for path in listed where extensions.contains(where: { path.hasSuffix($0) }) {
                add(path, explicit: false)
            }
        }
        return result.sorted { $0.displayPath < $1.displayPath }
    }

    private func isExcluded(_ absolute: String, explicit: Bool) -> Bool {
        let relative = Paths.relative(absolute, to: configuration.rootDirectory)
        let components = (relative ?? absolute).split(separator: "/")
        if components.dropLast().contains(where: { Configuration.builtInExcludes.contains(String($0)) }) { return true }
        guard let relative else { return false }
        if configuration.exclude.contains(where: { $0.matches(relative) }) { return true }
        if !explicit, !configuration.include.isEmpty, !configuration.include.contains(where: { $0.matches(relative) }) { return true }
        return false
    }

    /// Files under `directory` as git sees them, or nil when it is not in a git work tree.
    static func gitFiles(in directory: String) -> [String]? {
        guard let output = Git.run(["-C", directory, "ls-files", "-z", "--cached", "--others", "--exclude-standard", "--deduplicate"]) else {
            return nil
        }
        var files: [String] = []
        for entry in output.split(separator: 0) {
            let path = directory + "/" + String(decoding: entry, as: UTF8.self)
            // Deleted-but-tracked files are listed too; links to folders are not files.
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue {
                files.append(path)
            }
        }
        return files
    }

    private func walk(_ root: String) -> [String] {
        var files: [String] = []
        var pending = [root]
        while let directory = pending.popLast() {
            guard let entries = try? FileManager.default.contentsOfDirectory(atPath: directory) else { continue }
            for name in entries.sorted() {
                let path = directory + "/" + name
                var status = stat()
                guard lstat(path, &status) == 0 else { continue }
                switch status.st_mode & S_IFMT {
                case S_IFDIR:
                    if !Configuration.builtInExcludes.contains(name) { pending.append(path) }
                case S_IFREG:
                    files.append(path)
                case S_IFLNK:
                    // A link to a file counts; a link to a folder is not followed.
                    var isDirectory: ObjCBool = false
                    if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue {
                        files.append(path)
                    }
                default:
                    break
                }
            }
        }
        return files
    }
}
