// Tests for the feature reader on small hand-written features: Background, outlines (names,
// placeholders in text, doc strings and table cells), tags, doc-string indentation, escaped
// pipes, zero-column tables, every step sentence, CRLF files and the errors it reports.
import Testing
@testable import QuiverTCK

@Suite struct FeatureReaderTests {
    static let sample = """
    # licence
    #encoding: utf-8

    @featureTag
    Feature: Sample1 - A sample
      Free description text.

      Background:
        Given an empty graph
        And having executed:
          \"\"\"
          CREATE (:Root)
          \"\"\"

      @skipStyleCheck
      Scenario: [1] Plain scenario
        # a comment inside a scenario
        And parameters are:
          | param | 'a\\|b' |
          | other | [1, 2]  |
        When executing query:
          \"\"\"
          MATCH (n)
            RETURN n.x AS `a|b`
          \"\"\"
        Then the result should be, in order:
          | `a\\|b`   |
          | 'x\\\\y'  |
          | 'new\\nline' |
        And no side effects

      Scenario Outline: [2] Outline <what>
        Given any graph
        When executing query:
          \"\"\"
          RETURN <expr> AS <col>
          \"\"\"
        Then the result should be (ignoring element order for lists):
          | <col>   |
          | <value> |
        And the side effects should be:
          | +nodes | <n> |

        @exampleTag
        Examples:
          | what  | expr   | col | value | n |
          | one   | 1      | x   | 1     | 1 |
          | list  | [2, 1] | y   | [1, 2] | 0 |
    """

    static func feature() throws -> Feature {
        try FeatureReader.read(text: sample, path: "clauses/sample/Sample1.feature")
    }

    @Test func featureAndBackground() throws {
        let feature = try Self.feature()
        #expect(feature.name == "Sample1 - A sample")
        #expect(feature.folder == "clauses/sample")
        #expect(feature.scenarios.count == 3)
        for scenario in feature.scenarios {
            guard case .emptyGraph = scenario.steps[0], case .havingExecuted("CREATE (:Root)") = scenario.steps[1] else {
                Issue.record("background missing in \(scenario.name)")
                continue
            }
        }
    }

    @Test func plainScenario() throws {
        let scenario = try Self.feature().scenarios[0]
        #expect(scenario.name == "[1] Plain scenario")
        #expect(scenario.id == "clauses/sample/Sample1.feature:[1] Plain scenario")
        #expect(scenario.tags == ["@featureTag", "@skipStyleCheck"])
        #expect(scenario.line == 16)
        #expect(scenario.stepLines == [9, 10, 18, 21, 26, 30])
        guard case .parameters(let parameters) = scenario.steps[2] else { Issue.record("parameters"); return }
        #expect(parameters == ["param": .string("a|b"), "other": .list([.int(1), .int(2)])])
        guard case .executeQuery(let query) = scenario.steps[3] else { Issue.record("query"); return }
        #expect(query == "MATCH (n)\n  RETURN n.x AS `a|b`")
        guard case .expectResult(let result) = scenario.steps[4] else { Issue.record("result"); return }
        #expect(result.columns == ["`a|b`"])
        #expect(result.rows == [[.string("x\\y")], [.string("new\nline")]])
        #expect(result.ordered && !result.ignoringListOrder)
        guard case .expectSideEffects(let effects) = scenario.steps[5] else { Issue.record("side effects"); return }
        #expect(effects == .none)
    }

