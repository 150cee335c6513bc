import Foundation
import XCTest

@testable import GatekeeperKit

/// The property of the migration fixes over real server code, run when `GATEKEEPER_APPS` names a
/// folder of application checkouts (one per subfolder; nothing of them is committed): for each
/// Fluent model whose table one migration file creates, remove that migration and its
/// registration, run `gatekeeper fix --only migrations`, and the migrations check reports nothing
/// it did not before the removal; each migration the fix wrote compiles against the Fluent stubs
/// (or fails only at the placeholder of a type it could not map, as designed).
final class MigrationFixPropertyTests: BinaryTestCase {
    private struct Tally {
        var models = 0, tested = 0, clean = 0, generated = 0, compiled = 0, placeholders = 0
        var skipped: [String: Int] = [:]
        var failures: [String] = []
    }

    func testRemovingAModelsMigrationThenFixingIsCleanAgain() throws {
        guard let apps = ProcessInfo.processInfo.environment["GATEKEEPER_APPS"] else {
            throw XCTSkip("set GATEKEEPER_APPS to a folder of application checkouts to run this property")
        }
        let names = try FileManager.default.contentsOfDirectory(atPath: apps).sorted()
        var total = Tally()
        for name in names where (try? FileManager.default.attributesOfItem(atPath: apps + "/" + name)[.type] as? FileAttributeType) == .typeDirectory {
            let tally = try property(app: apps + "/" + name, name: name)
            print("property \(name): models \(tally.models), tested \(tally.tested), clean after fix \(tally.clean), migrations written \(tally.generated), "
                  + "compiled \(tally.compiled), with a placeholder for an unmapped type \(tally.placeholders), "
                  + "skipped \(tally.skipped.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" })")
            total.models += tally.models
            total.tested += tally.tested
            total.clean += tally.clean
            total.generated += tally.generated
            total.compiled += tally.compiled
            total.placeholders += tally.placeholders
            total.failures += tally.failures.map { "\(name): \($0)" }
        }
        print("property total: models \(total.models), tested \(total.tested), clean after fix \(total.clean), migrations written \(total.generated), "
              + "compiled \(total.compiled), with a placeholder \(total.placeholders)")
        XCTAssertEqual(total.failures, [])
        XCTAssertEqual(total.clean, total.tested)
        if FluentStubs.modules != nil { XCTAssertEqual(total.compiled + total.placeholders, total.generated) }
    }

    /// The Swift sources and manifests of `app`, copied to `destination`.
    private func copySources(of app: String, to destination: URL) throws {
        let enumerator = FileManager.default.enumerator(atPath: app)
        while let relative = enumerator?.nextObject() as? String {
            guard relative.hasSuffix(".swift"), !relative.hasPrefix(".build/"), !relative.contains("/.build/") else { continue }
            let target = destination.appendingPathComponent(relative)
            try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
            try FileManager.default.copyItem(atPath: app + "/" + relative, toPath: target.path)
        }
    }

    /// The migrations findings of a tree, without lines (the removal and the fix move them).
    private func findings(_ directory: URL) throws -> [String] {
        let result = try run(["check", "--only", "migrations", "--format", "json", "--no-cache", "--fail-on", "error"], in: directory)
        let report = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        let findings = report?["findings"] as? [[String: Any]] ?? []
        return findings.map { "\($0["ruleId"] ?? "") \($0["file"] ?? "") \($0["message"] ?? "")" }.sorted()
    }

    private func property(app: String, name: String) throws -> Tally {
        var tally = Tally()
        let base = workDirectory.appendingPathComponent("\(name)-base")
        try copySources(of: app, to: base)
        let original = try findings(base)
        let engine = try Engine(configuration: Configuration(rootDirectory: base.path), only: ["migrations"])
        guard let analysis = try engine.analysis(of: MigrationsCheck.self, try engine.discover([base.path]), jobs: 2) else { return tally }
        let migrations = MigrationsCheck.migrations(analysis.facts)
        let migrationsPerFile = Dictionary(grouping: migrations) { Paths.absolute($0.location.file) }
        let modelFiles = Set(analysis.facts.flatMap(\.models).map { Paths.absolute($0.tableLocation.file) })
        for model in analysis.facts.flatMap(\.models) where model.orm == "Fluent" {
            guard case let .literal(table) = model.table else { continue }
            tally.models += 1
            let creators = migrations.filter { migration in
                migration.prepare.contains { change in
                    guard change.action == .create else { return false }
                    if case let .literal(name) = change.table { return name == table }
                    if case let .reference(name) = change.table { return name == "\(model.typeName).schema" }
                    return false
                }
            }
            guard creators.count == 1, let creator = creators.first else {
                tally.skipped[creators.isEmpty ? "no Fluent migration creates it" : "several migrations create it", default: 0] += 1
                continue
            }
            let file = Paths.absolute(creator.location.file)
            guard migrationsPerFile[file]?.count == 1, !modelFiles.contains(file) else {
                tally.skipped["its migration shares a file with another migration or a model", default: 0] += 1
                continue
            }
            let copy = workDirectory.appendingPathComponent("\(name)-\(tally.models)")
            try FileManager.default.copyItem(at: base, to: copy)
            let relative = String(file.dropFirst(base.path.count + 1))
            try FileManager.default.removeItem(at: copy.appendingPathComponent(relative))
            guard try removeRegistrations(of: String(creator.qualifiedName.split(separator: ".").last ?? ""), in: copy) else {
                tally.skipped["its registration is not a line of its own", default: 0] += 1
                continue
            }
            tally.tested += 1
            let fix = try run(["fix", "--only", "migrations"], in: copy)
            let after = try findings(copy)
            // What was reported in the removed file is gone with it.
            let before = original.filter { !$0.contains(" \(relative) ") }
            // Clean again: nothing reported that was not before (the fix may also mend what was reported before).
            if Set(after).isSubset(of: before) { tally.clean += 1 } else {
                tally.failures.append("\(model.typeName) (\(relative) removed): fix exited \(fix.status) \(fix.stderr); findings after: "
                                      + "\(Set(after).subtracting(before).sorted())")
            }
            let created = fix.stderr.split(separator: "\n").compactMap { $0.hasPrefix("created ") ? String($0.dropFirst("created ".count)) : nil }
            for path in created {
                tally.generated += 1
                guard let modules = FluentStubs.modules else { continue }
                let result = FluentStubs.compile(["-emit-sil", "-parse-as-library", "-module-name", "Generated", "-o", "/dev/null", "-I", modules,
                                                  copy.appendingPathComponent(path).path])
                if result.status == 0 {
                    tally.compiled += 1
                } else if result.output.components(separatedBy: "error: ").count == result.output.components(separatedBy: "error: editor placeholder").count {
                    // A type the fix could not map, said in the message and left to fill in: by design.
                    tally.placeholders += 1
                } else {
                    tally.failures.append("\(path) does not compile: \(result.output)")
                }
            }
            try? FileManager.default.removeItem(at: copy)
        }
        return tally
    }

    /// Removes the lines registering `type` (`app.migrations.add(Type())`, a `Type(),` list line);
    /// false when a registration shares its line with other code.
    private func removeRegistrations(of type: String, in directory: URL) throws -> Bool {
        let escaped = NSRegularExpression.escapedPattern(for: type)
        let qualified = #"(\w+\.)*"# + escaped + #"\(\)"#
        let alone = try NSRegularExpression(pattern: #"^\s*(try\s+)?(await\s+)?[\w.]+\.add\(\s*"# + qualified + #"\s*(,\s*to:[^)]*)?\)\s*;?\s*(//.*)?$|^\s*"#
                                            + qualified + #"\s*,?\s*(//.*)?$"#)
        let mention = try NSRegularExpression(pattern: #"\b"# + escaped + #"\(\)"#)
        let enumerator = FileManager.default.enumerator(atPath: directory.path)
        while let relative = enumerator?.nextObject() as? String {
            guard relative.hasSuffix(".swift") else { continue }
            let url = directory.appendingPathComponent(relative)
            let text = try String(contentsOf: url, encoding: .utf8)
            guard mention.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil else { continue }
            var kept: [Substring] = []
            for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
                let string = String(line)
                let range = NSRange(string.startIndex..., in: string)
                if mention.firstMatch(in: string, range: range) == nil { kept.append(line); continue }
                guard alone.firstMatch(in: string, range: range) != nil else { return false }
            }
            try kept.joined(separator: "\n").write(to: url, atomically: false, encoding: .utf8)
        }
        return true
    }
}
