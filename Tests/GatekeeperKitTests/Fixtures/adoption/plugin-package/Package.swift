// swift-tools-version:6.0
import PackageDescription

// A package that uses gatekeeper as SwiftPM users would: the test points GATEKEEPER_PACKAGE at
// the gatekeeper checkout under test.
let package = Package(
    name: "PluginUser",
    dependencies: [.package(path: Context.environment["GATEKEEPER_PACKAGE"] ?? "../gatekeeper")],
    targets: [
        .executableTarget(name: "App", plugins: [.plugin(name: "GatekeeperBuildToolPlugin", package: "gatekeeper")]),
    ]
)
