// swift-tools-version:6.0
import PackageDescription

// No package dependencies, by design: the gate builds from the toolchain alone.
let package = Package(
    name: "gatekeeper",
    products: [
        .executable(name: "gatekeeper", targets: ["gatekeeper"]),
        .library(name: "GatekeeperKit", targets: ["GatekeeperKit"]),
        .plugin(name: "GatekeeperPlugin", targets: ["GatekeeperPlugin"]),
        .plugin(name: "GatekeeperFixPlugin", targets: ["GatekeeperFixPlugin"]),
        .plugin(name: "GatekeeperBuildToolPlugin", targets: ["GatekeeperBuildToolPlugin"]),
    ],
    targets: [
        .target(name: "GatekeeperKit"),
        .executableTarget(name: "gatekeeper", dependencies: ["GatekeeperKit"]),
        // Lexing throughput, for Benchmarks/run; speed targets live here, not in tests.
        .executableTarget(name: "gatekeeper-benchmark", dependencies: ["GatekeeperKit"], path: "Benchmarks", exclude: ["run", "scaling", "precision"]),
        // `swift package gatekeeper [check]`: no permission asked; fix goes through `gatekeeper-fix`.
        .plugin(
            name: "GatekeeperPlugin",
            capability: .command(intent: .custom(verb: "gatekeeper", description: "Run gatekeeper's checks on this package (no write access)")),
            dependencies: ["gatekeeper"]),
        // `swift package --allow-writing-to-package-directory gatekeeper-fix`: the one plugin that writes.
        .plugin(
            name: "GatekeeperFixPlugin",
            capability: .command(
                intent: .custom(verb: "gatekeeper-fix", description: "Apply gatekeeper's fixes to this package's sources"),
                permissions: [.writeToPackageDirectory(reason: "`gatekeeper fix` rewrites Swift sources in place")]),
            dependencies: ["gatekeeper"]),
        // Checks a target's sources on every build, in `swift build` and Xcode.
        .plugin(name: "GatekeeperBuildToolPlugin", capability: .buildTool(), dependencies: ["gatekeeper"]),
        .testTarget(
            name: "GatekeeperKitTests",
            // The end-to-end tests run the built `gatekeeper` binary.
            dependencies: ["GatekeeperKit", "gatekeeper"],
            exclude: ["Fixtures"]
        ),
    ]
)
