// The TCK's temporal folder (expressions/temporal, 1,004 test cases) run through the temporal
// functions with a test-only evaluator (TemporalTestEvaluator.swift): every scenario outline row
// is one case; its setup queries, query and control query are evaluated and the result tables
// compared as the TCK's text (temporal values through toString()). Skips when ../shared is absent.
import Foundation
import Testing
import QuiverCore
@testable import QuiverCypher

/// One expanded TCK test case.
struct TemporalTCKCase {
    var file: String
    var scenario: String
    var setup: [String] = []
    var query = ""
    /// Header then rows of cell texts; nil header for "the result should be empty".
    var expected: [[String]] = []
    var control: String?
    var controlExpected: [[String]] = []
}

enum TemporalTCKReader {
    static var folder: URL? {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("../shared/tck/features/expressions/temporal").standardized
        return FileManager.default.fileExists(atPath: url.path) ? url : nil
    }

    static func cases(in folder: URL) throws -> [TemporalTCKCase] {
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".feature") }.sorted()
        return try files.flatMap { file in
            try parse(String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8), file: file)
        }
    }

    private enum Target { case expected, controlExpected, examples, ignored }

    static func parse(_ text: String, file: String) -> [TemporalTCKCase] {
        let lines = text.components(separatedBy: "\n")
        var result: [TemporalTCKCase] = []
        var current: TemporalTCKCase?
        var examples: [[String]] = []
        var pendingDocString: WritableKeyPath<TemporalTCKCase, String>?
        var pendingSetup = false
        var target = Target.ignored
        var index = 0

        func flush() {
            guard let scenario = current else { return }
            guard examples.count > 1 else { result.append(scenario); return }
            let header = examples[0]
            for row in examples.dropFirst() {
                func substitute(_ text: String) -> String {
                    var text = text
                    for (key, value) in zip(header, row) { text = text.replacingOccurrences(of: "<\(key)>", with: value) }
                    return text
                }
                var expanded = scenario
                expanded.setup = scenario.setup.map(substitute)
                expanded.query = substitute(scenario.query)
                expanded.control = scenario.control.map(substitute)
                expanded.expected = scenario.expected.map { $0.map(substitute) }
                expanded.controlExpected = scenario.controlExpected.map { $0.map(substitute) }
                result.append(expanded)
            }
        }

        while index < lines.count {
            let line = lines[index]
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            index += 1
            if trimmed.hasPrefix("#") || trimmed.isEmpty { continue }
            if trimmed.hasPrefix("|") {
                let cells = TCKFeatureQueries.tableCells(trimmed)
                switch target {
                case .expected: current?.expected.append(cells)
                case .controlExpected: current?.controlExpected.append(cells)
                case .examples: examples.append(cells)
                case .ignored: break
                }
                continue
            }
            target = .ignored
            if trimmed.hasPrefix("Scenario") {
                flush()
                current = TemporalTCKCase(file: file, scenario: trimmed)
                examples = []
            } else if trimmed.hasPrefix("When executing query:") {
                pendingDocString = \.query
            } else if trimmed.hasPrefix("When executing control query:") {
                current?.control = ""
                pendingDocString = nil
                pendingSetup = false
                target = .ignored
                index = readDocString(lines, index) { current?.control = $0 } ?? index
                continue
            } else if trimmed.hasPrefix("And having executed:") {
                pendingSetup = true
            } else if trimmed.hasPrefix("Then the result should be") {
                target = current?.control == nil ? .expected : .controlExpected
            } else if trimmed.hasPrefix("Examples:") {
                target = .examples
            } else if trimmed == "\"\"\"" {
                index = readDocString(lines, index - 1) { body in
                    if pendingSetup { current?.setup.append(body) } else if let path = pendingDocString { current?[keyPath: path] = body }
                } ?? index
                pendingSetup = false
                pendingDocString = nil
            }
        }
        flush()
        return result
    }

    /// Reads the doc string opening at `lines[start]`; returns the index after its closing line.
    private static func readDocString(_ lines: [String], _ start: Int, _ store: (String) -> Void) -> Int? {
        guard start < lines.count, lines[start].trimmingCharacters(in: .whitespaces) == "\"\"\"" else { return nil }
        let indent = lines[start].prefix { $0 == " " }.count
        var body: [String] = []
        var index = start + 1
        while index < lines.count, lines[index].trimmingCharacters(in: .whitespaces) != "\"\"\"" {
            body.append(String(lines[index].dropFirst(min(indent, lines[index].prefix { $0 == " " }.count))))
            index += 1
        }
        store(body.joined(separator: "\n"))
        return index + 1
    }
}

