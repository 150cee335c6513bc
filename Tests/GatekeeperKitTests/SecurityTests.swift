import Foundation
import XCTest

@testable import GatekeeperKit

/// Fake secrets are assembled at run time, so this file holds no complete token.
final class SecurityTests: XCTestCase {
    private func findings(_ source: String, config: String = "{}", path: String = "Sources/App/File.swift") throws -> [Finding] {
        let configuration = try TestSupport.configuration("{ checks: { security: \(config) } }")
        return try TestSupport.run([path: source], configuration: configuration, only: ["security"], failOn: .info).findings
            .filter { $0.check == "security" }
    }

    private func ids(_ source: String, config: String = "{}", path: String = "Sources/App/File.swift") throws -> [String] {
        try findings(source, config: config, path: path).map(\.ruleId)
    }

    private static let github = "ghp_" + "Z3d8Kq0LmN4vR7tY1wX9aB2cD5eF6gH8iJ0k"
    private static let aws = "AKIA" + "QYLPMN5HHHFPZAM2"

    // MARK: - Provider formats

    func testProviderFormatsAreFound() throws {
        let samples: [(String, String)] = [
            ("aws-access-key-id", Self.aws),
            ("github-token", Self.github),
            ("github-fine-grained-token", "github_pat_" + "11ABCDEFG0aBcDeFgHiJkL_" + "mNoPqRsTuVwXyZ0123456789aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456K9"),
            ("gitlab-token", "glpat-" + "x7Yq2LmN9pR4sT6vW8zB"),
            ("slack-token", "xoxb-" + "123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx"),
            ("slack-webhook-url", "https://hooks.slack.com/services/" + "T0123ABCD/B0456EFGH/aBcDeFgHiJkLmNoPqRsTuVwX"),
            ("stripe-live-key", "sk_live_" + "4eC39HqLyjWDarjtT1zdp7dc"),
            ("google-api-key", "AIza" + "SyD4kLmN8pQ2rS6tU0vW3xY7zA1bC5dE9fG"),
            ("google-oauth-client-secret", "GOCSPX-" + "aB3dE5fG7hJ9kL1mN3pQ5rS7tU9v"),
            ("twilio-api-key", "SK" + "2a4c6e8f0b1d3f5a7c9e1b3d5f7a9c0e"),
            ("sendgrid-api-key", "SG." + "aBcDeFgHiJkLmNoPqRsTuV" + "." + "wXyZ0123456789aBcDeFgHiJkLmNoPqRsTuVwXyZ012"),
            ("mailgun-api-key", "key-" + "3ax6xnjp29jd6fds4gc373sgvjxteol0"),
            ("npm-token", "npm_" + "aB3dE5fG7hJ9kL1mN3pQ5rS7tU9vW1xY3zA5"),
            ("openai-api-key", "sk-proj-" + "aB3dE5fG7hJ9kL1mN3pQT3BlbkFJ" + "rS7tU9vW1xY3zA5bC7dE9fG"),
            ("anthropic-api-key", "sk-ant-api03-" + String(repeating: "aB3dE5fG7hJ9kL1m", count: 6) + "AA"),
            ("jwt", "eyJ" + "hbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJ" + "zdWIiOiJ1LTdmM2E5YzJlIn0.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c"),
            ("url-credentials", "postgres://app:" + "Xk9mQ2vL7pR" + "@db.prod.internal-corp.com:5432/app"),
            ("azure-storage-connection-string", "DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=" + String(repeating: "aB3dE5fG7hJ9kL1m", count: 5) + "N3pQ5r==;EndpointSuffix=core.windows.net"),
        ]
        for (detector, secret) in samples {
            let found = try findings("let value = \"\(secret)\"\n")
            XCTAssertEqual(found.map(\.ruleId), ["security/hardcoded-secret"], detector)
            XCTAssertEqual(found.first?.extra.first { $0.key == "detector" }?.value, detector, detector)
            // Never more than four characters of the secret in a message.
            let message = found.first?.message ?? ""
            XCTAssertFalse(message.contains(String(secret.prefix(5))), "\(detector): \(message)")
        }
    }

