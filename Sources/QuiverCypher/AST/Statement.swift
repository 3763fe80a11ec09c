// Statement: what one query text parses to: a Cypher query (possibly under EXPLAIN or
// PROFILE) or `DUMP DATABASE`. A query is single queries joined by UNION [ALL], with
// Memgraph's pre-query directives (`USING …`) and `QUERY MEMORY …` suffix.

public struct Statement: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        case query(Query)
        case explain(Query)
        case profile(Query)
        case dumpDatabase
    }

    public var kind: Kind
    public var position: SourcePosition
}

public struct Query: Sendable, Hashable {
    public var directives: [QueryDirective]
    public var first: SingleQuery
    public var unions: [UnionPart]
    public var memoryLimit: MemoryLimit?
    public var position: SourcePosition

    /// Every single query in order (the first, then each union's).
    public var singleQueries: [SingleQuery] { [first] + unions.map(\.query) }
}

public struct SingleQuery: Sendable, Hashable {
    public var clauses: [Clause]
    public var position: SourcePosition
}

public struct UnionPart: Sendable, Hashable {
    /// `UNION ALL` keeps duplicates.
    public var all: Bool
    public var query: SingleQuery
    public var position: SourcePosition
}

/// Memgraph's directives before the first clause: `USING INDEX …`, `USING HOPS LIMIT n`,
/// `USING PERIODIC COMMIT n`, `USING PARALLEL EXECUTION [n]`.
public struct QueryDirective: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        case indexHints([IndexHint])
        case hopsLimit(Expression)
        case periodicCommit(Expression)
        case parallelExecution(threads: Expression?)
    }

    public var kind: Kind
    public var position: SourcePosition
}

/// `:Label`, `:Label(p, q)` or `:(p)` in `USING INDEX`.
public struct IndexHint: Sendable, Hashable {
    public var label: Name?
    public var properties: [Name]
    public var position: SourcePosition
}
