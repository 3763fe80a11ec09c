// Reads the whole shared TCK copy: every feature parses (steps and value cells included), the
// expanded test-case count equals INVENTORY.md's total (3,897) and each folder's count matches;
// skipped with a note when `../shared/tck` is not beside the repository.
import Foundation
import Testing
@testable import QuiverTCK

@Suite(.enabled(if: TCKFixtures.isAvailable, "shared TCK copy not found at <repo>/../shared/tck"))
struct TCKCorpusTests {
    static let suite: TCKSuite? = TCKFixtures.featuresRoot.flatMap { try? TCKSuite.load(from: $0) }

    @Test func everyFeatureParses() throws {
        let suite = try #require(Self.suite)
        for error in suite.errors { Issue.record("\(error)") }
        #expect(suite.errors.isEmpty)
        #expect(suite.features.count == 220)
    }

    @Test func totalMatchesInventory() throws {
        let suite = try #require(Self.suite)
        let inventory = try TCKFixtures.inventory()
        #expect(inventory.totalTests == 3897, "INVENTORY.md's stated total")
        #expect(suite.scenarioCount == inventory.totalTests)
        #expect(suite.features.count == inventory.totalFiles)
    }

    @Test func foldersMatchInventory() throws {
        let suite = try #require(Self.suite)
        let inventory = try TCKFixtures.inventory()
        let counts = suite.folderCounts
        #expect(Set(counts.map(\.folder)) == Set(inventory.folders.keys))
        for count in counts {
            let expected = inventory.folders[count.folder]
            #expect(expected?.files == count.features, "\(count.folder) files")
            #expect(expected?.tests == count.scenarios, "\(count.folder) test cases")
        }
    }

    @Test func scenarioIdsAreUnique() throws {
        let suite = try #require(Self.suite)
        var seen: Set<String> = []
        for scenario in suite.scenarios {
            #expect(seen.insert(scenario.id).inserted, "duplicate id \(scenario.id)")
        }
    }

    @Test func stepStatisticsMatchFormat() throws {
        let suite = try #require(Self.suite)
        var errors = 0, sideEffectTables = 0, controlQueries = 0, named = 0
        for scenario in suite.scenarios {
            if scenario.steps.contains(where: { if case .expectError = $0 { true } else { false } }) { errors += 1 }
            if scenario.steps.contains(where: { if case .expectSideEffects(let e) = $0 { e != .none } else { false } }) {
                sideEffectTables += 1
            }
            controlQueries += scenario.steps.filter { if case .executeControlQuery = $0 { true } else { false } }.count
            named += scenario.steps.filter { if case .namedGraph = $0 { true } else { false } }.count
        }
        #expect(errors == 695)
        #expect(controlQueries == 33) // 27 raw steps in FORMAT.md; some sit in outlines
        #expect(named == 19)
        #expect(sideEffectTables == 250) // INVENTORY.md "with a side-effects table"
    }

    @Test func everyExpectedValueRoundTrips() throws {
        let suite = try #require(Self.suite)
        var checked = 0
        for scenario in suite.scenarios {
            for step in scenario.steps {
                var values: [TCKValue] = []
                if case .expectResult(let result) = step { values = result.rows.flatMap { $0 } }
                if case .parameters(let parameters) = step { values = Array(parameters.values) }
                for value in values {
                    let again = try TCKValueParser.parse(value.description)
                    #expect(TCKValue.tckEqual(value, again), "\(scenario.id): \(value)")
                    checked += 1
                }
            }
        }
        #expect(checked > 6_000)
    }

    @Test func tagsAreKept() throws {
        let suite = try #require(Self.suite)
        let ignored = suite.scenarios.filter { $0.tags.contains("@ignore") }
        #expect(ignored.map(\.id) == ["expressions/graph/Graph5.feature:[2] Single-labels expression on relationships"])
        #expect(suite.scenarios.filter { $0.tags.contains("@skipGrammarCheck") }.count >= 22)
    }

    @Test func backgroundIsPrepended() throws {
        let suite = try #require(Self.suite)
        let match5 = try #require(suite.features.first { $0.path == "clauses/match/Match5.feature" })
        #expect(match5.scenarios.count == 29)
        for scenario in match5.scenarios {
            guard case .emptyGraph = scenario.steps[0], case .havingExecuted(let query) = scenario.steps[1] else {
                Issue.record("\(scenario.id) lacks the background")
                continue
            }
            #expect(query.hasPrefix("CREATE (n0:A {name: 'n0'}),\n       (n00:B"))
        }
    }
}
