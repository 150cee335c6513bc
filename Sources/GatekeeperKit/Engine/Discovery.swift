import Foundation

/// Finds the files a run looks at: explicit files as given, folders through git's view of
/// the work tree (tracked plus untracked-not-ignored, so `.gitignore` holds; one `git ls-files`
/// per repository) or, outside git, a walk that does not follow symlinked folders (so link
/// loops cannot trap it). Built-in and configured excludes apply to both; `include` globs
/// apply to folder contents. A file reached twice (through a link) is listed once; a link that
/// leaves the project is followed only when named on the command line. What cannot be read
/// (a dangling or looping link, a FIFO, an unreadable folder) is listed with its problem.
public struct Discovery: Sendable {
    public struct File: Sendable {
        public var absolutePath: String
        public var displayPath: String
        /// Relative to the project root, `/`-separated (the absolute path when outside it).
        public var relativePath: String
        /// Why the file cannot be read, when discovery already knows.
        public var problem: String?
        /// The path's bytes, when its name is not valid UTF-8 (git tracks such names): the file is
        /// read by them; its other paths show U+FFFD where the name's bytes are invalid.
        public var rawPath: [UInt8]?
        /// Size and modification time (ns), when discovery asked (a file git listed, or one named):
        /// what the result cache compares before reading anything (it asks itself otherwise).
        public var stamp: Stamp?

        /// What `stat` says of a file that changes whenever its content may have: a cache hit on the
        /// stamp alone skips reading the file, so it includes what no one can set (the inode's change
        /// time and number, as git's index does): a fresh checkout or a restored cache never matches.
        public struct Stamp: Sendable, Equatable {
            public var size: Int
            public var modified: Int64
            public var changed: Int64
            public var inode: UInt64

            init(_ status: stat) {
                size = Int(status.st_size)
                modified = Int64(status.st_mtim.tv_sec) * 1_000_000_000 + Int64(status.st_mtim.tv_nsec)
                changed = Int64(status.st_ctim.tv_sec) * 1_000_000_000 + Int64(status.st_ctim.tv_nsec)
                inode = UInt64(status.st_ino)
            }

            /// `size,modified,changed,inode` in decimal: read as bytes (every cache entry has one, and a
            /// warm run reads them all).
            init?(text: Substring) {
                var parts: [(magnitude: UInt64, negative: Bool)] = []
                var (current, negative, digits) = (UInt64(0), false, 0)
                for byte in text.utf8 {
                    switch byte {
                    case UInt8(ascii: ","):
                        guard digits > 0 else { return nil }
                        parts.append((current, negative))
                        (current, negative, digits) = (0, false, 0)
                    case UInt8(ascii: "-") where digits == 0 && !negative: negative = true
                    case UInt8(ascii: "0")...UInt8(ascii: "9"):
                        let (times, overflow) = current.multipliedReportingOverflow(by: 10)
                        let (sum, carry) = times.addingReportingOverflow(UInt64(byte - UInt8(ascii: "0")))
                        guard !overflow, !carry else { return nil }
                        (current, digits) = (sum, digits + 1)
                    default: return nil
                    }
                }
                guard digits > 0, !negative, parts.count == 3, !parts[0].negative, let size = Int(exactly: parts[0].magnitude),
                      let modified = Self.signed(parts[1]), let changed = Self.signed(parts[2]) else { return nil }
                (self.size, self.modified, self.changed, inode) = (size, modified, changed, current)
            }

            private static func signed(_ part: (magnitude: UInt64, negative: Bool)) -> Int64? {
                guard let value = Int64(exactly: part.magnitude) else { return nil }
                return part.negative ? -value : value
            }

            var text: String { "\(size),\(modified),\(changed),\(inode)" }

            /// Whether the file was last written over two seconds ago. File times have the kernel's
            /// coarse clock: two writes of the same size within one tick share a stamp, so a stamp
            /// younger than that is not trusted later (git's "racily clean" entries).
            var isSettled: Bool {
                var now = timespec()
                clock_gettime(CLOCK_REALTIME, &now)
                return max(modified, changed) < Int64(now.tv_sec - 2) * 1_000_000_000 + Int64(now.tv_nsec)
            }
        }

        public init(absolutePath: String, displayPath: String, relativePath: String? = nil, problem: String? = nil, rawPath: [UInt8]? = nil) {
            self.absolutePath = absolutePath
            self.displayPath = displayPath
            self.relativePath = relativePath ?? displayPath
            self.problem = problem
            self.rawPath = rawPath
        }
    }

