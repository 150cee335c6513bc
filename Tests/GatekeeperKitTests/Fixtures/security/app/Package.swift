// swift-tools-version:5.9
import PackageDescription

let package = Package(
    name: "App",
    dependencies: [.package(url: "https://github.com/JohnSundell/ShellOut.git", from: "2.3.0")],
    targets: [.executableTarget(name: "App", dependencies: ["ShellOut"]), .testTarget(name: "AppTests", dependencies: ["App"]),
               .testTarget(name: "AppSpecs", dependencies: ["App"], path: "Specs")]
)
