import Foundation
import XCTest

@testable import GatekeeperKit

/// Secrets wherever a Swift repository keeps them: xcconfig, plist, `.env`, JSON and YAML files,
/// staged or not; keys with `/` where the context says credential; nothing prints a secret.
final class ConfigSecretsTests: BinaryTestCase {
    /// Assembled, so that no file of this repository holds them whole.
    static let githubToken = "ghp_" + "R7mXq2LpZ9vKt4WnB8cJd3Fh6Ys1Ge0Ua5Ti"
    static let awsSecret = "wJalrXUtnFEMI/K7MDENG" + "/bPxRfiCYzQ9aL3kT2d"
    static let password = "kR9v" + "Q2mT7pL4xZ"

    private func project() throws -> URL {
        let directory = workDirectory.appendingPathComponent("configs")
        try write("let greeting = \"hello\"\n", to: "Sources/App/Main.swift", in: directory)
        try write("// Release settings\nGITHUB_TOKEN = \(Self.githubToken)\n", to: "Config/Release.xcconfig", in: directory)
        try write("""
        <?xml version="1.0" encoding="UTF-8"?>
        <plist version="1.0">
        <dict>
            <key>CFBundleName</key>
            <string>App</string>
            <key>API_SECRET</key>
            <string>\(Self.password)</string>
        </dict>
        </plist>

        """, to: "App/Info.plist", in: directory)
        try write("# local\nexport AWS_SECRET_ACCESS_KEY=\(Self.awsSecret)\nDEBUG=true\n", to: ".env", in: directory)
        try write("{\n  \"name\": \"app\",\n  \"clientSecret\": \"\(Self.password)\"\n}\n", to: "config/app.json", in: directory)
        try write("database:\n  host: localhost\n  password: \"\(Self.password)\"\n  persist-credentials: false\n", to: "config/app.yml", in: directory)
        return directory
    }

    private func findings(_ result: Result) throws -> [String] {
        let report = try JSON5Parser.parse(result.stdout)
        return report["findings"]?.arrayValue?.map { finding in
            "\(finding["file"]?.stringValue ?? ""):\(finding["line"].map { "\($0)" } ?? "") \(finding["ruleId"]?.stringValue ?? "")"
        } ?? []
    }

    func testASecretInEachConfigFormatIsFoundAndNeverPrinted() throws {
        let directory = try project()
        let result = try run(["check", "--format", "json", "--no-cache"], in: directory)
        XCTAssertEqual(result.status, 2, result.stdout + result.stderr)
        XCTAssertEqual(try findings(result).map { $0.replacingOccurrences(of: "number(", with: "").replacingOccurrences(of: ".0)", with: "") }, [
            ".env:2 security/hardcoded-secret", "App/Info.plist:7 security/hardcoded-secret", "Config/Release.xcconfig:2 security/hardcoded-secret",
            "config/app.json:3 security/hardcoded-secret", "config/app.yml:3 security/hardcoded-secret",
        ])
        let text = try run(["check", "--no-color", "--show-source"], in: directory)
        for secret in [Self.githubToken, Self.awsSecret, Self.password, String(Self.password.prefix(6))] {
            XCTAssertFalse(text.stdout.contains(secret) || result.stdout.contains(secret), secret)
        }
        // Suppressed in the format's own comment syntax; other checks never look at these files.
        try write("# local\n# gatekeeper:ignore security/hardcoded-secret -- rotated\nexport AWS_SECRET_ACCESS_KEY=\(Self.awsSecret)\n",
                  to: ".env", in: directory)
        XCTAssertFalse(try findings(try run(["check", "--format", "json"], in: directory)).contains { $0.hasPrefix(".env") })
    }

