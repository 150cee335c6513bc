// gatekeeper:ignore-file security/hardcoded-secret -- the rule examples hold fake keys on purpose
import Foundation

/// `security`: hardcoded secrets, shell execution, and insecure API use, read from tokens so a
/// string is told from a comment from code.
public struct SecurityCheck: Check {
    public static let id = "security"
    public static let summary = "Hardcoded secrets, unsafe shell calls and insecure API use."

    public static let hardcodedSecret = Rule(id: "security/hardcoded-secret", severity: .error, securitySeverity: "8.0", confidence: .medium,
        summary: "A secret (API key, token, password, private key) is written in the source.",
        description: """
        Provider formats (AWS, GitHub, GitLab, Slack, Stripe live keys, Google, Twilio, SendGrid, \
        Mailgun, npm, PyPI, OpenAI, Anthropic, PEM private keys, JWTs, Azure storage keys, URLs with a \
        password) are found in the literal parts of string literals and in comments; detectors are \
        data in rules/security/secrets.json5. The generic detector reports a literal given to a \
        secret-like name (`apiKey`, `password`, `client_secret`, …: the name's last word) when it \
        looks real: at least 8 characters, no spaces, entropy of at least 3.0 bits per character, \
        not a placeholder, and not an identifier (a defaults or keychain key, a reverse-DNS name, words \
        joined by separators or case that hold a credential word, a control character). Confidence: \
        high for a provider format, a credential parameter of a known API, an Authorization header or \
        a signing key; medium for a credential argument or a random-looking value; low for a plain \
        value given to a variable named like a secret, a loopback database's password, a private key \
        or JSON web token in test, #if DEBUG or simulator-only code, any key in a test resource or a \
        vendored tree (node_modules, vendor, site-packages), a named value in #if DEBUG code or in a member \
        named for sample data (static var example, sample, mock), a template's \
        password beside its user name, one capitalised word, a named value in another language's source \
        (JavaScript, Python, …), and anything in a Swift file beside Package.swift that no target builds. \
        Test code is also any file importing XCTest or Swift Testing, or a module @testable. Variable references \
        ($X, ${{ secrets.X }}) and template database URLs (vapor_username:vapor_password@db) are no \
        secrets. Reports show at most the first four characters of a secret. \
        Move the secret to the environment or a secret store, and rotate it.
        """,
        triggering: "let client = Client(token: \"ghp_Z3d8Kq0LmN4vR7tY1wX9aB2cD5eF6gH8iJ0k\")",
        nonTriggering: """
            let token = ProcessInfo.processInfo.environment["GITHUB_TOKEN"] ?? ""
            let passwordField = "Enter your password"
            """)

    public static let unsafeShell = Rule(id: "security/unsafe-shell", severity: .error, securitySeverity: "8.0",
        summary: "A shell runs a command; built at run time, that is command injection.",
        description: """
        Error: a command built at run time (interpolated, concatenated, or a variable that is not a \
        plain literal) reaches a shell: Process/NSTask running /bin/sh, bash, zsh (or /usr/bin/env \
        with one) with -c; system, popen, exec*/posix_spawn of a shell; swift-subprocess \
        `run(.path("/bin/sh"), arguments: ["-c", …])`; ShellOut's `shellOut(to:)`; the project's own \
        wrappers, in any file (a function passing its parameter to a shell, or to such a function: \
        interpolated or concatenated text given to them is an error, medium confidence through a \
        wrapper of a wrapper); and the helpers named in `checks.security.shellWrappers` (wrappers \
        whose source is not in the tree). Warning: the same with a constant command or one built only \
        from numbers (an Int pid or port), text through the project's own single-quote helper and \
        fixed-format dates, a wrapper's own body, and system/popen at all. Run the program directly \
        with an argument array instead.
        """,
        triggering: """
            import Foundation
            func list(_ dir: String) throws {
                let p = Process()
                p.executableURL = URL(fileURLWithPath: "/bin/sh")
                p.arguments = ["-c", "ls \\(dir)"]
                try p.run()
            }
            """,
        nonTriggering: """
            import Foundation
            func list(_ dir: String) throws {
                let p = Process()
                p.executableURL = URL(fileURLWithPath: "/bin/ls")
                p.arguments = [dir]
                try p.run()
            }
            """)

