import Foundation

/// A provider-format secret detector, read from `rules/security/secrets.json5` or from
/// `checks.security.detectors`.
struct SecretDetector: @unchecked Sendable {
    var id: String
    var description: String
    var pattern: DetectorPattern
    /// Lowercase byte strings; one must occur (ignoring case) for the pattern to run.
    var keywords: [[UInt8]]
    /// Lowercase byte strings that must all occur too.
    var requires: [[UInt8]]
    var entropy: Double?
    var scansComments: Bool
    var placeholders: [DetectorPattern]
    /// Below the rule's error for keys designed to ship in apps (publishable keys), with why.
    var severity: Severity?
    var note: String?

    /// The secrets this detector finds in `text`, with their UTF-16 ranges.
    func matches(in text: String) -> [(secret: String, range: NSRange)] {
        guard keywords.isEmpty || keywords.contains(where: { ByteSearch.contains(text, $0) }),
              requires.allSatisfy({ ByteSearch.contains(text, $0) }) else { return [] }
        guard let regex = pattern.regex else { return [] }
        let whole = NSRange(text.startIndex..., in: text)
        return regex.matches(in: text, range: whole).compactMap { match in
            var range = match.range(withName: "secret")
            if range.location == NSNotFound { range = match.range }
            guard let swiftRange = Range(range, in: text) else { return nil }
            let secret = String(text[swiftRange])
            if let entropy, SecretHeuristics.entropy(secret) < entropy { return nil }
            let secretRange = NSRange(secret.startIndex..., in: secret)
            if placeholders.contains(where: { $0.regex?.firstMatch(in: secret, range: secretRange) != nil }) { return nil }
            // `(?<user>…)`: a password made of the user name's own words (`vapor:vapor_password@db`) is a template's.
            if pattern.source.contains("(?<user>"), let user = Range(match.range(withName: "user"), in: text),
               SecretHeuristics.isPlaceholderPassword(secret, user: String(text[user])) { return nil }
            return (secret, range)
        }
    }

    /// Whether `value` is a documented example of this detector's format (it matches the pattern and a
    /// placeholder, as jwt.io's example token does): no secret for the generic detector either.
    func isDocumentedExample(_ value: String) -> Bool {
        guard !placeholders.isEmpty, keywords.isEmpty || keywords.contains(where: { ByteSearch.contains(value, $0) }),
              let regex = pattern.regex else { return false }
        let range = NSRange(value.startIndex..., in: value)
        return regex.firstMatch(in: value, range: range) != nil && placeholders.contains { $0.regex?.firstMatch(in: value, range: range) != nil }
    }

    /// Reads detectors from a JSON array; `keyPath` names the source in errors. `validating`: each
    /// pattern is compiled now, so a bad one is an error here (a user's); the built-in pack's, which
    /// a test compiles, are compiled on first use.
    static func load(_ value: JSONValue, keyPath: String, validating: Bool = true) throws -> [SecretDetector] {
        guard let items = value.arrayValue else { throw ConfigurationError("\(keyPath) must be an array of detectors") }
        return try items.enumerated().map { index, item in
            let detector = try JSONObjectReader(item, keyPath: "\(keyPath)[\(index)]")
            guard let id = try detector.string("id"), !id.isEmpty else { throw ConfigurationError("\(detector.path("id")) must be a non-empty string") }
            guard let pattern = try detector.string("pattern") else { throw ConfigurationError("\(detector.path("pattern")) must be a string") }
            func regex(_ text: String, _ key: String) throws -> DetectorPattern {
                do {
                    if validating { _ = try NSRegularExpression(pattern: text) }
                    return DetectorPattern(text)
                } catch {
                    throw ConfigurationError("\(detector.path(key)) is not a valid regular expression: \(text)")
                }
            }
            let loaded = SecretDetector(
                id: id, description: try detector.string("description") ?? id, pattern: try regex(pattern, "pattern"),
                keywords: (try detector.strings("keywords") ?? []).map(ByteSearch.needle),
                requires: (try detector.strings("requires") ?? []).map(ByteSearch.needle), entropy: try detector.double("entropy", in: 0...8),
                scansComments: try detector.bool("comments") ?? true,
                placeholders: try (detector.strings("placeholders") ?? []).map { try regex($0, "placeholders") },
                severity: try detector.string("severity").map { text in
                    guard let severity = Severity(rawValue: text) else {
                        throw ConfigurationError("\(detector.path("severity")) must be \"info\", \"warning\" or \"error\"")
                    }
                    return severity
                },
                note: try detector.string("note"))
            try detector.finish()
            return loaded
        }
    }
}

