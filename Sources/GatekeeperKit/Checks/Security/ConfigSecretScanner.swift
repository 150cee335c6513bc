import Foundation

/// Secrets in the other text files a Swift repository keeps them in (`.xcconfig`, `Info.plist`,
/// `GoogleService-Info.plist`, `.env`, JSON and YAML configuration, `.netrc`, Fastlane's
/// `Appfile`/`Fastfile`, `.p8`/`.pem` keys): the provider detectors on every line, and credential
/// assignments in each format's own syntax, judged as the Swift scanner judges a literal given to
/// a credential name (`SecretHeuristics`).
struct ConfigSecretScanner {
    let detectors: [SecretDetector]
    let allowValues: [NSRegularExpression]
    let rule: Rule
    /// One pass over a file tells which lines may hold which provider's key (most lines: none).
    private let keywords: DetectorKeywords

    init(detectors: [SecretDetector], allowValues: [NSRegularExpression], rule: Rule) {
        (self.detectors, self.allowValues, self.rule) = (detectors, allowValues, rule)
        keywords = DetectorKeywords(detectors)
    }

    /// `NAME = value`, `NAME=value`, `export NAME=value`, `name: value` (xcconfig, `.env`, YAML,
    /// properties, ini), and `"name": "value"` pairs (JSON); the value up to a comment.
    private static let assignment = try! NSRegularExpression(
        pattern: #"^\s*(?:export\s+|-\s+)?["']?([A-Za-z_][A-Za-z0-9_.-]*)["']?\s*(?:=|:(?!:))\s*(.*?)\s*$"#)
    private static let jsonPair = try! NSRegularExpression(pattern: #""([A-Za-z_][A-Za-z0-9_.-]*)"\s*:\s*"((?:[^"\\]|\\.)*)""#)
    /// `password value` in `.netrc`, `ENV["NAME"] = "value"` and `name: "value"` in Ruby.
    /// The value is read inside its quotes and ends at one or a `;` (`echo "machine h login u password p" > ~/.netrc`).
    private static let netrc = try! NSRegularExpression(pattern: #"\b(password|passwd)\s+["']?([^\s"'`;]+)"#)
    private static let rubyEnv = try! NSRegularExpression(pattern: #"ENV\[["']([A-Za-z_][A-Za-z0-9_]*)["']\]\s*=\s*["']([^"']*)["']"#)
    private static let plistKey = try! NSRegularExpression(pattern: #"<key>\s*([^<]+?)\s*</key>"#)
    private static let plistString = try! NSRegularExpression(pattern: #"<string>([^<]*)</string>"#)

    /// What a line must hold for an assignment on it to be a credential's: a secret-like name's
    /// part, or an authorization scheme. Most lines hold none, and no regular expression runs on them.
    private static let credentialWords = NeedleSet(["pass", "pwd", "secret", "token", "credential", "authorization", "key", "bearer", "basic"]
        .map(ByteSearch.needle))
    /// Lines after a property list's `<key>` where its `<string>` may stand (a blank or comment line between).
    static let plistReach = 3
    /// Lines a PEM block may span: a private key's detector reads them together.
    static let pemLines = 60

    func scan(_ input: InputFile, isTest: Bool) -> [Finding] {
        guard let bytes = input.bytes, !bytes.isEmpty else { return [] }
        let lines = LineIndex(bytes: bytes)
        let whole = [0..<bytes.count]
        // Per line, the detectors with a keyword on it; and the lines that may assign a credential.
        var providers: [Int: Set<Int>] = [:]
        for occurrence in keywords.occurrences(in: bytes, ranges: whole) {
            providers[lines.location(ofByte: occurrence.start).line, default: []].insert(occurrence.detector)
        }
        // A team's detector without keywords may match on any line.
        if !keywords.keywordless.isEmpty {
            for line in 1...lines.count { providers[line, default: []].formUnion(keywords.keywordless) }
        }
        // Prose (a README's snippet `password: "my_password"`) shows how, not what, and a localization
        // (`"Password" = "Contraseña";`) holds UI text: provider formats only.
        var credentialLines = Set<Int>()
        if !isTest, !Self.isProse(input.absolutePath), !Self.isLocalization(input.absolutePath) {
            // A property list's value is on a line after its key; elsewhere a credential's name and value share its line.
            let reach = Self.readsPlistPairs(input.absolutePath) ? Self.plistReach : 0
            for occurrence in Self.credentialWords.occurrences(in: bytes, ranges: whole) {
                let line = lines.location(ofByte: occurrence.start).line
                credentialLines.formUnion(line...(line + reach))
            }
        }
        var findings: [Finding] = []
        var pendingPlistKey: (name: String, line: Int)?
        for number in Set(providers.keys).union(credentialLines).sorted() where number <= lines.count {
            let line = lines.text(of: number)
            let candidates = (providers[number] ?? []).sorted().map { detectors[$0] }
            var found = providerFindings(line, number: number, input: input, detectors: candidates, lines: lines)
            if found.isEmpty, credentialLines.contains(number) {
                let pairs = assignments(in: line, path: input.absolutePath, pendingPlistKey: &pendingPlistKey, number: number)
                found = pairs.compactMap { credentialFinding(name: $0.name, value: $0.value, line: line, number: number, input: input) }
            }
            findings += found
        }
        return findings
    }

    private func isAllowed(_ secret: String) -> Bool {
        allowValues.contains { $0.firstMatch(in: secret, range: NSRange(secret.startIndex..., in: secret)) != nil }
    }

    private func providerFindings(_ line: String, number: Int, input: InputFile, detectors: [SecretDetector], lines: LineIndex) -> [Finding] {
        var findings: [Finding] = []
        var seen = Set<String>()
        for detector in detectors {
            // A PEM block spans lines: its detector reads the lines from its header on together.
            let text = detector.id == "private-key"
                ? (number...min(lines.count, number + Self.pemLines)).map { lines.text(of: $0) }.joined(separator: "\n") : line
            for match in detector.matches(in: text) where !seen.contains(match.secret) && !isAllowed(match.secret) {
                seen.insert(match.secret)
                let note = detector.note.map { " (\($0))" } ?? ""
                var finding = self.finding(secret: match.secret, in: line, number: number, input: input,
                                           message: "\(detector.description) in \(Self.format(of: input.absolutePath)): "
                                               + "\(SecretHeuristics.redacted(match.secret))\(note)",
                                           detector: detector.id, hint: detector.description)
                finding.severity = detector.severity ?? finding.severity
                findings.append(finding)
            }
        }
        return findings
    }

    /// Property lists and XML pair a `<key>` with the `<string>` lines after it.
    private static func readsPlistPairs(_ path: String) -> Bool {
        path.hasSuffix(".plist") || path.hasSuffix(".xml")
    }

    /// The name/value pairs a line assigns, in the syntax of its file's format.
    private func assignments(in line: String, path: String, pendingPlistKey: inout (name: String, line: Int)?,
                             number: Int) -> [(name: String, value: String)] {
        let range = NSRange(line.startIndex..., in: line)
        func groups(_ match: NSTextCheckingResult) -> (name: String, value: String)? {
            guard let name = Range(match.range(at: 1), in: line), let value = Range(match.range(at: 2), in: line) else { return nil }
            return (String(line[name]), String(line[value]))
        }
        if Self.readsPlistPairs(path) {
            var pairs: [(name: String, value: String)] = []
            if let key = Self.plistKey.firstMatch(in: line, range: range), let name = Range(key.range(at: 1), in: line) {
                pendingPlistKey = (String(line[name]), number)
            }
            if let pending = pendingPlistKey, pending.line >= number - Self.plistReach, let string = Self.plistString.firstMatch(in: line, range: range),
               let value = Range(string.range(at: 1), in: line) {
                pairs.append((pending.name, String(line[value])))
                pendingPlistKey = nil
            }
            return pairs
        }
        let json = Self.jsonPair.matches(in: line, range: range).compactMap(groups)
        if !json.isEmpty { return json }
        let special = (Self.rubyEnv.matches(in: line, range: range) + Self.netrc.matches(in: line, range: range)).compactMap(groups)
        if !special.isEmpty { return special }
        return Self.assignment.firstMatch(in: line, range: range).flatMap(groups).map { [($0.name, Self.unquoted($0.value))] } ?? []
    }

    /// A value without its quotes, trailing `,`/`;`, or a trailing ` # comment` / ` // comment`.
    static func unquoted(_ raw: String) -> String {
        var value = raw
        if let first = value.first, first == "\"" || first == "'", let close = value.dropFirst().firstIndex(of: first) {
            return String(value[value.index(after: value.startIndex)..<close])
        }
        for marker in [" #", " //", "\t#"] { if let comment = value.range(of: marker) { value = String(value[..<comment.lowerBound]) } }
        while let last = value.last, last == "," || last == ";" || last == " " { value.removeLast() }
        return value
    }

    private func credentialFinding(name: String, value raw: String, line: String, number: Int, input: InputFile) -> Finding? {
        // `--password "$APPLE_ID_PWD"`, `token: ${{ secrets.TOKEN }}`: the CI fills it in; nothing is written here.
        if SecretHeuristics.isVariableReference(raw) { return nil }
        let value = SecretHeuristics.secretPart(raw.trimmingCharacters(in: .whitespaces))
        // Configuration holds settings beside credentials (`persist-credentials: false`, `id-token: write`,
        // a CI database's `POSTGRES_PASSWORD: test_password`, code in a script): the value must look like a secret too.
        let credential = SecretHeuristics.isSecretName(name) && SecretHeuristics.isCredentialValue(value, name: name)
            && SecretHeuristics.looksLikeSecret(value) && !value.contains(where: { "()[]{}<>".contains($0) })
        // `Authorization: Bearer …` says what it holds whatever the key's name.
        guard credential || SecretHeuristics.isAuthorizationValue(raw.trimmingCharacters(in: .whitespaces)), !isAllowed(value),
              !detectors.documentExample(value) else { return nil }
        return finding(secret: value, in: line, number: number, input: input,
                       message: "possible hardcoded secret given to `\(name)` in \(Self.format(of: input.absolutePath)): "
                           + SecretHeuristics.redacted(value),
                       detector: "generic", hint: "value given to a secret-like name", name: name)
    }

    /// Why a key is designed to ship inside the app, for the files SDKs tell a team to commit: the
    /// Google API key of Firebase's `GoogleService-Info.plist` / `google-services.json` (Firebase's
    /// documentation: "it's OK to include them in code or checked-in config files"; what protects the
    /// project is the key's restriction and the security rules), and Fabric's `APIKey` in `Info.plist`.
    /// Reported as info, as the publishable keys of the built-in detectors are: a team knows they are there.
    static func shippedByDesign(path: String, detector: String, name: String?, bytes: [UInt8]?) -> String? {
        let file = path.split(separator: "/").last.map { $0.lowercased() } ?? ""
        let firebaseConfig = (file.hasPrefix("googleservice-info") && file.hasSuffix(".plist")) || file == "google-services.json"
        if firebaseConfig, detector == "google-api-key" || name == "API_KEY" || name == "current_key" {
            return "a Firebase client key, designed to ship in the app; restrict it to the app in the Google Cloud console"
        }
        if file == "info.plist", detector == "generic", name == "APIKey", let bytes, ByteSearch.containsExactly(bytes, Self.fabricKey) {
            return "Fabric's API key, which its SDK reads from Info.plist and ships in the app; Fabric is retired, so it can go"
        }
        return nil
    }

    private static let fabricKey = Array("<key>Fabric</key>".utf8)

    /// `name`: the key a generic finding's value is given to.
    private func finding(secret: String, in line: String, number: Int, input: InputFile, message: String, detector: String, hint: String,
                         name: String? = nil) -> Finding {
        // A secret over several lines (a PEM block) is marked on its first.
        let first = String(secret.prefix { $0 != "\n" })
        let offset = line.range(of: first).map { line.utf8.distance(from: line.startIndex, to: $0.lowerBound) } ?? 0
        var finding = Finding(rule: rule, message: message, file: input.path, line: number, column: offset + 1, endLine: number,
                              endColumn: offset + first.utf8.count + 1, extra: [("detector", detector)])
        finding.baselineHint = "\(hint) (\(detector))"
        finding.redactsSource = true
        if SecretHeuristics.isUnguessable(secret) { finding.secretDigest = SHA256.hex(secret) }
        // A provider's format is the evidence; a value given to a secret-like key is one inference (it looks
        // random too); in another language's source, which is not lexed, the name is the only evidence.
        finding.confidence = detector != "generic" ? .high : Self.isOtherLanguageSource(input.absolutePath) ? .low : .medium
        if let shipped = Self.shippedByDesign(path: input.absolutePath, detector: detector, name: name, bytes: input.bytes) {
            finding.severity = .info
            finding.message += " (\(shipped))"
        }
        return finding
    }

    /// Localized UI text: `.strings`, `.stringsdict`, `.xcstrings`, and any file in an `.lproj` folder.
    static func isLocalization(_ path: String) -> Bool {
        let lowered = path.lowercased()
        return [".strings", ".stringsdict", ".xcstrings"].contains { lowered.hasSuffix($0) } || lowered.contains(".lproj/")
    }

    /// Source code of another language (JavaScript, Python, Objective-C, …): `token = 'variable-2'` there is
    /// code, not configuration. Ruby stays configuration (Fastlane's files, `ENV[…] =`).
    static func isOtherLanguageSource(_ path: String) -> Bool {
        let lowered = path.lowercased()
        return otherLanguageSuffixes.contains { lowered.hasSuffix($0) }
    }

    private static let otherLanguageSuffixes = [".js", ".mjs", ".cjs", ".jsx", ".ts", ".tsx", ".py", ".java", ".kt", ".kts", ".m", ".mm", ".h",
                                                ".c", ".cc", ".cpp", ".hpp", ".go", ".rs", ".php", ".cs", ".dart", ".lua", ".pl", ".scala", ".groovy"]

    static func isProse(_ path: String) -> Bool {
        [".md", ".markdown", ".txt", ".rst", ".adoc", ".html", ".docc"].contains { path.lowercased().hasSuffix($0) }
    }

    /// How a message names the file's format.
    static func format(of path: String) -> String {
        let name = path.split(separator: "/").last.map(String.init) ?? path
        let formats: [(String, String)] = [(".xcconfig", "an xcconfig file"), (".plist", "a property list"), (".json", "a JSON file"),
                                           (".yml", "a YAML file"), (".yaml", "a YAML file"), (".pem", "a key file"), (".p8", "a key file")]
        if name == ".env" || name.hasPrefix(".env.") { return "an environment file" }
        return formats.first { name.hasSuffix($0.0) }?.1 ?? "\(name)"
    }
}