    public static let weakHash = Rule(id: "security/weak-hash", severity: .warning, securitySeverity: "5.0", confidence: .medium,
        summary: "A broken hash function (MD5, SHA-1, MD4, MD2) is used.",
        description: """
        `Insecure.MD5`, `Insecure.SHA1`, `CC_MD5`, `CC_SHA1` and friends cannot protect integrity or \
        passwords. A warning, since non-security checksums (ETags, caches) use them legitimately: \
        suppress those with a reason. SHA-1 in a WebSocket handshake (RFC 6455 mandates it) is not reported.
        """,
        triggering: """
            import Crypto
            let digest = Insecure.MD5.hash(data: data)
            """,
        nonTriggering: """
            import Crypto
            let digest = SHA256.hash(data: data)
            """)

    public static let weakCipher = Rule(id: "security/weak-cipher", severity: .error, securitySeverity: "8.0",
        summary: "A broken cipher or mode (DES, 3DES, RC4, RC2, Blowfish, ECB) is used.",
        description: "CommonCrypto's DES, 3DES, RC2, RC4, Blowfish and CAST algorithms and ECB mode do not protect data. Use AES-GCM or ChaCha20-Poly1305.",
        triggering: "let status = CCCrypt(op, CCAlgorithm(kCCAlgorithmDES), options, key, keyLength, nil, input, inputLength, output, outputLength, &moved)",
        nonTriggering: "let box = try AES.GCM.seal(data, using: key)")

    public static let tlsValidationDisabled = Rule(id: "security/tls-validation-disabled", severity: .error, securitySeverity: "8.0",
        summary: "TLS certificate validation is turned off.",
        description: """
        A URLSession challenge handler that answers with `URLCredential(trust:)` without evaluating \
        the trust (`SecTrustEvaluateWithError`, or the project's own check given the trust: inside \
        `if pin.validate(serverTrust:)`, `case .success:` of its result, or after a `guard` on it), or \
        SwiftNIO SSL's `certificateVerification = .none`, lets any server impersonate the peer. In \
        test sources (a `Tests` folder, `…Tests.swift`), \
        where local self-signed servers are common, it is a warning.
        """,
        triggering: """
            var tls = TLSConfiguration.makeClientConfiguration()
            tls.certificateVerification = .none
            """,
        nonTriggering: """
            var tls = TLSConfiguration.makeClientConfiguration()
            tls.certificateVerification = .fullVerification
            """)

    public static let insecureHTTP = Rule(id: "security/insecure-http", severity: .warning, securitySeverity: "5.0",
        summary: "A cleartext http:// URL to a real host.",
        description: """
        An `http://` string literal to a host other than loopback, private addresses, reserved \
        example names, and XML/JSON namespace identifiers (listed in rules/security/insecure-api.json5) \
        sends data in the clear. Test sources are not checked.
        """,
        triggering: "let endpoint = URL(string: \"http://api.payments.io/v1/charge\")",
        nonTriggering: """
            let endpoint = URL(string: "https://api.payments.io/v1/charge")
            let local = URL(string: "http://localhost:8080")
            """)

    public static let rules: [Rule] = [hardcodedSecret, unsafeShell, weakHash, weakCipher, tlsValidationDisabled, insecureHTTP]

    let secrets: SecretScanner
    /// The same detectors over the other text files.
    let configSecrets: ConfigSecretScanner
    let shell: ShellScanner
    let insecureAPI: InsecureAPIScanner
    let allowPaths: [Glob]