    public struct PathError: Error, CustomStringConvertible {
        public var description: String
    }

    let configuration: Configuration
    /// File name suffixes to collect from folders.
    let extensions: [String]
    /// Where the walk notes which folders it listed and which of some names they hold.
    let listings: FolderListings?
    /// Folders read in parallel (`--jobs`).
    let jobs: Int

    public init(configuration: Configuration, extensions: [String] = [".swift"], listings: FolderListings? = nil,
                jobs: Int = ProcessInfo.processInfo.activeProcessorCount) {
        self.configuration = configuration
        self.extensions = extensions
        self.listings = listings
        self.jobs = jobs
    }

    /// The folders a walk listed, with which of the names asked for each holds (a config file the
    /// checks look for in every folder above a source): what spares a `stat` per folder and name.
    /// Filled by discovery, read when the checks' inputs are looked for; thread-safe.
    public final class FolderListings: @unchecked Sendable {
        let names: Set<String>
        private var held: [String: Set<String>] = [:]
        private let lock = NSLock()

        public init(names: Set<String>) { self.names = names }

        /// Per folder a walk listed, which of the names it holds.
        var listed: [String: Set<String>] {
            lock.lock()
            defer { lock.unlock() }
            return held
        }

        func note(_ listed: [(folder: String, names: Set<String>)]) {
            lock.lock()
            defer { lock.unlock() }
            for (folder, names) in listed { held[folder] = names }
        }
    }

    public func files(for arguments: [String]) throws -> [File] {
        // The files found, and where each real file is among them.
        var found: [File] = []
        var byRealPath: [String: Int] = [:]
        let listings = GitListings()
        let realRoot = Self.resolve(configuration.rootDirectory).realPath
        var realFolders: [Substring: String] = [:]
        /// `paths`: the entry's project and display paths when already known, and known not excluded.
        /// `stamp`: what `lstat` already said of a regular file (no link).
        func add(_ absolute: String, explicit: Bool, problem: String? = nil, rawPath: [UInt8]? = nil, known: Resolved? = nil,
                 stamp: File.Stamp? = nil, paths: EntryPaths? = nil) {
            // `absolute` is normal (an argument made absolute, or a folder's path and a name), so this is its project path.
            let relative = paths?.relative ?? Paths.relative(absolute, to: configuration.rootDirectory)
            guard paths != nil || !isExcluded(absolute, relative: relative, explicit: explicit) else { return }
            let resolved = known ?? (problem == nil && rawPath == nil ? Self.resolve(absolute, stamp: stamp, realFolders: &realFolders)
                                                                      : Resolved(realPath: absolute, problem: problem))
            // A link from inside the project to a file outside it is followed only when named.
            if resolved.problem == nil, !explicit, relative != nil, !Paths.isInside(resolved.realPath, realRoot) { return }
            var file = File(absolutePath: absolute, displayPath: paths?.display ?? Paths.display(absolute),
                            relativePath: relative ?? absolute, problem: resolved.problem, rawPath: rawPath)
            file.stamp = resolved.stamp
            // Reached twice (a link and its target): once, by the real file's name when it is listed.
            if let known = byRealPath[resolved.realPath] {
                if found[known].absolutePath != resolved.realPath && absolute == resolved.realPath { found[known] = file }
                return
            }
            byRealPath[resolved.realPath] = found.count
            found.append(file)
        }
        for argument in arguments {
            let absolute = Paths.absolute(argument)
            var status = stat()
            guard lstat(absolute, &status) == 0 else {
                throw PathError(description: "\(argument): no such file or directory")
            }
            guard Self.isDirectory(absolute) else {
                add(absolute, explicit: true)
                continue
            }
            let wanted = { @Sendable [extensions] (name: String) in extensions.contains { name.hasSuffix($0) } }
            let walked = listings.files(in: absolute, wanted: wanted, jobs: jobs) ?? walk(absolute, wanted: wanted)
            byRealPath.reserveCapacity(byRealPath.count + walked.count)
            found.reserveCapacity(found.count + walked.count)
            // Which entries count, and their paths, on all cores; then each is added in order. (Both
            // listings hold only wanted names, and the folders they could not read.)
            let kept = Parallel.map(walked, jobs: jobs) { entry -> EntryPaths? in
                let relative = Paths.relative(entry.path, to: configuration.rootDirectory)
                guard !isExcluded(entry.path, relative: relative, explicit: false) else { return nil }
                return EntryPaths(relative: relative, display: Paths.display(entry.path))
            }
            for (entry, paths) in zip(walked, kept) {
                guard let paths else { continue }
                add(entry.path, explicit: false, problem: entry.problem, rawPath: entry.rawPath, known: entry.resolved, stamp: entry.stamp, paths: paths)
            }
        }
        // Sorted by position: moving a File is dearer than moving an index.
        let paths = found.map(\.displayPath)
        return paths.indices.sorted { paths[$0] < paths[$1] }.map { found[$0] }
    }

