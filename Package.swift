// swift-tools-version:6.0
import PackageDescription

// No package dependencies, by design: the gate builds from the toolchain alone.
let package = Package(
    name: "gatekeeper",
    products: [
        .executable(name: "gatekeeper", targets: ["gatekeeper"]),
        .library(name: "GatekeeperKit", targets: ["GatekeeperKit"]),
    ],
    targets: [
        .target(name: "GatekeeperKit"),
        .executableTarget(name: "gatekeeper", dependencies: ["GatekeeperKit"]),
        // Lexing throughput, for Benchmarks/run; speed targets live here, not in tests.
        .executableTarget(name: "gatekeeper-benchmark", dependencies: ["GatekeeperKit"], path: "Benchmarks", exclude: ["run", "scaling"]),
        .testTarget(
            name: "GatekeeperKitTests",
            // The end-to-end tests run the built `gatekeeper` binary.
            dependencies: ["GatekeeperKit", "gatekeeper"],
            exclude: ["Fixtures"]
        ),
    ]
)
