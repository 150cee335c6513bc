import Foundation
import GatekeeperKit

// Lexing throughput on one core, in process: files are read first so only lexing is timed.
// Usage: gatekeeper-benchmark TREE
guard CommandLine.arguments.count == 2 else {
    FileHandle.standardError.write(Data("usage: gatekeeper-benchmark TREE\n".utf8))
    exit(64)
}
let root = CommandLine.arguments[1]
var contents: [[UInt8]] = []
let enumerator = FileManager.default.enumerator(atPath: root)
while let relative = enumerator?.nextObject() as? String {
    guard relative.hasSuffix(".swift"), !relative.contains(".git/"),
          let data = FileManager.default.contents(atPath: root + "/" + relative) else { continue }
    contents.append([UInt8](data))
}
let bytes = contents.reduce(0) { $0 + $1.count }

@MainActor func measure(_ label: String, rounds: Int = 5, _ body: ([UInt8]) -> Int) {
    var best = Double.infinity
    var checksum = 0
    for _ in 0..<rounds {
        let start = DispatchTime.now().uptimeNanoseconds
        for file in contents { checksum &+= body(file) }
        best = min(best, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
    }
    print(String(format: "%-34@ %7.3f s  %7.1f MB/s  (checksum %d)", label as NSString, best, Double(bytes) / 1e6 / best, checksum))
}

print("\(contents.count) files, \(bytes / 1_000_000) MB, one core, best of 5")
measure("lexer only") { Lexer.tokenize($0).count }
measure("lexer + partners + lines + suppressions") { SourceFile(path: "x.swift", bytes: $0).tokens.count }
