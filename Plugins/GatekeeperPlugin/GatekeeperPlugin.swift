import Foundation
import PackagePlugin

/// `swift package gatekeeper [check|fix|…] [options]`: runs gatekeeper on the package's folder
/// with the arguments given (`check` when none). `fix` rewrites sources, so SwiftPM asks for
/// the write permission (or `--allow-writing-to-package-directory`).
@main
struct GatekeeperPlugin: CommandPlugin {
    func performCommand(context: PluginContext, arguments: [String]) async throws {
        let tool = try context.tool(named: "gatekeeper")
        let process = Process()
        process.executableURL = tool.url
        process.arguments = arguments.isEmpty ? ["check"] : arguments
        process.currentDirectoryURL = context.package.directoryURL
        try process.run()
        process.waitUntilExit()
        // gatekeeper's exit code is the gate's verdict (1 warnings, 2 errors, 64 usage): keep it.
        if process.terminationStatus != 0 { exit(process.terminationStatus) }
    }
}
