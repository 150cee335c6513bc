import ShellOut

// This ShellOut runs the program with an argument array: no shell.
func unzip(_ file: String) async throws {
    try await shellOut(to: .init(command: "unzip", arguments: [file]))
}