    func testPrivateKeyInMultilineStringAndSecretsInComments() throws {
        let body = String(repeating: "MIIEvAIBADANBgkqhkiG9w0BAQEFAASCBKYwggSiAgEAAoIBAQC2rwuxbh8k8BG2\n", count: 3)
        let pem = "let key = \"\"\"\n" + "-----BEGIN RSA " + "PRIVATE KEY-----\n" + body + "-----END RSA PRIVATE KEY-----\n\"\"\"\n"
        let found = try findings(pem)
        XCTAssertEqual(found.map(\.message), ["private key in string literal: ----…"])
        XCTAssertEqual(found.first?.line, 2)
        XCTAssertEqual(try ids("// old key: \(Self.github)\nlet x = 1\n"), ["security/hardcoded-secret"], "a real key in a comment still leaks")
        // The header alone is what PEM parsers name: no key.
        XCTAssertEqual(try ids("let header = \"-----BEGIN PRIVATE KEY-----\"\n"), [])
    }

    func testOnlyLiteralPartsOfInterpolatedStringsCount() throws {
        XCTAssertEqual(try ids("let header = \"Bearer \\(token)\"\n"), [])
        XCTAssertEqual(try ids("let url = \"https://\\(user):\\(password)@api.corp.com\"\n"), [])
        XCTAssertEqual(try ids("let s = \"\\(prefix)\(Self.github)\"\n"), ["security/hardcoded-secret"])
    }

    // MARK: - Generic detector

    func testGenericDetectorNamesAndValues() throws {
        let value = "Xk9mQ2vL7pR4tW"
        for source in [
            "let apiKey = \"\(value)\"", "let API_KEY = \"\(value)\"", "var dbPassword: String = \"\(value)\"",
            "config.clientSecret = \"\(value)\"", "connect(host: h, password: \"\(value)\")",
            "let headers = [\"Authorization\": \"Bearer \(value)\"]", "let refresh_token = \"\(value)\"",
        ] {
            XCTAssertEqual(try ids(source + "\n"), ["security/hardcoded-secret"], source)
        }
        let generic = try findings("let apiKey = \"\(value)\"\n")
        XCTAssertEqual(generic.first?.message, "possible hardcoded secret given to `apiKey`: Xk9m…")
        XCTAssertEqual(generic.first?.column, 15)
    }

    func testTrickyNegatives() throws {
        let negatives = [
            "let passwordField = \"Enter your password\"", "let tokenizer = \"Xk9mQ2vL7pR4tW\"", "let secretLabel = \"Xk9mQ2vL7pR4tW\"",
            "let tokenType = \"Xk9mQ2vL7pR4tW\"", "let password = \"\"", "let password = \"changeme\"", "let apiKey = \"<your-token>\"",
            "let apiKey = \"YOUR_API_KEY\"", "let token = \"xxxxxxxxxxxx\"", "let secret = \"************\"", "let token = \"aaaaaaaaaaaa\"",
            "let token = ProcessInfo.processInfo.environment[\"API_TOKEN\"]", "let password = try keychain.read(\"db\")",
            "let apiKey = \"123e4567-e89b-12d3-a456-426614174000\"", "let passwordTitle = \"login.password.title\"",
            "let secret = NSLocalizedString(\"settings.secret\", comment: \"\")", "enum Keys: String { case accessToken = \"access_token\" }",
            "let sha256 = \"9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08\"",
            "let image = \"data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==\"",
            "let regex = /sk_live_[A-Za-z0-9]{24}/", "let stripe = \"sk_test_4eC39HqLyjWDarjtT1zdp7dc\"",
            "let example = \"AKIAIOSFODNN7EXAMPLE\"", "let password = \"md522d085ed8dc3377968dc1c1a40519a2a\"",
            "let auth = [\"Authorization\": \"Basic YWxhZGRpbjpvcGVuc2VzYW1l\"]", "let url = \"postgres://vapor:password@localhost:5432/db\"",
            "let url = \"ftp://luser:password@ftp.gnu.org/pub\"", "// let apiKey = \"Xk9mQ2vL7pR4tW\"  (generic detector skips comments)",
            "let pwd = \"/usr/local/bin\"",
        ]
        for source in negatives {
            XCTAssertEqual(try ids(source + "\n"), [], source)
        }
    }

