// Database: one Quiver database in a process: its storage, its name registry and the plan
// cache shared by every session. `prepare` is the one place a query text becomes a plan:
// cache lookup, else parse → plan (semantic analysis inside) → cache.

import QuiverCore
import QuiverCypher
import QuiverStorage
import Synchronization

public struct DatabaseConfig: Sendable {
    public var storage = StorageConfig()
    /// Plans kept by the cache before it is cleared (a simple bound; hits dominate).
    public var planCacheCapacity = 1_000

    public init() {}
}

public final class Database: Sendable {
    public let storage: Storage
    public let config: DatabaseConfig
    /// Procedures `CALL` can run.
    public let procedures = ProcedureRegistry()
    private let plans = Mutex<[String: PreparedQuery]>([:])

    public init(config: DatabaseConfig = DatabaseConfig()) {
        self.config = config
        self.storage = Storage(config: config.storage)
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
