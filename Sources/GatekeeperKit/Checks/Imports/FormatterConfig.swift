import Foundation

/// The import settings of the formatter a team already runs, read from its config file, so the
/// imports check agrees with it without configuration: nicklockwood/SwiftFormat's `.swiftformat`
/// and swift-format's `.swift-format`. As each tool does, the config nearest above a file decides.
struct FormatterConfig: Sendable {
    /// The style the formatter sorts in; nil when it does not sort imports (only duplicates are
    /// then reported, unless the formatter turns those off too).
    var style: ImportStyle?
    var removesDuplicates = true
    /// Globs (relative to the config's folder) of files the formatter never touches.
    var excluded: [Glob] = []
    /// The config file, for `check --verbose`.
    var path: String
    var directory: String

    /// In one folder the formatters decide before the linter: swift-format (it ships with the
    /// toolchain), then SwiftFormat, then SwiftLint.
    static let fileNames = [".swift-format", ".swiftformat", ".swiftlint.yml"]

    static func load(_ input: InputFile) -> FormatterConfig? {
        guard let text = input.text else { return nil }
        let directory = (input.absolutePath as NSString).deletingLastPathComponent
        if input.absolutePath.hasSuffix(".swift-format") { return FormatterConfig(swiftFormat: text, path: input.path, directory: directory) }
        if input.absolutePath.hasSuffix(".swiftlint.yml") { return FormatterConfig(swiftLint: text, path: input.path, directory: directory) }
        return FormatterConfig(swiftFormatTool: text, path: input.path, directory: directory)
    }

    /// What `check --verbose` says about it.
    var note: String {
        guard let style else { return "imports: \(path) turns import sorting off; only duplicates are reported below it" }
        return "imports: the \(style.name) style below \(path.hasPrefix("/") ? path : "./" + path), as that file says"
    }

    /// `.swift-format` (JSON): `rules.OrderedImports`, on unless set to false.
    private init?(swiftFormat text: String, path: String, directory: String) {
        guard let root = try? JSON5Parser.parse(text) else { return nil }
        self.path = path
        self.directory = directory
        let ordered = root["rules"]?["OrderedImports"]
        style = ordered == .bool(false) ? nil : .swiftFormat
    }

    /// `.swiftlint.yml`: `sorted_imports` runs when opted in (`opt_in_rules`, or `only_rules`) and
    /// not disabled; `duplicate_imports` unless disabled; `excluded` paths. A team whose linter
    /// does not sort imports gets duplicates only.
    private init(swiftLint text: String, path: String, directory: String) {
        self.path = path
        self.directory = directory
        var lists: [String: [String]] = [:]
        var key = ""
        for rawLine in text.split(whereSeparator: \.isNewline) {
            let line = String(rawLine.prefix { $0 != "#" })
            guard !line.trimmingCharacters(in: .whitespaces).isEmpty else { continue }
            if !line.hasPrefix(" "), !line.hasPrefix("-"), let colon = line.firstIndex(of: ":") {
                key = String(line[..<colon])
                let inline = line[line.index(after: colon)...].trimmingCharacters(in: CharacterSet(charactersIn: " []"))
                lists[key] = inline.isEmpty ? [] : inline.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            } else if line.trimmingCharacters(in: .whitespaces).hasPrefix("-") {
                lists[key, default: []].append(line.trimmingCharacters(in: CharacterSet(charactersIn: " -\"'")))
            }
        }
        func enabled(_ rule: String, optIn: Bool) -> Bool {
            if let only = lists["only_rules"] { return only.contains(rule) }
            if lists["disabled_rules"]?.contains(rule) ?? false { return false }
            return !optIn || (lists["opt_in_rules"] ?? []).contains { $0 == rule || $0 == "all" }
        }
        style = enabled("sorted_imports", optIn: true) ? .swiftLint : nil
        removesDuplicates = enabled("duplicate_imports", optIn: false)
        excluded = (lists["excluded"] ?? []).map { Glob($0.hasSuffix("/") || !$0.contains(".") ? $0 + "/**" : $0) }
    }