    public init(options: CheckOptions) throws {
        var detectors = try SecretDetector.load(RulePacks.pack("security/secrets.json5")["detectors"] ?? .array([]), keyPath: "rules/security/secrets.json5",
                                                validating: false)
        if let custom = options.value("detectors") {
            detectors += try SecretDetector.load(custom, keyPath: "checks.security.detectors")
        }
        let disabled = try options.strings("disabledDetectors") ?? []
        for id in disabled where !detectors.contains(where: { $0.id == id }) {
            throw ConfigurationError("checks.security.disabledDetectors: unknown detector '\(id)'")
        }
        detectors.removeAll { disabled.contains($0.id) }
        let allowValues = try (options.strings("allowValues") ?? []).map { pattern in
            do {
                return try NSRegularExpression(pattern: pattern)
            } catch {
                throw ConfigurationError("checks.security.allowValues: invalid regular expression \(pattern)")
            }
        }
        allowPaths = try (options.strings("allowPaths") ?? []).enumerated().map { try Glob.configured($1, key: options.path("allowPaths[\($0)]")) }
        secrets = SecretScanner(detectors: detectors, allowValues: allowValues, rule: Self.hardcodedSecret)
        configSecrets = ConfigSecretScanner(detectors: detectors, allowValues: allowValues, rule: Self.hardcodedSecret)
        shell = ShellScanner(rule: Self.unsafeShell, wrappers: Set(try options.strings("shellWrappers") ?? []))
        insecureAPI = InsecureAPIScanner(weakHash: Self.weakHash, weakCipher: Self.weakCipher,
                                         tlsDisabled: Self.tlsValidationDisabled, insecureHTTP: Self.insecureHTTP,
                                         allowHosts: try (options.strings("allowHosts") ?? []).enumerated().map { index, host in
                                             try Glob.configured(host.lowercased(), key: options.path("allowHosts[\(index)]"))
                                         })
    }

    /// The manifests tell which ShellOut a package uses.
    private var manifests = Manifests()

    public var inputs: [InputRequest] { [.nearest(named: "Package.swift"), .textFiles] }

    /// A text file other than Swift (a config, a key): read for secrets only.
    public func analyze(input: InputFile) -> FileAnalysis<ShellFacts> {
        guard !allowPaths.contains(where: { $0.matches(input.relativePath) }) else { return FileAnalysis() }
        // Test resources (a saved web page, a fixture's key) and third-party trees hold data captured or
        // shipped by others: their provider-format keys are reported at low confidence, and no name is evidence.
        let isTest = manifests.isTest(input.relativePath, absolutePath: input.absolutePath)
        let notOurs = isTest || SourcePaths.isVendored(input.relativePath)
        var findings = configSecrets.scan(input, isTest: notOurs)
        // Most text files hold no secret: no AWS pair to look for beside one, and no lines to index for it.
        guard !findings.isEmpty else { return FileAnalysis(findings: findings) }
        let lines = LineIndex(bytes: input.bytes ?? [])
        findings = Self.onePerLine(findings + AWSKeyPairs.secrets(beside: findings, lines: lines, file: input.path, rule: Self.hardcodedSecret))
        if notOurs { for index in findings.indices { findings[index].confidence = .low } }
        return FileAnalysis(findings: findings)
    }

    /// One secret finding per detector and line of a text file: a minified page or a captured response
    /// holds the same kind of key many times on one line, and one finding (naming how many more) says it.
    static func onePerLine(_ findings: [Finding]) -> [Finding] {
        var kept: [Finding] = []
        var firstOf: [String: Int] = [:]
        var more: [Int: Int] = [:]
        for finding in findings {
            let detector = finding.extra.first { $0.key == "detector" }?.value ?? ""
            let key = "\(finding.rule.id)\u{0}\(finding.file)\u{0}\(finding.line)\u{0}\(detector)"
            guard finding.rule == hardcodedSecret, let first = firstOf[key] else {
                if finding.rule == hardcodedSecret { firstOf[key] = kept.count }
                kept.append(finding)
                continue
            }
            more[first, default: 0] += 1
        }
        for (index, count) in more { kept[index].message += " (and \(count) more on this line)" }
        return kept
    }

    public func configured(with inputs: [InputFile]) throws -> SecurityCheck {
        var check = self
        check.manifests = Manifests(inputs)
        return check
    }

