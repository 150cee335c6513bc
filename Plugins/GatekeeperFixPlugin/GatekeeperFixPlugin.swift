import Foundation
import PackagePlugin

/// `swift package --allow-writing-to-package-directory gatekeeper-fix [options]`: `gatekeeper fix`
/// on the package. The only plugin that asks for write permission, so a `check` never needs it.
@main
struct GatekeeperFixPlugin: CommandPlugin {
    func performCommand(context: PluginContext, arguments: [String]) async throws {
        let process = Process()
        process.executableURL = try context.tool(named: "gatekeeper").url
        process.arguments = ["fix"] + arguments.drop { $0 == "fix" }
        process.currentDirectoryURL = context.package.directoryURL
        try process.run()
        process.waitUntilExit()
        exit(process.terminationStatus)
    }
}
