import Foundation

/// Paths as reports show them: relative to the current directory, `/`-separated.
public enum Paths {
    public static var currentDirectory: String { FileManager.default.currentDirectoryPath }

    public static func absolute(_ path: String, relativeTo base: String = currentDirectory) -> String {
        let joined = path.hasPrefix("/") ? path : base + "/" + path
        return normalize(joined)
    }

    /// Resolves `.` and `..` components without touching the file system.
    public static func normalize(_ path: String) -> String {
        var parts: [Substring] = []
        for part in path.split(separator: "/", omittingEmptySubsequences: true) {
            if part == "." { continue }
            if part == ".." { if !parts.isEmpty { parts.removeLast() }; continue }
            parts.append(part)
        }
        return "/" + parts.joined(separator: "/")
    }

    /// `path` relative to `base` when it is inside it, else the absolute path.
    public static func relative(_ path: String, to base: String) -> String? {
        let prefix = base.hasSuffix("/") ? base : base + "/"
        if path == base { return "." }
        return path.hasPrefix(prefix) ? String(path.dropFirst(prefix.count)) : nil
    }

    /// The folder of `path` and every folder above it, nearest first, up to `/`: where tools look
    /// for the config or manifest that applies to a file.
    public static func folders(above path: String) -> [String] {
        // Byte slicing, not NSString: this runs for every file of every run.
        var folders: [String] = []
        var rest = Substring(path)
        while let slash = rest.utf8.lastIndex(of: UInt8(ascii: "/")) {
            let folder = slash == rest.startIndex ? "/" : String(rest[..<slash])
            folders.append(folder)
            if folder == "/" { break }
            rest = rest[..<slash]
        }
        return folders
    }

    /// How reports name an absolute path: relative to the current directory when below it.
    public static func display(_ absolutePath: String) -> String {
        relative(absolutePath, to: normalize(currentDirectory)) ?? absolutePath
    }
}
