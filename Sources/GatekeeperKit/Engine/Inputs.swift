/// A file a check reads besides Swift sources. The engine discovers and reads every input, so
/// `include`/`exclude`, explicit paths, `--staged` content, unreadable-file reporting and
/// suppressions apply to them exactly as to Swift files.
public enum InputRequest: Sendable, Hashable {
    /// One file, by path relative to the project root (the telemetry contract, its docs): read
    /// before analysis and handed to `Check.configured(with:)`; absent is not an error here.
    case file(String)
    /// The file of this name nearest above each source, up to the project root
    /// (`Package.swift`): read before analysis and handed to `Check.configured(with:)`.
    case nearest(named: String)
    /// Every file with this suffix in the tree (`.sql`): analysed one by one, in parallel with
    /// the sources, by `Check.analyze(input:)`.
    case suffix(String)
    /// Every other text file of the tree (what git tracks, in a work tree), for the secrets apps
    /// keep in xcconfig, plist, `.env`, JSON and YAML files: analysed like a `.suffix` input;
    /// binary, lock and large files are skipped (`TextFiles.skipReason`).
    case textFiles
}

/// A non-Swift file as the engine read it.
public struct InputFile: Sendable {
    /// As reports name it: relative to the current directory.
    public var path: String
    /// Relative to the project root, `/`-separated (the absolute path when outside it).
    public var relativePath: String
    public var absolutePath: String
    /// Nil when the file does not exist (a `.file` request for an optional file).
    public var bytes: [UInt8]?

    public init(path: String, relativePath: String, absolutePath: String, bytes: [UInt8]?) {
        self.path = path
        self.relativePath = relativePath
        self.absolutePath = absolutePath
        self.bytes = bytes
    }

    public var text: String? { bytes.map { String(decoding: $0, as: UTF8.self) } }
}
