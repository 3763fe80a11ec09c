// Patterns: comma-separated parts, each a chain of node and relationship patterns, optionally
// named (`p = …`). Relationships carry Memgraph's expansions: variable length `*a..b`, `*BFS`,
// `*WSHORTEST`, `*ALLSHORTEST`, `*KSHORTEST`, with weight and filter lambdas.

public struct Pattern: Sendable, Hashable {
    public var parts: [PatternPart]

    public init(parts: [PatternPart]) {
        self.parts = parts
    }

    public var position: SourcePosition { parts.first?.position ?? .start }
}

public struct PatternPart: Sendable, Hashable {
    /// The path variable in `p = (a)-->(b)`.
    public var variable: Name?
    public var element: PatternElement
    public var position: SourcePosition
}

/// `(a)-[r]->(b)<-(c)…`: a start node and the relationship/node links that follow it.
public struct PatternElement: Sendable, Hashable {
    public var start: NodePattern
    public var chain: [PatternLink]

    public var position: SourcePosition { start.position }
}

public struct PatternLink: Sendable, Hashable {
    public var relationship: RelationshipPattern
    public var node: NodePattern
}

public struct NodePattern: Sendable, Hashable {
    public var variable: Name?
    public var labels: LabelExpression
    /// A map literal or a parameter.
    public var properties: Expression?
    public var position: SourcePosition
}

public enum RelationshipDirection: String, Sendable, Hashable {
    /// `-->`
    case outgoing
    /// `<--`
    case incoming
    /// `--` and `<-->`
    case both
}

public struct RelationshipPattern: Sendable, Hashable {
    public var variable: Name?
    public var direction: RelationshipDirection
    /// Alternatives (`:A|B`); empty means any type.
    public var types: [LabelRef]
    /// A map literal or a parameter.
    public var properties: Expression?
    /// Present for `*…` relationships; nil for a single hop.
    public var expansion: VariableExpansion? {
        get { expansionStorage?.value }
        set { expansionStorage = newValue.map(IndirectBox.init) }
    }
    public var position: SourcePosition
    /// Boxed: an expansion with its lambdas is several hundred bytes, most hops have none.
    private var expansionStorage: IndirectBox<VariableExpansion>?

    public init(variable: Name?, direction: RelationshipDirection, types: [LabelRef], properties: Expression?,
                expansion: VariableExpansion?, position: SourcePosition) {
        self.variable = variable
        self.direction = direction
        self.types = types
        self.properties = properties
        self.position = position
        self.expansionStorage = expansion.map(IndirectBox.init)
    }
}

/// Holds a large value out of line, keeping value semantics, equality and hashing.
indirect enum IndirectBox<Value: Sendable & Hashable>: Sendable, Hashable {
    case boxed(Value)

    init(_ value: Value) { self = .boxed(value) }

    var value: Value {
        switch self {
        case .boxed(let value): value
        }
    }
}

public struct VariableExpansion: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable {
        /// `*`, `*n`, `*a..b`: depth-first, all paths.
        case depthFirst
        /// `*BFS`
        case breadthFirst
        /// `*WSHORTEST`
        case weightedShortest
        /// `*ALLSHORTEST`
        case allShortest
        /// `*KSHORTEST`
        case kShortest
    }

    public var kind: Kind
    /// Bounds as written. `*n` sets both to `n`, except for the weighted kinds, where a
    /// single number is the upper bound (Memgraph's maximum depth).
    public var lowerBound: Expression?
    public var upperBound: Expression?
    /// `(e, n [, p [, w]] | predicate)` applied to each expanded edge and node.
    public var filter: PathLambda?
    /// The weight lambda of `*WSHORTEST` / `*ALLSHORTEST`.
    public var weight: PathLambda?
    /// The variable bound to the total weight of a weighted shortest path.
    public var totalWeight: Name?
    /// `*KSHORTEST … | k`: how many paths to return.
    public var limit: Expression?
    public var position: SourcePosition
}

/// `(edge, node [, path [, weight]] | expression)`.
public struct PathLambda: Sendable, Hashable {
    public var edge: Name
    public var node: Name
    public var path: Name?
    public var weight: Name?
    public var expression: Expression
    public var position: SourcePosition
}
