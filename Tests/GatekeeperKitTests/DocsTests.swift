import Foundation
import XCTest

@testable import GatekeeperKit

/// The documentation a newcomer reads: a short README that reaches every page of docs/, links
/// that lead somewhere, and a rule reference that is the rules' own output.
final class DocsTests: XCTestCase {
    let root = TestSupport.packageRoot

    func text(_ path: String) throws -> String { try String(contentsOf: root.appendingPathComponent(path), encoding: .utf8) }

    /// Every Markdown page under docs/, relative to the package root.
    func docsPages() throws -> [String] {
        let docs = root.appendingPathComponent("docs")
        let paths = FileManager.default.enumerator(atPath: docs.path)?.compactMap { $0 as? String } ?? []
        return paths.filter { $0.hasSuffix(".md") }.map { "docs/" + $0 }.sorted()
    }

    func testCommittedRulesPageIsTheGeneratedOne() throws {
        XCTAssertEqual(try text("docs/rules.md"), RulesDocument.markdown(CheckRegistry.allRules),
                       "docs/rules.md is stale: run `swift run gatekeeper rules --format markdown > docs/rules.md` at the package root")
    }

    func testReadmeIsShortKeepsTheSetUpCommandsAndReachesEveryPage() throws {
        let readme = try text("README.md")
        XCTAssertLessThanOrEqual(readme.split(separator: "\n", omittingEmptySubsequences: false).count, 400)
        XCTAssertTrue(readme.contains("swift run -c release gatekeeper check ."))
        XCTAssertTrue(readme.contains("swift test "))
        for page in try docsPages() { XCTAssertTrue(readme.contains("](\(page))"), "README does not link \(page)") }
        XCTAssertTrue(readme.contains("](CONTRIBUTING.md)"))
        // CI snippets use the Action and the image, never a build inside the user's package.
        for block in readme.components(separatedBy: "```yaml").dropFirst() {
            let yaml = block.components(separatedBy: "```")[0]
            XCTAssertFalse(yaml.contains("swift build"), yaml)
        }
        XCTAssertTrue(readme.contains("uses: gatekeeper-swift/gatekeeper@"))
        XCTAssertTrue(readme.contains("mint install gatekeeper-swift/gatekeeper"))
        XCTAssertTrue(readme.contains("brew install"))
    }

    func testEveryRelativeLinkLeadsToAFileAndHeading() throws {
        let pages = try ["README.md", "CONTRIBUTING.md"] + docsPages()
        var checked = 0
        for page in pages {
            let folder = (page as NSString).deletingLastPathComponent
            let markdown = try text(page)
            let links = try NSRegularExpression(pattern: #"\]\(([^)\s]+)\)"#).matches(in: markdown, range: NSRange(markdown.startIndex..., in: markdown))
                .map { String(markdown[Range($0.range(at: 1), in: markdown)!]) }
            for link in links where !link.contains("://") {
                let parts = link.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
                let target = parts[0].isEmpty ? page : ((folder as NSString).appendingPathComponent(parts[0]) as NSString).standardizingPath
                XCTAssertTrue(FileManager.default.fileExists(atPath: root.appendingPathComponent(target).path), "\(page): \(link) leads nowhere")
                if parts.count == 2, target.hasSuffix(".md") {
                    let anchors = try text(target).split(separator: "\n").filter { $0.hasPrefix("#") }
                        .map { RulesDocument.anchor($0.drop { $0 == "#" }.trimmingCharacters(in: .whitespaces)) }
                    XCTAssertTrue(anchors.contains(parts[1]), "\(page): \(link): no such heading in \(target)")
                }
                checked += 1
            }
        }
        XCTAssertGreaterThan(checked, 50)
    }
}
