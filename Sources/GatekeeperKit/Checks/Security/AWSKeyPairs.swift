import Foundation

/// An AWS secret access key is 40 base64 characters: too common alone to report, certain beside
/// an AWS access key id. Wherever one of those is found, the lines around it are read for the key.
enum AWSKeyPairs {
    /// Lines either side of an access key id.
    static let window = 5
    private static let candidate = try! NSRegularExpression(pattern: "(?<![A-Za-z0-9/+])[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=])")

    /// Findings for the secret keys near the access key ids among `findings`, where no finding is yet.
    static func secrets(beside findings: [Finding], lines: LineIndex, file: String, rule: Rule) -> [Finding] {
        let ids = findings.filter { $0.extra.contains { $0.key == "detector" && $0.value == "aws-access-key-id" } }
        guard !ids.isEmpty else { return [] }
        let reported = Set(findings.map { "\($0.line):\($0.column)" })
        var near = Set<Int>()
        for id in ids { near.formUnion(max(1, id.line - window)...min(lines.count, id.line + window)) }
        var found: [Finding] = []
        for number in near.sorted() {
            let text = lines.text(of: number)
            for match in candidate.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
                guard let range = Range(match.range, in: text) else { continue }
                let secret = String(text[range])
                let column = text.utf8.distance(from: text.startIndex, to: range.lowerBound) + 1
                guard SecretHeuristics.isKeyMaterial(secret), SecretHeuristics.entropy(secret) >= 4.0, !reported.contains("\(number):\(column)")
                else { continue }
                var finding = Finding(rule: rule, message: "AWS secret access key beside an AWS access key id: \(SecretHeuristics.redacted(secret))",
                                      file: file, line: number, column: column, endLine: number, endColumn: column + secret.utf8.count,
                                      extra: [("detector", "aws-secret-access-key")])
                finding.baselineHint = "AWS secret access key (aws-secret-access-key)"
                finding.redactsSource = true
                if SecretHeuristics.isUnguessable(secret) { finding.secretDigest = SHA256.hex(secret) }
                // Key material of AWS's shape beside an AWS key id: the code is the evidence.
                finding.confidence = .high
                found.append(finding)
            }
        }
        return found
    }
}
