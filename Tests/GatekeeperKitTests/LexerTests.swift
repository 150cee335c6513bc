import Foundation
import XCTest

@testable import GatekeeperKit

final class LexerTests: XCTestCase {
    private func assertKinds(_ source: String, _ expected: [(TokenKind, String)], file: StaticString = #filePath, line: UInt = #line) {
        let actual = TestSupport.significant(source)
        XCTAssertEqual(actual.map { "\($0.0.rawValue) \($0.1)" }, expected.map { "\($0.0.rawValue) \($0.1)" }, file: file, line: line)
        TestSupport.assertTiles(Array(source.utf8), file: file, line: line)
    }

    func testComments() {
        assertKinds("a // line\n/// doc\n//// not doc\nb", [(.identifier, "a"), (.lineComment, "// line"), (.docLineComment, "/// doc"), (.lineComment, "//// not doc"), (.identifier, "b")])
        assertKinds("/* a /* nested */ still */ x", [(.blockComment, "/* a /* nested */ still */"), (.identifier, "x")])
        assertKinds("/** doc */ /**/ /*** banner */", [(.docBlockComment, "/** doc */"), (.blockComment, "/**/"), (.blockComment, "/*** banner */")])
        assertKinds("#!/usr/bin/env swift\nprint(1)", [(.shebang, "#!/usr/bin/env swift"), (.identifier, "print"), (.punctuation, "("), (.number, "1"), (.punctuation, ")")])
        // An operator stops at a comment: `a+/*x*/b`.
        assertKinds("a+/*x*/b", [(.identifier, "a"), (.operator, "+"), (.blockComment, "/*x*/"), (.identifier, "b")])
    }

