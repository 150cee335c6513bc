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
