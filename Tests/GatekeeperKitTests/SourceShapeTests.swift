import Foundation
import XCTest

@testable import GatekeeperKit

/// The shape the code keeps: no line over 160 characters and no function over 80 lines in
/// `Sources/` (the lexer's byte dispatch excepted), checked on every run so it cannot creep back.
final class SourceShapeTests: XCTestCase {
    private func sources() throws -> [(path: String, lines: [Substring])] {
        let root = TestSupport.packageRoot.appendingPathComponent("Sources").path
        let enumerator = FileManager.default.enumerator(atPath: root)
        var result: [(String, [Substring])] = []
        while let relative = enumerator?.nextObject() as? String {
            // Generated from rules/ (the data's own lines).
            guard relative.hasSuffix(".swift"), !relative.hasSuffix("EmbeddedRulePacks.swift") else { continue }
            let text = try String(contentsOfFile: root + "/" + relative, encoding: .utf8)
            result.append((relative, text.split(separator: "\n", omittingEmptySubsequences: false)))
        }
        XCTAssertGreaterThan(result.count, 40)
        return result
    }

    func testNoLineIsLongerThan160Characters() throws {
        for (path, lines) in try sources() {
            for (number, line) in lines.enumerated() where line.count > 160 {
                XCTFail("\(path):\(number + 1) has \(line.count) characters")
            }
        }
    }

    func testNoFunctionIsLongerThan80Lines() throws {
        let allowed: Set<String> = ["lexCodeToken"]
        for (path, lines) in try sources() {
            for (number, line) in lines.enumerated() where line.hasSuffix("{") && line.contains("func ") && !line.trimmingCharacters(in: .whitespaces).hasPrefix("//") {
                let indent = line.prefix { $0 == " " }.count
                let name = line.components(separatedBy: "func ")[1].prefix { $0.isLetter || $0.isNumber || $0 == "_" }
                guard let end = lines[(number + 1)...].firstIndex(where: { $0.prefix { $0 == " " }.count == indent && $0.dropFirst(indent).hasPrefix("}") })
                else { continue }
                if end - number > 80, !allowed.contains(String(name)) {
                    XCTFail("\(path):\(number + 1): func \(name) has \(end - number) lines")
                }
            }
        }
    }
}
