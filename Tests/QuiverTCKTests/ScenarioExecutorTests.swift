// Executor rule tests against FakeDatabase: row bags vs sequences, list order, column names,
// empty results, expected errors (strict and lenient), side effects, control queries,
// parameters, Background, setup failures, named graphs from tck/graphs, procedures, skip tags.
import Foundation
import Testing
@testable import QuiverTCK

/// One scenario from Gherkin step lines (indented under a generated Feature/Scenario).
func scenario(_ steps: String, tags: String = "") throws -> Scenario {
    let body = steps.split(separator: "\n", omittingEmptySubsequences: false).map { "    " + $0 }.joined(separator: "\n")
    let text = "Feature: Fake1 - fake\n  \(tags)\n  Scenario: [1] test\n" + body + "\n"
    return try FeatureReader.read(text: text, path: "clauses/fake/Fake1.feature").scenarios[0]
}

func run(_ steps: String, _ database: inout FakeDatabase, executor: ScenarioExecutor = ScenarioExecutor()) throws -> ScenarioResult {
    executor.run(try scenario(steps), on: &database)
}

func query(_ text: String) -> String { "When executing query:\n  \"\"\"\n  \(text)\n  \"\"\"" }

let rowsAB: TCKOutcome = .rows(["a", "b"], [[.int(1), .string("x")], [.int(2), .string("y")], [.int(2), .string("y")]])

@Suite struct ResultRuleTests {
    @Test func anyOrderIsABagOfRows() throws {
        var database = FakeDatabase(["Q": rowsAB])
        let expectation = "Then the result should be, in any order:\n  | a | b |\n"
        #expect(try run(query("Q") + "\n" + expectation + "  | 2 | 'y' |\n  | 1 | 'x' |\n  | 2 | 'y' |", &database).verdict == .passed)
        let once = try run(query("Q") + "\n" + expectation + "  | 2 | 'y' |\n  | 1 | 'x' |\n  | 1 | 'x' |", &database)
        #expect(once.verdict == .failed && !once.passedLeniently, "multiplicity counts")
        #expect(once.message?.contains("missing | 1 | 'x' |") == true)
        #expect(once.message?.contains("unexpected | 2 | 'y' |") == true)
        // values that share a row must stay together (not per-column bags)
        database.answers["Q"] = .rows(["a", "b"], [[.int(1), .string("y")], [.int(2), .string("x")]])
        #expect(try run(query("Q") + "\n" + expectation + "  | 1 | 'x' |\n  | 2 | 'y' |", &database).verdict == .failed)
    }

    @Test func inOrderIsASequence() throws {
        var database = FakeDatabase(["Q": rowsAB])
        let expectation = "Then the result should be, in order:\n  | a | b |\n"
        #expect(try run(query("Q") + "\n" + expectation + "  | 1 | 'x' |\n  | 2 | 'y' |\n  | 2 | 'y' |", &database).verdict == .passed)
        let swapped = try run(query("Q") + "\n" + expectation + "  | 2 | 'y' |\n  | 1 | 'x' |\n  | 2 | 'y' |", &database)
        #expect(swapped.verdict == .failed)
        #expect(swapped.message?.contains("first difference at row 1") == true)
    }

    @Test func listOrderMattersUnlessIgnored() throws {
        var database = FakeDatabase(["Q": .rows(["l"], [[.list([.int(3), .list([.int(2), .int(1)])])], [.list([])]])])
        let rows = "  | l |\n  | [] |\n  | [[1, 2], 3] |"
        #expect(try run(query("Q") + "\nThen the result should be, in any order:\n" + rows, &database).verdict == .failed)
        #expect(try run(query("Q") + "\nThen the result should be (ignoring element order for lists):\n" + rows, &database).verdict == .passed)
        let ordered = "Then the result should be, in order (ignoring element order for lists):\n"
        #expect(try run(query("Q") + "\n" + ordered + "  | l |\n  | [3, [1, 2]] |\n  | [] |", &database).verdict == .passed)
        #expect(try run(query("Q") + "\n" + ordered + rows, &database).verdict == .failed, "row order still counts")
    }