    func testAStagedXcconfigSecretBlocksTheCommit() throws {
        let directory = workDirectory.appendingPathComponent("staged")
        try write("let greeting = \"hello\"\n", to: "Sources/App/Main.swift", in: directory)
        _ = try run(["init", "-q"], in: directory, executable: URL(fileURLWithPath: "/usr/bin/git"))
        _ = try run(["add", "Sources"], in: directory, executable: URL(fileURLWithPath: "/usr/bin/git"))
        XCTAssertEqual(try run(["check", "--staged"], in: directory).status, 0)
        try write("GITHUB_TOKEN = \(Self.githubToken)\n", to: "App.xcconfig", in: directory)
        _ = try run(["add", "App.xcconfig"], in: directory, executable: URL(fileURLWithPath: "/usr/bin/git"))
        let blocked = try run(["check", "--staged", "--no-color"], in: directory)
        XCTAssertEqual(blocked.status, 2, blocked.stdout + blocked.stderr)
        XCTAssertTrue(blocked.stdout.contains("App.xcconfig:1:"), blocked.stdout)
        // The work tree's file made large (or binary) says nothing of what the commit holds.
        try write(String(repeating: "x", count: 2 * TextFiles.sizeLimit), to: "App.xcconfig", in: directory)
        XCTAssertEqual(try run(["check", "--staged"], in: directory).status, 2)
        try Data([0, 1, 2]).write(to: directory.appendingPathComponent("App.xcconfig"))
        XCTAssertEqual(try run(["check", "--staged"], in: directory).status, 2)
    }

    func testAKeyWithASlashIsASecretWhereTheContextSaysCredential() throws {
        let directory = workDirectory.appendingPathComponent("slash")
        try write("""
        let clientSecret = "\(Self.awsSecret)"
        let client = S3Client(accessKeyId: keyId, secretKey: "\(Self.awsSecret)")
        request.setValue("Bearer \(Self.awsSecret)", forHTTPHeaderField: "Authorization")
        let path = "Sources/App/Resources/Config"

        """, to: "Sources/App/Keys.swift", in: directory)
        let result = try run(["check", "--format", "json", "--no-cache"], in: directory)
        XCTAssertEqual(try findings(result).count, 3, result.stdout)
        XCTAssertFalse(result.stdout.contains(Self.awsSecret))
    }

    func testAnAWSSecretKeyIsFoundWhereverAnAccessKeyIdStandsBesideIt() throws {
        let directory = workDirectory.appendingPathComponent("pair")
        try write("let pair = (\"\(VerdictTests.awsKey)\",\n            \"\(Self.awsSecret)\")\nlet far = \"\(Self.awsSecret)\"\n",
                  to: "Sources/App/Keys.swift", in: directory)
        try write("[default]\nid = \(VerdictTests.awsKey)\nkey = \(Self.awsSecret)\n", to: "deploy/credentials.ini", in: directory)
        let result = try run(["check", "--format", "json", "--no-cache"], in: directory)
        XCTAssertEqual(try findings(result).map { $0.replacingOccurrences(of: "number(", with: "").replacingOccurrences(of: ".0)", with: "") }, [
            "Sources/App/Keys.swift:1 security/hardcoded-secret", "Sources/App/Keys.swift:2 security/hardcoded-secret",
            "Sources/App/Keys.swift:3 security/hardcoded-secret",
            "deploy/credentials.ini:2 security/hardcoded-secret", "deploy/credentials.ini:3 security/hardcoded-secret",
        ], result.stdout)
        XCTAssertEqual(result.stdout.components(separatedBy: "AWS secret access key beside an AWS access key id").count - 1, 3, result.stdout)
    }

