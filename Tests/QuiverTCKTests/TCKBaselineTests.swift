// Tests for the baseline file (read, write, comments, deterministic order, partial-run update),
// regression detection, and the command-line entry point end to end on a temporary suite with
// a fake database (exit status, report, baseline written and then enforced).
import Foundation
import Testing
@testable import QuiverTCK

@Suite struct TCKBaselineTests {
    static func result(_ id: String, _ verdict: ScenarioResult.Verdict) -> ScenarioResult {
        ScenarioResult(id: id, folder: "clauses/match", verdict: verdict, passedLeniently: verdict == .passed)
    }

    @Test func textRoundTrip() {
        let baseline = TCKBaseline(passing: ["clauses/match/Match1.feature:[2] b #3", "clauses/create/Create1.feature:[1] a"])
        let text = baseline.text
        let ids = text.split(separator: "\n").filter { !$0.hasPrefix("#") }
        #expect(ids == ["clauses/create/Create1.feature:[1] a", "clauses/match/Match1.feature:[2] b #3"])
        #expect(TCKBaseline(text: text) == baseline)
        #expect(TCKBaseline(text: "# comment\r\n\nx.feature:[1] a\r\n  \n") == TCKBaseline(passing: ["x.feature:[1] a"]))
    }

    @Test func regressionsAndNewPasses() {
        let baseline = TCKBaseline(passing: ["a", "b", "c", "gone"])
        let results = [Self.result("a", .passed), Self.result("b", .failed), Self.result("c", .skipped), Self.result("d", .passed)]
        #expect(baseline.regressions(in: results) == ["b", "c"])
        #expect(baseline.newlyPassing(in: results) == ["d"])
        #expect(TCKBaseline(results: results) == TCKBaseline(passing: ["a", "d"]))
        #expect(baseline.updated(with: results) == TCKBaseline(passing: ["a", "d", "gone"]), "ids not run are kept")
    }

    @Test func fileRoundTrip() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("tck-baseline-\(UUID().uuidString).txt")
        defer { try? FileManager.default.removeItem(at: url) }
        let baseline = TCKBaseline(passing: ["expressions/list/List1.feature:[1] x", "useCases/a/A.feature:[2] y #1"])
        try baseline.write(to: url)
        #expect(try TCKBaseline.read(from: url) == baseline)
    }

    @Test(.enabled(if: TCKFixtures.isAvailable)) func corpusIdsFitOnOneLine() throws {
        let suite = try TCKSuite.load(from: try #require(TCKFixtures.featuresRoot))
        for scenario in suite.scenarios {
            #expect(!scenario.id.contains(where: \.isNewline) && !scenario.id.hasPrefix("#"), "\(scenario.id)")
            #expect(scenario.id == scenario.id.trimmingCharacters(in: .whitespaces))
        }
        let baseline = TCKBaseline(passing: suite.scenarios.map(\.id))
        #expect(TCKBaseline(text: baseline.text) == baseline)
        #expect(baseline.missing(from: suite.scenarios).isEmpty)
    }
}

@Suite struct TCKCommandTests {
    @Test func argumentParsing() throws {
        let parsed = try TCKRunConfiguration.parse(["../shared/tck/features", "--baseline", "b.txt", "--update-baseline",
                                                    "--filter", "Match1", "--skip-tag", "@ignore", "--failures"]).get()
        var expected = TCKRunConfiguration(featuresPath: "../shared/tck/features")
        expected.baselinePath = "b.txt"
        expected.updateBaseline = true
        expected.filter = "Match1"
        expected.skipTags = ["@ignore"]
        expected.listFailures = true
        #expect(parsed == expected)
        #expect((try? TCKRunConfiguration.parse([]).get()) == nil)
        #expect((try? TCKRunConfiguration.parse(["f", "--baseline"]).get()) == nil)
        #expect((try? TCKRunConfiguration.parse(["f", "--bogus"]).get()) == nil)
        #expect((try? TCKRunConfiguration.parse(["f", "g"]).get()) == nil)
    }

    @Test func endToEndWithBaseline() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("tck-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let folder = root.appendingPathComponent("features/clauses/fake")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let feature = """
        Feature: Fake1 - two cases
          Scenario: [1] one
            When executing query:
              \"\"\"
              RETURN 1 AS x
              \"\"\"
            Then the result should be, in any order:
              | x |
              | 1 |
          Scenario: [2] two
            When executing query:
              \"\"\"
              RETURN 2 AS x
              \"\"\"
            Then the result should be empty
        """
        try feature.write(to: folder.appendingPathComponent("Fake1.feature"), atomically: true, encoding: .utf8)
        var configuration = TCKRunConfiguration(featuresPath: root.appendingPathComponent("features").path)
        configuration.baselinePath = root.appendingPathComponent("baseline.txt").path
        configuration.updateBaseline = true
        var database = FakeDatabase(["RETURN 1 AS x": .rows(["x"], [[.int(1)]]), "RETURN 2 AS x": .rows(["x"], [[.int(2)]])])
        var lines: [String] = []
        #expect(TCKCommand.run(configuration, on: &database, output: { lines.append($0) }) == 0)
        #expect(lines.last == "1 passed, 1 failed")
        #expect(lines.contains("0 regressions against the baseline"))
        let written = try TCKBaseline.read(from: URL(fileURLWithPath: configuration.baselinePath!))
        #expect(written == TCKBaseline(passing: ["clauses/fake/Fake1.feature:[1] one"]))

        // The engine gets worse: the baseline case now fails and the run fails.
        database.answers["RETURN 1 AS x"] = .rows(["x"], [[.float(1)]])
        configuration.updateBaseline = false
        lines = []
        #expect(TCKCommand.run(configuration, on: &database, output: { lines.append($0) }) == 1)
        #expect(lines.contains("REGRESSION: clauses/fake/Fake1.feature:[1] one"))
        #expect(lines.contains { $0.hasPrefix("clauses/fake ") })
        #expect(try TCKBaseline.read(from: URL(fileURLWithPath: configuration.baselinePath!)) == written, "not rewritten")
    }

    @Test func missingFeaturesFolderFails() {
        var database = FakeDatabase()
        var lines: [String] = []
        let status = TCKCommand.run(TCKRunConfiguration(featuresPath: "/nonexistent/tck/features"), on: &database,
                                    output: { lines.append($0) })
        #expect(status == 1 && lines.first?.hasPrefix("cannot load the TCK") == true)
    }
}
