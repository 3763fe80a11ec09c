// TCKRunReport: the results of running many test cases, counted per folder (`clauses/match`,
// ...) with subtotals per top-level group (`clauses/`, ...), printed as a table that ends with
// the line `N passed, M failed`; plus TCKSuite.run, which produces it.

public struct TCKRunReport: Sendable {
    public var results: [ScenarioResult]

    public init(results: [ScenarioResult]) {
        self.results = results
    }

    public var passed: Int { results.count { $0.verdict == .passed } }
    public var failed: Int { results.count { $0.verdict == .failed } }
    public var skipped: Int { results.count { $0.verdict == .skipped } }
    public var passedLeniently: Int { results.count { $0.passedLeniently } }

    /// The last line of the report, exactly `N passed, M failed` (strict verdicts).
    public var summaryLine: String { "\(passed) passed, \(failed) failed" }

    public struct FolderSummary: Sendable, Equatable {
        public var folder: String
        public var total = 0
        public var passed = 0
        public var failed = 0
        public var skipped = 0
        public var passedLeniently = 0

        mutating func add(_ result: ScenarioResult) {
            total += 1
            switch result.verdict {
            case .passed: passed += 1
            case .failed: failed += 1
            case .skipped: skipped += 1
            }
            if result.passedLeniently { passedLeniently += 1 }
        }

        /// Strict pass rate in percent of the test cases that ran (skipped ones excluded).
        public var passRate: Double { total == skipped ? 0 : Double(passed) * 100 / Double(total - skipped) }
    }

    /// One summary per folder, sorted by folder.
    public var folders: [FolderSummary] {
        summaries { $0.folder }
    }

    /// One summary per top-level group (`clauses`, `expressions`, `useCases`).
    public var groups: [FolderSummary] {
        summaries { result in String(result.folder.split(separator: "/").first ?? "") }
    }

    private func summaries(by key: (ScenarioResult) -> String) -> [FolderSummary] {
        var byKey: [String: FolderSummary] = [:]
        for result in results {
            let name = key(result)
            byKey[name, default: FolderSummary(folder: name)].add(result)
        }
        return byKey.values.sorted { $0.folder < $1.folder }
    }

    /// The per-folder table (group subtotals after each group), an `all` row, a skipped line
    /// when any were skipped, and the summary line last.
    public func render() -> String {
        let rows = folders
        let width = max(28, (rows.map(\.folder.count).max() ?? 0) + 2)
        var lines = [pad("folder", width) + "  total  passed  failed  skipped   pass%  lenient"]
        for group in groups {
            for row in rows where row.folder == group.folder || row.folder.hasPrefix(group.folder + "/") {
                lines.append(line(row, width))
            }
            var subtotal = group
            subtotal.folder += "/ total"
            lines.append(line(subtotal, width))
        }
        var all = FolderSummary(folder: "all")
        for result in results { all.add(result) }
        lines.append(line(all, width))
        if skipped > 0 { lines.append("\(skipped) skipped") }
        lines.append("lenient (any error accepted): \(passedLeniently) passed, \(results.count - skipped - passedLeniently) failed")
        lines.append(summaryLine)
        return lines.joined(separator: "\n")
    }

    /// Strict failures, one `id (line L): first line of the reason` per line.
    public func failureList() -> String {
        results.filter { $0.verdict == .failed }.map { result in
            let reason = result.message?.split(separator: "\n").first.map(String.init) ?? ""
            let line = result.failedLine.map { " (line \($0))" } ?? ""
            return "\(result.id)\(line): \(reason)"
        }.joined(separator: "\n")
    }

    private func line(_ row: FolderSummary, _ width: Int) -> String {
        let rate = (row.passRate * 10).rounded() / 10
        return pad(row.folder, width) + pad(row.total, 7) + pad(row.passed, 8) + pad(row.failed, 8) + pad(row.skipped, 9)
            + pad(rate, 8) + pad(row.passedLeniently, 9)
    }

    private func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
    }

    private func pad(_ value: some CustomStringConvertible, _ width: Int) -> String {
        let text = value.description
        return text.count >= width ? text : String(repeating: " ", count: width - text.count) + text
    }
}

extension TCKSuite {
    /// Runs the scenarios (all, or those whose id contains `filter`) one after another on
    /// `database`, calling `progress` after each.
    public func run<Database: TCKDatabase>(on database: inout Database, executor: ScenarioExecutor,
                                           filter: String? = nil,
                                           progress: (ScenarioResult) -> Void = { _ in }) -> TCKRunReport {
        var results: [ScenarioResult] = []
        for scenario in scenarios(matching: filter) {
            let result = executor.run(scenario, on: &database)
            progress(result)
            results.append(result)
        }
        return TCKRunReport(results: results)
    }
}