    func testAMultiLineKeyFileAndASpacedPlistPairAreFound() throws {
        let directory = workDirectory.appendingPathComponent("pem")
        let body = (0..<8).map { row in String((0..<64).map { column in
            Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")[(row * 7 + column * 13) % 64] }) }
        try write("-----BEGIN " + "PRIVATE KEY-----\n" + body.joined(separator: "\n") + "\n-----END PRIVATE KEY-----\n", to: "AuthKey_ABC123.p8",
                  in: directory)
        try write("<dict>\n    <key>API_SECRET</key>\n\n    <!-- production -->\n    <string>\(Self.password)</string>\n</dict>\n",
                  to: "App/Secrets.plist", in: directory)
        let result = try run(["check", "--format", "json", "--no-cache"], in: directory)
        XCTAssertEqual(try findings(result).map { $0.replacingOccurrences(of: "number(", with: "").replacingOccurrences(of: ".0)", with: "") },
                       ["App/Secrets.plist:5 security/hardcoded-secret", "AuthKey_ABC123.p8:1 security/hardcoded-secret"], result.stdout)
    }

    /// The lines read for a credential: an XML `<key>` reaches its `<string>` lines below, as a plist's does; elsewhere a
    /// name and its value share a line (the line after a credential word is not read), and a value with `$` in it is
    /// judged unless all of it is a variable reference.
    func testCredentialLinesReachAsFarAsTheirFormatPairs() throws {
        let directory = workDirectory.appendingPathComponent("reach")
        try write("<config>\n  <key>SERVICE_TOKEN</key>\n\n  <string>\(Self.password)</string>\n</config>\n", to: "App/Service.xml", in: directory)
        let dollar = "kR9v$Q2m" + "T7pL4xZ"
        try write("# the token below\nname: app\nAPI_PASSWORD: \"\(dollar)\"\nDB_PASSWORD: \"${DB_PASSWORD}\"\nTOKEN: $(TOKEN)\n",
                  to: "config/ci.yml", in: directory)
        try write("SECRET_KEY=\(Self.password)\nnext=\(Self.password)\n", to: ".env", in: directory)
        let result = try run(["check", "--format", "json", "--no-cache"], in: directory)
        XCTAssertEqual(try findings(result).map { $0.replacingOccurrences(of: "number(", with: "").replacingOccurrences(of: ".0)", with: "") },
                       [".env:1 security/hardcoded-secret", "App/Service.xml:4 security/hardcoded-secret",
                        "config/ci.yml:3 security/hardcoded-secret"], result.stdout)
    }

    func testBinaryLockAndLargeFilesAreSkipped() throws {
        let directory = workDirectory.appendingPathComponent("skipped")
        try write("let greeting = \"hello\"\n", to: "Sources/App/Main.swift", in: directory)
        try Data([0x00, 0x01] + Array("GITHUB_TOKEN=\(Self.githubToken)".utf8)).write(to: directory.appendingPathComponent("logo.png"))
        try write("{ \"pins\": [{ \"revision\": \"\(Self.githubToken)\" }] }", to: "Package.resolved", in: directory)
        try write(String(repeating: "x", count: TextFiles.sizeLimit) + "\nGITHUB_TOKEN=\(Self.githubToken)\n", to: "big.txt", in: directory)
        try Data([0xFF, 0xFE, 0x41]).write(to: directory.appendingPathComponent("latin1.txt"))
        let result = try run(["check", "--no-cache"], in: directory)
        XCTAssertEqual(result.status, 0, result.stdout + result.stderr)
    }
}

/// What adopting says about secrets, and the hosts a team declares never fetched.
final class AdoptionSecretsTests: BinaryTestCase {
    func testBaselineSaysHowManySecretsItRecordedAndThatTheyStayValid() throws {
        let directory = workDirectory.appendingPathComponent("adopt")
        try write("let awsKey = \"\(VerdictTests.awsKey)\"\nimport Foundation\nimport Dispatch\n", to: "Sources/App/Keys.swift", in: directory)
        let result = try run(["baseline"], in: directory)
        XCTAssertEqual(result.status, 0)
        XCTAssertTrue(result.stderr.contains("warning: 1 of them is a hardcoded secret: a baselined secret is still valid"), result.stderr)
        XCTAssertTrue(result.stderr.contains("until it is rotated"), result.stderr)
    }

    func testAllowHostsSilencesInsecureHTTPForDeclaredNamespacesOnly() throws {
        let directory = workDirectory.appendingPathComponent("hosts")
        try write("let context = \"http://ns.example-social.org/activitystreams\"\nlet api = \"http://api.example-social.org/v1\"\n",
                  to: "Sources/App/Vocabulary.swift", in: directory)
        let before = try run(["check", "--no-color", "--quiet", "--fail-on", "info"], in: directory)
        XCTAssertEqual(before.stdout.components(separatedBy: "security/insecure-http").count - 1, 2, before.stdout)
        try write("{ checks: { security: { allowHosts: [\"ns.*.org\"] } } }", to: ".gatekeeper.json", in: directory)
        let after = try run(["check", "--no-color", "--quiet", "--fail-on", "info"], in: directory)
        XCTAssertEqual(after.stdout.components(separatedBy: "security/insecure-http").count - 1, 1, after.stdout)
        XCTAssertTrue(after.stdout.contains("api.example-social.org"), after.stdout)
    }
}

/// `gatekeeper history`: secrets added by any commit, also those removed later, once each, with the commit.
final class HistoryTests: BinaryTestCase {
    private func commitGit(_ arguments: [String], in directory: URL) throws -> String {
        let result = try run(["-c", "user.name=t", "-c", "user.email=t@t"] + arguments, in: directory, executable: URL(fileURLWithPath: "/usr/bin/git"))
        XCTAssertEqual(result.status, 0, result.stderr)
        return result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    func testASecretRemovedInALaterCommitIsReportedWithTheCommitThatAddedIt() throws {
        let directory = workDirectory.appendingPathComponent("history")
        try write("let greeting = \"hello\"\n", to: "Sources/App/Main.swift", in: directory)
        _ = try commitGit(["init", "-q"], in: directory)
        _ = try commitGit(["add", "-A"], in: directory)
        _ = try commitGit(["commit", "-qm", "start"], in: directory)
        try write("let greeting = \"hello\"\nlet awsKey = \"\(VerdictTests.awsKey)\"\n", to: "Sources/App/Main.swift", in: directory)
        try write("GITHUB_TOKEN=\(ConfigSecretsTests.githubToken)\nAWS_SECRET_ACCESS_KEY=\(ConfigSecretsTests.awsSecret)\n", to: ".env", in: directory)
        _ = try commitGit(["add", "-A"], in: directory)
        _ = try commitGit(["commit", "-qm", "keys"], in: directory)
        let leaking = try commitGit(["rev-parse", "HEAD"], in: directory)
        try write("let greeting = \"hello\"\n", to: "Sources/App/Main.swift", in: directory)
        try FileManager.default.removeItem(at: directory.appendingPathComponent(".env"))
        _ = try commitGit(["add", "-A"], in: directory)
        _ = try commitGit(["commit", "-qm", "rotate"], in: directory)
        // Moved to another file later: the same secret is reported once.
        try write("TOKEN=\(ConfigSecretsTests.githubToken)\n", to: "Config/App.xcconfig", in: directory)
        _ = try commitGit(["add", "-A"], in: directory)
        _ = try commitGit(["commit", "-qm", "again"], in: directory)
        XCTAssertEqual(try run(["check", "Sources"], in: directory).status, 0, "the tree itself is clean")
        let result = try run(["history", "--format", "json"], in: directory)
        XCTAssertEqual(result.status, 2, result.stdout + result.stderr)
        let findings = try JSON5Parser.parse(result.stdout)["findings"]?.arrayValue ?? []
        XCTAssertEqual(findings.map { "\($0["file"]?.stringValue ?? ""):\($0["commit"]?.stringValue ?? "")" },
                       [".env:\(leaking)", ".env:\(leaking)", "Sources/App/Main.swift:\(leaking)"], result.stdout)
        XCTAssertEqual(findings.map { "\($0["line"].map { "\($0)" } ?? "")" }, ["number(1.0)", "number(2.0)", "number(2.0)"])
        let sarif = try run(["history", "--format", "sarif"], in: directory)
        XCTAssertTrue(sarif.stdout.contains("\"versionControlProvenance\""), sarif.stdout)
        XCTAssertTrue(sarif.stdout.contains("\"revisionId\" : \"\(leaking)\"") || sarif.stdout.contains("\"revisionId\": \"\(leaking)\""), sarif.stdout)
        let text = try run(["history", "--no-color"], in: directory)
        // A range is never an option for git.
        let option = try run(["history", "--", "--output=\(directory.path)/written.txt"], in: directory)
        XCTAssertEqual(option.status, 64, option.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: directory.appendingPathComponent("written.txt").path))
        // A range: what it added, the token again (its earlier commit is outside the range).
        let range = try run(["history", "\(leaking)..HEAD", "--no-color", "--quiet"], in: directory)
        XCTAssertEqual(range.stdout.split(separator: "\n").map { $0.split(separator: ":").first.map(String.init) ?? "" }, ["Config/App.xcconfig"])
        for secret in [ConfigSecretsTests.githubToken, ConfigSecretsTests.awsSecret, VerdictTests.awsKey] {
            XCTAssertFalse([result.stdout, sarif.stdout, text.stdout, text.stderr, range.stdout].contains { $0.contains(secret) })
        }
    }
}

/// What `git log -p` can hide: binary attributes, merges, quoted names, added lines that look like headers.
final class HistoryHidingTests: BinaryTestCase {
    private func commitGit(_ arguments: [String], in directory: URL) throws {
        let result = try run(["-c", "user.name=t", "-c", "user.email=t@t"] + arguments, in: directory, executable: URL(fileURLWithPath: "/usr/bin/git"))
        XCTAssertEqual(result.status, 0, result.stderr)
    }

    func testNothingGitCanShowDifferentlyHidesASecret() throws {
        let directory = workDirectory.appendingPathComponent("hiding")
        try write("* -diff\n", to: ".gitattributes", in: directory)
        try write("let greeting = \"hello\"\n", to: "Sources/App/Main.swift", in: directory)
        try commitGit(["init", "-q"], in: directory)
        try commitGit(["add", "-A"], in: directory)
        try commitGit(["commit", "-qm", "start"], in: directory)
        try write("GITHUB_TOKEN=\(ConfigSecretsTests.githubToken)\n", to: "binary-attribute.env", in: directory)
        try write("++ GH=ghp_\(String("Lk8Qw3Er5Ty7Ui9Op2As4Df6Gh1Jk0Zx3Cv5Bn".prefix(36)))\n", to: "notes.txt", in: directory)
        try write("AWS_KEY=\(VerdictTests.awsKey)\n", to: "quo\"ted.env", in: directory)
        try commitGit(["add", "-A"], in: directory)
        try commitGit(["commit", "-qm", "files"], in: directory)
        try commitGit(["checkout", "-qb", "side"], in: directory)
        try write("side\n", to: "side.txt", in: directory)
        try commitGit(["add", "-A"], in: directory)
        try commitGit(["commit", "-qm", "side"], in: directory)
        try commitGit(["checkout", "-q", "-"], in: directory)
        try commitGit(["merge", "-q", "--no-ff", "--no-commit", "side"], in: directory)
        try write("GH=ghp_\(String("Pq2Wn8Xz4Rt6Yb1Uc3Vd5Ke7Lf9Mg0Nh2Oj4Si".prefix(36)))\n", to: "evil-merge.env", in: directory)
        try commitGit(["add", "-A"], in: directory)
        try commitGit(["commit", "-qm", "merge"], in: directory)
        let result = try run(["history", "--format", "json"], in: directory)
        let files = (try JSON5Parser.parse(result.stdout)["findings"]?.arrayValue ?? []).compactMap { $0["file"]?.stringValue }
        XCTAssertEqual(Set(files), ["binary-attribute.env", "evil-merge.env", "notes.txt", "quo\"ted.env"], result.stdout + result.stderr)
    }
}
