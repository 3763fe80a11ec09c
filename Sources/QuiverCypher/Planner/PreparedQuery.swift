// PreparedQuery: what planning produces and the plan cache keeps: the operator tree, the
// result columns and the slots they are read from, the frame size, and what kind of query it
// is (read or write, EXPLAIN, PROFILE). Immutable and shared between sessions.

import QuiverCore

public struct PreparedQuery: Sendable {
    public enum Mode: Sendable {
        case execute
        case explain
        case profile
    }

    public let root: PlanOperator
    public internal(set) var columns: [String]
    public let columnSlots: [Int]
    public let slotCount: Int
    /// True when the plan can write (Bolt's `type` "rw" / "w"; read-only transactions refuse it).
    public let isWrite: Bool
    public let mode: Mode
    /// `USING HOPS LIMIT n`.
    public let hopsLimit: Expr?
    /// Names of the parameters the query reads.
    public let parameters: Set<String>
    /// `QUERY MEMORY LIMIT n KB|MB` in bytes; nil when absent or UNLIMITED.
    public var queryMemoryLimitBytes: Int?

    func limited(by limit: MemoryLimit?) -> PreparedQuery {
        var copy = self
        copy.queryMemoryLimitBytes = limit?.bytes.map { Int(clamping: $0) }
        return copy
    }

    /// The literals the plan cache stripped from the text (`Expr.literal`), nil when none (one
    /// reference, so copying a plan without literals costs nothing more).
    public internal(set) var stripped: StrippedLiterals?

    /// Values the plan's `Expr.literal` reads.
    public var literals: [Value] { stripped?.values ?? [] }
    /// Set when the plan may serve every query text with the same normalised key.
    public var shape: PlanShape? { stripped?.shape }

    /// The error for the first parameter the query needs that `given` lacks.
    public func missingParameter(in given: [String: Value]) -> QuiverError? {
        guard let missing = parameters.sorted().first(where: { given[$0] == nil }) else { return nil }
        return QuiverError(.semanticError, "Parameter $\(missing) not provided.", detail: "MissingParameter")
    }

    /// EXPLAIN's rows: one line per operator, children indented beneath their parent
    /// (Memgraph prints ` * Produce`, ` * ScanAll`, …, innermost last).
    public var planLines: [String] {
        var lines: [String] = []
        func walk(_ node: PlanOperator, _ depth: Int) {
            let indent = String(repeating: "|\\ ", count: max(0, depth - 1)) + (depth > 0 ? "|\\ " : "")
            let details = node.details.isEmpty ? "" : " " + node.details
            lines.append(" * " + indent + node.name + details)
            for (index, child) in node.children.enumerated() { walk(child, index == 0 ? depth : depth + 1) }
        }
        walk(root, 0)
        return lines
    }
}

/// What the planner may ask the storage about: which indexes exist and how many vertices
/// carry a label, to pick index scans and the cheaper end of a pattern.
public struct PlanningCatalog: Sendable {
    public var hasLabelPropertyIndex: @Sendable (LabelID, PropertyID) -> Bool
    public var labelCount: @Sendable (LabelID) -> Int?
    public var procedure: @Sendable (String) -> Procedure?
    /// The property lists (in index order) of the composite indexes on a label.
    public var compositeIndexes: @Sendable (LabelID) -> [[PropertyID]]

    public init(hasLabelPropertyIndex: @escaping @Sendable (LabelID, PropertyID) -> Bool,
                labelCount: @escaping @Sendable (LabelID) -> Int?,
                procedure: @escaping @Sendable (String) -> Procedure? = { _ in nil },
                compositeIndexes: @escaping @Sendable (LabelID) -> [[PropertyID]] = { _ in [] }) {
        self.hasLabelPropertyIndex = hasLabelPropertyIndex
        self.labelCount = labelCount
        self.procedure = procedure
        self.compositeIndexes = compositeIndexes
    }

    public static let empty = PlanningCatalog(hasLabelPropertyIndex: { _, _ in false }, labelCount: { _ in nil })
}