@Suite struct TemporalTCKTests {
    /// Cases known to fail, each with its reason. The test fails when one of these starts to
    /// pass (remove it) or when any other case fails.
    static let expectedFailures: [String: String] = [
        "RETURN datetime('1818-07-21T21:40:32.142[Europe/Stockholm]') AS result":
            "Debian's tzdata keeps Stockholm's own pre-1970 history (LMT +01:12:12, backzone data); java.time, which the "
            + "TCK follows, has Europe/Stockholm link to Europe/Berlin since tzdata 2022b (LMT +00:53:28).",
    ]

    /// Runs one case; nil when it passes, else why not.
    static func run(_ testCase: TemporalTCKCase) -> String? {
        var evaluator = TemporalTestEvaluator()
        do {
            for setup in testCase.setup { _ = try evaluator.run(setup) }
            let result = try evaluator.run(testCase.query)
            if let mismatch = compare(result, testCase.expected) { return mismatch }
            if let control = testCase.control {
                if let mismatch = compare(try evaluator.run(control), testCase.controlExpected) { return "control: " + mismatch }
            }
            return nil
        } catch {
            return "error: \(error)"
        }
    }

    /// Rows compared as a bag of TCK texts; an empty expectation means no rows.
    static func compare(_ result: TemporalTestEvaluator.Result, _ expected: [[String]]) -> String? {
        guard let header = expected.first else {
            return result.rows.isEmpty ? nil : "expected no rows, got \(result.rows.count)"
        }
        if result.columns != header { return "columns \(result.columns) ≠ \(header)" }
        let actual = result.rows.map { $0.map(TemporalTestEvaluator.tckText) }.sorted { $0.lexicographicallyPrecedes($1) }
        let wanted = expected.dropFirst().map { $0 }.sorted { $0.lexicographicallyPrecedes($1) }
        return actual == wanted ? nil : "got \(actual) ≠ expected \(wanted)"
    }

    @Test(.enabled(if: TemporalTCKReader.folder != nil, "TCK folder ../shared/tck/features/expressions/temporal not found"))
    func temporalFolder() throws {
        let cases = try TemporalTCKReader.cases(in: TemporalTCKReader.folder!)
        var failures: [(TemporalTCKCase, String)] = []
        var perFile: [String: (passed: Int, total: Int)] = [:]
        for testCase in cases {
            let failure = Self.run(testCase)
            perFile[testCase.file, default: (0, 0)].total += 1
            if let failure { failures.append((testCase, failure)) } else { perFile[testCase.file]!.passed += 1 }
        }
        for (file, counts) in perFile.sorted(by: { $0.key < $1.key }) {
            print("TCK temporal \(file): \(counts.passed) of \(counts.total)")
        }
        print("TCK temporal: \(cases.count - failures.count) passed, \(failures.count) failed of \(cases.count)")
        for (testCase, failure) in failures.prefix(60) where Self.expectedFailures[testCase.query] == nil {
            print("  FAIL \(testCase.file) \(testCase.scenario)\n    \(testCase.query.replacingOccurrences(of: "\n", with: "\n    "))\n    → \(failure)")
        }
        #expect(cases.count == 1004, "the temporal folder should expand to 1,004 test cases")
        #expect(cases.allSatisfy { !$0.expected.isEmpty || !$0.controlExpected.isEmpty },
                "every case must expect a result table (else it could not fail)")
        let unexpected = failures.filter { Self.expectedFailures[$0.0.query] == nil }
        #expect(unexpected.isEmpty, "\(unexpected.count) temporal TCK cases failed")
        let fixed = Set(Self.expectedFailures.keys).subtracting(failures.map(\.0.query))
        #expect(fixed.isEmpty, "expected failures now pass, remove them: \(fixed)")
    }
}
