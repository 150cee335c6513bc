import Foundation
import XCTest

@testable import GatekeeperKit

/// Every check, over malformed code: truncated files, deleted bytes, stray brackets, quotes and
/// `#if`s. A crash fails the whole run, so none may happen, whatever the input.
final class RobustnessTests: XCTestCase {
    private func fixtureSources() throws -> [[UInt8]] {
        var sources: [[UInt8]] = []
        let enumerator = FileManager.default.enumerator(atPath: TestSupport.fixtures.path)
        while let relative = enumerator?.nextObject() as? String {
            if relative.hasSuffix(".swift") { sources.append(try FileSystem.read(TestSupport.fixtures.appendingPathComponent(relative).path)) }
        }
        return sources
    }

    func testChecksSurviveMutatedInput() throws {
        var generator = SplitMix64(seed: 7)
        let sources = try fixtureSources()
        XCTAssertGreaterThan(sources.count, 30)
        let noise: [[UInt8]] = ["(", ")", "[", "]", "{", "}", "\"", "\"\"\"", "#", "\\(", "/", "/*", "#if", "#endif", "@", ":", ",", "=", "\n", "import", "."].map { Array($0.utf8) }
        var files: [String: String] = [:]
        for round in 0..<400 {
            var bytes = sources[Int(generator.next() % UInt64(sources.count))]
            for _ in 0..<(1 + Int(generator.next() % 6)) where !bytes.isEmpty {
                let position = Int(generator.next() % UInt64(bytes.count))
                switch generator.next() % 3 {
                case 0: bytes.removeSubrange(position..<min(bytes.count, position + 1 + Int(generator.next() % 8)))
                case 1: bytes.insert(contentsOf: noise[Int(generator.next() % UInt64(noise.count))], at: position)
                default: bytes = Array(bytes.prefix(position))
                }
            }
            // Keep valid UTF-8 so the checks, not the unreadable-file path, see it.
            files["Sources/Mutated\(round).swift"] = String(decoding: bytes, as: UTF8.self)
        }
        // All checks, including the telemetry contract, over all files at once (project passes too).
        let contract = NSTemporaryDirectory() + "robust-\(UUID().uuidString).json5"
        try RulePacks.text("telemetry/example-contract.json5")!.write(toFile: contract, atomically: false, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: contract) }
        for style in ["swift-format", "swiftformat", "sections"] {
            let configuration = try TestSupport.configuration("{ checks: { telemetry: { contract: \"\(contract)\" }, imports: { style: \"\(style)\", includeConditionalImports: true } } }")
            let report = try TestSupport.run(files, configuration: configuration, failOn: .info)
            XCTAssertEqual(report.filesScanned, files.count)
            // Fixing must keep working too, converge, and be idempotent.
            let sample = Dictionary(uniqueKeysWithValues: files.sorted { $0.key < $1.key }.prefix(120).map { ($0.key, Array($0.value.utf8)) })
            let run = try TestSupport.fix(sample, configuration: configuration)
            XCTAssertEqual(run.unconverged, [], style)
            let again = try TestSupport.fix(Dictionary(uniqueKeysWithValues: run.files.map { ($0.file.displayPath, $0.fixed) }), configuration: configuration)
            XCTAssertEqual(again.files.map(\.file.displayPath), [], "\(style): fixing twice changes files")
        }
    }
}
