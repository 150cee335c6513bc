import Foundation
import XCTest

@testable import GatekeeperKit

/// Adoption in pipelines: report formats, several reports at once, pre-commit (`--staged`,
/// `install-hook`, `fix --staged`) and changed-code gating, in throw-away git repositories.
final class PipelineTests: BinaryTestCase {
    func testEveryFormatMatchesItsGoldenFile() throws {
        let directory = try tree("formats")
        for format in ReportFormat.allCases {
            let result = try run(["check", "--format", format.rawValue, "--fail-on", "info"], in: directory)
            XCTAssertEqual(result.status, 2, format.rawValue)
            // `xcode` names files by absolute path: the fixture's copy is somewhere new each run.
            let output = stable(result.stdout).replacingOccurrences(of: directory.path + "/", with: "/FIXTURE/")
            XCTAssertEqual(output, try golden("formats.\(format.rawValue)"), format.rawValue)
        }
    }

    func testSeveralReportsInOneRun() throws {
        let directory = try tree("formats")
        let result = try run(["check", "--report", "sarif:out/report.sarif", "--report", "junit:junit.xml", "--quiet"], in: directory)
        XCTAssertEqual(result.status, 2)
        XCTAssertTrue(result.stdout.contains("[security/unsafe-shell]"), "text still goes to the terminal")
        XCTAssertFalse(result.stdout.contains("Checked"), "--quiet")
        let sarif = try String(contentsOf: directory.appendingPathComponent("out/report.sarif"), encoding: .utf8)
        XCTAssertEqual(try JSON5Parser.parse(sarif)["version"], .string("2.1.0"))
        XCTAssertTrue(try String(contentsOf: directory.appendingPathComponent("junit.xml"), encoding: .utf8).hasPrefix("<?xml"))
        XCTAssertEqual(try run(["check", "--report", "xml:x"], in: directory).status, 64)
        XCTAssertEqual(try run(["check", "--report", "json", "--report", "sarif"], in: directory).status, 64, "two reports on stdout")
    }

    func testStagedChecksWhatWillBeCommitted() throws {
        let directory = try repository()
        // Staged: unsorted. Working tree: fixed again. The commit would hold the unsorted one.
        try write("import Foundation\nimport Dispatch\n\nlet a = 1\n", to: "Sources/A.swift", in: directory)
        try git(["add", "Sources/A.swift"], in: directory)
        try write("import Dispatch\nimport Foundation\n\nlet a = 2\n", to: "Sources/A.swift", in: directory)
        // An unstaged problem elsewhere is not the commit's business.
        try write("import Z\nimport Y\n", to: "Sources/Unstaged.swift", in: directory)
        let staged = try run(["check", "--staged", "--no-color"], in: directory)
        XCTAssertEqual(staged.status, 1, staged.stdout)
        XCTAssertTrue(staged.stdout.hasPrefix("Sources/A.swift:1:1: warning: `import Dispatch` should come before `import Foundation`"), staged.stdout)
        XCTAssertFalse(staged.stdout.contains("Unstaged.swift"))
        // Several staged files come from the index in one batch: each gets its own content.
        try write("import B\nimport A\n", to: "Sources/Two words.swift", in: directory)
        try write("import C\n", to: "Sources/Clean.swift", in: directory)
        try git(["add", "Sources/Two words.swift", "Sources/Clean.swift"], in: directory)
        try write("import A\nimport B\n", to: "Sources/Two words.swift", in: directory)
        let several = try run(["check", "--staged", "--no-color", "--quiet"], in: directory)
        XCTAssertEqual(several.stdout.split(separator: "\n").map { String($0.prefix { $0 != " " }) },
                       ["Sources/A.swift:1:1:", "Sources/Two"], several.stdout)
        try git(["rm", "-q", "-f", "--cached", "Sources/Two words.swift", "Sources/Clean.swift"], in: directory)
        // Staged content that is clean passes although the working tree is not.
        try git(["add", "Sources/A.swift"], in: directory)
        try write("import Foundation\nimport Dispatch\n", to: "Sources/A.swift", in: directory)
        XCTAssertEqual(try run(["check", "--staged"], in: directory).status, 0)
    }

    func testStagedContentsComeFromTheIndexInOneBatch() throws {
        let directory = try repository()
        let files = ["Sources/A.swift": "import B\nimport A\n", "Sources/Two words.swift": "let x = \"é\"\n", "Sources/Empty.swift": ""]
        for (path, text) in files { try write(text, to: path, in: directory) }
        try git(["add", "."], in: directory)
        for path in files.keys { try write("changed after staging\n", to: path, in: directory) }
        let root = directory.path
        let contents = Git.stagedContents(of: files.keys.map { root + "/" + $0 } + [root + "/Sources/Missing.swift"], root: root)
        XCTAssertEqual(contents.count, 3)
        for (path, text) in files { XCTAssertEqual(contents[root + "/" + path].map { String(decoding: $0, as: UTF8.self) }, text, path) }
    }

