import Foundation
import XCTest

@testable import GatekeeperKit

final class ImportsTests: XCTestCase {
    private static let styles = ["{}", "{ style: \"swiftformat\" }", "{ style: \"sections\" }"]

    private func check(_ options: String) throws -> ImportsCheck {
        let members = try JSON5Parser.parse(options).objectValue ?? []
        let checkOptions = CheckOptions(members: members, keyPath: "checks.imports")
        let check = try ImportsCheck(options: checkOptions)
        try checkOptions.finish()
        return check
    }

    private func source(_ text: String, path: String = "/virtual/File.swift") -> SourceFile {
        SourceFile(path: path, bytes: Array(text.utf8))
    }

    private func fixed(_ options: String, _ text: String, rules: String = "{}") throws -> String {
        try TestSupport.fixImports(text, options: options, rules: rules)
    }

    // MARK: - Golden files

    func testGoldenFixes() throws {
        let root = TestSupport.fixtures.appendingPathComponent("imports")
        let cases = try FileManager.default.contentsOfDirectory(atPath: root.path).sorted()
        XCTAssertGreaterThanOrEqual(cases.count, 15)
        for name in cases {
            let directory = root.appendingPathComponent(name)
            let options = (try? String(contentsOf: directory.appendingPathComponent("config.json5"), encoding: .utf8)) ?? "{}"
            let inputPath = directory.appendingPathComponent("input.swift").path
            let input = try FileSystem.read(inputPath)
            let expected = try FileSystem.read(directory.appendingPathComponent("expected.swift").path)
            let configuration = try TestSupport.configuration("{ checks: { imports: \(options) } }")
            let run = try TestSupport.fix([inputPath: input], configuration: configuration, only: ["imports"])
            let output = run.files.first?.fixed ?? input
            XCTAssertEqual(String(decoding: output, as: UTF8.self), String(decoding: expected, as: UTF8.self), "\(name): fix output")
            // Check and fix agree: every case here reorders or removes an import, so a finding
            // exactly when the fix changes the file (the suppressed case keeps a suppressed
            // finding and its run). Layout alone is covered by testSwiftFormatStyleReportsOrderNotLayout.
            let findings = try TestSupport.run([inputPath: String(decoding: input, as: UTF8.self)], configuration: configuration, only: ["imports"]).findings
            if name != "suppressed" {
                XCTAssertEqual(!findings.isEmpty, input != expected, "\(name): findings \(findings.map(\.message))")
            }
            let expectedFindings = try TestSupport.run([inputPath: String(decoding: expected, as: UTF8.self)], configuration: configuration, only: ["imports"])
            XCTAssertEqual(expectedFindings.findings.map(\.message), [], "\(name): expected output still has findings")
            XCTAssertEqual(run.report.findings.filter(\.fixable).map(\.message), [], "\(name): fixable findings remain after the fix")
            XCTAssertTrue(try TestSupport.fix([inputPath: expected], configuration: configuration, only: ["imports"]).files.isEmpty,
                          "\(name): fixing the fixed file changes it")
        }
    }

    // MARK: - Messages and positions

    func testOrderFindingPointsAtFirstMisplacedImport() throws {
        let findings = try check("{}").analyze(source("import Alpha\nimport Gamma\nimport Beta\n")).findings
        XCTAssertEqual(findings.map(\.ruleId), ["imports/order"])
        XCTAssertEqual(findings.first?.message, "`import Beta` should come before `import Gamma` (swift-format style)")
        XCTAssertEqual(findings.first?.line, 2)
    }

    func testDuplicateMessages() throws {
        let text = """
        import Foundation
        import Foundation
        import struct Foundation.Date
        import Logging
        @testable import Logging
        public import Metrics
        import Metrics
        """
        let findings = try check("{}").analyze(source(text)).findings.filter { $0.ruleId == "imports/duplicate" }
        XCTAssertEqual(findings.map(\.line), [2, 3, 4, 7])
        XCTAssertEqual(findings.map(\.message), [
            "duplicate `import Foundation` (already imported on line 1)",
            "`import struct Foundation.Date` is redundant: `import Foundation` (line 1) imports the whole module",
            "`import Logging` is redundant beside `@testable import Logging` (line 5)",
            "`import Metrics` is redundant beside `public import Metrics` (line 6); keeping the wider access level",
        ])
    }

    func testSwiftFormatIsCaseSensitive() throws {
        // swift-format compares by code point: uppercase before lowercase.
        XCTAssertEqual(try fixed("{}", "import alpha\nimport Beta\n"), "import Beta\nimport alpha\n")
        XCTAssertEqual(try fixed("{ style: \"swiftformat\" }", "import Beta\nimport alpha\n"), "import alpha\nimport Beta\n")
    }