    /// An entry's path in the project (nil outside it) and as reports show it.
    struct EntryPaths: Sendable {
        var relative: String?
        var display: String
    }

    /// Whether a walk would collect the file at `absolute` (a normal path): its suffix, the
    /// built-in excludes and the configured globs. For files no walk reaches (`--staged` content
    /// whose work-tree file is gone).
    func wants(_ absolute: String) -> Bool {
        extensions.contains { absolute.hasSuffix($0) }
            && !isExcluded(absolute, relative: Paths.relative(absolute, to: configuration.rootDirectory), explicit: false)
    }

    /// `relative`: the path from the configuration's folder, nil outside it. The globs are
    /// relative to that folder, so a file outside it matches no include: with includes, it is not
    /// collected unless named (a config from elsewhere never has its includes ignored).
    private func isExcluded(_ absolute: String, relative: String?, explicit: Bool) -> Bool {
        if Self.isInExcludedFolder(relative ?? absolute) { return true }
        guard let relative else { return !explicit && !configuration.include.isEmpty }
        if configuration.exclude.contains(where: { $0.matches(relative) }) { return true }
        if !explicit, !configuration.include.isEmpty, !configuration.include.contains(where: { $0.matches(relative) }) { return true }
        return false
    }

    private static let builtInExcludes = Configuration.builtInExcludes.map { Array($0.utf8) }

    /// Whether a folder of `path` (not its last component) is a built-in exclude.
    static func isInExcludedFolder(_ path: String) -> Bool {
        Paths.hasFolder(path, namedAnyOf: builtInExcludes)
    }

    private static func isDirectory(_ path: String) -> Bool {
        var status = stat()
        return stat(path, &status) == 0 && status.st_mode & S_IFMT == S_IFDIR
    }

    struct Resolved: Sendable {
        var realPath: String
        var problem: String?
        var stamp: File.Stamp?
    }

    /// Where a path really leads, and why it cannot be read as a file if so. Never opens it, so
    /// a FIFO cannot block the run.
    static func resolve(_ path: String) -> Resolved {
        var status = stat()
        if stat(path, &status) != 0 {
            let reason = errno == ELOOP ? "a symbolic link loop" : errno == ENOENT ? "a broken symbolic link" : String(cString: strerror(errno))
            return Resolved(realPath: path, problem: "cannot read the file: \(reason)")
        }
        guard status.st_mode & S_IFMT == S_IFREG else {
            let kind = status.st_mode & S_IFMT == S_IFIFO ? "a FIFO" : status.st_mode & S_IFMT == S_IFDIR ? "a folder" : "not a regular file"
            return Resolved(realPath: path, problem: "not checked: \(kind)")
        }
        return Resolved(realPath: realPath(path) ?? path)
    }

    /// `resolve`, with the real paths of folders remembered: a file that is no link is its real
    /// folder plus its name, one `lstat` instead of a `readlink` per path component. `stamp`: the
    /// file is known to be regular (no link), with this stamp; it is not asked again.
    static func resolve(_ path: String, stamp: File.Stamp? = nil, realFolders: inout [Substring: String]) -> Resolved {
        guard let slash = path.utf8.lastIndex(of: UInt8(ascii: "/")), let stamp = stamp ?? regularFileStamp(path) else { return resolve(path) }
        let realFolder = realPath(ofFolder: path[..<slash], known: &realFolders)
        return Resolved(realPath: (realFolder == "/" ? "" : realFolder) + String(path[slash...]), stamp: stamp)
    }

    /// Size and modification time of a regular file that is no link; nil for anything else.
    static func regularFileStamp(_ path: String) -> File.Stamp? {
        var status = stat()
        guard lstat(path, &status) == 0, status.st_mode & S_IFMT == S_IFREG else { return nil }
        return File.Stamp(status)
    }

