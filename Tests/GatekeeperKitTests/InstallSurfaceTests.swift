import Foundation
import XCTest

@testable import GatekeeperKit

/// The ways to install and run gatekeeper outside a clone: the GitHub Action's steps, the
/// Dockerfile's build stage, the release script's artifact bundle, the pre-commit framework's
/// hooks, and the SwiftPM plugins. Each runs here, without GitHub, Docker or a network.
/// Tests that build a whole package again run only with GATEKEEPER_SLOW_TESTS=1.
final class InstallSurfaceTests: BinaryTestCase {
    static var slowTestsEnabled: Bool { ProcessInfo.processInfo.environment["GATEKEEPER_SLOW_TESTS"] == "1" }

    /// Runs a program found on PATH (`tool(["python3", …])`).
    @discardableResult
    func tool(_ arguments: [String], in directory: URL, environment: [String: String] = [:]) throws -> Result {
        try run(arguments, in: directory, environment: environment, executable: URL(fileURLWithPath: "/usr/bin/env"))
    }

    func requireTools(_ names: [String]) throws {
        for name in names where try tool(["sh", "-c", "command -v \(name)"], in: workDirectory).status != 0 {
            throw XCTSkip("\(name) is not installed")
        }
    }

    var script: (String) -> String { { TestSupport.packageRoot.appendingPathComponent(".ci/\($0)").path } }

    /// A git repository that does not depend on gatekeeper (no Package.swift at all), with a
    /// warning (import order) and, when asked, an error (a GitHub token).
    func userRepository(withSecret: Bool = false) throws -> URL {
        let directory = workDirectory.appendingPathComponent("user-repo")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try git(["init", "-q", "-b", "main"], in: directory)
        try write("import UIKit\nimport Foundation\n\nfinal class App {}\n", to: "App/App.swift", in: directory)
        if withSecret { try write("let token = \"\("ghp_" + "Z3d8Kq0LmN4vR7tY1wX9aB2cD5eF6gH8iJ0k")\"\n", to: "App/Config.swift", in: directory) }
        try git(["add", "."], in: directory)
        return directory
    }

    // MARK: - GitHub Action

    func testActionRunStepsCheckARepositoryThatDoesNotDependOnGatekeeper() throws {
        try requireTools(["python3", "bash"])
        let repository = try userRepository()
        let binary = ["GATEKEEPER_BINARY": Self.binary.path]
        let defaults = try tool([script("run-action"), "--input", "sarif=reports/gatekeeper.sarif"], in: repository, environment: binary)
        XCTAssertEqual(defaults.status, 1, defaults.stderr)
        XCTAssertTrue(defaults.stdout.hasPrefix("::warning file=App/App.swift,line=1,col=1,"), defaults.stdout)
        XCTAssertTrue(defaults.stdout.hasSuffix("output exit-code=1\n"), defaults.stdout)
        let sarif = try JSON5Parser.parse(try read("reports/gatekeeper.sarif", in: repository))
        XCTAssertEqual(sarif["version"], .string("2.1.0"))
        XCTAssertTrue(defaults.stderr.contains("skipped 'Upload SARIF to code scanning' (uses: github/codeql-action/upload-sarif@v3"), defaults.stderr)
        // fail-on error lets the warning pass; args reach the command line.
        let lenient = try tool([script("run-action"), "--input", "fail-on=error", "--input", "format=text", "--input", "args=--no-color App"],
                               in: repository, environment: binary)
        XCTAssertEqual(lenient.status, 0, lenient.stderr)
        XCTAssertTrue(lenient.stdout.hasPrefix("App/App.swift:1:1: warning: `import Foundation` should come before `import UIKit`"), lenient.stdout)
        XCTAssertTrue(lenient.stdout.hasSuffix("output exit-code=0\n"))
        XCTAssertTrue(lenient.stderr.contains("skipped 'Upload SARIF to code scanning' (if: "), "no sarif input, no upload")
        // A usage error is the step's failure too.
        XCTAssertEqual(try tool([script("run-action"), "--input", "args=--formt json"], in: repository, environment: binary).status, 64)
        XCTAssertEqual(try tool([script("run-action"), "--input", "no-such-input=1"], in: repository, environment: binary).status, 1)
    }