    func testSwiftFormatStyleReportsOrderNotLayout() throws {
        // As `swift format lint`: sorted imports pass whatever their blank lines; `fix` regroups.
        let text = "import XCTest\n@testable import GRDB\n\nimport A\n"
        let check = try check("{}")
        XCTAssertEqual(check.analyze(source("import A\nimport XCTest\n@testable import GRDB\n")).findings.count, 0)
        // `fix` changes only what `check` reports: sorted imports keep their layout in this style.
        XCTAssertEqual(try fixed("{}", "import A\nimport XCTest\n@testable import GRDB\n"), "import A\nimport XCTest\n@testable import GRDB\n")
        XCTAssertEqual(try fixed("{}", "import XCTest\n@testable import GRDB\nimport A\n"), "import A\nimport XCTest\n\n@testable import GRDB\n")
        XCTAssertEqual(check.analyze(source(text)).findings.map(\.message), ["`import A` should come before `import XCTest` (swift-format style)"])
        // The sections style, like isort --check, reports layout too.
        XCTAssertEqual(try self.check("{ style: \"sections\" }").analyze(source("import Foundation\nimport Vapor\n")).findings.count, 1)
    }

    func testDuplicatesStayWhenTheirRuleIsOff() throws {
        XCTAssertEqual(try fixed("{}", "import B\nimport A\nimport B\n", rules: "{ \"imports/duplicate\": \"off\" }"), "import A\nimport B\nimport B\n")
    }

    func testOrderStaysWhenItsRuleIsOff() throws {
        // Only the duplicate goes: the imports are not reordered (issue: fix reordered them).
        let text = "import Foundation\nimport Dispatch\nimport Foundation\n"
        XCTAssertEqual(try fixed("{}", text, rules: "{ \"imports/order\": \"off\" }"), "import Foundation\nimport Dispatch\n")
        XCTAssertEqual(try fixed("{}", text), "import Dispatch\nimport Foundation\n")
    }

    func testARemovedDuplicateKeepsItsComments() throws {
        let text = "import A\n// why B\nimport B\n// about A again\nimport A // trailing\n"
        XCTAssertEqual(try fixed("{}", text, rules: "{ \"imports/order\": \"off\" }"),
                       "// about A again\nimport A // trailing\n// why B\nimport B\n")
        XCTAssertEqual(try fixed("{}", "import A; import B; import A\n", rules: "{ \"imports/order\": \"off\" }"), "import A; import B\n")
    }

    func testImportInsideAnIfBlockIsNoAttributeOfTheNextImport() throws {
        let text = "#if os(Linux)\n@preconcurrency import Glibc\n#endif\nimport Zeta\nimport Alpha\n"
        XCTAssertEqual(try fixed("{}", text), "#if os(Linux)\n@preconcurrency import Glibc\n#endif\nimport Alpha\nimport Zeta\n")
    }

    func testImportsInsideTypesAreNotTouched() throws {
        let text = "struct S {\n    import B\n    import A\n}\n"
        XCTAssertTrue(try check("{}").analyze(source(text)).findings.isEmpty)
    }

    func testCodeBetweenImportsIsNeverMoved() throws {
        let text = "import B\nlet x = 1\nimport A\n"
        XCTAssertEqual(try fixed("{}", text), text)
    }

    func testBadOptionsAreConfigurationErrors() {
        XCTAssertThrowsError(try check("{ style: \"alphabetical\" }"))
        XCTAssertThrowsError(try check("{ style: \"swiftformat\", importGrouping: \"random\" }"))
        XCTAssertThrowsError(try check("{ sections: [\"system\", \"vendor\"] }"))
        XCTAssertThrowsError(try check("{ stile: \"swift-format\" }")) { error in
            XCTAssertEqual("\(error)", "unknown key checks.imports.stile (did you mean 'style'?)")
        }
    }

    func testFirstPartyModulesComeFromTheManifestByLexingIt() {
        let manifest = SourceFile(path: "Package.swift", bytes: Array("""
        let package = Package(name: "Pkg", products: [.library(name: "Lib", targets: ["Core"])],
            targets: [.target(name: "Core"), .executableTarget(name: "tool"), .testTarget(name: "CoreTests"),
                      .macro(name: "Macros")])
        """.utf8))
        XCTAssertEqual(Manifests.moduleNames(in: manifest), ["Lib", "Core", "tool", "CoreTests", "Macros"])
    }

    // MARK: - Properties

