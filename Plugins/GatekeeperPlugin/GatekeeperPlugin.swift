import Foundation
import PackagePlugin

/// `swift package gatekeeper [check|rules|explain|…] [options]`: runs gatekeeper on the package's
/// folder with the arguments given (`check` when none). It asks for no permission: what writes
/// into the package (`fix`, `baseline`, `init`, `install-hook`) is refused with the command that
/// can, and the result cache goes to the plugin's own work folder.
@main
struct GatekeeperPlugin: CommandPlugin {
    /// Commands that write into the package: `fix` goes through the `gatekeeper-fix` plugin,
    /// which asks for the permission; the others are run with the binary itself.
    static let writing = ["fix", "baseline", "init", "install-hook"]

    func performCommand(context: PluginContext, arguments: [String]) async throws {
        var arguments = arguments.isEmpty ? ["check"] : arguments
        if let verb = arguments.first, Self.writing.contains(verb), !(verb == "fix" && arguments.contains("--dry-run")) {
            let how = verb == "fix"
                ? "swift package --allow-writing-to-package-directory gatekeeper-fix \(arguments.dropFirst().joined(separator: " "))"
                : "swift run gatekeeper \(arguments.joined(separator: " "))"
            Diagnostics.error("`gatekeeper \(verb)` writes into the package, and this plugin has no write permission; run: \(how)")
            exit(64)
        }
        // Options or paths alone mean `check`, as on the command line; its cache is the plugin's own.
        if !knownCommand(arguments[0]) { arguments.insert("check", at: 0) }
        if arguments[0] == "check" {
            arguments.insert(contentsOf: ["--cache-dir", context.pluginWorkDirectoryURL.appendingPathComponent("cache").path], at: 1)
        }
        exit(try runGatekeeper(context, arguments))
    }

    private func knownCommand(_ word: String) -> Bool {
        ["check", "fix", "baseline", "rules", "explain", "tokens", "telemetry", "install-hook", "init", "version", "completions", "help"].contains(word)
    }
}

/// Runs the gatekeeper tool in the package's folder and returns its exit code (1 warnings,
/// 2 errors, 64 usage: the gate's verdict).
func runGatekeeper(_ context: PluginContext, _ arguments: [String]) throws -> Int32 {
    let process = Process()
    process.executableURL = try context.tool(named: "gatekeeper").url
    process.arguments = arguments
    process.currentDirectoryURL = context.package.directoryURL
    try process.run()
    process.waitUntilExit()
    return process.terminationStatus
}
