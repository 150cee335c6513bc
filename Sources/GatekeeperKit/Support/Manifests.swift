import Foundation

/// What `Package.swift` manifests say: the first-party module names (the `name:` of every
/// target and product) and the package dependencies' URLs. The engine reads the manifests; they
/// are lexed, never run: a gate must not execute code from the tree it checks.
struct Manifests: Sendable {
    struct Manifest: Sendable {
        var modules: Set<String> = []
        var dependencyURLs: [String] = []
        /// Folders of `.testTarget`s: the `path:` given, else the target's name.
        var testFolders: Set<String> = []
        /// Folders of `.target`s and `.executableTarget`s: their `RunTests.swift` is production code.
        var sourceFolders: Set<String> = []
    }

    /// Per folder holding a manifest, what it says.
    private var byDirectory: [String: Manifest] = [:]

    init(_ manifests: [InputFile] = []) {
        for manifest in manifests {
            guard let bytes = manifest.bytes else { continue }
            let directory = (manifest.absolutePath as NSString).deletingLastPathComponent
            byDirectory[directory] = Self.read.value(for: Content(bytes: bytes)) {
                let source = SourceFile(path: manifest.path, bytes: bytes)
                return Manifest(modules: Self.moduleNames(in: source), dependencyURLs: Self.dependencyURLs(in: source),
                                testFolders: Self.testFolders(in: source),
                                sourceFolders: Self.testFolders(in: source, declaredBy: ["target", "executableTarget"]))
            }
        }
    }

    /// What a manifest says depends on its text alone: read once however many checks ask.
    private static let read = Memo<Content, Manifest>()

    /// A manifest's bytes as a key, hashed in one pass (an array hashes byte by byte: milliseconds a run).
    private struct Content: Hashable {
        var bytes: [UInt8]

        func hash(into hasher: inout Hasher) {
            bytes.withUnsafeBytes { hasher.combine(bytes: $0) }
        }
    }

    private static let declarations: Set<String> = [
        "target", "executableTarget", "testTarget", "macro", "plugin", "systemLibrary", "binaryTarget",
        "library", "executable",
    ]

    /// The manifest nearest above `path` (a file), if any.
    func nearest(to path: String) -> Manifest? {
        Paths.folders(above: path).lazy.compactMap { byDirectory[$0] }.first
    }

    /// Whether the Swift file at `absolutePath` lies beside a `Package.swift` (a scratch file, a
    /// fixture, a script at the package's root): in no target unless one is declared with `path: "."`,
    /// so it is built into nothing and ships nowhere.
    func isOutsideTargets(_ absolutePath: String) -> Bool {
        // The folder first: most files lie beside no manifest, and need no name made.
        guard let manifest = byDirectory[Paths.folder(of: absolutePath)],
              !(absolutePath as NSString).lastPathComponent.hasPrefix("Package") else { return false }
        return !manifest.sourceFolders.contains(".") && !manifest.testFolders.contains(".")
    }

    /// Whether `relativePath` is test code: by its path, or under a folder a manifest names as a
    /// test target's (`.testTarget(name: "Specs", path: "Specs")`).
    func isTest(_ relativePath: String, absolutePath: String) -> Bool {
        if SourcePaths.isInTestFolder(relativePath) { return true }
        if SourcePaths.isTestFileName(relativePath) {
            // `Sources/Tool/RunTests.swift` in an executable or library target is that target's code.
            guard let folders = nearest(to: absolutePath)?.sourceFolders, !folders.isEmpty else { return true }
            return !Paths.folder(of: relativePath).split(separator: "/").contains { folders.contains(String($0)) }
        }
        // The same for every file of a folder: found once per folder.
        let folder = Paths.folder(of: relativePath)
        return testTargetFolders.value(for: folder) {
            guard let folders = nearest(to: absolutePath)?.testFolders, !folders.isEmpty else { return false }
            return folder.split(separator: "/").contains { folders.contains(String($0)) }
        }
    }

    /// Whether `file` is test code: by its path (above), or by what it imports wherever it lives: a
    /// test framework (XCTest, Swift Testing, their snapshot and matcher libraries) or a module
    /// `@testable` (`UITestsFoundation/`, a UI-test support framework, is test code).
    func isTest(_ file: SourceFile) -> Bool {
        isTest(file.relativePath, absolutePath: file.absolutePath) || file.importsForTesting(frameworks: SourcePaths.testModules)
    }

    /// Per folder of the project (relative), whether it is in a test target's folder.
    private let testTargetFolders = Memo<String, Bool>()

    /// `.testTarget(name: "X")` and `.testTarget(name: "X", path: "a/Y")`: `X`, `Y`.
    static func testFolders(in manifest: SourceFile, declaredBy declarations: Set<String> = ["testTarget"]) -> Set<String> {
        var folders = Set<String>()
        for index in declarationNames(in: manifest, declarations) {
            guard let dot = manifest.previousCode(before: index), manifest.tokenIs(dot, ".") else { continue }
            guard let open = manifest.nextCode(after: index), manifest.tokenIs(open, "("), let arguments = manifest.arguments(at: open) else { continue }
            let value = { (label: String) in arguments.first { $0.label == label }.flatMap { manifest.literalValue($0.value) } }
            if let folder = value("path").map({ ($0 as NSString).lastPathComponent }) ?? value("name") { folders.insert(folder) }
        }
        return folders
    }

    /// `.package(url: "…", …)`: the URL literals of package dependencies.
    static func dependencyURLs(in manifest: SourceFile) -> [String] {
        manifest.tokens.indices.compactMap { index in
            guard manifest.tokenIs(index, "url"), let colon = manifest.nextCode(after: index), manifest.tokenIs(colon, ":"),
                  let literal = manifest.nextCode(after: colon), let string = manifest.stringLiteral(at: literal), !string.isInterpolated
            else { return nil }
            return string.value
        }
    }

    /// The names in `manifest` that are one of `declarations`: a String is made only for a name of
    /// such a length (this ran for every token of every manifest, serially, before the checks start).
    private static func declarationNames(in manifest: SourceFile, _ declarations: Set<String>) -> [Int] {
        let lengths = Set(declarations.map(\.utf8.count))
        return manifest.words.lazy.map(Int.init).filter { index in
            manifest.tokens[index].kind == .identifier && lengths.contains(manifest.tokens[index].length) && declarations.contains(manifest.text(index))
        }
    }

    /// `.target(name: "X", …)` and friends: the string literal after `name:` in those calls.
    static func moduleNames(in manifest: SourceFile) -> Set<String> {
        var names = Set<String>()
        for index in declarationNames(in: manifest, declarations) {
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
