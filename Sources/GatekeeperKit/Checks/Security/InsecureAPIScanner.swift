import Foundation

/// Insecure API use a security reviewer of Swift code expects flagged: broken hashes, broken
/// ciphers, TLS validation turned off, and cleartext `http://` URLs to real hosts.
struct InsecureAPIScanner {
    let weakHash: Rule
    let weakCipher: Rule
    let tlsDisabled: Rule
    let insecureHTTP: Rule
    /// `checks.security.allowHosts`: globs over host names a team declares never fetched
    /// (ActivityPub and JSON-LD namespaces, link relations), beside the built-in list.
    var allowHosts: [Glob] = []

    private static let pack = RulePacks.pack("security/insecure-api.json5")
    private static let weakHashes = Set(pack["weakHashes"]?.arrayValue?.compactMap(\.stringValue) ?? [])
    private static let weakCiphers = Set(pack["weakCiphers"]?.arrayValue?.compactMap(\.stringValue) ?? [])
    private static let allowedHosts = Set(pack["httpAllowedHosts"]?.arrayValue?.compactMap(\.stringValue) ?? [])
    private static let allowedSuffixes = pack["httpAllowedHostSuffixes"]?.arrayValue?.compactMap(\.stringValue) ?? []
    /// Every name `scan` compares an identifier with: only those are made into Strings.
    private static let names = NameSet(weakHashes.union(weakCiphers).union(["Insecure", "certificateVerification", "URLCredential"]))
    /// RFC 6455's handshake GUID: SHA-1 beside it is the WebSocket accept key, which the protocol mandates.
    private static let webSocketGUID = ByteSearch.needle("258EAFA5-E914-47DA-95CA-C5AB0DC85B11")

    /// `isTest`: the file is test code (judged by its path inside the project).
    func scan(_ file: SourceFile, isTest: Bool) -> [Finding] {
        var findings: [Finding] = []
        // Searched for only when SHA-1 is found: a search of every file was a tenth of this check.
        var isWebSocketHandshake = Deferred { ByteSearch.contains(file.bytes, Self.webSocketGUID) }
        for word in file.words {
            let index = Int(word)
            guard file.tokens[index].kind == .identifier, Self.names.contains(file, index) else { continue }
            let name = file.text(index)
            if name == "Insecure", let dot = file.nextCode(after: index), file.tokenIs(dot, "."),
               let algorithm = file.nextCode(after: dot), file.tokenIs(algorithm, "MD5") || file.tokenIs(algorithm, "SHA1"),
               !(file.tokenIs(algorithm, "SHA1") && isWebSocketHandshake.value) {
                findings.append(file.finding(weakHash,
                    "`Insecure.\(file.text(algorithm))` is a broken hash; use SHA256 or better (a non-security checksum may suppress this with a " +
                        "reason)", from: index, to: algorithm))
            } else if Self.weakHashes.contains(name), !(name.contains("SHA1") && isWebSocketHandshake.value) {
                findings.append(file.finding(weakHash, "`\(name)` is a broken hash; use SHA256 or better", from: index))
            } else if Self.weakCiphers.contains(name) {
                findings.append(file.finding(weakCipher, "`\(name)` does not protect data; use AES-GCM or ChaCha20-Poly1305 (CryptoKit)", from: index))
            } else if name == "certificateVerification", let assign = file.nextCode(after: index), file.tokenIs(assign, ":") || file.tokenIs(assign, "="),
                      let dot = file.nextCode(after: assign), file.tokenIs(dot, "."), let value = file.nextCode(after: dot), file.tokenIs(value, "none") {
                var finding = file.finding(tlsDisabled,
                    "TLS certificate verification is turned off (`certificateVerification = .none`): any server can impersonate the " +
                        "peer", from: index, to: value)
                // Tests against local self-signed servers do this on purpose.
                if isTest { finding.severity = .warning }
                findings.append(finding)
            } else if name == "URLCredential", let open = file.nextCode(after: index), file.tokenIs(open, "("),
                      let argument = file.arguments(at: open)?.first, argument.label == "trust",
                      acceptsAnyTrust(file, credential: index) {
                var finding = file.finding(tlsDisabled,
                    "the URLSession challenge handler accepts the server's trust without evaluating it (SecTrustEvaluateWithError): TLS " +
                        "validation is disabled", from: index, to: open)
                if isTest { finding.severity = .warning }
                findings.append(finding)
            }
        }
        if !isTest {
            for index in file.literalStarts.lazy.map(Int.init) where file.tokens[index].kind == .stringStart {
                if let finding = cleartextURL(file, literalStart: index) { findings.append(finding) }
            }
        }
        return findings
    }

