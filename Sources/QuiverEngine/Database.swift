// Database: one Quiver database in a process: its storage, its name registry, the plan cache
// shared by every session, the running-transaction registry, server-side parameters and the
// settings SHOW CONFIG lists. `prepare` is the one place a query text becomes a plan: cache
// lookup, else parse → plan (semantic analysis inside) → cache.

import QuiverCore
import QuiverCypher
import QuiverStorage
import Synchronization

public struct DatabaseConfig: Sendable {
    public var storage = StorageConfig()
    /// Plans kept by the cache before it is cleared (a simple bound; hits dominate).
    public var planCacheCapacity = 1_000
    /// `--query-execution-timeout-sec`: per-transaction timeout in seconds; 0 = none.
    public var queryExecutionTimeoutSeconds: Double = 0
    /// The server's flags for SHOW CONFIG (the server fills this in).
    public var flags: [ConfigEntry] = []
    /// Bytes under the data directory, for SHOW STORAGE INFO (the server knows the directory).
    public var diskUsage: (@Sendable () -> Int)?

    public init() {}
}

/// One row of SHOW CONFIG.
public struct ConfigEntry: Sendable, Equatable {
    public var name: String
    public var defaultValue: String
    public var currentValue: String
    public var description: String

    public init(name: String, defaultValue: String, currentValue: String, description: String) {
        self.name = name
        self.defaultValue = defaultValue
        self.currentValue = currentValue
        self.description = description
    }
}

public final class Database: Sendable {
    public let storage: Storage
    public let config: DatabaseConfig
    /// Procedures `CALL` can run.
    public let procedures = ProcedureRegistry()
    private let plans = Mutex<[String: PreparedQuery]>([:])
    /// Transactions running now (SHOW TRANSACTIONS, TERMINATE TRANSACTIONS).
    public let transactions = TransactionRegistry()
    /// Server-side parameters (`SET [GLOBAL] PARAMETER`), used when a query does not pass them.
    let serverParameters = Mutex<ServerParameters>(ServerParameters())
    /// Random per-process id, as Memgraph's `database_uuid`.
    public let uuid: String

    public init(config: DatabaseConfig = DatabaseConfig()) {
        self.config = config
        self.storage = Storage(config: config.storage)
        self.uuid = Self.randomUUID()
    }

    /// The query's parameters with server-side ones filling the gaps (database scope first).
    func withServerParameters(_ given: [String: Value]) -> [String: Value] {
        let server = serverParameters.withLock { $0 }
        if server.isEmpty { return given }
        var merged = server.global
        merged.merge(server.database) { _, database in database }
        merged.merge(given) { _, client in client }
        return merged
    }

    private static func randomUUID() -> String {
        var generator = SystemRandomNumberGenerator()
        let hex = (0..<16).map { _ in String(UInt8.random(in: 0...255, using: &generator), radix: 16) }
            .map { $0.count == 1 ? "0" + $0 : $0 }
        let groups = [hex[0..<4], hex[4..<6], hex[6..<8], hex[8..<10], hex[10..<16]].map { $0.joined() }
        return groups.joined(separator: "-")
    }

    public var names: NameRegistry { storage.names }

    public func session() -> Session { Session(database: self) }

    /// The planner's view of the storage: indexes and label counts.
    var catalog: PlanningCatalog {
        let storage = storage, procedures = procedures
        return PlanningCatalog(
            hasLabelPropertyIndex: { storage.hasLabelPropertyIndex($0, $1) },
            labelCount: { storage.approximateCount(label: $0) },
            procedure: { procedures.lookup($0) })
    }

    /// The plan for `text`, from the cache when it was planned before.
    public func prepare(_ text: String) throws(QuiverError) -> PreparedQuery {
        if let cached = plans.withLock({ $0[text] }) { return cached }
        let statement = try CypherParser.parse(text)
        let prepared = try QueryPlanner.plan(statement, names: names, catalog: catalog)
        plans.withLock { cache in
            if cache.count >= config.planCacheCapacity { cache.removeAll(keepingCapacity: true) }
            cache[text] = prepared
        }
        return prepared
    }

    /// Adds (or replaces) a procedure and forgets plans that may have called the old one.
    public func register(_ procedure: Procedure) {
        procedures.register(procedure)
        invalidatePlans()
    }

    /// Forgets every cached plan (indexes changed, so plans may choose differently).
    public func invalidatePlans() {
        plans.withLock { $0.removeAll() }
    }
}

/// `SET PARAMETER` values by scope.
struct ServerParameters: Sendable {
    var database: [String: Value] = [:]
    var global: [String: Value] = [:]
    var isEmpty: Bool { database.isEmpty && global.isEmpty }
}
