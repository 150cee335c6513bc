import Foundation
import XCTest

@testable import GatekeeperKit

/// The security check's unsafe fixes, applied only with `--unsafe-fixes`.
final class UnsafeFixTests: BinaryTestCase {
    func testUnsafeFixesNeedTheFlagAndAreNotCountedAsFixable() throws {
        let directory = try project("unsafe")
        let before = try snapshot(directory)
        let check = try run(["check"], in: directory)
        // No "fixable with `gatekeeper fix`": these fixes need --unsafe-fixes.
        XCTAssertTrue(stable(check.stdout).contains("Checked 3 files in N ms: 2 errors, 2 warnings, 0 info.\nNext: `gatekeeper explain"), check.stdout)
        let safeOnly = try run(["fix", "--dry-run"], in: directory)
        XCTAssertEqual(safeOnly.status, 0)
        XCTAssertEqual(safeOnly.stdout, "")
        let dryRun = try run(["fix", "--dry-run", "--unsafe-fixes"], in: directory)
        XCTAssertEqual(dryRun.status, 1)
        XCTAssertEqual(dryRun.stdout, try fixGolden("unsafe.diff"))
        XCTAssertEqual(dryRun.stderr, """
            note: Sources/App/Billing.swift:4: the secret is read from the environment variable STRIPE_SECRET_KEY now; it has been in the source \
            (and the history): rotate it
            note: Sources/App/Git.swift:4: the secret is read from the environment variable API_TOKEN now; it has been in the source (and the \
            history): rotate it
            note: Sources/App/Git.swift:8: run `git` directly with an argument array

            """)
        XCTAssertEqual(try snapshot(directory), before)
        let fix = try run(["fix", "--unsafe-fixes"], in: directory)
        // The command with a pipe in it is shell syntax: it is left, and reported.
        XCTAssertEqual(fix.status, 1)
        XCTAssertEqual(stable(fix.stdout), """
            Sources/App/Git.swift:15:33: warning: `Process` runs a shell (/bin/bash -c) with a constant command; run the program directly instead \
            [security/unsafe-shell]
            Checked 3 files in N ms: 0 errors, 1 warning, 0 info.
            Next: `gatekeeper explain security/unsafe-shell` says why it matters; `gatekeeper baseline` records the rest, so that only new \
            findings fail.

            """)
        let fixed = try snapshot(directory)
        XCTAssertEqual(try run(["fix", "--dry-run", "--unsafe-fixes"], in: directory).stdout, "")
        XCTAssertEqual(try snapshot(directory), fixed)
        try FluentStubs.assertCompiles(directory)
    }

    func testEnvironmentNames() {
        XCTAssertEqual(SecurityFixes.environmentName("stripeSecretKey"), "STRIPE_SECRET_KEY")
        XCTAssertEqual(SecurityFixes.environmentName("APIToken"), "API_TOKEN")
        XCTAssertEqual(SecurityFixes.environmentName("db-password"), "DB_PASSWORD")
        XCTAssertEqual(SecurityFixes.environmentName("s3Secret2"), "S3_SECRET2")
        XCTAssertEqual(SecurityFixes.environmentName("_password"), "PASSWORD")
    }

    func testOnlyPlainCommandsOfALiteralListAreRewritten() throws {
        let shapes = [
            // Shell syntax, an option before -c, a command from a variable, a login shell: left alone.
            #"p.executableURL = URL(fileURLWithPath: "/bin/sh"); p.arguments = ["-c", "ls > out.txt"]"#,
            #"p.executableURL = URL(fileURLWithPath: "/bin/sh"); p.arguments = ["-e", "-c", "ls"]"#,
            #"p.executableURL = URL(fileURLWithPath: "/bin/sh"); p.arguments = ["-lc", "ls"]"#,
            #"p.executableURL = URL(fileURLWithPath: "/bin/sh"); p.arguments = ["-c", "echo $HOME"]"#,
            #"p.executableURL = URL(fileURLWithPath: "/usr/bin/env"); p.arguments = ["bash", "-c", "ls"]"#,
        ]
        for shape in shapes {
            let source = "import Foundation\nfunc f() throws {\n    let p = Process()\n    \(shape)\n    try p.run()\n}\n"
            let report = try TestSupport.run(["A.swift": source], only: ["security"])
            XCTAssertFalse(report.findings.isEmpty, shape)
            XCTAssertTrue(report.findings.allSatisfy { $0.fix == nil }, shape)
        }
        let plain = "import Foundation\nfunc f() throws {\n    let p = Process()\n    p.executableURL = URL(fileURLWithPath: \"/bin/zsh\")\n"
            + "    p.arguments = [\"-c\", \"swift build -c release\"]\n    try p.run()\n}\n"
        let run = try TestSupport.fix(["A.swift": Array(plain.utf8)], only: ["security"])
        XCTAssertEqual(run.files.count, 0, "an unsafe fix waits for --unsafe-fixes")
        let engine = try Engine(configuration: Configuration(rootDirectory: "/virtual"), only: ["security"])
        let fixed = try engine.fix([Discovery.File(absolutePath: "/virtual/A.swift", displayPath: "A.swift")], jobs: 1, failOn: .info, baseline: nil,
                                   contentOverride: { _ in Array(plain.utf8) }, unsafeFixes: true)
        XCTAssertEqual(fixed.files.map { String(decoding: $0.fixed, as: UTF8.self) }, [plain.replacingOccurrences(of: "/bin/zsh", with: "/usr/bin/env")
            .replacingOccurrences(of: "[\"-c\", \"swift build -c release\"]", with: "[\"swift\", \"build\", \"-c\", \"release\"]")])
    }
}
