/// Turns a run into text for one output format.
public protocol Reporter {
    func render(_ report: RunReport) -> String
}

public enum ReportFormat: String, CaseIterable, Sendable {
    case text, json, sarif, github, junit, checkstyle, codeclimate, xcode

    public struct Options: Sendable {
        public var color = false
        public var showSource = false
        public var quiet = false
        /// Text: counts per rule instead of one line per finding (`--statistics`).
        public var statistics = false
        /// SARIF: also list baselined findings (`baselineState: unchanged`).
        public var showBaselined = false
        /// Where the git work tree starts, for CI paths; nil outside git.
        public var repositoryRoot: String?

        public init() {}
    }

    public func reporter(_ options: Options) -> any Reporter {
        let paths = ReportPaths(repositoryRoot: options.repositoryRoot)
        switch self {
        case .text: return TextReporter(color: options.color, showSource: options.showSource, quiet: options.quiet, statistics: options.statistics)
        case .xcode: return TextReporter(color: false, showSource: false, quiet: options.quiet, statistics: false, absolutePaths: true)
        case .json: return JSONReporter()
        case .sarif: return SARIFReporter(paths: paths, showBaselined: options.showBaselined)
        case .github: return GitHubReporter(paths: paths)
        case .junit: return JUnitReporter()
        case .checkstyle: return CheckstyleReporter()
        case .codeclimate: return CodeClimateReporter(paths: paths)
        }
    }
}