    /// The build step too, in a copy of this checkout standing for the action's (a debug build:
    /// the same commands as the release one).
    func testActionBuildStepBuildsFromTheActionsOwnCheckout() throws {
        guard Self.slowTestsEnabled else { throw XCTSkip("set GATEKEEPER_SLOW_TESTS=1: builds gatekeeper again (about a minute)") }
        try requireTools(["python3", "git", "swift"])
        let action = workDirectory.appendingPathComponent("action-checkout")
        XCTAssertEqual(try tool(["git", "clone", "-q", "--no-hardlinks", TestSupport.packageRoot.path, action.path], in: workDirectory).status, 0)
        // The working tree's action.yml and scripts, committed or not.
        for file in ["action.yml", ".ci/run-action"] {
            try FileManager.default.removeItem(at: action.appendingPathComponent(file))
            try FileManager.default.copyItem(at: TestSupport.packageRoot.appendingPathComponent(file), to: action.appendingPathComponent(file))
        }
        let repository = try userRepository()
        let result = try tool([action.appendingPathComponent(".ci/run-action").path, "--action", action.appendingPathComponent("action.yml").path,
                               "--input", "format=text", "--input", "args=--no-color"], in: repository, environment: ["GATEKEEPER_CONFIGURATION": "debug"])
        XCTAssertEqual(result.status, 1, result.stderr)
        XCTAssertTrue(result.stdout.hasPrefix("App/App.swift:1:1: warning: `import Foundation` should come before `import UIKit`"), result.stdout)
        XCTAssertTrue(FileManager.default.fileExists(atPath: action.appendingPathComponent(".build/debug/gatekeeper").path), "built in the action's checkout")
        XCTAssertFalse(FileManager.default.fileExists(atPath: repository.appendingPathComponent(".build/debug").path), "nothing built in the user's repository")
    }

    func testActionBuildsStaticallyFromItsOwnCheckoutAndKeepsInputsOutOfScripts() throws {
        let action = try String(contentsOf: TestSupport.packageRoot.appendingPathComponent("action.yml"), encoding: .utf8)
        XCTAssertTrue(action.contains("using: composite"))
        XCTAssertTrue(action.contains("cd \"$ACTION_PATH\""), "builds in the action's checkout, not the user's package")
        XCTAssertTrue(action.contains("flags+=(--static-swift-stdlib)"))
        XCTAssertTrue(action.contains("path: ${{ github.action_path }}/.build"), "the build is cached")
        XCTAssertTrue(action.contains("key: gatekeeper-build-${{ runner.os }}-${{ runner.arch }}-${{ github.action_ref"), "by the action's version")
        // No `${{ }}` inside a `run:` script: inputs arrive through env, so none can inject shell.
        var inRun = false
        for line in action.split(separator: "\n", omittingEmptySubsequences: false) {
            let indent = line.prefix { $0 == " " }.count
            if inRun, !line.trimmingCharacters(in: .whitespaces).isEmpty, indent <= 6 { inRun = false }
            if inRun { XCTAssertFalse(line.contains("${{"), "expression inside a run script: \(line)") }
            if line.trimmingCharacters(in: .whitespaces) == "run: |" { inRun = true }
        }
    }

    // MARK: - Dockerfile

