import Foundation

/// First-party module names read from the nearest `Package.swift`: the `name:` of every
/// target and product declaration. The manifest is lexed, never run: a gate must not execute
/// code from the tree it checks.
final class ManifestModules: @unchecked Sendable {
    private var cache: [String: Set<String>] = [:]
    private let lock = NSLock()

    private static let declarations: Set<String> = [
        "target", "executableTarget", "testTarget", "macro", "plugin", "systemLibrary", "binaryTarget",
        "library", "executable",
    ]

    /// Modules of the manifest nearest to `path` (a file), or none.
    func modules(near path: String) -> Set<String> {
        var directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
        var visited: [String] = []
        while true {
            lock.lock()
            let known = cache[directory]
            lock.unlock()
            if let known { return remember(known, for: visited) }
            visited.append(directory)
            let manifest = directory + "/Package.swift"
            if FileManager.default.fileExists(atPath: manifest) {
                let bytes = (try? FileSystem.read(manifest)) ?? []
                return remember(Self.moduleNames(in: SourceFile(path: manifest, bytes: bytes)), for: visited)
            }
            let parent = URL(fileURLWithPath: directory).deletingLastPathComponent().path
            if parent == directory || directory.isEmpty { return remember([], for: visited) }
            directory = parent
        }
    }

    private func remember(_ modules: Set<String>, for directories: [String]) -> Set<String> {
        lock.lock()
        for directory in directories { cache[directory] = modules }
        lock.unlock()
        return modules
    }

    /// `.target(name: "X", …)` and friends: the string literal after `name:` in those calls.
    static func moduleNames(in manifest: SourceFile) -> Set<String> {
        var names = Set<String>()
        for index in manifest.tokens.indices where manifest.tokens[index].kind == .identifier
            && declarations.contains(manifest.text(index)) {
            guard let dot = manifest.previousCode(before: index), manifest.tokenIs(dot, "."),
                  let open = manifest.nextCode(after: index), manifest.tokenIs(open, "("),
                  let label = manifest.nextCode(after: open), manifest.tokenIs(label, "name"),
                  let colon = manifest.nextCode(after: label), manifest.tokenIs(colon, ":"),
                  let literal = manifest.nextCode(after: colon),
                  let string = manifest.stringLiteral(at: literal), !string.isInterpolated else { continue }
            names.insert(string.value)
        }
        return names
    }
}