    /// Test code (tests, mocks, fixtures, previews) fails a build only for a provider-format key:
    /// real keys leak from tests too; anything else there is at most a warning.
    public func analyze(_ file: SourceFile) -> FileAnalysis<ShellFacts> {
        let isTest = manifests.isTest(file)
        let secretsAllowed = allowPaths.contains { $0.matches(file.relativePath) }
        // Whose shellOut a file calls is asked only of a file that may call one.
        let shellFindings = shell.scan(file, shellOutRunsAShell: Self.shellOutRunsAShell(manifests.nearest(to: file.absolutePath)))
        let wrapperFacts = ShellWrappers.facts(file, shellFindings: shellFindings, isTest: isTest)
        let secretFindings = secretsAllowed ? [] : secrets.scan(file, isTest: isTest || SourcePaths.isVendored(file.relativePath))
        let findings = secretFindings + AWSKeyPairs.secrets(beside: secretFindings, lines: file.lines, file: file.path, rule: Self.hardcodedSecret)
            + shellFindings + insecureAPI.scan(file, isTest: isTest)
        var graded = Self.graded(findings, in: file, isTest: isTest)
        // Beside a package's manifest and in none of its targets, the file is built into nothing.
        if !graded.isEmpty, manifests.isOutsideTargets(file.absolutePath) { for index in graded.indices { graded[index].confidence = .low } }
        return FileAnalysis(findings: graded, facts: wrapperFacts.isEmpty ? nil : wrapperFacts)
    }

    /// Test code (and preview code in a production file) fails a build only for a provider-format
    /// key; a private key or a JSON web token there, or in `#if DEBUG` / simulator-only code, is
    /// nearly always a generated fixture or test vector (a test TLS or PGP key, a demo ticket), and a
    /// value given to a secret-like name in such debug code a debug menu's, or sample data's (a member
    /// or a file named for it): low, still reported.
    private static func graded(_ found: [Finding], in file: SourceFile, isTest: Bool) -> [Finding] {
        // Most files have no finding: nothing to grade, and no pass over the file for debug or preview code.
        guard !found.isEmpty else { return found }
        var findings = found
        let previews = isTest ? [] : PreviewCode.lineRanges(in: file)
        // Debug-only code, and the sample data of members named for it (`static var example`), alike
        // (looked for only in a file with a secret to grade).
        let hasSecrets = found.contains { $0.rule == hardcodedSecret }
        let debug = DebugCode.lineRanges(in: file) + (hasSecrets ? ExampleMembers.lineRanges(in: file) : [])
        // A file named for sample data is sample data throughout.
        let exampleFile = hasSecrets && ExampleMembers.namesExample(file.path)
        let inTestCode = { (finding: Finding) in isTest || previews.contains { $0.contains(finding.line) } }
        let detector = { (finding: Finding) in finding.extra.first { $0.key == "detector" }?.value }
        if !previews.isEmpty { findings.removeAll { inTestCode($0) && $0.rule == hardcodedSecret && detector($0) == "generic" } }
        for index in findings.indices {
            let finding = findings[index]
            if finding.rule == hardcodedSecret {
                let inDebugCode = exampleFile || debug.contains { $0.contains(finding.line) }
                let isTestVector = ["private-key", "jwt"].contains(detector(finding))
                if (isTestVector && (inTestCode(finding) || inDebugCode)) || (detector(finding) == "generic" && inDebugCode) {
                    findings[index].confidence = .low
                }
            } else if finding.severity == .error, inTestCode(finding) {
                findings[index].severity = .warning
            }
        }
        return findings
    }

    /// Calls of the project's own shell wrappers, in any file, with text built at run time.
    public func analyzeProject(_ facts: [ShellFacts]) -> [Finding] {
        ShellWrappers.findings(facts, rule: Self.unsafeShell, configured: shell.wrappers)
    }

    /// JohnSundell's ShellOut runs `bash -c`; a package that depends on another ShellOut (Swift
    /// Package Index's fork runs the program with an argument array) does not.
    static func shellOutRunsAShell(_ manifest: Manifests.Manifest?) -> Bool {
        let shellOuts = manifest?.dependencyURLs.map { $0.lowercased() }.filter { $0.contains("shellout") } ?? []
        return shellOuts.isEmpty || shellOuts.contains { $0.contains("johnsundell/shellout") }
    }
}