    /// A `URLCredential(trust:)` inside a function that never evaluates the trust.
    private func acceptsAnyTrust(_ file: SourceFile, credential: Int) -> Bool {
        var scope = file.enclosingBrace(of: credential)
        // The outermost brace of the enclosing function (closures nest inside it).
        while let brace = scope, let outer = file.enclosingBrace(of: brace), !isFunctionBody(file, brace) { scope = outer }
        guard let body = scope, file.partner[body] > body else { return false }
        let range = body..<Int(file.partner[body])
        let evaluations: Set<String> = ["SecTrustEvaluate", "SecTrustEvaluateWithError", "SecTrustEvaluateAsync", "SecTrustEvaluateAsyncWithError", "evaluate"]
        if range.contains(where: { file.tokens[$0].kind == .identifier && evaluations.contains(file.text($0)) }) { return false }
        return !TrustChecks.isReachedOnlyAfterOwnCheck(file, credential: credential, body: range)
    }

    private func isFunctionBody(_ file: SourceFile, _ brace: Int) -> Bool {
        var cursor = file.previousCode(before: brace)
        while let index = cursor, index > brace - 400 {
            if file.tokenIs(index, "func") || file.tokenIs(index, "init") { return true }
            if file.tokenIs(index, "{") || file.tokenIs(index, "}") || file.tokenIs(index, ";") { return false }
            let jumpsBack = file.partner[index] >= 0 && file.partner[index] < index
            cursor = jumpsBack ? file.previousCode(before: Int(file.partner[index])) : file.previousCode(before: index)
        }
        return false
    }

    private static let httpPrefix = Array("http://".utf8)

    private func cleartextURL(_ file: SourceFile, literalStart: Int) -> Finding? {
        // The literal is read only when its text starts with `http://`.
        guard literalStart + 1 < file.tokens.count, file.tokens[literalStart + 1].kind == .stringText,
              file.bytes[file.tokens[literalStart + 1].range].starts(with: Self.httpPrefix),
              let literal = file.stringLiteral(at: literalStart), let first = literal.literalSegments.first, first.hasPrefix("http://"),
              !literal.isMultiline else { return nil }
        let rest = first.dropFirst("http://".count)
        let authority = rest.prefix { !"/?#\"' ".contains($0) }
        // An interpolated host (`http://\(host)`) cannot be judged.
        if authority.isEmpty { return nil }
        var host = String(authority.split(separator: "@").last ?? "")
        if host.hasPrefix("[") { host = String(host.prefix { $0 != "]" }) + "]" } else { host = String(host.prefix { $0 != ":" }) }
        host = host.lowercased()
        if host.isEmpty || Self.allowedHosts.contains(host) || Self.allowedSuffixes.contains(where: { host.hasSuffix($0) })
            || allowHosts.contains(where: { $0.matches(host) }) { return nil }
        if first.hasSuffix(".dtd") || first.hasSuffix(".xsd") || isPrivateAddress(host) { return nil }
        guard let text = (literalStart + 1..<(literal.endToken ?? file.tokens.count)).first(where: { file.tokens[$0].kind == .stringText }) else { return nil }
        return file.finding(insecureHTTP, "cleartext `http://` URL to \(host); use https://", from: text)
    }

    /// 10/8, 172.16/12, 192.168/16 and link-local addresses are not reached over the internet.
    private func isPrivateAddress(_ host: String) -> Bool {
        let octets = host.split(separator: ".").compactMap { Int($0) }
        guard octets.count == 4 else { return false }
        return octets[0] == 10 || octets[0] == 127 || (octets[0] == 172 && (16...31).contains(octets[1]))
            || (octets[0] == 192 && octets[1] == 168) || (octets[0] == 169 && octets[1] == 254)
    }
}

/// A project's own trust evaluation (pinning, an allow list, a JSON web key set): `.useCredential`
/// reached only inside `if pin.validate(serverTrust: trust) { … }`, in `case .success:` of a switch
/// over such a check's result, or after a `guard` on one whose `else` rejects the challenge.
enum TrustChecks {
    /// Calls that read the trust without judging it.
    private static let readers: Set<String> = ["URLCredential", "SecTrustGetCertificateCount", "print", "debugPrint", "NSLog"]

