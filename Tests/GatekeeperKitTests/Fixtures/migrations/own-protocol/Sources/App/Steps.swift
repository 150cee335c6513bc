// A project's own protocol named `Migration`, without Fluent: not Fluent's.
protocol Migration {
    func prepare() throws
}

struct RenameSettings: Migration {
    func prepare() throws {}
}
