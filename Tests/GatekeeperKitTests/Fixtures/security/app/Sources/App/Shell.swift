import Foundation
import ShellOut
import SwiftCLI

enum FontStyle {
    case system(Int), custom(String)
}

let style = FontStyle.system(12)

extension Process {
    func runInRepository(_ path: String, command: String) throws {
        launchPath = "/bin/bash"
        arguments = ["-c", "cd \(path) && \(command)"]
        try run()
    }
}

func build(target: String) async throws {
    try Task.run(bash: "swift build --target \(target)")
    _ = try shellOut(to: .createFolder(named: "build"))
    _ = try await run(.path("/bin/zsh"), ["-cu", "ls \(target)"])
}

func spawn(_ name: String) {
    var pid: pid_t = 0
    let script = "echo " + name
    let argv = ["sh", "-c", script]
    posix_spawn(&pid, "/bin/sh", nil, nil, argv, nil)
}

// A build tool running the command its users configured: by design, a warning.
func preGenerate(project: Project) throws {
    if let command = project.options.preGenCommand {
        try Task.run(bash: command)
    }
}
