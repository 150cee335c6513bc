import Foundation
import XCTest

@testable import GatekeeperKit

enum TestSupport {
    /// `Tests/GatekeeperKitTests/Fixtures`.
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")
    /// The package root.
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// Tokens other than whitespace and line breaks, as (kind, text).
    static func significant(_ source: String) -> [(TokenKind, String)] {
        let bytes = Array(source.utf8)
        return Lexer.tokenize(bytes).filter { $0.kind != .whitespace && $0.kind != .newline }.map { ($0.kind, String(decoding: bytes[$0.range], as: UTF8.self)) }
    }

    /// Asserts the lexer's invariants on any input: tokens tile the bytes, are non-empty,
    /// and their line/column agree with the bytes.
    static func assertTiles(_ bytes: [UInt8], file: StaticString = #filePath, line: UInt = #line) {
        let tokens = Lexer.tokenize(bytes)
        var position: Int32 = 0
        let lines = LineIndex(bytes: bytes)
        for token in tokens {
            XCTAssertEqual(token.start, position, "gap or overlap at byte \(position)", file: file, line: line)
            XCTAssertGreaterThan(token.end, token.start, "empty token at \(token.start)", file: file, line: line)
            let location = lines.location(ofByte: Int(token.start))
            XCTAssertEqual(Int(token.line), location.line, "line of token at \(token.start)", file: file, line: line)
            XCTAssertEqual(Int(token.column), location.column, "column of token at \(token.start)", file: file, line: line)
            position = token.end
        }
        XCTAssertEqual(Int(position), bytes.count, "tokens do not reach the end", file: file, line: line)
        XCTAssertEqual(SourceFile(path: "t.swift", bytes: bytes).lines.starts, lines.starts, "the lexer's line starts", file: file, line: line)
    }

    /// Runs the engine over in-memory files (path → content).
    static func run(_ files: [String: String], configuration: Configuration? = nil, only: [String]? = nil,
                    failOn: Severity = .warning) throws -> RunReport {
        let configuration = configuration ?? Configuration(rootDirectory: "/virtual")
        let engine = try Engine(configuration: configuration, only: only)
        let discovered = files.keys.sorted().map { Discovery.File(absolutePath: $0.hasPrefix("/") ? $0 : "/virtual/" + $0, displayPath: $0) }
        let contents = files
        return try engine.check(discovered, jobs: 2, failOn: failOn, baseline: nil) { file in
            contents[file.displayPath].map { Array($0.utf8) }
        }
    }

    /// Runs the engine's fix over in-memory files (path → content); nothing is written.
    static func fix(_ files: [String: [UInt8]], configuration: Configuration? = nil, only: [String]? = nil) throws -> Engine.FixRun {
        let engine = try Engine(configuration: configuration ?? Configuration(rootDirectory: "/virtual"), only: only)
        // An absolute key is a real place (e.g. beside a fixture's Package.swift).
        let discovered = files.keys.sorted().map { Discovery.File(absolutePath: $0.hasPrefix("/") ? $0 : "/virtual/" + $0, displayPath: $0) }
        return try engine.fix(discovered, jobs: 2, failOn: .info, baseline: nil) { files[$0.displayPath] }
    }

    /// `text` after `gatekeeper fix` with only the imports check, configured by `options` (JSON5).
    static func fixImports(_ text: String, options: String = "{}", rules: String = "{}") throws -> String {
        let configuration = try self.configuration("{ checks: { imports: \(options) }, rules: \(rules) }")
        let run = try fix(["File.swift": Array(text.utf8)], configuration: configuration, only: ["imports"])
        XCTAssertEqual(run.unconverged, [])
        return run.files.first.map { String(decoding: $0.fixed, as: UTF8.self) } ?? text
    }

    static func configuration(_ json5: String) throws -> Configuration {
        var configuration = Configuration(rootDirectory: "/virtual")
        try configuration.apply(try JSON5Parser.parse(json5))
        return configuration
    }
}
