/// JUnit XML: one test suite per check, one test case per file, a failure per finding, so CI
/// test views list gatekeeper's findings beside the tests.
public struct JUnitReporter: Reporter {
    public func render(_ report: RunReport) -> String {
        let checks = ["gatekeeper"] + CheckRegistry.checkTypes.map { $0.id }
        let byCheck = Dictionary(grouping: report.findings, by: \.check)
        var suites = ""
        var totalTests = 0
        var totalFailures = 0
        for check in checks {
            let findings = byCheck[check] ?? []
            let byFile = Dictionary(grouping: findings, by: \.file)
            var cases = ""
            for file in report.files {
                cases += "    <testcase name=\"\(XML.escape(file))\" classname=\"gatekeeper.\(XML.escape(check))\""
                let failures = byFile[file] ?? []
                if failures.isEmpty { cases += "/>\n"; continue }
                cases += ">\n"
                for finding in failures {
                    let message = finding.displayMessage
                    cases += "      <failure type=\"\(XML.escape(finding.ruleId))\" message=\"\(XML.escape(message))\">"
                        + XML.escape("\(finding.file):\(finding.line):\(finding.column): \(finding.severity.rawValue): \(message) [\(finding.ruleId)]")
                        + "</failure>\n"
                }
                cases += "    </testcase>\n"
            }
            totalTests += report.files.count
            totalFailures += findings.count
            suites += "  <testsuite name=\"\(XML.escape(check))\" tests=\"\(report.files.count)\" failures=\"\(findings.count)\" errors=\"0\" " +
                "skipped=\"0\">\n\(cases)  </testsuite>\n"
        }
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"gatekeeper\" tests=\"\(totalTests)\" failures=\"\(totalFailures)\" " +
            "errors=\"0\">\n\(suites)</testsuites>\n"
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
