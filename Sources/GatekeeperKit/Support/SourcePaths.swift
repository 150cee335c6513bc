/// Where a file sits in a project, judged by its path relative to the project root.
enum SourcePaths {
    /// Test sources: under a `Tests` folder or a test-support module (`…Testing`, `…TestSupport`,
    /// `…TestUtils`), or named `…Tests.swift` / `…Test.swift`.
    static func isTest(_ path: String) -> Bool {
        let components = path.split(separator: "/")
        let testFolder = ["Tests", "Test", "Testing", "TestSupport", "TestUtils", "TestHelpers"]
        if components.dropLast().contains(where: { folder in testFolder.contains { folder.hasSuffix($0) } }) { return true }
        let name = components.last ?? ""
        return name.hasSuffix("Tests.swift") || name.hasSuffix("Test.swift")
    }
}