    @Test func columnsMatchByNameAndCount() throws {
        var database = FakeDatabase(["Q": .rows(["b", "a"], [[.string("x"), .int(1)]])])
        let pass = try run(query("Q") + "\nThen the result should be, in any order:\n  | a | b |\n  | 1 | 'x' |", &database)
        #expect(pass.verdict == .passed, "columns are aligned by name")
        let renamed = try run(query("Q") + "\nThen the result should be, in any order:\n  | a | c |\n  | 1 | 'x' |", &database)
        #expect(renamed.verdict == .failed && renamed.message?.hasPrefix("expected columns") == true)
        let fewer = try run(query("Q") + "\nThen the result should be, in any order:\n  | a |\n  | 1 |", &database)
        #expect(fewer.verdict == .failed)
    }

    @Test func typedValuesAndGraphElements() throws {
        var database = FakeDatabase(["Q": .rows(["n", "f"], [[.node(TCKNode(labels: ["B", "A"], properties: ["k": .int(1)])), .float(1)]])])
        let table = "Then the result should be, in any order:\n  | n | f |\n"
        #expect(try run(query("Q") + "\n" + table + "  | (:A:B {k: 1}) | 1.0 |", &database).verdict == .passed)
        #expect(try run(query("Q") + "\n" + table + "  | (:A:B {k: 1}) | 1 |", &database).verdict == .failed, "1 is not 1.0")
        #expect(try run(query("Q") + "\n" + table + "  | (:A {k: 1}) | 1.0 |", &database).verdict == .failed, "labels count")
        #expect(try run(query("Q") + "\n" + table + "  | (:A:B {k: 1.0}) | 1.0 |", &database).verdict == .failed)
    }

    @Test func emptyResults() throws {
        var database = FakeDatabase(["NONE": .rows(["x"], []), "ONE": .rows(["x"], [[.null]])])
        #expect(try run(query("NONE") + "\nThen the result should be empty", &database).verdict == .passed)
        #expect(try run(query("ONE") + "\nThen the result should be empty", &database).verdict == .failed)
        #expect(try run(query("NONE") + "\nThen the result should be, in any order:\n  | x |", &database).verdict == .passed)
        #expect(try run(query("NONE") + "\nThen the result should be, in any order:\n  | y |", &database).verdict == .failed)
        #expect(try run(query("ONE") + "\nThen the result should be, in any order:\n  | x |\n  | null |", &database).verdict == .passed)
    }

    @Test func resultExpectedButErrorRaised() throws {
        var database = FakeDatabase(["Q": .fail(.syntaxError, .compileTime, "UnexpectedSyntax")])
        let result = try run(query("Q") + "\nThen the result should be empty", &database)
        #expect(result.verdict == .failed && !result.passedLeniently)
        #expect(result.message?.contains("got error SyntaxError") == true)
        #expect(result.failedStep == 1 && result.failedLine == 8)
    }
}

@Suite struct ErrorRuleTests {
    let expect = "\nThen a SyntaxError should be raised at compile time: UndefinedVariable"

    @Test func matchingErrorPasses() throws {
        var database = FakeDatabase(["Q": .fail(.syntaxError, .compileTime, "UndefinedVariable")])
        let result = try run(query("Q") + expect, &database)
        #expect(result.verdict == .passed && result.passedLeniently)
    }

    @Test func wrongKindFailsStrictlyButPassesLeniently() throws {
        let wrong: [TCKOutcome] = [
            .fail(.syntaxError, .runtime, "UndefinedVariable"),
            .fail(.typeError, .compileTime, "UndefinedVariable"),
            .fail(.syntaxError, .compileTime, "VariableAlreadyBound"),
            .fail(nil, nil, nil),
        ]
        for outcome in wrong {
            var database = FakeDatabase(["Q": outcome])
            let result = try run(query("Q") + expect, &database)
            #expect(result.verdict == .failed && result.passedLeniently, "\(outcome)")
            #expect(result.message?.hasPrefix("expected SyntaxError at compile time: UndefinedVariable, got") == true)
        }
    }

    @Test func anyTimeAndOpenDetail() throws {
        var database = FakeDatabase(["Q": .fail(.typeError, .runtime, "InvalidArgumentValue")])
        #expect(try run(query("Q") + "\nThen a TypeError should be raised at any time: *", &database).verdict == .passed)
        #expect(try run(query("Q") + "\nThen a TypeError should be raised at any time: InvalidArgumentValue", &database).verdict == .passed)
        #expect(try run(query("Q") + "\nThen a TypeError should be raised at any time: InvalidArgumentType", &database).verdict == .failed)
        #expect(try run(query("Q") + "\nThen a TypeError should be raised at compile time: *", &database).verdict == .failed)
        #expect(try run(query("Q") + "\nThen a TypeError should be raised at runtime: *", &database).verdict == .passed)
    }

