// Executor flow tests against FakeDatabase: fresh database per test case, parameters, Background
// steps, setup failures, named graphs loaded from tck/graphs, test procedures, skip tags, and a
// whole suite run with its per-folder report and final `N passed, M failed` line.
import Foundation
import Testing
@testable import QuiverTCK

@Suite struct ScenarioFlowTests {
    @Test func parametersReachTheQueries() throws {
        var database = FakeDatabase()
        database.responder = { query, parameters in
            query == "RETURN $p AS p" ? .rows(["p"], [[parameters["p"] ?? .null]]) : nil
        }
        let steps = "Given any graph\nAnd parameters are:\n  | p | {k: [1, 'a']} |\n  | q | -0.5 |\n" + query("RETURN $p AS p")
            + "\nThen the result should be, in any order:\n  | p |\n  | {k: [1, 'a']} |\nAnd no side effects"
        let result = try run(steps, &database)
        #expect(result.verdict == .passed, "\(result.message ?? "")")
        #expect(database.log.last?.parameters == ["p": .map(["k": .list([.int(1), .string("a")])]), "q": .float(-0.5)])
    }

    @Test func everyScenarioStartsFresh() throws {
        var database = FakeDatabase(["Q": .ok()])
        let executor = ScenarioExecutor()
        let one = try scenario(query("Q") + "\nThen the result should be empty")
        _ = executor.run(one, on: &database)
        _ = executor.run(one, on: &database)
        #expect(database.resets == 2)
    }

    @Test func backgroundRunsBeforeEachScenario() throws {
        let text = """
        Feature: Bg1 - background
          Background:
            Given an empty graph
            And having executed:
              \"\"\"
              CREATE (:Setup)
              \"\"\"

          Scenario: [1] first
            When executing query:
              \"\"\"
              MATCH (n) RETURN n
              \"\"\"
            Then the result should be, in any order:
              | n        |
              | (:Setup) |
            And no side effects

          Scenario: [2] second
            When executing query:
              \"\"\"
              MATCH (n) RETURN n
              \"\"\"
            Then the result should be empty
        """
        let feature = try FeatureReader.read(text: text, path: "clauses/bg/Bg1.feature")
        var database = FakeDatabase(["CREATE (:Setup)": .ok(.with(["+nodes": 1, "+labels": 1])),
                                     "MATCH (n) RETURN n": .rows(["n"], [[.node(TCKNode(labels: ["Setup"]))]])])
        let report = TCKSuite(root: URL(fileURLWithPath: "/"), features: [feature]).run(on: &database, executor: ScenarioExecutor())
        #expect(database.queries == ["CREATE (:Setup)", "MATCH (n) RETURN n", "CREATE (:Setup)", "MATCH (n) RETURN n"])
        #expect(report.results.map(\.verdict) == [.passed, .failed], "setup side effects are not the query's")
        #expect(report.summaryLine == "1 passed, 1 failed")
    }

    @Test func failingSetupQueryFailsTheScenario() throws {
        var database = FakeDatabase(["Q": .ok()])
        let steps = "Given an empty graph\nAnd having executed:\n  \"\"\"\n  CREATE oops\n  \"\"\"\n" + query("Q") + "\nThen the result should be empty"
        let result = try run(steps, &database)
        #expect(result.verdict == .failed && !result.passedLeniently && result.failedStep == 1)
        #expect(result.message?.hasPrefix("setup query failed") == true)
        #expect(database.queries == ["CREATE oops"], "nothing runs after a hard failure")
    }

    @Test(.enabled(if: TCKFixtures.isAvailable, "needs the shared TCK copy beside the repository"))
    func namedGraphsFromTheSharedCopy() throws {
        let graphsRoot = try #require(TCKFixtures.graphsRoot)
        let graphs = try NamedGraphs.load(from: graphsRoot)
        #expect(Set(graphs.statements.keys) == ["binary-tree-1", "binary-tree-2"])
        let script = try #require(graphs.statements["binary-tree-1"])
        #expect(script.count == 1 && script[0].hasPrefix("CREATE (a:A {name: 'a'}),") && !script[0].hasSuffix(";"))
        var database = FakeDatabase([script[0]: .ok(), "Q": .ok()])
        let executor = ScenarioExecutor(namedGraphs: graphs)
        let result = try run("Given the binary-tree-1 graph\n" + query("Q") + "\nThen the result should be empty", &database, executor: executor)
        #expect(result.verdict == .passed)
        #expect(database.queries == [script[0], "Q"])
        let unknown = try run("Given the binary-tree-9 graph\n" + query("Q") + "\nThen the result should be empty", &database, executor: executor)
        #expect(unknown.verdict == .failed && unknown.message == "unknown named graph binary-tree-9")
    }