    func testSecurityConfiguration() throws {
        let source = "let token = \"\(Self.github)\"\n"
        XCTAssertEqual(try ids(source, config: "{ allowPaths: [\"Sources/App/**\"] }"), [])
        XCTAssertEqual(try ids(source, config: "{ allowValues: [\"^ghp_Z3d8\"] }"), [])
        XCTAssertEqual(try ids(source, config: "{ disabledDetectors: [\"github-token\"] }"), ["security/hardcoded-secret"], "the generic detector still sees it")
        let custom = "{ detectors: [{ id: \"acme\", description: \"Acme key\", pattern: \"acme_[a-z0-9]{16}\", keywords: [\"acme_\"] }] }"
        XCTAssertEqual(try findings("let k = \"acme_a1b2c3d4e5f6g7h8\"\n", config: custom).first?.message, "Acme key in string literal: acme…")
        // A detector without keywords reads every literal and comment.
        let keywordless = "{ detectors: [{ id: \"zz\", pattern: \"zz[0-9]{6}\", entropy: 0 }] }"
        XCTAssertEqual(try findings("let a = \"zz123456\" // zz654321\n/* zz111111 */\n", config: keywordless).map(\.column), [10, 23, 4])
        // `requires`: every one of them must be in the text too, ignoring case.
        let requiring = "{ detectors: [{ id: \"acme\", pattern: \"acme_[a-z0-9]{16}\", keywords: [\"acme_\"], requires: [\"prod:\"] }] }"
        XCTAssertEqual(try ids("let k = \"acme_a1b2c3d4e5f6g7h8\"\n", config: requiring), [])
        XCTAssertEqual(try ids("let k = \"PROD: acme_a1b2c3d4e5f6g7h8\"\n", config: requiring), ["security/hardcoded-secret"])
        XCTAssertThrowsError(try ids(source, config: "{ disabledDetectors: [\"nope\"] }"))
        XCTAssertThrowsError(try ids(source, config: "{ detectors: [{ id: \"bad\", pattern: \"(\" }] }")) { error in
            XCTAssertEqual("\(error)", "checks.security.detectors[0].pattern is not a valid regular expression: (")
        }
        XCTAssertThrowsError(try ids(source, config: "{ allowValue: [] }"))
        // The built-in pack's patterns are compiled on first use, not at load: every one must compile.
        let pack = RulePacks.pack("security/secrets.json5")["detectors"] ?? .array([])
        let builtIn = try SecretDetector.load(pack, keyPath: "rules/security/secrets.json5")
        XCTAssertFalse(builtIn.isEmpty)
        XCTAssertEqual(builtIn.filter { $0.pattern.regex == nil || $0.placeholders.contains { $0.regex == nil } }.map(\.id), [])
    }

    func testNoReportFormatShowsTheSecret() throws {
        let report = try TestSupport.run(["a.swift": "let token = \"\(Self.github)\"\n"], only: ["security"])
        let json = JSONReporter().render(report)
        let text = TextReporter(color: false, showSource: true).render(report)
        let baseline = Baseline(findings: report.allFindings).serialized()
        for output in [json, text, baseline] {
            XCTAssertFalse(output.contains(String(Self.github.prefix(5))), output)
        }
        XCTAssertTrue(text.contains("(source not shown: the line holds a secret)"))
        XCTAssertTrue(json.contains("\"detector\": \"github-token\""))
    }

    // MARK: - Shell

    func testShellWithBuiltCommandIsAnError() throws {
        let cases = [
            "let p = Process()\np.executableURL = URL(fileURLWithPath: \"/bin/sh\")\np.arguments = [\"-c\", \"ls \\(dir)\"]",
            "let task = Process()\ntask.launchPath = \"/bin/bash\"\ntask.arguments = [\"-c\", command]",
            "let p = Process()\np.executableURL = URL(fileURLWithPath: \"/usr/bin/env\")\np.arguments = [\"zsh\", \"-lc\", \"echo \" + name]",
            "var cmd = \"ls\"\ncmd += userInput\nlet p = Process()\np.launchPath = \"/bin/sh\"\np.arguments = [\"-c\", cmd]",
            "let shell = \"/bin/sh\"\nlet args = [\"-c\", input]\nlet p = Process()\np.executableURL = URL(fileURLWithPath: shell)\np.arguments = args",
            "system(\"rm -rf \\(path)\")",
            "let f = popen(command, \"r\")",
            "try shellOut(to: \"git clone \\(url)\")",
            "try shellOut(to: \"git\", arguments: [\"clone\", url])",
            "let r = try await run(.path(\"/bin/sh\"), arguments: [\"-c\", script])",
            "let r = try await Subprocess.run(.name(\"bash\"), arguments: Arguments([\"-c\", \"echo \\(x)\"]))",
            "try Process.run(URL(fileURLWithPath: \"/bin/bash\"), arguments: [\"-c\", cmd])",
            "execl(\"/bin/sh\", \"sh\", \"-c\", command, nil)",
        ]
        // Values read at run time inside the function (parameters make it a wrapper: see below).
        let inputs = ["dir", "command", "name", "userInput", "input", "path", "url", "script", "cmd", "x"].map { "let \($0) = readLine()!" }
        for source in cases {
            let found = try findings("func f() throws {\n\(inputs.joined(separator: "\n"))\n\(source)\n}\n")
            XCTAssertEqual(found.map(\.ruleId), ["security/unsafe-shell"], source)
            XCTAssertEqual(found.first?.severity, .error, source)
        }
    }