    /// What a fix must preserve: the tokens outside import runs byte for byte, every comment,
    /// and the imports except removed duplicates.
    private struct Skeleton: Equatable {
        var outside: [String]
        var comments: [String]
        var imports: [String]
    }

    private func skeleton(_ file: SourceFile) -> Skeleton {
        let runs = ImportRunParser.runs(in: file, blankLinesSeparateRuns: true)
            + ImportRunParser.runs(in: file, blankLinesSeparateRuns: false)
        let ranges = runs.map(\.byteRange)
        var outside: [String] = []
        var comments: [String] = []
        for (index, token) in file.tokens.enumerated() where token.kind != .whitespace && token.kind != .newline {
            let inRun = ranges.contains { $0.contains(Int(token.start)) }
            if token.isComment {
                comments.append(file.text(index).trimmingCharacters(in: .whitespaces))
            } else if !inRun {
                outside.append(file.text(index))
            }
        }
        let imports = ImportRunParser.runs(in: file, blankLinesSeparateRuns: false).flatMap(\.imports).map(\.display)
        return Skeleton(outside: outside, comments: comments.sorted(), imports: imports.sorted())
    }

    /// Fixes `files` in one engine run and asserts the properties: the tokens outside import
    /// runs unchanged, no comment lost, imports unchanged but for removed duplicates, no
    /// fixable finding left, and a second fix changes nothing. Returns how many files changed.
    private func assertFixPreserves(_ files: [String: [UInt8]], style: String) throws -> Int {
        let configuration = try TestSupport.configuration("{ checks: { imports: \(style) } }")
        let run = try TestSupport.fix(files, configuration: configuration, only: ["imports"])
        XCTAssertEqual(run.unconverged, [], style)
        XCTAssertEqual(run.report.findings.filter(\.fixable).map { "\($0.file): \($0.message)" }, [], "\(style): fixable findings remain")
        let check = try check(style)
        for file in run.files {
            let label = "\(style) \(file.file.displayPath)"
            let before = SourceFile(path: file.file.displayPath, bytes: file.original)
            let after = SourceFile(path: file.file.displayPath, bytes: file.fixed)
            let (old, new) = (skeleton(before), skeleton(after))
            XCTAssertEqual(old.outside, new.outside, "\(label): code outside the imports changed")
            XCTAssertTrue(Set(new.comments).isSuperset(of: Set(old.comments)), "\(label): a comment was lost")
            let removed = check.analyze(before).findings.filter { $0.rule == ImportsCheck.duplicate }.count
            XCTAssertLessThanOrEqual(old.imports.count - new.imports.count, removed, "\(label): imports lost beyond duplicates")
            XCTAssertTrue(Set(new.imports).isSubset(of: Set(old.imports)), "\(label): an import changed")
        }
        let again = try TestSupport.fix(Dictionary(uniqueKeysWithValues: run.files.map { ($0.file.displayPath, $0.fixed) }),
                                        configuration: configuration, only: ["imports"])
        XCTAssertEqual(again.files.map(\.file.displayPath), [], "\(style): a second fix changes files")
        return run.files.count
    }

    func testFixPropertiesOnFixtureFiles() throws {
        var files: [String: [UInt8]] = [:]
        let enumerator = FileManager.default.enumerator(atPath: TestSupport.fixtures.path)
        while let relative = enumerator?.nextObject() as? String {
            if relative.hasSuffix(".swift") { files[relative] = try FileSystem.read(TestSupport.fixtures.appendingPathComponent(relative).path) }
        }
        XCTAssertGreaterThan(files.count, 20)
        for style in Self.styles {
            XCTAssertGreaterThan(try assertFixPreserves(files, style: style), 5, style)
        }
    }

    /// The same properties over real code: set GATEKEEPER_CORPUS to a folder of Swift code.
    func testFixPropertiesOnRealCorpus() throws {
        guard let corpus = ProcessInfo.processInfo.environment["GATEKEEPER_CORPUS"] else {
            throw XCTSkip("GATEKEEPER_CORPUS is not set")
        }
        var files: [String: [UInt8]] = [:]
        let enumerator = FileManager.default.enumerator(atPath: corpus)
        while let relative = enumerator?.nextObject() as? String {
            if relative.hasSuffix(".swift"), !relative.contains("/.git/"), let bytes = try? FileSystem.read(corpus + "/" + relative),
               UTF8Validation.firstInvalidByte(in: bytes) == nil {
                files[relative] = bytes
            }
        }
        for style in Self.styles {
            print("corpus \(style): \(files.count) files, \(try assertFixPreserves(files, style: style)) changed by fix")
        }
    }
}