/// Every detector's keywords and whose each is, and the detectors without any: one pass over a
/// file's bytes tells which detectors may match where (most files: none, anywhere).
struct DetectorKeywords: Sendable {
    private let needles: NeedleSet
    private let owners: [Int]
    /// The detectors without keywords, which may match in any text.
    let keywordless: Set<Int>

    init(_ detectors: [SecretDetector]) {
        let owned = detectors.enumerated().flatMap { index, detector in detector.keywords.map { (index, $0) } }
        needles = NeedleSet(owned.map(\.1))
        owners = owned.map(\.0)
        keywordless = Set(detectors.indices.filter { detectors[$0].keywords.isEmpty })
    }

    /// Each keyword found in `ranges` of `bytes`: the index of its detector and where it starts.
    func occurrences(in bytes: [UInt8], ranges: [Range<Int>]) -> [(detector: Int, start: Int)] {
        needles.occurrences(in: bytes, ranges: ranges).map { (owners[$0.needle], $0.start) }
    }
}

/// A detector's regular expression, compiled on its first use from any thread: most runs of a warm
/// cache use none, and compiling the built-in pack's (with ICU's one-time set-up) took 2 ms of
/// every run. Immutable once compiled; matching is safe from several threads.
final class DetectorPattern: Sendable {
    let source: String
    private let compiled = Once<NSRegularExpression?>()

    init(_ source: String) {
        self.source = source
    }

    /// Nil only for a pattern that does not compile, which `load` rejects unless told not to check.
    var regex: NSRegularExpression? {
        compiled.value { try? NSRegularExpression(pattern: source) }
    }
}

/// The generic detector's judgement: which names are secret-like, which values look like real
/// secrets rather than placeholders. Documented in the README.
enum SecretHeuristics {
    /// Shannon entropy in bits per character.
    static func entropy(_ text: String) -> Double {
        var counts: [Character: Int] = [:]
        for character in text { counts[character, default: 0] += 1 }
        let total = Double(text.count)
        guard total > 0 else { return 0 }
        return counts.values.reduce(0) { sum, count in
            let probability = Double(count) / total
            return sum - probability * log2(probability)
        }
    }


    private static let secretNouns: Set<String> = [
        "password", "passwd", "pwd", "passphrase", "secret", "token", "credential", "credentials", "authorization",
        "apikey", "accesskey", "privatekey", "secretkey", "clientsecret", "authtoken", "accesstoken", "refreshtoken",
    ]
    private static let secretNameParts = NeedleSet(["pass", "pwd", "secret", "token", "credential", "authorization", "key"].map(ByteSearch.needle))
    private static let keyQualifiers: Set<String> = ["api", "access", "private", "secret", "client", "auth", "signing", "encryption", "master", "app"]

    /// Whether a name says it holds a secret: its last word is a secret noun (`dbPassword`,
    /// `refresh_token`) or `key` after a qualifier (`apiKey`, `PRIVATE_KEY`). Names that only
    /// mention the word (`passwordField`, `tokenizer`, `secretLabel`, `tokenType`) do not.
    static func isSecretName(_ name: String) -> Bool {
        // Its last word holds one of these: a name without any is no secret's, and splitting it into words costs more.
        guard secretNameParts.containsAny(in: Array(name.utf8)) else { return false }
        let parts = Identifier.words(name)
        guard let last = parts.last else { return false }
        // `invalidPassword`, `expiredToken`: names of an error or a state, not of a credential.
        if let first = parts.first, parts.count > 1, ["invalid", "missing", "wrong", "expired", "bad", "incorrect", "empty", "no"].contains(first) {
            return false
        }
        // `publicKey`, `publicKeyToken`, `publishableKey`: what is published is no secret.
        if parts.contains("public") || parts.contains("publishable") { return false }
        if secretNouns.contains(last) { return true }
        if last == "key", parts.count >= 2, keyQualifiers.contains(parts[parts.count - 2]) { return true }
        return false
    }

