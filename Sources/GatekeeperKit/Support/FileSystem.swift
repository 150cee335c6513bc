import Foundation

/// File reading and writing as an unattended gate needs it: reports are written through the path
/// (a FIFO, a device or a link stays what it is); fixes replace source files atomically, keeping
/// the link, owner and mode, and never over an edit made since the file was read.
public enum FileSystem {
    public struct WriteError: Error, CustomStringConvertible {
        public var path: String
        public var reason: String
        public var description: String { "\(Paths.display(path)): \(reason)" }
    }

    /// What a file held when it was read, to tell whether it changed before a fix replaces it.
    public struct Snapshot: Sendable, Equatable {
        var size: Int64
        var modified: timespec
        /// The content itself (shared with the analysed copy, so it costs no memory): compared
        /// only when a fix is written, instead of hashing every file a finding could fix.
        var bytes: [UInt8]

        public static func == (lhs: Snapshot, rhs: Snapshot) -> Bool {
            lhs.size == rhs.size && lhs.modified.tv_sec == rhs.modified.tv_sec && lhs.modified.tv_nsec == rhs.modified.tv_nsec && lhs.bytes == rhs.bytes
        }
    }

    /// The prefix of every temporary file a fix writes beside the file it replaces.
    public static let temporaryPrefix = ".gatekeeper-fix-"

    /// A file's bytes, read straight into one buffer sized by `fstat` (no `Data` in between:
    /// reading is most of what a cached run does).
    public static func read(_ path: String) throws -> [UInt8] {
        // Non-blocking, so that a FIFO cannot stall the run before fstat tells it apart.
        let descriptor = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard descriptor >= 0 else {
            throw WriteError(path: path, reason: errno == ENOENT ? "no such file" : "cannot be read")
        }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { throw WriteError(path: path, reason: "cannot be read") }
        guard status.st_mode & S_IFMT == S_IFREG else { throw WriteError(path: path, reason: "not a regular file") }
        return try readToEnd(descriptor, size: Int(status.st_size), path: path)
    }

    /// What is left to read of `descriptor`, whose file `fstat` said holds `size` bytes: one byte
    /// more is asked for, which tells whether the file grew since; then it is read on to its end.
    private static func readToEnd(_ descriptor: Int32, size: Int, path: String) throws -> [UInt8] {
        // No file past what the lexer's 32-bit offsets hold is read (it would take gigabytes): the
        // gate reports it, and line texts and reports read around it.
        guard size <= Lexer.maximumFileSize else { throw TooLarge(path: path, size: size) }
        let size = max(size, 0)
        var bytes = try readChunk(descriptor, capacity: size + 1, path: path)
        while bytes.count > size {
            guard bytes.count <= Lexer.maximumFileSize else { throw TooLarge(path: path, size: bytes.count) }
            let capacity = max(4096, bytes.count / 2)
            let more = try readChunk(descriptor, capacity: capacity, path: path)
            bytes += more
            if more.count < capacity { break }
        }
        return bytes
    }

    /// A file past `Lexer.maximumFileSize`, not read.
    public struct TooLarge: Error, CustomStringConvertible {
        public var path: String
        public var size: Int
        public var reason: String { "too large to check (\(size) bytes; the limit is \(Lexer.maximumFileSize))" }
        public var description: String { "\(Paths.display(path)): \(reason)" }
    }

    /// Up to `capacity` bytes into uninitialised space (no zero fill), fewer at end of file.
    private static func readChunk(_ descriptor: Int32, capacity: Int, path: String) throws -> [UInt8] {
        var failure: Int32 = 0
        let chunk = [UInt8](unsafeUninitializedCapacity: capacity) { buffer, initialized in
            var count = 0
            while count < buffer.count {
                let got = Foundation.read(descriptor, buffer.baseAddress! + count, buffer.count - count)
                if got < 0, errno == EINTR { continue }
                if got < 0 { failure = errno }
                if got <= 0 { break }
                count += got
            }
            initialized = count
        }
        guard failure == 0 else { throw WriteError(path: path, reason: "cannot be read: \(String(cString: strerror(failure)))") }
        return chunk
    }

