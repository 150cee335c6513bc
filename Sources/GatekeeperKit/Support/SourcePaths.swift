/// Where a file sits in a project, judged by its path relative to the project root.
enum SourcePaths {
    /// Folders that hold test code, mocks and previews, in SwiftPM and Xcode layouts alike
    /// (a folder whose name ends in one of these: `Tests`, `AppUITests`, `NetworkMocks`, …).
    private static let testFolderSuffixes = [
        "Tests", "Test", "Testing", "TestSupport", "TestUtils", "TestUtilities", "TestHelpers", "Mocks", "Mock", "Fakes", "Fake", "Stubs",
        "Fixtures", "Preview Content", "PreviewContent", "Previews",
        // Documentation code: SwiftPM snippets and a package's examples never ship.
        "Snippets", "Examples", ".playground", ".xcplaygroundpage", "Playgrounds",
    ]
    /// Test folders by their whole name, in any case: JavaScript's and Python's `__tests__/`,
    /// `_tests_/`, `tests/`, `test/`, `testdata/` (a `Tests` suffix is matched above).
    private static let testFolderNames: Set<String> = [
        "test", "tests", "_tests_", "__tests__", "__mocks__", "__fixtures__", "testdata", "test-data", "test_data", "fixtures",
    ]
    /// Folders of third-party code kept in the tree: package managers' install folders and
    /// vendored copies (`node_modules/`, a bundled Python's `site-packages/` and `lib/python3.9/`,
    /// `vendor/`, `third_party/`, `Pods/`, `Carthage/Checkouts/`, SwiftPM's checkouts).
    private static let vendoredFolderNames: Set<String> = [
        "node_modules", "bower_components", "jspm_packages", "site-packages", "dist-packages", "vendor", "vendored", "third_party",
        "third-party", "thirdparty", "3rdparty", "3rd-party", "pods",
    ]
    /// Modules only test code imports: a file importing one is test or test-support code.
    static let testModules: Set<String> = ["XCTest", "Testing", "XCUIAutomation", "SnapshotTesting", "InlineSnapshotTesting", "Quick", "Nimble"]
    /// File names of test code, mocks and previews.
    private static let testFileSuffixes = [
        "Tests.swift", "Test.swift", "Testing.swift", "Mock.swift", "Mocks.swift", "Fake.swift", "Fakes.swift", "Stub.swift", "Stubs.swift",
        "Previews.swift",
    ]

    /// Test sources: under a test, mock, fixture, preview or example folder (`Tests/`,
    /// `UnitTests/`, `AppUITests/`, `Mocks/`, `Preview Content/`, `Snippets/`, a `…Testing`
    /// module), or named like one (`…Tests.swift`, `…Mock.swift`, `…Previews.swift`).
    static func isTest(_ path: String) -> Bool {
        isTestFileName(path) || isInTestFolder(path)
    }

    /// What the folders above a file say (they are read by name only): found once per folder, as
    /// every check asks it of every file, and a warm run's summary of every file.
    private static func folderTraits(_ path: String) -> (test: Bool, vendored: Bool) {
        traits.value(for: Paths.folder(of: path)) { (readsAsTestFolder(path), readsAsVendored(path)) }
    }

    private static let traits = Memo<String, (test: Bool, vendored: Bool)>()

    /// Named like test code, mocks or previews: `…Tests.swift`, `…Mock.swift`, `Mock….swift`
    /// (`MockURLProtocol.swift`, `Mocks.swift`; not `Mockingbird.swift`).
    static func isTestFileName(_ path: String) -> Bool {
        let bytes = Array(path.utf8)
        if testFileSuffixBytes.contains(where: { endsWith(bytes, at: bytes.count, $0) }) { return true }
        let name = path.utf8.lastIndex(of: UInt8(ascii: "/")).map { path[path.utf8.index(after: $0)...] } ?? path[...]
        return startsWithTestWord(name, ["Mock"])
    }

    /// `MockSession.swift`, `Mocks`, `Mock.swift`, `Stubbed Responses`, `FakeData`; not `Mockingbird`, `Faker`.
    private static func startsWithTestWord(_ name: Substring, _ words: [String]) -> Bool {
        words.contains { word in
            guard name.hasPrefix(word) else { return false }
            let rest = name.dropFirst(word.count)
            guard let next = rest.first else { return true }
            return next.isUppercase || next == " " || next == "." || next == "_" || rest.hasPrefix("s") || rest.hasPrefix("ed") || rest.hasPrefix("bed")
        }
    }

    /// Under a test, mock, fixture, preview or example folder, at any depth; also a folder whose
    /// name starts with Mock, Stub or Fake (`Stubbed Responses/`, `MockData/`).
    static func isInTestFolder(_ path: String) -> Bool {
        folderTraits(path).test
    }

    private static func readsAsTestFolder(_ path: String) -> Bool {
        let folders = path.split(separator: "/").dropLast()
        if folders.contains(where: { startsWithTestWord($0, ["Mock", "Stub", "Fake"]) || testFolderNames.contains($0.lowercased()) }) { return true }
        // Bytes, not Substring.hasSuffix: this runs for every file of every run. No suffix holds a
        // `/`, so a suffix ending at a `/` lies within that folder's name.
        let bytes = Array(path.utf8)
        for end in bytes.indices where bytes[end] == UInt8(ascii: "/") {
            if testFolderSuffixBytes.contains(where: { endsWith(bytes, at: end, $0) }) { return true }
        }
        return false
    }

    private static let testFolderSuffixBytes = testFolderSuffixes.map { Array($0.utf8) }
    private static let testFileSuffixBytes = testFileSuffixes.map { Array($0.utf8) }

    private static func endsWith(_ bytes: [UInt8], at end: Int, _ suffix: [UInt8]) -> Bool {
        end >= suffix.count && bytes[(end - suffix.count)..<end].elementsEqual(suffix)
    }

    /// Third-party code kept in the tree (not the team's): under a package manager's install
    /// folder or a vendored copy at any depth, a bundled Python's library (`lib/python3.9/`), or
    /// the checkouts of Carthage and SwiftPM (`Carthage/Checkouts/`, `.build/checkouts/`,
    /// `SourcePackages/checkouts/`).
    static func isVendored(_ path: String) -> Bool {
        folderTraits(path).vendored
    }

    /// `kitura-net-1.4.3`: a name, a dash and a version of two or three numbers.
    private static func isVersionedCheckout(_ folder: String) -> Bool {
        guard let dash = folder.lastIndex(of: "-"), dash > folder.startIndex else { return false }
        let version = folder[folder.index(after: dash)...].split(separator: ".", omittingEmptySubsequences: false)
        return (2...3).contains(version.count) && version.allSatisfy { !$0.isEmpty && $0.allSatisfy(\.isNumber) }
    }

    private static func readsAsVendored(_ path: String) -> Bool {
        let folders = path.split(separator: "/").dropLast().map { $0.lowercased() }
        for (index, folder) in folders.enumerated() {
            if vendoredFolderNames.contains(folder) { return true }
            if folder == "checkouts", index > 0, ["carthage", ".build", "sourcepackages"].contains(folders[index - 1]) { return true }
            // Swift 3's package manager checked dependencies out to `Packages/Name-1.4.3/`.
            if folder == "packages", index + 1 < folders.count, isVersionedCheckout(folders[index + 1]) { return true }
            if folder.hasPrefix("python"), index > 0, folders[index - 1] == "lib", folder.dropFirst(6).allSatisfy({ $0.isNumber || $0 == "." }) {
                return true
            }
        }
        return false
    }
}
