// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "Example",
    products: [.library(name: "AppCore", targets: ["AppCore"])],
    targets: [
        .target(name: "App", dependencies: ["AppCore"]),
        .target(name: "AppCore"),
        .testTarget(name: "AppTests", dependencies: ["App"]),
    ]
)