    /// A file named by its path's bytes (a name that is not valid UTF-8); `read(_:)` takes Strings.
    public static func read(rawPath: [UInt8]) throws -> [UInt8] {
        let descriptor = (rawPath + [0]).withUnsafeBufferPointer { buffer in
            buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count) { open($0, O_RDONLY | O_CLOEXEC) }
        }
        let display = String(decoding: rawPath, as: UTF8.self)
        guard descriptor >= 0 else { throw WriteError(path: display, reason: "cannot be read: \(String(cString: strerror(errno)))") }
        defer { close(descriptor) }
        var status = stat()
        return try readToEnd(descriptor, size: fstat(descriptor, &status) == 0 ? Int(status.st_size) : 0, path: display)
    }

    /// Whether the path's bytes name a regular file (links followed).
    static func isRegularFile(_ rawPath: [UInt8]) -> Bool {
        var status = stat()
        let found = (rawPath + [0]).withUnsafeBufferPointer { buffer in
            buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count) { stat($0, &status) }
        }
        return found == 0 && status.st_mode & S_IFMT == S_IFREG
    }

    /// The snapshot of a file whose content is `bytes` (as just read), or nil when it is gone.
    public static func snapshot(_ path: String, bytes: [UInt8]) -> Snapshot? {
        var status = stat()
        guard stat(path, &status) == 0 else { return nil }
        return Snapshot(size: Int64(status.st_size), modified: status.st_mtim, bytes: bytes)
    }

    /// Writes a report: through the path (open, truncate, write), as `>` in a shell does.
    public static func writeReport(_ bytes: [UInt8], to path: String) throws {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw WriteError(path: path, reason: "cannot write the report: \(String(cString: strerror(errno)))") }
        defer { close(descriptor) }
        try writeAll(bytes, to: descriptor, path: path)
    }

    /// Replaces `path` (the target, when it is a link) with `bytes` through a temporary file in
    /// the same folder and a rename, so a crash or a full disk never leaves a half-written file.
    /// Mode and owner are kept. When `expected` is given and the file no longer matches it (an
    /// edit since it was read), nothing is written and `ChangedError` is thrown.
    /// `durable: false` skips `fsync` (a cache, which a crash may lose but never corrupt: it is renamed whole).
    public static func writeAtomically(_ bytes: [UInt8], to path: String, expected: Snapshot? = nil, durable: Bool = true) throws {
        let target = Discovery.resolve(path).realPath
        var status = stat()
        let exists = stat(target, &status) == 0
        let directory = (target as NSString).deletingLastPathComponent
        removeStaleTemporaries(in: directory)
        let temporary = directory + "/" + temporaryPrefix + "\((target as NSString).lastPathComponent)-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, exists ? status.st_mode & 0o7777 : 0o644)
        guard descriptor >= 0 else {
            throw WriteError(path: path, reason: "cannot write a temporary file in \(Paths.display(directory)): \(String(cString: strerror(errno)))")
        }
        do {
            try writeAll(bytes, to: descriptor, path: path)
            if exists {
                // Keep the owner when we may (as root, a rewrite must not make root the owner).
                _ = fchown(descriptor, status.st_uid, status.st_gid)
                _ = fchmod(descriptor, status.st_mode & 0o7777)
            }
            guard !durable || fsync(descriptor) == 0 else { throw WriteError(path: path, reason: "cannot write: \(String(cString: strerror(errno)))") }
            close(descriptor)
            if let expected, let current = try? read(target), snapshot(target, bytes: current) != expected {
                throw ChangedError(path: path)
            }
            guard rename(temporary, target) == 0 else {
                throw WriteError(path: path, reason: "cannot replace the file: \(String(cString: strerror(errno)))")
            }
        } catch {
            close(descriptor)
            unlink(temporary)
            throw error
        }
    }

    /// The file changed between its read and the fix's write; it was left as it is.
    public struct ChangedError: Error, CustomStringConvertible {
        public var path: String
        public var description: String { "\(Paths.display(path)): changed while gatekeeper was fixing it; not written (run fix again)" }
    }

    private static func writeAll(_ bytes: [UInt8], to descriptor: Int32, path: String) throws {
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
            if written < 0 {
                if errno == EINTR { continue }
                throw WriteError(path: path, reason: "cannot write: \(String(cString: strerror(errno)))")
            }
            offset += written
        }
    }

    /// Temporary files of fixes whose process is gone (killed mid-write) are removed.
    public static func removeStaleTemporaries(in directory: String) {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return }
        for name in names where name.hasPrefix(temporaryPrefix) {
            // `…-PID-RANDOM`: the writer's process id is the second field from the end.
            let fields = name.split(separator: "-")
            guard fields.count >= 2, let pid = Int32(fields[fields.count - 2]), pid != getpid() else { continue }
            if kill(pid, 0) != 0 && errno == ESRCH { unlink(directory + "/" + name) }
        }
    }
}