    func testAShellWrapperIsAWarningAtItsBody() throws {
        for source in [
            "public func syncShell(_ args: String) -> String {\n let task = Process()\n task.launchPath = \"/bin/sh\"\n task.arguments = [\"-c\", args]\n return \"\"\n}",
            "extension String {\n func shellOutput() {\n let process = Process()\n process.executableURL = URL(fileURLWithPath: \"/bin/bash\")\n"
                + " process.arguments = [\"-c\", self]\n }\n}",
        ] {
            let found = try findings(source + "\n")
            XCTAssertEqual(found.map(\.severity), [.warning], source)
            XCTAssertTrue(found.first?.message.hasPrefix("a shell wrapper:") ?? false, found.first?.message ?? "")
        }
    }

    func testShellWithConstantCommandIsAWarning() throws {
        let cases = [
            "let p = Process()\np.executableURL = URL(fileURLWithPath: \"/bin/sh\")\np.arguments = [\"-c\", \"ls -la\"]",
            "let command = \"uname -a\"\nlet p = Process()\np.launchPath = \"/bin/bash\"\np.arguments = [\"-c\", command]",
            "system(\"clear\")",
            "try shellOut(to: \"swift build\")",
            "let r = try await run(.path(\"/bin/sh\"), arguments: [\"-c\", \"echo \\(#function)\"])",
        ]
        for source in cases {
            let found = try findings("func f() throws {\n\(source)\n}\n")
            XCTAssertEqual(found.map(\.severity), [.warning], source)
        }
    }

    func testShellTrapsAreNotFindings() throws {
        let negatives = [
            // A program run directly with an argument array.
            "let p = Process()\np.executableURL = URL(fileURLWithPath: \"/usr/bin/git\")\np.arguments = [\"-c\", \"user.name=x\", \"commit\"]",
            "let p = Process()\np.executableURL = URL(fileURLWithPath: \"/usr/bin/clang\")\np.arguments = [\"-c\", file]",
            // A process wrapper's own method named popen, and calls to it.
            "struct Shell { static func popen(_ args: [String]) -> Int { 0 } }\nlet x = Shell.popen([\"ls\"])",
            // SwiftUI's font.
            "Text(\"Hi\").font(.system(size: 20))",
            // A shell running a script file is not a command string.
            "let p = Process()\np.launchPath = \"/bin/bash\"\np.arguments = [scriptPath]",
            // Commands in strings and comments are not calls.
            "let doc = \"system(cmd)\" // system(cmd)",
        ]
        for source in negatives {
            XCTAssertEqual(try ids("func f(file: String, scriptPath: String) {\n\(source)\n}\n"), [], source)
        }
    }

    func testShellWrappersFromConfiguration() throws {
        let source = "func f(branch: String) throws {\n    try shell(\"git checkout \\(branch)\")\n    try shell(\"git status\")\n}\n"
        XCTAssertEqual(try ids(source), [])
        XCTAssertEqual(try findings(source, config: "{ shellWrappers: [\"shell\"] }").map(\.severity), [.error, .warning])
    }

    // MARK: - Insecure APIs

