// The multi-field parts of expressions: CASE, function calls, comprehensions, map
// projections, reduce, quantifiers and subquery bodies (EXISTS / COUNT).

public struct MapEntry: Sendable, Hashable {
    public var key: Name
    public var value: Expression

    public var position: SourcePosition { key.position }

    public init(key: Name, value: Expression) {
        self.key = key
        self.value = value
    }
}

public struct CaseExpression: Sendable, Hashable {
    /// The value compared with each `WHEN` in a simple CASE; nil in a generic CASE.
    public var test: Expression?
    public var alternatives: [CaseAlternative]
    public var elseExpression: Expression?
}

public struct CaseAlternative: Sendable, Hashable {
    public var when: Expression
    public var then: Expression

    public var position: SourcePosition { when.position }
}

public struct FunctionCall: Sendable, Hashable {
    /// `["a", "b"]` for `a.b.f(…)`; empty for a plain name.
    public var namespace: [String]
    public var name: String
    public var distinct: Bool
    public var arguments: [Expression]

    /// `a.b.f` as written (the function's lookup key).
    public var qualifiedName: String {
        namespace.isEmpty ? name : (namespace + [name]).joined(separator: ".")
    }
}

public struct ListComprehension: Sendable, Hashable {
    public var variable: Name
    public var list: Expression
    public var predicate: Expression?
    public var projection: Expression?
}

public struct PatternComprehension: Sendable, Hashable {
    public var pathVariable: Name?
    public var pattern: PatternElement
    public var predicate: Expression?
    public var projection: Expression
}

public struct MapProjection: Sendable, Hashable {
    public var variable: Name
    public var items: [MapProjectionItem]
}

public enum MapProjectionItem: Sendable, Hashable {
    /// `.key`
    case property(Name)
    /// `.*`
    case allProperties(SourcePosition)
    /// `v` (the key is the variable's name)
    case variable(Name)
    /// `key: expression`
    case entry(MapEntry)
}

public struct Reduce: Sendable, Hashable {
    public var accumulator: Name
    public var initial: Expression
    public var variable: Name
    public var list: Expression
    public var expression: Expression
}

public struct Quantifier: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable {
        case all, any, none, single
    }

    public var kind: Kind
    public var variable: Name
    public var list: Expression
    public var predicate: Expression?
}

/// What `EXISTS { … }`, `COUNT { … }` and `exists(…)` test: a pattern with an optional WHERE,
/// or a whole query.
public enum SubqueryBody: Sendable, Hashable {
    case pattern(Pattern, where: Expression?)
    case query(Query)
}
