/// The generic detector judges a value by its shape and where it goes, not by the name it is
/// given to: names that say password, token, secret, key or authorization often hold identifiers.
extension SecretHeuristics {
    /// Words that make a value the name of a credential (a defaults or keychain key, a parameter
    /// or webhook name, an accessibility identifier) or a deliberately bad one, not the credential.
    private static let credentialWords = ["password", "passwd", "passcode", "pwd", "token", "secret", "key", "auth", "credential"]

    /// Whether a value given to a secret-like name names something instead of being a secret:
    /// control characters (`startToken = "\u{001A}"`, a delimiter); a reverse-DNS identifier
    /// (`"com.example.keychain.refreshToken"`); a state of an authorization-status name
    /// (`accuracyAuthorization = "full"`: a credential there would look random); words only,
    /// joined by `_`, `-`, `.` or case, one of them a credential word (`"login-password"`,
    /// `"XYPushToken"`, `"live_activity_token"`, `"badToken"`, `"GeNeRaTeD-pAsSwOrD"`), or three
    /// or more words in lowerCamelCase (`"cancelFastlaneRun"`).
    /// `asArgument`: given to a call's credential parameter (`Session(secret: "AuthSecret")`), where the
    /// parameter says what the value is: then only control characters and reverse-DNS names count.
    static func namesSomething(_ value: String, name: String, asArgument: Bool = false) -> Bool {
        if value.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) || value.contains("\\u{") { return true }
        if matches(value, "^[a-z][a-z0-9-]*(\\.[A-Za-z_][A-Za-z0-9_-]*){2,}$") { return true }
        if asArgument { return false }
        if Identifier.words(name).last == "authorization", !looksLikeSecret(value) { return true }
        guard matches(value, "^[A-Za-z]+([_.-]?[A-Za-z]+)*$") else { return false }
        let lowered = value.lowercased()
        if credentialWords.contains(where: { lowered.contains($0) }) { return true }
        // An identifier of three or more words in lowerCamelCase (`cancelFastlaneRun`): a protocol word or a key.
        let words = Identifier.words(value)
        return value.first?.isLowercase == true && words.count >= 3 && words.allSatisfy { $0.count >= 2 }
    }
}