    func testInsecureAPIs() throws {
        XCTAssertEqual(try ids("let d = Insecure.MD5.hash(data: x)\nlet e = Insecure.SHA1.hash(data: x)\nCC_MD5(p, n, out)\n"),
                       ["security/weak-hash", "security/weak-hash", "security/weak-hash"])
        XCTAssertEqual(try ids("let guid = \"258EAFA5-E914-47DA-95CA-C5AB0DC85B11\"\nlet accept = Insecure.SHA1.hash(data: Data((key + guid).utf8))\n"), [],
                       "the WebSocket handshake mandates SHA-1")
        XCTAssertEqual(try ids("CCCrypt(op, CCAlgorithm(kCCAlgorithmDES), CCOptions(kCCOptionECBMode), k, n, nil, i, l, o, m, &moved)\n"),
                       ["security/weak-cipher", "security/weak-cipher"])
        let trustAll = """
        func urlSession(_ session: URLSession, didReceive challenge: URLAuthenticationChallenge,
                        completionHandler: @escaping (URLSession.AuthChallengeDisposition, URLCredential?) -> Void) {
            completionHandler(.useCredential, URLCredential(trust: challenge.protectionSpace.serverTrust!))
        }
        """
        XCTAssertEqual(try ids(trustAll), ["security/tls-validation-disabled"])
        let pinned = trustAll.replacingOccurrences(of: "    completionHandler(.useCredential", with: "    guard SecTrustEvaluateWithError(trust, nil) else { return }\n    completionHandler(.useCredential")
        XCTAssertEqual(try ids(pinned), [])
        XCTAssertEqual(try findings("config.certificateVerification = .none\n").map(\.severity), [.error])
        XCTAssertEqual(try findings("config.certificateVerification = .none\n", path: "Tests/AppTests/TLSTests.swift").map(\.severity), [.warning])
        XCTAssertEqual(try ids("let u = URL(string: \"http://api.payments.io/v1\")\n"), ["security/insecure-http"])
        for allowed in ["http://localhost:8080", "http://127.0.0.1/x", "http://www.w3.org/2000/svg", "http://10.0.0.5/x",
                        "http://\\(host)/x", "http://service.local/x", "https://api.payments.io"] {
            XCTAssertEqual(try ids("let u = \"\(allowed)\"\n"), [], allowed)
        }
        XCTAssertEqual(try ids("let u = \"http://api.payments.io\"\n", path: "Tests/AppTests/ClientTests.swift"), [])
    }
}

/// Application code as teams gate it: each class of false positive and miss seen on real
/// servers, apps and tools, in a fixture tree of its own.
final class SecurityApplicationTests: XCTestCase {
    func testApplicationFixtureReportsRealProblemsOnly() throws {
        let root = TestSupport.fixtures.appendingPathComponent("security/app").path
        let engine = try Engine(configuration: Configuration(rootDirectory: root), only: ["security"])
        let report = try engine.check(try engine.discover([root]), jobs: 2, failOn: .info, baseline: nil)
        let found = report.findings.map { finding in
            "\(Paths.relative(Paths.absolute(finding.file), to: root) ?? finding.file):\(finding.line) \(finding.severity.rawValue) \(finding.ruleId)"
        }
        XCTAssertEqual(found, [
            // A one-line PEM key.
            "Sources/App/Keys.swift:2 error security/hardcoded-secret",
            // A publishable key: noted, not failed.
            "Sources/App/NotSecrets.swift:20 info security/hardcoded-secret",
            // Process extension on implicit self, SwiftCLI bash, a literal factory (constant), an
            // unlabeled runner argument array with -cu, a posix_spawn argv array.
            "Sources/App/Shell.swift:14 error security/unsafe-shell",
            "Sources/App/Shell.swift:20 error security/unsafe-shell",
            "Sources/App/Shell.swift:21 warning security/unsafe-shell",
            "Sources/App/Shell.swift:22 error security/unsafe-shell",
            "Sources/App/Shell.swift:28 warning security/unsafe-shell",
            "Sources/App/Shell.swift:35 warning security/unsafe-shell",
            // Credentials by where they go: a short word as a Postgres password, a fallback
            // default (warning), an HMAC signer's key, a Bearer header.
            "Sources/App/configure.swift:7 error security/hardcoded-secret",
            "Sources/App/configure.swift:9 warning security/hardcoded-secret",
            "Sources/App/configure.swift:11 error security/hardcoded-secret",
            "Sources/App/configure.swift:17 error security/hardcoded-secret",
            // In tests only a provider-format key fails the build; Specs/ is a test target named only
            // in Package.swift, so its password is not reported either.
            "Tests/AppTests/LoginTests.swift:8 error security/hardcoded-secret",
        ])
    }
}
