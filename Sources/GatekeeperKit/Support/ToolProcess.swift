import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Runs a program without a shell, its output captured in temporary files (so a chatty tool
/// cannot fill a pipe and stall), in a process group of its own so that a run past its time
/// stops with everything it started (a script's `sleep` too). External checks and git run here.
enum ToolProcess {
    enum Ending: Equatable {
        case exit(Int32)
        case signal(Int32)
        case timedOut
        /// It wrote more than `outputLimit` bytes to one stream, and was stopped.
        case tooMuchOutput
    }

    /// What a tool run with a time limit (an external check) may write to each of its streams:
    /// read whole, more would cost the gate gigabytes of memory.
    static let outputLimit = 16 << 20

    struct Outcome {
        var ending: Ending
        var standardOutput: [UInt8]
        var standardError: [UInt8]
    }

    struct SpawnError: Error, CustomStringConvertible {
        var description: String
    }

    /// `executable`: a path, or a name looked up in `PATH`. `directory`: where it runs (nil: here).
    /// `input`: its standard input (else `/dev/null`). `timeoutSeconds`: nil waits as long as it runs.
    static func run(_ executable: String, arguments: [String], in directory: String?, input: [UInt8]? = nil,
                    timeoutSeconds: Double?) throws -> Outcome {
        let base = NSTemporaryDirectory() + "gatekeeper-tool-\(getpid())-\(UUID().uuidString)"
        let files = Files(input: input == nil ? "/dev/null" : base + ".in", output: base + ".out", errors: base + ".err")
        defer {
            if input != nil { unlink(files.input) }
            unlink(files.output)
            unlink(files.errors)
        }
        if let input { try FileSystem.writeAtomically(input, to: files.input, durable: false) }
        let pid = try Children.spawned { try spawn(executable, arguments: arguments, in: directory, files: files) }
        var ending = wait(for: pid, timeoutSeconds: timeoutSeconds, files: files)
        Children.ended(pid)
        let read = { (path: String) in (try? FileSystem.read(path)) ?? [] }
        guard timeoutSeconds != nil else { return Outcome(ending: ending, standardOutput: read(files.output), standardError: read(files.errors)) }
        // A tool's descendants that left its process group (`setsid`) are stopped too.
        Children.stopOrphans()
        // Also when it wrote past the limit between two looks and ended.
        if size(of: files.output) > outputLimit || size(of: files.errors) > outputLimit { ending = .tooMuchOutput }
        guard ending != .tooMuchOutput else { return Outcome(ending: ending, standardOutput: [], standardError: []) }
        return Outcome(ending: ending, standardOutput: read(files.output), standardError: read(files.errors))
    }

    private static func size(of path: String) -> Int {
        var status = stat()
        return stat(path, &status) == 0 ? Int(status.st_size) : 0
    }

    private struct Files {
        var input, output, errors: String
    }

    private static func spawn(_ executable: String, arguments: [String], in directory: String?, files: Files) throws -> pid_t {
        #if canImport(Darwin)
        var actions: posix_spawn_file_actions_t?
        var attributes: posix_spawnattr_t?
        #else
        var actions = posix_spawn_file_actions_t()
        var attributes = posix_spawnattr_t()
        #endif
        posix_spawn_file_actions_init(&actions)
        posix_spawnattr_init(&attributes)
        defer {
            posix_spawn_file_actions_destroy(&actions)
            posix_spawnattr_destroy(&attributes)
        }
        posix_spawn_file_actions_addopen(&actions, 0, files.input, O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, files.output, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, files.errors, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        // A group of its own: a timeout stops the tool and whatever it started.
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP))
        posix_spawnattr_setpgroup(&attributes, 0)
        // posix_spawn cannot change folder portably (addchdir_np is not exported to Swift), so a
        // fixed /bin/sh line enters the folder and execs the tool: the command's words are passed
        // as arguments, never parsed by the shell.
        let words = directory.map { ["/bin/sh", "-c", "cd -- \"$0\" && exec \"$@\"", $0, executable] + arguments } ?? [executable] + arguments
        let argv = words.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let status = posix_spawnp(&pid, words[0], &actions, &attributes, argv, environ)
        guard status == 0 else { throw SpawnError(description: String(cString: strerror(status))) }
        return pid
    }

    /// Polls the child until it ends or its time is up; then the whole group gets SIGTERM and,
    /// two seconds later, SIGKILL. Without a time limit, waits for it.
    private static func wait(for pid: pid_t, timeoutSeconds: Double?, files: Files) -> Ending {
        var status: Int32 = 0
        guard let timeoutSeconds else {
            while waitpid(pid, &status, 0) == -1, errno == EINTR {}
            return ending(status)
        }
        let deadline = DispatchTime.now().uptimeNanoseconds + UInt64(timeoutSeconds * 1e9)
        var pause: useconds_t = 1_000
        while waitpid(pid, &status, WNOHANG) == 0 {
            if size(of: files.output) > outputLimit || size(of: files.errors) > outputLimit {
                kill(-pid, SIGKILL)
                waitpid(pid, &status, 0)
                return .tooMuchOutput
            }
            if DispatchTime.now().uptimeNanoseconds >= deadline {
                kill(-pid, SIGTERM)
                let grace = DispatchTime.now().uptimeNanoseconds + 2_000_000_000
                while waitpid(pid, &status, WNOHANG) == 0 {
                    if DispatchTime.now().uptimeNanoseconds >= grace {
                        kill(-pid, SIGKILL)
                        waitpid(pid, &status, 0)
                        break
                    }
                    usleep(10_000)
                }
                kill(-pid, SIGKILL)
                return .timedOut
            }
            usleep(pause)
            pause = min(pause * 2, 50_000)
        }
        return ending(status)
    }

    /// The wait status: low 7 bits a signal number, else the exit status in the next byte.
    private static func ending(_ status: Int32) -> Ending {
        let signal = status & 0x7f
        return signal == 0 ? .exit((status >> 8) & 0xff) : .signal(signal)
    }
}

