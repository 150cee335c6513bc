import Foundation

/// File reading and writing as a gate needs it: atomic replacement that keeps permissions.
public enum FileSystem {
    public struct WriteError: Error, CustomStringConvertible {
        public var path: String
        public var reason: String
        public var description: String { "\(path): \(reason)" }
    }

    public static func read(_ path: String) throws -> [UInt8] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw WriteError(path: path, reason: FileManager.default.fileExists(atPath: path) ? "cannot be read" : "no such file")
        }
        return [UInt8](data)
    }

    /// Replaces `path` with `bytes` through a temporary file in the same folder and a rename,
    /// so a crash or a full disk never leaves a half-written file; mode bits are kept.
    public static func writeAtomically(_ bytes: [UInt8], to path: String) throws {
        let url = URL(fileURLWithPath: path)
        let directory = url.deletingLastPathComponent().path
        let temporary = directory + "/.\(url.lastPathComponent).gatekeeper-\(getpid())-\(UInt32.random(in: 0...UInt32.max)).tmp"
        let attributes = try? FileManager.default.attributesOfItem(atPath: path)
        guard FileManager.default.createFile(atPath: temporary, contents: Data(bytes),
                                             attributes: attributes.flatMap { $0[.posixPermissions] }.map { [.posixPermissions: $0] }) else {
            throw WriteError(path: path, reason: "cannot write a temporary file in \(directory)")
        }
        if rename(temporary, path) != 0 {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw WriteError(path: path, reason: "cannot replace the file: \(reason)")
        }
    }
}