    @Test(.enabled(if: TCKFixtures.isAvailable)) func namedGraphScenariosInTheSuiteAreKnown() throws {
        let graphs = try NamedGraphs.load(from: try #require(TCKFixtures.graphsRoot))
        let suite = try TCKSuite.load(from: try #require(TCKFixtures.featuresRoot))
        for scenario in suite.scenarios {
            for case .namedGraph(let name) in scenario.steps {
                #expect(graphs.statements[name] != nil, "\(scenario.id) uses \(name)")
            }
        }
    }

    @Test func scriptSplitting() {
        #expect(NamedGraphs.split("CREATE (a);\nCREATE (b {s: ';'});  \n;\n") == ["CREATE (a)", "CREATE (b {s: ';'})"])
        #expect(NamedGraphs.split("RETURN 'it\\'s;' AS `a;b`") == ["RETURN 'it\\'s;' AS `a;b`"])
    }

    @Test func proceduresAreRegistered() throws {
        var database = FakeDatabase(["CALL test.my.proc(1)": .rows(["out"], [[.string("a")]])])
        let steps = "Given an empty graph\nAnd there exists a procedure test.my.proc(in :: INTEGER?) :: (out :: STRING?):\n"
            + "  | in | out |\n  | 1  | 'a' |\n" + query("CALL test.my.proc(1)")
            + "\nThen the result should be, in order:\n  | out |\n  | 'a' |"
        #expect(try run(steps, &database).verdict == .passed)
        #expect(database.procedures.map(\.name) == ["test.my.proc"])
        database.supportsProcedures = false
        let unsupported = try run(steps, &database)
        #expect(unsupported.verdict == .failed && unsupported.message?.contains("registering test.my.proc failed") == true)
    }

    @Test func skipTags() throws {
        var database = FakeDatabase()
        let ignored = try scenario(query("Q") + "\nThen the result should be empty", tags: "@ignore")
        let skipping = ScenarioExecutor(skipTags: ["@ignore"])
        let result = skipping.run(ignored, on: &database)
        #expect(result.verdict == .skipped && database.log.isEmpty)
        #expect(ScenarioExecutor().run(ignored, on: &database).verdict == .failed, "not skipped by default")
    }
}

@Suite struct RunReportTests {
    static func result(_ folder: String, _ verdict: ScenarioResult.Verdict, lenient: Bool? = nil) -> ScenarioResult {
        ScenarioResult(id: "\(folder)/X.feature:[1] x", folder: folder, verdict: verdict, passedLeniently: lenient ?? (verdict == .passed))
    }

    @Test func foldersGroupsAndFinalLine() {
        let report = TCKRunReport(results: [
            Self.result("clauses/match", .passed), Self.result("clauses/match", .failed, lenient: true),
            Self.result("clauses/create", .passed), Self.result("expressions/list", .failed),
            Self.result("expressions/list", .skipped),
        ])
        #expect(report.passed == 2 && report.failed == 2 && report.skipped == 1 && report.passedLeniently == 3)
        #expect(report.folders.map(\.folder) == ["clauses/create", "clauses/match", "expressions/list"])
        #expect(report.folders[1].passRate == 50)
        #expect(report.groups.map(\.folder) == ["clauses", "expressions"])
        let lines = report.render().split(separator: "\n").map(String.init)
        #expect(lines.last == "2 passed, 2 failed")
        #expect(lines.contains { $0.hasPrefix("clauses/match ") && $0.contains("      2       1       1        0    50.0        2") })
        #expect(lines.contains { $0.hasPrefix("clauses/ total") })
        #expect(lines.contains("1 skipped"))
        #expect(lines.contains("lenient (any error accepted): 3 passed, 1 failed"))
    }

    @Test(.enabled(if: TCKFixtures.isAvailable)) func wholeSuiteAgainstAnEmptyFake() throws {
        // Every query fails without a classification: error scenarios pass leniently only.
        let suite = try TCKSuite.load(from: try #require(TCKFixtures.featuresRoot))
        var database = FakeDatabase()
        let graphs = try NamedGraphs.load(from: try #require(TCKFixtures.graphsRoot))
        let report = suite.run(on: &database, executor: ScenarioExecutor(namedGraphs: graphs))
        #expect(report.results.count == 3897)
        #expect(report.summaryLine == "0 passed, 3897 failed")
        #expect(report.folders.count == 37)
        // Lenient passes: error cases whose setup (having executed, named graph) runs no query.
        let lenient = suite.scenarios.filter { scenario in
            scenario.steps.contains { if case .expectError = $0 { true } else { false } }
                && !scenario.steps.contains { step in
                    switch step {
                    case .havingExecuted, .namedGraph: true
                    default: false
                    }
                }
        }
        #expect(report.passedLeniently == lenient.count)
        #expect(report.passedLeniently > 300)
    }
}
