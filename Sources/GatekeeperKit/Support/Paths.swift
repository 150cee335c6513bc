import Foundation

/// Paths as reports show them: relative to the current directory, `/`-separated.
public enum Paths {
    /// Read once: gatekeeper never changes folder, and every reported path is made relative to it.
    public static let currentDirectory = normalize(FileManager.default.currentDirectoryPath)

    public static func absolute(_ path: String, relativeTo base: String = currentDirectory) -> String {
        let joined = path.hasPrefix("/") ? path : base + "/" + path
        return normalize(joined)
    }

    /// Resolves `.` and `..` components without touching the file system.
    public static func normalize(_ path: String) -> String {
        if isNormal(path) { return path }
        var parts: [Substring] = []
        for part in path.split(separator: "/", omittingEmptySubsequences: true) {
            if part == "." { continue }
            if part == ".." { if !parts.isEmpty { parts.removeLast() }; continue }
            parts.append(part)
        }
        return "/" + parts.joined(separator: "/")
    }

    /// Already normal: absolute, no empty, `.` or `..` component, no trailing `/` (one byte pass;
    /// most paths are, and splitting every path was a visible share of a cached run).
    private static func isNormal(_ path: String) -> Bool {
        let slash = UInt8(ascii: "/")
        guard path.utf8.first == slash else { return false }
        var length = 0
        var dots = 0
        // A component is bad when empty or made of one or two dots.
        func isBad() -> Bool { length == 0 || (dots == length && length <= 2) }
        for byte in path.utf8.dropFirst() {
            if byte == slash {
                if isBad() { return false }
                (length, dots) = (0, 0)
            } else {
                length += 1
                if byte == UInt8(ascii: ".") { dots += 1 }
            }
        }
        return path.utf8.count == 1 || !isBad()
    }

    /// Whether a folder of `path` (not its last component) is named one of `names` (as bytes).
    /// Compares bytes: discovery and the generated-code test ask it of every file.
    static func hasFolder(_ path: String, namedAnyOf names: [[UInt8]]) -> Bool {
        var utf8 = path.utf8[...]
        while let slash = utf8.firstIndex(of: UInt8(ascii: "/")) {
            let component = utf8[..<slash]
            if names.contains(where: { $0.elementsEqual(component) }) { return true }
            utf8 = utf8[utf8.index(after: slash)...]
        }
        return false
    }

    /// Whether `path` is `base` or below it (no String made: discovery asks it for every file).
    /// The path with every link resolved, when it exists; else the path itself.
    static func realPath(_ path: String) -> String {
        guard let resolved = realpath(path, nil) else { return path }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    public static func isInside(_ path: String, _ base: String) -> Bool {
        guard path.utf8.starts(with: base.utf8) else { return false }
        let rest = path.utf8.dropFirst(base.utf8.count)
        return rest.isEmpty || rest.first == UInt8(ascii: "/") || base.utf8.last == UInt8(ascii: "/")
    }

    /// `path` relative to `base` when it is inside it, else the absolute path.
    public static func relative(_ path: String, to base: String) -> String? {
        let prefix = base.hasSuffix("/") ? base : base + "/"
        if path == base { return "." }
        // The prefix ends at a `/`, so dropping its bytes leaves valid UTF-8 (and costs no Character walk).
        return path.hasPrefix(prefix) ? String(Substring(path.utf8.dropFirst(prefix.utf8.count))) : nil
    }

    /// The folder holding `path`: what comes before its last `/` (`/` at the root, "" for a bare name).
    public static func folder(of path: String) -> String {
        guard let slash = path.utf8.lastIndex(of: UInt8(ascii: "/")) else { return "" }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    /// The folder of `path` and every folder above it, nearest first, up to `/`: where tools look
    /// for the config or manifest that applies to a file. Made one at a time: a look-up that stops
    /// at the first folder it knows makes no more. Byte slicing, not NSString: this runs for every file.
    public static func folders(above path: String) -> some Sequence<String> {
        var rest = Substring(path)
        return AnyIterator { () -> String? in
            guard let slash = rest.utf8.lastIndex(of: UInt8(ascii: "/")) else { return nil }
            let folder = slash == rest.startIndex ? "/" : String(rest[..<slash])
            rest = folder == "/" ? "" : rest[..<slash]
            return folder
        }.lazy
    }

    /// How reports name an absolute path: relative to the current directory when below it.
    public static func display(_ absolutePath: String) -> String {
        relative(absolutePath, to: currentDirectory) ?? absolutePath
    }
}