    /// A type's or a notification's name (`"PVWebServerNotifications"`): letters in upper camel case,
    /// three words or more, none of them a credential's.
    static func isTypeLikeName(_ value: String) -> Bool {
        guard value.first?.isUppercase == true, value.allSatisfy({ $0.isASCII && $0.isLetter }), value.contains(where: \.isLowercase) else { return false }
        let words = Identifier.words(value)
        return words.count >= 3 && !words.contains { secretNouns.contains($0) || $0 == "key" || $0 == "auth" }
    }

    private static let placeholderWords = [
        "changeme", "change_me", "change-me", "example", "placeholder", "dummy", "sample", "your", "xxx", "***", "...",
        "redacted", "todo", "fixme", "replace", "insert", "password", "passwd", "secret", "token", "test", "fake", "mock",
        "invalid", "default", "foobar", "lorem", "<", "${", "$(", "{{", "%@", "%s", "%d",
    ]

    /// What part of a value assigned to a secret-like name is the secret: an HTTP auth scheme
    /// (`Bearer`, `Basic`, `Token`) is not.
    static func secretPart(_ value: String) -> String {
        for scheme in ["Bearer ", "Basic ", "Token ", "token ", "Bot ", "Digest "] where value.hasPrefix(scheme) {
            return String(value.dropFirst(scheme.count)).trimmingCharacters(in: .whitespaces)
        }
        return value
    }

    /// A header value with its scheme: `Bearer` and a token-like value, or `Basic` and base64
    /// `user:password` (`"Basic Information"` is a title, not credentials).
    static func isAuthorizationValue(_ value: String) -> Bool {
        if value.hasPrefix("Bearer ") { return looksLikeSecret(secretPart(value)) }
        if value.hasPrefix("Basic ") { return basicCredentialsPassword(secretPart(value)).map(looksLikeSecret) ?? false }
        return false
    }

    /// Basic credentials (`base64(user:password)`) are judged by their password:
    /// `YWxhZGRpbjpvcGVuc2VzYW1l` is RFC 7617's `aladdin:opensesame`, no secret.
    static func basicCredentialsPassword(_ value: String) -> String? {
        guard value.count % 4 == 0, let data = Data(base64Encoded: value), let decoded = String(data: data, encoding: .utf8),
              let colon = decoded.firstIndex(of: ":") else { return nil }
        return String(decoded[decoded.index(after: colon)...])
    }

    /// Whether a value looks like a real secret: at least 8 characters, no whitespace, entropy of
    /// at least 3.0 bits per character, and not a placeholder, UUID, key name, localization key,
    /// path, URL, e-mail address, environment reference or password hash. Basic credentials are
    /// judged by their decoded password.
    static func looksLikeSecret(_ value: String) -> Bool {
        if let password = basicCredentialsPassword(value) { return looksLikeSecret(password) }
        guard value.count >= 8, !value.contains(where: \.isWhitespace) else { return false }
        // A password hash (PostgreSQL's `md5…`) is not the password.
        if matches(value, "^(md5|sha1|sha224|sha256|sha384|sha512)[0-9a-f]{32,}$") { return false }
        let lowered = value.lowercased()
        if placeholderWords.contains(where: { lowered.contains($0) }) { return false }
        if Set(value).count <= 2 || isFiller(value) || exactPlaceholders.contains(lowered) { return false }
        if value.hasPrefix("/") || value.hasPrefix("./") || value.hasPrefix("~/") || lowered.hasPrefix("http") || value.hasPrefix("$") { return false }
        if value.contains("@") && value.contains(".") { return false }
        if matches(value, "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$") { return false }
        if matches(value, "^[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]+)+$") && !value.contains(where: \.isNumber) { return false }
        if matches(value, "^[a-z]+([_.-][a-z]+)*$") || matches(value, "^[A-Z]+(_[A-Z]+)*$") { return false }
        return entropy(value) >= 3.0
    }