    @Test func outlineExpansion() throws {
        let scenarios = Array(try Self.feature().scenarios.dropFirst())
        #expect(scenarios.map(\.name) == ["[2] Outline one", "[2] Outline list"])
        #expect(scenarios.map(\.exampleIndex) == [1, 2])
        #expect(scenarios.map(\.id) == ["clauses/sample/Sample1.feature:[2] Outline one #1",
                                        "clauses/sample/Sample1.feature:[2] Outline list #2"])
        #expect(scenarios[0].tags == ["@featureTag", "@exampleTag"])
        #expect(scenarios.map(\.exampleLine) == [47, 48])
        guard case .executeQuery(let query) = scenarios[1].steps[3],
              case .expectResult(let result) = scenarios[1].steps[4],
              case .expectSideEffects(let effects) = scenarios[0].steps[5] else {
            Issue.record("steps")
            return
        }
        #expect(query == "RETURN [2, 1] AS y")
        #expect(result.columns == ["y"])
        #expect(result.rows == [[.list([.int(1), .int(2)])]])
        #expect(result.ignoringListOrder && !result.ordered)
        var one = TCKSideEffects()
        one.addedNodes = 1
        #expect(effects == one)
    }

    @Test func everyStepSentence() throws {
        let text = """
        Feature: Steps
          Scenario: all of them
            Given the binary-tree-1 graph
            And there exists a procedure test.my.proc(in :: INTEGER?) :: (a :: INTEGER?, b :: INTEGER?) :
              | in   | a | b |
              | null | 1 | 2 |
            And there exists a procedure test.doNothing() :: ():
              |
            When executing query: RETURN 1
            Then the result should be empty
            Then the result should be, in any order:
              | x |
            Then the result should be, in order (ignoring element order for lists):
              | x |
            Then a SyntaxError should be raised at compile time: UndefinedVariable
            Then a TypeError should be raised at any time: *
            Then a ConstraintVerificationFailed should be raised at runtime: DeleteConnectedNode
            When executing control query:
              \"\"\"
              RETURN 2
              \"\"\"
            And the side effects should be:
              | +labels     | 1 |
              | -properties | 2 |
        """
        let steps = try FeatureReader.read(text: text, path: "x/Steps.feature").scenarios[0].steps
        #expect(steps.count == 12)
        guard case .namedGraph("binary-tree-1") = steps[0] else { Issue.record("named graph"); return }
        guard case .procedure(let proc) = steps[1], case .procedure(let nothing) = steps[2] else { Issue.record("procs"); return }
        #expect(proc.name == "test.my.proc")
        #expect(proc.inputs.map(\.name) == ["in"] && proc.outputs.map(\.name) == ["a", "b"])
        #expect(proc.inputs[0].type == "INTEGER" && proc.inputs[0].nullable)
        #expect(proc.outputs(for: [.null]) == [[.int(1), .int(2)]])
        #expect(proc.outputs(for: [.int(1)]).isEmpty)
        #expect(nothing.inputs.isEmpty && nothing.outputs.isEmpty && nothing.records.isEmpty)
        guard case .executeQuery("RETURN 1") = steps[3] else { Issue.record("inline query"); return }
        guard case .expectResult(let empty) = steps[4], empty.isEmptyExpectation else { Issue.record("empty"); return }
        guard case .expectResult(let noRows) = steps[5], noRows.columns == ["x"], noRows.rows.isEmpty,
              !noRows.isEmptyExpectation else { Issue.record("no rows"); return }
        guard case .expectResult(let mixed) = steps[6], mixed.ordered, mixed.ignoringListOrder else { Issue.record("mixed"); return }
        guard case .expectError(let syntax) = steps[7], case .expectError(let anyTime) = steps[8],
              case .expectError(let constraint) = steps[9] else { Issue.record("errors"); return }
        #expect(syntax == ExpectedError(type: .syntaxError, phase: .compileTime, detail: "UndefinedVariable"))
        #expect(anyTime == ExpectedError(type: .typeError, phase: .anyTime, detail: "*"))
        #expect(constraint == ExpectedError(type: .constraintVerificationFailed, phase: .runtime, detail: "DeleteConnectedNode"))
        guard case .executeControlQuery("RETURN 2") = steps[10], case .expectSideEffects(let effects) = steps[11] else {
            Issue.record("control, side effects")
            return
        }
        #expect(effects.addedLabels == 1 && effects.deletedProperties == 2 && effects.addedNodes == 0)
    }

    @Test func docStringIndentationWithTabsAndDeeperLines() throws {
        let text = "Feature: F\n  Scenario: s\n    When executing query:\n\t \"\"\"\n\t MATCH (n)\n\t   RETURN n\n  x\n\t \"\"\"\n"
        let steps = try FeatureReader.read(text: text, path: "a/F.feature").scenarios[0].steps
        guard case .executeQuery(let query) = steps[0] else { Issue.record("query"); return }
        #expect(query == "MATCH (n)\n  RETURN n\nx")
    }

    @Test func crlfLineEndings() throws {
        let text = "# c\r\nFeature: F\r\n  Scenario: s\r\n    When executing query:\r\n      \"\"\"\r\n      RETURN 1\r\n      \"\"\"\r\n    Then the result should be, in any order:\r\n      | 1 |\r\n      | 1 |\r\n"
        let steps = try FeatureReader.read(text: text, path: "a/F.feature").scenarios[0].steps
        guard case .executeQuery("RETURN 1") = steps[0], case .expectResult(let result) = steps[1] else {
            Issue.record("steps \(steps)")
            return
        }
        #expect(result.columns == ["1"] && result.rows == [[.int(1)]])
    }

    @Test func tableCells() {
        #expect(GherkinParser.cells(of: "|") == [])
        #expect(GherkinParser.cells(of: "| a | b |") == ["a", "b"])
        #expect(GherkinParser.cells(of: "|  'a\\|b'  | '\\\\' | '\\'' |") == ["'a|b'", "'\\'", "'\\''"])
        #expect(GherkinParser.cells(of: "| x \\n y | z") == ["x \n y"])
    }

    @Test func placeholderSubstitutionIsOnePass() {
        let values = ["a": "<b>", "b": "B"]
        #expect(Placeholders.substitute("<a> <b> a <> b <c>", values) == "<b> B a <> b <c>")
        #expect(Placeholders.substitute("(a)<-[:T]-(b) WHERE x > 1", values) == "(a)<-[:T]-(b) WHERE x > 1")
    }

    @Test func errorsCarryFileAndLine() {
        func failure(_ text: String) -> FeatureParseError? {
            do {
                _ = try FeatureReader.read(text: text, path: "p/E.feature")
                return nil
            } catch {
                return error
            }
        }
        let unknown = failure("Feature: F\n  Scenario: s\n    Given a strange sentence\n")
        #expect(unknown?.line == 3 && unknown?.path == "p/E.feature")
        #expect(unknown?.message.contains("unknown step") == true)
        let badValue = failure("Feature: F\n  Scenario: s\n    Then the result should be, in any order:\n      | a |\n      | 'open |\n")
        #expect(badValue?.message.contains("line 5") == true)
        #expect(failure("Feature: F\n  Scenario: s\n    When executing query:\n      \"\"\"\n      RETURN 1\n")?.line == 4)
        #expect(failure("Feature: F\n  Scenario: s\n    Then a Boom should be raised at runtime: X\n") != nil)
        #expect(failure("Feature: F\n  Scenario: s\n    Then the result should be, in any order:\n      | a | b |\n      | 1 |\n") != nil)
        #expect(failure("  Scenario: s\n") != nil)
        #expect(failure("Feature: F\n  Scenario: s\n    And the side effects should be:\n      | +cats | 1 |\n") != nil)
    }

    @Test func emptyFeatureHasNoScenarios() throws {
        let feature = try FeatureReader.read(text: "# x\nFeature: List7 - placeholder\n", path: "expressions/list/List7.feature")
        #expect(feature.scenarios.isEmpty && feature.name == "List7 - placeholder")
    }
}