    func testInstallHookRunsOnCommitAndRefusesForeignHooks() throws {
        let directory = try repository()
        let hook = directory.appendingPathComponent(".git/hooks/pre-commit")
        try "#!/bin/sh\necho mine\n".write(to: hook, atomically: false, encoding: .utf8)
        let refused = try run(["install-hook"], in: directory)
        XCTAssertEqual(refused.status, 64)
        XCTAssertTrue(refused.stderr.contains("was not written by gatekeeper; use --force"))
        XCTAssertEqual(try run(["install-hook", "--force"], in: directory).status, 0)
        XCTAssertEqual(try run(["install-hook"], in: directory).status, 0, "its own hook may be rewritten")
        let script = try String(contentsOf: hook, encoding: .utf8)
        XCTAssertTrue(script.contains("check --staged"))
        // The hook runs the binary (not on PATH here: it falls back to the installed path).
        try write("import B\nimport A\n", to: "Sources/B.swift", in: directory)
        try git(["add", "."], in: directory)
        let commit = try run(["/bin/sh", hook.path], in: directory, environment: ["PATH": "/usr/bin:/bin"], executable: URL(fileURLWithPath: "/usr/bin/env"))
        XCTAssertEqual(commit.status, 1, commit.stdout + commit.stderr)
        XCTAssertTrue(commit.stdout.contains("Sources/B.swift:1:1"))
    }

    func testFixStagedRestagesOnlyWhatItChanged() throws {
        let directory = try repository()
        try write("import B\nimport A\n", to: "Sources/B.swift", in: directory)
        try write("import D\nimport C\n", to: "Sources/NotStaged.swift", in: directory)
        try git(["add", "Sources/B.swift"], in: directory)
        let fixed = try run(["fix", "--staged"], in: directory)
        XCTAssertEqual(fixed.stderr, "fixed Sources/B.swift\nFixed 1 file.\n")
        XCTAssertEqual(try String(contentsOf: directory.appendingPathComponent("Sources/B.swift"), encoding: .utf8), "import A\nimport B\n")
        XCTAssertEqual(try String(contentsOf: directory.appendingPathComponent("Sources/NotStaged.swift"), encoding: .utf8), "import D\nimport C\n")
        XCTAssertEqual(try run(["check", "--staged"], in: directory).status, 0, "the fix was staged")
        // A half-staged file is refused rather than mixing unstaged edits into the commit.
        try write("import F\nimport E\n", to: "Sources/Half.swift", in: directory)
        try git(["add", "Sources/Half.swift"], in: directory)
        try write("import F\nimport E\nlet unstaged = 1\n", to: "Sources/Half.swift", in: directory)
        let refused = try run(["fix", "--staged"], in: directory)
        XCTAssertEqual(refused.status, 64)
        XCTAssertEqual(refused.stderr, "gatekeeper: error: not fixing staged files that also have unstaged changes (stage or stash them first): Sources/Half.swift\n")
    }

    func testChangedSinceAndChangedLines() throws {
        let directory = try repository()
        // An old problem, committed on main.
        try write("import Z\nimport Y\n\nlet old = 1\n", to: "Sources/Old.swift", in: directory)
        try git(["add", "."], in: directory)
        try git(["commit", "-q", "-m", "old problem"], in: directory)
        try git(["checkout", "-q", "-b", "feature"], in: directory)
        // On the branch: a new problem in a new file, and a changed line in an old file.
        try write("import Q\nimport P\n", to: "Sources/New.swift", in: directory)
        try write("import Z\nimport Y\n\nlet old = 1\nlet secret = system(cmd)\n", to: "Sources/Old.swift", in: directory)
        XCTAssertEqual(try run(["check", "--quiet", "--no-color"], in: directory).stdout.split(separator: "\n").count, 3)
        let changed = try run(["check", "--changed-since", "main", "--quiet", "--no-color"], in: directory)
        XCTAssertEqual(changed.stdout.split(separator: "\n").map { String($0.prefix { $0 != " " }) },
                       ["Sources/New.swift:1:1:", "Sources/Old.swift:1:1:", "Sources/Old.swift:5:21:"])
        let lines = try run(["check", "--changed-since", "main", "--changed-lines", "--quiet", "--no-color"], in: directory)
        XCTAssertEqual(lines.stdout.split(separator: "\n").map { String($0.prefix { $0 != " " }) },
                       ["Sources/New.swift:1:1:", "Sources/Old.swift:5:21:"], "the old unsorted imports were not touched")
        XCTAssertEqual(try run(["check", "--changed-lines"], in: directory).status, 64)
        XCTAssertEqual(try run(["check", "--changed-since", "no-such-ref"], in: directory).status, 64)
    }

    func testPreCommitHooksFileDeclaresBothHooks() throws {
        let text = try String(contentsOf: TestSupport.packageRoot.appendingPathComponent(".pre-commit-hooks.yaml"), encoding: .utf8)
        for id in ["gatekeeper", "gatekeeper-fix"] { XCTAssertTrue(text.contains("- id: \(id)\n"), id) }
        XCTAssertEqual(text.components(separatedBy: "language: swift").count - 1, 2)
        XCTAssertEqual(text.components(separatedBy: "types: [swift]").count - 1, 2)
    }
}
