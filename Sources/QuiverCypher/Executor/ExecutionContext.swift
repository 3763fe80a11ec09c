// ExecutionContext: everything one execution of a plan shares: the transaction, the frame of
// slots every operator reads and writes, the parameters, the statistics of writes (for Bolt's
// `stats` and the TCK's side effects), the function context and the memory operators hold.

import QuiverCore
import QuiverStorage

/// Counts of what a query changed.
public struct ExecutionStats: Sendable, Equatable {
    public var nodesCreated = 0
    public var nodesDeleted = 0
    public var relationshipsCreated = 0
    public var relationshipsDeleted = 0
    public var propertiesSet = 0
    public var labelsAdded = 0
    public var labelsRemoved = 0

    public init() {}
}

public final class ExecutionContext {
    public let transaction: Transaction
    public let names: NameRegistry
    public let parameters: [String: Value]
    /// Values of the literals the plan cache stripped (`Expr.literal`), from
    /// `PreparedQuery.literals`.
    public var literals: [Value] = []
    /// Per LOAD CSV of the plan, the record it produced last (CSVFieldAccess.swift).
    public var csvRows: [CSVRowState] = []
    /// The frame: one value per symbol of the plan.
    public var frame: [Value]
    public var stats = ExecutionStats()
    /// Bytes held by operators that buffer rows (sort, hash aggregation, distinct, collect),
    /// checked against the query's and the process's memory limits.
    public let memory: QueryMemory
    public var trackedMemory: Int { memory.tracked }
    public let functions: FunctionContext
    /// Set when PROFILE runs the plan.
    public let profiler: Profiler?
    /// What scans and expansions see: the state before the current command (`.old`), so rows
    /// a clause writes are not read back by the same clause; MERGE's match reads `.new`.
    public var readView: View = .old
    /// Variable-length expansions stop at this depth (`USING HOPS LIMIT`), nil for none.
    public var hopsLimit: Int?
    /// The stop request scans and expansions check every `interruptionStride` rows.
    public var interruption: QueryInterruption?
    private var rowsUntilCheck = ExecutionContext.interruptionStride
    static let interruptionStride = 1024

    /// Counts one unit of work; every `interruptionStride` units checks for a stop request.
    @inline(__always)
    public func tick() throws(QuiverError) {
        rowsUntilCheck &-= 1
        if rowsUntilCheck <= 0 {
            rowsUntilCheck = Self.interruptionStride
            try interruption?.check()
        }
    }

    public init(transaction: Transaction, names: NameRegistry, parameters: [String: Value], slotCount: Int,
                profiler: Profiler? = nil, clock: (seconds: Int64, nanoseconds: Int32), queryMemoryLimitBytes: Int? = nil) {
        self.transaction = transaction
        memory = QueryMemory(queryLimitBytes: queryMemoryLimitBytes, memoryGuard: transaction.storageMemoryGuard)
        self.names = names
        self.parameters = parameters
        self.frame = [Value](repeating: .null, count: slotCount)
        self.profiler = profiler
        let access = TransactionGraphAccess(transaction: transaction, names: names)
        self.functions = FunctionContext(graph: access, statementSeconds: clock.seconds,
                                         statementNanoseconds: clock.nanoseconds)
        functions.memory = memory
    }
}

/// GraphAccess over a transaction (what graph functions read), with the newest view.
final class TransactionGraphAccess: GraphAccess {
    let transaction: Transaction
    let names: NameRegistry

    init(transaction: Transaction, names: NameRegistry) {
        self.transaction = transaction
        self.names = names
    }

    func labels(of node: Gid) throws(QuiverError) -> [String] {
        guard let labels = transaction.labels(of: node) else { throw ExecutionErrors.deletedEntity() }
        return labels.map { names.labels.name(for: $0.rawValue) }
    }

    func properties(of node: Gid) throws(QuiverError) -> [String: Value] {
        guard let properties = transaction.properties(of: node) else { throw ExecutionErrors.deletedEntity() }
        return propertyMap(properties)
    }

    func properties(of relationship: EdgeRef) throws(QuiverError) -> [String: Value] {
        guard let properties = transaction.edgeProperties(relationship.gid) else { throw ExecutionErrors.deletedEntity() }
        return propertyMap(properties)
    }

    func typeName(of relationship: EdgeRef) -> String {
        names.edgeTypes.name(for: relationship.type.rawValue)
    }

    func degree(of node: Gid, outgoing: Bool, incoming: Bool, types: [String]) throws(QuiverError) -> Int {
        guard transaction.vertexExists(node) else { throw ExecutionErrors.deletedEntity() }
        let typeIDs = types.map { names.edgeType($0) }
        var buffer: [AdjacencyEntry] = []
        var count = 0
        if outgoing {
            transaction.edges(of: node, .outgoing, types: typeIDs, into: &buffer)
            count += buffer.count
        }
        if incoming {
            transaction.edges(of: node, .incoming, types: typeIDs, into: &buffer)
            count += buffer.count
        }
        return count
    }

    func propertyMap(_ properties: [(PropertyID, Value)]) -> [String: Value] {
        var map: [String: Value] = [:]
        map.reserveCapacity(properties.count)
        for (key, value) in properties { map[names.properties.name(for: key.rawValue)] = value }
        return map
    }
}

/// The errors the executor raises, with Memgraph's texts and openCypher's details.
enum ExecutionErrors {
    static func deletedEntity() -> QuiverError {
        QuiverError(.deletedObject, "Trying to get properties from a deleted object.", detail: "DeletedEntityAccess")
    }

    static func type(_ message: String, detail: String = "InvalidArgumentType") -> QuiverError {
        QuiverError(.typeError, message, detail: detail)
    }
}