    func testDockerfileBuildStageCommandsRunWithoutDocker() throws {
        try requireTools(["python3"])
        let dockerfile = TestSupport.packageRoot.appendingPathComponent("Dockerfile").path
        let plan = try tool([script("run-dockerfile"), "--dockerfile", dockerfile, "--dry-run", "--root", workDirectory.path], in: workDirectory)
        XCTAssertEqual(plan.status, 0, plan.stderr)
        XCTAssertTrue(plan.stderr.contains("RUN swift build -c \"$CONFIGURATION\" --static-swift-stdlib --product gatekeeper"), plan.stderr)
        XCTAssertTrue(plan.stderr.contains("ARG OUT=/out\n"))
        // The runtime stage copies what the build stage leaves in OUT.
        XCTAssertTrue(try String(contentsOfFile: dockerfile, encoding: .utf8).contains("COPY --from=build /out/gatekeeper /usr/local/bin/gatekeeper"))
        guard Self.slowTestsEnabled else { return }
        // The real commands, in a copy of the build context (a debug build: the same commands, faster).
        let out = workDirectory.appendingPathComponent("out")
        let built = try tool([script("run-dockerfile"), "--dockerfile", dockerfile, "--root", workDirectory.appendingPathComponent("image").path,
                              "--build-arg", "CONFIGURATION=debug", "--build-arg", "OUT=\(out.path)"], in: workDirectory)
        XCTAssertEqual(built.status, 0, built.stderr)
        XCTAssertEqual(try run(["version"], in: workDirectory, executable: out.appendingPathComponent("gatekeeper")).stdout, "gatekeeper \(Version.current)\n")
    }

    // MARK: - Release archives and the artifact bundle

    func testReleaseScriptMakesAnArtifactBundleSwiftPMCanUse() throws {
        try requireTools(["zip", "unzip", "git", "sha256sum", "swift"])
        let dist = workDirectory.appendingPathComponent("dist")
        // The debug build stands in for the release binaries; the second plays a universal macOS one.
        let release = try tool([script("release"), Version.current, "--out", dist.path, "--binary", "\(Self.binary.path):x86_64-unknown-linux-gnu",
                                "--binary", "\(Self.binary.path):arm64-apple-macosx,x86_64-apple-macosx"], in: TestSupport.packageRoot)
        XCTAssertEqual(release.status, 0, release.stderr)
        let files = try FileManager.default.contentsOfDirectory(atPath: dist.path).sorted()
        XCTAssertEqual(files, ["checksums.txt", "gatekeeper-\(Version.current)-source.tar.gz", "gatekeeper-\(Version.current)-universal-apple-macosx.tar.gz",
                               "gatekeeper-\(Version.current)-x86_64-unknown-linux-gnu.tar.gz", "gatekeeper.artifactbundle.zip", "gatekeeper.rb"])
        // The bundle: info.json in SwiftPM's schema, each variant an executable that runs.
        let package = workDirectory.appendingPathComponent("bundle-user")
        try FileManager.default.copyItem(at: TestSupport.fixtures.appendingPathComponent("adoption/bundle-package"), to: package)
        XCTAssertEqual(try tool(["unzip", "-q", dist.appendingPathComponent("gatekeeper.artifactbundle.zip").path], in: package).status, 0)
        let bundle = package.appendingPathComponent("gatekeeper.artifactbundle")
        let info = try JSON5Parser.parse(try read("info.json", in: bundle))
        XCTAssertEqual(info["schemaVersion"], .string("1.0"))
        XCTAssertEqual(info["artifacts"]?["gatekeeper"]?["type"], .string("executable"))
        XCTAssertEqual(info["artifacts"]?["gatekeeper"]?["version"], .string(Version.current))
        guard case let .array(variants)? = info["artifacts"]?["gatekeeper"]?["variants"], case let .string(path)? = variants.first?["path"] else {
            return XCTFail("no variants in info.json")
        }
        XCTAssertEqual(path, "gatekeeper-\(Version.current)-x86_64-unknown-linux-gnu/bin/gatekeeper")
        XCTAssertEqual(variants.map { $0["supportedTriples"] }, [.array([.string("x86_64-unknown-linux-gnu")]),
                                                                .array([.string("arm64-apple-macosx"), .string("x86_64-apple-macosx")])])
        XCTAssertEqual(try run(["version"], in: bundle, executable: bundle.appendingPathComponent(path)).stdout, "gatekeeper \(Version.current)\n")
        // SwiftPM reads the bundle as a binaryTarget and a plugin runs the tool from it.
        let plugin = try tool(["swift", "package", "--disable-sandbox", "gatekeeper-version"], in: package)
        XCTAssertEqual(plugin.status, 0, plugin.stderr)
        XCTAssertTrue(plugin.stdout.contains("gatekeeper \(Version.current)"), plugin.stdout + plugin.stderr)
        // The formula builds the source archive it names, by its checksum.
        let sourceSum = try tool(["sha256sum", dist.appendingPathComponent("gatekeeper-\(Version.current)-source.tar.gz").path], in: dist).stdout.prefix(64)
        let formula = try read("gatekeeper.rb", in: dist)
        XCTAssertTrue(formula.contains("sha256 \"\(sourceSum)\""), formula)
        XCTAssertTrue(formula.contains("releases/download/v\(Version.current)/gatekeeper-\(Version.current)-source.tar.gz"))
        XCTAssertEqual(try tool(["sha256sum", "--check", "--quiet", "checksums.txt"], in: dist).status, 0)
        // A bad version is refused before any work.
        XCTAssertEqual(try tool([script("release"), "one", "--binary", "\(Self.binary.path):x"], in: workDirectory).status, 64)
    }

