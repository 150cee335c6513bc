/// JUnit XML: a test suite per check that ran, a failed test case per finding and one passing
/// case for a check that found nothing, so CI test views list findings, not files (the report
/// stays small on big trees).
public struct JUnitReporter: Reporter {
    public func render(_ report: RunReport) -> String {
        let byCheck = Dictionary(grouping: report.findings, by: \.check)
        // The engine's own rules (`gatekeeper/…`) and findings of checks not listed still show.
        let checks = report.checksRun + byCheck.keys.filter { !report.checksRun.contains($0) }.sorted()
        var suites = ""
        var totalTests = 0
        for check in checks {
            let findings = byCheck[check] ?? []
            var cases = ""
            if findings.isEmpty {
                let files = report.filesScanned == 1 ? "1 file" : "\(report.filesScanned) files"
                cases = "    <testcase name=\"\(XML.escape(check)): no findings in \(files)\" classname=\"gatekeeper.\(XML.escape(check))\"/>\n"
            }
            for finding in findings {
                let location = "\(finding.file):\(finding.line):\(finding.column)"
                cases += "    <testcase name=\"\(XML.escape(finding.ruleId)) at \(XML.escape(location))\" classname=\"gatekeeper.\(XML.escape(check))\" "
                    + "file=\"\(XML.escape(finding.file))\" line=\"\(finding.line)\">\n"
                    + "      <failure type=\"\(XML.escape(finding.ruleId))\" message=\"\(XML.escape(finding.displayMessage))\">"
                    + XML.escape("\(location): \(finding.severity.rawValue): \(finding.displayMessage) [\(finding.ruleId)]") + "</failure>\n"
                    + "    </testcase>\n"
            }
            let tests = max(1, findings.count)
            totalTests += tests
            suites += "  <testsuite name=\"\(XML.escape(check))\" tests=\"\(tests)\" failures=\"\(findings.count)\" errors=\"0\" " +
                "skipped=\"0\">\n\(cases)  </testsuite>\n"
        }
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"gatekeeper\" tests=\"\(totalTests)\" " +
            "failures=\"\(report.findings.count)\" errors=\"0\">\n\(suites)</testsuites>\n"
    }
}

/// Checkstyle XML, as Jenkins' warnings plugin, reviewdog and others read it.
public struct CheckstyleReporter: Reporter {
    public func render(_ report: RunReport) -> String {
        var output = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<checkstyle version=\"4.3\">\n"
        let byFile = Dictionary(grouping: report.findings, by: \.file)
        for file in byFile.keys.sorted() {
            output += "  <file name=\"\(XML.escape(file))\">\n"
            for finding in byFile[file] ?? [] {
                output += "    <error line=\"\(finding.line)\" column=\"\(finding.column)\" severity=\"\(finding.severity.rawValue)\" " +
                    "message=\"\(XML.escape(finding.displayMessage))\" source=\"\(XML.escape(finding.ruleId))\"/>\n"
            }
            output += "  </file>\n"
        }
        return output + "</checkstyle>\n"
    }
}
