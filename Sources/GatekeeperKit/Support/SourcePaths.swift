/// Where a file sits in a project, judged by its path relative to the project root.
enum SourcePaths {
    /// Folders that hold test code, mocks and previews, in SwiftPM and Xcode layouts alike
    /// (a folder whose name ends in one of these: `Tests`, `AppUITests`, `NetworkMocks`, …).
    private static let testFolderSuffixes = [
        "Tests", "Test", "Testing", "TestSupport", "TestUtils", "TestHelpers", "Mocks", "Mock", "Fakes", "Fake", "Stubs",
        "Fixtures", "Preview Content", "PreviewContent", "Previews",
        // Documentation code: SwiftPM snippets and a package's examples never ship.
        "Snippets", "Examples",
    ]
    /// File names of test code, mocks and previews.
    private static let testFileSuffixes = [
        "Tests.swift", "Test.swift", "Mock.swift", "Mocks.swift", "Fake.swift", "Fakes.swift", "Stub.swift", "Stubs.swift", "Previews.swift",
    ]

    /// Test sources: under a test, mock, fixture, preview or example folder (`Tests/`,
    /// `UnitTests/`, `AppUITests/`, `Mocks/`, `Preview Content/`, `Snippets/`, a `…Testing`
    /// module), or named like one (`…Tests.swift`, `…Mock.swift`, `…Previews.swift`).
    static func isTest(_ path: String) -> Bool {
        let components = path.split(separator: "/")
        if components.dropLast().contains(where: { folder in testFolderSuffixes.contains { folder.hasSuffix($0) } }) { return true }
        let name = components.last ?? ""
        return testFileSuffixes.contains { name.hasSuffix($0) }
    }
}