    // MARK: - pre-commit framework

    /// `.pre-commit-hooks.yaml` with `language: swift` makes pre-commit run `swift build -c release`
    /// in its clone of the hook repository: offline it works (no package dependencies) but costs a
    /// full release build. The test runs the same hook definitions with `language: system` and the
    /// built binary as entry; ids, `types` and arguments are ours.
    func testPreCommitTryRepoBlocksASecretOffline() throws {
        try requireTools(["pre-commit", "git"])
        let hooks = workDirectory.appendingPathComponent("hooks-repo")
        try FileManager.default.createDirectory(at: hooks, withIntermediateDirectories: true)
        let definitions = try String(contentsOf: TestSupport.packageRoot.appendingPathComponent(".pre-commit-hooks.yaml"), encoding: .utf8)
        XCTAssertEqual(definitions.components(separatedBy: "language: swift").count - 1, 2, "both hooks build with the Swift toolchain")
        try write(definitions.replacingOccurrences(of: "language: swift", with: "language: system")
            .replacingOccurrences(of: "entry: gatekeeper ", with: "entry: \(Self.binary.path) "), to: ".pre-commit-hooks.yaml", in: hooks)
        try git(["init", "-q", "-b", "main"], in: hooks)
        try git(["add", "."], in: hooks)
        try git(["commit", "-q", "-m", "hooks"], in: hooks)
        let repository = try userRepository(withSecret: true)
        let environment = ["PRE_COMMIT_HOME": workDirectory.appendingPathComponent("pre-commit-home").path, "NO_COLOR": "1"]
        let blocked = try tool(["pre-commit", "try-repo", hooks.path, "gatekeeper"], in: repository, environment: environment)
        XCTAssertEqual(blocked.status, 1, blocked.stdout + blocked.stderr)
        XCTAssertTrue(blocked.stdout.contains("App/Config.swift:1:14: error: "), blocked.stdout)
        XCTAssertTrue(blocked.stdout.contains("[security/hardcoded-secret]"), blocked.stdout)
        XCTAssertFalse(blocked.stdout.contains("Z3d8Kq0L"), "no secret in the output")
        try write("let token = ProcessInfo.processInfo.environment[\"TOKEN\"]\n", to: "App/Config.swift", in: repository)
        try write("import Foundation\nimport UIKit\n\nfinal class App {}\n", to: "App/App.swift", in: repository)
        // By name: the first run left its result cache in .build/, which this repository does not ignore.
        try git(["add", "App"], in: repository)
        let passing = try tool(["pre-commit", "try-repo", hooks.path, "gatekeeper"], in: repository, environment: environment)
        XCTAssertEqual(passing.status, 0, passing.stdout + passing.stderr)
        XCTAssertTrue(passing.stdout.contains("Passed"), passing.stdout)
    }

    // MARK: - SwiftPM plugins