    /// Values that name or point at a credential rather than being one.
    private static let headerNames: Set<String> = [
        "authorization", "proxy-authorization", "x-api-key", "x-auth-token", "x-access-token", "cookie", "set-cookie", "x-csrf-token",
    ]
    /// Besides placeholders, GitHub's documented fixed words: `x-oauth-basic` is the password when a token is the login
    /// (`login $TOKEN password x-oauth-basic`), `x-access-token` the login when an app token is the password.
    private static let exactPlaceholders: Set<String> = ["changeme", "change_me", "change-me", "placeholder", "dummy", "redacted", "none", "null", "nil",
                                                         "x-oauth-basic", "x-access-token"]

    /// Whether a literal given to a credential (`password:`, `apiKey`) is one: any value, short and
    /// plain ones included (`"aboba"`), except what names or points at a credential instead: empty
    /// or spaced text, placeholders (`changeme`, `<token>`, `${X}`, `xxx`), the credential's own
    /// name (`token: "token"`), an environment variable's name (`"DB_PASSWORD"`), an HTTP header
    /// name, a path or URL, an environment reference.
    static func isCredentialValue(_ value: String, name: String) -> Bool {
        guard value.count >= 3, !value.contains(where: \.isWhitespace) else { return false }
        let lowered = value.lowercased()
        if exactPlaceholders.contains(lowered) || headerNames.contains(lowered) { return false }
        if ["<", "${", "$(", "{{", "%@", "%s", "xxx", "***", "...", "your", "example", "placeholder"].contains(where: { lowered.contains($0) }) { return false }
        if Set(value).count <= 2 || isFiller(value) { return false }
        // Its own name (`token: "token"`, `apiKey = "API_KEY"`) or a bare credential word: a key, not a secret.
        let words = Identifier.words(value)
        if words == Identifier.words(name) || (words.count == 1 && secretNouns.contains(words[0])) { return false }
        // `static let keychainAuthKey = "notifications_auth_key"`: a `…Key` holding an identifier
        // that ends in `key` names a storage slot (keychain, defaults), not a secret.
        if Identifier.words(name).last == "key", words.last == "key", matches(value, "^[A-Za-z0-9]+([_.-][A-Za-z0-9]+)*$") { return false }
        if matches(value, "^[A-Z][A-Z0-9]*(_[A-Z0-9]+)+$") { return false }
        if (value.contains("/") && !isKeyMaterial(value)) || value.hasPrefix("~") || lowered.hasPrefix("http") || value.hasPrefix("$") { return false }
        if matches(lowered, "\\.(key|pem|p8|p12|pfx|cer|crt|der|json|plist|txt|env|keystore|jks)$") { return false }
        if matches(value, "^(md5|sha1|sha224|sha256|sha384|sha512)[0-9a-f]{32,}$") { return false }
        if matches(value, "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$") { return false }
        if let password = basicCredentialsPassword(value) { return isCredentialValue(password, name: name) }
        return true
    }

    /// Filler shaped like a credential, not one: after a short prefix of letters (`xoxb-`, `sk_`), characters
    /// that only count up or repeat (`xoxb-123-456-789`, `sk_test_123456789`, `abcdefgh`, `1111-2222`), or letters and
    /// digits that each do (`a1b2c3d4e5f6`). A secret is random.
    static func isFiller(_ value: String) -> Bool {
        var parts = value.split(whereSeparator: { "-_.: ".contains($0) }).map { Array($0.utf8) }
        while parts.count > 1, let first = parts.first, first.count <= 5, first.allSatisfy({ $0 >= UInt8(ascii: "a") && $0 <= UInt8(ascii: "z") }) {
            parts.removeFirst()
        }
        let body = parts.flatMap { $0 }
        let isASCIILetter = { (byte: UInt8) in (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte | 0x20) }
        guard body.count >= 6, body.allSatisfy({ isDigit($0) || isASCIILetter($0) }) else { return false }
        // `a1b2c3d4…`: letters and digits counting up side by side.
        let letters = body.filter { !isDigit($0) }, digits = body.filter(isDigit)
        return countsUp(body) || (letters.count >= 3 && digits.count >= 3 && countsUp(letters) && countsUp(digits))
    }

