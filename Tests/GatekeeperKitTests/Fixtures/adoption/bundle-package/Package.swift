// swift-tools-version:6.0
import PackageDescription

// Uses gatekeeper's artifact bundle as SwiftLint's users use SwiftLintBinary: the test puts the
// bundle .ci/release made beside this file.
let package = Package(
    name: "BundleUser",
    targets: [
        .binaryTarget(name: "gatekeeper", path: "gatekeeper.artifactbundle"),
        .plugin(
            name: "Version",
            capability: .command(intent: .custom(verb: "gatekeeper-version", description: "Print the bundled gatekeeper's version")),
            dependencies: ["gatekeeper"]),
    ]
)
