import Foundation

/// Files a fix creates. The tree is not trusted: a created file stays inside the project root,
/// is never written through a symbolic link, and never replaces anything.
public enum FixFiles {
    /// Why `path` (absolute) cannot be created in the project at `root`; nil when it can.
    public static func problem(creating path: String, root: String) -> String? {
        let normalized = Paths.absolute(path)
        guard !path.split(separator: "/").contains(".."), normalized == path,
              let relative = Paths.relative(path, to: root), relative != "." else {
            return "the path is outside the project root"
        }
        var status = stat()
        if lstat(path, &status) == 0 { return "a file of that name exists" }
        let parent = Paths.folder(of: path)
        guard let realParent = realPath(parent), let realRoot = realPath(root) else { return "its folder does not exist" }
        let relativeParent = Paths.folder(of: relative)
        let expected = relativeParent.isEmpty ? realRoot : realRoot + "/" + relativeParent
        guard realParent == expected else { return "its folder is reached through a symbolic link" }
        return nil
    }

    /// Creates `path` with `bytes`, whole or not at all, failing when anything exists there.
    public static func create(_ bytes: [UInt8], at path: String, root: String) throws {
        if let problem = problem(creating: path, root: root) { throw FileSystem.WriteError(path: path, reason: "not created: \(problem)") }
        let directory = Paths.folder(of: path)
        let name = (path as NSString).lastPathComponent
        let temporary = directory + "/" + FileSystem.temporaryPrefix + "\(name)-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw FileSystem.WriteError(path: path, reason: "cannot write a temporary file in \(Paths.display(directory)): \(String(cString: strerror(errno)))")
        }
        defer { unlink(temporary) }
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
            if written < 0, errno == EINTR { continue }
            guard written > 0 else {
                close(descriptor)
                throw FileSystem.WriteError(path: path, reason: "cannot write: \(String(cString: strerror(errno)))")
            }
            offset += written
        }
        let synced = fsync(descriptor) == 0
        close(descriptor)
        guard synced else { throw FileSystem.WriteError(path: path, reason: "cannot write: \(String(cString: strerror(errno)))") }
        // `link` fails when the name exists: nothing created meanwhile is replaced.
        guard link(temporary, path) == 0 else {
            throw FileSystem.WriteError(path: path, reason: "not created: \(errno == EEXIST ? "a file of that name exists" : String(cString: strerror(errno)))")
        }
    }

    /// Creates every file or none: when one cannot be, those made are removed again and nothing
    /// else of the fix should be written.
    public static func createAll(_ files: [(bytes: [UInt8], path: String)], root: String) throws {
        var made: [String] = []
        for file in files {
            do {
                try create(file.bytes, at: file.path, root: root)
                made.append(file.path)
            } catch let error as FileSystem.WriteError {
                for path in made { unlink(path) }
                throw FileSystem.WriteError(path: error.path, reason: error.reason + "; nothing was written")
            }
        }
    }

    private static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}
