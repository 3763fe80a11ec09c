// Feature model: the value types a TCK `.feature` file becomes once read (Feature, Scenario,
// Step and the expectations the steps carry). Reading lives in FeatureReader.swift, step
// sentences in StepClassifier.swift, running in ScenarioExecutor.swift.

/// One `.feature` file after outline expansion.
public struct Feature: Sendable {
    /// Path relative to the features folder, e.g. `clauses/match/Match1.feature`.
    public var path: String
    /// The text after `Feature:`, e.g. `Match1 - Match nodes`.
    public var name: String
    /// Concrete test cases: plain scenarios and one per Examples row of each outline,
    /// in file order. Background steps are already prepended to each.
    public var scenarios: [Scenario]

    public init(path: String, name: String, scenarios: [Scenario]) {
        self.path = path
        self.name = name
        self.scenarios = scenarios
    }

    /// The folder the inventory groups this file under: its parent directory
    /// (`clauses/match` for `clauses/match/Match1.feature`).
    public var folder: String { TCKPaths.folder(of: path) }
}

/// One concrete test case.
public struct Scenario: Sendable {
    /// Feature path relative to the features folder.
    public var featurePath: String
    /// The scenario name with outline placeholders substituted, e.g. `[3] Create a node`.
    public var name: String
    /// 1-based Examples row for an expanded outline; nil for a plain scenario.
    public var exampleIndex: Int?
    /// Line of the `Scenario:` / `Scenario Outline:` keyword.
    public var line: Int
    /// Line of the Examples data row this case comes from (nil for a plain scenario).
    public var exampleLine: Int?
    /// Feature, scenario and Examples tags, with their `@`, in order of appearance.
    public var tags: [String]
    /// Background steps first, then the scenario's own.
    public var steps: [Step]
    /// The file line of each step (same indices as `steps`; empty when built by hand).
    public var stepLines: [Int]

    public init(featurePath: String, name: String, exampleIndex: Int?, line: Int, exampleLine: Int?,
                tags: [String], steps: [Step], stepLines: [Int] = []) {
        self.featurePath = featurePath
        self.name = name
        self.exampleIndex = exampleIndex
        self.line = line
        self.exampleLine = exampleLine
        self.tags = tags
        self.steps = steps
        self.stepLines = stepLines
    }

    /// Stable id used by reports and the baseline file:
    /// `clauses/match/Match1.feature:[1] Match non-existent nodes returns empty`, with ` #n`
    /// appended for the n-th Examples row of an outline.
    public var id: String {
        let base = "\(featurePath):\(name)"
        guard let exampleIndex else { return base }
        return "\(base) #\(exampleIndex)"
    }

    public var folder: String { TCKPaths.folder(of: featurePath) }
}

/// A step sentence of FORMAT.md, with its argument already parsed.
public enum Step: Sendable {
    /// `Given an empty graph`.
    case emptyGraph
    /// `Given any graph` (an empty graph is fine).
    case anyGraph
    /// `Given the binary-tree-1 graph`: load a named graph from `tck/graphs/<name>`.
    case namedGraph(String)
    /// `And having executed:` with the setup query; it must succeed.
    case havingExecuted(String)
    /// `And parameters are:` with a two-column table.
    case parameters([String: TCKValue])
    /// `And there exists a procedure <signature>:` with its table of records.
    case procedure(TCKProcedure)
    /// `When executing query:`: the query under test (side effects are measured around it).
    case executeQuery(String)
    /// `When executing control query:`: reads back data; not part of the side-effect check.
    case executeControlQuery(String)
    /// `Then the result should be ...` (a table) or `Then the result should be empty`.
    case expectResult(ExpectedResult)
    /// `Then a <Type> should be raised at <phase>: <Detail>`.
    case expectError(ExpectedError)
    /// `And the side effects should be:` (unlisted keys are 0) or `And no side effects` (all 0).
    case expectSideEffects(TCKSideEffects)
}

/// An expected result table.
public struct ExpectedResult: Sendable, Equatable {
    public var columns: [String]
    public var rows: [[TCKValue]]
    /// `in order`: rows compared as a sequence; otherwise as a bag.
    public var ordered: Bool
    /// `(ignoring element order for lists)`: every list, at any depth, compared as a bag.
    public var ignoringListOrder: Bool
    /// `the result should be empty`: zero records, column names not checked.
    public var isEmptyExpectation: Bool

    public init(columns: [String], rows: [[TCKValue]], ordered: Bool, ignoringListOrder: Bool) {
        self.columns = columns
        self.rows = rows
        self.ordered = ordered
        self.ignoringListOrder = ignoringListOrder
        self.isEmptyExpectation = false
    }

    /// `Then the result should be empty`.
    public static let empty: ExpectedResult = {
        var result = ExpectedResult(columns: [], rows: [], ordered: false, ignoringListOrder: false)
        result.isEmptyExpectation = true
        return result
    }()
}

/// An expected error: type, phase and detail as the step sentence names them.
public struct ExpectedError: Sendable, Equatable {
    public var type: TCKErrorType
    public var phase: TCKErrorPhase
    /// The detail code, e.g. `UndefinedVariable`; `*` leaves it open.
    public var detail: String

    public init(type: TCKErrorType, phase: TCKErrorPhase, detail: String) {
        self.type = type
        self.phase = phase
        self.detail = detail
    }
}

/// Path helpers shared by the model and the suite.
enum TCKPaths {
    /// Parent directory of a relative feature path ("" for a file at the top).
    static func folder(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "" }
        return String(path[..<slash])
    }
}
