/// How sure a finding is, as bandit grades confidence and CodeQL a query's precision: `high`
/// where the code itself is the evidence, `medium` where one inference is involved, `low` where
/// it rests on names alone or on something the check could not read. `minConfidence` (default
/// `medium`) decides which findings can fail the build; the others are still reported.
public enum Confidence: String, Sendable, Comparable, CaseIterable, Codable {
    case low, medium, high

    private var rank: Int {
        switch self {
        case .low: return 0
        case .medium: return 1
        case .high: return 2
        }
    }

    public static func < (lhs: Confidence, rhs: Confidence) -> Bool { lhs.rank < rhs.rank }

    /// The default of `minConfidence` and `--min-confidence`.
    public static let defaultMinimum = Confidence.medium

    /// Weight of a finding's confidence in SARIF's `rank` (0–100).
    var rankWeight: Double {
        switch self {
        case .low: return 0.4
        case .medium: return 0.7
        case .high: return 1
        }
    }
}

extension Finding {
    /// CodeQL's precision vocabulary for SARIF: `very-high` for a high-confidence finding of a
    /// rule whose findings are typically high (the rule is exact), else the confidence's own name.
    var sarifPrecision: String {
        confidence == .high && rule.confidence == .high ? "very-high" : confidence.rawValue
    }

    /// SARIF `rank` (0–100): the severity's weight times the confidence's.
    var sarifRank: Double {
        let severityWeight: Double = severity == .error ? 1 : severity == .warning ? 0.6 : 0.3
        return (severityWeight * confidence.rankWeight * 100).rounded()
    }

    /// The message as reports show it: a non-high confidence said after it, compactly.
    /// (Fingerprints use `message` alone, so confidence never changes them.)
    public var displayMessage: String {
        confidence == .high ? message : "\(message) (\(confidence.rawValue) confidence)"
    }
}

extension Rule {
    /// CodeQL's precision vocabulary for a rule's typical confidence (SARIF rule properties).
    var sarifPrecision: String { confidence == .high ? "very-high" : confidence.rawValue }
}