    /// `.swiftformat`: `--importgrouping`, `--rules`, `--enable`, `--disable`, `--exclude`
    /// (options may repeat; `#` starts a comment).
    private init(swiftFormatTool text: String, path: String, directory: String) {
        self.path = path
        self.directory = directory
        var options: [(String, [String])] = []
        for line in text.split(whereSeparator: \.isNewline) {
            let words = line.prefix { $0 != "#" }.split(whereSeparator: \.isWhitespace).map(String.init)
            guard let option = words.first, option.hasPrefix("--") else { continue }
            let values = words.dropFirst().joined(separator: " ").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            options.append((option.lowercased().replacingOccurrences(of: "-", with: ""), values))
        }
        func values(_ name: String) -> [String] { options.filter { $0.0 == name }.flatMap(\.1) }
        // Rules on unless `--disable`d, or not listed when `--rules` names the only ones to run.
        func enabled(_ names: [String]) -> Bool {
            let listed = values("rules")
            if !listed.isEmpty, !listed.contains(where: names.contains) { return values("enable").contains(where: names.contains) }
            return !values("disable").contains(where: names.contains)
        }
        var grouping = (try? SwiftFormatGrouping(values("importgrouping").joined(separator: ","))) ?? .standard
        if values("importgrouping").isEmpty { grouping = .standard }
        grouping.mergesBlocks = enabled(["blankLinesBetweenImports"])
        // Rule names as SwiftFormat knows them today: the old `sortedImports` no longer turns sorting off.
        style = enabled(["sortImports"]) ? .swiftFormatTool(grouping) : nil
        removesDuplicates = enabled(["duplicateImports"])
        excluded = values("exclude").map { Glob($0.hasSuffix("/") || !$0.contains(".") ? $0 + "/**" : $0) }
    }

    func excludes(_ absolutePath: String) -> Bool {
        guard let relative = Paths.relative(absolutePath, to: directory) else { return false }
        return excluded.contains { $0.matches(relative) }
    }

    /// The nearest of `configs` above `path`, as the formatters look for theirs.
    static func nearest(_ configs: [FormatterConfig], to path: String) -> FormatterConfig? {
        for directory in Paths.folders(above: path) {
            let here = configs.filter { $0.directory == directory }
            if let config = fileNames.lazy.compactMap({ name in here.first { $0.path.hasSuffix(name) } }).first { return config }
        }
        return nil
    }
}

/// The formatters' own markers that leave a file's imports alone: `// swiftformat:disable all`
/// or `sortImports`, `// swift-format-ignore-file` (optionally `: OrderedImports`),
/// `// swiftlint:disable sorted_imports`. A file the formatter never touches is not ours to reorder.
enum FormatterMarkers {
    struct Skips {
        var order = false
        var duplicates = false
    }

    private static let needles = NeedleSet(["swiftformat:", "swift-format-ignore", "swiftlint:"].map(ByteSearch.needle))

    private static let markers = ["swiftformat:disable", "swift-format-ignore", "swiftlint:disable"].map(ByteSearch.needle)

    static func skips(in file: SourceFile) -> Skips {
        var skips = Skips()
        // Most files mention no formatter: skip them without reading their comments.
        guard needles.containsAny(in: file.bytes, ranges: file.commentRanges) else { return skips }
        for index in file.comments.lazy.map(Int.init) where Self.markers.contains(where: { file.tokenContains(index, $0) }) {
            let text = file.text(index)
            let words = text.split { !$0.isLetter && !$0.isNumber && $0 != "_" && $0 != ":" && $0 != "-" }.map(String.init)
            // `disable`, `disable:next`, `disable:this`: an import run is sorted as a whole, so any of them leaves it alone.
            if let marker = words.firstIndex(where: { $0.hasPrefix("swiftformat:disable") }) {
                let rules = words[(marker + 1)...]
                if rules.contains("all") { skips = Skips(order: true, duplicates: true) }
                if rules.contains("sortImports") || rules.contains("sortedImports") { skips.order = true }
                if rules.contains("duplicateImports") { skips.duplicates = true }
            }
            if text.contains("swift-format-ignore-file") {
                let rules = text.components(separatedBy: "swift-format-ignore-file").last ?? ""
                if !rules.contains(":") { skips = Skips(order: true, duplicates: true) } else if rules.contains("OrderedImports") { skips.order = true }
            } else if text.contains("swift-format-ignore"), text.contains("OrderedImports") {
                skips.order = true
            }
            if words.contains("swiftlint:disable"), words.contains("sorted_imports") || words.contains("all") { skips.order = true }
        }
        return skips
    }
}
