// ScenarioExecutor: runs one test case against a TCKDatabase and decides pass or fail by the
// rules of FORMAT.md — fresh database, setup queries that must succeed, parameters, procedures,
// the query under test, then result, error and side-effect checks — scoring strict and lenient.

/// How one test case ended.
public struct ScenarioResult: Sendable, Equatable {
    public enum Verdict: String, Sendable {
        case passed, failed, skipped
    }

    public var id: String
    public var folder: String
    /// Strict verdict: error expectations must match type, phase and detail.
    public var verdict: Verdict
    /// Lenient verdict: an expected error only needs the query to fail (as Memgraph's runner does).
    public var passedLeniently: Bool
    /// Index into the scenario's steps of the step that decided a failure.
    public var failedStep: Int?
    /// File line of that step, when the scenario was read from a file.
    public var failedLine: Int?
    /// Why it failed (the strict reason when only the strict check failed), or why it was skipped.
    public var message: String?

    public init(id: String, folder: String, verdict: Verdict, passedLeniently: Bool, failedStep: Int? = nil,
                failedLine: Int? = nil, message: String? = nil) {
        self.id = id
        self.folder = folder
        self.verdict = verdict
        self.passedLeniently = passedLeniently
        self.failedStep = failedStep
        self.failedLine = failedLine
        self.message = message
    }
}

public struct ScenarioExecutor: Sendable {
    public var namedGraphs: NamedGraphs
    /// Scenarios carrying any of these tags are skipped (e.g. `@ignore`); none by default.
    public var skipTags: Set<String>

    public init(namedGraphs: NamedGraphs = NamedGraphs(), skipTags: Set<String> = []) {
        self.namedGraphs = namedGraphs
        self.skipTags = skipTags
    }

    public func run<Database: TCKDatabase>(_ scenario: Scenario, on database: inout Database) -> ScenarioResult {
        if let tag = scenario.tags.first(where: skipTags.contains) {
            return ScenarioResult(id: scenario.id, folder: scenario.folder, verdict: .skipped, passedLeniently: false,
                                  message: "skipped by tag \(tag)")
        }
        database.reset()
        var run = ScenarioRun()
        for (index, step) in scenario.steps.enumerated() {
            if let failure = run.perform(step, on: &database, graphs: namedGraphs) {
                run.record(failure, at: index)
            }
            if run.hardFailure != nil { break }
        }
        let failure = run.hardFailure ?? run.strictFailure
        let line = failure.flatMap { scenario.stepLines.indices.contains($0.step) ? scenario.stepLines[$0.step] : nil }
        return ScenarioResult(id: scenario.id, folder: scenario.folder, verdict: failure == nil ? .passed : .failed,
                              passedLeniently: run.hardFailure == nil, failedStep: failure?.step, failedLine: line,
                              message: failure?.message)
    }
}

/// Why a step failed. `strictOnly` failures (error type, phase or detail) still pass leniently.
struct StepFailure {
    var message: String
    var strictOnly = false
    var step = 0
}

/// The state of one test case while its steps run.
struct ScenarioRun {
    var parameters: [String: TCKValue] = [:]
    /// Outcome of `When executing query:` (side effects are checked against it).
    var mainOutcome: TCKOutcome?
    /// Outcome of the latest query under test or control query (results are checked against it).
    var lastOutcome: TCKOutcome?
    var strictFailure: StepFailure?
    var hardFailure: StepFailure?

    mutating func record(_ failure: StepFailure, at step: Int) {
        var located = failure
        located.step = step
        if failure.strictOnly {
            if strictFailure == nil { strictFailure = located }
        } else {
            hardFailure = located
        }
    }

    mutating func perform<Database: TCKDatabase>(_ step: Step, on database: inout Database,
                                                 graphs: NamedGraphs) -> StepFailure? {
        switch step {
        case .emptyGraph, .anyGraph:
            return nil // the database was reset before the first step
        case .namedGraph(let name):
            guard let statements = graphs.statements[name] else { return StepFailure(message: "unknown named graph \(name)") }
            for statement in statements {
                if let error = database.execute(statement, parameters: [:]).error {
                    return StepFailure(message: "loading graph \(name) failed: \(error)")
                }
            }
            return nil
        case .havingExecuted(let query):
            guard let error = database.execute(query, parameters: parameters).error else { return nil }
            return StepFailure(message: "setup query failed: \(error)\n\(query)")
        case .parameters(let values):
            parameters.merge(values) { _, new in new }
            return nil
        case .procedure(let procedure):
            return database.register(procedure).map { StepFailure(message: "registering \(procedure.name) failed: \($0)") }
        case .executeQuery(let query):
            let outcome = database.execute(query, parameters: parameters)
            mainOutcome = outcome
            lastOutcome = outcome
            return nil
        case .executeControlQuery(let query):
            lastOutcome = database.execute(query, parameters: parameters)
            return nil
        case .expectResult(let expected):
            return checkResult(expected)
        case .expectError(let expected):
            return checkError(expected)
        case .expectSideEffects(let expected):
            guard let outcome = mainOutcome else { return StepFailure(message: "side effects checked before any query") }
            guard outcome.sideEffects != expected else { return nil }
            return StepFailure(message: "expected side effects \(expected), got \(outcome.sideEffects)")
        }
    }

    private func checkResult(_ expected: ExpectedResult) -> StepFailure? {
        guard let outcome = lastOutcome else { return StepFailure(message: "result checked before any query") }
        switch outcome.result {
        case .error(let error):
            return StepFailure(message: "expected a result, got error \(error)")
        case .rows(let columns, let rows):
            return ResultMatcher.mismatch(expected: expected, columns: columns, rows: rows).map { StepFailure(message: $0) }
        }
    }

    /// The query must have failed (lenient); type, phase (unless `any time`) and detail (unless
    /// `*`) must match (strict). The graph must be left unchanged either way.
    private func checkError(_ expected: ExpectedError) -> StepFailure? {
        guard let outcome = lastOutcome else { return StepFailure(message: "error checked before any query") }
        guard let error = outcome.error else {
            return StepFailure(message: "expected \(expected.type.rawValue) at \(expected.phase.rawValue): \(expected.detail), "
                               + "got a result")
        }
        if outcome.sideEffects != .none {
            return StepFailure(message: "failed query left side effects \(outcome.sideEffects)")
        }
        var wrong: [String] = []
        if error.type != expected.type { wrong.append("type \(error.type?.rawValue ?? "unknown")") }
        if expected.phase != .anyTime && error.phase != expected.phase { wrong.append("phase \(error.phase?.rawValue ?? "unknown")") }
        if expected.detail != "*" && error.detail != expected.detail { wrong.append("detail \(error.detail ?? "unknown")") }
        guard !wrong.isEmpty else { return nil }
        return StepFailure(message: "expected \(expected.type.rawValue) at \(expected.phase.rawValue): \(expected.detail), got "
                           + wrong.joined(separator: ", ") + " (\(error.message))", strictOnly: true)
    }
}
