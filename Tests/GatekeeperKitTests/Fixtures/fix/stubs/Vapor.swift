// Stubs of the parts of Vapor's API that fixture projects and `gatekeeper fix` use: enough for
// `swiftc -typecheck`, nothing runs.
@_exported import Foundation

public final class Application: @unchecked Sendable {
    public init() {}
}

public struct Environment: Sendable {
    public static func get(_ key: String) -> String? { nil }
}
