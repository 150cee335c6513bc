import Foundation
import XCTest

@testable import GatekeeperKit

// CONTRIBUTING.md's "How to add a check" quotes this example verbatim (a test below compares them).
// README-BEGIN
/// `style`: small things Swift does not need.
struct StyleCheck: Check {
    static let id = "style"
    static let summary = "Small things Swift does not need."

    static let trailingSemicolon = Rule(
        id: "style/trailing-semicolon", severity: .warning, fixable: true,
        summary: "A statement ends with a semicolon Swift does not need.",
        description: "Swift needs `;` only between two statements on one line.",
        triggering: "let x = 1;\n",
        nonTriggering: "let x = 1; let y = 2\n")

    static let rules = [trailingSemicolon]

    init(options: CheckOptions) throws {}

    func analyze(_ file: SourceFile) -> FileAnalysis<Never> {
        var findings: [Finding] = []
        for index in file.tokens.indices where file.tokenIs(index, ";") {
            // Only a `;` that ends its line: whitespace, then a comment, a line break or the end.
            var next = index + 1
            while next < file.tokens.count, file.tokens[next].kind == .whitespace { next += 1 }
            guard next == file.tokens.count || file.tokens[next].kind == .newline || file.tokens[next].isComment else { continue }
            let fix = Fix(title: "Remove the semicolon", edits: [Edit(range: file.tokens[index].range, replacement: "")])
            findings.append(file.finding(Self.trailingSemicolon, "remove the `;` at the end of the line", from: index, fix: fix))
        }
        return FileAnalysis(findings: findings)
    }
}
// README-END

final class AddingACheckTests: XCTestCase {
    private func engine() throws -> Engine {
        try Engine(configuration: Configuration(rootDirectory: "/virtual"), only: ["style"], registry: CheckRegistry.checkTypes + [StyleCheck.self])
    }

    private func files(_ text: String) -> (files: [Discovery.File], content: ContentOverride) {
        ([Discovery.File(absolutePath: "/virtual/A.swift", displayPath: "A.swift")], { _ in Array(text.utf8) })
    }

    func testTheExampleCheckRunsItsExamplesAndFixesThroughTheEngine() throws {
        let rule = StyleCheck.trailingSemicolon
        let (triggering, content) = files(rule.triggeringExample)
        let report = try engine().check(triggering, jobs: 1, failOn: .info, baseline: nil, contentOverride: content)
        XCTAssertEqual(report.findings.map { "\($0.line):\($0.column) \($0.ruleId) fixable=\($0.fixable)" }, ["1:10 style/trailing-semicolon fixable=true"])
        let (clean, cleanContent) = files(rule.nonTriggeringExample)
        XCTAssertEqual(try engine().check(clean, jobs: 1, failOn: .info, baseline: nil, contentOverride: cleanContent).findings.count, 0)
        let fixed = try engine().fix(triggering, jobs: 1, failOn: .info, baseline: nil, contentOverride: content)
        XCTAssertEqual(fixed.files.map { String(decoding: $0.fixed, as: UTF8.self) }, ["let x = 1\n"])
        XCTAssertEqual(fixed.report.findings.count, 0)
    }

    func testTheReadmeQuotesTheExampleVerbatim() throws {
        let source = try String(contentsOf: URL(fileURLWithPath: #filePath), encoding: .utf8)
        let begin = try XCTUnwrap(source.range(of: "// README-BEGIN\n")), end = try XCTUnwrap(source.range(of: "// README-END\n"))
        let example = source[begin.upperBound..<end.lowerBound]
        let guide = try String(contentsOf: TestSupport.packageRoot.appendingPathComponent("CONTRIBUTING.md"), encoding: .utf8)
        XCTAssertTrue(guide.contains("```swift\n" + example + "```\n"), "CONTRIBUTING.md's How to add a check must quote the example of this file")
    }
}