    @Test func resultInsteadOfErrorFailsBothWays() throws {
        var database = FakeDatabase(["Q": .rows(["x"], [[.int(1)]])])
        let result = try run(query("Q") + expect, &database)
        #expect(result.verdict == .failed && !result.passedLeniently)
        #expect(result.message?.hasSuffix("got a result") == true)
    }

    @Test func failedQueryMustLeaveGraphUnchanged() throws {
        var outcome = TCKOutcome.fail(.syntaxError, .compileTime, "UndefinedVariable")
        outcome.sideEffects = .with(["+nodes": 1])
        var database = FakeDatabase(["Q": outcome])
        let result = try run(query("Q") + expect, &database)
        #expect(result.verdict == .failed && !result.passedLeniently)
    }

    @Test func strictFailureDoesNotStopLaterChecks() throws {
        // a strict-only mismatch is reported, but a later hard failure decides leniency
        var database = FakeDatabase(["Q": .fail(.syntaxError, .runtime, "UndefinedVariable"), "C": .rows(["x"], [[.int(2)]])])
        let steps = query("Q") + expect + "\nWhen executing control query:\n  \"\"\"\n  C\n  \"\"\"\nThen the result should be, in any order:\n  | x |\n  | 1 |"
        let result = try run(steps, &database)
        #expect(result.verdict == .failed && !result.passedLeniently)
        #expect(result.failedStep == 3)
    }
}

@Suite struct SideEffectRuleTests {
    @Test func sideEffectsCompareAllEightCounters() throws {
        var database = FakeDatabase(["Q": .ok(.with(["+nodes": 2, "+labels": 1, "+properties": 3]))])
        let table = "And the side effects should be:\n  | +nodes | 2 |\n  | +labels | 1 |\n  | +properties | 3 |"
        #expect(try run(query("Q") + "\nThen the result should be empty\n" + table, &database).verdict == .passed)
        let fewer = "And the side effects should be:\n  | +nodes | 2 |\n  | +labels | 1 |"
        let result = try run(query("Q") + "\nThen the result should be empty\n" + fewer, &database)
        #expect(result.verdict == .failed && result.message == "expected side effects +nodes 2, +labels 1, got +nodes 2, +labels 1, +properties 3")
        #expect(try run(query("Q") + "\nThen the result should be empty\nAnd no side effects", &database).verdict == .failed)
    }

    @Test func noSideEffects() throws {
        var database = FakeDatabase(["Q": .ok()])
        #expect(try run(query("Q") + "\nThen the result should be empty\nAnd no side effects", &database).verdict == .passed)
    }

    @Test func controlQueryIsNotPartOfTheSideEffectCheck() throws {
        var database = FakeDatabase(["Q": .ok(.with(["+nodes": 1])), "C": .rows(["n"], [[.int(1)]])])
        let steps = query("Q") + "\nThen the result should be empty\nAnd the side effects should be:\n  | +nodes | 1 |\n"
            + "When executing control query:\n  \"\"\"\n  C\n  \"\"\"\nThen the result should be, in any order:\n  | n |\n  | 1 |"
        let result = try run(steps, &database)
        #expect(result.verdict == .passed, "\(result.message ?? "")")
        #expect(database.queries == ["Q", "C"])
    }

    @Test func snapshotDifference() {
        var before = TCKGraphSnapshot()
        before.nodes = [1, 2]
        before.labels = ["A"]
        before.properties = [.init(entity: .node(1), key: "p", value: .int(1)), .init(entity: .node(2), key: "q", value: .int(2))]
        var after = TCKGraphSnapshot()
        after.nodes = [1, 3]
        after.relationships = [7]
        after.labels = ["A", "B"]
        after.properties = [.init(entity: .node(1), key: "p", value: .float(1)), .init(entity: .relationship(7), key: "w", value: .null)]
        let effects = after.sideEffects(since: before)
        #expect(effects == .with(["+nodes": 1, "-nodes": 1, "+relationships": 1, "+labels": 1, "+properties": 2, "-properties": 2]))
        #expect(after.sideEffects(since: after) == .none)
    }
}