/// The processes this one started and waits for, so that what else is its child can be told:
/// on Linux the gate is a child subreaper, so a tool's descendant that left its process group
/// (`setsid`) becomes the gate's child when its parent ends, and is stopped then.
enum Children {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var live: Set<pid_t> = []

    /// `start`'s process, recorded as one of ours before any sweep can see it.
    static func spawned(_ start: () throws -> pid_t) rethrows -> pid_t {
        _ = becameSubreaper
        lock.lock()
        defer { lock.unlock() }
        let pid = try start()
        live.insert(pid)
        return pid
    }

    static func ended(_ pid: pid_t) {
        lock.lock()
        defer { lock.unlock() }
        live.remove(pid)
    }

    private static let becameSubreaper: Bool = {
        #if os(Linux)
        // prctl is variadic, which Swift cannot call: the same symbol through a fixed signature.
        typealias Prctl = @convention(c) (Int32, UInt, UInt, UInt, UInt) -> Int32
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "prctl") else { return false }
        let setChildSubreaper: Int32 = 36
        return unsafeBitCast(symbol, to: Prctl.self)(setChildSubreaper, 1, 0, 0, 0) == 0
        #else
        return false
        #endif
    }()

    /// Kills and reaps every child that is not one this process waits for, until none is left
    /// (a killed orphan's own children become ours next); bounded, so a fork bomb cannot hold the run.
    static func stopOrphans() {
        #if os(Linux)
        guard becameSubreaper else { return }
        for _ in 0..<200 {
            lock.lock()
            let orphans = children().subtracting(live)
            for pid in orphans { kill(pid, SIGKILL) }
            lock.unlock()
            guard !orphans.isEmpty else { return }
            for pid in orphans {
                var status: Int32 = 0
                waitpid(pid, &status, 0)
            }
        }
        #endif
    }

    /// This process's children, from `/proc/*/stat` (the parent is the fourth field, after the name in parentheses).
    private static func children() -> Set<pid_t> {
        let me = getpid()
        var found: Set<pid_t> = []
        for name in (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? [] {
            guard let pid = pid_t(name), let stat = try? String(contentsOfFile: "/proc/\(name)/stat", encoding: .utf8),
                  let close = stat.lastIndex(of: ")") else { continue }
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            if fields.count > 2, pid_t(fields[1]) == me { found.insert(pid) }
        }
        return found
    }
}
