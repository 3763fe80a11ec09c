// Database: one Quiver database in a process: its storage, its name registry, the plan cache
// shared by every session, the running-transaction registry, server-side parameters and the
// settings SHOW CONFIG lists. `prepare` is the one place a query text becomes a plan: cache
// lookup, else parse → plan (semantic analysis inside) → cache.

import QuiverCore
import QuiverCypher
import QuiverDurability
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
    /// `--data-directory`: where snapshots and the WAL live; nil keeps the database in memory
    /// only (tests, embedding).
    public var dataDirectory: String?
    public var durability = DurabilityConfig()

    public init() {}
}

/// The durability settings (QuiverDurability's), for callers that configure a Database.
public typealias DurabilityConfig = QuiverDurability.DurabilityConfig

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
    private let plans = Mutex(PlanCache())
    /// Transactions running now (SHOW TRANSACTIONS, TERMINATE TRANSACTIONS).
    public let transactions = TransactionRegistry()
    /// Server-side parameters (`SET [GLOBAL] PARAMETER`), used when a query does not pass them.
    let serverParameters = Mutex<ServerParameters>(ServerParameters())
    /// Random per-process id, as Memgraph's `database_uuid`.
    public let uuid: String
    /// The on-disk store's temporary directory when there is no data directory (Database+Disk).
    let diskScratch = Mutex<String?>(nil)

    /// Snapshots, WAL and recovery when the database has a data directory.
    public let durability: Durability?

    /// A database without durability files (`config.dataDirectory` is ignored). It starts in
    /// memory; `STORAGE MODE ON_DISK_TRANSACTIONAL` (or `enableDiskMode`) moves it to a
    /// private temporary RocksDB store, removed when the database goes away.
    public init(config: DatabaseConfig = DatabaseConfig()) {
        var config = config
        config.dataDirectory = nil
        self.config = config
        self.storage = Storage(config: Self.inMemoryStart(config.storage))
        self.uuid = Self.randomUUID()
        durability = nil
    }

    /// Opens the database on `config.dataDirectory`: locks it, recovers what it holds (the
    /// newest snapshot, then the WAL, or the on-disk store: Database+Disk.swift) and logs
    /// every commit from then on.
    public init(opening config: DatabaseConfig) throws(QuiverError) {
        self.config = config
        self.storage = Storage(config: Self.inMemoryStart(config.storage))
        self.uuid = Self.randomUUID()
        if let directory = config.dataDirectory {
            durability = try Durability.open(directory: directory, config: config.durability, storage: storage)
        } else {
            durability = nil
        }
        try openDiskAtStart(requested: config.storage.mode == .onDiskTransactional)
    }

    deinit { closeDisk() }

    /// Moves an empty database to the on-disk mode (tests and the TCK runner use it).
    public func enableDiskMode() throws(QuiverError) { try switchToDisk() }

    /// The storage starts in memory; the on-disk mode is attached once its store is open.
    private static func inMemoryStart(_ config: StorageConfig) -> StorageConfig {
        var config = config
        if config.mode == .onDiskTransactional { config.mode = .inMemoryTransactional }
        return config
    }


    /// Closes the data directory (the snapshot on exit, then the lock). Sessions must be done.
    public func close() throws(QuiverError) {
        defer { closeDisk() }
        try durability?.close()
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
            procedure: { procedures.lookup($0) },
            compositeIndexes: { storage.compositeIndexes(label: $0) })
    }

    /// The plan for `text`, from the cache when this text, or one differing only in literals
    /// the cache strips (`QueryText.normalize`), was planned before.
    public func prepare(_ text: String) throws(QuiverError) -> PreparedQuery {
        if let cached = plans.withLock({ $0.exact[text] }) { return cached }
        guard let normalized = try? QueryText.normalize(text), !normalized.literals.isEmpty else {
            // No literals to strip (or a lexical error, which parsing reports): keyed by the text.
            let prepared = try plan(text, literals: [])
            plans.withLock { $0.insert(prepared, exact: text, capacity: config.planCacheCapacity) }
            return prepared
        }
        if let shared = plans.withLock({ $0.shapes[normalized.key] }), let bound = shared.bound(to: normalized, text: text) {
            return bound
        }
        let prepared = try plan(text, literals: normalized.literals)
        plans.withLock { cache in
            if prepared.shape != nil {
                cache.insert(prepared, shape: normalized.key, capacity: config.planCacheCapacity)
            } else {
                cache.insert(prepared, exact: text, capacity: config.planCacheCapacity)
            }
        }
        return prepared
    }

    private func plan(_ text: String, literals: [QueryText.StrippedLiteral]) throws(QuiverError) -> PreparedQuery {
        let statement = try CypherParser.parse(text)
        return try QueryPlanner.plan(statement, names: names, catalog: catalog, literals: literals)
    }

    /// How many plans the cache holds (texts and shared shapes).
    public var cachedPlanCount: Int { plans.withLock { $0.exact.count + $0.shapes.count } }

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
