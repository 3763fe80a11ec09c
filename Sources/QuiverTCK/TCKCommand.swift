// TCKCommand: the runner's command-line face for whoever wires in a real database — parse
// `<features> [--graphs dir] [--baseline file] [--update-baseline] [--filter text] [--skip-tag t]
// [--failures]`, run the suite, print the report, check the baseline, return an exit status.
import Foundation

public struct TCKRunConfiguration: Sendable, Equatable {
    public var featuresPath: String
    /// Defaults to `<features>/../graphs`.
    public var graphsPath: String?
    public var baselinePath: String?
    public var updateBaseline = false
    public var filter: String?
    public var skipTags: Set<String> = []
    /// Also print every strict failure with its reason.
    public var listFailures = false

    public init(featuresPath: String) {
        self.featuresPath = featuresPath
    }

    /// Parses arguments (without the program name).
    public static func parse(_ arguments: [String]) -> Result<TCKRunConfiguration, TCKUsageError> {
        var features: String?
        var options: [String: String] = [:]
        var skipTags: Set<String> = []
        var flags: Set<String> = []
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            switch argument {
            case "--graphs", "--baseline", "--filter", "--skip-tag":
                guard index < arguments.count else { return .failure(TCKUsageError("\(argument) needs a value")) }
                if argument == "--skip-tag" { skipTags.insert(arguments[index]) } else { options[argument] = arguments[index] }
                index += 1
            case "--update-baseline", "--failures":
                flags.insert(argument)
            default:
                guard !argument.hasPrefix("--"), features == nil else { return .failure(TCKUsageError(argument)) }
                features = argument
            }
        }
        guard let features else { return .failure(TCKUsageError("missing features path")) }
        var configuration = TCKRunConfiguration(featuresPath: features)
        configuration.graphsPath = options["--graphs"]
        configuration.baselinePath = options["--baseline"]
        configuration.filter = options["--filter"]
        configuration.skipTags = skipTags
        configuration.updateBaseline = flags.contains("--update-baseline")
        configuration.listFailures = flags.contains("--failures")
        return .success(configuration)
    }
}

public struct TCKUsageError: Error, Sendable, CustomStringConvertible {
    public var problem: String
    init(_ problem: String) { self.problem = problem }
    public var description: String {
        "bad argument \(problem)\nusage: <features> [--graphs dir] [--baseline file] [--update-baseline] "
            + "[--filter text] [--skip-tag @tag] [--failures]"
    }
}

public enum TCKCommand {
    /// Runs the configured suite on `database`, printing line by line. Exit status 1 when a feature cannot be read, the
    /// baseline cannot be read or written, or a test case of the baseline fails; else 0.
    public static func run<Database: TCKDatabase>(_ configuration: TCKRunConfiguration, on database: inout Database,
                                                  output: (String) -> Void = { print($0) }) -> Int32 {
        let root = URL(fileURLWithPath: configuration.featuresPath)
        let suite: TCKSuite
        let graphs: NamedGraphs
        do {
            suite = try TCKSuite.load(from: root)
            let graphsURL = configuration.graphsPath.map { URL(fileURLWithPath: $0) }
                ?? root.deletingLastPathComponent().appendingPathComponent("graphs")
            graphs = try NamedGraphs.load(from: graphsURL)
        } catch {
            output("cannot load the TCK: \(error)")
            return 1
        }
        for error in suite.errors { output("parse error: \(error)") }
        let executor = ScenarioExecutor(namedGraphs: graphs, skipTags: configuration.skipTags)
        let report = suite.run(on: &database, executor: executor, filter: configuration.filter)
        if configuration.listFailures, report.failed > 0 { report.failureList().split(separator: "\n").forEach { output(String($0)) } }
        var status: Int32 = suite.errors.isEmpty ? 0 : 1
        if let baselinePath = configuration.baselinePath {
            status = max(status, checkBaseline(at: URL(fileURLWithPath: baselinePath), suite: suite, report: report,
                                               update: configuration.updateBaseline, output: output))
        }
        // The report comes last, so the final line is `N passed, M failed`.
        report.render().split(separator: "\n").forEach { output(String($0)) }
        return status
    }

    /// Prints regressions (and, informally, new passes and stale ids); writes the updated
    /// baseline when asked. A missing baseline file counts as empty.
    static func checkBaseline(at url: URL, suite: TCKSuite, report: TCKRunReport, update: Bool,
                              output: (String) -> Void) -> Int32 {
        var baseline = TCKBaseline(passing: [])
        if FileManager.default.fileExists(atPath: url.path) {
            do {
                baseline = try TCKBaseline.read(from: url)
            } catch {
                output("cannot read baseline \(url.path): \(error)")
                return 1
            }
        }
        let regressions = baseline.regressions(in: report.results)
        for id in regressions { output("REGRESSION: \(id)") }
        let newlyPassing = baseline.newlyPassing(in: report.results)
        if !newlyPassing.isEmpty { output("\(newlyPassing.count) test cases pass that are not in the baseline") }
        let missing = baseline.missing(from: suite.scenarios)
        if !missing.isEmpty { output("\(missing.count) baseline ids name no test case: \(missing.prefix(5).joined(separator: "; "))") }
        if update {
            do {
                try baseline.updated(with: report.results).write(to: url)
            } catch {
                output("cannot write baseline \(url.path): \(error)")
                return 1
            }
        }
        output("\(regressions.count) regressions against the baseline")
        return regressions.isEmpty ? 0 : 1
    }
}
