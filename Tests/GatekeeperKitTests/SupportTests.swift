import Foundation
import XCTest

@testable import GatekeeperKit

final class SupportTests: XCTestCase {
    func testJSON5() throws {
        let value = try JSON5Parser.parse("""
        // comment
        {
          unquoted: 'single',   /* block */
          "quoted": [1, +2, -3.5, 0x1F, .5, 5., Infinity,],
          nested: { flag: true, nothing: null, },
          escapes: "a\\nb\\u00e9\\uD83D\\uDE00",
          continued: "one \\
        two",
        }
        """)
        XCTAssertEqual(value["unquoted"], .string("single"))
        XCTAssertEqual(value["quoted"], .array([.number(1), .number(2), .number(-3.5), .number(31), .number(0.5), .number(5), .number(.infinity)]))
        XCTAssertEqual(value["nested"]?["flag"], .bool(true))
        XCTAssertEqual(value["nested"]?["nothing"], .null)
        XCTAssertEqual(value["escapes"], .string("a\nbé😀"))
        XCTAssertEqual(value["continued"], .string("one two"))
    }

    func testJSON5ErrorsSayWhere() {
        func failure(_ text: String) -> String {
            do { _ = try JSON5Parser.parse(text); return "parsed" } catch { return "\(error)" }
        }
        XCTAssertEqual(failure("{\n  a: 1\n  b: 2\n}"), "line 3, column 3: expected ',' or '}' after the value of 'a'")
        XCTAssertEqual(failure("{ a: \"open }"), "line 1, column 6: unterminated string")
        XCTAssertEqual(failure("{ a: 1, a: 2 }"), "line 1, column 9: duplicate key 'a'")
        XCTAssertEqual(failure("[1, 2"), "line 1, column 6: unterminated array: expected ']'")
        XCTAssertEqual(failure("/* never closed"), "line 1, column 1: unterminated comment")
        XCTAssertEqual(failure(""), "line 1, column 1: unexpected end of input, expected a value")
        XCTAssertEqual(failure(String(repeating: "[", count: 5000)), "line 1, column 201: nested too deeply")
    }