    func testCommandPluginAsksForWritePermissionOnlyForFix() throws {
        let manifest = try String(contentsOf: TestSupport.packageRoot.appendingPathComponent("Package.swift"), encoding: .utf8)
        let plugins = manifest.components(separatedBy: ".plugin(\n").dropFirst()
        XCTAssertEqual(plugins.count, 2, "the two command plugins")
        XCTAssertTrue(manifest.contains(".plugin(name: \"GatekeeperBuildToolPlugin\", capability: .buildTool(), dependencies: [\"gatekeeper\"])"))
        for plugin in plugins {
            let writes = plugin.contains(".writeToPackageDirectory")
            XCTAssertEqual(writes, plugin.contains("name: \"GatekeeperFixPlugin\""), String(plugin.prefix(120)))
        }
    }

    /// A package that applies the build-tool plugin gets gatekeeper's findings from `swift build`
    /// (warnings pass, an error fails the build), and the command plugins check without write
    /// permission and fix with it. Builds gatekeeper again in the fixture's own .build.
    func testPluginsInAPackageThatUsesThem() throws {
        guard Self.slowTestsEnabled else { throw XCTSkip("set GATEKEEPER_SLOW_TESTS=1: builds gatekeeper again (about 30-90 s)") }
        let root = workDirectory.appendingPathComponent("plugin-user")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(at: root.appendingPathComponent("gatekeeper"), withDestinationURL: TestSupport.packageRoot)
        let package = root.appendingPathComponent("app")
        try FileManager.default.copyItem(at: TestSupport.fixtures.appendingPathComponent("adoption/plugin-package"), to: package)
        let build = try tool(["swift", "build"], in: package)
        XCTAssertEqual(build.status, 0, build.stdout + build.stderr)
        let source = package.appendingPathComponent("Sources/App/main.swift").resolvingSymlinksInPath().path
        XCTAssertTrue(build.stdout.contains("\(source):4:29: warning: cleartext `http://` URL to api.weather-service.io"), build.stdout)
        XCTAssertTrue(build.stdout.contains("\(source):1:1: warning: `import Dispatch` should come before `import Foundation`"), build.stdout)
        // A read-only check, and the write refused with the way to do it.
        let check = try tool(["swift", "package", "gatekeeper", "--no-color"], in: package)
        XCTAssertNotEqual(check.status, 0)
        XCTAssertTrue(check.stdout.contains("Sources/App/main.swift:1:1: warning:"), check.stdout + check.stderr)
        let refused = try tool(["swift", "package", "gatekeeper", "fix"], in: package)
        XCTAssertNotEqual(refused.status, 0)
        XCTAssertTrue((refused.stdout + refused.stderr).contains("gatekeeper-fix"), refused.stdout + refused.stderr)
        XCTAssertEqual(try read("Sources/App/main.swift", in: package).prefix(17), "import Foundation")
        let fixed = try tool(["swift", "package", "--allow-writing-to-package-directory", "gatekeeper-fix", "--only", "imports"], in: package)
        XCTAssertEqual(fixed.status, 0, fixed.stdout + fixed.stderr)
        XCTAssertEqual(try read("Sources/App/main.swift", in: package).prefix(16), "import Dispatch\n")
        // The package's config applies to the build's checks.
        try write("{ rules: { \"security/insecure-http\": \"off\" } }", to: ".gatekeeper.json", in: package)
        let configured = try tool(["swift", "build"], in: package)
        XCTAssertEqual(configured.status, 0, configured.stdout + configured.stderr)
        XCTAssertTrue(configured.stdout.contains("gatekeeper: checking App"), configured.stdout)
        XCTAssertFalse(configured.stdout.contains("[security/insecure-http]"), configured.stdout)
        // An error finding fails the build.
        try FileManager.default.copyItem(at: TestSupport.fixtures.appendingPathComponent("e2e/formats/Sources/App/Shell.swift"),
                                         to: package.appendingPathComponent("Sources/App/Shell.swift"))
        let failing = try tool(["swift", "build"], in: package)
        XCTAssertNotEqual(failing.status, 0)
        XCTAssertTrue(failing.stdout.contains("error:") && failing.stdout.contains("[security/unsafe-shell]"), failing.stdout + failing.stderr)
    }
}