    private static func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }

    /// Each character the one before it or the next (`9` then `0` too).
    private static func countsUp(_ bytes: [UInt8]) -> Bool {
        zip(bytes, bytes.dropFirst()).allSatisfy { previous, next in
            next == previous || next == previous &+ 1 || (previous == UInt8(ascii: "9") && next == UInt8(ascii: "0"))
        }
    }

    /// Words a template's credentials are made of (`vapor_username:vapor_password`, `app:changeme`).
    private static let templateCredentialWords: Set<String> = [
        "user", "username", "pass", "password", "passwd", "pwd", "pw", "secret", "changeme", "change", "me", "example", "sample", "test",
        "demo", "dev", "local", "default", "admin", "root", "guest", "db", "database", "my", "your", "app",
    ]

    /// A word-shaped password (letters and separators, no digits) made only of the user name's own
    /// words and credential or template words: a placeholder. A random-looking one is a password.
    static func isPlaceholderPassword(_ password: String, user: String) -> Bool {
        guard matches(password, "^[A-Za-z]+([_.-][A-Za-z]+)*$") else { return false }
        let own = Set(Identifier.words(user).map { $0.lowercased() })
        return Identifier.words(password).allSatisfy { own.contains($0.lowercased()) || templateCredentialWords.contains($0.lowercased()) }
    }

    /// A reference to a variable the CI or the shell fills in, not a value: `$APPLE_ID_PWD`,
    /// `"${DB_PASSWORD}"`, `${DB_PASSWORD:-x}`, `${{ secrets.TOKEN }}`, `$(TOKEN)`, `%TOKEN%`, `$env:TOKEN`.
    static func isVariableReference(_ value: String) -> Bool {
        // Every form starts with `$` or `%`: a value with neither is none, and needs no trimming or pattern.
        guard value.utf8.contains(where: { $0 == UInt8(ascii: "$") || $0 == UInt8(ascii: "%") }) else { return false }
        var text = value.trimmingCharacters(in: .whitespaces)
        if text.count >= 2, let first = text.first, first == "\"" || first == "'", text.last == first { text = String(text.dropFirst().dropLast()) }
        let name = "[A-Za-z_][A-Za-z0-9_.]*"
        return matches(text, "^(\\$\\{\\{[^}]*\\}\\}|\\$\(name)|\\$\\{\(name)(:?[-=?+][^}]*)?\\}|\\$\\(\(name)\\)|%\(name)%|\\$env:\(name))$")
    }

    /// Whether a secret is too long and random for its hash to be reversed by guessing (a key, not a
    /// password): only such a secret's SHA-256 goes into its fingerprint.
    static func isUnguessable(_ secret: String) -> Bool {
        secret.count >= 20 && entropy(secret) >= 3.5
    }

    /// A `/` makes a value a path, unless it is base64 key material (most AWS secret keys hold
    /// one): 20 or more characters of the base64 alphabets, upper and lower case and digits, no dot.
    static func isKeyMaterial(_ value: String) -> Bool {
        value.count >= 20 && !value.hasPrefix("/") && matches(value, "^[A-Za-z0-9+/=_-]+$") && value.contains(where: \.isUppercase)
            && value.contains(where: \.isLowercase) && value.contains(where: \.isNumber)
    }

    static func matches(_ text: String, _ pattern: String) -> Bool {
        text.range(of: pattern, options: .regularExpression) != nil
    }

    /// At most the first four characters, as every report shows a secret.
    static func redacted(_ secret: String) -> String {
        String(secret.prefix(4)) + "…"
    }
}

extension Array where Element == SecretDetector {
    /// Whether some detector calls `value` a documented example of its format: the generic detector reports it neither.
    func documentExample(_ value: String) -> Bool {
        contains { $0.isDocumentedExample(value) }
    }
}
