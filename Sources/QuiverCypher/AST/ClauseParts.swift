// Bodies of the reading and writing clauses: MATCH, UNWIND, MERGE, SET, REMOVE, DELETE,
// CALL (procedure and subquery), FOREACH and LOAD CSV / PARQUET / JSONL.

public struct Match: Sendable, Hashable {
    public var optional: Bool
    public var pattern: Pattern
    public var `where`: Expression?
}

public struct Unwind: Sendable, Hashable {
    public var expression: Expression
    public var variable: Name
}

public struct Merge: Sendable, Hashable {
    public var part: PatternPart
    public var actions: [MergeAction]
}

public struct MergeAction: Sendable, Hashable {
    /// True for `ON CREATE SET`, false for `ON MATCH SET`.
    public var onCreate: Bool
    public var items: [SetItem]
    public var position: SourcePosition
}

public struct SetItem: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        /// `SET n.p = e`, `SET n.a.b = e` (target is a property expression).
        case property(target: Expression, value: Expression)
        /// `SET n.p += map` (Memgraph: merge into a map-valued property).
        case appendToProperty(target: Expression, value: Expression)
        /// `SET n = map`
        case replaceProperties(variable: Name, value: Expression)
        /// `SET n += map`
        case mergeProperties(variable: Name, value: Expression)
        /// `SET n:A:B`, `SET n:$labels`
        case addLabels(variable: Name, labels: [LabelRef])
    }

    public var kind: Kind
    public var position: SourcePosition
}

public struct RemoveItem: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        /// `REMOVE n.p`, `REMOVE n.a.b`
        case property(Expression)
        /// `REMOVE n:A:B`
        case labels(variable: Name, labels: [LabelRef])
    }

    public var kind: Kind
    public var position: SourcePosition
}

public struct Delete: Sendable, Hashable {
    public var detach: Bool
    public var expressions: [Expression]
}

public struct ProcedureCall: Sendable, Hashable {
    /// The dotted name as written, e.g. `mg.procedures` (position of its first part).
    public var name: Name
    /// nil for a standalone call without parentheses (arguments come from parameters).
    public var arguments: [Expression]?
    public var memoryLimit: MemoryLimit?
    public var yield: YieldClause?
}

public struct YieldClause: Sendable, Hashable {
    /// `YIELD *`
    public var all: Bool
    public var items: [YieldItem]
    public var `where`: Expression?
    public var position: SourcePosition
}

public struct YieldItem: Sendable, Hashable {
    public var field: Name
    public var alias: Name?

    /// The variable the item binds.
    public var boundName: Name { alias ?? field }

    public var position: SourcePosition { field.position }
}

public struct SubqueryCall: Sendable, Hashable {
    public enum Import: Sendable, Hashable {
        /// `CALL (*) { … }`
        case all
        /// `CALL (a, b) { … }`
        case variables([Name])
    }

    /// nil for the plain `CALL { … }` form.
    public var importing: Import?
    public var query: Query
    /// `IN TRANSACTIONS [OF n ROWS]`: present when given; `rows` nil without `OF`.
    public var inTransactions: InTransactions?
}

public struct InTransactions: Sendable, Hashable {
    public var rows: Expression?
    public var position: SourcePosition
}

public struct Foreach: Sendable, Hashable {
    public var variable: Name
    public var list: Expression
    /// Updating clauses only (SET, REMOVE, CREATE, MERGE, DELETE, FOREACH).
    public var clauses: [Clause]
}

public struct LoadCSV: Sendable, Hashable {
    public var source: Expression
    /// `WITH CONFIG {…}`
    public var config: Expression?
    public var withHeader: Bool
    public var ignoreBad: Bool
    public var delimiter: Expression?
    public var quote: Expression?
    public var nullIf: Expression?
    public var variable: Name
}

public struct LoadFile: Sendable, Hashable {
    public enum Format: String, Sendable, Hashable {
        case parquet, jsonl
    }

    public var format: Format
    public var source: Expression
    public var config: Expression?
    public var variable: Name
}

/// `QUERY MEMORY LIMIT n MB`, `PROCEDURE MEMORY UNLIMITED`, …
public struct MemoryLimit: Sendable, Hashable {
    /// nil for UNLIMITED.
    public var bytes: Int64?
    public var position: SourcePosition
}