    func testJSONWriterEscapesAndKeepsOrder() {
        let text = JSONWriter.write(.object([("z", .string("q\"\\\n\u{1}")), ("a", .array([.number(1), .bool(false)]))]), pretty: false)
        XCTAssertEqual(text, #"{"z":"q\"\\\n\u0001","a":[1,false]}"#)
    }

    func testNeedleSetFindsEachNeedleInOnePassIgnoringCase() {
        let set = NeedleSet(["akia", "sk", "://", "x"].map(ByteSearch.needle))
        XCTAssertEqual(set.found(in: Array("let a = \"AKIA\" // task".utf8)), [true, true, false, false])
        XCTAssertEqual(set.found(in: Array("http://host".utf8)), [false, false, true, false])
        // A needle at the very end, a one-byte needle on the last byte, and a needle cut off by the end.
        XCTAssertEqual(set.found(in: Array("ends with sk".utf8)), [false, true, false, false])
        XCTAssertEqual(set.found(in: Array("ends with X".utf8)), [false, false, false, true])
        XCTAssertEqual(set.found(in: Array("AKI".utf8)), [false, false, false, false])
        XCTAssertEqual(set.found(in: []), [false, false, false, false])
        XCTAssertTrue(set.containsAny(in: Array("Sk".utf8)))
        XCTAssertFalse(set.containsAny(in: Array("nothing here".utf8)))
        // Needles of three bytes or more take the triple test: the same answers, at the edges of ranges too.
        let long = NeedleSet(["akia", "://", "sk0", "private key"].map(ByteSearch.needle))
        XCTAssertEqual(long.found(in: Array("AKIA and ssk0".utf8)), [true, false, true, false])
        XCTAssertEqual(long.found(in: Array("a PRIVATE KEY, ://".utf8)), [false, true, false, true])
        XCTAssertEqual(long.found(in: Array("aki sk :/ akIa".utf8), ranges: [0..<9, 10..<14]), [true, false, false, false])
        XCTAssertEqual(long.found(in: Array("xakia".utf8), ranges: [2..<5]), [false, false, false, false], "cut by its range")
        // Bytes whose low five bits equal a letter's (`!` and `a`) pass the bit test but not the comparison.
        XCTAssertFalse(long.containsAny(in: Array("!KI! sK\u{10}".utf8)))
        XCTAssertEqual(long.found(in: Array("akia akia".utf8), stoppingAtFirst: true), [true, false, false, false])
        // A needle is keyed by its rarest three bytes (`nt:` of `swiftlint:`), wherever they are in it.
        let markers = NeedleSet(["swiftlint:", "secret", "x"].map(ByteSearch.needle))
        XCTAssertEqual(markers.found(in: Array("// SwiftLint:disable".utf8)), [true, false, false])
        XCTAssertEqual(markers.found(in: Array("wiftlint: lint: the SECRET".utf8)), [false, true, false])
        XCTAssertEqual(markers.found(in: Array("a swiftlint:".utf8), ranges: [3..<12]), [false, false, false], "starts before its range")
        XCTAssertEqual(markers.found(in: Array("swiftlint:".utf8), ranges: [0..<9]), [false, false, false], "ends after its range")
        // Every occurrence, with where it starts in the whole text.
        let text = Array("x SwiftLint: secret xx // swiftlint:".utf8)
        let found = markers.occurrences(in: text, ranges: [0..<20, 20..<text.count])
        XCTAssertEqual(found.map(\.needle), [2, 0, 1, 2, 2, 0])
        XCTAssertEqual(found.map(\.start), [0, 2, 13, 20, 21, 26])
    }

    func testNeedleSetKeepsEveryNeedleOfOneKeyInOrder() {
        // `sk-`, `skm` and `SKM` share a key (`-` and `m` have the same low five bits), `sk0` and `skp` another:
        // each key's needles are kept together, in the order given, and each is still compared byte by byte.
        let set = NeedleSet(["skm", "sk0", "sk-", "skp", "akia"].map(ByteSearch.needle))
        let text = Array("sk- skM SKP sk0 sk: akia".utf8)
        let found = set.occurrences(in: text, ranges: [0..<text.count])
        XCTAssertEqual(found.map(\.needle), [2, 0, 3, 1, 4])
        XCTAssertEqual(found.map(\.start), [0, 4, 8, 12, 20])
        XCTAssertEqual(set.found(in: Array("sk-".utf8)), [false, false, true, false, false])
        XCTAssertEqual(NeedleSet([]).occurrences(in: text, ranges: [0..<text.count]).count, 0)
    }

    func testNormalizeKeepsNormalPathsAndFixesTheRest() {
        for path in ["/", "/a", "/a/b.swift", "/a/.hidden/b", "/a/...", "/a/b..c/.d"] { XCTAssertEqual(Paths.normalize(path), path) }
        let fixed = ["/a//b": "/a/b", "/a/./b": "/a/b", "/a/../b": "/b", "/a/b/": "/a/b", "/a/.": "/a", "/a/..": "/", "//": "/", "/..": "/"]
        for (path, expected) in fixed { XCTAssertEqual(Paths.normalize(path), expected, path) }
        XCTAssertEqual(Array(Paths.folders(above: "/a/b/c.swift")), ["/a/b", "/a", "/"])
        XCTAssertEqual(Array(Paths.folders(above: "/a/b/")), ["/a/b", "/a", "/"])
        XCTAssertEqual(Array(Paths.folders(above: "c.swift")), [])
        for (path, base) in [("/a/b", "/a"), ("/a", "/a"), ("/a/b", "/"), ("/a/b/c", "/a/b")] { XCTAssertTrue(Paths.isInside(path, base), path) }
        for (path, base) in [("/ab", "/a"), ("/a", "/a/b"), ("/b/a", "/a")] { XCTAssertFalse(Paths.isInside(path, base), path) }
        XCTAssertTrue(Discovery.isInExcludedFolder("App/.build/x/File.swift"))
        XCTAssertTrue(Discovery.isInExcludedFolder("Pods/File.swift"))
        XCTAssertFalse(Discovery.isInExcludedFolder("App/.builder/File.swift"))
        XCTAssertFalse(Discovery.isInExcludedFolder("App/.build"), "the last component is the file, not a folder")
    }

    func testNameSetMatchesWholeTokensByTheirBytes() {
        let long = String(repeating: "x", count: 70)
        let names = NameSet(["run", "rum", "popen", "Insecure", "é", long, "sx"])
        // `sun`: its first byte starts a name (`sx`) and its rest ends one of its length (`run`); it is neither.
        // `ren`: its first and last bytes and its length are those of `run`; its middle is not.
        let file = SourceFile(path: "A.swift", bytes: Array("run rum ruin sun ren popen popenx Insecure insecure é e \(long) \(long)y r \"run\"".utf8))
        let words = file.tokens.indices.filter { file.tokens[$0].kind == .identifier }
        let matched = words.filter { names.contains(file, $0) }.map { file.text($0) }
        XCTAssertEqual(matched, ["run", "rum", "popen", "Insecure", "é", long])
        XCTAssertFalse(NameSet([]).contains(file, words[0]))
    }

    func testExactSearchAndLineStartsOnBytes() {
        let bytes = Array("ab gatekeeper:ignor gatekeeper:ignore".utf8)
        XCTAssertTrue(ByteSearch.containsExactly(bytes, Array("gatekeeper:ignore".utf8)))
        XCTAssertTrue(ByteSearch.containsExactly(bytes, Array("ab".utf8)))
        XCTAssertFalse(ByteSearch.containsExactly(bytes, Array("Gatekeeper".utf8)), "case counts")
        XCTAssertFalse(ByteSearch.containsExactly(bytes, Array("ignore!".utf8)), "runs past the end")
        XCTAssertFalse(ByteSearch.containsExactly([], Array("a".utf8)))
        for (text, starts) in [("a\nb\n", [0, 2, 4]), ("a\r\nb\rc", [0, 3, 5]), ("", [0]), ("\n\n", [0, 1, 2]), ("x\r", [0, 2])] {
            XCTAssertEqual(LineIndex(bytes: Array(text.utf8)).starts, starts, text.debugDescription)
        }
    }

    func testCacheLinesSplitAtEverySeparator() {
        let split = { (text: String) in ResultCache.split(Array(text.utf8)[...], at: UInt8(ascii: "\t")).map { String(decoding: $0, as: UTF8.self) } }
        XCTAssertEqual(split("a\tb\t\tc\t"), ["a", "b", "", "c", ""])
        XCTAssertEqual(split(""), [""])
        XCTAssertEqual(split("\t"), ["", ""])
        XCTAssertEqual(split("no separator"), ["no separator"])
        let slice = Array("xx\ty\tz".utf8)[3...]
        XCTAssertEqual(ResultCache.split(slice, at: UInt8(ascii: "\t")).map { Array($0) }, [Array("y".utf8), Array("z".utf8)])
    }

    func testJSONQuotingEscapesOnlyWhatJSONMust() {
        XCTAssertEqual(JSONWriter.quote("plain é ✓"), "\"plain é ✓\"")
        // Escapes at either end and side by side, an empty string, a bridged one.
        XCTAssertEqual(JSONWriter.quote("\"\n\\"), "\"\\\"\\n\\\\\"")
        XCTAssertEqual(JSONWriter.quote(""), "\"\"")
        XCTAssertEqual(JSONWriter.quote(String(NSString(string: "bridged \t"))), "\"bridged \\t\"")
        XCTAssertEqual(JSONWriter.quote("a\"b\\c\nd\re\tf\u{1}g"), "\"a\\\"b\\\\c\\nd\\re\\tf\\u0001g\"")
        let tricky = "quote \" back \\ bell \u{7} emoji 🙂 line\n"
        XCTAssertEqual(try JSONDecoder().decode(String.self, from: Data(JSONWriter.quote(tricky).utf8)), tricky)
        XCTAssertEqual(SHA256.hexDigits(of: [0x00, 0x0f, 0xa5, 0xff]), "000fa5ff")
    }

    func testFingerprintsAreWhatBaselinesAlreadyHold() {
        // The definition baselines were written with: a regex and a whitespace filter.
        func reference(_ finding: Finding, _ line: String) -> String {
            let squeezed = String(line.unicodeScalars.filter { !$0.properties.isWhitespace }.map(Character.init))
            let message = finding.message.replacingOccurrences(of: "[0-9]+", with: "#", options: .regularExpression)
            return String(SHA256.hex(Array([finding.ruleId, finding.relativePath, message, squeezed].joined(separator: "\u{0}").utf8)).prefix(32))
        }
        let messages = ["duplicate `import Foundation` (already imported on line 12)", "x1y22z333", "٣ Arabic digits stay", "", "9"]
        let lines = ["import  Foundation\t", "let a\u{00A0}=\u{2003}\"é\" // 42", "\u{3000}x\u{85}y\r", ""]
        for message in messages {
            for line in lines {
                var finding = Finding(rule: EngineRules.unknownRule, message: message, file: "A.swift", line: 1, column: 1)
                finding.relativePath = "Sources/A b.swift"
                XCTAssertEqual(Fingerprint.make(finding, lineText: line), reference(finding, line), "\(message) | \(line)")
            }
        }
    }

    /// Every length around the padding's block boundaries, and a long message, against coreutils' `sha256sum`.
    func testSHA256AgreesWithCoreutilsAtEveryPaddingBoundary() throws {
        let lengths = Array(0...130) + [1000, 4096, 65_537, 1_000_003]
        let messages = lengths.map { length in (0..<length).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ $0 >> 8) } }
        let folder = NSTemporaryDirectory() + "gatekeeper-sha-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        for (index, message) in messages.enumerated() {
            try Data(message).write(to: URL(fileURLWithPath: "\(folder)/m\(index)"))
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["sha256sum"] + messages.indices.map { "\(folder)/m\($0)" }
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        let expected = output.split(separator: "\n").map { String($0.prefix(64)) }
        XCTAssertEqual(expected.count, messages.count)
        for (index, message) in messages.enumerated() where index < expected.count {
            XCTAssertEqual(SHA256.hex(message), expected[index], "length \(message.count)")
        }
    }

    func testGlob() {
        XCTAssertTrue(Glob("Sources/**").matches("Sources/App/main.swift"))
        XCTAssertTrue(Glob("**/Generated/**").matches("Sources/Generated/Model.swift"))
        XCTAssertTrue(Glob("**/Generated/**").matches("Generated/Model.swift"))
        XCTAssertFalse(Glob("Sources/*.swift").matches("Sources/App/main.swift"))
        XCTAssertTrue(Glob("Sources/*.swift").matches("Sources/main.swift"))
        XCTAssertTrue(Glob("**/*Tests.swift").matches("Tests/A/FooTests.swift"))
        XCTAssertTrue(Glob("file?.[r-t]wift").matches("file1.swift"))
        XCTAssertFalse(Glob("file?.[!s]wift").matches("file1.swift"))
        XCTAssertTrue(Glob("Vendor/").matches("Vendor/x/y.swift"))
        // Many stars against a long name must stay fast (no exponential backtracking).
        XCTAssertFalse(Glob(String(repeating: "*a", count: 30) + "b").matches(String(repeating: "a", count: 200)))
    }

    func testUnifiedDiff() {
        let diff = UnifiedDiff.make(old: "a\nb\nc\nd\n", new: "a\nc\nb\nd\n", path: "x.swift")
        XCTAssertEqual(diff, "--- a/x.swift\n+++ b/x.swift\n@@ -1,4 +1,4 @@\n a\n-b\n c\n+b\n d\n")
        XCTAssertEqual(UnifiedDiff.make(old: "same\n", new: "same\n", path: "x"), "")
        XCTAssertEqual(UnifiedDiff.make(old: "a", new: "b", path: "x"), "--- a/x\n+++ b/x\n@@ -1,1 +1,1 @@\n-a\n\\ No newline at end of file\n+b\n\\ No newline at end of file\n")
    }

    func testUTF8ValidationAgreesWithTheStandardLibrarysDecoder() {
        // The decoder's answer: the offset of the scalar at which decoding first fails.
        func reference(_ bytes: [UInt8]) -> Int? {
            var decoder = UTF8()
            var iterator = bytes.makeIterator()
            var offset = 0
            while true {
                switch decoder.decode(&iterator) {
                case let .scalarValue(scalar): offset += UTF8.width(scalar)
                case .emptyInput: return nil
                case .error: return offset
                }
            }
        }
        // Lead and continuation bytes at the edges of RFC 3629's ranges, and ASCII runs around them.
        let pieces: [[UInt8]] = [Array("plain ascii text".utf8), [0x41], [0x7F], [0x80], [0xBF], [0xC0, 0xAF], [0xC2, 0x80], [0xDF, 0xBF],
                                 [0xE0, 0x9F, 0x80], [0xE0, 0xA0, 0x80], [0xED, 0x9F, 0xBF], [0xED, 0xA0, 0x80], [0xEF, 0xBF, 0xBF],
                                 [0xF0, 0x8F, 0x80, 0x80], [0xF0, 0x90, 0x80, 0x80], [0xF4, 0x8F, 0xBF, 0xBF], [0xF4, 0x90, 0x80, 0x80],
                                 [0xF5, 0x80], [0xFF], [0xE2, 0x82], [0xF0, 0x9F, 0x98]]
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<3000 {
            let bytes = (0..<Int.random(in: 0...6, using: &generator)).flatMap { _ in pieces.randomElement(using: &generator)! }
            XCTAssertEqual(UTF8Validation.firstInvalidByte(in: bytes), reference(bytes), "\(bytes)")
        }
        XCTAssertNil(UTF8Validation.firstInvalidByte(in: Array("naïve café 😀 \u{10FFFF}".utf8)))
        XCTAssertEqual(UTF8Validation.firstInvalidByte(in: Array("12345678abc".utf8) + [0xC3]), 11)
    }

    func testSHA256() {
        XCTAssertEqual(SHA256.hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        XCTAssertEqual(SHA256.hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        XCTAssertEqual(SHA256.hex(String(repeating: "a", count: 1000)), "41edece42d63e8d9bf515a9ba6932e1c20cbc9f5a5d134645adb5db1b9737ea3")
    }

    func testAtomicWriteKeepsPermissions() throws {
        let path = NSTemporaryDirectory() + "/atomic-\(UUID().uuidString).sh"
        XCTAssertTrue(FileManager.default.createFile(atPath: path, contents: Data("old".utf8), attributes: [.posixPermissions: 0o750]))
        defer { try? FileManager.default.removeItem(atPath: path) }
        try FileSystem.writeAtomically(Array("new".utf8), to: path)
        XCTAssertEqual(try String(contentsOfFile: path, encoding: .utf8), "new")
        let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
        XCTAssertEqual(mode, 0o750)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: NSTemporaryDirectory()).filter { $0.contains("gatekeeper-") && $0.hasSuffix(".tmp") }
        XCTAssertEqual(leftovers, [])
    }
}
