// StorageConfig: the settings a Storage is created with, named after Memgraph's flags.
import QuiverCore

public enum StorageMode: String, Sendable, CaseIterable {
    case inMemoryTransactional = "IN_MEMORY_TRANSACTIONAL"
    case inMemoryAnalytical = "IN_MEMORY_ANALYTICAL"
    /// RocksDB-backed (QuiverDisk through ExternalStore.swift): data larger than RAM.
    case onDiskTransactional = "ON_DISK_TRANSACTIONAL"
}

public enum IsolationLevel: String, Sendable, CaseIterable {
    case snapshotIsolation = "SNAPSHOT_ISOLATION"
    case readCommitted = "READ_COMMITTED"
    case readUncommitted = "READ_UNCOMMITTED"
}

/// Which version of the transaction's own writes a read sees: `.old` hides writes of the
/// current command (a Cypher clause does not see its own writes), `.new` shows them.
public enum View: Sendable {
    case old
    case new
}

public struct StorageConfig: Sendable {
    /// `--storage-properties-on-edges`: when false an edge is only its two adjacency entries.
    public var propertiesOnEdges = true
    /// `--storage-mode` at start.
    public var mode: StorageMode = .inMemoryTransactional
    /// `--isolation-level`: the default for new transactions.
    public var isolationLevel: IsolationLevel = .snapshotIsolation
    /// `--storage-gc-cycle-sec`: background GC period; nil disables the background thread.
    public var garbageCollectionIntervalSeconds: Double? = 30
    /// `--storage-access-timeout-sec`: how long a unique-access operation waits for others.
    public var storageAccessTimeoutSeconds: Double = 1
    /// `--memory-limit` in bytes: over it, growing transactions fail (nil: unlimited).
    public var memoryLimitBytes: Int?

    public init() {}
}