    func testStrings() {
        assertKinds(#"let s = "a\"b""#, [(.keyword, "let"), (.identifier, "s"), (.operator, "="), (.stringStart, "\""), (.stringText, #"a\"b"#), (.stringEnd, "\"")])
        assertKinds("\"\"", [(.stringStart, "\""), (.stringEnd, "\"")])
        assertKinds("\"\"\"\n  line \"quoted\" \"\"\n  \"\"\"\nx", [(.stringStart, "\"\"\""), (.stringText, "\n  line \"quoted\" \"\"\n  "), (.stringEnd, "\"\"\""), (.identifier, "x")])
        assertKinds(##"#"raw "quoted" \n"#"##, [(.stringStart, "#\""), (.stringText, #"raw "quoted" \n"#), (.stringEnd, "\"#")])
        assertKinds(###"##"a"#b"##"###, [(.stringStart, "##\""), (.stringText, ##"a"#b"##), (.stringEnd, "\"##")])
        // `#"""#` is a single-line raw string holding one quote.
        assertKinds(##"x == #"""# ? 1 : 2"##, [(.identifier, "x"), (.operator, "=="), (.stringStart, "#\""), (.stringText, "\""), (.stringEnd, "\"#"), (.operator, "?"), (.number, "1"), (.punctuation, ":"), (.number, "2")])
        assertKinds("#\"\"\"\n  multi \"\"\" still\n  \"\"\"#", [(.stringStart, "#\"\"\""), (.stringText, "\n  multi \"\"\" still\n  "), (.stringEnd, "\"\"\"#")])
    }

    func testInterpolation() {
        assertKinds(#""a\(b + "c\(d)")e""#, [
            (.stringStart, "\""), (.stringText, "a"), (.interpolationStart, "\\("), (.identifier, "b"), (.operator, "+"),
            (.stringStart, "\""), (.stringText, "c"), (.interpolationStart, "\\("), (.identifier, "d"), (.interpolationEnd, ")"), (.stringEnd, "\""),
            (.interpolationEnd, ")"), (.stringText, "e"), (.stringEnd, "\""),
        ])
        // Parentheses and closures inside an interpolation.
        assertKinds(#""\(f((1), { "\($0)" }))""#, [
            (.stringStart, "\""), (.interpolationStart, "\\("), (.identifier, "f"), (.punctuation, "("), (.punctuation, "("), (.number, "1"),
            (.punctuation, ")"), (.punctuation, ","), (.punctuation, "{"), (.stringStart, "\""), (.interpolationStart, "\\("),
            (.identifier, "$0"), (.interpolationEnd, ")"), (.stringEnd, "\""), (.punctuation, "}"), (.punctuation, ")"),
            (.interpolationEnd, ")"), (.stringEnd, "\""),
        ])
        // In a raw string only `\#(` interpolates.
        assertKinds(##"#"\(no) \#(yes)"#"##, [(.stringStart, "#\""), (.stringText, #"\(no) "#), (.interpolationStart, "\\#("), (.identifier, "yes"), (.interpolationEnd, ")"), (.stringEnd, "\"#")])
        // Multi-line string with interpolation spanning lines.
        assertKinds("\"\"\"\n\\(a +\n b)\n\"\"\"", [(.stringStart, "\"\"\""), (.stringText, "\n"), (.interpolationStart, "\\("), (.identifier, "a"), (.operator, "+"), (.identifier, "b"), (.interpolationEnd, ")"), (.stringText, "\n"), (.stringEnd, "\"\"\"")])
    }

    func testScopes() {
        let source = #"let a = "x\(y)" // c"#
        let bytes = Array(source.utf8)
        let scopes = Lexer.tokenize(bytes).map { "\(String(decoding: bytes[$0.range], as: UTF8.self)):\($0.scope.rawValue)" }
        XCTAssertEqual(scopes, ["let:code", " :code", "a:code", " :code", "=:code", " :code", "\":string", "x:string", "\\(:string", "y:code", "):string", "\":string", " :code", "// c:comment"])
    }

    func testRegexLiterals() {
        assertKinds("let r = /ab+c/", [(.keyword, "let"), (.identifier, "r"), (.operator, "="), (.regex, "/ab+c/")])
        assertKinds("let r = #/a/b/#", [(.keyword, "let"), (.identifier, "r"), (.operator, "="), (.regex, "#/a/b/#")])
        // A bare literal ends at the first unescaped slash, inside a character class too.
        assertKinds("x.firstMatch(of: /[a-z\\/]+/)", [(.identifier, "x"), (.punctuation, "."), (.identifier, "firstMatch"), (.punctuation, "("), (.identifier, "of"),
                                                       (.punctuation, ":"), (.regex, "/[a-z\\/]+/"), (.punctuation, ")")])
        // Division is not a regex.
        assertKinds("let q = a / b / c", [(.keyword, "let"), (.identifier, "q"), (.operator, "="), (.identifier, "a"), (.operator, "/"), (.identifier, "b"), (.operator, "/"), (.identifier, "c")])
        assertKinds("f(x) / g(y) / 2", [(.identifier, "f"), (.punctuation, "("), (.identifier, "x"), (.punctuation, ")"), (.operator, "/"), (.identifier, "g"), (.punctuation, "("), (.identifier, "y"), (.punctuation, ")"), (.operator, "/"), (.number, "2")])
        assertKinds("let h = w/2", [(.keyword, "let"), (.identifier, "h"), (.operator, "="), (.identifier, "w"), (.operator, "/"), (.number, "2")])
        // `/ ` with a space after it is never a regex start.
        assertKinds("reduce(0, / 2)", [(.identifier, "reduce"), (.punctuation, "("), (.number, "0"), (.punctuation, ","), (.operator, "/"), (.number, "2"), (.punctuation, ")")])
    }

    /// Where swift-syntax reads a bare `/…/` as a regex, and where as code.
    func testBareRegexLiteralsFollowTheCompiler() {
        // `try?` cannot be a binary operator's left side: a regex follows.
        assertKinds(#"try? /(\d+)-(\d+)/.wholeMatch(in: s)"#, [(.keyword, "try"), (.operator, "?"), (.regex, #"/(\d+)-(\d+)/"#), (.punctuation, "."),
                                                           (.identifier, "wholeMatch"), (.punctuation, "("), (.keyword, "in"), (.punctuation, ":"),
                                                           (.identifier, "s"), (.punctuation, ")")])
        // A slash glued to what follows starts a literal whatever precedes it (a RegexBuilder line).
        assertKinds("Regex {\n  OneOrMore(.word)\n  /\"[^\"]*\"/\n}", [(.identifier, "Regex"), (.punctuation, "{"), (.identifier, "OneOrMore"), (.punctuation, "("),
                                                                  (.punctuation, "."), (.identifier, "word"), (.punctuation, ")"), (.regex, "/\"[^\"]*\"/"),
                                                                  (.punctuation, "}")])
        assertKinds("\"\\(/a+/)\"", [(.stringStart, "\""), (.interpolationStart, "\\("), (.regex, "/a+/"), (.interpolationEnd, ")"), (.stringEnd, "\"")])
        // After `func` and `operator` a slash is an operator's name.
        assertKinds("static func /(lhs: V, rhs: V) -> V { lhs/rhs }", [(.keyword, "static"), (.keyword, "func"), (.operator, "/"), (.punctuation, "("),
                                                                       (.identifier, "lhs"), (.punctuation, ":"), (.identifier, "V"), (.punctuation, ","),
                                                                       (.identifier, "rhs"), (.punctuation, ":"), (.identifier, "V"), (.punctuation, ")"),
                                                                       (.operator, "->"), (.identifier, "V"), (.punctuation, "{"), (.identifier, "lhs"),
                                                                       (.operator, "/"), (.identifier, "rhs"), (.punctuation, "}")])
        assertKinds("infix operator /-/", [(.identifier, "infix"), (.keyword, "operator"), (.operator, "/-/")])
        // A comment right after the closing slash: not a literal.
        assertKinds("_ = /x// comment", [(.identifier, "_"), (.operator, "="), (.operator, "/"), (.identifier, "x"), (.lineComment, "// comment")])
        // A prefix operator before the slash is split off.
        assertKinds("let b = !/x/", [(.keyword, "let"), (.identifier, "b"), (.operator, "="), (.operator, "!"), (.regex, "/x/")])
        assertKinds("true ?/abc/ : /def/", [(.keyword, "true"), (.operator, "?"), (.regex, "/abc/"), (.punctuation, ":"), (.regex, "/def/")])
        // With space on both sides, a slash after an expression divides.
        assertKinds("x = y / z / 2", [(.identifier, "x"), (.operator, "="), (.identifier, "y"), (.operator, "/"), (.identifier, "z"), (.operator, "/"), (.number, "2")])
    }

    func testNumbersIdentifiersAndPunctuation() {
        assertKinds("0x1F 1_000.5e-3 0b1010 0o17 0x1p-2 3", [(.number, "0x1F"), (.number, "1_000.5e-3"), (.number, "0b1010"), (.number, "0o17"), (.number, "0x1p-2"), (.number, "3")])
        assertKinds("t.0.1", [(.identifier, "t"), (.punctuation, "."), (.number, "0"), (.punctuation, "."), (.number, "1")])
        assertKinds("`class` café $0 $name _x", [(.identifier, "`class`"), (.identifier, "café"), (.identifier, "$0"), (.identifier, "$name"), (.identifier, "_x")])
        // Every reserved word is a keyword; words sharing a keyword's length and first, middle and last byte are not.
        let reserved = "associatedtype class deinit enum extension fileprivate func import init inout internal let open operator private precedencegroup "
            + "protocol public rethrows static struct subscript typealias var break case catch continue default defer do else fallthrough for guard if in "
            + "repeat return throw switch where while Any as await false is nil self Self super throws true try"
        assertKinds(reserved, reserved.split(separator: " ").map { (.keyword, String($0)) })
        assertKinds("whele whale Where sell selF ANY iF Init get async some", ["whele", "whale", "Where", "sell", "selF", "ANY", "iF", "Init", "get", "async",
                                                                             "some"].map { (.identifier, $0) })
        assertKinds("#if os(Linux)\n#elseif DEBUG\n#else\n#endif", [(.poundKeyword, "#if"), (.identifier, "os"), (.punctuation, "("), (.identifier, "Linux"), (.punctuation, ")"), (.poundKeyword, "#elseif"), (.identifier, "DEBUG"), (.poundKeyword, "#else"), (.poundKeyword, "#endif")])
        assertKinds("@MainActor @_spi(X) func f() async throws -> Int", [(.attribute, "@MainActor"), (.attribute, "@_spi"), (.punctuation, "("), (.identifier, "X"), (.punctuation, ")"), (.keyword, "func"), (.identifier, "f"), (.punctuation, "("), (.punctuation, ")"), (.identifier, "async"), (.keyword, "throws"), (.operator, "->"), (.identifier, "Int")])
        assertKinds("a?.b ?? c...d ..<e \\.path", [(.identifier, "a"), (.operator, "?"), (.punctuation, "."), (.identifier, "b"), (.operator, "??"), (.identifier, "c"), (.operator, "..."), (.identifier, "d"), (.operator, "..<"), (.identifier, "e"), (.punctuation, "\\"), (.punctuation, "."), (.identifier, "path")])
    }

    func testTokenTablesListNamesImportsLiteralsAndComments() {
        let source = "import A\n@testable import B // import C\nlet `import` = importer(inout: \"import\") /* x */ #\"raw\"#\nlet s = \"open"
        let file = SourceFile(path: "x.swift", bytes: Array(source.utf8))
        let texts = { (indices: [Int32]) in indices.map { file.text(Int($0)) } }
        XCTAssertEqual(texts(file.imports), ["import", "import"])
        XCTAssertEqual(texts(file.words), ["import", "A", "import", "B", "let", "`import`", "importer", "inout", "let", "s"])
        XCTAssertEqual(texts(file.literalStarts), ["\"", "#\"", "\""], "an unterminated literal too")
        XCTAssertEqual(texts(file.comments), ["// import C", "/* x */"])
        XCTAssertEqual(file.stringTextRanges.map { file.text(bytes: $0) }, ["import", "raw", "open"])
    }

    func testPartners() {
        let file = SourceFile(path: "x.swift", bytes: Array(#"f(a[1], { "\(b)" })"#.utf8))
        for (index, token) in file.tokens.enumerated() where file.partner[index] >= 0 {
            XCTAssertEqual(Int(file.partner[Int(file.partner[index])]), index, "partner of \(file.text(index)) is not mutual")
            _ = token
        }
        let open = file.tokens.firstIndex { $0.kind == .punctuation && file.text(bytes: $0.range) == "(" }!
        XCTAssertEqual(file.text(Int(file.partner[open])), ")")
        XCTAssertEqual(Int(file.partner[open]), file.tokens.count - 1)
    }

    // MARK: - Adversarial input

    func testUnterminatedConstructsBecomeErrorsAndLexingGoesOn() {
        assertKinds("let s = \"abc\nlet t = 1", [(.keyword, "let"), (.identifier, "s"), (.operator, "="), (.error, "\""), (.stringText, "abc"), (.keyword, "let"), (.identifier, "t"), (.operator, "="), (.number, "1")])
        assertKinds("x /* never closed", [(.identifier, "x"), (.error, "/* never closed")])
        XCTAssertEqual(Lexer.tokenize(Array("/* never closed".utf8)).first?.scope, .comment)
        assertKinds("\"\"\"\nopen multi-line", [(.error, "\"\"\""), (.stringText, "\nopen multi-line")])
        assertKinds("\"a\\(b", [(.error, "\""), (.stringText, "a"), (.interpolationStart, "\\("), (.identifier, "b")])
        assertKinds("#/never closed", [(.punctuation, "#"), (.operator, "/"), (.identifier, "never"), (.identifier, "closed")])
        assertKinds("` unclosed", [(.error, "`"), (.identifier, "unclosed")])
        assertKinds("'c'", [(.error, "'"), (.identifier, "c"), (.error, "'")])
    }

    func testInvalidBytes() {
        let bytes: [UInt8] = Array("let a = ".utf8) + [0xFF, 0xC3, 0x00] + Array(" b".utf8) + [0xE2, 0x82]
        TestSupport.assertTiles(bytes)
        let kinds = Lexer.tokenize(bytes).map(\.kind)
        XCTAssertEqual(kinds.filter { $0 == .error }.count, 4, "0xFF, the lone lead byte, NUL and the truncated sequence")
        XCTAssertTrue(kinds.contains(.identifier))
        // A byte-order mark is whitespace.
        XCTAssertEqual(Lexer.tokenize([0xEF, 0xBB, 0xBF] + Array("x".utf8)).map(\.kind), [.whitespace, .identifier])
    }

    func testRandomInputAlwaysTiles() {
        var generator = SplitMix64(seed: 42)
        let alphabet = Array("\"#\\()/*\n\r{}[]`'@$ abc01.\t=-?!".utf8) + [0x00, 0xFF, 0xC3, 0xA9, 0xE2]
        for _ in 0..<3000 {
            let count = Int(generator.next() % 120)
            let bytes = (0..<count).map { _ in alphabet[Int(generator.next() % UInt64(alphabet.count))] }
            TestSupport.assertTiles(bytes)
        }
    }

    func testPathologicalNestingIsLinear() {
        // Deeply nested interpolations and comments must neither recurse nor go quadratic.
        let nested = String(repeating: "\"\\(", count: 20_000) + String(repeating: ")\"", count: 20_000)
        TestSupport.assertTiles(Array(nested.utf8))
        let comments = String(repeating: "/*", count: 50_000) + String(repeating: "*/", count: 50_000)
        XCTAssertEqual(Lexer.tokenize(Array(comments.utf8)).count, 1)
        TestSupport.assertTiles(Array(String(repeating: "((((", count: 50_000).utf8))
    }

    // MARK: - Real code

    func testFixtureFilesTileWithoutErrors() throws {
        let directory = TestSupport.fixtures.appendingPathComponent("lexer")
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".swift") }
        XCTAssertFalse(names.isEmpty)
        for name in names {
            let bytes = try FileSystem.read(directory.appendingPathComponent(name).path)
            TestSupport.assertTiles(bytes)
            let errors = Lexer.tokenize(bytes).filter { $0.kind == .error }
            XCTAssertEqual(errors.count, 0, "\(name): error tokens at lines \(errors.map(\.line))")
        }
    }

    /// The same property over a real code base: set GATEKEEPER_CORPUS to a folder of Swift
    /// code (`../shared/scripts/real-swift-corpus` makes one).
    func testRealCorpusTilesWithoutErrors() throws {
        guard let corpus = ProcessInfo.processInfo.environment["GATEKEEPER_CORPUS"] else {
            throw XCTSkip("GATEKEEPER_CORPUS is not set")
        }
        let enumerator = FileManager.default.enumerator(atPath: corpus)
        var files = 0, tokens = 0, errors = 0
        while let relative = enumerator?.nextObject() as? String {
            guard relative.hasSuffix(".swift"), !relative.contains("/.git/"),
                  let bytes = try? FileSystem.read(corpus + "/" + relative) else { continue }
            let lexed = Lexer.tokenize(bytes)
            files += 1
            tokens += lexed.count
            var position: Int32 = 0
            for token in lexed {
                if token.start != position { XCTFail("\(relative): gap at \(position)"); break }
                position = token.end
            }
            XCTAssertEqual(Int(position), bytes.count, relative)
            let bad = lexed.filter { $0.kind == .error }
            errors += bad.count
            if !bad.isEmpty { XCTFail("\(relative): error tokens at lines \(bad.map(\.line))") }
        }
        print("corpus: \(files) files, \(tokens) tokens, \(errors) error tokens")
    }
}

/// A small deterministic generator, so fuzz inputs are the same on every run.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
