import Foundation

enum Git {
    static let apiToken = "ghp_4fT9kLm2Qw8Zr5Xv1Nb7Yc3Hj6Pd0Sa2Ue4R"

    static func status() throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", "git status --short"]
        try process.run()
    }

    static func log() throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = ["-c", "git log | head -3"]
        try process.run()
    }
}
