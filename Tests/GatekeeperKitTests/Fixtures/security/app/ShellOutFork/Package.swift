// swift-tools-version:5.9
import PackageDescription

let package = Package(
    name: "Tool",
    dependencies: [.package(url: "https://github.com/SwiftPackageIndex/ShellOut.git", from: "3.1.0")],
    targets: [.executableTarget(name: "Tool", dependencies: ["ShellOut"])]
)