    /// A folder's real path from its parent's (remembered) and one `lstat` of its own: only a
    /// folder that is a link costs a `realpath`.
    private static func realPath(ofFolder folder: Substring, known: inout [Substring: String]) -> String {
        if folder.isEmpty { return "/" }
        if let real = known[folder] { return real }
        var status = stat()
        let real: String
        if lstat(String(folder), &status) == 0, status.st_mode & S_IFMT == S_IFDIR, let slash = folder.utf8.lastIndex(of: UInt8(ascii: "/")) {
            let parent = realPath(ofFolder: folder[..<slash], known: &known)
            real = (parent == "/" ? "" : parent) + String(folder[slash...])
        } else {
            real = realPath(String(folder)) ?? String(folder)
        }
        known[folder] = real
        return real
    }

    private static func realPath(_ path: String) -> String? {
        guard let real = realpath(path, nil) else { return nil }
        defer { free(real) }
        return String(cString: real)
    }

    struct Entry: Sendable {
        var path: String
        var problem: String?
        var rawPath: [UInt8]?
        /// Its real path and stamp, when the walk already knows them (a regular file, no link).
        var resolved: Resolved?
        /// Its stamp, when git's listing asked and it is a regular file (no link); its real path is left to `add`.
        var stamp: File.Stamp?
    }

    /// The files under `root` whose names `wanted` accepts, and unreadable folders: folders are
    /// read on all cores, each as soon as a core is free (the walk is mostly system calls).
    private func walk(_ root: String, wanted: @escaping @Sendable (String) -> Bool) -> [Entry] {
        let noting = listings?.names ?? []
        let read = Parallel.expand([(path: root, realPath: Self.realPath(root))], jobs: jobs) { folder in
            let contents = Self.read(folder: folder.path, realPath: folder.realPath, wanted, noting: noting)
            return (output: (path: folder.path, entries: contents.entries, noted: contents.noted), more: contents.folders)
        }
        listings?.note(read.compactMap { folder in folder.noted.map { (folder.path, $0) } })
        // In the order of the folders' paths, whatever order they were read in: which of two links
        // to one file is listed must not depend on the schedule.
        return read.sorted { $0.path < $1.path }.flatMap(\.entries)
    }

    /// One folder's wanted files and its subfolders to walk. The listing's own file types spare a
    /// `stat` per entry; only links and unknown types are asked. A regular file's real path is its
    /// folder's: folder links are not followed, so below the root nothing else resolves.
    /// `noted`: which of the names `noting` the folder holds as anything but a folder (nil when it
    /// could not be listed).
    private static func read(folder directory: String, realPath realDirectory: String?, _ wanted: (String) -> Bool, noting: Set<String>)
        -> (entries: [Entry], folders: [(path: String, realPath: String?)], noted: Set<String>?) {
        guard let handle = opendir(directory) else {
            return ([Entry(path: directory, problem: "cannot read the folder: permission denied or gone")], [], nil)
        }
        defer { closedir(handle) }
        var entries: [Entry] = []
        var folders: [(path: String, realPath: String?)] = []
        var noted = Set<String>()
        for (name, rawName, type) in list(handle).sorted(by: { $0.name < $1.name }) {
            if noting.contains(name), Int32(type) != Int32(DT_DIR) { noted.insert(name) }
            let path = directory + "/" + name
            if let rawName, Int32(type) != Int32(DT_DIR) {
                // A name that is not valid UTF-8: the file is read by its bytes, as from git's listing.
                guard wanted(name) else { continue }
                let rawPath = Array((directory + "/").utf8) + rawName
                entries.append(FileSystem.isRegularFile(rawPath) ? Entry(path: path, rawPath: rawPath)
                                                                 : Entry(path: path, problem: "not checked: not a regular file"))
                continue
            }
            switch kind(type, path) {
            case .folder:
                if !Configuration.builtInExcludes.contains(name) { folders.append((path, realDirectory.map { $0 + "/" + name })) }
            case .linkToFolder, .gone:
                break // a link to a folder is not followed
            case .other:
                guard wanted(name) else { continue }
                if Int32(type) == Int32(DT_REG), let realDirectory {
                    // The listing says a regular file, no link: its real path is its folder's. Its
                    // stamp is left to the cache, which asks for it on all cores.
                    let real = (realDirectory == "/" ? "" : realDirectory) + "/" + name
                    entries.append(Entry(path: path, resolved: Resolved(realPath: real)))
                } else {
                    entries.append(Entry(path: path))
                }
            }
        }
        return (entries, folders, noted)
    }

