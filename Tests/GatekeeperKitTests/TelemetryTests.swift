import Foundation
import XCTest

@testable import GatekeeperKit

final class TelemetryTests: BinaryTestCase {
    private func lines(_ result: Result) -> [String] {
        result.stdout.split(separator: "\n").map(String.init)
    }

    func testContractFindingsOnTheAppFixture() throws {
        let directory = workDirectory.appendingPathComponent("app")
        try FileManager.default.copyItem(at: TestSupport.fixtures.appendingPathComponent("telemetry/app"), to: directory)
        let result = try run(["check", "--only", "telemetry", "--fail-on", "info", "--quiet", "--no-color"], in: directory)
        XCTAssertEqual(result.status, 2)
        XCTAssertEqual(lines(result), [
            "Sources/App/Requests.swift:5:12: error: `api.request` lacks required field `duration` [telemetry/missing-field]",
            "Sources/App/Requests.swift:7:12: error: `api.request` field `status` is \"done\"; the contract allows \"ok\", \"error\" [telemetry/invalid-value]",
            "Sources/App/Requests.swift:11:12: error: `orchestrator.lease` lacks required field `event` [telemetry/missing-field]",
            "Sources/App/Requests.swift:13:12: warning: `api.legacy_request` is deprecated: use api.request [telemetry/deprecated-event]",
            "Sources/App/Requests.swift:15:12: note: this emission cannot be checked: the event name is computed (`\"api.\\(kind)\"`) [telemetry/unverifiable]",
            "Sources/App/Requests.swift:16:12: note: `api.request` cannot be checked: its metadata `extraMetadata` is not a dictionary literal [telemetry/unverifiable]",
            "Sources/App/Requests.swift:25:5: error: `orchestrator.lease` lacks required field `entity_id` [telemetry/missing-field]",
            "Sources/App/Scheduler.swift:14:16: warning: `orchestrator.leese` is not in the telemetry contract [telemetry/unknown-event]",
            "docs/telemetry.md:1:1: warning: the telemetry docs no longer match the contract; regenerate them with `gatekeeper telemetry docs > docs/telemetry.md` [telemetry/docs-drift]",
        ])
        // Regenerating the docs clears the drift.
        let docs = try run(["telemetry", "docs"], in: directory)
        try docs.stdout.write(to: directory.appendingPathComponent("docs/telemetry.md"), atomically: false, encoding: .utf8)
        XCTAssertFalse(try run(["check", "--only", "telemetry", "--fail-on", "info"], in: directory).stdout.contains("docs-drift"))
        XCTAssertTrue(docs.stdout.contains("## `orchestrator.lease`\n\nA scheduler took, renewed or lost the lease of a job.\n\n| field | required | allowed values |\n|---|---|---|\n| `event` | yes |  |\n| `job_type` | yes |  |\n| `status` | yes | `ok`, `error` |\n| `entity_id` | yes |  |\n| `duration` | no |  |\n"), docs.stdout)
    }

    func testEventsInventory() throws {
        let directory = workDirectory.appendingPathComponent("app")
        try FileManager.default.copyItem(at: TestSupport.fixtures.appendingPathComponent("telemetry/app"), to: directory)
        let text = try run(["telemetry", "events"], in: directory)
        XCTAssertEqual(text.status, 0)
        XCTAssertTrue(lines(text).contains("Sources/App/Scheduler.swift:14:16: orchestrator.leese [event, entity_id, status, job_type]"),
                      "constants as keys and keys set earlier with logger[metadataKey:] count")
        XCTAssertTrue(lines(text).contains("Sources/App/Requests.swift:23:14: api.request [component, entity_id, duration, status]"),
                      "argument labels of a custom emitter become snake_case fields")
        XCTAssertFalse(text.stdout.contains("cache warmed"), "ordinary log messages are not emissions")
        let json = try JSON5Parser.parse(try run(["telemetry", "events", "--format", "json", "Sources/App/Requests.swift"], in: directory).stdout)
        let emissions = json["emissions"]?.arrayValue ?? []
        XCTAssertEqual(emissions.count, 8)
        XCTAssertEqual(emissions.first, .object([
            ("event", .string("api.request")), ("fields", .array(["event", "component", "entity_id", "status"].map(JSONValue.string))),
            ("file", .string("Sources/App/Requests.swift")), ("line", .number(5)), ("column", .number(12)),
            ("emitter", .string("swift-log")), ("verifiable", .bool(true)),
        ]))
    }

    func testLeaseSchedulerThatLostItsEvent() throws {
        let directory = workDirectory.appendingPathComponent("lost-lease")
        try FileManager.default.copyItem(at: TestSupport.fixtures.appendingPathComponent("telemetry/lost-lease"), to: directory)
        let result = try run(["check", "--only", "telemetry", "--quiet", "--no-color"], in: directory)
        XCTAssertEqual(lines(result), ["telemetry-contract.json:9:1: warning: contract event `orchestrator.lease` is emitted nowhere in the tree [telemetry/unemitted-event]"])
        XCTAssertEqual(result.status, 1)
    }

    func testWithoutAContractTheCheckDoesNothingAndSaysSo() throws {
        let directory = try tree("clean")
        let result = try run(["check", "--verbose"], in: directory)
        XCTAssertEqual(result.status, 0)
        XCTAssertTrue(result.stderr.contains("note: telemetry: no contract at telemetry-contract.json, so the telemetry check does nothing"), result.stderr)
        XCTAssertEqual(try run(["telemetry", "events"], in: directory).status, 64)
    }

    func testBadContractsAreConfigurationErrors() throws {
        let directory = try tree("clean")
        try "{ events: { \"a.b\": { required: \"event\" } } }".write(to: directory.appendingPathComponent("telemetry-contract.json"), atomically: false, encoding: .utf8)
        XCTAssertEqual(try run([], in: directory).stderr, "gatekeeper: error: telemetry-contract.json: events.a.b.required must be an array of strings, not a string\n")
        try "{ events: {}, emitters: [{ name: \"x\", event: -1 }] }".write(to: directory.appendingPathComponent("telemetry-contract.json"), atomically: false, encoding: .utf8)
        XCTAssertEqual(try run([], in: directory).status, 64)
        // A number too large for an integer is a configuration error naming file and key, never a trap.
        try "{ events: {}, emitters: [{ name: \"x\", fields: \"arguments\", event: 1e300 }] }".write(to: directory.appendingPathComponent("telemetry-contract.json"), atomically: false, encoding: .utf8)
        let huge = try run([], in: directory)
        XCTAssertEqual(huge.status, 64)
        XCTAssertEqual(huge.stderr, "gatekeeper: error: telemetry-contract.json: emitters[0].event must be an argument label (a string) "
                       + "or a position (a whole number from 0 to 255)\n")
        try "{ events: { ".write(to: directory.appendingPathComponent("telemetry-contract.json"), atomically: false, encoding: .utf8)
        XCTAssertTrue(try run([], in: directory).stderr.hasPrefix("gatekeeper: error: telemetry-contract.json:1:"))
    }

    func testFieldNaming() {
        XCTAssertEqual(EmissionReader.fieldName("entityId", .snakeCase), "entity_id")
        XCTAssertEqual(EmissionReader.fieldName("httpStatusCode", .kebabCase), "http-status-code")
        XCTAssertEqual(EmissionReader.fieldName("entityID", .asIs), "entityID")
    }
}
