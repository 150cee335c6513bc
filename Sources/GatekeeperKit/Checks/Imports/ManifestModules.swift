import Foundation

/// First-party module names from `Package.swift` manifests: the `name:` of every target and
/// product declaration. The engine reads the manifests; they are lexed, never run: a gate must
/// not execute code from the tree it checks.
struct ManifestModules: Sendable {
    /// Per folder holding a manifest, its modules.
    private var byDirectory: [String: Set<String>] = [:]

    init(manifests: [InputFile] = []) {
        for manifest in manifests {
            guard let bytes = manifest.bytes else { continue }
            let directory = (manifest.absolutePath as NSString).deletingLastPathComponent
            byDirectory[directory] = Self.moduleNames(in: SourceFile(path: manifest.path, bytes: bytes))
        }
    }

    private static let declarations: Set<String> = [
        "target", "executableTarget", "testTarget", "macro", "plugin", "systemLibrary", "binaryTarget",
        "library", "executable",
    ]

    /// Modules of the manifest nearest above `path` (a file), or none.
    func modules(near path: String) -> Set<String> {
        var directory = (path as NSString).deletingLastPathComponent
        while !directory.isEmpty {
            if let modules = byDirectory[directory] { return modules }
            if directory == "/" { break }
            directory = (directory as NSString).deletingLastPathComponent
        }
        return []
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
