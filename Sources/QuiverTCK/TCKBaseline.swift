// TCKBaseline: the committed list of test-case ids that passed before (one id per line, `#`
// lines are comments), read and written deterministically, and compared with a new run:
// regressions (passed before, fail now), newly passing ones, and ids that no longer exist.
import Foundation

public struct TCKBaseline: Sendable, Equatable {
    public var passing: Set<String>

    public init(passing: some Sequence<String>) {
        self.passing = Set(passing)
    }

    /// The strict passes of a run.
    public init(results: [ScenarioResult]) {
        self.init(passing: results.filter { $0.verdict == .passed }.map(\.id))
    }

    /// One id per line; blank lines and lines starting with `#` are ignored.
    public init(text: String) {
        let lines = text.split(omittingEmptySubsequences: true, whereSeparator: \.isNewline)
        self.init(passing: lines.map(String.init).filter { !$0.hasPrefix("#") && !$0.allSatisfy(\.isWhitespace) })
    }

    public static func read(from url: URL) throws -> TCKBaseline {
        TCKBaseline(text: try String(contentsOf: url, encoding: .utf8))
    }

    /// A short header, then the ids sorted by their UTF-8 bytes, one per line.
    public var text: String {
        let header = "# TCK test cases that passed (strict): one id per line, `feature path:scenario name [#example]`.\n"
            + "# A run fails when one of these fails; regenerate after improvements.\n"
        let sorted = passing.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        return header + sorted.map { $0 + "\n" }.joined()
    }

    public func write(to url: URL) throws {
        try text.write(to: url, atomically: true, encoding: .utf8)
    }

    /// Ids that passed before and did not pass in `results` (failed or skipped), sorted.
    public func regressions(in results: [ScenarioResult]) -> [String] {
        results.filter { $0.verdict != .passed && passing.contains($0.id) }.map(\.id).sorted()
    }

    /// Ids that pass in `results` but are not in the baseline, sorted.
    public func newlyPassing(in results: [ScenarioResult]) -> [String] {
        results.filter { $0.verdict == .passed && !passing.contains($0.id) }.map(\.id).sorted()
    }

    /// Baseline ids that do not name any of `scenarios` (renamed or removed test cases), sorted.
    public func missing(from scenarios: [Scenario]) -> [String] {
        passing.subtracting(scenarios.map(\.id)).sorted()
    }

    /// The baseline after a run that may have covered only part of the suite: ids that were run
    /// are replaced by their new verdicts, the others are kept.
    public func updated(with results: [ScenarioResult]) -> TCKBaseline {
        let ran = Set(results.map(\.id))
        return TCKBaseline(passing: passing.subtracting(ran).union(results.filter { $0.verdict == .passed }.map(\.id)))
    }
}
