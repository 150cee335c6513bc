import Foundation
import XCTest

@testable import GatekeeperKit

/// Without `checks.imports.style`, the imports check follows the formatter the repository
/// declares (the nearest `.swiftformat` or `.swift-format` above each file) and honours the
/// formatters' skip markers and excluded paths.
final class FormatterTests: XCTestCase {
    private var root: URL!

    override func setUpWithError() throws {
        root = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("formatters-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: root) }

    private func write(_ files: [String: String]) throws {
        for (path, text) in files {
            let url = root.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try text.write(to: url, atomically: false, encoding: .utf8)
        }
    }

    /// `path:line rule` of the imports findings, with `config` as `.gatekeeper.json`.
    private func findings(config: String = "{}") throws -> [String] {
        var configuration = Configuration(rootDirectory: root.path)
        try configuration.apply(try JSON5Parser.parse(config))
        let engine = try Engine(configuration: configuration, only: ["imports"])
        let report = try engine.check(try engine.discover([root.path]), jobs: 1, failOn: .info, baseline: nil)
        return report.findings.map { "\(Paths.relative(Paths.absolute($0.file), to: root.path) ?? $0.file):\($0.line) \($0.ruleId)" }
    }

    private let testableFirst = "@testable import App\nimport Foundation\n"

    func testSwiftFormatsImportGroupingDecidesTheStyle() throws {
        try write([".swiftformat": "--indent 4\n--importgrouping testable-bottom # tests last\n", "Sources/A.swift": testableFirst])
        XCTAssertEqual(try findings(), ["Sources/A.swift:1 imports/order"])
        try write(["Sources/A.swift": "import Foundation\n@testable import App\n"])
        XCTAssertEqual(try findings(), [])
        // A style set in .gatekeeper.json wins over the formatter's file.
        XCTAssertEqual(try findings(config: "{ checks: { imports: { style: \"swift-format\" } } }"), [])
    }

    func testSortingTurnedOffLeavesOnlyDuplicates() throws {
        try write([".swiftformat": "--disable sortImports\n", "Sources/A.swift": "import Zeta\nimport Alpha\nimport Zeta\n"])
        XCTAssertEqual(try findings(), ["Sources/A.swift:3 imports/duplicate"])
        try write([".swiftformat": "--disable sortImports,duplicateImports\n"])
        XCTAssertEqual(try findings(), [])
        try write([".swiftformat": "", ".swift-format": #"{ "rules": { "OrderedImports": false } }"#])
        XCTAssertEqual(try findings(), ["Sources/A.swift:3 imports/duplicate"], "the nearest config decides; swift-format's wins a tie")
    }

    func testConfigsAreFoundThroughLinksAndAboveTheWalkedFolder() throws {
        // The walk's listing spares a `stat` per folder; what it lists must still be read like the disk.
        // With no config, swift-format's order puts `@testable` imports last.
        try write(["Shared/formatting": "--importgrouping testable-first\n", "Sources/A.swift": testableFirst])
        let link = root.appendingPathComponent(".swiftformat").path
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: "Shared/formatting")
        XCTAssertEqual(try findings(), [], "a config that is a link is read")
        try FileManager.default.removeItem(atPath: link)
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: "Missing")
        XCTAssertEqual(try findings(), ["Sources/A.swift:1 imports/order"], "a dangling link is no config")
        // Walking only Sources, the config at the root (above the walk) is found all the same.
        try FileManager.default.removeItem(atPath: link)
        try write([".swiftformat": "--importgrouping testable-first\n"])
        let engine = try Engine(configuration: Configuration(rootDirectory: root.path), only: ["imports"])
        let report = try engine.check(try engine.discover([root.appendingPathComponent("Sources").path]), jobs: 1, failOn: .info, baseline: nil)
        XCTAssertEqual(report.findings.map(\.ruleId), [])
    }

    func testExcludedFoldersAreNeverEnteredEvenWithConfigsOfTheirOwn() throws {
        try write([".swiftformat": "--exclude Snapshots,Generated\n", "Snapshots/Lib/.swiftformat": "--importgrouping alpha\n",
                   "Snapshots/Lib/A.swift": "import Zeta\nimport Alpha\n", "Generated/B.swift": "import Zeta\nimport Alpha\n",
                   "Sources/C.swift": "import Zeta\nimport Alpha\n"])
        XCTAssertEqual(try findings(), ["Sources/C.swift:1 imports/order"])
    }

    func testSwiftLintSortsOnlyWhenSortedImportsIsOptedIn() throws {
        let unsorted = "import Zeta\nimport alpha\nimport Zeta\n\nimport Beta\n"
        try write([".swiftlint.yml": "disabled_rules:\n  - todo\nexcluded:\n  - Vendor\n", "Sources/A.swift": unsorted,
                   "Vendor/B.swift": unsorted])
        XCTAssertEqual(try findings(), ["Sources/A.swift:3 imports/duplicate"], "a linter that does not sort imports: duplicates only")
        try write([".swiftlint.yml": "opt_in_rules: [sorted_imports]\nexcluded:\n  - Vendor\n"])
        // Ignoring case, `alpha` comes first; a blank line starts a new block.
        XCTAssertEqual(try findings(), ["Sources/A.swift:1 imports/order", "Sources/A.swift:3 imports/duplicate"])
        try write(["Sources/A.swift": "import alpha\nimport Zeta\n\nimport Beta\n"])
        XCTAssertEqual(try findings(), [])
        // A formatter beside the linter decides the order.
        try write([".swiftformat": "--importgrouping alpha\n", "Sources/A.swift": "import Zeta\nimport alpha\n"])
        XCTAssertEqual(try findings(), ["Sources/A.swift:1 imports/order"])
    }

    func testTheFormattersSkipMarkersLeaveImportsAlone() throws {
        let unsorted = "import Zeta\nimport Alpha\nimport Zeta\n"
        try write(["A.swift": "// swiftformat:disable all\n" + unsorted, "B.swift": "// swiftformat:disable sortImports\n" + unsorted,
                   "C.swift": "// swift-format-ignore-file\n" + unsorted, "D.swift": "// swift-format-ignore-file: OrderedImports\n" + unsorted,
                   "E.swift": "// swiftlint:disable sorted_imports\n" + unsorted, "F.swift": unsorted,
                   "G.swift": "// swiftformat:disable:next sortImports\n" + unsorted, "H.swift": "// swift-format-ignore: OrderedImports\n" + unsorted])
        XCTAssertEqual(try findings(), ["B.swift:4 imports/duplicate", "D.swift:4 imports/duplicate", "E.swift:4 imports/duplicate",
                                        "F.swift:1 imports/order", "F.swift:3 imports/duplicate", "G.swift:4 imports/duplicate",
                                        "H.swift:4 imports/duplicate"])
    }
}

/// Generated code is not reported by default: by folder, file name, or the generator's header.
final class GeneratedCodeTests: XCTestCase {
    func testGeneratedFilesAreNotReportedUnlessAsked() throws {
        let unsorted = "import B\nimport A\n"
        let files = [
            "Sources/Generated/Models.swift": unsorted, "Sources/Messages.pb.swift": unsorted,
            "Sources/API.swift": "// Generated by swift-openapi-generator, do not modify.\n" + unsorted,
            "Sources/Mocks.swift": "// Generated using Sourcery 2.1 — https://github.com/krzysztofzablocki/Sourcery\n// DO NOT EDIT\n" + unsorted,
            "Sources/Handwritten.swift": "// Not generated: written by hand.\n\n" + unsorted,
        ]
        let report = try TestSupport.run(files, only: ["imports"])
        XCTAssertEqual(report.findings.map(\.file), ["Sources/Handwritten.swift"])
        XCTAssertTrue(report.notes.contains("classified 5 files: 1 production, 0 test, 4 generated (not reported; includeGenerated: true reports them)"),
                      "\(report.notes)")
        let all = try TestSupport.run(files, configuration: try TestSupport.configuration("{ includeGenerated: true }"), only: ["imports"])
        XCTAssertEqual(all.findings.count, 5)
    }
}

/// `gatekeeper init` surveys the tree and writes what it found.
final class InitTests: BinaryTestCase {
    func testInitSaysWhatItFoundAndPrintWritesNothing() throws {
        let directory = workDirectory.appendingPathComponent("survey")
        try write("--importgrouping alpha\n", to: ".swiftformat", in: directory)
        try write("import Fluent\nimport Logging\nlet logger = Logger(label: \"app\")\nfunc created(_ id: Int) {\n"
                  + "    logger.info(\"created\", metadata: [\"event\": \"todo.created\", \"todo_id\": \"\\(id)\"])\n}\n", to: "Sources/App/Todo.swift", in: directory)
        try write("// Generated by SwiftGen\nimport B\nimport A\n", to: "Sources/App/Generated/Assets.swift", in: directory)
        try write("import App\nimport XCTest\n", to: "Tests/AppTests/TodoTests.swift", in: directory)
        try write("CREATE TABLE todos (id INT);\n", to: "db/migrations/001_todos.up.sql", in: directory)
        let printed = try run(["init", "--print"], in: directory)
        XCTAssertEqual(printed.status, 0, printed.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: directory.appendingPathComponent(".gatekeeper.json").path), "--print writes nothing")
        for expected in [
            "// What init found in this tree (3 Swift files):",
            "// - imports: the swiftformat style below ./.swiftformat, as that file says",
            "// - test code (generic secrets not reported, other security errors are warnings): Tests/ (1)",
            "// - generated code (not reported; includeGenerated: true reports it): Sources/App/Generated/ (1)",
            "// - migrations: Fluent in 1 files; 1 SQL files",
            "// - telemetry: swift-log in 1 files, 1 named events; init writes them to a starter telemetry-contract.json",
            "// - a first run finds 1 finding: `gatekeeper baseline` accepts them",
        ] {
            XCTAssertTrue(printed.stdout.contains(expected), "missing \(expected) in\n\(printed.stdout)")
        }
        XCTAssertEqual(try run(["init"], in: directory).stdout,
                       "Wrote .gatekeeper.json.\nWrote telemetry-contract.json (a starter contract of the 1 events found).\n")
        XCTAssertTrue(try read("telemetry-contract.json", in: directory).contains(#""todo.created": { description: "TODO: what this event means", required: ["todo_id"] },"#))
        XCTAssertEqual(try read(".gatekeeper.json", in: directory), printed.stdout)
        // The written config is valid and the run it configures reports the SQL migration without its down.
        let check = try run(["check", "--no-color", "--quiet"], in: directory)
        XCTAssertEqual(check.stdout, "db/migrations/001_todos.up.sql:1:1: warning: SQL up migration `001_todos.up.sql` has no down migration [migrations/irreversible]\n")
    }

    func testVerboseSaysHowTheTreeWasClassified() throws {
        let directory = workDirectory.appendingPathComponent("classified")
        try write(#"{ exclude: ["Vendor/**"] }"#, to: ".gatekeeper.json", in: directory)
        try write("import A\n", to: "Sources/App/A.swift", in: directory)
        try write("import A\n", to: "Sources/App/Mocks/MockA.swift", in: directory)
        try write("// DO NOT EDIT: generated by protoc-gen-swift\nimport A\n", to: "Sources/App/Model.pb.swift", in: directory)
        try write("import A\n", to: "Vendor/V.swift", in: directory)
        let result = try run(["check", "--verbose"], in: directory)
        XCTAssertTrue(result.stderr.contains("note: classified 3 files: 1 production, 1 test, 1 generated (not reported; "
                                             + "includeGenerated: true reports them); configured excludes: Vendor/**\n"), result.stderr)
        XCTAssertTrue(result.stderr.contains("note: 1 file excluded by include/exclude\n"), result.stderr)
    }
}
