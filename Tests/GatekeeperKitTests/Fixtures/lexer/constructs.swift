#!/usr/bin/env swift
// A file that exercises every construct the lexer knows.
/* block /* nested */ comment */
/// Doc comment with `code`.
import Foundation
@_spi(Internal) @testable import Gatekeeper

@MainActor
public struct Sample<T: Sendable>: Sendable {
    let hex = 0xFF_FF, float = 1.5e-3, binary = 0b1010, octal = 0o17, hexFloat = 0x1p-3
    let plain = "plain \"escaped\" \u{1F600}"
    let raw = #"raw "quotes" and \n stay"#
    let deeper = ##"has "# inside"##
    let quote = #"""#
    let multi = """
        Multi-line with "quotes" and \(1 + 2) interpolation
        and a continuation \
        line.
        """
    let rawMulti = #"""
        Raw multi-line: \(not interpolated) but \#(1) is.
        """#
    let nested = "outer \("inner \("innermost")")"
    let closure = "mapped: \([1, 2].map { "\($0)" }.joined(separator: ", "))"
    let regex = /[a-z]+\d*/
    let extended = #/
        (?<key>\w+) = (?<value>\S+)
    /#
    let division = (10 / 2) / 5
    let `class` = "backticked"
    let café = "unicode identifier"
    let tuple = (1, (2, 3)).1.0
    let range = 0..<10
    let keyPath = \Sample.plain

    func run() async throws -> Int {
        #if os(Linux)
        let value = try await compute()
        #elseif DEBUG
        let value = 0
        #else
        let value = 1
        #endif
        if #available(macOS 14, *) { print(#file, #line) }
        return value ?? 0
    }
}

infix operator <=>: ComparisonPrecedence
func <=> (lhs: Int, rhs: Int) -> Bool { lhs/rhs == 1 }