    private enum Kind { case folder, linkToFolder, gone, other }

    private static func kind(_ type: UInt8, _ path: String) -> Kind {
        switch Int32(type) {
        case Int32(DT_DIR): return .folder
        case Int32(DT_REG): return .other
        case Int32(DT_LNK): return isDirectory(path) ? .linkToFolder : .other
        case Int32(DT_UNKNOWN):
            var status = stat()
            guard lstat(path, &status) == 0 else { return .gone }
            if status.st_mode & S_IFMT == S_IFDIR { return .folder }
            return status.st_mode & S_IFMT == S_IFLNK && isDirectory(path) ? .linkToFolder : .other
        default: return .other
        }
    }

    /// A folder's entries with the file type the listing gives (`DT_UNKNOWN` on file systems that give none),
    /// and a name's bytes when they are not valid UTF-8 (its String then has U+FFFD in their place).
    private static func list(_ handle: OpaquePointer) -> [(name: String, rawName: [UInt8]?, type: UInt8)] {
        var names: [(name: String, rawName: [UInt8]?, type: UInt8)] = []
        while let entry = readdir(handle) {
            let bytes = withUnsafeBytes(of: entry.pointee.d_name) { raw in Array(raw.prefix { $0 != 0 }) }
            let name = String(decoding: bytes, as: UTF8.self)
            if name != "." && name != ".." { names.append((name, String(validating: bytes, as: UTF8.self) == nil ? bytes : nil, entry.pointee.d_type)) }
        }
        return names
    }
}

/// `git ls-files` once per repository, whatever folders of it a run names.
final class GitListings {
    /// Per repository root, its files relative to the root; nil when git refused.
    private var byRoot: [String: [[UInt8]]?] = [:]

    /// Files under `directory` as git sees them whose names `wanted` accepts, or nil when it is not
    /// in a git work tree. Each is asked for on all cores (a repository lists thousands).
    func files(in directory: String, wanted: (String) -> Bool, jobs: Int) -> [Discovery.Entry]? {
        var trusting = false
        let first = Git.runCapturing(["rev-parse", "--show-toplevel", "--show-prefix"], in: directory)
        var answer = first.output
        if answer == nil, Git.refusesOwnership(directory, error: first.error) {
            trusting = true
            answer = Git.run(["rev-parse", "--show-toplevel", "--show-prefix"], in: directory, trusting: true)
        }
        guard let output = answer else { return nil }
        let lines = String(decoding: output, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard lines.count >= 2 else { return nil }
        let (root, prefix) = (lines[0], Array(lines[1].utf8))
        if byRoot[root] == nil { byRoot[root] = Self.list(root, trusting: trusting) }
        guard let listed = byRoot[root] ?? nil else { return nil }
        let names = listed.compactMap { name -> (text: String, raw: ArraySlice<UInt8>?)? in
            guard name.starts(with: prefix) else { return nil }
            let rest = name[prefix.count...]
            // Not a String path: the file is read by its bytes.
            let text = String(validating: rest, as: UTF8.self)
            let shown = text ?? String(decoding: rest, as: UTF8.self)
            return wanted(shown) ? (shown, text == nil ? rest : nil) : nil
        }
        return Parallel.map(names, jobs: jobs) { name -> Discovery.Entry? in
            let path = directory + "/" + name.text
            if let rest = name.raw {
                let raw = Array((directory + "/").utf8) + rest
                return FileSystem.isRegularFile(raw) ? Discovery.Entry(path: path, rawPath: raw) : nil
            }
            var status = stat()
            // Deleted-but-tracked files are listed too; they are simply gone.
            guard lstat(path, &status) == 0 else { return nil }
            if status.st_mode & S_IFMT == S_IFREG { return Discovery.Entry(path: path, stamp: Discovery.File.Stamp(status)) }
            if status.st_mode & S_IFMT == S_IFLNK, Discovery.resolve(path).problem == "not checked: a folder" { return nil }
            return Discovery.Entry(path: path)
        }.compactMap { $0 }
    }

    private static func list(_ root: String, trusting: Bool) -> [[UInt8]]? {
        Git.run(["-C", root, "ls-files", "-z", "--cached", "--others", "--exclude-standard", "--deduplicate"], trusting: trusting)
            .map { $0.split(separator: 0).map(Array.init) }
    }
}