    static func isReachedOnlyAfterOwnCheck(_ file: SourceFile, credential: Int, body: Range<Int>) -> Bool {
        guard let open = file.nextCode(after: credential), let argument = file.arguments(at: open)?.first,
              let last = file.lastCode(in: argument.value), file.tokens[last].kind == .identifier else { return false }
        let trust = file.text(last)
        if triedInDo(file, trust, credential: credential, body: body) { return true }
        for keyword in body where keyword < credential && file.tokens[keyword].kind == .keyword
            && (file.tokenIs(keyword, "if") || file.tokenIs(keyword, "guard") || file.tokenIs(keyword, "switch")) {
            guard let brace = conditionEnd(file, after: keyword), file.partner[brace] > brace else { continue }
            var condition = (keyword + 1)..<brace
            if file.tokenIs(keyword, "switch"), let subject = file.initializerOfIdentifier(in: condition) { condition = subject }
            guard passesToACheck(file, trust, in: condition), file.tokenIs(keyword, "switch") || decides(file, condition) else { continue }
            let block = brace..<Int(file.partner[brace])
            if file.tokenIs(keyword, "if"), block.contains(credential) { return true }
            if file.tokenIs(keyword, "guard"), credential > block.upperBound, rejects(file, block) { return true }
            if file.tokenIs(keyword, "switch"), block.contains(credential), caseLabel(file, before: credential, in: block) == "success" { return true }
        }
        return false
    }

    /// `do { try validate(trust, …); completionHandler(.useCredential, …) } catch { cancel }`: the check
    /// throws when the trust fails it, and the `catch` rejects the challenge.
    private static func triedInDo(_ file: SourceFile, _ trust: String, credential: Int, body: Range<Int>) -> Bool {
        body.contains { keyword in
            guard keyword < credential, file.tokens[keyword].kind == .keyword, file.tokenIs(keyword, "do"), let brace = file.nextCode(after: keyword),
                  file.tokenIs(brace, "{"), file.partner[brace] > credential, let handler = file.nextCode(after: Int(file.partner[brace])),
                  file.tokenIs(handler, "catch"), let open = conditionEnd(file, after: handler), file.partner[open] > open else { return false }
            let before = (brace + 1)..<credential
            return before.contains { file.tokenIs($0, "try") } && passesToACheck(file, trust, in: before) && rejects(file, open..<Int(file.partner[open]))
        }
    }

    /// The `{` that ends a statement's condition (for `guard`, the `else` block's).
    private static func conditionEnd(_ file: SourceFile, after keyword: Int) -> Int? {
        var cursor = file.nextCode(after: keyword)
        while let current = cursor, !file.tokenIs(current, "{") {
            if file.tokenIs(current, "}") || file.tokenIs(current, ";") { return nil }
            cursor = file.nextCode(after: file.partner[current] > current && !file.tokenIs(current, "{") ? Int(file.partner[current]) : current)
        }
        return cursor
    }

    /// The trust is an argument of a call in `range` (other than calls that only read it).
    private static func passesToACheck(_ file: SourceFile, _ trust: String, in range: Range<Int>) -> Bool {
        range.contains { index in
            guard file.tokens[index].kind == .identifier, file.text(index) == trust, let open = file.enclosingOpenBracket(of: index),
                  range.contains(open), file.tokenIs(open, "("), let callee = file.previousCode(before: open) else { return false }
            if let dot = file.previousCode(before: index), file.tokenIs(dot, ".") { return false }
            return file.tokens[callee].kind == .identifier && !readers.contains(file.text(callee))
        }
    }

    /// A condition list with a Boolean clause (`pin.validate(…)`, `hashes.contains(…)`), not only
    /// bindings (`guard let certificate = SecTrustGetCertificateAtIndex(trust, 0)` reads, never judges).
    private static func decides(_ file: SourceFile, _ condition: Range<Int>) -> Bool {
        guard let first = file.firstCode(in: condition) else { return false }
        let level = file.enclosingOpenBracket(of: first)
        let starts = [first] + condition.filter { file.tokenIs($0, ",") && file.enclosingOpenBracket(of: $0) == level }.compactMap { file.nextCode(after: $0) }
        return starts.contains { !(file.tokenIs($0, "let") || file.tokenIs($0, "var") || file.tokenIs($0, "case") || file.tokenIs($0, "else")) }
    }

    /// An `else` block that cancels or rejects the challenge, or leaves.
    private static func rejects(_ file: SourceFile, _ block: Range<Int>) -> Bool {
        block.contains { file.tokenIs($0, "cancelAuthenticationChallenge") || file.tokenIs($0, "rejectProtectionSpace") || file.tokenIs($0, "return") }
    }

    /// The member named by the nearest `case .x` before `index` at the switch's own level.
    private static func caseLabel(_ file: SourceFile, before index: Int, in block: Range<Int>) -> String? {
        let label = (block.lowerBound..<index).last { file.tokenIs($0, "case") && file.enclosingBrace(of: $0) == block.lowerBound }
        guard let label, let dot = file.nextCode(after: label), file.tokenIs(dot, "."), let name = file.nextCode(after: dot) else { return nil }
        return file.text(name)
    }
}
