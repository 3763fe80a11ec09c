// Storage: one in-memory graph. It owns the record tables, the adjacency arena, the indexes,
// the transaction engine and the garbage collector, and hands out Transactions, through which
// every read and write goes. Nothing here knows about Cypher, Bolt or files.
import Atomics
import Dispatch
import QuiverCore
import Synchronization

public final class Storage: @unchecked Sendable {
    public let names: NameRegistry
    public let propertiesOnEdges: Bool

    let vertices = RecordTable<VertexRecord>()
    let edges = RecordTable<EdgeRecord>()
    /// Edge gids when edges have no records (properties on edges disabled).
    let edgeGidCounter = Atomic<UInt64>(0)
    let arena = AdjacencyArena()
    let engine = TransactionEngine()
    let counters = StorageCounters()
    let deltaPool = DeltaChunkPool()
    let constraintRegistry = ConstraintRegistry()

    /// Mode, default isolation and index set change only under unique access, so a
    /// transaction may read the values it captured at begin without synchronisation.
    let settingsLock = PThreadMutex()
    var currentMode: StorageMode
    /// The on-disk store while the mode is ON_DISK_TRANSACTIONAL (Storage+External.swift).
    var attachedStore: (any ExternalStore)?
    private var defaultIsolation: IsolationLevel
    private(set) var indexes = IndexSet()
    private var attachedLog: (any CommitLog)?
    let storageAccessTimeoutSeconds: Double

    let collector = PThreadMutex()
    private var gcTimer: DispatchSourceTimer?
    /// The global memory limit (MemoryGuard.swift).
    public let memoryGuard: MemoryGuard

    public init(config: StorageConfig = StorageConfig(), names: NameRegistry = NameRegistry()) {
        self.names = names
        propertiesOnEdges = config.propertiesOnEdges
        currentMode = config.mode
        defaultIsolation = config.isolationLevel
        storageAccessTimeoutSeconds = config.storageAccessTimeoutSeconds
        memoryGuard = MemoryGuard(limitBytes: config.memoryLimitBytes)
        memoryGuard.start(measuring: self)
        if let interval = config.garbageCollectionIntervalSeconds, interval > 0 {
            startBackgroundCollection(every: interval)
        }
    }

    deinit {
        gcTimer?.cancel()
        freeAllObjects()
    }

    public var mode: StorageMode { settingsLock.withLock { currentMode } }

    /// The log transactional commits go through (nil: commits are not logged).
    var commitLog: (any CommitLog)? { settingsLock.withLock { attachedLog } }

    /// Attaches (or, with nil, detaches) the commit log. Analytical commits are never logged.
    public func attachCommitLog(_ log: (any CommitLog)?) {
        settingsLock.withLock { attachedLog = log }
    }

    public var isolationLevel: IsolationLevel {
        get { settingsLock.withLock { defaultIsolation } }
        set { settingsLock.withLock { defaultIsolation = newValue } }
    }

    /// Starts a transaction at `isolation` (the storage default when nil).
    public func begin(isolation: IsolationLevel? = nil) -> Transaction {
        let start = engine.begin()
        let (mode, level, indexes, store) = settingsLock.withLock {
            (currentMode, isolation ?? defaultIsolation, self.indexes, attachedStore)
        }
        if let store {
            // On disk: snapshot isolation only (SPEC.md §2).
            return Transaction(storage: self, id: start.id, startTimestamp: start.startTimestamp,
                               isolation: .snapshotIsolation, analytical: false, indexes: indexes,
                               external: store.begin(id: start.id, memoryGuard: memoryGuard))
        }
        return Transaction(storage: self, id: start.id, startTimestamp: start.startTimestamp,
                           isolation: mode == .inMemoryAnalytical ? .readUncommitted : level,
                           analytical: mode == .inMemoryAnalytical, indexes: indexes)
    }

    /// Switches the storage mode, waiting up to the access timeout for other transactions.
    /// Leaving transactional mode first collects every delta, so analytical mode starts clean.
    public func setMode(_ mode: StorageMode) throws(QuiverError) {
        try withUniqueAccess { () throws(QuiverError) in
            if mode == .onDiskTransactional {
                guard settingsLock.withLock({ attachedStore }) != nil else {
                    throw QuiverError(.notSupported, "ON_DISK_TRANSACTIONAL needs a store: use attachExternalStore.")
                }
                return
            }
            if let store = try detachExternalStore(to: mode) { store.close() }
            try refuseAnalyticalWithConstraints(mode)
            collector.withLock {
                if mode == .inMemoryAnalytical { collectGarbageLocked(compact: false) }
                settingsLock.withLock { currentMode = mode }
            }
        }
    }

    /// Runs `body` while no transaction is active and none can start. Unique access does not
    /// stop the garbage collector: callers that read records take `collector` too.
    func withUniqueAccess<T>(_ body: () throws(QuiverError) -> T) throws(QuiverError) -> T {
        try engine.acquireUniqueAccess(timeoutSeconds: storageAccessTimeoutSeconds)
        defer { engine.releaseUniqueAccess() }
        return try body()
    }

    func replaceIndexes(_ newIndexes: IndexSet) {
        settingsLock.withLock { indexes = newIndexes }
    }

    private func startBackgroundCollection(every interval: Double) {
        let timer = DispatchSource.makeTimerSource(queue: DispatchQueue(label: "quiver.gc"))
        timer.schedule(deadline: .now() + interval, repeating: interval)
        timer.setEventHandler { [weak self] in self?.collectGarbage() }
        timer.resume()
        gcTimer = timer
    }

    /// Frees every body, run and record at teardown (no transaction may be active).
    private func freeAllObjects() {
        let limit = vertices.gidLimit
        var gid: UInt64 = 0
        while gid < limit {
            if let vertex = vertices.pointer(gid), RecordWord.loadRelaxed(vertex.wordPointer) & RecordWord.existsBit != 0 {
                ObjectBody.free(vertex.pointee.body)
                if let run = vertex.pointee.outRun { arena.free(run) }
                if let run = vertex.pointee.inRun { arena.free(run) }
            }
            gid += 1
        }
        let edgeLimit = edges.gidLimit
        gid = 0
        while gid < edgeLimit {
            if let edge = edges.pointer(gid), RecordWord.loadRelaxed(edge.wordPointer) & RecordWord.existsBit != 0 {
                ObjectBody.free(edge.pointee.body)
            }
            gid += 1
        }
        indexes.releaseAll()
    }
}

/// Counts kept as cheap atomics: committed object counts and bytes per component.
public final class StorageCounters: Sendable {
    /// Vertices and edges visible to a transaction starting now (committed creations minus deletions).
    let vertexCount = Atomic<Int>(0)
    let edgeCount = Atomic<Int>(0)
    /// Bytes held by object bodies (labels and properties).
    let bodyBytes = Atomic<Int>(0)
    /// Bytes held by delta and old-value slabs of live transactions and of those awaiting GC.
    let deltaBytes = Atomic<Int>(0)
    /// Bytes held by indexes.
    let indexBytes = Atomic<Int>(0)

    init() {}
}
