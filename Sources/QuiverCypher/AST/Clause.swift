// Clause: one reading, writing or projecting clause of a single query, its kind and where it
// starts. Clause bodies with several fields are in ClauseParts.swift and ProjectionParts.swift.

public struct Clause: Sendable, Hashable {
    public var kind: Kind
    public var position: SourcePosition

    public init(_ kind: Kind, at position: SourcePosition) {
        self.kind = kind
        self.position = position
    }

    /// Indirect so a clause is small on the parser's stack (the bodies vary a lot in size).
    public indirect enum Kind: Sendable, Hashable {
        case match(Match)
        case unwind(Unwind)
        case create(Pattern)
        case merge(Merge)
        case set([SetItem])
        case remove([RemoveItem])
        case delete(Delete)
        case with(With)
        case `return`(Projection)
        case callProcedure(ProcedureCall)
        case callSubquery(SubqueryCall)
        case foreach(Foreach)
        case loadCSV(LoadCSV)
        /// `LOAD PARQUET` / `LOAD JSONL`.
        case loadFile(LoadFile)
    }

    /// True for clauses allowed inside FOREACH (SET, REMOVE, CREATE, MERGE, DELETE, FOREACH).
    public var isUpdating: Bool {
        switch kind {
        case .set, .remove, .create, .merge, .delete, .foreach: true
        default: false
        }
    }
}
