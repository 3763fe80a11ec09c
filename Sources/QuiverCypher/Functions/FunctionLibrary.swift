// FunctionLibrary: the table of Cypher's built-in functions and how the executor calls one.
// Each area (scalar, list, math, string, conversion, graph, temporal) contributes its own table
// from its own file; this file only joins them, looks names up case-insensitively and defines
// what a function receives besides its arguments (FunctionContext, GraphAccess).

import QuiverCore

/// One built-in function. `body` receives exactly `arity`-checked arguments.
public struct BuiltinFunction: Sendable {
    public typealias Body = @Sendable (_ arguments: [Value], _ context: FunctionContext) throws(QuiverError) -> Value

    /// Canonical spelling as Memgraph documents it (`toUpper`, `duration.between`).
    public let name: String
    public let minArguments: Int
    /// `Int.max` for variadic functions (`coalesce`).
    public let maxArguments: Int
    /// False for functions whose result may differ between calls with equal arguments
    /// (`rand`, `randomUUID`, `timestamp`, `date()` without arguments…); the planner never
    /// folds those into constants.
    public let isDeterministic: Bool
    public let body: Body
    /// The same function for exactly one non-null argument, called without an argument array
    /// (null gives null): the evaluator's allocation-free path for `toInteger(row.id)` and kin.
    let unary: (@Sendable (_ argument: Value) throws(QuiverError) -> Value)?

    public init(_ name: String, arguments: ClosedRange<Int>, deterministic: Bool = true, _ body: @escaping Body) {
        self.init(name, arguments: arguments, deterministic: deterministic, unary: nil, body)
    }

    init(_ name: String, arguments: ClosedRange<Int>, deterministic: Bool, unary: FunctionBuilder.Unary?,
         _ body: @escaping Body) {
        self.unary = unary
        self.name = name
        self.minArguments = arguments.lowerBound
        self.maxArguments = arguments.upperBound
        self.isDeterministic = deterministic
        self.body = body
    }
}

/// What the graph-reading functions (`labels`, `type`, `properties`, `keys`, `degree`…) need
/// from the running transaction. The executor implements it; tests can fake it.
public protocol GraphAccess: AnyObject {
    /// Throws `DeletedEntityAccess` (code .deletedObject) for a node deleted by this transaction.
    func labels(of node: Gid) throws(QuiverError) -> [String]
    func properties(of node: Gid) throws(QuiverError) -> [String: Value]
    func properties(of relationship: EdgeRef) throws(QuiverError) -> [String: Value]
    func typeName(of relationship: EdgeRef) -> String
    /// Number of relationships at `node`: outgoing, incoming or both (a self-loop counts twice
    /// for both), of the given types (empty: any).
    func degree(of node: Gid, outgoing: Bool, incoming: Bool, types: [String]) throws(QuiverError) -> Int
}

/// Per-statement inputs of functions: the graph, the time zone database, and the statement's
/// clock reading (so every `datetime()` in one statement agrees).
public final class FunctionContext {
    public let graph: (any GraphAccess)?
    public let timeZones: TimeZoneDatabase
    /// Wall-clock time when the statement started: UTC seconds and nanoseconds since the epoch.
    public let statementSeconds: Int64
    public let statementNanoseconds: Int32
    /// The zone for temporal functions called without one (Memgraph: UTC).
    public let defaultZone: String
    /// The query's memory account, for functions that build big lists at once.
    public var memory: QueryMemory?

    public init(graph: (any GraphAccess)?, timeZones: TimeZoneDatabase = .shared, statementSeconds: Int64,
                statementNanoseconds: Int32, defaultZone: String = "UTC") {
        self.graph = graph
        self.timeZones = timeZones
        self.statementSeconds = statementSeconds
        self.statementNanoseconds = statementNanoseconds
        self.defaultZone = defaultZone
    }
}

public enum FunctionLibrary {
    /// Every built-in, from the per-area tables.
    public static let all: [BuiltinFunction] =
        ScalarFunctions.table + ListFunctions.table + MathFunctions.table + StringFunctions.table
        + ConversionFunctions.table + GraphFunctions.table + TemporalFunctions.table

    private static let byLowercasedName: [String: BuiltinFunction] = {
        var map: [String: BuiltinFunction] = [:]
        for function in all { map[function.name.lowercased()] = function }
        return map
    }()

    /// The function called `name` (dotted names included), matched case-insensitively.
    public static func lookup(_ name: String) -> BuiltinFunction? {
        byLowercasedName[name.lowercased()]
    }
}
