// Expr: an expression after semantic analysis, ready to evaluate: variables are frame slots,
// names of labels, types and properties are interned ids, functions are resolved, aggregates are
// slots filled by the Aggregate operator and subqueries are sub-plans. Evaluator.swift runs it.

import QuiverCore

/// A property key resolved at plan time (Memgraph interns names when it plans, too).
public struct PropertyKey: Sendable, Hashable {
    public let name: String
    public let id: PropertyID
}

/// A label resolved at plan time, or one computed per row.
public enum LabelTerm: Sendable {
    case label(LabelID)
    /// `:$param` or `n:row.label` (Memgraph dynamic labels): a string or a list of strings.
    case dynamic(Expr)
}

public indirect enum Expr: Sendable {
    case constant(Value)
    case slot(Int)
    case parameter(String)
    /// A literal the plan cache stripped from the query text: `ExecutionContext.literals[i]`,
    /// so one plan serves every query that differs only in such literals.
    case literal(Int)
    case property(Expr, PropertyKey)
    /// `row.name` or `toInteger(row.name)` on a LOAD CSV … WITH HEADER row (CSVFieldAccess.swift).
    case csvField(CSVFieldAccess)
    case index(Expr, Expr)
    case slice(Expr, from: Expr?, to: Expr?)
    /// Every term must hold; a term holds when any alternative label does.
    case hasLabels(Expr, [[LabelTerm]])
    case and([Expr])
    case or([Expr])
    case xor([Expr])
    case not(Expr)
    case negate(Expr)
    case binary(BinaryOperator, Expr, Expr)
    case comparisonChain([Expr], [BinaryOperator])
    case isNull(Expr, negated: Bool)
    case list([Expr])
    case map([(String, Expr)])
    /// Simple CASE (`test` present) or generic CASE.
    case caseWhen(test: Expr?, alternatives: [(Expr, Expr)], otherwise: Expr?)
    case function(BuiltinFunction, [Expr])
    /// `[x IN list WHERE p | e]`: the element goes to `slot`.
    case listComprehension(slot: Int, list: Expr, predicate: Expr?, projection: Expr?)
    case quantifier(Quantifier.Kind, slot: Int, list: Expr, predicate: Expr)
    case reduce(accumulator: Int, initial: Expr, slot: Int, list: Expr, expression: Expr)
    /// `n {.a, .*, k: e}`: `base` is the node, relationship or map.
    case mapProjection(base: Expr, items: [MapProjectionEntry])
    /// EXISTS / COUNT subqueries and pattern comprehensions: a sub-plan run against the current
    /// frame; `projection` (a pattern comprehension's) is evaluated per sub-plan row.
    case subquery(SubqueryExpr)
    /// A path built from slots: node, relationship (or a list of them, for variable-length
    /// hops), node, …
    case path([PathPiece])
}

public enum MapProjectionEntry: Sendable {
    case property(PropertyKey)
    case allProperties
    case entry(String, Expr)
}

public enum PathPiece: Sendable {
    case node(Int)
    case relationship(Int)
    /// A variable-length hop's relationship list (walked from the previous node).
    case relationships(Int)
    /// A variable-length hop bound as a path (BFS / weighted expansions): splice it in.
    case path(Int)
}

public final class SubqueryExpr: Sendable {
    public enum Kind: Sendable {
        case exists
        case count
        /// Collect `projection` per row into a list.
        case collect(Expr)
    }

    public let kind: Kind
    public let plan: PlanOperator

    public init(kind: Kind, plan: PlanOperator) {
        self.kind = kind
        self.plan = plan
    }
}
