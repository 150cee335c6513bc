import Foundation
import PackagePlugin

/// Runs gatekeeper's checks on a target's Swift sources on every build (`swift build`, Xcode).
/// Findings come out in the compiler's format with absolute paths, so SwiftPM and Xcode's issue
/// navigator show them as warnings and errors; an error finding fails the build, warnings do
/// not. The result cache lives in the plugin's work folder, so unchanged files cost a `stat`.
/// The `.gatekeeper.json` in the package's folder or above it applies, as on the command line
/// (passed with `--config`: the command does not run in the project's folder).
@main
struct GatekeeperBuildToolPlugin: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) async throws -> [Command] {
        guard let target = target as? SourceModuleTarget else { return [] }
        let sources = target.sourceFiles(withSuffix: "swift").map(\.url)
        guard !sources.isEmpty else { return [] }
        return [try Self.command(tool: context.tool(named: "gatekeeper").url, sources: sources, workDirectory: context.pluginWorkDirectoryURL,
                                 name: target.name, config: Self.configuration(above: context.package.directoryURL))]
    }

    /// The nearest `.gatekeeper.json` in `folder` or a folder above it.
    static func configuration(above folder: URL) -> URL? {
        var folder = folder.standardizedFileURL
        while true {
            let candidate = folder.appendingPathComponent(".gatekeeper.json")
            if FileManager.default.fileExists(atPath: candidate.path) { return candidate }
            let parent = folder.deletingLastPathComponent()
            if parent.path == folder.path { return nil }
            folder = parent
        }
    }

    /// A build command without outputs: SwiftPM (tools 5.11 and later) runs it on every build.
    static func command(tool: URL, sources: [URL], workDirectory: URL, name: String, config: URL?) -> Command {
        .buildCommand(
            displayName: "gatekeeper: checking \(name)",
            executable: tool,
            arguments: ["check", "--format", "xcode", "--fail-on", "error", "--no-color", "--quiet",
                        "--cache-dir", workDirectory.appendingPathComponent("cache").path]
                + (config.map { ["--config", $0.path] } ?? []) + sources.map(\.path),
            inputFiles: sources + (config.map { [$0] } ?? []),
            outputFiles: [])
    }
}

#if canImport(XcodeProjectPlugin)
import XcodeProjectPlugin

/// The same for an app target of an Xcode project (Build Phases › Run Build Tool Plug-ins).
extension GatekeeperBuildToolPlugin: XcodeBuildToolPlugin {
    func createBuildCommands(context: XcodePluginContext, target: XcodeTarget) throws -> [Command] {
        let sources = target.inputFiles.filter { $0.type == .source && $0.url.pathExtension == "swift" }.map(\.url)
        guard !sources.isEmpty else { return [] }
        return [Self.command(tool: try context.tool(named: "gatekeeper").url, sources: sources, workDirectory: context.pluginWorkDirectoryURL,
                             name: target.displayName, config: Self.configuration(above: context.xcodeProject.directoryURL))]
    }
}
#endif
