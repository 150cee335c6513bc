/// Turns a run into text for one output format.
public protocol Reporter {
    func render(_ report: RunReport) -> String
}

public enum ReportFormat: String, CaseIterable, Sendable {
    case text, json

    public func reporter(color: Bool, showSource: Bool) -> any Reporter {
        switch self {
        case .text: return TextReporter(color: color, showSource: showSource)
        case .json: return JSONReporter()
        }
    }
}
