import Foundation

/// `.gatekeeper-baseline.json`: findings a team has accepted, so only new ones fail. Entries
/// are matched by fingerprint, each at most once, so a new copy of an old problem is new.
public struct Baseline: Sendable {
    public struct Entry: Sendable, Equatable {
        public var ruleId: String
        public var file: String
        public var fingerprint: String
        public var hint: String

        var key: String { [ruleId, file, fingerprint, hint].joined(separator: "\u{0}") }
    }

    public var entries: [Entry]

    public init(entries: [Entry]) {
        self.entries = entries.sorted { ($0.file, $0.ruleId, $0.fingerprint, $0.hint) < ($1.file, $1.ruleId, $1.fingerprint, $1.hint) }
    }

    /// A tool that did not run is never accepted: its failures are not recorded, nor matched.
    public init(findings: [Finding]) {
        self.init(entries: findings.filter { $0.ruleId != EngineRules.externalCheckFailed.id }.map {
            Entry(ruleId: $0.ruleId, file: $0.relativePath, fingerprint: $0.fingerprint, hint: $0.hint)
        })
    }

    /// The baseline without `removed` (each removes one equal entry), by hashing: linear in size.
    public func removing(_ removed: [Entry]) -> Baseline {
        var pending: [String: Int] = [:]
        for entry in removed { pending[entry.key, default: 0] += 1 }
        return Baseline(entries: entries.filter { entry in
            guard let count = pending[entry.key], count > 0 else { return true }
            pending[entry.key] = count - 1
            return false
        })
    }

    public struct Match: Sendable {
        public var new: [Finding]
        public var baselined: [Finding]
        public var staleEntries: [Entry]
    }

    /// Pairs findings with entries by fingerprint; when more findings share a fingerprint than
    /// entries hold, only the surplus (the last ones in report order) is new.
    public func match(_ findings: [Finding]) -> Match {
        var available: [String: [Int]] = [:]
        for (index, entry) in entries.enumerated() { available[entry.fingerprint, default: []].append(index) }
        var used = Set<Int>()
        var new: [Finding] = []
        var baselined: [Finding] = []
        for finding in findings {
            if finding.ruleId != EngineRules.externalCheckFailed.id, var slots = available[finding.fingerprint], !slots.isEmpty {
                used.insert(slots.removeFirst())
                available[finding.fingerprint] = slots
                baselined.append(finding)
            } else {
                new.append(finding)
            }
        }
        let stale = entries.indices.filter { !used.contains($0) }.map { entries[$0] }
        return Match(new: new, baselined: baselined, staleEntries: stale)
    }

    public static func load(_ path: String) throws -> Baseline {
        let display = Paths.display(path)
        let root = try JSON5Parser.parseFile(path, what: "baseline").value
        // Entries may gain keys in later versions; only the ones read here must be right.
        guard let items = root["findings"]?.arrayValue else {
            throw ConfigurationError("\(display): invalid baseline: expected an object with a \"findings\" array")
        }
        do {
            return Baseline(entries: try items.enumerated().map { index, item in
                let entry = try JSONObjectReader(item, keyPath: "findings[\(index)]")
                guard let ruleId = try entry.string("ruleId"), let file = try entry.string("file"), let fingerprint = try entry.string("fingerprint") else {
                    throw ConfigurationError("\(entry.keyPath) needs ruleId, file and fingerprint")
                }
                return Entry(ruleId: ruleId, file: file, fingerprint: fingerprint, hint: try entry.string("hint") ?? "")
            })
        } catch let error as ConfigurationError {
            throw ConfigurationError("\(display): invalid baseline: \(error.description)")
        }
    }

    /// Stable text: sorted entries, fixed key order, no timestamps or line numbers.
    public func serialized() -> String {
        JSONWriter.write(.object([
            ("version", .number(1)),
            ("tool", .string("gatekeeper")),
            ("findings", .array(entries.map { entry in
                .object([("ruleId", .string(entry.ruleId)), ("file", .string(entry.file)),
                         ("fingerprint", .string(entry.fingerprint)), ("hint", .string(entry.hint))])
            })),
        ])) + "\n"
    }
}
